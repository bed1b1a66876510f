//! The streaming tree walk every tree command reads through. Nodes come out one at a time, in
//! a stable order: breadth-first (as zkCli's `ls -R`), or depth-first with each node's children
//! sorted and, on request, a `Leave` step after a node's subtree (for deletes, children first).
//!
//! Memory stays bounded whatever the shape: the frontier holds packed child-name lists
//! (`Names`), one per opened node — for depth-first, only those on the current path and their
//! siblings. Reads go out as multi-read batches through one sliding `Window`, looking ahead in
//! walk order; how far ahead is bounded by the bytes the replies are expected to hold, learned
//! per depth from the replies seen so far, so wide or data-heavy levels get small batches.

use std::collections::{HashMap, VecDeque};

use crate::acl::AclEntry;
use crate::client::{Read, ReadReply, Zk};
use crate::error::{Error, Result};
use crate::path;
use crate::reply::Stat;

use super::names::Names;
use super::window::Window;

/// Most reads in one multi-read request, and multi-read requests in flight.
const MAX_READS: usize = 1000;
const DEPTH: usize = 16;
/// With ACLs (one getACL per node, as no multi form exists): nodes per batch, and batches in
/// flight. The server stops reading a connection with over 1,000 requests outstanding
/// (globalOutstandingLimit), which stalls it: stay below.
const ACL_NODES: usize = 100;
const ACL_DEPTH: usize = 8;
/// Bytes the walk may hold or expect at once (fetched but not yet walked, or in flight).
const HOLD_BYTES: usize = 8 << 20;
/// What one child name costs while its reply is decoded (a `String` each) beyond its bytes.
const NAME_COST: usize = 40;

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

/// What was read of one node, before the walk reaches it. Its children, once listed, are a
/// block already (`child`), so the look-ahead can reach into them before the walk does.
struct Fetched {
    read: Result<(Option<Data>, Option<Vec<AclEntry>>)>,
    child: Option<u64>,
    bytes: usize,
}

/// The sorted children of one node (or the root alone).
struct Block {
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

/// A node's value and stat.
type Data = (Vec<u8>, Stat);

/// Which node a read of a batch belongs to: (block id, index in it).
type Key = Vec<(u64, usize)>;
type Batch = (Vec<Result<ReadReply>>, Vec<Result<Vec<AclEntry>>>);

pub struct Walk<'a> {
    zk: &'a Zk,
    want: Want,
    root: String,
    /// Every block with nodes still to walk, by id.
    blocks: HashMap<u64, Block>,
    /// The blocks the walk has reached, in walk order: it takes from the front (breadth-first)
    /// or the back (depth-first).
    order: VecDeque<u64>,
    next_id: u64,
    window: Window<'a, Batch, Error, Key>,
    /// Bytes fetched and not yet walked, and expected of the batches in flight.
    held: usize,
    expected: usize,
    /// Per depth: nodes read and reply bytes they gave, to size what is asked next.
    seen: Vec<(usize, usize)>,
    pending_leave: Option<(String, Option<Stat>)>,
}

impl<'a> Walk<'a> {
    pub fn new(zk: &'a Zk, root: &str, want: Want) -> Walk<'a> {
        let want = Want {
            leave: want.leave && want.order == Order::Depth,
            ..want
        };
        let depth = if want.acl { ACL_DEPTH } else { DEPTH };
        let mut w = Walk {
            zk,
            want,
            root: root.to_string(),
            blocks: HashMap::new(),
            order: VecDeque::new(),
            next_id: 0,
            window: Window::new(zk, depth),
            held: 0,
            expected: 0,
            seen: Vec::new(),
            pending_leave: None,
        };
        let id = w.block(None, 0, Names::one(root));
        w.order.push_back(id);
        w
    }

    fn block(&mut self, parent: Option<(String, Option<Stat>)>, depth: usize, names: Names) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.blocks.insert(
            id,
            Block {
                parent,
                depth,
                names,
                cursor: 0,
                requested: 0,
                fetched: VecDeque::new(),
            },
        );
        id
    }

    /// The block the walk takes its next node from.
    fn current(&self) -> Option<u64> {
        match self.want.order {
            Order::Breadth => self.order.front().copied(),
            Order::Depth => self.order.back().copied(),
        }
    }

    /// The next step, or `None` when the tree is walked. A missing root is `NoNode`; a lost
    /// session or a request out of time ends the walk with that error.
    pub async fn next(&mut self) -> Result<Option<Step>> {
        if let Some((path, stat)) = self.pending_leave.take() {
            return Ok(Some(Step::Leave { path, stat }));
        }
        loop {
            let Some(id) = self.current() else {
                return Ok(None);
            };
            let block = self
                .blocks
                .get_mut(&id)
                .expect("blocks in walk order exist");
            if block.cursor == block.names.len() {
                match self.want.order {
                    Order::Breadth => self.order.pop_front(),
                    Order::Depth => self.order.pop_back(),
                };
                let done = self.blocks.remove(&id).and_then(|b| b.parent);
                if let Some((path, stat)) = done.filter(|_| self.want.leave) {
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

    /// Walks to the end, or until `each` says stop (`Ok(false)`) or fails. Nodes that cannot be
    /// read go to `each` too, and are collected; gives them, and the error that ended the walk
    /// early (the walk's own, or `each`'s), if one did.
    pub async fn drive(
        mut self,
        mut each: impl AsyncFnMut(Step) -> Result<bool>,
    ) -> (Vec<(String, Error)>, Option<Error>) {
        let mut unreadable = Vec::new();
        loop {
            let step = match self.next().await {
                Ok(Some(step)) => step,
                Ok(None) => return (unreadable, None),
                Err(e) => return (unreadable, Some(e)),
            };
            if let Step::Unreadable { path, error, .. } = &step {
                unreadable.push((path.clone(), error.clone()));
            }
            match each(step).await {
                Ok(true) => {}
                Ok(false) => return (unreadable, None),
                Err(e) => return (unreadable, Some(e)),
            }
        }
    }

    /// Turns what was read of a node into its step; its children's block joins the walk.
    fn reach(
        &mut self,
        path: String,
        depth: usize,
        last: bool,
        f: Fetched,
    ) -> Result<Option<Step>> {
        let (data, acl) = match f.read {
            Ok(r) => r,
            Err(e) => return self.failed(path, depth, last, e),
        };
        match f.child {
            Some(id) => self.order.push_back(id),
            None if self.want.leave => {
                self.pending_leave = Some((path.clone(), data.as_ref().map(|(_, s)| s.clone())));
            }
            None => {}
        }
        Ok(Some(Step::Enter(Found {
            path,
            depth,
            last,
            data,
            acl,
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
        (0..=depth)
            .rev()
            .find_map(per_node)
            .unwrap_or(4096)
            .max(std::mem::size_of::<Fetched>())
    }

    /// Sends batches for the nodes next in walk order, while the window and the byte budget
    /// allow (and always one when nothing is in flight, so the walk moves on).
    fn fill(&mut self) {
        while !self.window.is_full() {
            let room = HOLD_BYTES.saturating_sub(self.held + self.expected);
            let (reads, paths, key, expect) = self.next_batch(room, self.window.is_empty());
            if key.is_empty() {
                return;
            }
            self.send(reads, paths, key, expect);
        }
    }

    /// The blocks whose nodes come next, in walk order. Depth-first, a fetched node's children
    /// come before its next sibling, so the look-ahead descends into them.
    fn ahead(&self) -> Vec<u64> {
        if self.want.order == Order::Breadth {
            return self.order.iter().copied().collect();
        }
        let mut out = Vec::new();
        let mut stack: Vec<(u64, usize)> = self.order.iter().map(|&id| (id, 0)).collect();
        while let Some((id, from)) = stack.pop() {
            let b = &self.blocks[&id];
            let start = b.cursor.max(from);
            // The first fetched node (from `start`) that has children: they go first.
            let nested = b
                .fetched
                .iter()
                .enumerate()
                .skip(start - b.cursor)
                .find_map(|(k, f)| f.child.map(|c| (b.cursor + k, c)));
            match nested {
                Some((i, child)) => {
                    stack.push((id, i + 1));
                    stack.push((child, 0));
                }
                None => out.push(id),
            }
            if out.len() > 64 {
                break;
            }
        }
        out
    }

    /// The reads for the next unrequested nodes in walk order, within `room` expected bytes
    /// (one node at least when `force`): the nodes' paths, what to read of each, and the bytes
    /// expected back.
    fn next_batch(
        &mut self,
        room: usize,
        force: bool,
    ) -> (Vec<(Read, String)>, Vec<String>, Key, usize) {
        let (mut reads, mut paths, mut key) = (Vec::new(), Vec::new(), Vec::new());
        let (mut size, mut expect) = (0, 0);
        let most = if self.want.acl { ACL_NODES } else { MAX_READS };
        for id in self.ahead() {
            let depth = self.blocks[&id].depth;
            let est = self.estimate(depth);
            let list = self.lists(depth);
            let ops = usize::from(self.want.data) + usize::from(list);
            loop {
                let b = &self.blocks[&id];
                if b.requested == b.names.len() {
                    break;
                }
                let path = b.path(b.requested);
                let add = ops * self.zk.read_size(&path);
                let full = key.len() >= most
                    || reads.len() + ops > MAX_READS
                    || Zk::multi_size(size + add) > self.zk.packet_limit()
                    || (expect + est > room && !(force && key.is_empty()));
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
                key.push((id, b.requested));
                paths.push(path);
                if let Some(b) = self.blocks.get_mut(&id) {
                    b.requested += 1;
                }
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
                Ok((reads, acls.await?))
            }
        });
    }

    /// Waits for the oldest batch and files its replies with their nodes.
    async fn take(&mut self) -> Result<()> {
        let Some(done) = self.window.next().await else {
            return Ok(());
        };
        let (reads, acls) = done.result.map_err(|e| read_failed(&self.root, e))?;
        let (mut reads, mut acls) = (reads.into_iter(), acls.into_iter());
        let mut expected = 0;
        for (id, i) in done.key {
            let depth = self.blocks[&id].depth;
            expected += self.estimate(depth);
            let data = match self.want.data {
                true => Some(match reads.next() {
                    Some(Ok(ReadReply::Data(d, s))) => Ok((d, s)),
                    Some(Err(e)) => Err(e),
                    _ => return Err(out_of_order()),
                }),
                false => None,
            };
            let children = match self.lists(depth) {
                true => Some(match reads.next() {
                    Some(Ok(ReadReply::Children(c))) => Ok(c),
                    Some(Err(e)) => Err(e),
                    _ => return Err(out_of_order()),
                }),
                false => None,
            };
            let acl = match self.want.acl {
                true => Some(acls.next().ok_or_else(out_of_order)?),
                false => None,
            };
            let f = self.file(id, i, depth, data, children, acl);
            self.held += f.bytes;
            if self.seen.len() <= depth {
                self.seen.resize(depth + 1, (0, 0));
            }
            self.seen[depth].0 += 1;
            self.seen[depth].1 += f.bytes;
            if let Some(b) = self.blocks.get_mut(&id) {
                b.fetched.push_back(f);
            }
        }
        self.expected = self.expected.saturating_sub(expected);
        Ok(())
    }

    /// What was read of node `i` of block `id`; its children become a block of their own (only
    /// when everything about the node could be read).
    fn file(
        &mut self,
        id: u64,
        i: usize,
        depth: usize,
        data: Option<Result<(Vec<u8>, Stat)>>,
        children: Option<Result<Vec<String>>>,
        acl: Option<Result<Vec<AclEntry>>>,
    ) -> Fetched {
        let read = (|| Ok((data.transpose()?, acl.transpose()?, children.transpose()?)))();
        let (data, acl, children) = match read {
            Ok(r) => r,
            Err(e) => {
                return Fetched {
                    read: Err(e),
                    child: None,
                    bytes: std::mem::size_of::<Fetched>(),
                };
            }
        };
        let children = children.unwrap_or_default();
        // Sized as the reply is while decoded (what the next batches are sized by), plus the
        // entry itself, so that fetched leaves count too.
        let bytes = std::mem::size_of::<Fetched>()
            + children.iter().map(|n| n.len() + NAME_COST).sum::<usize>()
            + data.as_ref().map_or(0, |(d, _)| d.len() + 100)
            + acl
                .as_ref()
                .map_or(0, |a| a.iter().map(|e| e.id.len() + 60).sum());
        let child = (!children.is_empty()).then(|| {
            let path = self.blocks[&id].path(i);
            let stat = data.as_ref().map(|(_, s)| s.clone());
            self.block(Some((path, stat)), depth + 1, Names::sorted(children))
        });
        Fetched {
            read: Ok((data, acl)),
            child,
            bytes,
        }
    }
}

fn out_of_order() -> Error {
    Error::other("the server's multi-read reply does not match the request")
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
