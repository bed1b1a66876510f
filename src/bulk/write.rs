//! Bulk writes (deleteall, import, cp, mv, setAcl -R): ops queued in order, sent as atomic
//! `multi` batches sized by their bytes on the wire, several in flight through the `Window`.
//!
//! A multi is all or nothing, so a batch the server refuses at op k changed nothing: the ops
//! before k go again as one batch, and k and the ops after it one by one (all sent at once, in
//! order), which gives each failing op its own exact error. A batch the connection lost is sent
//! again while the session lives; if it then fails at its first op in the way a repeat of an
//! applied batch would (the create finds its node, the delete finds none), the nodes are read
//! back to learn whether the first attempt was applied. What cannot be known is reported in
//! doubt, by path. A stop signal ends sending; the replies in flight are still awaited, so the
//! report stays exact.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::client::{Op, OpResult, Read, ReadReply, Zk};
use crate::error::Error;
use crate::signals;

use super::Tally;
use super::window::{Settled, Window};
use crate::reply::Report;

/// Ops per multi request, and multi requests in flight.
const MAX_OPS: usize = 1000;
const DEPTH: usize = 4;

type MultiError = (Option<usize>, Error);
type Ops = Arc<Vec<Op>>;
type MultiWindow<'a> = Window<'a, Vec<OpResult>, MultiError, Ops>;

pub struct Writer<'a> {
    zk: &'a Zk,
    window: MultiWindow<'a>,
    batch: Vec<Op>,
    size: usize,
    progress: &'a dyn Tally,
    /// A delete that finds its node gone counts as done (deleteall: the node is gone).
    gone_is_done: bool,
    pub report: Report,
}

impl<'a> Writer<'a> {
    pub fn new(zk: &'a Zk, progress: &'a dyn Tally, report: Report) -> Writer<'a> {
        Writer {
            zk,
            window: Window::new(zk, DEPTH),
            batch: Vec::new(),
            size: 0,
            progress,
            gone_is_done: false,
            report,
        }
    }

    pub fn gone_is_done(mut self) -> Self {
        self.gone_is_done = true;
        self
    }

    pub fn stopped(&self) -> bool {
        self.report.stopped.is_some()
    }

    /// Queues `op`, sending a batch when one is full. False once the writer has stopped (the
    /// report says why); nothing is sent after that.
    pub async fn push(&mut self, op: Op) -> bool {
        if self.stopped() {
            return false;
        }
        if let Some(sig) = signals::stop_requested() {
            self.stop(Error::from_signal(sig)).await;
            return false;
        }
        let add = self.zk.op_size(&op);
        if let Err(e) = self.zk.check_size(op.path(), Zk::multi_size(add)) {
            self.report.failed.push((op.path().to_string(), e));
            return true;
        }
        let limit = self.zk.packet_limit();
        if self.batch.len() >= MAX_OPS || Zk::multi_size(self.size + add) > limit {
            self.send().await;
        }
        self.size += add;
        self.batch.push(op);
        !self.stopped()
    }

    /// Sends what is queued, waits for every reply, and gives the report.
    pub async fn finish(mut self) -> Report {
        if !self.stopped() {
            self.send().await;
        }
        while !self.window.is_empty() && !self.stopped() {
            self.settle_next().await;
        }
        self.report
    }

    /// Stops sending and waits for the replies in flight, so they are counted exactly.
    async fn stop(&mut self, why: Error) {
        self.batch.clear();
        while !self.window.is_empty() && !self.stopped() {
            self.settle_next().await;
        }
        self.report.stopped.get_or_insert(why);
    }

    async fn send(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        while self.window.is_full() && !self.stopped() {
            self.settle_next().await;
        }
        let ops: Ops = Arc::new(std::mem::take(&mut self.batch));
        self.size = 0;
        if self.stopped() {
            return;
        }
        let (zk, sent) = (self.zk, ops.clone());
        self.window.push(ops, move || zk.multi(&sent));
    }

    fn done(&mut self, n: usize) {
        self.report.done += n;
        self.progress.add(n);
    }

    /// The connection or session failed for good: what is in flight is in doubt.
    fn abandon(&mut self, ops: &[Op], why: Error) {
        let in_flight = self.window.keys().flat_map(|k| k.iter());
        let paths = ops.iter().chain(in_flight).map(|o| o.path().to_string());
        self.report.in_doubt.extend(paths);
        self.window = Window::new(self.zk, DEPTH);
        self.batch.clear();
        self.report.stopped.get_or_insert(why);
    }

    async fn settle_next(&mut self) {
        if let Some(s) = self.window.next().await {
            self.settle(s).await;
        }
    }

    async fn settle(&mut self, s: Settled<Vec<OpResult>, MultiError, Ops>) {
        match s.result {
            Ok(_) => self.done(s.key.len()),
            Err((_, e)) if e.is_transport() => self.abandon(&s.key, e),
            Err((Some(k), e)) => self.redo(s.key, k, e, s.resent).await,
            // Refused as a whole (not by one op): learn each op's fate alone.
            Err((None, _)) => self.singly(&s.key).await,
        }
    }

    /// A batch that failed at op `k`: nothing of it was applied (unless it was sent twice and
    /// its first attempt was, which the nodes tell).
    fn redo<'b>(
        &'b mut self,
        ops: Ops,
        k: usize,
        error: Error,
        resent: bool,
    ) -> Pin<Box<dyn Future<Output = ()> + 'b>>
    where
        'a: 'b,
    {
        Box::pin(async move {
            if resent && k == 0 && looks_applied(&ops[0], &error) && self.applied(&ops).await {
                return self.done(ops.len());
            }
            if k > 0 {
                let prefix: Ops = Arc::new(ops[..k].to_vec());
                let mut w: MultiWindow<'a> = Window::new(self.zk, 1);
                let (zk, sent) = (self.zk, prefix.clone());
                w.push(prefix, move || zk.multi(&sent));
                if let Some(s) = w.next().await {
                    self.settle(s).await;
                }
                if self.stopped() {
                    return;
                }
            }
            self.singly(&ops[k..]).await;
        })
    }

    /// Sends each op alone (all at once, in order) and files each outcome.
    async fn singly(&mut self, ops: &[Op]) {
        let mut w: Window<'a, Vec<OpResult>, MultiError, usize> = Window::new(self.zk, ops.len());
        for (i, op) in ops.iter().enumerate() {
            let (zk, one) = (self.zk, [op.clone()]);
            w.push(i, move || zk.multi(&one));
        }
        while let Some(s) = w.next().await {
            let op = &ops[s.key];
            match s.result {
                Ok(_) => self.done(1),
                Err((_, e)) if e.is_transport() => {
                    let rest: Vec<Op> = w.keys().map(|&i| ops[i].clone()).collect();
                    self.abandon(&[std::slice::from_ref(op), &rest].concat(), e);
                    return;
                }
                Err((_, Error::NoNode { .. }))
                    if self.gone_is_done && matches!(op, Op::Delete { .. }) =>
                {
                    self.done(1)
                }
                Err((_, e)) => {
                    let repeat = s.resent && looks_applied(op, &e);
                    if repeat && self.applied(std::slice::from_ref(op)).await {
                        self.done(1);
                    } else {
                        self.report.failed.push((op.path().to_string(), e));
                    }
                }
            }
        }
    }

    /// Whether the nodes show `ops` applied: created or set nodes hold the data written,
    /// deleted ones are gone.
    async fn applied(&self, ops: &[Op]) -> bool {
        let reads: Vec<(Read, String)> = ops
            .iter()
            .map(|o| (Read::Data, o.path().to_string()))
            .collect();
        let mut w: Window<'a, _, Error, ()> = Window::new(self.zk, 1);
        let zk = self.zk;
        w.push((), move || zk.read_batch(&reads));
        let Some(Ok(replies)) = w.next().await.map(|s| s.result) else {
            return false;
        };
        ops.iter().zip(replies).all(|(op, r)| match (op, r) {
            (Op::Create { data, .. } | Op::Set { data, .. }, Ok(ReadReply::Data(d, _))) => {
                d == *data
            }
            (Op::Delete { .. }, Err(Error::NoNode { .. })) => true,
            _ => false,
        })
    }
}

/// Whether `op` failing with `e` is what sending it again after it was applied would give.
fn looks_applied(op: &Op, e: &Error) -> bool {
    matches!(
        (op, e),
        (Op::Create { .. }, Error::NodeExists { .. })
            | (
                Op::Set {
                    version: Some(_),
                    ..
                },
                Error::BadVersion { .. }
            )
            | (Op::Delete { .. }, Error::NoNode { .. })
    )
}
