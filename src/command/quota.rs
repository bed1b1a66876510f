//! Quotas kept exactly as zkCli 3.8 keeps them: setquota, listquota, delquota on the
//! `/zookeeper/quota/<path>/zookeeper_limits` and `zookeeper_stats` nodes, in StatsTrack's format.

use clap::{ArgGroup, Args};

use super::dry_run::{self, DryRunArg};
use crate::client::{NodeType, Op, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::reply::quota::{BYTES, BYTES_HARD, COUNT, COUNT_HARD};
use crate::reply::{Reply, StatsTrack};

const QUOTA_ROOT: &str = "/zookeeper/quota";
const LIMITS: &str = "zookeeper_limits";
const STATS: &str = "zookeeper_stats";

#[derive(Args, Debug, Clone)]
#[group(skip)]
#[command(group(
    ArgGroup::new("limit")
        .required(true)
        .multiple(true)
        .args(["count", "bytes", "count_hard", "bytes_hard"])
))]
pub struct SetquotaArgs {
    /// Soft limit on the number of nodes (the node itself included); beyond it the server logs a warning
    #[arg(short = 'n', long = "count", value_name = "N", value_parser = clap::value_parser!(i64).range(1..=i32::MAX as i64))]
    pub count: Option<i64>,
    /// Soft limit on the bytes of data in the subtree
    #[arg(short = 'b', long = "bytes", value_name = "BYTES", value_parser = clap::value_parser!(i64).range(0..))]
    pub bytes: Option<i64>,
    /// Hard limit on the number of nodes: the server refuses creates beyond it (zookeeper.enforceQuota=true)
    #[arg(short = 'N', long = "count-hard", value_name = "N", value_parser = clap::value_parser!(i64).range(1..=i32::MAX as i64))]
    pub count_hard: Option<i64>,
    /// Hard limit on the bytes of data: the server refuses writes beyond it (zookeeper.enforceQuota=true)
    #[arg(short = 'B', long = "bytes-hard", value_name = "BYTES", value_parser = clap::value_parser!(i64).range(0..))]
    pub bytes_hard: Option<i64>,
    /// Node the quota covers (with everything below it)
    pub path: String,
    #[command(flatten)]
    pub dry: DryRunArg,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct DelquotaArgs {
    /// Remove only the soft count limit
    #[arg(short = 'n', long = "count")]
    pub count: bool,
    /// Remove only the soft bytes limit
    #[arg(short = 'b', long = "bytes")]
    pub bytes: bool,
    /// Remove only the hard count limit
    #[arg(short = 'N', long = "count-hard")]
    pub count_hard: bool,
    /// Remove only the hard bytes limit
    #[arg(short = 'B', long = "bytes-hard")]
    pub bytes_hard: bool,
    /// Node whose quota goes (all of it, without flags)
    pub path: String,
    #[command(flatten)]
    pub dry: DryRunArg,
}

/// `/zookeeper/quota/<path>`: where the quota of `path` lives.
fn quota_dir(path: &str) -> String {
    format!("{QUOTA_ROOT}{path}")
}

fn limits_path(path: &str) -> String {
    format!("{QUOTA_ROOT}{path}/{LIMITS}")
}

fn stats_path(path: &str) -> String {
    format!("{QUOTA_ROOT}{path}/{STATS}")
}

/// Paths zkCli refuses or cannot handle: the root and the quota tree itself.
fn check_quotable(path: &str) -> Result<()> {
    if path == "/" {
        return Err(Error::usage("/: a quota needs a node below the root"));
    }
    if path == QUOTA_ROOT || path.starts_with(&format!("{QUOTA_ROOT}/")) {
        return Err(Error::usage(format!(
            "{path}: cannot set a quota under {QUOTA_ROOT}"
        )));
    }
    Ok(())
}

async fn read_track(zk: &Zk, path: &str) -> Result<StatsTrack> {
    let (data, _) = zk.get(path).await?;
    Ok(StatsTrack::parse(&String::from_utf8_lossy(&data)))
}

/// zkCli's rule: no quota on a node when an ancestor has one.
async fn check_no_parent_quota(zk: &Zk, path: &str) -> Result<()> {
    for a in crate::path::ancestors(path) {
        if zk.stat(&limits_path(&a)).await?.is_some() {
            return Err(Error::other(format!(
                "{path} has a parent {a} which has a quota"
            )));
        }
    }
    Ok(())
}

/// zkCli's rule: no quota on a node when a node below it has one.
async fn check_no_child_quota(zk: &Zk, path: &str) -> Result<()> {
    let top = quota_dir(path);
    let mut level = vec![top.clone()];
    while !level.is_empty() {
        let mut next = Vec::new();
        for dir in level {
            let children = match zk.children(&dir).await {
                Ok((c, _)) => c,
                Err(Error::NoNode { .. }) => continue,
                Err(e) => return Err(e),
            };
            if dir != top && children.iter().any(|c| c == LIMITS) {
                let child = &dir[QUOTA_ROOT.len()..];
                return Err(Error::other(format!(
                    "{path} has a child {child} which has a quota"
                )));
            }
            next.extend(
                children
                    .iter()
                    .filter(|c| *c != LIMITS && *c != STATS)
                    .map(|c| format!("{dir}/{c}")),
            );
        }
        level = next;
    }
    Ok(())
}

/// Creates a persistent, open node unless it exists.
async fn ensure(zk: &Zk, path: &str, data: &[u8]) -> Result<bool> {
    match zk
        .create(path, data, NodeType::Persistent, false, None, None)
        .await
    {
        Ok(_) => Ok(true),
        Err(Error::NodeExists { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// zkCli prints these on stdout; here they are diagnostics, on stderr.
fn warn_below_usage(ctx: &Ctx, quota: &StatsTrack, stats: &StatsTrack) {
    let below = |limit: i64, used: i64| limit > -1 && limit < used;
    let used = stats.get(COUNT);
    if below(quota.get(COUNT), used) || below(quota.get(COUNT_HARD), used) {
        ctx.out.note(&format!(
            "warning: the count quota is less than the existing count: {used}"
        ));
    }
    let used = stats.get(BYTES);
    if below(quota.get(BYTES), used) || below(quota.get(BYTES_HARD), used) {
        ctx.out.note(&format!(
            "warning: the bytes quota is less than the existing bytes: {used}"
        ));
    }
}

pub async fn setquota(ctx: &mut Ctx, a: SetquotaArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    check_quotable(&path)?;
    let zk = ctx.zk().await?;
    if zk.stat(&path).await?.is_none() {
        return Err(Error::NoNode { path });
    }
    check_no_child_quota(&zk, &path).await?;
    check_no_parent_quota(&zk, &path).await?;
    let given = [
        (COUNT, a.count),
        (BYTES, a.bytes),
        (COUNT_HARD, a.count_hard),
        (BYTES_HARD, a.bytes_hard),
    ];
    if a.dry.dry_run {
        return plan_setquota(&zk, &path, &given).await;
    }
    let mut dir = String::from("/zookeeper");
    for part in quota_dir(&path).split('/').skip(2) {
        dir = format!("{dir}/{part}");
        ensure(&zk, &dir, b"").await?;
    }
    let (limits, stats) = (limits_path(&path), stats_path(&path));
    // A new quota names all four limits, -1 for those not given, as zkCli writes it.
    let mut quota = StatsTrack::default();
    for (k, v) in given {
        quota.set(k, v.unwrap_or(-1));
    }
    let created = ensure(&zk, &limits, quota.to_string().as_bytes()).await?;
    if !created {
        quota = read_track(&zk, &limits).await?;
        for (k, v) in given {
            if let Some(v) = v {
                quota.set(k, v);
            }
        }
    }
    // The server counts the subtree when the stats node is created.
    ensure(&zk, &stats, b"count=0,bytes=0").await?;
    warn_below_usage(ctx, &quota, &read_track(&zk, &stats).await?);
    if !created {
        zk.set(&limits, quota.to_string().as_bytes(), None).await?;
    }
    Ok(Reply::Quota {
        path,
        quota: Some(quota),
        usage: None,
    })
}

/// What `setquota` would send: the quota nodes that are missing, and the limits written.
async fn plan_setquota(zk: &Zk, path: &str, given: &[(&str, Option<i64>)]) -> Result<Reply> {
    let create = |path: &str, data: &[u8]| Op::Create {
        path: path.to_string(),
        data: data.to_vec(),
        acl: None,
        kind: NodeType::Persistent,
        sequential: false,
        ttl: None,
    };
    let mut ops = Vec::new();
    let mut dir = String::from("/zookeeper");
    for part in quota_dir(path).split('/').skip(2) {
        dir = format!("{dir}/{part}");
        if zk.stat(&dir).await?.is_none() {
            ops.push(create(&dir, b""));
        }
    }
    let (limits, stats) = (limits_path(path), stats_path(path));
    match read_track(zk, &limits).await {
        Ok(mut quota) => {
            for (k, v) in given {
                if let Some(v) = v {
                    quota.set(k, *v);
                }
            }
            ops.push(Op::Set {
                path: limits,
                data: quota.to_string().into_bytes(),
                version: None,
            });
        }
        Err(Error::NoNode { .. }) => {
            let mut quota = StatsTrack::default();
            for (k, v) in given {
                quota.set(k, v.unwrap_or(-1));
            }
            ops.push(create(&limits, quota.to_string().as_bytes()));
        }
        Err(e) => return Err(e),
    }
    if zk.stat(&stats).await?.is_none() {
        ops.push(create(&stats, b"count=0,bytes=0"));
    }
    Ok(dry_run::reply(&ops))
}

fn no_quota(path: &str) -> Error {
    Error::other(format!("quota for {path} does not exist"))
}

/// One of the quota nodes of `path`; missing means no quota.
async fn read_quota_node(zk: &Zk, path: &str, node: &str) -> Result<StatsTrack> {
    match read_track(zk, node).await {
        Err(Error::NoNode { .. }) => Err(no_quota(path)),
        r => r,
    }
}

pub async fn listquota(ctx: &mut Ctx, path: String) -> Result<Reply> {
    let path = ctx.resolve(&path)?;
    let zk = ctx.zk().await?;
    let quota = read_quota_node(&zk, &path, &limits_path(&path)).await?;
    let stats = read_quota_node(&zk, &path, &stats_path(&path)).await?;
    Ok(Reply::Quota {
        path,
        quota: Some(quota),
        usage: Some(stats),
    })
}

pub async fn delquota(ctx: &mut Ctx, a: DelquotaArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let limits = limits_path(&path);
    let mut quota = read_quota_node(&zk, &path, &limits).await?;
    let chosen = [
        (COUNT, a.count),
        (BYTES, a.bytes),
        (COUNT_HARD, a.count_hard),
        (BYTES_HARD, a.bytes_hard),
    ];
    if chosen.iter().any(|(_, on)| *on) {
        for (k, _) in chosen.iter().filter(|(_, on)| *on) {
            quota.set(k, -1);
        }
        if a.dry.dry_run {
            return Ok(dry_run::reply(&[Op::Set {
                path: limits,
                data: quota.to_string().into_bytes(),
                version: None,
            }]));
        }
        zk.set(&limits, quota.to_string().as_bytes(), None).await?;
        return Ok(Reply::Quota {
            path,
            quota: Some(quota),
            usage: None,
        });
    }
    let dir = quota_dir(&path);
    let (children, _) = zk.children(&dir).await?;
    if a.dry.dry_run {
        let deletes = children
            .iter()
            .map(|c| format!("{dir}/{c}"))
            .chain([dir.clone()])
            .map(|path| Op::Delete {
                path,
                version: None,
            });
        return Ok(dry_run::reply(&deletes.collect::<Vec<_>>()));
    }
    for c in children {
        zk.delete(&format!("{dir}/{c}"), None).await?;
    }
    trim(&zk, &dir).await?;
    Ok(Reply::Quota {
        path,
        quota: None,
        usage: None,
    })
}

/// Deletes the quota node and its ancestors up to /zookeeper/quota while they are empty.
async fn trim(zk: &Zk, dir: &str) -> Result<()> {
    let mut dir = dir.to_string();
    while dir != QUOTA_ROOT {
        let (children, _) = zk.children(&dir).await?;
        if !children.is_empty() {
            break;
        }
        zk.delete(&dir, None).await?;
        dir.truncate(dir.rfind('/').unwrap_or(0));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_tree_and_root_are_refused() {
        assert!(check_quotable("/").is_err());
        assert!(check_quotable("/zookeeper/quota/a").is_err());
        assert!(check_quotable("/zookeeper/quotas").is_ok());
        assert!(check_quotable("/a").is_ok());
    }
}
