//! The state one shell carries between commands: the session, the current node, where watch
//! events go, and how to ask the operator for confirmation.

use std::sync::Arc;

use crate::client::{Watch, Zk};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::output::Output;
use crate::path;

/// Where watch events and session changes are printed: stdout in one-shot mode, rustyline's
/// external printer in the REPL (so a half-typed line survives).
pub type EventSink = Arc<dyn Fn(String) + Send + Sync>;

/// Asks the operator a yes/no question.
pub type Confirm = Box<dyn FnMut(&str) -> bool + Send>;

pub struct Ctx {
    pub cfg: Arc<Config>,
    pub out: Output,
    /// Connect string in use (changed by `connect`).
    pub servers: String,
    zk: Option<Zk>,
    /// Set by `close`: commands then fail instead of reconnecting behind the operator's back.
    closed: bool,
    pub cwd: String,
    pub interactive: bool,
    pub events: EventSink,
    pub history: Vec<String>,
    /// Asks a yes/no question (REPL only); `None` outside the REPL.
    pub confirm: Option<Confirm>,
    pub quit: bool,
}

impl Ctx {
    pub fn new(cfg: Arc<Config>, interactive: bool, events: EventSink) -> Ctx {
        Ctx {
            out: Output {
                json: cfg.json,
                tty: cfg.stdout_tty,
                quiet: cfg.quiet,
            },
            servers: cfg.connect.servers.clone(),
            cfg,
            zk: None,
            closed: false,
            cwd: "/".into(),
            interactive,
            events,
            history: Vec::new(),
            confirm: None,
            quit: false,
        }
    }

    /// The session, connecting on first use (so `help` or `version` need no server). In the REPL
    /// session state changes are printed inline as they happen.
    pub async fn zk(&mut self) -> Result<Zk> {
        if let Some(zk) = self.zk.as_ref().filter(|zk| zk.is_alive()) {
            return Ok(zk.clone());
        }
        if self.closed {
            return Err(Error::Connection(
                "not connected (use `connect HOSTS`)".into(),
            ));
        }
        let mut opts = self.cfg.connect.clone();
        opts.servers = self.servers.clone();
        let zk = Zk::connect(&opts).await?;
        if self.interactive {
            self.print_states(&zk);
        }
        self.zk = Some(zk.clone());
        Ok(zk)
    }

    fn print_states(&self, zk: &Zk) {
        let mut states = zk.states();
        let (sink, out) = (self.events.clone(), self.out);
        tokio::spawn(async move {
            loop {
                let e = states.next().await;
                sink(out.event_line(&e));
                if matches!(e.kind.as_str(), "Expired" | "Closed" | "AuthFailed") {
                    break;
                }
            }
        });
    }

    /// The session if one is open, without connecting (for completion).
    pub fn current(&self) -> Option<Zk> {
        self.zk.clone()
    }

    /// Replaces the session with one to `servers`.
    pub async fn reconnect(&mut self, servers: String) -> Result<()> {
        self.zk = None;
        self.closed = false;
        self.servers = servers;
        self.cwd = "/".into();
        self.zk().await.map(|_| ())
    }

    pub fn close(&mut self) {
        self.zk = None;
        self.closed = true;
    }

    /// The connection state for the prompt.
    pub fn state(&self) -> String {
        match &self.zk {
            Some(zk) => zk.state(),
            None if self.closed => "Closed".into(),
            None => "NotConnected".into(),
        }
    }

    /// Resolves a path typed by the operator against the current node.
    pub fn resolve(&self, p: &str) -> Result<String> {
        path::resolve(&self.cwd, p)
    }

    /// Follows a one-shot watch: in the REPL the event prints inline whenever it fires; elsewhere
    /// the command waits for it (bounded by --timeout) and prints it.
    pub async fn follow(&self, watch: Watch) -> Result<()> {
        if self.interactive {
            let (sink, out) = (self.events.clone(), self.out);
            tokio::spawn(async move { sink(out.event_line(&watch.event().await)) });
            return Ok(());
        }
        let event = match self.cfg.timeout {
            None => watch.event().await,
            Some(t) => tokio::time::timeout(t, watch.event())
                .await
                .map_err(|_| Error::Connection(format!("no watch event within {t:?}")))?,
        };
        (self.events)(self.out.event_line(&event));
        Ok(())
    }
}
