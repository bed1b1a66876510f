//! One ZooKeeper session as the shell sees it, kept usable across failures: a supervisor task
//! prints every state change, and after expiry opens a new session itself, re-applies `addauth`
//! credentials and hands the new client to everyone waiting (persistent watches re-arm on it).
//! It also keeps the registry of the watches this shell holds.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio::sync::watch;

use crate::client::{ConnectOptions, States, Zk, is_terminal};
use crate::context::EventSink;
use crate::error::{Error, Result};
use crate::output::Output;

/// What kind of watch an entry of `watches` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchKind {
    Persistent,
    Recursive,
    Data,
    Children,
    Exists,
}

impl WatchKind {
    pub fn name(self) -> &'static str {
        match self {
            WatchKind::Persistent => "persistent",
            WatchKind::Recursive => "persistent-recursive",
            WatchKind::Data => "data",
            WatchKind::Children => "children",
            WatchKind::Exists => "exists",
        }
    }

    pub fn is_persistent(self) -> bool {
        matches!(self, WatchKind::Persistent | WatchKind::Recursive)
    }
}

/// A watch this shell holds, with the task that prints its events.
pub struct WatchEntry {
    pub id: usize,
    pub path: String,
    pub kind: WatchKind,
    pub task: Option<tokio::task::AbortHandle>,
}

struct Inner {
    opts: ConnectOptions,
    current: watch::Sender<Option<Zk>>,
    auths: Mutex<Vec<(String, Vec<u8>)>>,
    closed: AtomicBool,
    notices: EventSink,
    /// Where notices go instead while `ui` owns the screen (see `divert_notices`).
    diverted: Mutex<Option<EventSink>>,
    out: Output,
    watches: Mutex<Vec<WatchEntry>>,
    next_id: AtomicUsize,
    print_watches: AtomicBool,
}

impl Inner {
    /// Hands a notice (a state change, a re-armed watch, a new session) to whoever shows them.
    fn say(&self, msg: String) {
        let diverted = self.diverted.lock().ok().and_then(|d| d.clone());
        match diverted {
            Some(sink) => sink(msg),
            None => (self.notices)(msg),
        }
    }
}

/// While it lives, the session's notices go to the sink given to `divert_notices`.
pub struct Diverted(Weak<Inner>);

impl Drop for Diverted {
    fn drop(&mut self) {
        if let Some(inner) = self.0.upgrade()
            && let Ok(mut d) = inner.diverted.lock()
        {
            *d = None;
        }
    }
}

/// Cheap to clone; clones share the session.
#[derive(Clone)]
pub struct Session(Arc<Inner>);

/// A handle for background tasks that must not keep the session alive on their own.
#[derive(Clone)]
pub struct WeakSession(Weak<Inner>);

impl WeakSession {
    pub fn upgrade(&self) -> Option<Session> {
        self.0.upgrade().map(Session)
    }
}

impl Session {
    /// Connects and starts the supervisor. `notices` receives session changes.
    pub async fn connect(opts: ConnectOptions, notices: EventSink, out: Output) -> Result<Session> {
        let zk = Zk::connect(&opts, &opts.auths).await?;
        for w in zk
            .snapshot()
            .map(|s| s.warnings.as_slice())
            .unwrap_or_default()
        {
            notices(format!("zksh: {w}"));
        }
        let states = zk.states();
        let inner = Arc::new(Inner {
            current: watch::Sender::new(Some(zk)),
            auths: Mutex::new(opts.auths.clone()),
            opts,
            closed: AtomicBool::new(false),
            notices,
            diverted: Mutex::new(None),
            out,
            watches: Mutex::new(Vec::new()),
            next_id: AtomicUsize::new(1),
            print_watches: AtomicBool::new(true),
        });
        tokio::spawn(supervise(Arc::downgrade(&inner), states));
        Ok(Session(inner))
    }

    /// Sends the session's notices to `sink` until the guard is dropped: a full-screen view
    /// (`ui`) shows them itself instead of letting them print over it.
    pub fn divert_notices(&self, sink: EventSink) -> Diverted {
        if let Ok(mut d) = self.0.diverted.lock() {
            *d = Some(sink);
        }
        Diverted(Arc::downgrade(&self.0))
    }

    /// Whether both handles are the same session.
    pub fn same(&self, other: &Session) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    pub fn downgrade(&self) -> WeakSession {
        WeakSession(Arc::downgrade(&self.0))
    }

    /// The live client, waiting up to `wait` while a new session is being opened after expiry.
    pub async fn zk(&self, wait: Duration) -> Result<Zk> {
        let mut rx = self.0.current.subscribe();
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if self.0.closed.load(Ordering::SeqCst) {
                return Err(Error::Connection(
                    "not connected (use `connect HOSTS`)".into(),
                ));
            }
            if let Some(zk) = rx.borrow_and_update().as_ref().filter(|zk| zk.is_alive()) {
                return Ok(zk.clone());
            }
            if tokio::time::timeout_at(deadline, rx.changed())
                .await
                .is_err()
            {
                return Err(Error::SessionExpired);
            }
        }
    }

    /// The client as it is now, live or not (for completion and the prompt).
    pub fn current(&self) -> Option<Zk> {
        self.0.current.borrow().clone()
    }

    /// Adds credentials now and remembers them for the sessions opened after an expiry.
    pub async fn add_auth(&self, scheme: &str, cred: &[u8]) -> Result<()> {
        let zk = self.zk(self.0.opts.connect_timeout).await?;
        zk.auth(scheme, cred).await?;
        if let Ok(mut a) = self.0.auths.lock() {
            a.push((scheme.to_string(), cred.to_vec()));
        }
        Ok(())
    }

    /// Ends the session; later commands fail until `connect`.
    pub async fn close(&self) {
        if let Some(zk) = self.release() {
            zk.close().await;
        }
    }

    /// Ends a session that holds nothing (see `Zk::close_unconfirmed`).
    pub async fn close_unconfirmed(&self) {
        if let Some(zk) = self.release() {
            zk.close_unconfirmed().await;
        }
    }

    /// Marks the session closed, stops its watch tasks and gives up its client.
    fn release(&self) -> Option<Zk> {
        self.0.closed.store(true, Ordering::SeqCst);
        for w in self.take_watches(|_| true) {
            if let Some(t) = w.task {
                t.abort();
            }
        }
        self.0.current.send_replace(None)
    }

    /// A notice naming server-supplied paths: escaped when it may reach a terminal (in the REPL
    /// notices print on stdout, elsewhere on stderr).
    pub fn notice(&self, msg: &str) {
        let out = self.0.out;
        let msg = if out.tty || out.err_tty {
            crate::output::sanitize::message(msg)
        } else {
            msg.to_string()
        };
        self.0.say(msg);
    }

    pub fn out(&self) -> Output {
        self.0.out
    }

    pub fn print_watches(&self) -> bool {
        self.0.print_watches.load(Ordering::SeqCst)
    }

    pub fn set_print_watches(&self, on: bool) {
        self.0.print_watches.store(on, Ordering::SeqCst);
    }

    /// Registers a watch; returns its id.
    pub fn add_watch(
        &self,
        path: &str,
        kind: WatchKind,
        task: Option<tokio::task::AbortHandle>,
    ) -> usize {
        let id = self.0.next_id.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut w) = self.0.watches.lock() {
            w.push(WatchEntry {
                id,
                path: path.to_string(),
                kind,
                task,
            });
        }
        id
    }

    pub fn set_watch_task(&self, id: usize, task: tokio::task::AbortHandle) {
        if let Ok(mut w) = self.0.watches.lock()
            && let Some(e) = w.iter_mut().find(|e| e.id == id)
        {
            e.task = Some(task);
        }
    }

    pub fn remove_watch(&self, id: usize) {
        self.take_watches(|e| e.id == id);
    }

    /// Removes and returns the watches matching `f`.
    pub fn take_watches(&self, f: impl Fn(&WatchEntry) -> bool) -> Vec<WatchEntry> {
        let Ok(mut w) = self.0.watches.lock() else {
            return Vec::new();
        };
        let (taken, kept) = std::mem::take(&mut *w).into_iter().partition(|e| f(e));
        *w = kept;
        taken
    }

    /// (id, path, kind) of every watch held.
    pub fn list_watches(&self) -> Vec<(usize, String, WatchKind)> {
        let Ok(w) = self.0.watches.lock() else {
            return Vec::new();
        };
        w.iter().map(|e| (e.id, e.path.clone(), e.kind)).collect()
    }
}

/// Prints state changes; after expiry opens a new session and publishes it.
async fn supervise(weak: Weak<Inner>, mut states: States) {
    loop {
        let e = states.next().await;
        let Some(inner) = weak.upgrade() else { return };
        if inner.closed.load(Ordering::SeqCst) {
            return;
        }
        inner.say(inner.out.event_line(&e, None));
        if !is_terminal(&e) {
            continue;
        }
        if e.kind != "Expired" {
            return;
        }
        inner.say(
            "zksh: session expired: its ephemeral nodes and one-shot watches are gone; opening a new session"
                .into(),
        );
        drop(inner);
        match renew(&weak).await {
            Some(s) => states = s,
            None => return,
        }
    }
}

/// Opens sessions until one works (or the shell closed this one); re-applies credentials.
async fn renew(weak: &Weak<Inner>) -> Option<States> {
    loop {
        let inner = weak.upgrade()?;
        if inner.closed.load(Ordering::SeqCst) {
            return None;
        }
        let auths = inner.auths.lock().map(|a| a.clone()).unwrap_or_default();
        match Zk::connect(&inner.opts, &auths).await {
            Ok(zk) => {
                let states = zk.states();
                let msg = format!(
                    "zksh: new session {:#x}{}; persistent watches are re-armed on it",
                    zk.session_id(),
                    if auths.is_empty() {
                        String::new()
                    } else {
                        format!(", {} credential(s) re-applied", auths.len())
                    }
                );
                inner.current.send_replace(Some(zk));
                inner.say(msg);
                return Some(states);
            }
            Err(_) => {
                drop(inner);
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}
