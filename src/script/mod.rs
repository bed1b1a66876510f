//! Scripts (`-c`, `-f`, stdin): lines split into commands and run in order, stopping at the
//! first failure (or going on with -k). Consecutive single-node writes travel in `multi`
//! batches (see `batch`), with the results of running the lines one at a time; anything else
//! first waits for the writes before it.

mod batch;
mod write;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::mpsc;

use crate::command::{self, Parsed};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::{line, run};

/// Set (to anything) to run every line on its own, one request at a time: the reference the
/// batched run must equal (the property test in tests/script_equivalence.rs runs both).
const NO_BATCH_ENV: &str = "ZKSH_NO_COALESCE";

/// Runs a script, line by line as the reader thread delivers them; returns the exit code.
pub async fn run(
    ctx: &mut Ctx,
    mut source: mpsc::Receiver<std::io::Result<Vec<u8>>>,
    keep_going: bool,
) -> u8 {
    let batching = std::env::var_os(NO_BATCH_ENV).is_none();
    let interrupted = interrupt_flag();
    let mut b = batch::Batcher::new(keep_going);
    let mut n = 0;
    while let Some(text) = source.recv().await {
        if interrupted.load(Ordering::Relaxed) {
            b.record(run::finish(ctx, Err(Error::Interrupted)));
            return b.code;
        }
        n += 1;
        let commands = match commands(text, n) {
            Ok(commands) => commands,
            Err(e) => {
                b.flush(ctx).await;
                if !b.stopped {
                    b.record(run::finish(ctx, Err(e)));
                }
                if b.stopped {
                    return b.code;
                }
                continue;
            }
        };
        for words in commands {
            let parsed = command::parse(words);
            let cmd = match parsed {
                Ok(Parsed::Command(cmd)) if batching => match write::of(ctx, cmd, n) {
                    write::Step::Batch(p) => {
                        b.push(ctx, p).await;
                        if b.stopped {
                            return b.code;
                        }
                        continue;
                    }
                    write::Step::Alone(cmd) => Ok(Parsed::Command(cmd)),
                },
                other => other,
            };
            b.flush(ctx).await;
            if b.stopped {
                return b.code;
            }
            let r = match cmd {
                Ok(Parsed::Help(h)) => ctx.out.bytes(h.as_bytes()),
                Ok(Parsed::Command(cmd)) => run::execute(ctx, cmd).await,
                Err(e) => Err(e),
            };
            b.record(run::finish(ctx, r));
            if b.stopped || ctx.quit {
                return b.code;
            }
        }
    }
    b.flush(ctx).await;
    b.code
}

/// Set by Ctrl-C at any moment. A batched script spends its time parsing lines, not waiting in
/// a command (where `run::execute` catches Ctrl-C), and must stop all the same.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let set = flag.clone();
    tokio::spawn(async move {
        while tokio::signal::ctrl_c().await.is_ok() {
            set.store(true, Ordering::Relaxed);
        }
    });
    flag
}

/// One line's commands; a byte-order mark (which some editors write) before the first line is
/// not part of it.
fn commands(text: std::io::Result<Vec<u8>>, n: usize) -> Result<Vec<Vec<String>>> {
    let mut bytes = text?;
    if n == 1 && bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    let t =
        String::from_utf8(bytes).map_err(|_| Error::usage(format!("line {n}: not valid UTF-8")))?;
    line::split(&t).map_err(|e| Error::usage(e.0))
}
