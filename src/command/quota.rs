//! Quotas kept exactly as zkCli 3.8 keeps them: setquota, listquota, delquota on the
//! `/zookeeper/quota/<path>/zookeeper_limits` and `zookeeper_stats` nodes, in StatsTrack's format.

use std::collections::BTreeMap;
use std::fmt;

use clap::{ArgGroup, Args};
use serde_json::{Value, json};

use crate::client::{NodeType, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};

const QUOTA_ROOT: &str = "/zookeeper/quota";
const LIMITS: &str = "zookeeper_limits";
const STATS: &str = "zookeeper_stats";

const COUNT: &str = "count";
const BYTES: &str = "bytes";
const COUNT_HARD: &str = "countHardLimit";
const BYTES_HARD: &str = "byteHardLimit";

#[derive(Args, Debug, Clone)]
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
}

#[derive(Args, Debug, Clone)]
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
}

/// ZooKeeper's StatsTrack: `key=value` pairs, where a missing key reads as -1. It prints as
/// `count=C,bytes=B` and, when there are more keys, `=;key=value...` in key order: the odd `=`
/// keeps the string readable by 3.4's parser, and zkCli.sh reads back exactly this.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatsTrack(BTreeMap<String, i64>);

impl StatsTrack {
    /// Parses as the server does: pairs separated by `,` or `;`; an empty value is -1; broken
    /// pairs are skipped.
    pub fn parse(s: &str) -> StatsTrack {
        let mut m = BTreeMap::new();
        for pair in s.split([',', ';']).filter(|p| !p.is_empty()) {
            // Java's split("=") drops trailing empty fields, so "bytes=5=" is bytes 5.
            let mut kv = pair.split('=');
            let (Some(k), Some(v)) = (kv.next(), kv.next()) else {
                continue;
            };
            let v = if v.is_empty() { Ok(-1) } else { v.parse() };
            if let (false, Ok(v)) = (k.is_empty(), v) {
                m.insert(k.to_string(), v);
            }
        }
        StatsTrack(m)
    }

    pub fn get(&self, key: &str) -> i64 {
        self.0.get(key).copied().unwrap_or(-1)
    }

    pub fn set(&mut self, key: &str, v: i64) {
        self.0.insert(key.to_string(), v);
    }

    pub fn to_json(&self) -> Value {
        let mut v = json!({ COUNT: self.get(COUNT), BYTES: self.get(BYTES) });
        for (k, n) in &self.0 {
            v[k] = json!(n);
        }
        v
    }
}

impl fmt::Display for StatsTrack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{COUNT}={},{BYTES}={}", self.get(COUNT), self.get(BYTES))?;
        let rest: Vec<_> = self
            .0
            .iter()
            .filter(|(k, _)| *k != COUNT && *k != BYTES)
            .collect();
        if !rest.is_empty() {
            f.write_str("=")?;
        }
        for (k, v) in rest {
            write!(f, ";{k}={v}")?;
        }
        Ok(())
    }
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

/// Proper ancestors of `path`, root excluded, top down: `/a`, `/a/b` for `/a/b/c`.
fn ancestors(path: &str) -> Vec<String> {
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    (1..parts.len())
        .map(|i| format!("/{}", parts[..i].join("/")))
        .collect()
}

async fn read_track(zk: &Zk, path: &str) -> Result<StatsTrack> {
    let (data, _) = zk.get(path).await?;
    Ok(StatsTrack::parse(&String::from_utf8_lossy(&data)))
}

/// zkCli's rule: no quota on a node when an ancestor has one.
async fn check_no_parent_quota(zk: &Zk, path: &str) -> Result<()> {
    for a in ancestors(path) {
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

pub async fn setquota(ctx: &mut Ctx, a: SetquotaArgs) -> Result<()> {
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
    if ctx.out.json {
        ctx.out
            .json(&json!({ "path": path, "quota": quota.to_json() }))?;
    }
    Ok(())
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

pub async fn listquota(ctx: &mut Ctx, path: String) -> Result<()> {
    let path = ctx.resolve(&path)?;
    let zk = ctx.zk().await?;
    let quota = read_quota_node(&zk, &path, &limits_path(&path)).await?;
    let stats = read_quota_node(&zk, &path, &stats_path(&path)).await?;
    if ctx.out.json {
        return ctx.out.json(&json!({
            "path": path,
            "quota": quota.to_json(),
            "stat": stats.to_json(),
        }));
    }
    let name = ctx.out.name(&path);
    ctx.out.bytes(
        format!("Output quota for {name} {quota}\nOutput stat for {name} {stats}\n").as_bytes(),
    )
}

pub async fn delquota(ctx: &mut Ctx, a: DelquotaArgs) -> Result<()> {
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
        zk.set(&limits, quota.to_string().as_bytes(), None).await?;
        if ctx.out.json {
            ctx.out
                .json(&json!({ "path": path, "quota": quota.to_json() }))?;
        }
        return Ok(());
    }
    let dir = quota_dir(&path);
    let (children, _) = zk.children(&dir).await?;
    for c in children {
        zk.delete(&format!("{dir}/{c}"), None).await?;
    }
    trim(&zk, &dir).await?;
    if ctx.out.json {
        ctx.out.json(&json!({ "path": path, "quota": null }))?;
    }
    Ok(())
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
    fn stats_track_prints_as_zookeeper_3_8() {
        let mut q = StatsTrack::default();
        for (k, v) in [(COUNT, -1), (BYTES, -1), (COUNT_HARD, 2), (BYTES_HARD, -1)] {
            q.set(k, v);
        }
        assert_eq!(
            q.to_string(),
            "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2"
        );
        assert_eq!(
            StatsTrack::parse("count=3,bytes=0").to_string(),
            "count=3,bytes=0"
        );
        assert_eq!(StatsTrack::default().to_string(), "count=-1,bytes=-1");
    }

    #[test]
    fn stats_track_parses_what_it_prints_and_old_formats() {
        let s = "count=5,bytes=100=;byteHardLimit=10;countHardLimit=-1";
        let t = StatsTrack::parse(s);
        assert_eq!(t.get(BYTES), 100);
        assert_eq!(t.get(BYTES_HARD), 10);
        assert_eq!(t.to_string(), s);
        assert_eq!(StatsTrack::parse("count=1,bytes=").get(BYTES), -1);
        assert_eq!(StatsTrack::parse("garbage").get(COUNT), -1);
    }

    #[test]
    fn ancestors_exclude_root_and_self() {
        assert_eq!(ancestors("/a/b/c"), ["/a", "/a/b"]);
        assert!(ancestors("/a").is_empty());
    }

    #[test]
    fn quota_tree_and_root_are_refused() {
        assert!(check_quotable("/").is_err());
        assert!(check_quotable("/zookeeper/quota/a").is_err());
        assert!(check_quotable("/zookeeper/quotas").is_ok());
        assert!(check_quotable("/a").is_ok());
    }
}
