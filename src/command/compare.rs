//! `diff A B` (paths, other clusters, export files), `cp` (also to another cluster) and `mv`,
//! all streaming through the bulk engine. A place is a znode path (absolute, or relative to the
//! current node), `zk://host:port[,host:port]/path` on another cluster, or `@FILE` for an
//! export file: an argument is never taken for a file unless it says so.

use std::collections::HashSet;

use clap::Args;
use serde_json::json;

use super::backup::{Restore, overwrite_all};
use super::export_file::read_export;
use crate::bulk::record::{absolute, walk_order};
use crate::bulk::{Item, Order, Record, Records, Report, Step, Walk, Want, Writer, report};
use crate::client::{Op, Stat, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::stream::Stream;
use crate::{path, signals};

#[derive(Args, Debug, Clone)]
pub struct DiffArgs {
    /// A path, zk://host:port/path on another cluster, or @FILE (an export file)
    pub a: String,
    /// Same as A
    pub b: String,
}

#[derive(Args, Debug, Clone)]
pub struct CopyArgs {
    /// Copy the whole tree below SRC
    #[arg(short = 'r', long)]
    pub recursive: bool,
    /// Set data and ACL of nodes that already exist at the destination
    #[arg(long)]
    pub overwrite: bool,
    /// The node (or tree, with -r) to copy
    pub src: String,
    /// A path, or zk://host:port/path on another cluster
    pub dst: String,
}

#[derive(Args, Debug, Clone)]
pub struct MoveArgs {
    /// The tree to move
    pub src: String,
    /// Where it goes (must not exist)
    pub dst: String,
}

/// Where a tree lives.
enum Place {
    Here(String),
    Remote { servers: String, path: String },
    File(String),
}

fn place(ctx: &Ctx, s: &str) -> Result<Place> {
    if let Some(rest) = s.strip_prefix("zk://") {
        let (hosts, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if hosts.is_empty() {
            return Err(Error::usage(format!("{s}: no host in zk:// address")));
        }
        return Ok(Place::Remote {
            servers: hosts.to_string(),
            path: path::resolve("/", path)?,
        });
    }
    if let Some(file) = s.strip_prefix('@').filter(|f| !f.is_empty()) {
        return Ok(Place::File(file.to_string()));
    }
    Ok(Place::Here(ctx.resolve(s)?))
}

/// A client for `servers`, with the shell's timeouts and credentials.
async fn other_cluster(ctx: &Ctx, servers: &str) -> Result<Zk> {
    let mut opts = ctx.cfg.connect.clone();
    opts.servers = servers.to_string();
    // zk:// is always a live cluster, also when this shell reads a snapshot (--snapshot).
    opts.snapshot = None;
    Zk::connect(&opts, &opts.auths.clone()).await
}

/// One side of a diff: a live tree streaming in walk order, or a file's nodes sorted so.
enum Side<'a> {
    Live(Box<Records<'a>>),
    File(std::vec::IntoIter<Record>),
}

impl Side<'_> {
    async fn next(&mut self) -> Result<Option<Item>> {
        match self {
            Side::Live(r) => r.next().await,
            Side::File(it) => Ok(it.next().map(|r| Item::Node(r, Stat::default()))),
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
            Place::Remote { servers, .. } => Conn::Other(other_cluster(ctx, servers).await?),
            Place::File(_) => Conn::None,
        })
    }

    fn side<'a>(&'a self, p: &Place) -> Result<Side<'a>> {
        match (self, p) {
            (Conn::Shell(zk), Place::Here(path))
            | (Conn::Other(zk), Place::Remote { path, .. }) => {
                Ok(Side::Live(Box::new(Records::new(zk, path))))
            }
            (_, Place::File(f)) => {
                let mut nodes = read_export(f)?.nodes;
                nodes.sort_by(|a, b| walk_order(&a.path, &b.path));
                Ok(Side::File(nodes.into_iter()))
            }
            _ => unreachable!("a connection is opened for its place"),
        }
    }

    async fn close(self) {
        if let Conn::Other(zk) = self {
            zk.close().await;
        }
    }
}

/// How two trees differ, by relative path.
#[derive(Default)]
struct Differences {
    only_a: Vec<String>,
    only_b: Vec<String>,
    data: Vec<String>,
    acl: Vec<String>,
    unreadable: Vec<(String, Error)>,
}

pub async fn diff(ctx: &mut Ctx, a: DiffArgs) -> Result<()> {
    let (pa, pb) = (place(ctx, &a.a)?, place(ctx, &a.b)?);
    let (ca, cb) = (Conn::open(ctx, &pa).await?, Conn::open(ctx, &pb).await?);
    let d = compare(ca.side(&pa)?, cb.side(&pb)?).await;
    ca.close().await;
    cb.close().await;
    let d = d?;
    let same = d.only_a.is_empty()
        && d.only_b.is_empty()
        && d.data.is_empty()
        && d.acl.is_empty()
        && d.unreadable.is_empty();
    if ctx.out.json {
        let unreadable: Vec<_> = d.unreadable.iter().map(|(p, _)| p).collect();
        ctx.out.json(
            &json!({ "same": same, "only_a": d.only_a, "only_b": d.only_b,
            "data": d.data, "acl": d.acl, "unreadable": unreadable }),
        )?;
    } else {
        let mut s = Stream::new(ctx.out);
        let n = |p: &str| ctx.out.name(p);
        for (list, mark, what) in [
            (&d.only_a, '-', "(only in A)"),
            (&d.only_b, '+', "(only in B)"),
            (&d.data, '~', "data differs"),
            (&d.acl, '~', "ACL differs"),
        ] {
            for p in list {
                s.line(&format!("{mark} {}  {what}", n(p)))?;
            }
        }
        s.finish()?;
    }
    // Nodes that could not be read: the comparison is incomplete, never "same".
    report::unreadable(ctx, "diff", &d.unreadable)?;
    // As diff: 1 when the trees differ.
    if same { Ok(()) } else { Err(Error::Status(1)) }
}

/// Walks both sides together, in the same order, comparing node by node.
async fn compare(mut a: Side<'_>, mut b: Side<'_>) -> Result<Differences> {
    let mut d = Differences::default();
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

pub async fn cp(ctx: &mut Ctx, a: CopyArgs) -> Result<()> {
    let src = ctx.resolve(&a.src)?;
    let zk = ctx.zk().await?;
    match place(ctx, &a.dst)? {
        Place::Here(dst) => {
            if a.recursive && (dst == src || dst.starts_with(&format!("{src}/")) || src == "/") {
                return Err(Error::usage(format!(
                    "cannot copy {src} into itself ({dst})"
                )));
            }
            copy(ctx, (&zk, &src), (&zk, &dst), &a, "cp")
                .await?
                .finish(ctx)
        }
        Place::Remote { servers, path } => {
            let other = other_cluster(ctx, &servers).await?;
            let r = copy(ctx, (&zk, &src), (&other, &path), &a, "cp").await;
            other.close().await;
            r?.finish(ctx)
        }
        Place::File(f) => Err(Error::usage(format!(
            "@{f}: cp copies to a path or zk://; use export for files"
        ))),
    }
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
pub async fn mv(ctx: &mut Ctx, a: MoveArgs) -> Result<()> {
    let src = ctx.resolve(&a.src)?;
    let dst = ctx.resolve(&a.dst)?;
    if src == "/" || dst == src || dst.starts_with(&format!("{src}/")) {
        return Err(Error::usage(format!("cannot move {src} to {dst}")));
    }
    let zk = ctx.zk().await?;
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

async fn move_at_once(ctx: &Ctx, zk: &Zk, ops: &[Op]) -> Result<()> {
    let moved = ops.len() / 2;
    match zk.multi(ops).await {
        Ok(_) => {
            let mut report = Report::new("mv");
            (report.total, report.done) = (Some(moved), moved);
            report.finish(ctx)
        }
        Err((i, e)) => {
            let at = i
                .and_then(|i| ops.get(i))
                .map(|o| format!(" at {}", ctx.out.name(o.path())))
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
async fn move_in_steps(ctx: &Ctx, zk: &Zk, src: &str, dst: &str, total: usize) -> Result<()> {
    let args = CopyArgs {
        recursive: true,
        overwrite: false,
        src: src.into(),
        dst: dst.into(),
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
        return copied.finish(ctx);
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
    report.finish(ctx)
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
