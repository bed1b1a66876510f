//! Recursive delete (`deleteall`, `rmr`, `delete -r`): the guards, the confirmation, and batched
//! atomic multi deletes, deepest nodes first, with a per-node fallback that reports exactly
//! which nodes remain and why.

use clap::Args;
use serde_json::json;

use crate::apply::Stop;
use crate::client::Zk;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::progress::Progress;
use crate::tree;

/// Above this many nodes the REPL asks before deleting (unless --force).
const CONFIRM_ABOVE: usize = 1000;
/// Deletes per multi request, and bytes of paths per request (the server takes 1 MiB packets).
const BATCH_OPS: usize = 1000;
const BATCH_BYTES: usize = 512 * 1024;
/// Multi requests in flight at once.
const WINDOW: usize = 4;

#[derive(Args, Debug, Clone)]
pub struct DeleteallArgs {
    /// Do not ask for confirmation (the REPL asks above 1000 nodes)
    #[arg(long)]
    pub force: bool,
    /// Print what would be deleted, delete nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Accepted for zkCli.sh compatibility (batch size); zksh sizes batches itself
    #[arg(short = 'b', value_name = "N", hide = true)]
    pub batch: Option<usize>,
    pub path: String,
}

pub async fn deleteall(ctx: &mut Ctx, a: DeleteallArgs) -> Result<()> {
    let path = ctx.resolve(&a.path)?;
    delete_tree(ctx, &path, a.force, a.dry_run).await
}

/// Refuses the paths no recursive delete may touch.
fn guard(path: &str) -> Result<()> {
    if path == "/" || path == "/zookeeper" || path.starts_with("/zookeeper/") {
        return Err(Error::usage(format!(
            "{path}: refusing to delete recursively (/ and /zookeeper are protected)"
        )));
    }
    Ok(())
}

/// Deletes `path` and everything below it.
pub async fn delete_tree(ctx: &mut Ctx, path: &str, force: bool, dry_run: bool) -> Result<()> {
    guard(path)?;
    let zk = ctx.zk().await?;
    if let Some(confirm) = ctx.confirm.as_mut().filter(|_| !force && !dry_run) {
        let n = zk.count_descendants(path).await? + 1;
        if n > CONFIRM_ABOVE && !confirm(&format!("delete {n} nodes under {path}?")) {
            return Err(Error::other("not deleted"));
        }
    }
    let mut nodes = Vec::new();
    let skipped = tree::walk(&zk, path, None, |p, _| {
        nodes.push(p.to_string());
        Ok(())
    })
    .await
    .inspect_err(|e| nothing_done(ctx, "deleteall", e))?;
    if !skipped.is_empty() {
        // A subtree we cannot list cannot be deleted; say so before touching anything.
        return report_skipped(ctx, skipped);
    }
    if dry_run {
        return print_dry_run(ctx, &nodes);
    }
    // Deepest first: the walk is breadth-first, so reversed it deletes children before parents.
    nodes.reverse();
    let progress = ctx.progress("deleteall", Some(nodes.len()));
    let mut done = Deleted::default();
    let stopped = delete_nodes(&zk, &nodes, &mut done, &progress).await;
    progress.finish();
    if let Err(stop) = stopped {
        return report_stopped(ctx, done, stop, nodes.len());
    }
    report_deleted(ctx, done.deleted, done.failed)
}

fn print_dry_run(ctx: &Ctx, nodes: &[String]) -> Result<()> {
    if ctx.out.json {
        return ctx
            .out
            .json(&json!({ "dry_run": true, "count": nodes.len(), "nodes": nodes }));
    }
    let mut text = String::new();
    for n in nodes {
        text.push_str(&ctx.out.name(n));
        text.push('\n');
    }
    ctx.out.bytes(text.as_bytes())?;
    ctx.out
        .note(&format!("dry run: would delete {} nodes", nodes.len()));
    Ok(())
}

/// Splits `nodes` into multi batches by count and size.
fn batches(nodes: &[String]) -> Vec<&[String]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, n) in nodes.iter().enumerate() {
        if i > start && (i - start >= BATCH_OPS || bytes + n.len() + 16 > BATCH_BYTES) {
            out.push(&nodes[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += n.len() + 16;
    }
    if start < nodes.len() {
        out.push(&nodes[start..]);
    }
    out
}

/// What a recursive delete did so far.
#[derive(Default)]
struct Deleted {
    deleted: usize,
    failed: Vec<(String, Error)>,
}

fn is_connection(e: &Error) -> bool {
    matches!(e, Error::Connection(_) | Error::SessionExpired)
}

/// Deletes `nodes` in order. A batch the connection lost while the session lived on is sent
/// again once the client reconnects: deleting twice is harmless (an attempt that was applied
/// makes the next one fail with NoNode, and the per-node fallback takes NoNode as done). When
/// the connection fails for good, stops and says how many nodes were in flight.
async fn delete_nodes(
    zk: &Zk,
    nodes: &[String],
    done: &mut Deleted,
    progress: &Progress,
) -> Result<(), Stop> {
    for window in batches(nodes).chunks(WINDOW) {
        let deadline = zk.deadline();
        let pending: Vec<_> = window.iter().map(|b| zk.delete_batch(b)).collect();
        for (i, (batch, reply)) in window.iter().zip(pending).enumerate() {
            let reply = zk.settle(deadline, reply, || zk.delete_batch(batch)).await;
            let stop = match reply.result {
                Ok(()) => {
                    done.deleted += batch.len();
                    progress.add(batch.len());
                    continue;
                }
                Err((None, error)) if is_connection(&error) => Stop {
                    in_doubt: batch.len(),
                    error,
                },
                // The batch was not applied: redo it one node at a time to learn which fail.
                Err(_) => match delete_singly(zk, batch, done).await {
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

/// Deletes the nodes of a refused batch one at a time (in order: children first).
async fn delete_singly(zk: &Zk, batch: &[String], done: &mut Deleted) -> Result<(), Stop> {
    for n in batch {
        match zk.retrying(|| zk.delete(n, None)).await {
            Ok(()) | Err(Error::NoNode { .. }) => done.deleted += 1,
            Err(error) if is_connection(&error) => {
                return Err(Stop { in_doubt: 1, error });
            }
            Err(e) => done.failed.push((n.clone(), e)),
        }
    }
    Ok(())
}

/// Says that a bulk operation the connection stopped while it listed the tree changed nothing.
pub fn nothing_done(ctx: &Ctx, what: &str, e: &Error) {
    if is_connection(e) && !ctx.out.json {
        ctx.out.note(&format!(
            "{what} stopped while listing the tree; nothing was changed"
        ));
    }
}

/// Says how far a delete got before the connection failed for good.
fn report_stopped(ctx: &Ctx, done: Deleted, stop: Stop, total: usize) -> Result<()> {
    if ctx.out.json {
        let f: Vec<_> = done
            .failed
            .iter()
            .map(|(p, e)| json!({ "path": p, "error": e.to_json()["error"] }))
            .collect();
        let (deleted, in_doubt) = (done.deleted, stop.in_doubt);
        ctx.out.json(
            &json!({ "deleted": deleted, "failed": f, "stopped": true, "in_doubt": in_doubt }),
        )?;
    } else {
        ctx.out.errors(done.failed.iter().map(|(_, e)| e));
        let rerun = "run deleteall again to finish";
        ctx.out
            .note(&stop.summary("deleteall", done.deleted, total, rerun));
    }
    Err(stop.error)
}

fn report_deleted(ctx: &Ctx, deleted: usize, failed: Vec<(String, Error)>) -> Result<()> {
    if ctx.out.json {
        let f: Vec<_> = failed
            .iter()
            .map(|(p, e)| json!({ "path": p, "error": e.to_json()["error"] }))
            .collect();
        ctx.out.json(&json!({ "deleted": deleted, "failed": f }))?;
    } else if ctx.cfg.verbose {
        ctx.out.note(&format!("deleted {deleted} nodes"));
    }
    let Some((_, first)) = failed.first() else {
        return Ok(());
    };
    let code = first.exit_code();
    if !ctx.out.json {
        ctx.out.errors(failed.iter().map(|(_, e)| e));
        ctx.out.note(&format!(
            "deleted {deleted} nodes; {} remain (listed above)",
            failed.len()
        ));
    }
    Err(Error::Status(code))
}

/// Reports nodes a walk could not list; the first one's error sets the exit code.
pub fn report_skipped(ctx: &Ctx, skipped: Vec<Error>) -> Result<()> {
    let Some(first) = skipped.first() else {
        return Ok(());
    };
    let code = first.exit_code();
    ctx.out.errors(&skipped);
    Err(Error::Status(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guards_protect_root_and_zookeeper() {
        assert!(guard("/").is_err());
        assert!(guard("/zookeeper").is_err());
        assert!(guard("/zookeeper/quota").is_err());
        assert!(guard("/zookeeperx").is_ok());
        assert!(guard("/app").is_ok());
    }

    #[test]
    fn batches_split_by_count_and_size() {
        let nodes: Vec<String> = (0..2500).map(|i| format!("/n{i}")).collect();
        let b = batches(&nodes);
        assert_eq!(
            b.iter().map(|b| b.len()).collect::<Vec<_>>(),
            [1000, 1000, 500]
        );
        let long: Vec<String> = (0..10).map(|_| "x".repeat(200 * 1024)).collect();
        assert!(batches(&long).iter().all(|b| b.len() <= 2));
    }
}
