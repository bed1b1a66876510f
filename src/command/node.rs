//! Node commands: create, get, set, ls, stat, exists, delete.

use std::time::Duration;

use clap::Args;

use super::dry_run::{self, DryRunArg};
use super::recursive;
use super::value::ValueArgs;
use crate::bulk::{Order, Step, Walk, Want};
use crate::cli::parse_duration;
use crate::client::{NodeType, Op, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::list::Frame;
use crate::path;
use crate::reply::{Form, Reply, Walked};
use crate::session::WatchKind;

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct CreateArgs {
    /// Make missing parent nodes (persistent, empty)
    #[arg(short = 'p', long = "parents")]
    pub parents: bool,
    /// Ephemeral: deleted when this session ends
    #[arg(short = 'e', long)]
    pub ephemeral: bool,
    /// Sequential: the server appends a 10-digit counter to the name
    #[arg(short = 's', long)]
    pub sequential: bool,
    /// Container: deleted by the server once its last child is gone
    #[arg(short = 'c', long, conflicts_with_all = ["ephemeral", "sequential"])]
    pub container: bool,
    /// Time to live of a persistent node (e.g. 10m; a bare number is milliseconds, as in zkCli)
    #[arg(short = 't', long, value_name = "TTL", value_parser = parse_ttl, conflicts_with_all = ["ephemeral", "container"])]
    pub ttl: Option<Duration>,
    /// ACL of the new node, zkCli syntax: scheme:id:perms[,...] (default world:anyone:cdrwa)
    #[arg(long, value_name = "ACL")]
    pub acl: Option<String>,
    /// Node to create (absolute, or relative to the current node)
    pub path: String,
    #[command(flatten)]
    pub value: ValueArgs,
    #[command(flatten)]
    pub dry: DryRunArg,
}

fn parse_ttl(s: &str) -> std::result::Result<Duration, String> {
    match s.parse::<u64>() {
        Ok(ms) => Ok(Duration::from_millis(ms)),
        Err(_) => parse_duration(s),
    }
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct GetArgs {
    /// Also print the stat
    #[arg(short = 's', long)]
    pub stat: bool,
    /// Watch the node; the event prints when it fires
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// Decode also when stdout is not a terminal: gunzip/inflate, pretty JSON (a terminal
    /// shows values decoded by default)
    #[arg(long, conflicts_with_all = ["shape", "hex", "base64"])]
    pub decode: bool,
    /// Show the value as: text (decompressed), json (decompressed, pretty; fails when it is
    /// not JSON), hex, base64 (of the stored bytes), raw (the stored bytes, never decoded)
    #[arg(long = "as", value_enum, value_name = "FORM", conflicts_with_all = ["hex", "base64"])]
    pub shape: Option<Shape>,
    /// As --as hex: a hexdump of the stored bytes
    #[arg(short = 'x', long, conflicts_with = "base64")]
    pub hex: bool,
    /// As --as base64
    #[arg(short = 'b', long)]
    pub base64: bool,
    /// Node path (absolute, or relative to the current node)
    pub path: String,
}

/// `get --as`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Text,
    Json,
    Hex,
    Base64,
    Raw,
}

impl GetArgs {
    /// The one form the flags ask for (`-x`, `-b` are `--as hex`, `--as base64`).
    fn form(&self) -> Form {
        let shape = match (self.hex, self.base64) {
            (true, _) => Some(Shape::Hex),
            (_, true) => Some(Shape::Base64),
            _ => self.shape,
        };
        match shape {
            None if self.decode => Form::Decode,
            None => Form::Auto,
            Some(Shape::Text) => Form::Text,
            Some(Shape::Json) => Form::Json,
            Some(Shape::Hex) => Form::Hex,
            Some(Shape::Base64) => Form::Base64,
            Some(Shape::Raw) => Form::Raw,
        }
    }
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct SetArgs {
    /// Only if the node is at this version (compare-and-set)
    #[arg(
        short = 'v',
        long,
        value_name = "VERSION",
        allow_negative_numbers = true
    )]
    pub version: Option<i32>,
    /// Print the new stat
    #[arg(short = 's', long)]
    pub stat: bool,
    /// Node path (absolute, or relative to the current node)
    pub path: String,
    #[command(flatten)]
    pub value: ValueArgs,
    #[command(flatten)]
    pub dry: DryRunArg,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct LsArgs {
    /// Also print the node's stat
    #[arg(short = 's', long)]
    pub stat: bool,
    /// Watch the children; the event prints when it fires
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// List the whole tree below (full paths, breadth-first)
    #[arg(short = 'R', long, conflicts_with_all = ["watch", "long"])]
    pub recursive: bool,
    /// Long listing: type, version, size, children, name
    #[arg(short = 'l', long)]
    pub long: bool,
    /// Show URL-encoded names (Dubbo's providers) decoded; JSON keeps the exact names
    #[arg(long)]
    pub decode_names: bool,
    /// Node whose children to list (default: the current node)
    #[arg(default_value = ".")]
    pub path: String,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct StatArgs {
    /// Watch the node; the event prints when it fires
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// Node path (absolute, or relative to the current node)
    pub path: String,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct ExistsArgs {
    /// Watch for creation, change or deletion
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// Node path (absolute, or relative to the current node)
    pub path: String,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct DeleteArgs {
    /// Only if the node is at this version
    #[arg(
        short = 'v',
        long,
        value_name = "VERSION",
        allow_negative_numbers = true,
        conflicts_with = "recursive"
    )]
    pub version: Option<i32>,
    /// Also delete everything below (as deleteall)
    #[arg(short = 'r', long)]
    pub recursive: bool,
    /// Skip the confirmation asked in the REPL above 1000 nodes (with -r)
    #[arg(long)]
    pub force: bool,
    /// Nodes to delete (absolute, or relative to the current node)
    #[arg(required = true)]
    pub paths: Vec<String>,
    #[command(flatten)]
    pub dry: DryRunArg,
}

/// The node a `create` line asks for, checked and with its value read: what `create` sends, and
/// what a script sends in a batch in its place.
pub fn create_op(ctx: &Ctx, a: &CreateArgs) -> Result<Op> {
    let path = ctx.resolve(&a.path)?;
    if path == "/" {
        return Err(Error::usage("/: the root node always exists"));
    }
    let data = a.value.read()?.unwrap_or_default();
    let acl = a.acl.as_deref().map(crate::acl::parse).transpose()?;
    let kind = match (a.ephemeral, a.container) {
        (true, _) => NodeType::Ephemeral,
        (_, true) => NodeType::Container,
        _ => NodeType::Persistent,
    };
    Ok(Op::Create {
        path,
        data,
        acl,
        kind,
        sequential: a.sequential,
        ttl: a.ttl,
    })
}

pub async fn create(ctx: &mut Ctx, a: CreateArgs) -> Result<Reply> {
    let op = create_op(ctx, &a)?;
    let zk = ctx.zk().await?;
    if a.dry.dry_run {
        let mut ops = match a.parents {
            true => missing_parents(&zk, op.path()).await?,
            false => Vec::new(),
        };
        ops.push(op);
        return Ok(dry_run::reply(&ops));
    }
    let Op::Create {
        path,
        data,
        acl,
        kind,
        sequential,
        ttl,
    } = op
    else {
        return Err(Error::other("create: not a create op"));
    };
    let created = match zk
        .create(&path, &data, kind, sequential, ttl, acl.as_deref())
        .await
    {
        Err(Error::NoNode { .. }) if a.parents => {
            make_parents(&zk, &path).await?;
            zk.create(&path, &data, kind, sequential, ttl, acl.as_deref())
                .await?
        }
        Err(Error::NoNode { .. }) => {
            let parent = path::parent(&path).unwrap_or("/").to_string();
            return Err(Error::NoNode { path: parent });
        }
        r => r?,
    };
    Ok(Reply::Created(created))
}

/// The creates of the ancestors of `path` that do not exist now, top down (`create -p
/// --dry-run`).
async fn missing_parents(zk: &Zk, path: &str) -> Result<Vec<Op>> {
    let mut missing = Vec::new();
    for a in path::ancestors(path) {
        if !missing.is_empty() || zk.stat(&a).await?.is_none() {
            missing.push(Op::Create {
                path: a,
                data: Vec::new(),
                acl: None,
                kind: NodeType::Persistent,
                sequential: false,
                ttl: None,
            });
        }
    }
    Ok(missing)
}

/// Creates every missing ancestor of `path`, top down; ones that appear meanwhile are fine.
async fn make_parents(zk: &Zk, path: &str) -> Result<()> {
    for a in path::ancestors(path) {
        match zk
            .create(&a, b"", NodeType::Persistent, false, None, None)
            .await
        {
            Ok(_) | Err(Error::NodeExists { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

pub async fn get(ctx: &mut Ctx, a: GetArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let (data, stat, watch) = if a.watch {
        let (d, s, w) = zk.get_watch(&path).await?;
        (d, s, Some(w))
    } else {
        let (d, s) = zk.get(&path).await?;
        (d, s, None)
    };
    let reply = Reply::Value {
        rule: ctx.cfg.decode.for_path(&path).cloned(),
        path: path.clone(),
        data,
        stat: a.stat.then_some(stat),
        form: a.form(),
        watching: watch.is_some(),
    };
    super::then_follow(ctx, reply, &path, WatchKind::Data, watch).await
}

/// The write a `set` line asks for, with its value read.
pub fn set_op(ctx: &Ctx, a: &SetArgs) -> Result<Op> {
    let path = ctx.resolve(&a.path)?;
    let data = a
        .value
        .read()?
        .ok_or_else(|| Error::usage("set: missing VALUE (give '' to set an empty value)"))?;
    Ok(Op::Set {
        path,
        data,
        version: a.version,
    })
}

pub async fn set(ctx: &mut Ctx, a: SetArgs) -> Result<Reply> {
    let op = set_op(ctx, &a)?;
    if a.dry.dry_run {
        return Ok(dry_run::reply(&[op]));
    }
    let Op::Set {
        path,
        data,
        version,
    } = op
    else {
        return Err(Error::other("set: not a set op"));
    };
    let zk = ctx.zk().await?;
    let stat = zk.set(&path, &data, version).await?;
    Ok(Reply::Written {
        path,
        stat,
        show: a.stat,
    })
}

pub async fn ls(ctx: &mut Ctx, a: LsArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    if a.recursive {
        return ls_recursive(ctx, &zk, &path, a.decode_names).await;
    }
    let (mut children, stat, watch) = if a.watch {
        let (c, s, w) = zk.children_watch(&path).await?;
        (c, s, Some(w))
    } else {
        let (c, s) = zk.children(&path).await?;
        (c, s, None)
    };
    children.sort_unstable();
    let reply = if a.long {
        Reply::Long {
            path: path.clone(),
            rows: ls_long(&zk, &path, &children).await?,
            decode_names: a.decode_names,
        }
    } else {
        Reply::Children {
            path: path.clone(),
            children,
            stat: a.stat.then_some(stat),
            decode_names: a.decode_names,
        }
    };
    super::then_follow(ctx, reply, &path, WatchKind::Children, watch).await
}

/// Each child's name and stat, requested all at once (pipelined), not one round trip per child.
async fn ls_long(
    zk: &Zk,
    path: &str,
    children: &[String],
) -> Result<Vec<(String, crate::reply::Stat)>> {
    let paths: Vec<String> = children.iter().map(|c| path::join(path, c)).collect();
    let mut rows = Vec::new();
    crate::bulk::stats::stats(zk, &paths, |p, stat| {
        if let Some(s) = stat {
            rows.push((path::name(p).to_string(), s));
        }
        Ok(())
    })
    .await?;
    Ok(rows)
}

/// Every path below (and including) `path`, breadth-first as zkCli lists them, streamed as
/// the walk finds them.
async fn ls_recursive(ctx: &Ctx, zk: &Zk, path: &str, decode_names: bool) -> Result<Reply> {
    let mut list = ctx
        .out
        .list(Frame::Under(path.to_string()))?
        .decoding_names(decode_names);
    let mut walk = Walk::new(zk, path, Want::names(Order::Breadth));
    let mut unreadable = Vec::new();
    while let Some(step) = walk.next().await? {
        match step {
            Step::Enter(f) => list.path(&f.path)?,
            Step::Unreadable { path, error, .. } => {
                list.path(&path)?;
                unreadable.push((path, error));
            }
            Step::Leave { .. } => {}
        }
    }
    list.finish()?;
    Ok(Reply::Walked(Walked::new("ls -R", unreadable)))
}

/// The node's stat (`None`: it does not exist), with an exists-watch when asked.
async fn stat_of(
    ctx: &mut Ctx,
    path: &str,
    watch: bool,
) -> Result<(Option<crate::reply::Stat>, Option<crate::client::Watch>)> {
    let zk = ctx.zk().await?;
    Ok(if watch {
        let (s, w) = zk.stat_watch(path).await?;
        (s, Some(w))
    } else {
        (zk.stat(path).await?, None)
    })
}

pub async fn stat(ctx: &mut Ctx, a: StatArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    let (stat, watch) = stat_of(ctx, &path, a.watch).await?;
    let stat = stat.ok_or_else(|| Error::NoNode { path: path.clone() })?;
    let reply = Reply::Stat {
        path: path.clone(),
        stat,
    };
    super::then_follow(ctx, reply, &path, WatchKind::Exists, watch).await
}

pub async fn exists(ctx: &mut Ctx, a: ExistsArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    let (stat, watch) = stat_of(ctx, &path, a.watch).await?;
    let reply = Reply::Exists {
        path: path.clone(),
        exists: stat.is_some(),
    };
    super::then_follow(ctx, reply, &path, WatchKind::Exists, watch).await
}

pub async fn delete(ctx: &mut Ctx, a: DeleteArgs) -> Result<Reply> {
    let paths = a
        .paths
        .iter()
        .map(|p| ctx.resolve(p))
        .collect::<Result<Vec<_>>>()?;
    if a.dry.dry_run && !a.recursive {
        let ops: Vec<Op> = paths
            .into_iter()
            .map(|path| Op::Delete {
                path,
                version: a.version,
            })
            .collect();
        return Ok(dry_run::reply(&ops));
    }
    let single = paths.len() == 1;
    let (mut status, mut deleted) = (None, Vec::new());
    for p in paths {
        let r = if a.recursive {
            let how = (a.force, a.dry.dry_run);
            match recursive::delete_tree(ctx, "delete -r", &p, how).await {
                Ok(report) if single => return Ok(report),
                Ok(report) => ctx.out.show(&report).and_then(|_| report.end()),
                Err(e) => Err(e),
            }
        } else {
            let zk = ctx.zk().await?;
            zk.delete(&p, a.version).await
        };
        match r {
            // One path alone fails as itself; with several, go on as rm does, report each
            // failure as it happens, and let the first one set the exit code.
            Err(e) if single => return Err(e),
            Err(e) => {
                ctx.out.error(&e);
                status.get_or_insert(e.exit_code());
            }
            Ok(()) => deleted.push(p),
        }
    }
    match status {
        Some(c) => Err(Error::Status(c)),
        None => Ok(Reply::done("delete", deleted)),
    }
}
