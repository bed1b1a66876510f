//! setACL in bulk (`setAcl -R`, the ACLs of `import --overwrite` and `cp --overwrite`). The
//! server has no multi form of setACL, so requests go one per node, many in flight through the
//! `Window`. Setting an ACL twice is harmless, so a chunk the connection lost is sent again;
//! but an attempt whose reply was lost may have set an ACL without ADMIN, after which the repeat
//! is refused (NoAuth) — the node's ACL then tells whether it is done. Any NoAuth is read back
//! so: the window is not the only one to send again (the client may replay a request the
//! connection lost), so a refused reply cannot be known to be a first attempt.

use std::sync::Arc;

use crate::acl::AclEntry;
use crate::client::Zk;
use crate::error::{Error, Result};
use crate::signals;

use super::Tally;
use super::window::{Settled, Window};
use crate::reply::Report;

/// setACL requests per chunk, and chunks in flight: under the 1,000 requests the server lets
/// a connection have outstanding before it stops reading it (globalOutstandingLimit).
const CHUNK: usize = 100;
const DEPTH: usize = 8;

type Items = Arc<Vec<(String, Vec<AclEntry>)>>;

pub struct AclWriter<'a> {
    zk: &'a Zk,
    window: Window<'a, Vec<Result<()>>, Error, Items>,
    chunk: Vec<(String, Vec<AclEntry>)>,
    progress: &'a dyn Tally,
    pub report: Report,
}

impl<'a> AclWriter<'a> {
    pub fn new(zk: &'a Zk, progress: &'a dyn Tally, report: Report) -> AclWriter<'a> {
        AclWriter {
            zk,
            window: Window::new(zk, DEPTH),
            chunk: Vec::new(),
            progress,
            report,
        }
    }

    pub fn stopped(&self) -> bool {
        self.report.stopped.is_some()
    }

    /// Queues a setACL; false once the writer has stopped.
    pub async fn push(&mut self, path: String, acl: Vec<AclEntry>) -> bool {
        if self.stopped() {
            return false;
        }
        if let Some(sig) = signals::stop_requested() {
            self.chunk.clear();
            self.drain().await;
            self.report.stopped.get_or_insert(Error::from_signal(sig));
            return false;
        }
        if let Err(e) = self.zk.check_size(&path, self.zk.set_acl_size(&path, &acl)) {
            self.report.failed.push((path, e));
            return true;
        }
        self.chunk.push((path, acl));
        if self.chunk.len() >= CHUNK {
            self.send().await;
        }
        !self.stopped()
    }

    pub async fn finish(mut self) -> Report {
        if !self.stopped() {
            self.send().await;
        }
        self.drain().await;
        self.report
    }

    async fn drain(&mut self) {
        while !self.window.is_empty() && !self.stopped() {
            self.settle_next().await;
        }
    }

    async fn send(&mut self) {
        if self.chunk.is_empty() {
            return;
        }
        while self.window.is_full() && !self.stopped() {
            self.settle_next().await;
        }
        let items: Items = Arc::new(std::mem::take(&mut self.chunk));
        if self.stopped() {
            return;
        }
        let (zk, sent) = (self.zk, items.clone());
        self.window.push(items, move || zk.set_acl_batch(&sent));
    }

    async fn settle_next(&mut self) {
        let Some(s) = self.window.next().await else {
            return;
        };
        let Settled { key, result, .. } = s;
        let replies = match result {
            Ok(r) => r,
            Err(e) => {
                let in_flight = self.window.keys().flat_map(|k| k.iter());
                let paths = key.iter().chain(in_flight).map(|(p, _)| p.clone());
                self.report.in_doubt.extend(paths);
                self.window = Window::new(self.zk, DEPTH);
                self.report.stopped = Some(e);
                return;
            }
        };
        let mut refused = Vec::new();
        for ((path, acl), r) in key.iter().zip(replies) {
            match r {
                Ok(()) => self.done(1),
                // Deleted meanwhile: nothing to set.
                Err(Error::NoNode { .. }) => {}
                Err(e @ Error::NoAuth { .. }) => refused.push((path, acl, e)),
                Err(e) => self.report.failed.push((path.clone(), e)),
            }
        }
        for (path, acl, e) in refused {
            match self.carries(path, acl).await {
                Some(true) => self.done(1),
                Some(false) => self.report.failed.push((path.clone(), e)),
                // The connection went while reading it back: applied or not, nobody knows.
                None => self.report.in_doubt.push(path.clone()),
            }
        }
    }

    fn done(&mut self, n: usize) {
        self.report.done += n;
        self.progress.add(n);
    }

    /// Whether the node's ACL is `acl` already (set by an attempt whose reply was lost).
    /// Whether the node carries `acl` now; `None` when it cannot be read back (the connection
    /// keeps failing: the read is tried again as the session reconnects, a few times).
    async fn carries(&self, path: &str, acl: &[AclEntry]) -> Option<bool> {
        let key = |list: &[AclEntry]| {
            let mut k: Vec<String> = list.iter().map(ToString::to_string).collect();
            k.sort();
            k
        };
        for attempt in 1..=5u64 {
            match self.zk.get_acl(path).await {
                Ok((now, _)) => return Some(key(&now) == key(acl)),
                Err(e) if e.is_transport() => {
                    tokio::time::sleep(std::time::Duration::from_millis(200 * attempt)).await;
                }
                Err(_) => return Some(false),
            }
        }
        None
    }
}
