//! Writing many nodes at once (import, cp, mv): batched atomic multi creates, several batches in
//! flight, and a per-node fallback for any batch the server refuses, so the report says exactly
//! which nodes failed and why. Parents must come before their children in the input.

use std::time::Duration;

use crate::client::{NodeType, Op, Zk};
use crate::error::{Error, Result};
use crate::snapshot::{Node, absolute};

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
    let kind = match n.kind.as_str() {
        "container" => NodeType::Container,
        _ => NodeType::Persistent,
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

/// Creates `nodes` under `root` on `zk`. Existing nodes fail with NodeExists unless `overwrite`,
/// which sets their data and ACL instead. A lost connection stops it with the error; what was
/// applied until then stays applied (each batch is atomic).
pub async fn apply(zk: &Zk, root: &str, nodes: &[Node], overwrite: bool) -> Result<Applied> {
    let ops: Vec<Op> = nodes.iter().map(|n| create_op(root, n)).collect();
    let mut done = Applied::default();
    let mut offset = 0;
    for window in batches(&ops).chunks(WINDOW) {
        let pending: Vec<_> = window.iter().map(|b| zk.multi(b)).collect();
        for (batch, reply) in window.iter().zip(pending) {
            match reply.await {
                Ok(_) => done.created += batch.len(),
                Err((None, e)) if is_connection(&e) => return Err(e),
                Err(_) => {
                    one_by_one(
                        zk,
                        batch,
                        &nodes[offset..offset + batch.len()],
                        overwrite,
                        &mut done,
                    )
                    .await?
                }
            }
            offset += batch.len();
        }
    }
    Ok(done)
}

async fn one_by_one(
    zk: &Zk,
    ops: &[Op],
    nodes: &[Node],
    overwrite: bool,
    done: &mut Applied,
) -> Result<()> {
    for (op, node) in ops.iter().zip(nodes) {
        let path = op.path().to_string();
        match zk.multi(std::slice::from_ref(op)).await {
            Ok(_) => done.created += 1,
            Err((_, Error::NodeExists { .. })) if overwrite => {
                let r = async {
                    zk.set(&path, &node.data, None).await?;
                    zk.set_acl(&path, &node.acl, None).await
                };
                match r.await {
                    Ok(_) => done.overwritten += 1,
                    Err(e) if is_connection(&e) => return Err(e),
                    Err(e) => done.failed.push((path, e)),
                }
            }
            Err((_, e)) if is_connection(&e) => return Err(e),
            Err((_, e)) => done.failed.push((path, e)),
        }
    }
    Ok(())
}
