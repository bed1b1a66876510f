//! Writing many nodes at once (import, cp, mv): batched atomic multi requests, several in
//! flight, and for any batch the server refuses, the same ops sent singly (still pipelined) so
//! the report says exactly which nodes failed and why. Parents must come before their children.

use std::time::Duration;

use crate::acl::AclEntry;
use crate::client::{NodeType, Op, Zk};
use crate::error::{Error, Result};
use crate::output::progress::Progress;
use crate::snapshot::{Node, absolute, fetch_data};

/// Ops per multi request, weight per request (the server's packet limit is 1 MiB), and
/// requests in flight.
const BATCH_OPS: usize = 1000;
const BATCH_WEIGHT: usize = 768 * 1024;
const WINDOW: usize = 4;

/// What applying gave: how many nodes were created or overwritten, which failed, and, when
/// the connection failed for good before the end, how far it got.
#[derive(Default, Debug)]
pub struct Applied {
    pub total: usize,
    pub created: usize,
    pub overwritten: usize,
    pub failed: Vec<(String, Error)>,
    pub stopped: Option<Stop>,
}

/// A bulk write that had to stop: the session expired, or a request got no reply in time.
#[derive(Debug)]
pub struct Stop {
    /// Nodes whose requests were in flight: they may or may not have been written.
    pub in_doubt: usize,
    pub error: Error,
}

impl Stop {
    /// The operator's summary: what was done, what may have been, what was not.
    pub fn summary(&self, what: &str, done: usize, total: usize, rerun: &str) -> String {
        let rest = total.saturating_sub(done + self.in_doubt);
        format!(
            "{what} stopped: {done} of {total} nodes done; {} in flight when the connection \
             failed may or may not be; {rest} not done; {rerun}",
            self.in_doubt
        )
    }
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

/// Runs `ops` in batched multi requests, counting into `applied` and `failed`. A batch the
/// connection lost while the session lived on is sent again once the client reconnects:
/// creates, sets without a version and deletes are safe to repeat (see `run_singly`). When the
/// connection fails for good it stops; what was applied until then stays (batches are atomic).
async fn run_batched(
    zk: &Zk,
    ops: &[Op],
    applied: &mut usize,
    failed: &mut Vec<(String, Error)>,
    progress: &Progress,
) -> Result<(), Stop> {
    for window in batches(ops).chunks(WINDOW) {
        let deadline = zk.deadline();
        let pending: Vec<_> = window.iter().map(|b| zk.multi(b)).collect();
        for (i, (batch, reply)) in window.iter().zip(pending).enumerate() {
            let reply = zk.settle(deadline, reply, || zk.multi(batch)).await;
            let stop = match reply.result {
                Ok(_) => {
                    *applied += batch.len();
                    progress.add(batch.len());
                    continue;
                }
                Err((None, e)) if is_connection(&e) => Stop {
                    in_doubt: batch.len(),
                    error: e,
                },
                // Refused as a whole: send each op alone to learn which fail.
                Err(_) => match run_singly(zk, batch, reply.resent, applied, failed).await {
                    Ok(()) => {
                        progress.add(batch.len());
                        continue;
                    }
                    Err(stop) => stop,
                },
            };
            // The later batches of this window were sent too: they are in doubt as well.
            let later: usize = window[i + 1..].iter().map(|b| b.len()).sum();
            return Err(Stop {
                in_doubt: stop.in_doubt + later,
                ..stop
            });
        }
    }
    Ok(())
}

/// Sends each op of a refused batch alone, all at once. When the batch (or the op) was sent
/// more than once, a create that finds its node there already holding the data it was to write
/// counts as done: the attempt whose reply the connection lost made it.
async fn run_singly<'a>(
    zk: &'a Zk,
    batch: &'a [Op],
    resent: bool,
    applied: &mut usize,
    failed: &mut Vec<(String, Error)>,
) -> Result<(), Stop> {
    let send = |ops: Vec<&'a Op>| -> Vec<_> {
        ops.into_iter()
            .map(|op| zk.multi(std::slice::from_ref(op)))
            .collect()
    };
    let mut maybe_ours = Vec::new();
    let (mut in_doubt, mut lost) = (0, None);
    for (op, reply) in batch.iter().zip(zk.each_settled(batch, send).await) {
        match reply.result {
            Ok(_) => *applied += 1,
            Err((_, error)) if is_connection(&error) => {
                in_doubt += 1;
                lost.get_or_insert(error);
            }
            Err((_, Error::NodeExists { .. }))
                if (resent || reply.resent) && matches!(op, Op::Create { .. }) =>
            {
                maybe_ours.push(op)
            }
            Err((_, e)) => failed.push((op.path().to_string(), e)),
        }
    }
    if let Some(error) = lost {
        let in_doubt = in_doubt + maybe_ours.len();
        return Err(Stop { in_doubt, error });
    }
    let paths: Vec<String> = maybe_ours.iter().map(|op| op.path().to_string()).collect();
    let mut ours = maybe_ours.iter();
    let checked = fetch_data(zk, &paths, |p, r| {
        let wanted = match ours.next() {
            Some(Op::Create { data, .. }) => data,
            _ => return Ok(()),
        };
        match r {
            Ok((data, _)) if data == *wanted => *applied += 1,
            _ => failed.push((p.to_string(), Error::NodeExists { path: p.into() })),
        }
        Ok(())
    })
    .await;
    checked.map_err(|error| Stop { in_doubt: 0, error })
}

/// Creates `nodes` under `root` on `zk`. Existing nodes fail with NodeExists, unless
/// `overwrite`: then their data and ACL are set instead. A connection that fails for good
/// stops it early, with `stopped` set; an error before anything was sent is returned as such.
pub async fn apply(
    zk: &Zk,
    root: &str,
    nodes: &[Node],
    overwrite: bool,
    progress: &Progress,
) -> Result<Applied> {
    let mut done = Applied {
        total: nodes.len(),
        ..Applied::default()
    };
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
    let updates: Vec<&Node> = nodes
        .iter()
        .zip(&existing)
        .filter(|(_, e)| **e)
        .map(|(n, _)| n)
        .collect();
    let mut r = run_batched(zk, &creates, &mut done.created, &mut done.failed, progress).await;
    if r.is_ok() {
        r = overwrite_all(zk, root, &updates, &mut done, progress).await;
    }
    done.stopped = r.err();
    progress.finish();
    Ok(done)
}

/// Sets data, then ACL, of the nodes that exist already (`--overwrite`).
async fn overwrite_all(
    zk: &Zk,
    root: &str,
    updates: &[&Node],
    done: &mut Applied,
    progress: &Progress,
) -> Result<(), Stop> {
    let sets: Vec<Op> = updates
        .iter()
        .map(|n| Op::Set {
            path: absolute(root, &n.path),
            data: n.data.clone(),
            version: None,
        })
        .collect();
    let failed_before = done.failed.len();
    let mut set = 0;
    run_batched(zk, &sets, &mut set, &mut done.failed, progress).await?;
    let acls: Vec<(String, Vec<_>)> = updates
        .iter()
        .map(|n| (absolute(root, &n.path), n.acl.clone()))
        .collect();
    for chunk in acls.chunks(BATCH_OPS) {
        let replies = zk.each_settled(chunk, |items| zk.set_acls_pipelined(items));
        let mut refused = Vec::new();
        let (mut in_doubt, mut lost) = (0, None);
        for ((p, acl), r) in chunk.iter().zip(replies.await) {
            match r.result {
                Ok(()) => done.overwritten += 1,
                Err(error) if is_connection(&error) => {
                    in_doubt += 1;
                    lost.get_or_insert(error);
                }
                Err(e) if done.failed[failed_before..].iter().any(|(f, _)| f == p) => drop(e),
                Err(e @ Error::NoAuth { .. }) => refused.push(((p.clone(), acl.clone()), e)),
                Err(e) => done.failed.push((p.clone(), e)),
            }
        }
        if let Some(error) = lost {
            return Err(Stop { in_doubt, error });
        }
        let (items, errors): (Vec<_>, Vec<_>) = refused.into_iter().unzip();
        let already = acl_already(zk, &items)
            .await
            .map_err(|error| Stop { in_doubt: 0, error })?;
        for (((p, _), e), ok) in items.into_iter().zip(errors).zip(already) {
            if !ok {
                done.failed.push((p, e));
            }
        }
    }
    let failed_updates = done.failed[failed_before..].len();
    done.overwritten = updates.len() - failed_updates.min(updates.len());
    Ok(())
}

/// Which of `items` (path, ACL) carry that ACL already. A setACL refused with NoAuth may find
/// it so: an attempt whose reply the connection lost, or an earlier run, set an ACL without
/// ADMIN, and then no setACL may touch the node again, not even to set the same ACL.
pub async fn acl_already(zk: &Zk, items: &[(String, Vec<AclEntry>)]) -> Result<Vec<bool>> {
    let key = |acl: &[AclEntry]| {
        let mut k: Vec<String> = acl.iter().map(ToString::to_string).collect();
        k.sort();
        k
    };
    let paths: Vec<String> = items.iter().map(|(p, _)| p.clone()).collect();
    let replies = zk.each_settled(&paths, |ps| zk.acl_pipelined(ps)).await;
    let mut out = Vec::with_capacity(items.len());
    for ((_, wanted), reply) in items.iter().zip(replies) {
        match reply.result {
            Ok(acl) => out.push(key(&acl) == key(wanted)),
            Err(e) if is_connection(&e) => return Err(e),
            Err(_) => out.push(false),
        }
    }
    Ok(out)
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
