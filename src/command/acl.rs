//! ACL and identity commands: getAcl, setAcl (-R through the tree walker, pipelined), digest,
//! whoami.

use clap::Args;
use serde_json::json;

use crate::acl::{self, AclEntry};
use crate::apply::{self, Stop};
use crate::client::Zk;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::{stat_json, stat_text};
use crate::tree;

use super::recursive;

#[derive(Args, Debug, Clone)]
pub struct GetAclArgs {
    /// Also print the stat
    #[arg(short = 's', long)]
    pub stat: bool,
    pub path: String,
}

#[derive(Args, Debug, Clone)]
pub struct SetAclArgs {
    /// Also print the stat
    #[arg(short = 's', long)]
    pub stat: bool,
    /// Only if the ACL is at this version (aclVersion)
    #[arg(
        short = 'v',
        long,
        value_name = "VERSION",
        allow_negative_numbers = true,
        conflicts_with = "recursive"
    )]
    pub version: Option<i32>,
    /// The node and every node below it
    #[arg(short = 'R', long)]
    pub recursive: bool,
    pub path: String,
    /// scheme:id:perms[,...], e.g. digest:bob:HASH:cdrwa,world:anyone:r
    pub acl: String,
}

#[derive(Args, Debug, Clone)]
pub struct DigestArgs {
    /// user:password
    pub user_password: String,
}

fn acl_json(acl: &[AclEntry]) -> serde_json::Value {
    json!(
        acl.iter()
            .map(|a| json!({"scheme": a.scheme, "id": a.id, "perms": acl::perms_text(a.perms)}))
            .collect::<Vec<_>>()
    )
}

pub async fn get_acl(ctx: &mut Ctx, a: GetAclArgs) -> Result<()> {
    let path = ctx.resolve(&a.path)?;
    let (acl, stat) = ctx.zk().await?.get_acl(&path).await?;
    if ctx.out.json {
        let mut v = json!({ "path": path, "acl": acl_json(&acl) });
        if a.stat {
            v["stat"] = stat_json(&stat);
        }
        return ctx.out.json(&v);
    }
    let mut text: String = acl
        .iter()
        .map(|e| format!("{}\n", ctx.out.name(&e.to_string())))
        .collect();
    if a.stat {
        text.push_str(&stat_text(&stat));
    }
    ctx.out.bytes(text.as_bytes())
}

pub async fn set_acl(ctx: &mut Ctx, a: SetAclArgs) -> Result<()> {
    let path = ctx.resolve(&a.path)?;
    let acl = acl::parse(&a.acl)?;
    let zk = ctx.zk().await?;
    if a.recursive {
        let n = set_acl_tree(ctx, &zk, &path, &acl).await?;
        return if ctx.out.json {
            ctx.out.json(&json!({ "path": path, "updated": n }))
        } else {
            Ok(())
        };
    }
    let stat = zk.set_acl(&path, &acl, a.version).await?;
    if ctx.out.json {
        ctx.out
            .json(&json!({ "path": path, "stat": stat_json(&stat) }))
    } else if a.stat {
        ctx.out.bytes(stat_text(&stat).as_bytes())
    } else {
        Ok(())
    }
}

/// Sets `acl` on every node of the tree, many requests in flight; reports each node that fails
/// and exits with the first failure's code. A setACL the connection lost while the session
/// lived on is sent again (setting the same ACL twice is harmless); when the connection fails
/// for good, says how far it got.
async fn set_acl_tree(ctx: &Ctx, zk: &Zk, root: &str, acl: &[AclEntry]) -> Result<usize> {
    let mut nodes = Vec::new();
    let skipped = tree::walk(zk, root, None, |p, _| {
        nodes.push(p.to_string());
        Ok(())
    })
    .await
    .inspect_err(|e| recursive::nothing_done(ctx, "setAcl -R", e))?;
    let list = Zk::acl_list(acl);
    let mut failed: Vec<Error> = skipped;
    let mut done = 0;
    for chunk in nodes.chunks(1000) {
        let replies = zk.each_settled(chunk, |ps| zk.set_acl_pipelined(ps, &list));
        let mut refused = Vec::new();
        let (mut in_doubt, mut lost) = (0, None);
        for (p, r) in chunk.iter().zip(replies.await) {
            match r.result {
                Ok(()) => done += 1,
                Err(Error::NoNode { .. }) => {}
                Err(e @ (Error::Connection(_) | Error::SessionExpired)) => {
                    in_doubt += 1;
                    lost.get_or_insert(e);
                }
                Err(e @ Error::NoAuth { .. }) => refused.push(((p.clone(), acl.to_vec()), e)),
                Err(e) => failed.push(e),
            }
        }
        if let Some(error) = lost {
            ctx.out.errors(&failed);
            let stop = Stop { in_doubt, error };
            let rerun = "run setAcl -R again to finish";
            ctx.out
                .note(&stop.summary("setAcl -R", done, nodes.len(), rerun));
            return Err(stop.error);
        }
        // Refused nodes that carry the ACL already (set without ADMIN by an attempt whose
        // reply was lost, or by an earlier run) are done.
        let (items, errors): (Vec<_>, Vec<_>) = refused.into_iter().unzip();
        let already = apply::acl_already(zk, &items).await?;
        for (e, ok) in errors.into_iter().zip(already) {
            if ok {
                done += 1;
            } else {
                failed.push(e);
            }
        }
    }
    recursive::report_skipped(ctx, failed)?;
    Ok(done)
}

pub fn digest(ctx: &Ctx, a: DigestArgs) -> Result<()> {
    let d = acl::digest(&a.user_password)?;
    if ctx.out.json {
        ctx.out.json(&json!({ "digest": d }))
    } else {
        ctx.out.line(&d)
    }
}

pub async fn whoami(ctx: &mut Ctx) -> Result<()> {
    let users = ctx.zk().await?.whoami().await?;
    if ctx.out.json {
        let v: Vec<_> = users
            .iter()
            .map(|(s, u)| json!({ "scheme": s, "user": u }))
            .collect();
        return ctx.out.json(&json!(v));
    }
    let text: String = users
        .iter()
        .map(|(s, u)| format!("{s}:{}\n", ctx.out.name(u)))
        .collect();
    ctx.out.bytes(text.as_bytes())
}
