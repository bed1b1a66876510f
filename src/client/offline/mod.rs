//! The offline backend behind `--snapshot PATH`: a snapshot (and the logs after it, replayed)
//! loaded into memory, answering the same reads a server would, so every read command and the
//! bulk engine work on it unchanged; every write is refused.

mod tree;

use std::path::{Path, PathBuf};

pub use tree::{Kind, Tree, kind_of};

use super::Stat;
use crate::acl::AclEntry;
use crate::error::{Error, Result};
use crate::offline::snapshot::{self, Compression};
use crate::offline::txnlog::{self, Op, Txn, code};
use crate::offline::{self as files, bad, open};

/// Where `--snapshot` reads from, and the zxid to stop the replay at (`--at`).
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    pub at: Option<i64>,
}

/// A loaded tree and what it was made of.
pub struct Loaded {
    pub tree: Tree,
    pub snapshot: PathBuf,
    /// The last zxid applied (the snapshot's own, or the last txn replayed).
    pub zxid: i64,
    pub replayed: usize,
    /// Damaged snapshots passed over for an older one.
    pub warnings: Vec<String>,
}

/// Loads a snapshot file as it is, or a data directory's newest snapshot (at or before `at`)
/// with the logs after it replayed (up to `at`).
pub fn load(src: &Source) -> Result<Loaded> {
    let meta = std::fs::metadata(&src.path).map_err(|e| files::io_err(&src.path, e))?;
    if !meta.is_dir() {
        let tree = read_snapshot(&src.path)?;
        let name = src.path.file_name().unwrap_or_default().to_string_lossy();
        return Ok(Loaded {
            tree,
            zxid: files::zxid_of(&name, "snapshot").unwrap_or(0),
            snapshot: src.path.clone(),
            replayed: 0,
            warnings: Vec::new(),
        });
    }
    let found = files::list(&src.path)?;
    let at = src.at.unwrap_or(i64::MAX);
    // As the server does, a damaged newest snapshot (a crash while writing it) gives way to
    // the one before it; the logs after that one are replayed instead.
    let mut warnings = Vec::new();
    for (zxid, snap) in found.snapshots.iter().rev().filter(|(z, _)| *z <= at) {
        let tree = match read_snapshot(snap) {
            Ok(t) => t,
            Err(e) => {
                warnings.push(format!("{e}; using an older snapshot"));
                continue;
            }
        };
        let mut loaded = Loaded {
            tree,
            snapshot: snap.clone(),
            zxid: *zxid,
            replayed: 0,
            warnings,
        };
        for log in found.logs_after(*zxid) {
            if !replay_log(&mut loaded, &log, at)? {
                break;
            }
        }
        return Ok(loaded);
    }
    if let Some(last) = warnings.pop() {
        return Err(Error::other(
            last.trim_end_matches("; using an older snapshot")
                .to_string(),
        ));
    }
    Err(Error::other(format!(
        "{}: no snapshot{} in {}",
        src.path.display(),
        src.at
            .map(|a| format!(" at or before zxid {a:#x}"))
            .unwrap_or_default(),
        found.dir.display()
    )))
}

fn read_snapshot(path: &Path) -> Result<Tree> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let c = Compression::of(&name);
    let mut tree = Tree::new();
    snapshot::read(open(path)?, c, &mut tree).map_err(|e| bad(path, e, c != Compression::None))?;
    if tree.is_empty() {
        return Err(Error::other(format!(
            "{}: the snapshot holds no nodes",
            path.display()
        )));
    }
    tree.finish_load();
    Ok(tree)
}

/// Replays one log's transactions after the tree's zxid, up to `at`; false once past `at`.
fn replay_log(loaded: &mut Loaded, path: &Path, at: i64) -> Result<bool> {
    let mut log =
        txnlog::Log::open(std::io::BufReader::new(open(path)?)).map_err(|e| bad(path, e, false))?;
    while let Some(txn) = log.next_txn().map_err(|e| bad(path, e, false))? {
        if txn.zxid <= loaded.zxid {
            continue;
        }
        if txn.zxid > at {
            return Ok(false);
        }
        apply(&mut loaded.tree, &txn);
        loaded.zxid = txn.zxid;
        loaded.replayed += 1;
    }
    Ok(true)
}

/// Applies one transaction as DataTree.processTxn does; a multi with an error op applied none.
pub fn apply(tree: &mut Tree, t: &Txn) {
    match &t.op {
        Op::Multi(ops) => {
            if ops.iter().any(|o| matches!(o, Op::Error { .. })) {
                return;
            }
            for o in ops {
                apply_op(tree, t, o);
            }
        }
        op => apply_op(tree, t, op),
    }
}

fn apply_op(tree: &mut Tree, t: &Txn, op: &Op) {
    match op {
        Op::Create {
            code: c,
            path,
            data,
            acl,
            ephemeral,
            parent_cversion,
            ttl,
        } => {
            let owner = match (*c, ttl) {
                (code::CREATE_CONTAINER, _) => i64::MIN,
                (_, Some(ttl)) => {
                    (0xff00_0000_0000_0000u64 | (*ttl as u64 & 0x00ff_ffff_ffff_ffff)) as i64
                }
                _ if *ephemeral => t.session,
                _ => 0,
            };
            let made = tree.create(
                path,
                data,
                acl.clone(),
                owner,
                *parent_cversion,
                (t.zxid, t.time),
            );
            if !made && *c == code::CREATE {
                tree.bump_parent(path, *parent_cversion, t.zxid);
            }
        }
        Op::Delete { path, .. } => tree.delete(path, t.zxid),
        Op::SetData {
            path,
            data,
            version,
            ..
        } => tree.set_data(path, data, *version, t.zxid, t.time),
        Op::SetAcl { path, acl, version } => tree.set_acl(path, acl.clone(), *version),
        Op::CreateSession { timeout } => {
            tree.sessions.insert(t.session, *timeout);
        }
        Op::CloseSession { paths } => tree.close_session(t.session, paths.as_deref(), t.zxid),
        Op::Check { .. } | Op::Error { .. } | Op::Multi(_) | Op::Unknown(_) => {}
    }
}

/// The error every write on a snapshot gets: exit 7, as a server refusing it would.
pub fn read_only(what: &str) -> Error {
    Error::Refused(format!("{what}: a snapshot is read-only (--snapshot)"))
}

impl Loaded {
    fn node(&self, path: &str) -> Result<u32> {
        self.tree.lookup(path).ok_or_else(|| Error::NoNode {
            path: path.to_string(),
        })
    }

    pub fn get(&self, path: &str) -> Result<(Vec<u8>, Stat)> {
        let i = self.node(path)?;
        Ok((self.tree.data(i).to_vec(), self.tree.stat(i)))
    }

    pub fn children(&self, path: &str) -> Result<(Vec<String>, Stat)> {
        let i = self.node(path)?;
        Ok((self.tree.children(i), self.tree.stat(i)))
    }

    pub fn stat(&self, path: &str) -> Option<Stat> {
        self.tree.lookup(path).map(|i| self.tree.stat(i))
    }

    pub fn acl(&self, path: &str) -> Result<(Vec<AclEntry>, Stat)> {
        let i = self.node(path)?;
        Ok((
            self.tree.acl(self.tree.node(i).acl).to_vec(),
            self.tree.stat(i),
        ))
    }

    pub fn count(&self, path: &str) -> Result<usize> {
        Ok(self.tree.descendants(self.node(path)?))
    }

    /// Ephemeral nodes of session `s` (all sessions when `None`) under `prefix`.
    pub fn ephemerals(&self, s: Option<i64>, prefix: &str) -> Vec<(i64, String)> {
        let mut out: Vec<(i64, String)> = self
            .tree
            .ephemerals
            .iter()
            .filter(|(id, _)| s.is_none_or(|s| s == **id))
            .flat_map(|(id, paths)| paths.iter().map(move |p| (*id, p.clone())))
            .filter(|(_, p)| p.starts_with(prefix))
            .collect();
        out.sort();
        out
    }
}
