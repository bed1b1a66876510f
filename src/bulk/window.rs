//! The one sliding window every bulk command sends through. A request is sent the moment it is
//! pushed (the client crate sends at call time, so requests leave in push order) and its reply
//! is taken in push order; the next request can leave as soon as the oldest one is answered.
//!
//! The window also owns the one rule for a dropped connection: the crate fails every request in
//! flight when its TCP connection breaks, then reconnects on the same session, so while the
//! session lives a request the connection lost is sent again, until it is answered, the session
//! ends, or its deadline (the request timeout, counted from its first send) passes. Whether
//! sending again is safe is the caller's business: reads always are; writes are checked by
//! `write.rs`, which knows what a repeated write looks like.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;

use tokio::time::Instant;

use crate::client::Zk;
use crate::error::Error;

/// How a request's error tells a lost connection from a real answer.
pub trait Outcome {
    /// The connection, not the server, failed the request.
    fn lost(&self) -> bool;
    /// The error for a request whose time ran out.
    fn late(zk: &Zk) -> Self;
}

impl Outcome for Error {
    fn lost(&self) -> bool {
        matches!(self, Error::Connection(_))
    }

    fn late(zk: &Zk) -> Self {
        Error::Connection(format!(
            "no reply within {:?} (the request timeout)",
            zk.request_timeout()
        ))
    }
}

/// A multi request's error: the index of the op that failed, when the server named one.
impl Outcome for (Option<usize>, Error) {
    fn lost(&self) -> bool {
        self.0.is_none() && self.1.lost()
    }

    fn late(zk: &Zk) -> Self {
        (None, Error::late(zk))
    }
}

type Reply<'a, T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'a>>;
type Sender<'a, T, E> = Box<dyn Fn() -> Reply<'a, T, E> + Send + 'a>;

struct Slot<'a, T, E, K> {
    key: K,
    reply: Reply<'a, T, E>,
    send: Sender<'a, T, E>,
    deadline: Instant,
}

/// What came of one request: its key, its result, and whether it was sent more than once (then
/// an earlier attempt may have been applied although its reply was lost).
pub struct Settled<T, E, K> {
    pub key: K,
    pub result: Result<T, E>,
    pub resent: bool,
}

/// Requests in flight, oldest first. `K` is the caller's note of what each request was.
pub struct Window<'a, T, E, K> {
    zk: &'a Zk,
    depth: usize,
    slots: VecDeque<Slot<'a, T, E, K>>,
}

impl<'a, T, E: Outcome, K> Window<'a, T, E, K> {
    pub fn new(zk: &'a Zk, depth: usize) -> Self {
        Window {
            zk,
            depth: depth.max(1),
            slots: VecDeque::new(),
        }
    }

    pub fn is_full(&self) -> bool {
        self.slots.len() >= self.depth
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The keys of the requests in flight, oldest first.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.slots.iter().map(|s| &s.key)
    }

    /// Sends a request now; `send` is kept to send it again after a lost connection.
    pub fn push<F>(&mut self, key: K, send: impl Fn() -> F + Send + 'a)
    where
        F: Future<Output = Result<T, E>> + Send + 'a,
    {
        let send: Sender<'a, T, E> = Box::new(move || Box::pin(send()));
        let reply = send();
        self.slots.push_back(Slot {
            key,
            reply,
            send,
            deadline: Instant::now() + self.zk.request_timeout(),
        });
    }

    /// The oldest request's outcome, sent again as often as the connection loses it while the
    /// session lives; `None` when nothing is in flight.
    pub async fn next(&mut self) -> Option<Settled<T, E, K>> {
        let slot = self.slots.pop_front()?;
        let Slot {
            key,
            mut reply,
            send,
            deadline,
        } = slot;
        let mut resent = false;
        loop {
            let result = match tokio::time::timeout_at(deadline, reply).await {
                Ok(r) => r,
                Err(_) => Err(E::late(self.zk)),
            };
            let again = matches!(&result, Err(e) if e.lost())
                && self.zk.is_alive()
                && Instant::now() < deadline;
            if !again {
                return Some(Settled {
                    key,
                    result,
                    resent,
                });
            }
            resent = true;
            reply = send();
        }
    }
}
