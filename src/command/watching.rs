//! Watch commands: `watch [-R]` (persistent watches), `watches`, `unwatch`/`removewatches`,
//! `printwatches`, and `wait` for scripts.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::cli::parse_duration;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::reply::{Event, Reply, WatchRow};
use crate::session::WatchKind;
use crate::watch;

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct WatchArgs {
    /// Recursive: events for every node below too (persistent-recursive)
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// Print the new value with each NodeCreated / NodeDataChanged event
    #[arg(long)]
    pub data: bool,
    /// One-shot mode: stop after N events
    #[arg(long, value_name = "N")]
    pub count: Option<usize>,
    /// One-shot mode: stop after this long (exit 0)
    #[arg(long, value_parser = parse_duration, value_name = "DUR")]
    pub timeout: Option<Duration>,
    /// With CMD: end the watch when CMD fails, with its exit code
    #[arg(long, requires = "cmd")]
    pub stop_on_error: bool,
    /// Node to watch (it need not exist yet)
    pub path: String,
    /// Run this once per event, in order, one at a time (in the foreground, also in the REPL),
    /// with $ZKSH_WATCH_TYPE, $ZKSH_WATCH_PATH and, from ZooKeeper 3.9 on, $ZKSH_WATCH_ZXID
    #[arg(last = true, value_name = "CMD")]
    pub cmd: Vec<String>,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct UnwatchArgs {
    /// Only child watches (zkCli -c)
    #[arg(short = 'c', conflicts_with_all = ["data", "any"])]
    pub children: bool,
    /// Only data watches (zkCli -d)
    #[arg(short = 'd', conflicts_with = "any")]
    pub data: bool,
    /// Any watch (zkCli -a; the default)
    #[arg(short = 'a')]
    pub any: bool,
    /// Accepted for zkCli compatibility (remove locally even when the server is gone)
    #[arg(short = 'l', hide = true)]
    pub local: bool,
    /// Node whose watches to remove
    pub path: String,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct PrintwatchesArgs {
    /// on: print watch events as they fire; off: keep them quiet
    pub state: OnOff,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct WaitArgs {
    /// Until the node exists
    #[arg(long, conflicts_with_all = ["absent", "changed"], required_unless_present_any = ["absent", "changed"])]
    pub exists: bool,
    /// Until the node does not exist
    #[arg(long, conflicts_with = "changed")]
    pub absent: bool,
    /// Until the node is created, changed or deleted
    #[arg(long)]
    pub changed: bool,
    /// Give up after this long (exit 8)
    #[arg(long, value_parser = parse_duration, value_name = "DUR")]
    pub timeout: Option<Duration>,
    /// Node to wait on (it need not exist yet)
    pub path: String,
}

pub async fn watch(ctx: &mut Ctx, a: WatchArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    let session = ctx.session().await?;
    let kind = if a.recursive {
        WatchKind::Recursive
    } else {
        WatchKind::Persistent
    };
    // Set it here so that a bad path or missing permission fails the command itself.
    let first = Some(ctx.zk().await?.persistent_watch(&path, a.recursive).await?);
    watch::warn_overlap(&session, &path, kind);
    if !a.cmd.is_empty() {
        return super::watch_run::run(ctx, a, path, first).await;
    }
    let out = ctx.out;
    if ctx.interactive {
        let id = session.add_watch(&path, kind, None);
        let (sink, weak, p) = (ctx.events.clone(), session.downgrade(), path.clone());
        let print_on = session.clone().downgrade();
        let task = tokio::spawn(async move {
            let r = watch::follow_persistent(
                weak.clone(),
                p.clone(),
                a.recursive,
                a.data,
                first,
                || {},
                |d| {
                    if print_on.upgrade().is_some_and(|s| s.print_watches()) {
                        sink(out.event_line(&d.event, d.data.as_deref()));
                    }
                    true
                },
            )
            .await;
            if let Some(s) = weak.upgrade() {
                s.remove_watch(id);
                if let Err(e) = r {
                    s.notice(&format!("zksh: watch on {p} ended: {e}"));
                }
            }
        });
        session.set_watch_task(id, task.abort_handle());
        out.note(&format!(
            "watch {id}: {path} ({}), events print here",
            kind.name()
        ));
        return Ok(Reply::done("watch", [path]));
    }
    // One-shot: stream to stdout until --count, --timeout or Ctrl-C, one line (or JSON object)
    // per event, flushed as it arrives.
    // A write that fails (the reader is gone: `| head -1`) ends the stream with that error.
    let seen = Arc::new(AtomicUsize::new(0));
    let count = a.count;
    let mut failed = None;
    let stream = watch::follow_persistent(
        session.downgrade(),
        path,
        a.recursive,
        a.data,
        first,
        || {},
        |d| {
            if let Err(e) = out.line(&out.event_line(&d.event, d.data.as_deref())) {
                failed = Some(e);
                return false;
            }
            let n = seen.fetch_add(1, Ordering::SeqCst) + 1;
            count.is_none_or(|c| n < c)
        },
    );
    if a.count == Some(0) {
        return Ok(Reply::Shown);
    }
    let r = match a.timeout {
        None => stream.await,
        Some(t) => tokio::time::timeout(t, stream).await.unwrap_or(Ok(())),
    };
    failed.map_or(r, Err).map(|_| Reply::Shown)
}

pub async fn watches(ctx: &mut Ctx) -> Result<Reply> {
    let list = match ctx.current() {
        Some(_) => ctx.session().await?.list_watches(),
        None => Vec::new(),
    };
    let rows = list
        .into_iter()
        .map(|(id, path, k)| WatchRow {
            id,
            path,
            kind: k.name(),
        })
        .collect();
    Ok(Reply::Watches(rows))
}

pub async fn unwatch(ctx: &mut Ctx, a: UnwatchArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    let session = ctx.session().await?;
    let wanted = |k: WatchKind| {
        if a.children {
            matches!(
                k,
                WatchKind::Children | WatchKind::Persistent | WatchKind::Recursive
            )
        } else if a.data {
            matches!(
                k,
                WatchKind::Data | WatchKind::Exists | WatchKind::Persistent | WatchKind::Recursive
            )
        } else {
            true
        }
    };
    let removed = session.take_watches(|e| e.path == path && wanted(e.kind));
    if removed.is_empty() {
        return Err(Error::other(format!("{path}: no watch held on this node")));
    }
    for w in &removed {
        // Aborting drops the crate's watcher, which removes it from the session.
        if let Some(t) = &w.task {
            t.abort();
        }
    }
    Ok(Reply::Unwatched {
        path,
        removed: removed.len(),
    })
}

pub async fn printwatches(ctx: &mut Ctx, a: PrintwatchesArgs) -> Result<Reply> {
    ctx.session().await?.set_print_watches(a.state == OnOff::On);
    Ok(Reply::done("printwatches", []))
}

/// Waits, event-driven, until the condition holds: each round sets an exists-watch and
/// re-checks, so no change between the check and the watch is missed.
pub async fn wait(ctx: &mut Ctx, a: WaitArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    // Whether the server was reached: running out of time before that is a connection failure,
    // not an unmet condition.
    let mut reached = false;
    let wait = async {
        let zk = ctx.zk().await?;
        reached = true;
        let (first, mut w) = zk.stat_watch(&path).await?;
        if !a.changed && first.is_some() == a.exists {
            return Ok(());
        }
        loop {
            let e: Event = w.event().await;
            // Any event, or a reconnect, means: look again (and re-arm).
            let (now, next) = ctx.zk().await?.stat_watch(&path).await?;
            let done = if a.changed {
                !e.session || now != first
            } else {
                now.is_some() == a.exists
            };
            if done {
                return Ok::<(), Error>(());
            }
            w = next;
        }
    };
    let Some(t) = a.timeout else {
        return wait.await.map(|_| Reply::done("wait", [path.clone()]));
    };
    match tokio::time::timeout(t, wait).await {
        Ok(r) => r.map(|_| Reply::done("wait", [path.clone()])),
        Err(_) if !reached => Err(Error::Connection(format!(
            "no server answered within {t:?} ({})",
            ctx.servers
        ))),
        Err(_) => Err(Error::Timeout(format!(
            "{path}: condition not met within {t:?}"
        ))),
    }
}
