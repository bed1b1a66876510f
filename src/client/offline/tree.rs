//! A data tree held in memory, compactly: one fixed-size record a node in one vector, names and
//! values in two byte arenas, children as sorted index lists. Loaded from a snapshot (which
//! lists parents before children) and then changed by replaying transactions as the server's
//! DataTree does (fuzzy snapshots: a replayed create may find its node there already).

use std::collections::HashMap;

use crate::acl::AclEntry;
use crate::client::Stat;
use crate::offline::snapshot::{Sink, StatPersisted};

/// A deleted slot's name length.
const FREE: u32 = u32::MAX;
/// The ACL list index of `world:anyone:cdrwa` (the snapshot's key -1).
const OPEN_ACL: u32 = 0;
/// Ephemeral-owner markers (EphemeralType): containers, and TTL nodes' high byte.
const CONTAINER_OWNER: i64 = i64::MIN;
const EXTENDED_MASK: u64 = 0xff00_0000_0000_0000;

#[derive(Clone, Debug)]
pub(super) struct Node {
    pub stat: StatPersisted,
    data_off: u64,
    name_off: u64,
    data_len: u32,
    name_len: u32,
    pub acl: u32,
    pub children: Vec<u32>,
}

/// What kind of node the owner marker says it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Persistent,
    Ephemeral(i64),
    Container,
    /// With its TTL in milliseconds.
    Ttl(i64),
}

pub fn kind_of(owner: i64) -> Kind {
    if owner == 0 {
        Kind::Persistent
    } else if owner == CONTAINER_OWNER {
        Kind::Container
    } else if (owner as u64) & EXTENDED_MASK == EXTENDED_MASK {
        Kind::Ttl((owner as u64 & 0x0000_00ff_ffff_ffff) as i64)
    } else {
        Kind::Ephemeral(owner)
    }
}

#[derive(Default)]
pub struct Tree {
    pub(super) nodes: Vec<Node>,
    names: Vec<u8>,
    data: Vec<u8>,
    pub(super) acls: Vec<Vec<AclEntry>>,
    acl_ids: HashMap<Vec<AclEntry>, u32>,
    /// The snapshot's ACL keys to our indexes.
    acl_keys: HashMap<i64, u32>,
    pub sessions: HashMap<i64, i32>,
    free: Vec<u32>,
    /// Ancestors of the last node loaded: (index, length of its path), for parent look-up.
    stack: Vec<(u32, usize)>,
    last_path: Vec<u8>,
    /// Paths of the ephemerals of each session, for closeSession.
    pub(super) ephemerals: HashMap<i64, Vec<String>>,
}

impl Tree {
    pub fn new() -> Tree {
        let open = vec![AclEntry {
            scheme: "world".into(),
            id: "anyone".into(),
            perms: 31,
        }];
        let mut t = Tree::default();
        t.acl_ids.insert(open.clone(), OPEN_ACL);
        t.acls.push(open);
        t.acl_keys.insert(-1, OPEN_ACL);
        t
    }

    pub fn len(&self) -> usize {
        self.nodes.len() - self.free.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub(super) fn name(&self, i: u32) -> &[u8] {
        let n = &self.nodes[i as usize];
        &self.names[n.name_off as usize..n.name_off as usize + n.name_len as usize]
    }

    pub(super) fn data(&self, i: u32) -> &[u8] {
        let n = &self.nodes[i as usize];
        &self.data[n.data_off as usize..n.data_off as usize + n.data_len as usize]
    }

    pub(super) fn node(&self, i: u32) -> &Node {
        &self.nodes[i as usize]
    }

    /// The ACL list with this index.
    pub fn acl(&self, i: u32) -> &[AclEntry] {
        self.acls.get(i as usize).map_or(&[], Vec::as_slice)
    }

    fn intern_acl(&mut self, acl: Vec<AclEntry>) -> u32 {
        if let Some(&i) = self.acl_ids.get(&acl) {
            return i;
        }
        let i = self.acls.len() as u32;
        self.acl_ids.insert(acl.clone(), i);
        self.acls.push(acl);
        i
    }

    fn alloc(&mut self, name: &[u8], data: &[u8], acl: u32, stat: StatPersisted) -> u32 {
        let node = Node {
            stat,
            data_off: self.data.len() as u64,
            name_off: self.names.len() as u64,
            data_len: data.len() as u32,
            name_len: name.len() as u32,
            acl,
            children: Vec::new(),
        };
        self.names.extend_from_slice(name);
        self.data.extend_from_slice(data);
        match self.free.pop() {
            Some(i) => {
                self.nodes[i as usize] = node;
                i
            }
            None => {
                self.nodes.push(node);
                (self.nodes.len() - 1) as u32
            }
        }
    }

    /// Sorts every child list by name; called once the snapshot is in.
    pub fn finish_load(&mut self) {
        let mut lists: Vec<Vec<u32>> = self
            .nodes
            .iter_mut()
            .map(|n| std::mem::take(&mut n.children))
            .collect();
        for l in lists.iter_mut().filter(|l| l.len() > 1) {
            l.sort_unstable_by(|a, b| self.name(*a).cmp(self.name(*b)));
        }
        for (n, l) in self.nodes.iter_mut().zip(lists) {
            n.children = l;
        }
        self.stack = Vec::new();
        self.last_path = Vec::new();
    }

    /// The child of `parent` named `name`, and where it is (or would go) in the child list.
    fn find_child(&self, parent: u32, name: &[u8]) -> Result<usize, usize> {
        let list = &self.nodes[parent as usize].children;
        list.binary_search_by(|c| self.name(*c).cmp(name))
    }

    /// The node at an absolute path (`/` is the root).
    pub fn lookup(&self, path: &str) -> Option<u32> {
        if self.nodes.is_empty() {
            return None;
        }
        let mut at = 0u32;
        for seg in path.split('/').filter(|s| !s.is_empty()) {
            let i = self.find_child(at, seg.as_bytes()).ok()?;
            at = self.nodes[at as usize].children[i];
        }
        Some(at)
    }

    /// The stat a client would be shown (DataNode.copyStat).
    pub fn stat(&self, i: u32) -> Stat {
        let n = &self.nodes[i as usize];
        let s = &n.stat;
        let children = n.children.len() as i32;
        Stat {
            czxid: s.czxid,
            mzxid: s.mzxid,
            pzxid: s.pzxid,
            ctime: s.ctime,
            mtime: s.mtime,
            version: s.version,
            cversion: s.cversion.wrapping_mul(2).wrapping_sub(children),
            aversion: s.aversion,
            ephemeral_owner: match kind_of(s.ephemeral_owner) {
                Kind::Ephemeral(o) => o,
                _ => 0,
            },
            data_length: n.data_len as i32,
            num_children: children,
        }
    }

    /// The names of a node's children, sorted.
    pub fn children(&self, i: u32) -> Vec<String> {
        self.nodes[i as usize]
            .children
            .iter()
            .map(|c| String::from_utf8_lossy(self.name(*c)).into_owned())
            .collect()
    }

    /// Nodes below `i`, not counting it.
    pub fn descendants(&self, i: u32) -> usize {
        let mut stack = vec![i];
        let mut n = 0;
        while let Some(x) = stack.pop() {
            let c = &self.nodes[x as usize].children;
            n += c.len();
            stack.extend_from_slice(c);
        }
        n
    }

    // --- replay (DataTree.createNode / deleteNode / setData / setACL) ---

    fn split(path: &str) -> Option<(&str, &str)> {
        let i = path.rfind('/')?;
        Some((&path[..i], &path[i + 1..]))
    }

    /// A create at (zxid, time); false when the node was there already (or its parent is
    /// missing).
    pub fn create(
        &mut self,
        path: &str,
        data: &[u8],
        acl: Vec<AclEntry>,
        owner: i64,
        parent_cversion: i32,
        (zxid, time): (i64, i64),
    ) -> bool {
        let Some((parent_path, name)) = Self::split(path) else {
            return false;
        };
        let Some(parent) = self.lookup(parent_path) else {
            return false;
        };
        let acl = self.intern_acl(acl);
        let slot = match self.find_child(parent, name.as_bytes()) {
            Ok(i) => {
                let child = self.nodes[parent as usize].children[i];
                self.nodes[child as usize].acl = acl;
                return false;
            }
            Err(slot) => slot,
        };
        bump(&mut self.nodes[parent as usize].stat, parent_cversion, zxid);
        let stat = StatPersisted {
            czxid: zxid,
            mzxid: zxid,
            ctime: time,
            mtime: time,
            ephemeral_owner: owner,
            pzxid: zxid,
            ..StatPersisted::default()
        };
        let child = self.alloc(name.as_bytes(), data, acl, stat);
        self.nodes[parent as usize].children.insert(slot, child);
        if let Kind::Ephemeral(s) = kind_of(owner) {
            self.ephemerals.entry(s).or_default().push(path.to_string());
        }
        true
    }

    /// After a create that found its node: the parent's cversion and pzxid still move on.
    pub fn bump_parent(&mut self, path: &str, parent_cversion: i32, zxid: i64) {
        let Some((parent_path, _)) = Self::split(path) else {
            return;
        };
        if let Some(p) = self.lookup(parent_path) {
            bump(&mut self.nodes[p as usize].stat, parent_cversion, zxid);
        }
    }

    pub fn delete(&mut self, path: &str, zxid: i64) {
        let Some((parent_path, name)) = Self::split(path) else {
            return;
        };
        let Some(parent) = self.lookup(parent_path) else {
            return;
        };
        let found = self.find_child(parent, name.as_bytes());
        let p = &mut self.nodes[parent as usize];
        if zxid > p.stat.pzxid {
            p.stat.pzxid = zxid;
        }
        let Ok(i) = found else { return };
        let child = p.children.remove(i);
        if let Kind::Ephemeral(s) = kind_of(self.nodes[child as usize].stat.ephemeral_owner)
            && let Some(list) = self.ephemerals.get_mut(&s)
        {
            list.retain(|p| p != path);
        }
        self.release(child);
    }

    /// Frees a node's slot (and, should a log delete a node that still has children, theirs).
    fn release(&mut self, i: u32) {
        let mut stack = vec![i];
        while let Some(x) = stack.pop() {
            let n = &mut self.nodes[x as usize];
            stack.append(&mut n.children);
            n.name_len = FREE;
            n.data_len = 0;
            self.free.push(x);
        }
    }

    pub fn set_data(&mut self, path: &str, data: &[u8], version: i32, zxid: i64, time: i64) {
        let Some(i) = self.lookup(path) else { return };
        let off = self.data.len() as u64;
        self.data.extend_from_slice(data);
        let n = &mut self.nodes[i as usize];
        n.data_off = off;
        n.data_len = data.len() as u32;
        n.stat.mtime = time;
        n.stat.mzxid = zxid;
        n.stat.version = version;
    }

    pub fn set_acl(&mut self, path: &str, acl: Vec<AclEntry>, version: i32) {
        let Some(i) = self.lookup(path) else { return };
        let acl = self.intern_acl(acl);
        let n = &mut self.nodes[i as usize];
        n.acl = acl;
        n.stat.aversion = version;
    }

    /// Deletes a session's ephemerals (those the txn names, and any others it owns).
    pub fn close_session(&mut self, session: i64, paths: Option<&[String]>, zxid: i64) {
        self.sessions.remove(&session);
        let mut all: Vec<String> = paths.map(<[String]>::to_vec).unwrap_or_default();
        all.extend(self.ephemerals.remove(&session).unwrap_or_default());
        for p in all {
            self.delete(&p, zxid);
        }
    }
}

impl Sink for Tree {
    fn session(&mut self, id: i64, timeout: i32) {
        self.sessions.insert(id, timeout);
    }

    fn acl(&mut self, key: i64, acl: Vec<AclEntry>) {
        let i = self.intern_acl(acl);
        self.acl_keys.insert(key, i);
    }

    fn node(
        &mut self,
        path: &[u8],
        data: &[u8],
        acl: i64,
        stat: &StatPersisted,
    ) -> Result<(), String> {
        if data.len() > u32::MAX as usize {
            return Err("a value over 4 GiB".into());
        }
        let Some(&acl) = self.acl_keys.get(&acl) else {
            return Err(format!(
                "the node names ACL {acl}, which is not in the snapshot's ACL table"
            ));
        };
        if self.nodes.is_empty() {
            if !path.is_empty() {
                return Err("the first node is not the root".into());
            }
            let i = self.alloc(b"", data, acl, *stat);
            self.stack.push((i, 0));
            return Ok(());
        }
        let Some(slash) = path.iter().rposition(|&b| b == b'/') else {
            return Err("a node path without '/'".into());
        };
        let (parent, name) = (&path[..slash], &path[slash + 1..]);
        while let Some(&(_, len)) = self.stack.last() {
            if len == parent.len() && self.last_path.get(..len) == Some(parent) {
                break;
            }
            self.stack.pop();
        }
        let Some(&(p, _)) = self.stack.last() else {
            return Err(format!(
                "node {} comes before its parent",
                String::from_utf8_lossy(path)
            ));
        };
        let i = self.alloc(name, data, acl, *stat);
        self.nodes[p as usize].children.push(i);
        if let Kind::Ephemeral(s) = kind_of(stat.ephemeral_owner) {
            self.ephemerals
                .entry(s)
                .or_default()
                .push(String::from_utf8_lossy(path).into_owned());
        }
        self.last_path.clear();
        self.last_path.extend_from_slice(path);
        self.stack.push((i, path.len()));
        Ok(())
    }
}
/// A parent's stat after a child's create: the txn's cversion (-1: one more than now) and the
/// create's zxid as pzxid, when that moves cversion on.
fn bump(parent: &mut StatPersisted, parent_cversion: i32, zxid: i64) {
    let cv = if parent_cversion == -1 {
        parent.cversion.saturating_add(1)
    } else {
        parent_cversion
    };
    if cv > parent.cversion {
        parent.cversion = cv;
        parent.pzxid = zxid;
    }
}
