//! The batch engine of scripts: consecutive writes go out as atomic `multi` requests, with the
//! results of running them one at a time.
//!
//! One multi is in flight while the lines after it are parsed into the next. Only one: a multi
//! is atomic but two are not, and a later batch sent before an earlier one failed would apply
//! to a tree the line-by-line run never sees. The next goes out as soon as the one ahead has
//! landed, with whatever gathered meanwhile (up to a full batch), so batches size themselves to
//! the server's pace instead of waiting to fill. When a multi fails at op k nothing of it was
//! applied, so the ops before k are sent again (they apply, as they would have), op k's command
//! runs on its own (its own request gives its exact error, or succeeds: a `-p` create makes its
//! parents), and the ops after k go back to the front of the queue.

use std::collections::VecDeque;

use tokio::task::JoinHandle;

use super::write::{self, Pending, Report};
use crate::client::{Op, OpResult, Zk};
use crate::command::Command;
use crate::context::Ctx;
use crate::error::Error;
use crate::{output, run};

/// Ops per multi at most. With one multi in flight each waits for the server to commit the one
/// before it, so fewer, larger multis go faster: 10,000 creates took 0.14 s in multis of 1000,
/// 0.09-0.10 s in multis of 2000-4000 (the largest reply, 4000 creates' paths and stats, stays
/// far below 1 MiB).
const MAX_OPS: usize = 4000;
/// Bytes per multi at most: half the server's default packet limit (jute.maxbuffer), and never
/// more than the limit `--jute-maxbuffer` gives (over it a server drops the connection).
const MAX_BYTES: usize = 512 * 1024;

type Sent = (
    Vec<Op>,
    std::result::Result<Vec<OpResult>, (Option<usize>, Error)>,
);

/// A multi on its way: the ops travel with the request task, the rest waits here.
struct Flight {
    rest: Vec<(Report, Command, usize)>,
    task: JoinHandle<Sent>,
    /// The ops before a known failure, sent again: they are expected to apply.
    prefix: bool,
}

/// Pending writes, the multi in flight, and the script's exit code so far.
pub struct Batcher {
    queue: VecDeque<Pending>,
    /// The queued ops' weight (`Op::weight`).
    weight: usize,
    /// The most bytes one multi request may take.
    budget: usize,
    flight: Option<Flight>,
    /// After a failed multi: this many queue items apply, and the one after them fails.
    known_bad_at: Option<usize>,
    keep_going: bool,
    /// The exit code of the last failure (SPEC §5: the first without -k, the last with it).
    pub code: u8,
    /// The script must stop (a failure without -k, Ctrl-C, a batch in doubt).
    pub stopped: bool,
}

impl Batcher {
    pub fn new(ctx: &Ctx, keep_going: bool) -> Batcher {
        Batcher {
            queue: VecDeque::new(),
            weight: 0,
            budget: ctx.cfg.connect.packet_limit.min(MAX_BYTES),
            flight: None,
            known_bad_at: None,
            keep_going,
            code: 0,
            stopped: false,
        }
    }

    /// Records a command's exit code: a failure sets the script's code and, without -k (or on
    /// Ctrl-C), stops the script.
    pub fn record(&mut self, code: u8) {
        if code != 0 {
            self.code = code;
            if !self.keep_going || code == 130 {
                self.stop();
            }
        }
    }

    fn stop(&mut self) {
        self.stopped = true;
        self.queue.clear();
        self.weight = 0;
    }

    /// Nothing queued and nothing in flight.
    pub fn is_idle(&self) -> bool {
        self.queue.is_empty() && self.flight.is_none()
    }

    /// Queues a write. What is queued goes out once the multi ahead has landed, or, when a
    /// full batch is waiting, as soon as it lands.
    pub async fn push(&mut self, ctx: &mut Ctx, p: Pending) {
        self.weight += p.op.weight();
        self.queue.push_back(p);
        let landed = self.flight.as_ref().is_none_or(|f| f.task.is_finished());
        if landed || self.queue.len() >= MAX_OPS || self.weight >= self.budget {
            self.settle(ctx).await;
            self.launch(ctx, None).await;
        }
    }

    /// Sends and reports everything queued: before any command that is not a batched write.
    pub async fn flush(&mut self, ctx: &mut Ctx) {
        loop {
            self.settle(ctx).await;
            if self.stopped || self.queue.is_empty() {
                return;
            }
            self.launch(ctx, None).await;
        }
    }

    /// Sends the front of the queue as one multi (exactly `count` items when given).
    async fn launch(&mut self, ctx: &mut Ctx, count: Option<usize>) {
        if self.stopped || self.queue.is_empty() {
            return;
        }
        let zk = match ctx.zk().await {
            Ok(zk) => zk,
            // Nothing was sent: the first command, run alone, fails as it would have.
            Err(_) => return self.run_front(ctx).await,
        };
        // Packed by the ops' exact size on the wire (the chroot included) against the budget.
        let (mut ops, mut rest, mut bytes, mut weight) = (Vec::new(), Vec::new(), 0, 0);
        while let Some(p) = self.queue.front() {
            let size = zk.op_size(&p.op);
            let full = match count {
                Some(n) => ops.len() == n,
                None => ops.len() == MAX_OPS || Zk::multi_size(bytes + size) > self.budget,
            };
            if full {
                break;
            }
            let Some(p) = self.queue.pop_front() else {
                break;
            };
            bytes += size;
            weight += p.op.weight();
            ops.push(p.op);
            rest.push((p.report, p.cmd, p.line));
        }
        self.weight = self.weight.saturating_sub(weight);
        if ops.is_empty() {
            // Its op alone is over the budget (a long chroot): the command itself says so.
            return self.run_front(ctx).await;
        }
        let task = tokio::spawn(async move {
            let r = zk.multi(&ops).await;
            (ops, r)
        });
        // Let the request task send now, while this one goes on parsing lines.
        tokio::task::yield_now().await;
        self.flight = Some(Flight {
            rest,
            task,
            prefix: count.is_some(),
        });
    }

    /// Waits for the multi in flight and reports it; after a failure, recovers as the module
    /// header says before returning.
    async fn settle(&mut self, ctx: &mut Ctx) {
        while let Some(f) = self.flight.take() {
            self.land(ctx, f).await;
            match self.known_bad_at.take() {
                None => {}
                Some(0) => self.run_front(ctx).await,
                Some(k) => self.launch(ctx, Some(k)).await,
            }
        }
    }

    /// Takes one multi's outcome: prints the results in script order, or puts its items back.
    async fn land(&mut self, ctx: &mut Ctx, f: Flight) {
        let outcome = tokio::select! {
            r = f.task => r,
            sig = crate::signals::next_signal() => {
                let c = run::finish(ctx, Err(Error::from_signal(sig)));
                return self.record(c);
            }
        };
        let (ops, r) = match outcome {
            Ok(sent) => sent,
            Err(e) => return self.in_doubt(ctx, &f.rest, Error::other(format!("batch: {e}"))),
        };
        match r {
            Ok(results) => {
                output::hold();
                for ((report, _, _), result) in f.rest.iter().zip(results) {
                    let c = run::finish(ctx, write::print(ctx, report, result));
                    self.record(c);
                    if self.stopped {
                        break;
                    }
                }
                self.record(run::finish(ctx, output::release()));
                if self.stopped {
                    return;
                }
                if f.prefix {
                    self.known_bad_at = Some(0);
                }
            }
            Err((Some(k), _)) if k < ops.len() => {
                for (op, (report, cmd, line)) in ops.into_iter().zip(f.rest).rev() {
                    self.weight += op.weight();
                    self.queue.push_front(Pending {
                        op,
                        report,
                        cmd,
                        line,
                    });
                }
                self.known_bad_at = Some(k);
            }
            Err((_, e)) => self.in_doubt(ctx, &f.rest, e),
        }
    }

    /// A multi failed as a whole (connection lost, session expired): it may or may not have
    /// been applied, so no line after it can run as it would have. Stops even with -k.
    fn in_doubt(&mut self, ctx: &mut Ctx, rest: &[(Report, Command, usize)], e: Error) {
        let code = run::finish(ctx, Err(e));
        let first = rest.first().map_or(0, |r| r.2);
        let last = rest.last().map_or(0, |r| r.2);
        ctx.out.note(&format!(
            "lines {first}-{last} went out in one batch and may or may not have been applied; stopping"
        ));
        self.code = code.max(1);
        self.stop();
    }

    /// Runs the command at the front of the queue on its own, as the line-by-line run would.
    async fn run_front(&mut self, ctx: &mut Ctx) {
        let Some(p) = self.queue.pop_front() else {
            return;
        };
        self.weight = self.weight.saturating_sub(p.op.weight());
        let r = run::execute(ctx, p.cmd).await;
        let c = run::finish(ctx, r);
        self.record(c);
    }
}
