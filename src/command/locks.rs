//! `locks PATH`: the holder and the waiters of a lock (or the leader and candidates of an
//! election) in the order their library ranks them, for either dialect; `--revoke NODE` asks a
//! revocable Curator holder to let go.

use std::collections::HashMap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::Args;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::recipe::{self, Dialect};
use crate::reply::Reply;
use crate::reply::recipe::{Contender, Contenders};

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct LocksArgs {
    /// The lock's (or election's) directory
    pub path: String,
    /// Write Curator's revocation request (`__REVOKE__`) into this lock node (a name in PATH,
    /// or its full path); only a holder that made its lock revocable acts on it
    #[arg(long, value_name = "NODE")]
    pub revoke: Option<String>,
    /// With --revoke: print the write it would send, send nothing
    #[arg(long, requires = "revoke")]
    pub dry_run: bool,
}

pub async fn locks(ctx: &mut Ctx, a: LocksArgs) -> Result<Reply> {
    let dir = ctx.resolve(&a.path)?;
    match a.revoke {
        Some(node) => revoke(ctx, &dir, &node, a.dry_run).await,
        None => list(ctx, &dir, false).await,
    }
}

/// Curator's `LockInternals.REVOKE_MESSAGE`.
const REVOKE: &[u8] = b"__REVOKE__";

/// Curator's `Revoker.attemptRevoke`: the holder's revocable watch sees the data change.
async fn revoke(ctx: &mut Ctx, dir: &str, node: &str, dry_run: bool) -> Result<Reply> {
    let path = if node.starts_with('/') {
        ctx.resolve(node)?
    } else {
        crate::path::join(dir, node)
    };
    let name = crate::path::name(&path);
    if crate::path::parent(&path) != Some(dir)
        || recipe::classify(name).is_none_or(|r| r.dialect != Dialect::Curator)
    {
        return Err(Error::usage(format!(
            "{path}: not a Curator lock node in {dir} (only Curator has revocation)"
        )));
    }
    if dry_run {
        return Ok(Reply::Planned(vec![crate::reply::Planned {
            op: "set",
            path,
            bytes: Some(REVOKE.len()),
            detail: "__REVOKE__".into(),
        }]));
    }
    ctx.zk().await?.set(&path, REVOKE, None).await?;
    Ok(Reply::done("locks --revoke", [path]))
}

/// Prints the contenders in `dir` (`elect`: as leader and candidates).
pub async fn list(ctx: &mut Ctx, dir: &str, elect: bool) -> Result<Reply> {
    let zk = ctx.zk().await?;
    let (children, _) = zk.children(dir).await?;
    let found = recipe::found(&children);
    if found.len() > 1 {
        ctx.out.note(&format!(
            "warning: {dir} mixes recipes; each is listed in its own order"
        ));
    }
    let cons = addresses(&ctx.servers).await;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64);
    let mut out = Vec::new();
    for r in found {
        for (i, name) in r.members(&children).into_iter().enumerate() {
            let path = crate::path::join(dir, &name);
            let (data, stat) = match zk.get(&path).await {
                Ok(x) => x,
                // Gone since the listing: it holds nothing now.
                Err(Error::NoNode { .. }) => continue,
                Err(e) => return Err(e),
            };
            let role = match (i, elect) {
                (0, false) => "holder",
                (_, false) => "waiter",
                (0, true) => "leader",
                (_, true) => "candidate",
            };
            out.push(Contender {
                position: i,
                role,
                node: name,
                dialect: r.dialect,
                data,
                session: format!("{:#x}", stat.ephemeral_owner),
                age_ms: now - stat.ctime,
                client: cons.get(&stat.ephemeral_owner).cloned(),
            });
        }
    }
    Ok(Reply::Contenders(Contenders {
        path: dir.to_string(),
        contenders: out,
    }))
}

/// Session id -> client address, from every member's `cons` (empty where 4lw is off).
async fn addresses(servers: &str) -> HashMap<i64, String> {
    crate::fourlw::ask_all(servers, "cons", Duration::from_secs(2))
        .await
        .into_iter()
        .filter_map(|(_, r)| r.ok())
        .flat_map(|t| recipe::cons::sessions(&t))
        .collect()
}
