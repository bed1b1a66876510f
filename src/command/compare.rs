//! `diff A B` (paths, other clusters, export files), `cp` (also to another cluster) and `mv`,
//! all streaming through the bulk engine. A place is a znode path (absolute, or relative to the
//! current node), `zk://host:port[,host:port]/path` or `ctx://CONTEXT/path` (a context of the
//! config file, with its credentials and rails) on another cluster, or `@FILE` for an
//! export file: an argument is never taken for a file unless it says so.

use std::collections::HashSet;
use std::sync::Arc;

use clap::Args;

use super::backup::{Restore, overwrite_all};
use super::export_file::Source;
use crate::bulk::record::{absolute, walk_order};
use crate::bulk::{Item, Order, Record, Records, Step, Walk, Want, Writer};
use crate::client::{Op, Zk};
use crate::config::Config;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::list::Frame;
use crate::reply::{Diff, Reply, Report, Stat, Walked};
use crate::{path, signals};

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct DiffArgs {
    /// A path, zk://host:port/path or ctx://CONTEXT/path on another cluster, or @FILE (an export file)
    pub a: String,
    /// Same as A
    pub b: String,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct CopyArgs {
    /// Copy the whole tree below SRC
    #[arg(short = 'r', long)]
    pub recursive: bool,
    /// Set data and ACL of nodes that already exist at the destination
    #[arg(long)]
    pub overwrite: bool,
    /// The node (or tree, with -r) to copy
    pub src: String,
    /// A path, or zk://host:port/path or ctx://CONTEXT/path on another cluster
    pub dst: String,
    #[command(flatten)]
    pub dry: super::dry_run::DryRunArg,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct MoveArgs {
    /// The tree to move
    pub src: String,
    /// Where it goes (must not exist)
    pub dst: String,
    #[command(flatten)]
    pub dry: super::dry_run::DryRunArg,
}

/// Where a tree lives: here, on another cluster (with the settings to reach it, and its rails),
/// or in an export file.
enum Place {
    Here(String),
    Remote { cfg: Arc<Config>, path: String },
    File(String),
}

fn place(ctx: &Ctx, s: &str) -> Result<Place> {
    if let Some(rest) = s.strip_prefix("ctx://") {
        let (name, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        return Ok(Place::Remote {
            cfg: Arc::new(super::contexts::under(ctx, name)?),
            path: path::resolve("/", path)?,
        });
    }
    if let Some(rest) = s.strip_prefix("zk://") {
        let (hosts, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if hosts.is_empty() {
            return Err(Error::usage(format!("{s}: no host in zk:// address")));
        }
        let mut cfg = (*ctx.cfg).clone();
        cfg.connect.servers = hosts.to_string();
        return Ok(Place::Remote {
            cfg: Arc::new(cfg),
            path: path::resolve("/", path)?,
        });
    }
    if let Some(file) = s.strip_prefix('@').filter(|f| !f.is_empty()) {
        return Ok(Place::File(file.to_string()));
    }
    Ok(Place::Here(ctx.resolve(s)?))
}

/// A client for another cluster (zk:// is always a live one, also when this shell reads a
/// snapshot with --snapshot).
async fn other_cluster(cfg: &Config) -> Result<Zk> {
    let mut opts = cfg.connect.clone();
    opts.snapshot = None;
    Zk::connect(&opts, &opts.auths.clone()).await
}

/// One side of a diff: a live tree streaming in walk order, or a file's nodes in that order:
/// streamed when the file holds them so (as `export` writes them), else read whole and sorted.
enum Side<'a> {
    Live(Box<Records<'a>>),
    File(std::vec::IntoIter<Record>),
    Streamed(tokio::sync::mpsc::Receiver<Result<Record>>),
}

/// Nodes read ahead from a streamed file.
const FILE_AHEAD: usize = 1024;

impl Side<'_> {
    /// The side of export file `f`. A first pass checks it (and its order) without keeping it.
    fn file<'a>(f: &str) -> Result<Side<'a>> {
        let source = Source::open(f, "diff @-")?;
        let (mut prev, mut sorted) = (None::<String>, true);
        source.each(|r| {
            sorted &= prev
                .as_deref()
                .is_none_or(|p| walk_order(p, &r.path).is_lt());
            prev = Some(r.path);
            Ok(())
        })?;
        if !sorted {
            let mut nodes = Vec::new();
            source.each(|n| {
                nodes.push(n);
                Ok(())
            })?;
            nodes.sort_by(|a, b| walk_order(&a.path, &b.path));
            return Ok(Side::File(nodes.into_iter()));
        }
        let (tx, rx) = tokio::sync::mpsc::channel(FILE_AHEAD);
        tokio::task::spawn_blocking(move || {
            let sent = source.each(|n| {
                tx.blocking_send(Ok(n))
                    .map_err(|_| Error::other("the diff ended"))
            });
            if let Err(e) = sent {
                let _ = tx.blocking_send(Err(e));
            }
        });
        Ok(Side::Streamed(rx))
    }

    async fn next(&mut self) -> Result<Option<Item>> {
        let file = |r: Record| Item::Node(r, Stat::default());
        match self {
            Side::Live(r) => r.next().await,
            Side::File(it) => Ok(it.next().map(file)),
            Side::Streamed(rx) => rx.recv().await.transpose().map(|r| r.map(file)),
        }
    }

    /// The next node, with the nodes that cannot be read set aside.
    async fn node(&mut self, unreadable: &mut Vec<(String, Error)>) -> Result<Option<Record>> {
        loop {
            match self.next().await? {
                None => return Ok(None),
                Some(Item::Node(r, _)) => return Ok(Some(r)),
                Some(Item::Ephemeral(_)) => {}
                Some(Item::Unreadable(p, e)) => unreadable.push((p, e)),
            }
        }
    }
}

/// A connection a diff opened (the shell's own, or one to another cluster).
enum Conn {
    Shell(Zk),
    Other(Zk),
    None,
}

impl Conn {
    async fn open(ctx: &mut Ctx, p: &Place) -> Result<Conn> {
        Ok(match p {
            Place::Here(_) => Conn::Shell(ctx.zk().await?),
            Place::Remote { cfg, .. } => Conn::Other(other_cluster(cfg).await?),
            Place::File(_) => Conn::None,
        })
    }

    fn side<'a>(&'a self, p: &Place) -> Result<Side<'a>> {
        match (self, p) {
            (Conn::Shell(zk), Place::Here(path))
            | (Conn::Other(zk), Place::Remote { path, .. }) => {
                Ok(Side::Live(Box::new(Records::new(zk, path))))
            }
            (_, Place::File(f)) => Side::file(f),
            _ => unreachable!("a connection is opened for its place"),
        }
    }

    async fn close(self) {
        if let Conn::Other(zk) = self {
            zk.close().await;
        }
    }
}

pub async fn diff(ctx: &mut Ctx, a: DiffArgs) -> Result<Reply> {
    let (pa, pb) = (place(ctx, &a.a)?, place(ctx, &a.b)?);
    let (ca, cb) = (Conn::open(ctx, &pa).await?, Conn::open(ctx, &pb).await?);
    let d = compare(ca.side(&pa)?, cb.side(&pb)?).await;
    ca.close().await;
    cb.close().await;
    d.map(Reply::Diff)
}

/// Walks both sides together, in the same order, comparing node by node.
async fn compare(mut a: Side<'_>, mut b: Side<'_>) -> Result<Diff> {
    let mut d = Diff::default();
    let mut na = a.node(&mut d.unreadable).await?;
    let mut nb = b.node(&mut d.unreadable).await?;
    loop {
        let order = match (&na, &nb) {
            (None, None) => return Ok(d),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => walk_order(&x.path, &y.path),
        };
        match order {
            std::cmp::Ordering::Less => {
                d.only_a.extend(na.map(|r| r.path));
                na = a.node(&mut d.unreadable).await?;
            }
            std::cmp::Ordering::Greater => {
                d.only_b.extend(nb.map(|r| r.path));
                nb = b.node(&mut d.unreadable).await?;
            }
            std::cmp::Ordering::Equal => {
                if let (Some(x), Some(y)) = (&na, &nb) {
                    if x.data != y.data {
                        d.data.push(x.path.clone());
                    }
                    if x.acl != y.acl {
                        d.acl.push(x.path.clone());
                    }
                }
                na = a.node(&mut d.unreadable).await?;
                nb = b.node(&mut d.unreadable).await?;
            }
        }
    }
}

pub async fn cp(ctx: &mut Ctx, a: CopyArgs) -> Result<Reply> {
    let src = ctx.resolve(&a.src)?;
    let zk = ctx.zk().await?;
    if a.dry.dry_run {
        let dst = match place(ctx, &a.dst)? {
            Place::Here(p) | Place::Remote { path: p, .. } => p,
            Place::File(f) => return Err(Error::usage(format!("@{f}: not a place to copy to"))),
        };
        let what = format!("copy to {}", a.dst);
        return plan_copy(ctx, &zk, (&src, &dst), a.recursive, &what).await;
    }
    match place(ctx, &a.dst)? {
        Place::Here(dst) => {
            if a.recursive && (dst == src || dst.starts_with(&format!("{src}/")) || src == "/") {
                return Err(Error::usage(format!(
                    "cannot copy {src} into itself ({dst})"
                )));
            }
            copy(ctx, (&zk, &src), (&zk, &dst), &a, "cp")
                .await
                .map(Reply::Report)
        }
        Place::Remote { cfg, path } => {
            // The destination's context has rails of its own.
            super::rails::check_in(ctx, &cfg, "cp", std::slice::from_ref(&path), false)?;
            let other = other_cluster(&cfg).await?;
            let r = copy(ctx, (&zk, &src), (&other, &path), &a, "cp").await;
            other.close().await;
            r.map(Reply::Report)
        }
        Place::File(f) => Err(Error::usage(format!(
            "@{f}: cp copies to a path or zk://; use export for files"
        ))),
    }
}

/// The nodes a copy of SRC (its tree with -r) to DST would create there, listed as a dry run
/// (`what` the copy would do, for the notice).
async fn plan_copy(
    ctx: &Ctx,
    zk: &Zk,
    (src, dst): (&str, &str),
    recursive: bool,
    what: &str,
) -> Result<Reply> {
    let mut list = ctx.out.list(Frame::DryRun)?;
    let mut records = Records::new(zk, src);
    let (mut ephemerals, mut unreadable) = (0usize, Vec::new());
    while let Some(item) = records.next().await? {
        match item {
            Item::Node(n, _) => list.path(&absolute(dst, &n.path))?,
            Item::Ephemeral(_) => ephemerals += 1,
            Item::Unreadable(p, e) => unreadable.push((p, e)),
        }
        if !recursive {
            break;
        }
    }
    let n = list.finish()?;
    let skipped = match ephemerals {
        0 => String::new(),
        e => format!(" ({e} ephemeral skipped)"),
    };
    Ok(Reply::Walked(Walked {
        notice: Some(format!("dry run: would {what}: {n} nodes{skipped}")),
        ..Walked::new("dry run", unreadable)
    }))
}

/// Copies SRC (its whole tree with -r) on `from` to DST on `to`, streaming; the report is
/// `what`'s to print.
async fn copy(
    ctx: &Ctx,
    (from, src): (&Zk, &str),
    (to, dst): (&Zk, &str),
    a: &CopyArgs,
    what: &str,
) -> Result<Report> {
    let total = match a.recursive {
        true => from.count_descendants(src).await? + 1,
        false => 1,
    };
    let _bulk = signals::Bulk::start();
    let progress = ctx.progress(what, Some(total));
    let mut report = Report::new(what);
    report.total = Some(total);
    report.rerun = Some(format!("run {what} again with --overwrite to finish"));
    let mut restore = Restore::new(to, dst, &progress, report);
    let mut records = Records::new(from, src);
    let (mut ephemerals, mut unreadable, mut failed) = (0usize, Vec::new(), None);
    loop {
        match records.next().await {
            Ok(Some(Item::Node(n, _))) => {
                if !restore.push(&n).await || !a.recursive {
                    break;
                }
            }
            Ok(Some(Item::Ephemeral(p))) if !a.recursive => {
                return Err(Error::usage(format!(
                    "{p}: ephemeral nodes belong to their session and are not copied"
                )));
            }
            Ok(Some(Item::Ephemeral(_))) => ephemerals += 1,
            Ok(Some(Item::Unreadable(p, e))) => unreadable.push((p, e)),
            Ok(None) => break,
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    let (report, existing) = restore.finish().await;
    let mut report = report.walked(unreadable, failed);
    if a.overwrite && report.stopped.is_none() && !existing.is_empty() {
        let old = reread(from, src, dst, &existing, a.recursive).await?;
        report = overwrite_all(to, dst, old.iter(), &progress, report).await;
    }
    progress.finish();
    report.total = Some(total - ephemerals);
    if ephemerals > 0 {
        ctx.out
            .note(&format!("{what}: {ephemerals} ephemeral nodes skipped"));
    }
    Ok(report)
}

/// The source records of the nodes that existed at the destination (for `--overwrite`).
async fn reread(
    from: &Zk,
    src: &str,
    dst: &str,
    existing: &HashSet<String>,
    recursive: bool,
) -> Result<Vec<Record>> {
    let mut records = Records::new(from, src);
    let mut out = Vec::new();
    while let Some(item) = records.next().await? {
        if let Item::Node(n, _) = item {
            if existing.contains(&absolute(dst, &n.path)) {
                out.push(n);
            }
            if !recursive {
                break;
            }
        }
    }
    Ok(out)
}

/// Trees up to this many nodes move in one atomic multi (when the request fits).
const ATOMIC_MOVE: usize = 400;

/// Moves a tree within the cluster: in one atomic multi when it fits, else copy, then delete
/// exactly the nodes copied, each only if unchanged since.
pub async fn mv(ctx: &mut Ctx, a: MoveArgs) -> Result<Reply> {
    let src = ctx.resolve(&a.src)?;
    let dst = ctx.resolve(&a.dst)?;
    if src == "/" || dst == src || dst.starts_with(&format!("{src}/")) {
        return Err(Error::usage(format!("cannot move {src} to {dst}")));
    }
    let zk = ctx.zk().await?;
    if a.dry.dry_run {
        let what = format!("move {src} to {dst} (then delete it from {src})");
        return plan_copy(ctx, &zk, (&src, &dst), true, &what).await;
    }
    // From here a signal asks the move to stop at a safe point (never between the marker's
    // create and delete), and it reports what it did.
    let _bulk = signals::Bulk::start();
    let total = zk.count_descendants(&src).await? + 1;
    let small = match total <= ATOMIC_MOVE {
        true => atomic_ops(&zk, &src, &dst).await?,
        false => None,
    };
    if let Some(ops) = small {
        return move_at_once(ctx, &zk, &ops).await;
    }
    move_in_steps(ctx, &zk, &src, &dst, total).await
}

/// The creates and deletes (each delete with the version read) of a small move, or `None`
/// when they do not fit one request.
async fn atomic_ops(zk: &Zk, src: &str, dst: &str) -> Result<Option<Vec<Op>>> {
    let mut records = Records::new(zk, src);
    let (mut creates, mut deletes) = (Vec::new(), Vec::new());
    while let Some(item) = records.next().await? {
        match item {
            Item::Node(n, stat) => {
                deletes.push(Op::Delete {
                    path: absolute(src, &n.path),
                    version: Some(stat.version),
                });
                creates.push(n.create_op(dst));
            }
            Item::Ephemeral(p) => {
                return Err(Error::usage(format!(
                    "{p}: an ephemeral node belongs to its session and cannot be moved; \
                     nothing was moved"
                )));
            }
            Item::Unreadable(p, _) => {
                return Err(Error::NoAuth {
                    path: format!("{p} (cannot be read, so it cannot be moved; nothing was moved)"),
                });
            }
        }
    }
    deletes.reverse();
    let ops: Vec<Op> = creates.into_iter().chain(deletes).collect();
    let size: usize = ops.iter().map(|o| zk.op_size(o)).sum();
    let fits = ops.len() <= 1000 && Zk::multi_size(size) <= zk.packet_limit();
    Ok(fits.then_some(ops))
}

async fn move_at_once(ctx: &Ctx, zk: &Zk, ops: &[Op]) -> Result<Reply> {
    let moved = ops.len() / 2;
    match zk.multi(ops).await {
        Ok(_) => {
            let mut report = Report::new("mv");
            (report.total, report.done) = (Some(moved), moved);
            Ok(Reply::Report(report))
        }
        Err((i, e)) => {
            let at = i
                .and_then(|i| ops.get(i))
                .map(|o| format!(" at {}", o.path()))
                .unwrap_or_default();
            let why = match &e {
                Error::BadVersion { .. } => " (it changed since it was read)",
                Error::NotEmpty { .. } => " (a child was added since it was read)",
                _ => "",
            };
            ctx.out
                .note(&format!("mv failed{at}{why}; nothing was moved"));
            Err(e)
        }
    }
}

/// A move too large for one request: copy all, then delete the source children first, each
/// with the version seen, and only nodes not changed or added since the copy began; the rest
/// stay at both places and are named.
async fn move_in_steps(ctx: &Ctx, zk: &Zk, src: &str, dst: &str, total: usize) -> Result<Reply> {
    let args = CopyArgs {
        recursive: true,
        overwrite: false,
        src: src.into(),
        dst: dst.into(),
        dry: Default::default(),
    };
    // Every change to the source from here on has a higher zxid than this create.
    zk.create(
        dst,
        b"",
        crate::client::NodeType::Persistent,
        false,
        None,
        None,
    )
    .await?;
    let start = zk
        .stat(dst)
        .await?
        .ok_or_else(|| Error::NoNode { path: dst.into() })?
        .czxid;
    zk.delete(dst, None).await?;
    let mut copied = copy(ctx, (zk, src), (zk, dst), &args, "mv").await?;
    if !copied.is_clean() {
        copied.rerun = Some(format!(
            "nothing was deleted from {src}; remove the partial copy with deleteall {dst} before moving again"
        ));
        return Ok(Reply::Report(copied));
    }
    let progress = ctx.progress("mv", Some(total));
    let mut report = Report::new("mv");
    report.total = Some(total);
    report.rerun = Some(format!("the nodes not moved are at both {src} and {dst}"));
    let mut writer = Writer::new(zk, &progress, report).gone_is_done();
    let want = Want {
        data: true,
        leave: true,
        ..Want::names(Order::Depth)
    };
    let walk = Walk::new(zk, src, want);
    // Parents of nodes that stay: they cannot be deleted.
    let mut kept: HashSet<String> = HashSet::new();
    let mut stays = Vec::new();
    let (unreadable, failed) = walk
        .drive(async |step| {
            let (p, stat) = match step {
                Step::Leave {
                    path,
                    stat: Some(stat),
                } => (path, stat),
                Step::Unreadable { path, .. } => {
                    keep(&mut kept, &path);
                    return Ok(true);
                }
                _ => return Ok(true),
            };
            if let Some(why) = stays_because(&p, &stat, start, kept.remove(&p)) {
                keep(&mut kept, &p);
                stays.push((p, why));
                return Ok(true);
            }
            let version = Some(stat.version);
            Ok(writer.push(Op::Delete { path: p, version }).await)
        })
        .await;
    stays.extend(unreadable);
    let mut report = writer.finish().await.walked(Vec::new(), failed);
    progress.finish();
    report.failed.extend(stays);
    Ok(Reply::Report(report))
}

fn keep(kept: &mut HashSet<String>, p: &str) {
    if let Some(parent) = path::parent(p) {
        kept.insert(parent.to_string());
    }
}

/// Why a source node is not deleted by a move: changed or created since the copy began (at
/// zxid `start`), ephemeral, or a parent of a node that stays.
fn stays_because(p: &str, stat: &Stat, start: i64, parent_of_kept: bool) -> Option<Error> {
    let msg = |why: &str| Some(Error::other(format!("{p}: {why}; not moved")));
    if stat.ephemeral_owner != 0 {
        msg("an ephemeral node belongs to its session")
    } else if stat.czxid > start {
        msg("created during the move")
    } else if stat.mzxid > start {
        msg("changed during the move (its copy may hold the older value)")
    } else if parent_of_kept {
        msg("holds nodes that were not moved")
    } else {
        None
    }
}
