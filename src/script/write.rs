//! Which script commands are single-node writes that may travel in a batch, the op each sends,
//! and how its result is printed: exactly as the command itself would print it.

use crate::client::{Op, OpResult};
use crate::command::{self, Command};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::reply::Reply;

/// How a batched write's result is printed.
#[derive(Debug)]
pub enum Report {
    /// `create`: the path made.
    Created,
    /// `set`: the stat with `-s` (always in JSON).
    Set { path: String, stat: bool },
    /// `delete`: nothing in text.
    Deleted(String),
}

/// A write parsed from a script line, waiting for its batch.
pub struct Pending {
    pub op: Op,
    pub report: Report,
    /// The command itself: run alone, it gives the exact line-by-line result when its op fails
    /// in a batch (or a `-p` create finds its parents missing).
    pub cmd: Command,
    /// Script line number, for the note on a batch whose outcome is unknown.
    pub line: usize,
}

/// What a script does with a command.
pub enum Step {
    Batch(Pending),
    /// Run it as itself, after the writes before it.
    Alone(Command),
}

/// The batchable write `cmd` is, or `None`: anything else (a read, `cd`, a value from stdin, a
/// line whose arguments are wrong) runs as itself, after the batch before it.
pub fn of(ctx: &Ctx, cmd: Command, line: usize) -> Step {
    // Under safety rails each write is checked (and may be refused) on its own, as typed.
    if ctx.cfg.no_write || ctx.cfg.confirm_writes || !ctx.cfg.protect.is_empty() {
        return Step::Alone(cmd);
    }
    let made = match &cmd {
        Command::Create(a) if !from_stdin(&a.value.value) && !a.dry.dry_run => {
            command::create_op(ctx, a).map(|op| (op, Report::Created))
        }
        Command::Set(a) if !from_stdin(&a.value.value) && !a.dry.dry_run => command::set_op(ctx, a)
            .map(|op| {
                let report = Report::Set {
                    path: op.path().to_string(),
                    stat: a.stat,
                };
                (op, report)
            }),
        Command::Delete(a) if a.paths.len() == 1 && !a.recursive && !a.dry.dry_run => {
            ctx.resolve(&a.paths[0]).map(|path| {
                let op = Op::Delete {
                    path: path.clone(),
                    version: a.version,
                };
                (op, Report::Deleted(path))
            })
        }
        _ => return Step::Alone(cmd),
    };
    match made {
        // An op over a quarter of the servers' packet limit (`--jute-maxbuffer`) goes alone, as
        // the command itself, which checks its own size exactly.
        Ok((op, report)) if op.weight() <= ctx.cfg.connect.packet_limit / 4 => {
            Step::Batch(Pending {
                op,
                report,
                cmd,
                line,
            })
        }
        _ => Step::Alone(cmd),
    }
}

/// A `-` value reads stdin, which has one reader at its own turn (see `value::claim_stdin`).
fn from_stdin(value: &Option<String>) -> bool {
    value.as_deref() == Some("-")
}

/// Prints what the command would have printed for this result: the reply it would give.
pub fn print(ctx: &Ctx, report: &Report, result: OpResult) -> Result<()> {
    let reply = match (report, result) {
        (Report::Created, OpResult::Created(path)) => Reply::Created(path),
        (Report::Set { path, stat }, OpResult::Set(s)) => Reply::Written {
            path: path.clone(),
            stat: s,
            show: *stat,
        },
        (Report::Deleted(path), _) => Reply::done("delete", [path.clone()]),
        (_, r) => return Err(Error::other(format!("unexpected batch result {r:?}"))),
    };
    ctx.out.show(&reply)
}
