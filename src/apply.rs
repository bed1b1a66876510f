//! Writing many nodes at once (import, cp, mv): batched atomic multi requests, several in
//! flight, and for any batch the server refuses, the same ops sent singly (still pipelined) so
//! the report says exactly which nodes failed and why. Parents must come before their children.

use std::time::Duration;

use crate::client::{NodeType, Op, Zk};
use crate::error::{Error, Result};
use crate::output::progress::Progress;
use crate::snapshot::{Node, absolute, fetch_data};

/// Ops per multi request, weight per request (the server's packet limit is 1 MiB), and
/// requests in flight.
const BATCH_OPS: usize = 1000;
const BATCH_WEIGHT: usize = 768 * 1024;
const WINDOW: usize = 4;

/// What applying gave: how many nodes were created or overwritten, and which failed.
#[derive(Default, Debug)]
pub struct Applied {
    pub created: usize,
    pub overwritten: usize,
    pub failed: Vec<(String, Error)>,
}

fn create_op(root: &str, n: &Node) -> Op {
    let kind = if n.kind == "container" {
        NodeType::Container
    } else {
        NodeType::Persistent
    };
    Op::Create {
        path: absolute(root, &n.path),
        data: n.data.clone(),
        acl: Some(n.acl.clone()),
        kind,
        sequential: false,
        ttl: n.ttl_ms.map(Duration::from_millis),
    }
}

/// Splits ops into batches by count and weight.
fn batches(ops: &[Op]) -> Vec<&[Op]> {
    let mut out = Vec::new();
    let (mut start, mut weight) = (0, 0);
    for (i, op) in ops.iter().enumerate() {
        if i > start && (i - start >= BATCH_OPS || weight + op.weight() > BATCH_WEIGHT) {
            out.push(&ops[start..i]);
            (start, weight) = (i, 0);
        }
        weight += op.weight();
    }
    if start < ops.len() {
        out.push(&ops[start..]);
    }
    out
}

fn is_connection(e: &Error) -> bool {
    matches!(
        e,
        Error::Connection(_) | Error::SessionExpired | Error::Timeout(_)
    )
}

/// Runs `ops` in batched multi requests; returns how many applied and which failed. A lost
/// connection stops it with the error; what was applied until then stays (batches are atomic).
async fn run_batched(
    zk: &Zk,
    ops: &[Op],
    failed: &mut Vec<(String, Error)>,
    progress: &Progress,
) -> Result<usize> {
    let mut applied = 0;
    for window in batches(ops).chunks(WINDOW) {
        let pending: Vec<_> = window.iter().map(|b| zk.multi(b)).collect();
        for (batch, reply) in window.iter().zip(pending) {
            match reply.await {
                Ok(_) => {
                    applied += batch.len();
                    progress.add(batch.len());
                }
                Err((None, e)) if is_connection(&e) => return Err(e),
                // Refused as a whole: send each op alone, all at once, to learn which fail.
                Err(_) => {
                    let singles: Vec<_> = batch
                        .iter()
                        .map(|op| zk.multi(std::slice::from_ref(op)))
                        .collect();
                    for (op, reply) in batch.iter().zip(singles) {
                        match reply.await {
                            Ok(_) => applied += 1,
                            Err((_, e)) if is_connection(&e) => return Err(e),
                            Err((_, e)) => failed.push((op.path().to_string(), e)),
                        }
                    }
                    progress.add(batch.len());
                }
            }
        }
    }
    Ok(applied)
}

/// Creates `nodes` under `root` on `zk`. Existing nodes fail with NodeExists, unless
/// `overwrite`: then their data and ACL are set instead.
pub async fn apply(
    zk: &Zk,
    root: &str,
    nodes: &[Node],
    overwrite: bool,
    progress: &Progress,
) -> Result<Applied> {
    let mut done = Applied::default();
    let existing = if overwrite {
        existing(zk, root, nodes).await?
    } else {
        vec![false; nodes.len()]
    };
    let creates: Vec<Op> = nodes
        .iter()
        .zip(&existing)
        .filter(|(_, e)| !**e)
        .map(|(n, _)| create_op(root, n))
        .collect();
    done.created = run_batched(zk, &creates, &mut done.failed, progress).await?;
    let updates: Vec<&Node> = nodes
        .iter()
        .zip(&existing)
        .filter(|(_, e)| **e)
        .map(|(n, _)| n)
        .collect();
    let sets: Vec<Op> = updates
        .iter()
        .map(|n| Op::Set {
            path: absolute(root, &n.path),
            data: n.data.clone(),
            version: None,
        })
        .collect();
    let failed_before = done.failed.len();
    run_batched(zk, &sets, &mut done.failed, progress).await?;
    let acls: Vec<(String, Vec<_>)> = updates
        .iter()
        .map(|n| (absolute(root, &n.path), n.acl.clone()))
        .collect();
    for chunk in acls.chunks(BATCH_OPS) {
        for ((p, _), r) in chunk.iter().zip(zk.set_acls_pipelined(chunk)) {
            match r.await {
                Ok(()) => {}
                Err(e) if is_connection(&e) => return Err(e),
                Err(e) if done.failed[failed_before..].iter().any(|(f, _)| f == p) => drop(e),
                Err(e) => done.failed.push((p.clone(), e)),
            }
        }
    }
    let failed_updates = done.failed[failed_before..].len();
    done.overwritten = updates.len() - failed_updates.min(updates.len());
    progress.finish();
    Ok(done)
}

/// Which of `nodes` already exist under `root` (read in multi-read batches).
async fn existing(zk: &Zk, root: &str, nodes: &[Node]) -> Result<Vec<bool>> {
    let paths: Vec<String> = nodes.iter().map(|n| absolute(root, &n.path)).collect();
    let mut out = Vec::with_capacity(paths.len());
    fetch_data(zk, &paths, |_, r| {
        out.push(r.is_ok());
        Ok(())
    })
    .await?;
    Ok(out)
}
