//! `lock PATH -- CMD` and `elect PATH -- CMD`: take a lock (or leadership) exactly as kazoo or
//! Curator would on the same path, run CMD while it is ours, and never let CMD run on once it
//! may not be: a lost connection or an expired session stops it within the session timeout.

use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::child::Child;
use crate::cli::parse_duration;
use crate::client::{Watch, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::recipe::{self, Dialect, Rank, Recipe};
use crate::reply::recipe::Held;
use crate::reply::{Event, Reply};
use crate::signals;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DialectArg {
    Kazoo,
    Curator,
}

// What `lock` and `elect` share (a plain comment: see `PathArg`).
#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct Campaign {
    /// Whose recipe: kazoo or curator (default: that of the nodes already there; curator
    /// for an empty directory)
    #[arg(long, value_enum)]
    pub dialect: Option<DialectArg>,
    /// Give up after waiting this long (exit 9, see --conflict-exit-code)
    #[arg(long, value_parser = parse_duration, value_name = "DUR", conflicts_with = "no_wait")]
    pub timeout: Option<Duration>,
    /// Give up at once when someone else holds it (exit 9)
    #[arg(long)]
    pub no_wait: bool,
    /// The data of our node (kazoo's identifier; Curator's holder address); default HOST:PID
    #[arg(long, value_name = "TEXT")]
    pub id: Option<String>,
    /// Exit code when it was not obtained in time (like flock -E)
    #[arg(long, value_name = "N", default_value_t = 9)]
    pub conflict_exit_code: u8,
    /// After a lost session, SIGKILL the command's group this long after SIGTERM
    #[arg(long, value_parser = parse_duration, value_name = "DUR", default_value = "5s")]
    pub kill_after: Duration,
    #[command(flatten)]
    pub dry: super::dry_run::DryRunArg,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct LockArgs {
    /// The lock's directory (the path kazoo's Lock or Curator's InterProcessMutex is given)
    pub path: String,
    #[command(flatten)]
    pub c: Campaign,
    /// The command to run while holding the lock (no shell: use `sh -c '...'` for one);
    /// without it, print the lock node and hold it until SIGINT/SIGTERM or stdin closes
    #[arg(last = true, value_name = "CMD")]
    pub cmd: Vec<String>,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct ElectArgs {
    /// The election's directory (kazoo's Election, Curator's LeaderLatch or LeaderSelector)
    pub path: String,
    /// Print the leader and the candidates in order, and exit
    #[arg(long, conflicts_with = "cmd")]
    pub list: bool,
    #[command(flatten)]
    pub c: Campaign,
    /// The command to run while leader
    #[arg(last = true, value_name = "CMD")]
    pub cmd: Vec<String>,
}

pub async fn lock(ctx: &mut Ctx, a: LockArgs) -> Result<Reply> {
    hold(ctx, &a.path, &a.c, &a.cmd, false).await
}

pub async fn elect(ctx: &mut Ctx, a: ElectArgs) -> Result<Reply> {
    if a.list {
        let path = ctx.resolve(&a.path)?;
        return super::locks::list(ctx, &path, true).await;
    }
    hold(ctx, &a.path, &a.c, &a.cmd, true).await
}

/// The recipe to follow in `dir`, whose children are `children`.
pub fn choose(children: &[String], asked: Option<DialectArg>, elect: bool) -> Result<Recipe> {
    let found = recipe::found(children);
    let mixed = |what: &str| {
        let names: Vec<String> = found
            .iter()
            .map(|r| format!("{} ({})", r.dialect.name(), r.lock_name))
            .collect();
        Error::usage(format!(
            "{what}: its nodes follow {}; refusing, as no lock can exclude both",
            names.join(" and ")
        ))
    };
    let asked = asked.map(|d| match d {
        DialectArg::Kazoo => Dialect::Kazoo,
        DialectArg::Curator => Dialect::Curator,
    });
    let usable =
        |r: &Recipe| r.dialect == Dialect::Kazoo || r.lock_name == recipe::CURATOR_LOCK || elect;
    match found.as_slice() {
        [] => Ok(default_recipe(
            asked.unwrap_or(recipe::DEFAULT_DIALECT),
            elect,
        )),
        [r] if asked.is_none_or(|d| d == r.dialect) && usable(r) => Ok(*r),
        [r] if asked.is_none_or(|d| d == r.dialect) => Err(Error::usage(format!(
            "the directory holds Curator {} nodes (a LeaderLatch), not a lock",
            r.lock_name
        ))),
        [_] => Err(mixed("the directory is another dialect's")),
        _ => Err(mixed("the directory mixes recipes")),
    }
}

fn default_recipe(d: Dialect, elect: bool) -> Recipe {
    match (d, elect) {
        (Dialect::Kazoo, _) => Recipe::KAZOO,
        (Dialect::Curator, false) => Recipe::CURATOR_MUTEX,
        (Dialect::Curator, true) => Recipe::CURATOR_LATCH,
    }
}

/// `HOST:PID`, the default data of our node.
fn default_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "localhost".into());
    format!("{host}:{}", std::process::id())
}

/// Our node in the lock directory, removed (best effort) when dropped without `release`.
struct Contender {
    zk: Zk,
    dir: String,
    name: String,
    czxid: i64,
    released: bool,
}

impl Contender {
    fn path(&self) -> String {
        crate::path::join(&self.dir, &self.name)
    }

    /// Deletes our node; should that fail, the session's close (or expiry) removes it.
    async fn release(mut self) {
        self.released = true;
        let _ =
            tokio::time::timeout(Duration::from_secs(5), self.zk.delete(&self.path(), None)).await;
    }
}

impl Contender {
    fn abandon(mut self) {
        self.released = true;
    }
}

impl Drop for Contender {
    fn drop(&mut self) {
        if !self.released {
            let (zk, path) = (self.zk.clone(), self.path());
            tokio::spawn(async move {
                let _ = tokio::time::timeout(Duration::from_secs(5), zk.delete(&path, None)).await;
            });
        }
    }
}

/// Creates our node (parents as the dialect makes them). A create whose reply was lost may
/// still have been applied: our unique prefix finds it, as both libraries do.
async fn enter(zk: &Zk, dir: &str, r: Recipe, data: &[u8]) -> Result<Contender> {
    let prefix = r.prefix(recipe::random_uuid()?);
    let full = crate::path::join(dir, &prefix);
    for _ in 0..5 {
        zk.make_dirs(dir, r.container_parents()).await?;
        let (path, stat) = match zk.create_contender(&full, data).await {
            Ok(x) => x,
            // The server removed an empty container parent between the two requests.
            Err(Error::NoNode { .. }) => continue,
            Err(e) if e.is_transport() && zk.is_alive() => match find(zk, dir, &prefix).await {
                Some(found) => found,
                None => return Err(e),
            },
            Err(e) => return Err(e),
        };
        return Ok(Contender {
            zk: zk.clone(),
            dir: dir.to_string(),
            name: crate::path::name(&path).to_string(),
            czxid: stat.czxid,
            released: false,
        });
    }
    Err(Error::other(format!(
        "{dir}: the directory kept vanishing while creating our node"
    )))
}

async fn find(zk: &Zk, dir: &str, prefix: &str) -> Option<(String, crate::reply::Stat)> {
    let (children, _) = zk.children(dir).await.ok()?;
    let name = children.into_iter().find(|c| c.starts_with(prefix))?;
    let path = crate::path::join(dir, &name);
    let (_, stat) = zk.get(&path).await.ok()?;
    Some((path, stat))
}

/// Waits until our node ranks first. `Ok(false)`: someone else holds it and `no_wait`.
async fn acquire(c: &Contender, r: Recipe, no_wait: bool) -> Result<bool> {
    loop {
        let (children, _) = c.zk.children(&c.dir).await?;
        if let Some(other) = recipe::found(&children)
            .iter()
            .find(|f| f.dialect != r.dialect)
        {
            return Err(Error::usage(format!(
                "{}: a {} node appeared among ours; refusing, as no lock can exclude both",
                c.dir,
                other.dialect.name()
            )));
        }
        let before = match r.rank(&children, &c.name) {
            Rank::Gone => {
                return Err(Error::Connection(format!(
                    "{}: our node is gone (the session expired?)",
                    c.path()
                )));
            }
            Rank::Holds => return Ok(true),
            Rank::Waits(_) if no_wait => return Ok(false),
            Rank::Waits(p) => p,
        };
        // Both libraries watch their predecessor with getData (an exists watch would linger).
        let watch = match c.zk.get_watch(&crate::path::join(&c.dir, &before)).await {
            Ok((_, _, w)) => w,
            Err(Error::NoNode { .. }) => continue,
            Err(e) => return Err(e),
        };
        let e: Event = watch.event().await;
        if crate::client::is_terminal(&e) {
            return Err(Error::SessionExpired);
        }
    }
}

/// Takes the lock (or leadership) on `path` and runs `cmd` while it is ours.
async fn hold(
    ctx: &mut Ctx,
    path: &str,
    a: &Campaign,
    cmd: &[String],
    elect: bool,
) -> Result<Reply> {
    // From here on, stop signals are this command's to handle: never cancelled mid-way.
    let _own = signals::Own::start();
    let mut sigs = signals::Listener::new();
    let dir = ctx.resolve(path)?;
    let zk = ctx.zk().await?;
    let children = match zk.children(&dir).await {
        Ok((c, _)) => c,
        Err(Error::NoNode { .. }) => Vec::new(),
        Err(e) => return Err(e),
    };
    let r = choose(&children, a.dialect, elect)?;
    if a.dry.dry_run {
        return dry_run(&zk, &dir, r, a, cmd).await;
    }
    let c = obtain(&zk, &dir, r, a, elect, &mut sigs).await?;
    let result = if cmd.is_empty() {
        let held = Held {
            path: dir.clone(),
            node: c.path(),
            dialect: r.dialect,
            zxid: c.czxid,
            session_id: format!("{:#x}", zk.session_id()),
        };
        // Shown now, not at the end: the holder's reader learns it is held.
        match ctx.out.show(&Reply::Held(held)) {
            Ok(()) => idle(&mut sigs, lost(&zk, &c.path()))
                .await
                .map(|()| Reply::Shown),
            Err(e) => Err(e),
        }
    } else {
        let what = if elect { "elect" } else { "lock" };
        run_child(ctx, &zk, &c, cmd, a.kill_after, &mut sigs)
            .await
            .map(|()| Reply::done(what, [c.path()]))
    };
    if matches!(result, Err(Error::Connection(_))) {
        // The session is gone or going: its end removes the node, and the server cannot be
        // asked now anyway.
        c.abandon();
    } else {
        c.release().await;
    }
    result
}

/// What `lock` would create (its directory's missing parts, then its node), and run.
async fn dry_run(zk: &Zk, dir: &str, r: Recipe, a: &Campaign, cmd: &[String]) -> Result<Reply> {
    let mut plan = Vec::new();
    let mut missing = Vec::new();
    let mut p = Some(dir);
    while let Some(d) = p.filter(|d| *d != "/") {
        if zk.stat(d).await?.is_some() {
            break;
        }
        missing.push(d.to_string());
        p = crate::path::parent(d);
    }
    let kind = if r.container_parents() {
        "container"
    } else {
        "persistent"
    };
    for d in missing.into_iter().rev() {
        plan.push(crate::reply::Planned {
            op: "create",
            path: d,
            bytes: Some(0),
            detail: kind.into(),
        });
    }
    let data = a.id.clone().unwrap_or_else(default_id);
    let then = match cmd {
        [] => "then hold it".to_string(),
        _ => format!("then run {}", cmd.join(" ")),
    };
    plan.push(crate::reply::Planned {
        op: "create",
        path: crate::path::join(dir, &format!("{}<seq>", r.template())),
        bytes: Some(data.len()),
        detail: format!(
            "ephemeral, sequential ({} {}); {then}",
            r.dialect.name(),
            r.lock_name
        ),
    });
    Ok(Reply::Planned(plan))
}

/// Makes our node and waits until it ranks first, within `--timeout` (or at once with
/// `--no-wait`); gives up on a stop signal. Whatever fails, our node is removed.
async fn obtain(
    zk: &Zk,
    dir: &str,
    r: Recipe,
    a: &Campaign,
    elect: bool,
    sigs: &mut signals::Listener,
) -> Result<Contender> {
    let busy = |waited: String| Error::Busy {
        message: format!(
            "{dir}: {} held by another{waited}",
            if elect { "leadership" } else { "lock" }
        ),
        code: a.conflict_exit_code,
    };
    let data = a.id.clone().unwrap_or_else(default_id).into_bytes();
    let c = tokio::select! {
        biased;
        s = sigs.next() => return Err(Error::from_signal(s)),
        c = enter(zk, dir, r, &data) => c?,
    };
    let deadline = a.timeout.map(|t| tokio::time::Instant::now() + t);
    let won = tokio::select! {
        biased;
        s = sigs.next() => Err(Error::from_signal(s)),
        _ = sleep_until(deadline) => Err(busy(format!(
            " (not obtained within {})",
            humantime::format_duration(a.timeout.unwrap_or_default())
        ))),
        won = acquire(&c, r, a.no_wait) => won.and_then(|w| if w { Ok(()) } else { Err(busy(String::new())) }),
    };
    // A signal that came while the node was being made ours: do not start anything.
    let won = match (won, pending(sigs).await) {
        (Ok(()), Some(s)) => Err(Error::from_signal(s)),
        (won, _) => won,
    };
    match won {
        Ok(()) => Ok(c),
        Err(e) => {
            c.release().await;
            Err(e)
        }
    }
}

/// Runs `cmd` while `c` is ours, with the lock in its environment.
async fn run_child(
    ctx: &mut Ctx,
    zk: &Zk,
    c: &Contender,
    cmd: &[String],
    grace: Duration,
    sigs: &mut signals::Listener,
) -> Result<()> {
    let session = ctx.session().await?;
    let env = [
        ("ZKSH_LOCK_PATH", c.dir.clone()),
        ("ZKSH_LOCK_NODE", c.path()),
        ("ZKSH_LOCK_ZXID", c.czxid.to_string()),
        ("ZKSH_SESSION_ID", format!("{:#x}", zk.session_id())),
    ];
    let env: Vec<(String, String)> = env.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    let mut child = Child::spawn(cmd, &env, &ctx.cfg.secret_vars)?;
    supervise(&mut child, sigs, lost(zk, &c.path()), grace, &session).await
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}

/// A signal already received and not yet handled, if any.
async fn pending(sigs: &mut signals::Listener) -> Option<i32> {
    tokio::select! {
        biased;
        s = sigs.next() => Some(s),
        _ = std::future::ready(()) => None,
    }
}

/// Runs until the child ends (its code is ours), forwarding stop signals to its group; when
/// the lock may be lost, stops the group (TERM, then KILL after `grace`) and fails with exit 8.
async fn supervise(
    child: &mut Child,
    sigs: &mut signals::Listener,
    lost: impl std::future::Future<Output = String>,
    grace: Duration,
    session: &crate::session::Session,
) -> Result<()> {
    tokio::pin!(lost);
    let code = loop {
        tokio::select! {
            code = child.wait() => break code,
            s = sigs.next() => child.signal(s),
            why = &mut lost => {
                session.notice(&format!("zksh: {why}: stopping the command (the lock may be another's now)"));
                child.terminate(grace).await;
                return Err(Error::Connection(format!("{why}; the command was stopped")));
            }
        }
    };
    match code {
        0 => Ok(()),
        c => Err(Error::Status(c)),
    }
}

/// Holds the lock with no command: until a stop signal, stdin's end (a coprocess), or loss.
async fn idle(
    sigs: &mut signals::Listener,
    lost: impl std::future::Future<Output = String>,
) -> Result<()> {
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    // stdin that is a terminal (the REPL's) or the script is not ours to read.
    let watch_stdin = !super::STDIN_IS_TTY.load(std::sync::atomic::Ordering::Relaxed)
        && !super::STDIN_IS_SCRIPT.load(std::sync::atomic::Ordering::Relaxed);
    if watch_stdin {
        std::thread::spawn(move || {
            use std::io::Read;
            let mut buf = [0u8; 4096];
            let mut stdin = std::io::stdin();
            while matches!(stdin.read(&mut buf), Ok(n) if n > 0) {}
            let _ = tx.send(());
        });
    }
    let stdin_closed = async {
        match rx.await {
            Ok(()) => (),
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        // The way to let go of a held lock: not a failure.
        _ = sigs.next() => Ok(()),
        _ = stdin_closed => Ok(()),
        why = lost => Err(Error::Connection(why)),
    }
}

/// Resolves (with the reason) once the lock can no longer be trusted to be ours: the session
/// expired or closed, our node was deleted, or the connection has been down for half the
/// negotiated session timeout. The client notices a silent server after at most 2/5 of the
/// timeout, so this fires before the server could expire the session and hand the lock on.
fn lost(zk: &Zk, node: &str) -> impl std::future::Future<Output = String> + use<> {
    let (zk, node) = (zk.clone(), node.to_string());
    async move {
        let budget = zk.session_timeout() / 2;
        let mut states = zk.states();
        let first = zk.stat_watch(&node).await.ok();
        let own = own_node(zk.clone(), node.clone(), first);
        tokio::pin!(own);
        let mut down_since: Option<tokio::time::Instant> = None;
        if zk.state() == "Disconnected" {
            down_since = Some(tokio::time::Instant::now());
        }
        loop {
            let timer = sleep_until(down_since.map(|t| t + budget));
            tokio::select! {
                e = states.next() => match e.kind.as_str() {
                    "Disconnected" => { down_since.get_or_insert_with(tokio::time::Instant::now); }
                    "SyncConnected" | "ConnectedReadOnly" => down_since = None,
                    _ if crate::client::is_terminal(&e) => return format!("session {}", e.kind.to_lowercase()),
                    _ => {}
                },
                _ = timer => return format!(
                    "connection lost for {} (half the session timeout)",
                    humantime::format_duration(budget)
                ),
                why = &mut own => return why,
            }
        }
    }
}

/// Resolves when our node is deleted (by an operator, or a revoking tool).
async fn own_node(
    zk: Zk,
    node: String,
    first: Option<(Option<crate::reply::Stat>, Watch)>,
) -> String {
    let gone = || format!("{node}: our lock node was deleted");
    let Some((stat, mut w)) = first else {
        return std::future::pending().await;
    };
    if stat.is_none() {
        return gone();
    }
    loop {
        let e = w.event().await;
        if e.session {
            // The session's end is the state watcher's to report.
            return std::future::pending().await;
        }
        if e.kind == "NodeDeleted" {
            return gone();
        }
        match zk.stat_watch(&node).await {
            Ok((Some(_), next)) => w = next,
            Ok((None, _)) => return gone(),
            Err(_) => return std::future::pending().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    const K: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0__lock__0000000001";
    const C: &str = "_c_0b1d6a38-5b7e-4d1f-9c1e-8d2f8b9d1a11-lock-0000000002";
    const L: &str = "_c_0b1d6a38-5b7e-4d1f-9c1e-8d2f8b9d1a11-latch-0000000003";

    #[test]
    fn the_dialect_comes_from_the_nodes_there() {
        assert_eq!(choose(&[], None, false).unwrap(), Recipe::CURATOR_MUTEX);
        assert_eq!(choose(&[], None, true).unwrap(), Recipe::CURATOR_LATCH);
        let kazoo = Some(DialectArg::Kazoo);
        assert_eq!(choose(&[], kazoo, true).unwrap(), Recipe::KAZOO);
        assert_eq!(
            choose(&names(&[K, "x"]), None, false).unwrap(),
            Recipe::KAZOO
        );
        assert_eq!(
            choose(&names(&[C]), None, true).unwrap(),
            Recipe::CURATOR_MUTEX
        );
        assert_eq!(
            choose(&names(&[L]), None, true).unwrap(),
            Recipe::CURATOR_LATCH
        );
    }

    #[test]
    fn mixed_or_mismatched_directories_are_refused() {
        for (children, asked, elect) in [
            (names(&[K, C]), None, false),
            (names(&[C]), Some(DialectArg::Kazoo), false),
            (names(&[K]), Some(DialectArg::Curator), true),
            (names(&[L]), None, false),
            (names(&[C, L]), None, true),
        ] {
            let e = choose(&children, asked, elect).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{children:?} {asked:?}: {e}");
        }
    }
}
