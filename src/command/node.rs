//! Node commands: create, get, set, ls, stat, exists, delete.

use std::time::Duration;

use base64::Engine;
use clap::Args;
use serde_json::{Value, json};

use super::recursive;
use super::value::ValueArgs;
use crate::bulk::{Order, Step, Walk, Want, report};
use crate::cli::parse_duration;
use crate::client::{NodeType, Op, Stat, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::stream::Stream;
use crate::output::{sanitize, stat_json, stat_text};
use crate::path;
use crate::session::WatchKind;

#[derive(Args, Debug, Clone)]
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
}

fn parse_ttl(s: &str) -> std::result::Result<Duration, String> {
    match s.parse::<u64>() {
        Ok(ms) => Ok(Duration::from_millis(ms)),
        Err(_) => parse_duration(s),
    }
}

#[derive(Args, Debug, Clone)]
pub struct GetArgs {
    /// Also print the stat
    #[arg(short = 's', long)]
    pub stat: bool,
    /// Watch the node; the event prints when it fires
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// Print the value as a hexdump
    #[arg(short = 'x', long, conflicts_with = "base64")]
    pub hex: bool,
    /// Print the value in base64
    #[arg(short = 'b', long)]
    pub base64: bool,
    /// Node path (absolute, or relative to the current node)
    pub path: String,
}

#[derive(Args, Debug, Clone)]
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
}

#[derive(Args, Debug, Clone)]
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
    /// Node whose children to list (default: the current node)
    #[arg(default_value = ".")]
    pub path: String,
}

#[derive(Args, Debug, Clone)]
pub struct StatArgs {
    /// Watch the node; the event prints when it fires
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// Node path (absolute, or relative to the current node)
    pub path: String,
}

#[derive(Args, Debug, Clone)]
pub struct ExistsArgs {
    /// Watch for creation, change or deletion
    #[arg(short = 'w', long)]
    pub watch: bool,
    /// Node path (absolute, or relative to the current node)
    pub path: String,
}

#[derive(Args, Debug, Clone)]
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

pub async fn create(ctx: &mut Ctx, a: CreateArgs) -> Result<()> {
    let Op::Create {
        path,
        data,
        acl,
        kind,
        sequential,
        ttl,
    } = create_op(ctx, &a)?
    else {
        return Err(Error::other("create: not a create op"));
    };
    let zk = ctx.zk().await?;
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
    print_created(ctx, &created)
}

/// What `create` prints: the path created (with its sequence suffix).
pub fn print_created(ctx: &Ctx, created: &str) -> Result<()> {
    if ctx.out.json {
        ctx.out.json(&json!({ "path": created }))
    } else {
        ctx.out.line(&ctx.out.name(created))
    }
}

/// Creates every missing ancestor of `path`, top down; ones that appear meanwhile are fine.
async fn make_parents(zk: &Zk, path: &str) -> Result<()> {
    let mut ancestors = Vec::new();
    let mut p = path::parent(path);
    while let Some(a) = p.filter(|a| *a != "/") {
        ancestors.push(a);
        p = path::parent(a);
    }
    for a in ancestors.into_iter().rev() {
        match zk
            .create(a, b"", NodeType::Persistent, false, None, None)
            .await
        {
            Ok(_) | Err(Error::NodeExists { .. }) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// JSON for a value: text when it is UTF-8, base64 otherwise (never lossy).
fn value_json(data: &[u8]) -> Value {
    match std::str::from_utf8(data) {
        Ok(s) => json!({ "value": s }),
        Err(_) => json!({ "value_base64": base64::engine::general_purpose::STANDARD.encode(data) }),
    }
}

pub async fn get(ctx: &mut Ctx, a: GetArgs) -> Result<()> {
    let path = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let (data, stat, watch) = if a.watch {
        let (d, s, w) = zk.get_watch(&path).await?;
        (d, s, Some(w))
    } else {
        let (d, s) = zk.get(&path).await?;
        (d, s, None)
    };
    if ctx.out.json {
        let mut v = value_json(&data);
        v["path"] = json!(path);
        if a.stat {
            v["stat"] = stat_json(&stat);
        }
        ctx.out.json(&v)?;
    } else {
        let shown = if a.base64 {
            let mut s = base64::engine::general_purpose::STANDARD.encode(&data);
            s.push('\n');
            s.into_bytes()
        } else if a.hex {
            sanitize::hexdump(&data).into_bytes()
        } else {
            ctx.out.value(&data)
        };
        ctx.out.bytes(&shown)?;
        if a.stat {
            // Raw bytes on a pipe may lack a final newline; keep the stat on lines of its own.
            let sep = if shown.is_empty() || shown.ends_with(b"\n") {
                ""
            } else {
                "\n"
            };
            ctx.out
                .bytes(format!("{sep}{}", stat_text(&stat)).as_bytes())?;
        } else if watch.is_some() && !shown.is_empty() && !shown.ends_with(b"\n") {
            // The event line that follows must start a line of its own, not join the value.
            ctx.out.bytes(b"\n")?;
        }
    }
    match watch {
        Some(w) => ctx.follow(&path, WatchKind::Data, w).await,
        None => Ok(()),
    }
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

pub async fn set(ctx: &mut Ctx, a: SetArgs) -> Result<()> {
    let Op::Set {
        path,
        data,
        version,
    } = set_op(ctx, &a)?
    else {
        return Err(Error::other("set: not a set op"));
    };
    let zk = ctx.zk().await?;
    let stat = zk.set(&path, &data, version).await?;
    print_set(ctx, &path, &stat, a.stat)
}

/// What `set` prints: the new stat with `-s`, and always in JSON.
pub fn print_set(ctx: &Ctx, path: &str, stat: &Stat, show: bool) -> Result<()> {
    if ctx.out.json {
        ctx.out
            .json(&json!({ "path": path, "stat": stat_json(stat) }))
    } else if show {
        ctx.out.bytes(stat_text(stat).as_bytes())
    } else {
        Ok(())
    }
}

pub async fn ls(ctx: &mut Ctx, a: LsArgs) -> Result<()> {
    let path = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    if a.recursive {
        return ls_recursive(ctx, &zk, &path).await;
    }
    let (mut children, stat, watch) = if a.watch {
        let (c, s, w) = zk.children_watch(&path).await?;
        (c, s, Some(w))
    } else {
        let (c, s) = zk.children(&path).await?;
        (c, s, None)
    };
    children.sort_unstable();
    if a.long {
        ls_long(ctx, &zk, &path, &children).await?;
    } else if ctx.out.json {
        let mut v = json!({ "path": path, "children": children });
        if a.stat {
            v["stat"] = stat_json(&stat);
        }
        ctx.out.json(&v)?;
    } else {
        let mut text = String::new();
        for c in &children {
            text.push_str(&ctx.out.name(c));
            text.push('\n');
        }
        ctx.out.bytes(text.as_bytes())?;
    }
    if a.stat && !ctx.out.json {
        ctx.out.bytes(stat_text(&stat).as_bytes())?;
    }
    match watch {
        Some(w) => ctx.follow(&path, WatchKind::Children, w).await,
        None => Ok(()),
    }
}

/// One line per child: type (p persistent, e ephemeral), version, data size, children, name.
/// The stats are requested all at once (pipelined), not one round trip per child.
async fn ls_long(ctx: &Ctx, zk: &Zk, path: &str, children: &[String]) -> Result<()> {
    let paths: Vec<String> = children.iter().map(|c| path::join(path, c)).collect();
    let mut rows = Vec::new();
    crate::bulk::stats::stats(zk, &paths, |p, stat| {
        if let Some(s) = stat {
            rows.push((path::name(p).to_string(), s));
        }
        Ok(())
    })
    .await?;
    if ctx.out.json {
        let list: Vec<Value> = rows
            .iter()
            .map(|(n, s)| json!({ "name": n, "type": node_type(s), "stat": stat_json(s) }))
            .collect();
        return ctx.out.json(&json!({ "path": path, "children": list }));
    }
    // The header names the columns for a reader; a pipe gets the rows alone (for awk and cut).
    let mut text = if ctx.out.tty {
        format!(
            "{} {:>6} {:>8} {:>6}  {}\n",
            "T", "VER", "SIZE", "KIDS", "NAME"
        )
    } else {
        String::new()
    };
    for (n, s) in &rows {
        text.push_str(&format!(
            "{} {:>6} {:>8} {:>6}  {}\n",
            &node_type(s)[..1],
            s.version,
            s.data_length,
            s.num_children,
            ctx.out.name(n)
        ));
    }
    ctx.out.bytes(text.as_bytes())
}

fn node_type(s: &Stat) -> &'static str {
    if s.ephemeral_owner != 0 {
        "ephemeral"
    } else {
        "persistent"
    }
}

/// Every path below (and including) `path`, breadth-first as zkCli lists them, streamed as
/// the walk finds them.
async fn ls_recursive(ctx: &Ctx, zk: &Zk, path: &str) -> Result<()> {
    let out = ctx.out;
    let mut s = Stream::new(out);
    if out.json {
        s.push(&format!("{{\"path\":{},\"nodes\":[", json!(path)))?;
    }
    let mut walk = Walk::new(zk, path, Want::names(Order::Breadth));
    let (mut first, mut unreadable) = (true, Vec::new());
    while let Some(step) = walk.next().await? {
        let p = match step {
            Step::Enter(f) => f.path,
            Step::Unreadable { path, error, .. } => {
                unreadable.push((path.clone(), error));
                path
            }
            Step::Leave { .. } => continue,
        };
        if out.json {
            let sep = if std::mem::take(&mut first) { "" } else { "," };
            s.push(&format!("{sep}{}", json!(p)))?;
        } else {
            s.line(&out.name(&p))?;
        }
    }
    if out.json {
        s.push("]}\n")?;
    }
    s.finish()?;
    report::unreadable(ctx, "ls -R", &unreadable)
}

pub async fn stat(ctx: &mut Ctx, a: StatArgs) -> Result<()> {
    let path = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let (stat, watch) = if a.watch {
        let (s, w) = zk.stat_watch(&path).await?;
        (s, Some(w))
    } else {
        (zk.stat(&path).await?, None)
    };
    let stat = stat.ok_or_else(|| Error::NoNode { path: path.clone() })?;
    if ctx.out.json {
        ctx.out
            .json(&json!({ "path": path, "stat": stat_json(&stat) }))?;
    } else {
        ctx.out.bytes(stat_text(&stat).as_bytes())?;
    }
    match watch {
        Some(w) => ctx.follow(&path, WatchKind::Exists, w).await,
        None => Ok(()),
    }
}

pub async fn exists(ctx: &mut Ctx, a: ExistsArgs) -> Result<()> {
    let path = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let (stat, watch) = if a.watch {
        let (s, w) = zk.stat_watch(&path).await?;
        (s, Some(w))
    } else {
        (zk.stat(&path).await?, None)
    };
    if ctx.out.json {
        ctx.out
            .json(&json!({ "path": path, "exists": stat.is_some() }))?;
    } else if !ctx.out.quiet {
        ctx.out
            .line(if stat.is_some() { "true" } else { "false" })?;
    }
    if let Some(w) = watch {
        ctx.follow(&path, WatchKind::Exists, w).await?;
    }
    if stat.is_some() {
        Ok(())
    } else {
        Err(Error::Status(3))
    }
}

pub async fn delete(ctx: &mut Ctx, a: DeleteArgs) -> Result<()> {
    let paths = a
        .paths
        .iter()
        .map(|p| ctx.resolve(p))
        .collect::<Result<Vec<_>>>()?;
    let mut status = None;
    for p in paths {
        let r = if a.recursive {
            recursive::delete_tree(ctx, &p, a.force, false).await
        } else {
            let zk = ctx.zk().await?;
            zk.delete(&p, a.version).await
        };
        match r {
            // One path alone fails as itself; with several, go on as rm does, report each
            // failure as it happens, and let the first one set the exit code.
            Err(e) if a.paths.len() == 1 => return Err(e),
            Err(e) => {
                ctx.out.error(&e);
                status.get_or_insert(e.exit_code());
            }
            Ok(()) => {}
        }
    }
    status.map_or(Ok(()), |c| Err(Error::Status(c)))
}
