//! `diff A B` (two paths, two clusters, or a cluster and an export file) and `cp`/`mv`, which
//! read a tree in bulk and write it with batched multi creates, within a cluster or to another
//! one (`zk://host:port/path`).

use std::collections::BTreeMap;

use clap::Args;
use serde_json::json;

use super::backup::{read_export, report_applied};
use crate::acl::AclEntry;
use crate::apply;
use crate::client::{Op, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::progress::Progress;
use crate::snapshot::{self, Node};

#[derive(Args, Debug, Clone)]
pub struct DiffArgs {
    /// A path, zk://host:port/path, or an export file (*.json, or an existing file)
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
    pub src: String,
    /// A path, or zk://host:port/path on another cluster
    pub dst: String,
}

#[derive(Args, Debug, Clone)]
pub struct MoveArgs {
    pub src: String,
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
            path: crate::path::resolve("/", path)?,
        });
    }
    if s.ends_with(".json") || (!s.starts_with('/') && std::path::Path::new(s).is_file()) {
        return Ok(Place::File(s.to_string()));
    }
    Ok(Place::Here(ctx.resolve(s)?))
}

/// A client for `servers`, with the shell's timeouts and credentials.
async fn other_cluster(ctx: &Ctx, servers: &str) -> Result<Zk> {
    let mut opts = ctx.cfg.connect.clone();
    opts.servers = servers.to_string();
    Zk::connect(&opts, &opts.auths.clone()).await
}

type Tree = BTreeMap<String, (Vec<u8>, Vec<AclEntry>)>;

async fn load(ctx: &mut Ctx, p: Place) -> Result<Tree> {
    let mut tree = Tree::new();
    let add = |n: Node| {
        tree.insert(n.path, (n.data, n.acl));
        Ok(())
    };
    match p {
        Place::File(f) => read_export(&f)?.nodes.into_iter().try_for_each(add)?,
        Place::Here(path) => {
            let zk = ctx.zk().await?;
            snapshot::read_tree(&zk, &path, &Progress::hidden(), add).await?;
        }
        Place::Remote { servers, path } => {
            let zk = other_cluster(ctx, &servers).await?;
            snapshot::read_tree(&zk, &path, &Progress::hidden(), add).await?;
            zk.close().await;
        }
    }
    Ok(tree)
}

pub async fn diff(ctx: &mut Ctx, a: DiffArgs) -> Result<()> {
    let (pa, pb) = (place(ctx, &a.a)?, place(ctx, &a.b)?);
    let ta = load(ctx, pa).await?;
    let tb = load(ctx, pb).await?;
    let only_a: Vec<&String> = ta.keys().filter(|k| !tb.contains_key(*k)).collect();
    let only_b: Vec<&String> = tb.keys().filter(|k| !ta.contains_key(*k)).collect();
    let both = ta
        .iter()
        .filter_map(|(k, va)| tb.get(k).map(|vb| (k, va, vb)));
    let (mut data, mut acl) = (Vec::new(), Vec::new());
    for (k, (da, aa), (db, ab)) in both {
        if da != db {
            data.push(k);
        }
        if aa != ab {
            acl.push(k);
        }
    }
    let same = only_a.is_empty() && only_b.is_empty() && data.is_empty() && acl.is_empty();
    if ctx.out.json {
        ctx.out.json(
            &json!({ "same": same, "only_a": only_a, "only_b": only_b, "data": data, "acl": acl }),
        )?;
    } else {
        let mut text = String::new();
        let n = |p: &str| ctx.out.name(p);
        only_a
            .iter()
            .for_each(|p| text.push_str(&format!("- {}  (only in A)\n", n(p))));
        only_b
            .iter()
            .for_each(|p| text.push_str(&format!("+ {}  (only in B)\n", n(p))));
        data.iter()
            .for_each(|p| text.push_str(&format!("~ {}  data differs\n", n(p))));
        acl.iter()
            .for_each(|p| text.push_str(&format!("~ {}  ACL differs\n", n(p))));
        ctx.out.bytes(text.as_bytes())?;
    }
    // As diff: 1 when the trees differ.
    if same { Ok(()) } else { Err(Error::Status(1)) }
}

/// Reads SRC's nodes (the whole tree with -r, else the node alone).
async fn read_source(zk: &Zk, src: &str, recursive: bool) -> Result<Vec<Node>> {
    if !recursive {
        let (data, stat) = zk.get(src).await?;
        let (acl, _) = zk.get_acl(src).await?;
        if stat.kind() == "ephemeral" {
            return Err(Error::usage(format!(
                "{src}: ephemeral nodes belong to their session and are not copied"
            )));
        }
        return Ok(vec![Node {
            path: "/".into(),
            kind: stat.kind().into(),
            data,
            acl,
            ttl_ms: stat.ttl_ms(),
        }]);
    }
    let mut nodes = Vec::new();
    let report = snapshot::read_tree(zk, src, &Progress::hidden(), |n| {
        nodes.push(n);
        Ok(())
    })
    .await?;
    if let Some(e) = report.unreadable.into_iter().next() {
        return Err(e);
    }
    Ok(nodes)
}

pub async fn cp(ctx: &mut Ctx, a: CopyArgs) -> Result<()> {
    let src = ctx.resolve(&a.src)?;
    let zk = ctx.zk().await?;
    let nodes = read_source(&zk, &src, a.recursive).await?;
    let done = match place(ctx, &a.dst)? {
        Place::Here(dst) => {
            if a.recursive && (dst == src || dst.starts_with(&format!("{src}/")) || src == "/") {
                return Err(Error::usage(format!(
                    "cannot copy {src} into itself ({dst})"
                )));
            }
            apply::apply(
                &zk,
                &dst,
                &nodes,
                a.overwrite,
                &ctx.progress("cp", Some(nodes.len())),
            )
            .await?
        }
        Place::Remote { servers, path } => {
            let other = other_cluster(ctx, &servers).await?;
            let done = apply::apply(
                &other,
                &path,
                &nodes,
                a.overwrite,
                &ctx.progress("cp", Some(nodes.len())),
            )
            .await;
            other.close().await;
            done?
        }
        Place::File(f) => {
            return Err(Error::usage(format!(
                "{f}: cp copies to a path or zk://; use export for files"
            )));
        }
    };
    let rerun = "run cp again with --overwrite to finish";
    report_applied(ctx, done, "copied", ("cp", rerun))
}

/// Moves a tree within the cluster: in one atomic multi when it fits, else copy then delete.
pub async fn mv(ctx: &mut Ctx, a: MoveArgs) -> Result<()> {
    let src = ctx.resolve(&a.src)?;
    let dst = ctx.resolve(&a.dst)?;
    if src == "/" || dst == src || dst.starts_with(&format!("{src}/")) {
        return Err(Error::usage(format!("cannot move {src} to {dst}")));
    }
    let zk = ctx.zk().await?;
    let nodes = read_source(&zk, &src, true).await?;
    let total = zk.count_descendants(&src).await? + 1;
    if total != nodes.len() {
        return Err(Error::usage(format!(
            "{src}: holds ephemeral nodes, which cannot be moved (they belong to their session)"
        )));
    }
    let creates: Vec<Op> = nodes
        .iter()
        .map(|n| Op::Create {
            path: snapshot::absolute(&dst, &n.path),
            data: n.data.clone(),
            acl: Some(n.acl.clone()),
            kind: if n.kind == "container" {
                crate::client::NodeType::Container
            } else {
                crate::client::NodeType::Persistent
            },
            sequential: false,
            ttl: n.ttl_ms.map(std::time::Duration::from_millis),
        })
        .collect();
    let deletes = nodes.iter().rev().map(|n| Op::Delete {
        path: snapshot::absolute(&src, &n.path),
        version: None,
    });
    let ops: Vec<Op> = creates.into_iter().chain(deletes).collect();
    let weight: usize = ops.iter().map(Op::weight).sum();
    if ops.len() <= 1000 && weight < 768 * 1024 {
        return match zk.multi(&ops).await {
            Ok(_) => Ok(()),
            Err((i, e)) => {
                let at = i
                    .and_then(|i| ops.get(i))
                    .map(|o| format!(" at {}", o.path()))
                    .unwrap_or_default();
                ctx.out.note(&format!("mv failed{at}; nothing was changed"));
                Err(e)
            }
        };
    }
    let done = apply::apply(
        &zk,
        &dst,
        &nodes,
        false,
        &ctx.progress("mv", Some(nodes.len())),
    )
    .await?;
    // Nothing of SRC is deleted unless all of it was copied.
    if !done.failed.is_empty() || done.stopped.is_some() {
        let rerun = "nothing was deleted from the source; remove the partial copy and run mv again";
        report_applied(ctx, done, "copied", ("mv", rerun))?;
    }
    super::recursive::delete_tree(ctx, &src, true, false).await
}
