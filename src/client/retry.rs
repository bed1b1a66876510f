//! Sending a bulk request again when the connection dropped under it but the session lives on.
//! The crate fails every request in flight when its TCP connection breaks, then reconnects on
//! the same session, and requests issued meanwhile wait for that; so an idempotent request (a
//! read, a setACL, a delete that may report NoNode, a create that may report NodeExists) can
//! simply go out again. The request timeout, counted from the first send, bounds all attempts:
//! a request that ran out of time is never sent again.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use super::Zk;
use crate::error::Error;

/// Attempts per request, the first one included.
const ATTEMPTS: usize = 8;

/// How a request's error tells a lost connection from a real answer.
pub trait Outcome {
    /// The connection (not the server) failed the request.
    fn lost(&self) -> bool;
    /// The error for a request whose time ran out.
    fn late(after: Duration) -> Self;
}

impl Outcome for Error {
    fn lost(&self) -> bool {
        matches!(self, Error::Connection(_))
    }

    fn late(after: Duration) -> Self {
        Error::Connection(format!(
            "no reply within {after:?}; the operation may or may not have been applied"
        ))
    }
}

/// A multi request's error: the index of the op that failed, when the server named one.
impl Outcome for (Option<usize>, Error) {
    fn lost(&self) -> bool {
        self.0.is_none() && self.1.lost()
    }

    fn late(after: Duration) -> Self {
        (None, Error::late(after))
    }
}

/// What came of a request, and whether it was sent more than once (then an earlier attempt may
/// have been applied although its reply was lost).
pub struct Settled<T, E> {
    pub result: Result<T, E>,
    pub resent: bool,
}

impl Zk {
    /// When a request sent now must have its answer, retries included.
    pub fn deadline(&self) -> Instant {
        Instant::now() + self.request_timeout
    }

    /// Awaits `reply` (a request sent before `deadline` was taken); if the connection lost it
    /// while the session is still alive, sends it again with `resend`, until an answer comes,
    /// the session ends, or the deadline passes.
    pub async fn settle<T, E: Outcome, F: Future<Output = Result<T, E>>>(
        &self,
        deadline: Instant,
        reply: impl Future<Output = Result<T, E>>,
        mut resend: impl FnMut() -> F,
    ) -> Settled<T, E> {
        let mut result = reply.await;
        let mut resent = false;
        for _ in 1..ATTEMPTS {
            match &result {
                Err(e) if e.lost() && self.is_alive() && Instant::now() < deadline => {}
                _ => break,
            }
            resent = true;
            result = match tokio::time::timeout_at(deadline, resend()).await {
                Ok(r) => r,
                Err(_) => Err(E::late(self.request_timeout)),
            };
        }
        Settled { result, resent }
    }

    /// Sends a request for every item at once with `send` (which sends at call time, one
    /// request per item, in order) and gives the results in order. The requests the connection
    /// lost while the session lived on go out again together, in order, once the client has
    /// reconnected, until each is answered, the session ends, or the request timeout (counted
    /// from now) passes.
    pub async fn each_settled<'a, I, T, E: Outcome, F: Future<Output = Result<T, E>>>(
        &self,
        items: &'a [I],
        send: impl Fn(Vec<&'a I>) -> Vec<F>,
    ) -> Vec<Settled<T, E>> {
        let deadline = self.deadline();
        let mut results: Vec<Option<Settled<T, E>>> = items.iter().map(|_| None).collect();
        let mut todo: Vec<usize> = (0..items.len()).collect();
        for attempt in 1..=ATTEMPTS {
            let sent = send(todo.iter().map(|&i| &items[i]).collect());
            let mut lost = Vec::new();
            for (&i, reply) in todo.iter().zip(sent) {
                let result = match tokio::time::timeout_at(deadline, reply).await {
                    Ok(r) => r,
                    Err(_) => Err(E::late(self.request_timeout)),
                };
                let again = attempt < ATTEMPTS
                    && matches!(&result, Err(e) if e.lost())
                    && self.is_alive()
                    && Instant::now() < deadline;
                if again {
                    lost.push(i);
                } else {
                    let resent = attempt > 1;
                    results[i] = Some(Settled { result, resent });
                }
            }
            if lost.is_empty() {
                break;
            }
            todo = lost;
        }
        results
            .into_iter()
            .map(|r| r.expect("every request is answered or given up"))
            .collect()
    }

    /// `settle` for a request sent now.
    pub async fn retrying<T, E: Outcome, F: Future<Output = Result<T, E>>>(
        &self,
        mut send: impl FnMut() -> F,
    ) -> Result<T, E> {
        let deadline = self.deadline();
        let first = send();
        self.settle(deadline, first, send).await.result
    }
}
