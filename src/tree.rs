//! The pipelined tree walker: breadth-first, level by level, listing children with multi-read
//! requests (hundreds of nodes per request, several requests in flight on the one session).
//! No recursion; nodes are visited in a stable order: the root, then each level, parents in
//! order and children sorted.

use crate::client::Zk;
use crate::error::{Error, Result};
use crate::path;

/// Nodes listed per multi-read request, and requests kept in flight at once.
const BATCH: usize = 256;
const WINDOW: usize = 8;

/// Walks the tree under `root` down to `max_depth` (root is depth 0), calling `visit(path, depth)`
/// for every node. Nodes that vanish during the walk are skipped; nodes that cannot be listed
/// (no permission) are returned as errors after the walk, which goes on without them.
pub async fn walk(
    zk: &Zk,
    root: &str,
    max_depth: Option<usize>,
    mut visit: impl FnMut(&str, usize) -> Result<()>,
) -> Result<Vec<Error>> {
    // The root must exist: a missing root is the command's error, not a skipped node.
    if zk.retrying(|| zk.stat(root)).await?.is_none() {
        return Err(Error::NoNode {
            path: root.to_string(),
        });
    }
    visit(root, 0)?;
    let mut skipped = Vec::new();
    let mut level = vec![root.to_string()];
    let mut depth = 0;
    while !level.is_empty() && max_depth.is_none_or(|m| depth < m) {
        depth += 1;
        let mut next = Vec::new();
        for window in level.chunks(BATCH * WINDOW) {
            let batches: Vec<&[String]> = window.chunks(BATCH).collect();
            let deadline = zk.deadline();
            let pending: Vec<_> = batches.iter().map(|b| zk.children_batch(b)).collect();
            for (batch, replies) in batches.iter().zip(pending) {
                // Reads are safe to send again after a reconnect.
                let replies = zk.settle(deadline, replies, || zk.children_batch(batch));
                for (parent, reply) in batch.iter().zip(replies.await.result?) {
                    match reply {
                        Ok(mut children) => {
                            children.sort_unstable();
                            for c in children {
                                let p = path::join(parent, &c);
                                visit(&p, depth)?;
                                next.push(p);
                            }
                        }
                        Err(Error::NoNode { .. }) => {}
                        Err(e) => skipped.push(e),
                    }
                }
            }
        }
        level = next;
    }
    Ok(skipped)
}
