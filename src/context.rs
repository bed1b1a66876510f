//! The state one shell carries between commands: the session, the current node, where watch
//! events and notices go, and how to ask the operator for confirmation.

use std::sync::Arc;

use crate::client::{Watch, Zk};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::path;
use crate::session::{Session, WatchKind};
use crate::watch;

/// Where lines are printed: watch events go to stdout in one-shot mode and session notices to
/// stderr; in the REPL both go through rustyline's external printer (so a half-typed line
/// survives).
pub type EventSink = Arc<dyn Fn(String) + Send + Sync>;

/// Asks the operator a question; gives the answer typed (trimmed; empty on Ctrl-C or Ctrl-D).
pub type Confirm = Box<dyn FnMut(&str) -> String + Send>;

pub struct Ctx {
    pub cfg: Arc<Config>,
    pub out: Output,
    /// Connect string in use (changed by `connect`).
    pub servers: String,
    session: Option<Session>,
    /// Set by `close`: commands then fail instead of reconnecting behind the operator's back.
    closed: bool,
    pub cwd: String,
    pub interactive: bool,
    pub events: EventSink,
    pub notices: EventSink,
    pub history: Vec<String>,
    /// Asks a yes/no question (REPL only); `None` outside the REPL.
    pub confirm: Option<Confirm>,
    pub quit: bool,
}

impl Ctx {
    pub fn new(cfg: Arc<Config>, interactive: bool, events: EventSink, notices: EventSink) -> Ctx {
        Ctx {
            out: cfg.output(),
            servers: cfg.connect.servers.clone(),
            cfg,
            session: None,
            closed: false,
            cwd: "/".into(),
            interactive,
            events,
            notices,
            history: Vec::new(),
            confirm: None,
            quit: false,
        }
    }

    /// The session, opened on first use (so `help` or `version` need no server).
    pub async fn session(&mut self) -> Result<Session> {
        if let Some(s) = &self.session {
            return Ok(s.clone());
        }
        if self.closed {
            return Err(Error::Connection(
                "not connected (use `connect HOSTS`)".into(),
            ));
        }
        let mut opts = self.cfg.connect.clone();
        opts.servers = self.servers.clone();
        let s = Session::connect(opts, self.notices.clone(), self.out).await?;
        self.session = Some(s.clone());
        Ok(s)
    }

    /// The live client; while a new session is being opened after expiry, commands wait for it
    /// up to the connect timeout.
    pub async fn zk(&mut self) -> Result<Zk> {
        let wait = self.cfg.connect.connect_timeout;
        self.session().await?.zk(wait).await
    }

    /// Replaces the session with one to `servers`.
    pub async fn reconnect(&mut self, servers: String) -> Result<()> {
        self.shutdown().await;
        self.closed = false;
        self.servers = servers;
        self.cwd = "/".into();
        self.zk().await.map(|_| ())
    }

    /// `close`: ends the session; commands fail until `connect`.
    pub async fn close(&mut self) {
        self.shutdown().await;
        self.closed = true;
    }

    /// Ends the session now, so the server drops its ephemerals at once instead of at expiry.
    pub async fn shutdown(&mut self) {
        if let Some(s) = self.session.take() {
            s.close().await;
        }
    }

    /// Ends the session after a one-shot command that left nothing on the server (no
    /// ephemerals, no watches): the server closes it without zksh waiting for that.
    pub async fn shutdown_unconfirmed(&mut self) {
        if let Some(s) = self.session.take() {
            s.close_unconfirmed().await;
        }
    }

    /// The session as it is now, without connecting (`ui` notices when a command replaced it).
    pub fn session_now(&self) -> Option<Session> {
        self.session.clone()
    }

    /// The client as it is now, without connecting (for completion).
    pub fn current(&self) -> Option<Zk> {
        self.session.as_ref().and_then(Session::current)
    }

    /// The connection state for the prompt.
    pub fn state(&self) -> String {
        match self.current() {
            Some(zk) => zk.state(),
            None if self.closed => "Closed".into(),
            None => "NotConnected".into(),
        }
    }

    /// A progress line for a bulk operation (drawn only when stderr is a terminal).
    pub fn progress(&self, label: &str, total: Option<usize>) -> crate::output::progress::Progress {
        let draw = self.cfg.stderr_tty && !self.cfg.quiet && !self.cfg.json;
        let p = crate::output::progress::Progress::new(label, total, draw);
        if self.cfg.quiet {
            p.silent_when_stopped()
        } else {
            p
        }
    }

    /// Resolves a path typed by the operator against the current node.
    pub fn resolve(&self, p: &str) -> Result<String> {
        path::resolve(&self.cwd, p)
    }

    /// Follows a one-shot watch on `path`: in the REPL the event prints inline whenever it
    /// fires; elsewhere the command waits for it (bounded by --timeout) and prints it.
    pub async fn follow(&mut self, path: &str, kind: WatchKind, watch: Watch) -> Result<()> {
        let session = self.session().await?;
        if self.interactive {
            watch::spawn_oneshot(&session, path, kind, watch, self.events.clone());
            return Ok(());
        }
        let event = match self.cfg.timeout {
            None => watch.event().await,
            Some(t) => tokio::time::timeout(t, watch.event())
                .await
                .map_err(|_| Error::Timeout(format!("no watch event within {t:?}")))?,
        };
        // The session ended (expiry, auth failure) before the node changed: no result.
        if event.session {
            return Err(Error::Connection(format!(
                "the watch on {path} ended without an event: session {}",
                event.kind
            )));
        }
        (self.events)(self.out.event_line(&event, None));
        Ok(())
    }
}

/// The progress line is where the bulk engine counts what it settled.
impl crate::bulk::Tally for crate::output::progress::Progress {
    fn add(&self, n: usize) {
        crate::output::progress::Progress::add(self, n)
    }
}
