//! The streaming tree walk every tree command reads through. Nodes come out one at a time, in
//! a stable order: breadth-first (as zkCli's `ls -R`), or depth-first with each node's children
//! sorted and, on request, a `Leave` step after a node's subtree (for deletes, children first).
//!
//! Memory stays bounded whatever the shape: the frontier holds packed child-name lists
//! (`Names`), one per opened node — for depth-first, only those on the current path and their
//! siblings. Reads go out as multi-read batches through one sliding `Window`, looking ahead in
//! walk order; how far ahead is bounded by the bytes the replies are expected to hold, learned
//! per depth from the replies seen so far, so wide or data-heavy levels get small batches.

use std::collections::VecDeque;

use crate::acl::AclEntry;
use crate::client::{Read, ReadReply, Stat, Zk};
use crate::error::{Error, Result};
use crate::path;

use super::names::Names;
use super::window::Window;

/// Most reads in one multi-read request, and multi-read requests in flight.
const MAX_READS: usize = 1000;
const DEPTH: usize = 16;
/// Reply bytes the walk may hold or expect at once (fetched but not yet walked, or in flight).
const HOLD_BYTES: usize = 16 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    Breadth,
    Depth,
}

/// What the walk reads besides each node's children.
#[derive(Clone, Copy, Debug)]
pub struct Want {
    pub order: Order,
    /// The node's data and stat (multi-read getData).
    pub data: bool,
    /// The node's ACL (one getACL each, in flight with the batch).
    pub acl: bool,
    /// Levels below the root to walk (the root is depth 0).
    pub max_depth: Option<usize>,
    /// Emit `Leave` after each node's subtree (depth-first only).
    pub leave: bool,
}

impl Want {
    pub fn names(order: Order) -> Want {
        Want {
            order,
            data: false,
            acl: false,
            max_depth: None,
            leave: false,
        }
    }
}

/// One node, as the walk found it.
#[derive(Debug)]
pub struct Found {
    pub path: String,
    pub depth: usize,
    /// The last child of its parent (for drawing trees).
    pub last: bool,
    pub data: Option<(Vec<u8>, Stat)>,
    pub acl: Option<Vec<AclEntry>>,
    pub children: usize,
}

/// A step of the walk.
#[derive(Debug)]
pub enum Step {
    Enter(Found),
    /// A node whose subtree has been walked; its stat when data was read.
    Leave {
        path: String,
        stat: Option<Stat>,
    },
    /// A node that could not be read (no permission): its subtree is unknown and not walked.
    Unreadable {
        path: String,
        depth: usize,
        last: bool,
        error: Error,
    },
}

/// What was read of one node, before the walk reaches it.
struct Fetched {
    children: Option<Result<Vec<String>>>,
    data: Option<Result<(Vec<u8>, Stat)>>,
    acl: Option<Result<Vec<AclEntry>>>,
    bytes: usize,
}

/// The sorted children of one opened node (or the root alone).
struct Block {
    id: u64,
    /// `None` for the root's block, whose one name is the root path.
    parent: Option<(String, Option<Stat>)>,
    depth: usize,
    names: Names,
    cursor: usize,
    requested: usize,
    fetched: VecDeque<Fetched>,
}

impl Block {
    fn path(&self, i: usize) -> String {
        match &self.parent {
            None => self.names.get(i).to_string(),
            Some((p, _)) => path::join(p, self.names.get(i)),
        }
    }
}

/// Which node a read of a batch belongs to: (block id, index in it).
type Key = Vec<(u64, usize)>;
type Batch = (Vec<Result<ReadReply>>, Vec<Result<Vec<AclEntry>>>);

pub struct Walk<'a> {
    zk: &'a Zk,
    want: Want,
    root: String,
    blocks: VecDeque<Block>,
    next_id: u64,
    window: Window<'a, Batch, Error, Key>,
    /// Bytes fetched and not yet walked, and expected of the batches in flight.
    held: usize,
    expected: usize,
    /// Per depth: nodes read and reply bytes they gave, to size what is asked next.
    seen: Vec<(usize, usize)>,
    unrequested: usize,
    pending_leave: Option<(String, Option<Stat>)>,
}

impl<'a> Walk<'a> {
    pub fn new(zk: &'a Zk, root: &str, want: Want) -> Walk<'a> {
        let want = Want {
            leave: want.leave && want.order == Order::Depth,
            ..want
        };
        let mut w = Walk {
            zk,
            want,
            root: root.to_string(),
            blocks: VecDeque::new(),
            next_id: 0,
            window: Window::new(zk, DEPTH),
            held: 0,
            expected: 0,
            seen: Vec::new(),
            unrequested: 0,
            pending_leave: None,
        };
        w.open(None, 0, Names::one(root));
        w
    }

    fn open(&mut self, parent: Option<(String, Option<Stat>)>, depth: usize, names: Names) {
        self.unrequested += names.len();
        self.blocks.push_back(Block {
            id: self.next_id,
            parent,
            depth,
            names,
            cursor: 0,
            requested: 0,
            fetched: VecDeque::new(),
        });
        self.next_id += 1;
    }

    /// The block the walk takes its next node from.
    fn current(&mut self) -> Option<&mut Block> {
        match self.want.order {
            Order::Breadth => self.blocks.front_mut(),
            Order::Depth => self.blocks.back_mut(),
        }
    }

    /// The next step, or `None` when the tree is walked. A missing root is `NoNode`; a lost
    /// session or a request out of time ends the walk with that error.
    pub async fn next(&mut self) -> Result<Option<Step>> {
        if let Some((path, stat)) = self.pending_leave.take() {
            return Ok(Some(Step::Leave { path, stat }));
        }
        loop {
            let leave = self.want.leave;
            let Some(block) = self.current() else {
                return Ok(None);
            };
            if block.cursor == block.names.len() {
                let done = match self.want.order {
                    Order::Breadth => self.blocks.pop_front(),
                    Order::Depth => self.blocks.pop_back(),
                };
                if let Some((path, stat)) = done.and_then(|b| b.parent).filter(|_| leave) {
                    return Ok(Some(Step::Leave { path, stat }));
                }
                continue;
            }
            if let Some(f) = block.fetched.pop_front() {
                let i = block.cursor;
                block.cursor += 1;
                let (path, depth, last) = (block.path(i), block.depth, i + 1 == block.names.len());
                self.held = self.held.saturating_sub(f.bytes);
                if let Some(step) = self.reach(path, depth, last, f)? {
                    return Ok(Some(step));
                }
                continue;
            }
            self.fill();
            self.take().await?;
        }
    }

    /// Turns what was read of a node into its step, opening its children.
    fn reach(
        &mut self,
        path: String,
        depth: usize,
        last: bool,
        f: Fetched,
    ) -> Result<Option<Step>> {
        let read = (|| {
            Ok((
                f.data.transpose()?,
                f.acl.transpose()?,
                f.children.transpose()?,
            ))
        })();
        let (data, acl, children) = match read {
            Ok((d, a, c)) => (d, a, c.unwrap_or_default()),
            Err(e) => return self.failed(path, depth, last, e),
        };
        let stat = data.as_ref().map(|(_, s)| s.clone());
        let count = children.len();
        if count > 0 {
            self.open(
                Some((path.clone(), stat)),
                depth + 1,
                Names::sorted(children),
            );
        } else if self.want.leave {
            self.pending_leave = Some((path.clone(), stat));
        }
        Ok(Some(Step::Enter(Found {
            path,
            depth,
            last,
            data,
            acl,
            children: count,
        })))
    }

    /// A node that could not be read: gone (skipped; the root is an error), or unreadable.
    fn failed(&self, path: String, depth: usize, last: bool, error: Error) -> Result<Option<Step>> {
        match error {
            Error::NoNode { .. } if depth == 0 => Err(Error::NoNode {
                path: self.root.clone(),
            }),
            Error::NoNode { .. } => Ok(None),
            Error::NoAuth { .. } => Ok(Some(Step::Unreadable {
                path,
                depth,
                last,
                error,
            })),
            e => Err(e),
        }
    }

    /// Reply bytes expected of a node at `depth`, from the nodes seen at that depth (or above).
    fn estimate(&self, depth: usize) -> usize {
        let per_node = |d: usize| self.seen.get(d).filter(|(n, _)| *n > 0).map(|(n, b)| b / n);
        let guess = (0..=depth).rev().find_map(per_node).unwrap_or(4096);
        guess + 64
    }

    /// Sends batches for the nodes next in walk order, while the window and the byte budget
    /// allow (and always one when nothing is in flight, so the walk moves on).
    fn fill(&mut self) {
        while self.unrequested > 0 && !self.window.is_full() {
            let room = HOLD_BYTES.saturating_sub(self.held + self.expected);
            if room == 0 && !self.window.is_empty() {
                return;
            }
            let (reads, paths, key, expect) = self.next_batch(room.max(1));
            if key.is_empty() {
                return;
            }
            self.send(reads, paths, key, expect);
        }
    }

    /// The reads for the next unrequested nodes in walk order, within `room` expected bytes:
    /// the nodes' paths, what to read of each, and the bytes expected back.
    fn next_batch(&mut self, room: usize) -> (Vec<(Read, String)>, Vec<String>, Key, usize) {
        let (mut reads, mut paths, mut key) = (Vec::new(), Vec::new(), Vec::new());
        let (mut size, mut expect) = (0, 0);
        let order: Vec<usize> = match self.want.order {
            Order::Breadth => (0..self.blocks.len()).collect(),
            Order::Depth => (0..self.blocks.len()).rev().collect(),
        };
        for bi in order {
            let depth = self.blocks[bi].depth;
            let est = self.estimate(depth);
            let list = self.lists(depth);
            let ops = usize::from(self.want.data) + usize::from(list);
            while self.blocks[bi].requested < self.blocks[bi].names.len() {
                let b = &self.blocks[bi];
                let path = b.path(b.requested);
                let add = ops * self.zk.read_size(&path);
                let full = key.len() >= MAX_READS
                    || reads.len() + ops > MAX_READS
                    || Zk::multi_size(size + add) > self.zk.packet_limit()
                    || (expect + est > room && !key.is_empty());
                if full {
                    return (reads, paths, key, expect);
                }
                if self.want.data {
                    reads.push((Read::Data, path.clone()));
                }
                if list {
                    reads.push((Read::Children, path.clone()));
                }
                size += add;
                expect += est;
                key.push((b.id, b.requested));
                paths.push(path);
                self.blocks[bi].requested += 1;
                self.unrequested -= 1;
            }
            if self.unrequested == 0 {
                break;
            }
        }
        (reads, paths, key, expect)
    }

    /// Whether nodes at `depth` are listed (they are above the depth limit).
    fn lists(&self, depth: usize) -> bool {
        self.want.max_depth.is_none_or(|m| depth < m)
    }

    fn send(&mut self, reads: Vec<(Read, String)>, paths: Vec<String>, key: Key, expect: usize) {
        let zk = self.zk;
        let acl_paths = if self.want.acl { paths } else { Vec::new() };
        self.expected += expect;
        self.window.push(key, move || {
            let reads_reply = (!reads.is_empty()).then(|| zk.read_batch(&reads));
            let acls = zk.acl_batch(&acl_paths);
            async move {
                let reads = match reads_reply {
                    Some(r) => r.await?,
                    None => Vec::new(),
                };
                let acls = acls.await;
                // A getACL lost with the connection: the whole batch goes again.
                if let Some(Err(e)) = acls.iter().find(|a| matches!(a, Err(Error::Connection(_)))) {
                    return Err(Error::Connection(e.to_string()));
                }
                Ok((reads, acls))
            }
        });
    }

    /// Waits for the oldest batch and files its replies with their nodes.
    async fn take(&mut self) -> Result<()> {
        let Some(done) = self.window.next().await else {
            return Ok(());
        };
        let (reads, acls) = done.result.map_err(|e| read_failed(&self.root, e))?;
        let mut reads = reads.into_iter();
        let mut acls = acls.into_iter();
        let mut expected = 0;
        for (id, _) in done.key {
            let bi = self.block_index(id);
            let depth = self.blocks[bi].depth;
            expected += self.estimate(depth);
            let list = self.lists(depth);
            let mut f = Fetched {
                children: None,
                data: None,
                acl: None,
                bytes: 0,
            };
            if self.want.data {
                f.data = Some(match reads.next() {
                    Some(Ok(ReadReply::Data(d, s))) => Ok((d, s)),
                    Some(Err(e)) => Err(e),
                    _ => return Err(Error::other("multi-read reply out of order")),
                });
            }
            if list {
                f.children = Some(match reads.next() {
                    Some(Ok(ReadReply::Children(c))) => Ok(c),
                    Some(Err(e)) => Err(e),
                    _ => return Err(Error::other("multi-read reply out of order")),
                });
            }
            if self.want.acl {
                f.acl = acls.next();
            }
            f.bytes = fetched_bytes(&f);
            self.held += f.bytes;
            let seen = &mut self.seen;
            if seen.len() <= depth {
                seen.resize(depth + 1, (0, 0));
            }
            seen[depth].0 += 1;
            seen[depth].1 += f.bytes;
            self.blocks[bi].fetched.push_back(f);
        }
        self.expected = self.expected.saturating_sub(expected);
        Ok(())
    }

    /// Blocks are opened with rising ids and kept in that order.
    fn block_index(&self, id: u64) -> usize {
        self.blocks
            .binary_search_by_key(&id, |b| b.id)
            .expect("a block with reads in flight is still open")
    }
}

/// Bytes a fetched node holds.
fn fetched_bytes(f: &Fetched) -> usize {
    let children = match &f.children {
        Some(Ok(c)) => c.iter().map(|n| n.len() + 28).sum(),
        _ => 0,
    };
    let data = match &f.data {
        Some(Ok((d, _))) => d.len() + 100,
        _ => 0,
    };
    let acl = match &f.acl {
        Some(Ok(a)) => a.iter().map(|e| e.id.len() + 60).sum(),
        _ => 0,
    };
    children + data + acl
}

/// A read that failed for the connection says nothing was changed, unlike a lost write.
fn read_failed(root: &str, e: Error) -> Error {
    match e {
        Error::Connection(m) => Error::Connection(format!(
            "reading the tree under {root} failed: {}",
            m.trim_end_matches("; the operation may or may not have been applied")
        )),
        e => e,
    }
}
