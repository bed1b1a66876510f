//! Whole nodes read in bulk (data, stat and ACL), for export, diff and cp: the tree walker finds
//! the paths, multi-read requests fetch the data, pipelined getACL requests the ACLs.

use std::future::Future;

use serde::{Deserialize, Serialize};

use crate::acl::AclEntry;
use crate::client::{DataReply, Stat, Zk};
use crate::error::{Error, Result};
use crate::output::progress::Progress;
use crate::tree;

/// Nodes per multi-read getData request, and requests in flight.
const BATCH: usize = 200;
const WINDOW: usize = 4;

/// One node as export files and copies carry it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
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

/// `/a/b` under root `/a` -> `/b`; the root itself -> `/`.
pub fn relative(root: &str, path: &str) -> String {
    if path == root {
        return "/".into();
    }
    if root == "/" {
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

/// Fetches data for `paths` in windowed multi-read batches, calling `visit` in order. A batch
/// the server refuses as a whole (too large a reply, say) is split and retried.
pub async fn fetch_data(
    zk: &Zk,
    paths: &[String],
    mut visit: impl FnMut(&str, DataReply) -> Result<()>,
) -> Result<()> {
    for window in paths.chunks(BATCH * WINDOW) {
        let batches: Vec<&[String]> = window.chunks(BATCH).collect();
        let deadline = zk.deadline();
        let pending: Vec<_> = batches.iter().map(|b| zk.data_batch(b)).collect();
        for (batch, reply) in batches.iter().zip(pending) {
            // Reads are safe to send again after a reconnect.
            let reply = zk.settle(deadline, reply, || zk.data_batch(batch)).await;
            let replies = match reply.result {
                Ok(r) => r,
                Err(e @ (Error::Connection(_) | Error::SessionExpired | Error::Timeout(_))) => {
                    return Err(e);
                }
                Err(_) => split_fetch(zk, batch).await?,
            };
            for (p, r) in batch.iter().zip(replies) {
                visit(p, r)?;
            }
        }
    }
    Ok(())
}

/// Halves a refused batch until each part is accepted (or is a single node).
fn split_fetch<'a>(
    zk: &'a Zk,
    paths: &'a [String],
) -> std::pin::Pin<Box<dyn Future<Output = Result<Vec<DataReply>>> + 'a>> {
    Box::pin(async move {
        if paths.len() <= 1 {
            return Ok(match paths.first() {
                Some(p) => vec![zk.get(p).await],
                None => Vec::new(),
            });
        }
        let (a, b) = paths.split_at(paths.len() / 2);
        let mut out = match zk.data_batch(a).await {
            Ok(r) => r,
            Err(_) => split_fetch(zk, a).await?,
        };
        out.extend(match zk.data_batch(b).await {
            Ok(r) => r,
            Err(_) => split_fetch(zk, b).await?,
        });
        Ok(out)
    })
}

/// What reading a tree found besides its nodes.
#[derive(Default, Debug)]
pub struct ReadReport {
    pub ephemerals_skipped: usize,
    /// Nodes that could not be read (no permission), with why.
    pub unreadable: Vec<Error>,
}

/// Reads every node under `root` (ephemerals skipped and counted), calling `visit` in the
/// walker's breadth-first order, parents before children.
pub async fn read_tree(
    zk: &Zk,
    root: &str,
    progress: &Progress,
    mut visit: impl FnMut(Node) -> Result<()>,
) -> Result<ReadReport> {
    let mut paths = Vec::new();
    let mut report = ReadReport {
        unreadable: tree::walk(zk, root, None, |p, _| {
            paths.push(p.to_string());
            Ok(())
        })
        .await?,
        ..Default::default()
    };
    let mut data: Vec<Option<(Vec<u8>, Stat)>> = Vec::with_capacity(BATCH * WINDOW);
    for chunk in paths.chunks(BATCH * WINDOW) {
        data.clear();
        fetch_data(zk, chunk, |_, r| {
            match r {
                Ok(d) => data.push(Some(d)),
                Err(Error::NoNode { .. }) => data.push(None),
                Err(e) => {
                    report.unreadable.push(e);
                    data.push(None);
                }
            }
            Ok(())
        })
        .await?;
        progress.add(chunk.len());
        let acls = zk.each_settled(chunk, |ps| zk.acl_pipelined(ps)).await;
        for ((p, d), acl) in chunk.iter().zip(data.drain(..)).zip(acls) {
            let acl = match acl.result {
                Ok(a) => a,
                Err(Error::NoNode { .. }) => continue,
                // Not a node's fault: the tree read would be incomplete.
                Err(e @ (Error::Connection(_) | Error::SessionExpired)) => return Err(e),
                Err(e) => {
                    report.unreadable.push(e);
                    continue;
                }
            };
            let Some((bytes, stat)) = d else { continue };
            if stat.kind() == "ephemeral" {
                report.ephemerals_skipped += 1;
                continue;
            }
            visit(Node {
                path: relative(root, p),
                kind: stat.kind().to_string(),
                data: bytes,
                acl,
                ttl_ms: stat.ttl_ms(),
            })?;
        }
    }
    progress.finish();
    Ok(report)
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
}
