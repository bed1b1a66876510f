//! The only module that talks to the `zookeeper-client` crate: connecting, requests, watches and
//! session states, all mapped into zksh's own types and errors.

use std::future::Future;
use std::time::Duration;

use zookeeper_client as zk;

mod bulk;
mod ensemble;
pub mod offline;
mod recipe;
pub use bulk::{DataReply, Op, OpResult, Read, ReadReply};
pub use ensemble::Reconfig;

use crate::acl::AclEntry;
use crate::error::{Error, Result};
use crate::reply::{Event, Stat};
use crate::secure::{self, Sasl, Tls};

/// How to reach the ensemble; resolved once from flags and environment. `Debug` shows the
/// schemes of the credentials, never the credentials.
#[derive(Clone)]
pub struct ConnectOptions {
    pub servers: String,
    pub session_timeout: Duration,
    pub connect_timeout: Duration,
    /// Bound on one request while the connection is down (the crate would wait forever).
    pub request_timeout: Duration,
    pub read_only: bool,
    /// Credentials sent when the session opens (--auth, $ZKSH_AUTH, --auth-file).
    pub auths: Vec<(String, Vec<u8>)>,
    /// Connect with TLS (--tls, --tls-ca, --tls-cert, --tls-key).
    pub tls: Option<Tls>,
    /// Log in with SASL DIGEST-MD5 (--sasl-user).
    pub sasl: Option<Sasl>,
    /// The server's `jute.maxbuffer`: requests larger than this are refused before sending.
    pub packet_limit: usize,
    /// Read this snapshot (or data directory) instead of connecting (--snapshot).
    pub snapshot: Option<offline::Source>,
}

/// ZooKeeper's default `jute.maxbuffer` (0xfffff): the server drops a connection whose request
/// is longer.
pub const DEFAULT_PACKET_LIMIT: usize = 0xfffff;

impl std::fmt::Debug for ConnectOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let auths: Vec<String> = self
            .auths
            .iter()
            .map(|(scheme, _)| format!("{scheme}:<redacted>"))
            .collect();
        f.debug_struct("ConnectOptions")
            .field("servers", &self.servers)
            .field("session_timeout", &self.session_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("read_only", &self.read_only)
            .field("packet_limit", &self.packet_limit)
            .field("auths", &auths)
            .field("tls", &self.tls)
            .field("sasl", &self.sasl)
            .field("snapshot", &self.snapshot)
            .finish()
    }
}

impl From<zk::Stat> for Stat {
    fn from(s: zk::Stat) -> Self {
        Stat {
            czxid: s.czxid,
            mzxid: s.mzxid,
            pzxid: s.pzxid,
            ctime: s.ctime,
            mtime: s.mtime,
            version: s.version,
            cversion: s.cversion,
            aversion: s.aversion,
            ephemeral_owner: s.ephemeral_owner,
            data_length: s.data_length,
            num_children: s.num_children,
        }
    }
}

/// Node types `create` can make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeType {
    Persistent,
    Ephemeral,
    Container,
}

impl Event {
    fn from_zk(e: zk::WatchedEvent) -> Event {
        if e.event_type == zk::EventType::Session {
            Event::session(e.session_state)
        } else {
            Event {
                kind: e.event_type.to_string(),
                path: e.path,
                session: false,
                zxid: (e.zxid != zk::WatchedEvent::NO_ZXID).then_some(e.zxid),
            }
        }
    }

    fn session(state: zk::SessionState) -> Event {
        Event {
            kind: state.to_string(),
            path: String::new(),
            session: true,
            zxid: None,
        }
    }
}

/// A one-shot watch set by `get -w`, `ls -w`, `stat -w`, `exists -w`.
pub struct Watch(zk::OneshotWatcher);

impl Watch {
    /// Waits for the one event this watch delivers.
    pub async fn event(self) -> Event {
        Event::from_zk(self.0.changed().await)
    }
}

/// A persistent (or persistent-recursive) watch from `watch [-R]`. It also delivers session
/// state changes, so its owner sees a disconnect and can re-arm it afterwards.
pub struct Persistent(zk::PersistentWatcher);

impl Persistent {
    /// The next node event or session change. Must not be called again after a terminal session
    /// state (Expired, Closed, AuthFailed): the crate panics then.
    pub async fn next(&mut self) -> Event {
        Event::from_zk(self.0.changed().await)
    }
}

/// Whether a session event ends the session for good.
pub fn is_terminal(e: &Event) -> bool {
    e.session && matches!(e.kind.as_str(), "Expired" | "Closed" | "AuthFailed")
}

/// Follows session state changes (disconnected, reconnected, expired); a snapshot has none.
pub struct States(Option<zk::StateWatcher>);

impl States {
    /// The next state change; after a terminal state (expired, closed) it returns that state once
    /// more and then never again.
    pub async fn next(&mut self) -> Event {
        match &mut self.0 {
            Some(w) => Event::session(w.changed().await),
            None => std::future::pending().await,
        }
    }
}

/// One ZooKeeper session. Cheap to clone: clones share the session.
#[derive(Clone)]
pub struct Zk {
    /// The session; `None` when the tree is a snapshot's (`offline`).
    live: Option<zk::Client>,
    offline: Option<std::sync::Arc<offline::Loaded>>,
    request_timeout: Duration,
    /// Bytes of the chroot the crate prepends to every path on the wire.
    chroot_len: usize,
    packet_limit: usize,
}

fn create_mode(kind: NodeType, sequential: bool) -> zk::CreateMode {
    match (kind, sequential) {
        (NodeType::Persistent, false) => zk::CreateMode::Persistent,
        (NodeType::Persistent, true) => zk::CreateMode::PersistentSequential,
        (NodeType::Ephemeral, false) => zk::CreateMode::Ephemeral,
        (NodeType::Ephemeral, true) => zk::CreateMode::EphemeralSequential,
        (NodeType::Container, _) => zk::CreateMode::Container,
    }
}

/// ZooKeeper's permission bits beside the crate's constants: Permission's constructor is
/// private, so a set is built from (and read back as) these.
const PERMISSION_BITS: [(i32, zk::Permission); 5] = [
    (1, zk::Permission::READ),
    (2, zk::Permission::WRITE),
    (4, zk::Permission::CREATE),
    (8, zk::Permission::DELETE),
    (16, zk::Permission::ADMIN),
];

fn to_zk_acl(a: &AclEntry) -> zk::Acl {
    let perm = PERMISSION_BITS
        .iter()
        .filter(|(b, _)| a.perms & b != 0)
        .fold(zk::Permission::NONE, |p, (_, x)| p | *x);
    zk::Acl::new(perm, zk::AuthId::new(&a.scheme, &a.id))
}

fn from_zk_acl(a: &zk::Acl) -> AclEntry {
    let perms = PERMISSION_BITS
        .iter()
        .filter(|(_, x)| a.permission().has(*x))
        .map(|(b, _)| b)
        .sum();
    AclEntry {
        scheme: a.scheme().to_string(),
        id: a.id().to_string(),
        perms,
    }
}

/// Maps a crate error on `path` into ours.
fn map_err(e: zk::Error, path: &str) -> Error {
    let path = path.to_string();
    match e {
        zk::Error::NoNode => Error::NoNode { path },
        zk::Error::NodeExists => Error::NodeExists { path },
        zk::Error::BadVersion => Error::BadVersion { path },
        zk::Error::NotEmpty => Error::NotEmpty { path },
        zk::Error::NoAuth => Error::NoAuth { path },
        zk::Error::AuthFailed => Error::AuthFailed,
        zk::Error::SessionExpired => Error::SessionExpired,
        zk::Error::NoChildrenForEphemerals => {
            Error::other(format!("{path}: ephemeral nodes cannot have children"))
        }
        zk::Error::InvalidAcl => Error::usage(format!("{path}: invalid ACL")),
        zk::Error::QuotaExceeded => Error::QuotaExceeded { path },
        zk::Error::BadArguments(msg) => Error::usage(format!("{path}: {msg}")),
        zk::Error::ClientClosed => {
            Error::Connection("the session is closed (use `connect`)".into())
        }
        zk::Error::ConnectionLoss | zk::Error::Timeout | zk::Error::NoHosts => lost(),
        // An operation in flight when the TCP connection resets surfaces as a wrapped I/O error.
        zk::Error::Custom(e) => Error::Connection(format!(
            "connection lost ({e}); the operation may or may not have been applied"
        )),
        e => Error::other(format!("{path}: {e}")),
    }
}

/// Adds the TLS and SASL settings to a connector; bad PEM is a usage error.
fn secure_connector(connector: zk::Connector, opts: &ConnectOptions) -> Result<zk::Connector> {
    let mut connector = connector;
    if let Some(tls) = &opts.tls {
        secure::init_crypto();
        let bad = |e: zk::Error| Error::usage(format!("TLS settings: {e}"));
        let mut options = zk::TlsOptions::new().with_pem_ca(&tls.ca).map_err(bad)?;
        if let Some((cert, key)) = &tls.identity {
            options = options.with_pem_identity(cert, key.expose()).map_err(bad)?;
        }
        connector = connector.with_tls(options);
    }
    if let Some(sasl) = &opts.sasl {
        let login =
            zk::SaslOptions::digest_md5(sasl.user.clone(), sasl.password.expose().to_string());
        connector = connector.with_sasl(login);
    }
    Ok(connector)
}

/// The session was refused for its credentials while connecting.
fn login_failed(opts: &ConnectOptions) -> Error {
    match (&opts.sasl, opts.auths.is_empty()) {
        (Some(s), _) => Error::Login(format!(
            "SASL login as {} refused: wrong user name or password",
            s.user
        )),
        (None, true) => Error::Login(
            "the server refused the session: it requires authentication (--sasl-user)".into(),
        ),
        (None, false) => Error::AuthFailed,
    }
}

fn lost() -> Error {
    Error::Connection("connection lost; the operation may or may not have been applied".into())
}

impl Zk {
    /// Opens a session, failing within `connect_timeout` (or the shorter request timeout) when
    /// no server answers. `auths` are sent as part of connecting (and re-sent by the crate after
    /// every reconnect).
    pub async fn connect(opts: &ConnectOptions, auths: &[(String, Vec<u8>)]) -> Result<Zk> {
        if let Some(src) = &opts.snapshot {
            return Zk::open_snapshot(src, opts).await;
        }
        crate::path::check_chroot(&opts.servers)?;
        let mut connector = zk::Client::connector();
        for (scheme, cred) in auths {
            connector = connector.with_auth(scheme, cred);
        }
        let connector = connector
            .with_session_timeout(opts.session_timeout)
            .with_connection_timeout(opts.connect_timeout)
            .with_readonly(opts.read_only)
            .with_fail_eagerly();
        let connector = secure_connector(connector, opts)?;
        let fail =
            |why: String| Error::Connection(format!("cannot connect to {}: {why}", opts.servers));
        // A command bounded by --timeout (the request timeout) does not wait longer to connect.
        let wait = opts.connect_timeout.min(opts.request_timeout);
        let deadline = std::time::Instant::now() + wait;
        // A server that is down or still starting (a rolling restart) may answer soon: try the
        // listed hosts again, backing off, until the connect timeout runs out.
        let mut backoff = Duration::from_millis(50);
        let client = loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            let attempt = connector.clone();
            let connecting = async move {
                match &opts.tls {
                    Some(_) => attempt.secure_connect(&opts.servers).await,
                    None => attempt.connect(&opts.servers).await,
                }
            };
            match tokio::time::timeout(left, connecting).await {
                Err(_) => return Err(fail(format!("no answer within {wait:?}"))),
                Ok(Err(zk::Error::NoHosts)) => {
                    // The crate does not say why (a TLS handshake failure is only a debug log);
                    // a precise reason (a certificate, a TLS port) will not go away by waiting.
                    let probe = left.min(Duration::from_secs(1));
                    if let Some(d) = secure::diagnose(&opts.servers, opts.tls.as_ref(), probe).await
                    {
                        return Err(if d.auth {
                            Error::Login(d.message)
                        } else {
                            fail(d.message)
                        });
                    }
                    let left = deadline.saturating_duration_since(std::time::Instant::now());
                    if left.is_zero() {
                        return Err(fail(format!("no server answered within {wait:?}")));
                    }
                    tokio::time::sleep(backoff.min(left)).await;
                    backoff = (backoff * 2).min(Duration::from_secs(1));
                }
                Ok(Err(zk::Error::BadArguments(m))) => {
                    return Err(Error::usage(format!(
                        "bad server address {:?}: {m}",
                        opts.servers
                    )));
                }
                Ok(Err(zk::Error::AuthFailed)) => return Err(login_failed(opts)),
                Ok(Err(e)) => return Err(fail(e.to_string())),
                Ok(Ok(c)) => break c,
            }
        };
        let zk = Zk {
            live: Some(client),
            offline: None,
            request_timeout: opts.request_timeout,
            chroot_len: chroot(&opts.servers).len(),
            packet_limit: opts.packet_limit,
        };
        zk.check_logins(opts, auths).await?;
        Ok(zk)
    }

    /// A server without SASL (or an auth provider for a scheme) accepts the session and ignores
    /// the credentials: make sure each one was applied, never go on unauthenticated.
    async fn check_logins(&self, opts: &ConnectOptions, auths: &[(String, Vec<u8>)]) -> Result<()> {
        if opts.sasl.is_none() && auths.is_empty() {
            return Ok(());
        }
        // A server before 3.7 has no whoAmI: it cannot be asked, so it is not blamed.
        let Ok(users) = self.whoami().await else {
            return Ok(());
        };
        if let Some(s) = &opts.sasl
            && !users
                .iter()
                .any(|(scheme, user)| scheme == "sasl" && *user == s.user)
        {
            return Err(Error::Login(format!(
                "the server did not apply the SASL login as {} (is SASL enabled on it?)",
                s.user
            )));
        }
        for (scheme, _) in auths {
            if !users.iter().any(|(s, _)| s == scheme) {
                return Err(Error::Login(format!(
                    "the server did not apply the {scheme} credentials (no such auth scheme there?)"
                )));
            }
        }
        Ok(())
    }

    /// Runs one request on `path` with the request timeout and error mapping.
    async fn req<T>(
        &self,
        path: &str,
        f: impl Future<Output = std::result::Result<T, zk::Error>>,
    ) -> Result<T> {
        match tokio::time::timeout(self.request_timeout, f).await {
            Ok(r) => r.map_err(|e| map_err(e, path)),
            Err(_) => Err(Error::Connection(format!(
                "{path}: no reply within {:?}; the operation may or may not have been applied",
                self.request_timeout
            ))),
        }
    }

    /// How long one request may wait for its reply, retries included.
    pub fn request_timeout(&self) -> Duration {
        self.request_timeout
    }

    pub fn session_id(&self) -> i64 {
        self.live.as_ref().map_or(0, |c| c.session_id().0)
    }

    pub fn session_timeout(&self) -> Duration {
        self.live
            .as_ref()
            .map_or(Duration::ZERO, |c| c.session_timeout())
    }

    /// The current state name (`SyncConnected`, `Disconnected`, `Expired`, ...).
    pub fn state(&self) -> String {
        match &self.live {
            Some(c) => c.state().to_string(),
            None => "Snapshot".into(),
        }
    }

    pub fn is_alive(&self) -> bool {
        self.live
            .as_ref()
            .is_none_or(|c| !c.state().is_terminated())
    }

    /// The session, or the read-only refusal when the tree is a snapshot's.
    fn client(&self, what: &str) -> Result<&zk::Client> {
        self.live.as_ref().ok_or_else(|| offline::read_only(what))
    }

    /// The snapshot this client reads, if it reads one.
    pub fn snapshot(&self) -> Option<&offline::Loaded> {
        self.offline.as_deref()
    }

    /// Ends the session now, so the server drops its ephemerals and watches at once instead of
    /// at expiry, and waits (briefly) for the server to confirm. Other clones keep it open.
    pub async fn close(self) {
        let Some(client) = &self.live else { return };
        let mut states = client.state_watcher();
        let connected = matches!(
            states.peek_state(),
            zk::SessionState::SyncConnected | zk::SessionState::ConnectedReadOnly
        );
        drop(self);
        if !connected {
            return;
        }
        let closed = async {
            while !states.peek_state().is_terminated() {
                states.changed().await;
            }
        };
        let _ = tokio::time::timeout(Duration::from_secs(1), closed).await;
    }

    /// Ends the session without waiting for the server's confirmation (a log write on the
    /// server: milliseconds, most of a one-shot read's run time). The close request is handed
    /// to the connection, which writes it when next polled; should it be lost, the session,
    /// holding nothing, expires on its own. For commands that leave no ephemerals or watches.
    pub async fn close_unconfirmed(self) {
        drop(self);
        // Lets the connection task run on this thread (a current-thread runtime) and write it.
        for _ in 0..4 {
            tokio::task::yield_now().await;
        }
    }

    /// Adds credentials to the session (`addauth`).
    pub async fn auth(&self, scheme: &str, cred: &[u8]) -> Result<()> {
        match self
            .req(scheme, self.client("addauth")?.auth(scheme, cred))
            .await
        {
            Err(Error::AuthFailed) | Err(Error::SessionExpired) if !self.is_alive() => {
                Err(Error::AuthFailed)
            }
            r => r,
        }
    }

    pub async fn get_acl(&self, path: &str) -> Result<(Vec<AclEntry>, Stat)> {
        if let Some(t) = self.snapshot() {
            return t.acl(path);
        }
        let (acl, stat) = self.req(path, self.client(path)?.get_acl(path)).await?;
        Ok((acl.iter().map(from_zk_acl).collect(), stat.into()))
    }

    pub async fn set_acl(
        &self,
        path: &str,
        acl: &[AclEntry],
        version: Option<i32>,
    ) -> Result<Stat> {
        let acls: Vec<zk::Acl> = acl.iter().map(to_zk_acl).collect();
        Ok(self
            .req(path, self.client(path)?.set_acl(path, &acls, version))
            .await?
            .into())
    }

    /// (scheme, user) pairs this session is authenticated as (whoami; ZooKeeper 3.7+).
    pub async fn whoami(&self) -> Result<Vec<(String, String)>> {
        if self.snapshot().is_some() {
            return Ok(Vec::new());
        }
        let users = self
            .req("/", self.client("whoami")?.list_auth_users())
            .await?;
        Ok(users
            .iter()
            .map(|u| (u.scheme().to_string(), u.user().to_string()))
            .collect())
    }

    /// Ephemeral nodes of this session under `prefix`.
    pub async fn ephemerals(&self, prefix: &str) -> Result<Vec<String>> {
        if self.snapshot().is_some() {
            return Ok(Vec::new());
        }
        self.req(prefix, self.client(prefix)?.list_ephemerals(prefix))
            .await
    }

    pub async fn sync(&self, path: &str) -> Result<()> {
        if self.snapshot().is_some() {
            return Ok(());
        }
        self.req(path, self.client(path)?.sync(path)).await
    }

    /// Sets a persistent watch, recursive with `recursive`.
    pub async fn persistent_watch(&self, path: &str, recursive: bool) -> Result<Persistent> {
        let mode = if recursive {
            zk::AddWatchMode::PersistentRecursive
        } else {
            zk::AddWatchMode::Persistent
        };
        Ok(Persistent(
            self.req(path, self.client(path)?.watch(path, mode)).await?,
        ))
    }

    pub fn states(&self) -> States {
        States(self.live.as_ref().map(zk::Client::state_watcher))
    }

    /// Creates a node and returns the path actually created (with a sequence suffix for `-s`).
    pub async fn create(
        &self,
        path: &str,
        data: &[u8],
        kind: NodeType,
        sequential: bool,
        ttl: Option<Duration>,
        acl: Option<&[AclEntry]>,
    ) -> Result<String> {
        self.check_create(path, data, acl, ttl.is_some())?;
        let mode = create_mode(kind, sequential);
        let acls: Vec<zk::Acl> = acl.unwrap_or_default().iter().map(to_zk_acl).collect();
        let mut options = mode.with_acls(if acl.is_some() {
            zk::Acls::new(&acls)
        } else {
            zk::Acls::anyone_all()
        });
        if let Some(ttl) = ttl {
            options = options.with_ttl(ttl);
        }
        let (_, seq) = self
            .req(path, self.client(path)?.create(path, data, &options))
            .await?;
        Ok(if sequential {
            format!("{path}{seq}")
        } else {
            path.to_string()
        })
    }

    pub async fn get(&self, path: &str) -> Result<(Vec<u8>, Stat)> {
        if let Some(t) = self.snapshot() {
            return t.get(path);
        }
        let (data, stat) = self.req(path, self.client(path)?.get_data(path)).await?;
        Ok((data, stat.into()))
    }

    pub async fn get_watch(&self, path: &str) -> Result<(Vec<u8>, Stat, Watch)> {
        let (data, stat, w) = self
            .req(path, self.client(path)?.get_and_watch_data(path))
            .await?;
        Ok((data, stat.into(), Watch(w)))
    }

    pub async fn set(&self, path: &str, data: &[u8], version: Option<i32>) -> Result<Stat> {
        self.check_set(path, data)?;
        Ok(self
            .req(path, self.client(path)?.set_data(path, data, version))
            .await?
            .into())
    }

    pub async fn children(&self, path: &str) -> Result<(Vec<String>, Stat)> {
        if let Some(t) = self.snapshot() {
            return t.children(path);
        }
        let (children, stat) = self
            .req(path, self.client(path)?.get_children(path))
            .await?;
        Ok((children, stat.into()))
    }

    pub async fn children_watch(&self, path: &str) -> Result<(Vec<String>, Stat, Watch)> {
        let (c, stat, w) = self
            .req(path, self.client(path)?.get_and_watch_children(path))
            .await?;
        Ok((c, stat.into(), Watch(w)))
    }

    /// The node's stat, or `None` when it does not exist.
    pub async fn stat(&self, path: &str) -> Result<Option<Stat>> {
        if let Some(t) = self.snapshot() {
            return Ok(t.stat(path));
        }
        Ok(self
            .req(path, self.client(path)?.check_stat(path))
            .await?
            .map(Stat::from))
    }

    /// Like `stat`, leaving a watch that fires on creation, change or deletion.
    pub async fn stat_watch(&self, path: &str) -> Result<(Option<Stat>, Watch)> {
        let (stat, w) = self
            .req(path, self.client(path)?.check_and_watch_stat(path))
            .await?;
        Ok((stat.map(Stat::from), Watch(w)))
    }

    pub async fn delete(&self, path: &str, version: Option<i32>) -> Result<()> {
        self.req(path, self.client(path)?.delete(path, version))
            .await
    }

    /// Number of descendants (getAllChildrenNumber), without the node itself.
    pub async fn count_descendants(&self, path: &str) -> Result<usize> {
        if let Some(t) = self.snapshot() {
            return t.count(path);
        }
        self.req(path, self.client(path)?.count_descendants_number(path))
            .await
    }
}

/// The chroot of a connect string (`hosts/chroot`), empty when there is none.
fn chroot(servers: &str) -> &str {
    servers.find('/').map_or("", |i| &servers[i..])
}

impl Zk {
    /// A client over a snapshot: the tree is loaded (on a blocking thread: it is CPU and disk
    /// work) and answers reads; writes, watches and auth are refused.
    async fn open_snapshot(src: &offline::Source, opts: &ConnectOptions) -> Result<Zk> {
        let src = src.clone();
        let loaded = tokio::task::spawn_blocking(move || offline::load(&src))
            .await
            .map_err(|e| Error::other(format!("loading the snapshot: {e}")))??;
        Ok(Zk {
            live: None,
            offline: Some(std::sync::Arc::new(loaded)),
            request_timeout: opts.request_timeout,
            chroot_len: 0,
            packet_limit: opts.packet_limit,
        })
    }
}
