//! Whole nodes (relative path, type, data, ACL) as export files, copies and diffs carry them,
//! read from a live tree through the walk: depth-first, children sorted, so two trees (or a
//! tree and a sorted file) can be compared as they stream.

use std::cmp::Ordering;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::acl::AclEntry;
use crate::client::{NodeType, Op, Zk};
use crate::error::{Error, Result};
use crate::reply::Stat;

use super::walk::{Order, Step, Walk, Want};

/// One node as export files and copies carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Relative to the exported root: "/" for the root itself, "/a/b" below it.
    pub path: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Base64 in files; raw bytes in memory.
    #[serde(with = "b64")]
    pub data: Vec<u8>,
    pub acl: Vec<AclEntry>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ttl_ms: Option<u64>,
}

/// Node types an export file may name. The server reports containers and TTL nodes to clients
/// as persistent, so exports of a live tree hold only `persistent`; files written by hand (or
/// by other tools) may name the others.
pub const KINDS: [&str; 3] = ["persistent", "container", "ttl"];

mod b64 {
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&base64::engine::general_purpose::STANDARD.encode(d))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        base64::engine::general_purpose::STANDARD
            .decode(s)
            .map_err(serde::de::Error::custom)
    }
}

impl Record {
    /// The create that restores this node at `root`.
    pub fn create_op(&self, root: &str) -> Op {
        let kind = match self.kind.as_str() {
            "container" => NodeType::Container,
            _ => NodeType::Persistent,
        };
        Op::Create {
            path: absolute(root, &self.path),
            data: self.data.clone(),
            acl: Some(self.acl.clone()),
            kind,
            sequential: false,
            ttl: self.ttl_ms.map(Duration::from_millis),
        }
    }
}

/// `/a/b` under root `/a` -> `/b`; the root itself -> `/`.
pub fn relative(root: &str, path: &str) -> String {
    if path == root {
        "/".into()
    } else if root == "/" {
        path.to_string()
    } else {
        path[root.len()..].to_string()
    }
}

/// The absolute path of a relative node path under `root`.
pub fn absolute(root: &str, rel: &str) -> String {
    match (root, rel) {
        (r, "/") => r.to_string(),
        ("/", r) => r.to_string(),
        (r, rel) => format!("{r}{rel}"),
    }
}

/// The walk's depth-first order on relative paths: by components, each in byte order.
pub fn walk_order<'a>(a: &'a str, b: &'a str) -> Ordering {
    let parts = |p: &'a str| p.split('/').filter(|s: &&str| !s.is_empty());
    parts(a).cmp(parts(b))
}

/// What reading a tree gave besides its records.
pub enum Item {
    Node(Record, Stat),
    /// An ephemeral node: it belongs to its session and is not carried.
    Ephemeral(String),
    Unreadable(String, Error),
}

/// Every node under a root, with data and ACL, depth-first.
pub struct Records<'a> {
    root: String,
    walk: Walk<'a>,
}

impl<'a> Records<'a> {
    pub fn new(zk: &'a Zk, root: &str) -> Records<'a> {
        let want = Want {
            data: true,
            acl: true,
            ..Want::names(Order::Depth)
        };
        Records {
            root: root.to_string(),
            walk: Walk::new(zk, root, want),
        }
    }

    pub async fn next(&mut self) -> Result<Option<Item>> {
        loop {
            let found = match self.walk.next().await? {
                None => return Ok(None),
                Some(Step::Leave { .. }) => continue,
                Some(Step::Unreadable { path, error, .. }) => {
                    return Ok(Some(Item::Unreadable(path, error)));
                }
                Some(Step::Enter(f)) => f,
            };
            let (Some((data, stat)), Some(acl)) = (found.data, found.acl) else {
                continue;
            };
            if stat.ephemeral_owner != 0 {
                return Ok(Some(Item::Ephemeral(found.path)));
            }
            let record = Record {
                path: relative(&self.root, &found.path),
                kind: "persistent".into(),
                data,
                acl,
                ttl_ms: None,
            };
            return Ok(Some(Item::Node(record, stat)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_and_absolute_are_inverse() {
        for (root, p, rel) in [
            ("/a", "/a", "/"),
            ("/a", "/a/b/c", "/b/c"),
            ("/", "/x", "/x"),
            ("/", "/", "/"),
        ] {
            assert_eq!(relative(root, p), rel);
            assert_eq!(absolute(root, rel), p);
        }
    }

    #[test]
    fn walk_order_is_depth_first() {
        let mut v = vec!["/a.x", "/a/b", "/", "/a", "/b", "/a/b/c", "/a/a"];
        v.sort_by(|a, b| walk_order(a, b));
        assert_eq!(v, ["/", "/a", "/a/a", "/a/b", "/a/b/c", "/a.x", "/b"]);
    }
}
