//! Scripts (`-c`, `-f`, stdin): lines split into commands and run in order, stopping at the
//! first failure (or going on with -k). Consecutive single-node writes travel in `multi`
//! batches (see `batch`), with the results of running the lines one at a time; anything else
//! first waits for the writes before it.

mod batch;
mod read;
mod write;

pub use read::{Source, spawn as read};

use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};

use tokio::sync::mpsc;

use crate::command::Parsed;
use crate::context::Ctx;
use crate::error::Error;
use crate::{run, signals};

/// Set (to anything) to run every line on its own, one request at a time: the reference the
/// batched run must equal (the property test in tests/script_equivalence.rs runs both).
const NO_BATCH_ENV: &str = "ZKSH_NO_COALESCE";

/// How long pending writes wait for the next line before they go out without it.
const CATCH_UP: std::time::Duration = std::time::Duration::from_millis(2);

/// Runs a script, line by line as the reader thread delivers them; returns the exit code.
pub async fn run(ctx: &mut Ctx, mut source: read::Lines, keep_going: bool) -> u8 {
    // Signals between lines stop the script here, after the writes in flight are reported.
    let _running = signals::Running::start();
    let mut s = Script {
        batching: std::env::var_os(NO_BATCH_ENV).is_none(),
        interrupted: interrupt_flag(),
        b: batch::Batcher::new(ctx, keep_going),
    };
    'read: while let Some(chunk) = next_chunk(ctx, &mut s.b, &mut source).await {
        for line in chunk {
            if s.line(ctx, line).await.is_break() {
                break 'read;
            }
        }
    }
    if !s.b.stopped && !ctx.quit {
        s.b.flush(ctx).await;
    }
    s.b.code
}

/// The next lines. When none comes within a moment, the writes waiting for a batch go out
/// first: a coprocess (`tail -f cmds | zksh`) waits for each line's output before it writes
/// the next. The moment lets a reader thread that the machine has not scheduled yet catch up,
/// instead of cutting a batch short.
async fn next_chunk(
    ctx: &mut Ctx,
    b: &mut batch::Batcher,
    source: &mut read::Lines,
) -> Option<Vec<read::Line>> {
    match source.try_recv() {
        Ok(chunk) => Some(chunk),
        Err(mpsc::error::TryRecvError::Disconnected) => None,
        Err(mpsc::error::TryRecvError::Empty) if b.is_idle() => source.recv().await,
        Err(mpsc::error::TryRecvError::Empty) => {
            if let Ok(chunk) = tokio::time::timeout(CATCH_UP, source.recv()).await {
                return chunk;
            }
            b.flush(ctx).await;
            if b.stopped {
                return None;
            }
            source.recv().await
        }
    }
}

/// A script on its way: the batch of writes.
struct Script {
    batching: bool,
    /// The signal that asked the script to stop (0: none).
    interrupted: Arc<AtomicI32>,
    b: batch::Batcher,
}

impl Script {
    /// Runs one line's commands; `Break` when the script must stop.
    async fn line(&mut self, ctx: &mut Ctx, line: read::Line) -> ControlFlow<()> {
        let b = &mut self.b;
        let sig = self.interrupted.load(Ordering::Relaxed);
        if sig != 0 {
            b.record(run::finish(ctx, Err(Error::from_signal(sig))));
            return ControlFlow::Break(());
        }
        let commands = match line.commands {
            Ok(commands) => commands,
            Err(e) => {
                b.flush(ctx).await;
                if !b.stopped {
                    b.record(run::finish(ctx, Err(e)));
                }
                return stop_if(b.stopped);
            }
        };
        for parsed in commands {
            let cmd = match parsed {
                Ok(Parsed::Command(cmd)) if self.batching => match write::of(ctx, cmd, line.n) {
                    write::Step::Batch(p) => {
                        b.push(ctx, p).await;
                        if b.stopped {
                            return ControlFlow::Break(());
                        }
                        continue;
                    }
                    write::Step::Alone(cmd) => Ok(Parsed::Command(cmd)),
                },
                other => other,
            };
            b.flush(ctx).await;
            if b.stopped {
                return ControlFlow::Break(());
            }
            let r = match cmd {
                Ok(Parsed::Help(h)) => ctx.out.bytes(h.as_bytes()),
                Ok(Parsed::Command(cmd)) => run::execute(ctx, cmd).await,
                Err(e) => Err(e),
            };
            b.record(run::finish(ctx, r));
            if b.stopped || ctx.quit {
                return ControlFlow::Break(());
            }
        }
        ControlFlow::Continue(())
    }
}

fn stop_if(stop: bool) -> ControlFlow<()> {
    if stop {
        ControlFlow::Break(())
    } else {
        ControlFlow::Continue(())
    }
}

/// Set by a stop signal at any moment. A batched script spends its time parsing lines, not
/// waiting in a command (where `run::execute` catches signals), and must stop all the same.
fn interrupt_flag() -> Arc<AtomicI32> {
    let flag = Arc::new(AtomicI32::new(0));
    let set = flag.clone();
    tokio::spawn(async move {
        loop {
            set.store(signals::next_signal().await, Ordering::Relaxed);
        }
    });
    flag
}
