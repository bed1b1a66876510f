//! ACL and identity commands: getAcl, setAcl (-R through the bulk engine, with deleteall's
//! rails), digest, whoami.

use clap::Args;
use serde_json::json;

use crate::acl::{self, AclEntry};
use crate::bulk::acls::AclWriter;
use crate::bulk::{Order, Report, Step, Walk, Want, report};
use crate::client::Zk;
use crate::context::Ctx;
use crate::error::Result;
use crate::output::stream::Stream;
use crate::output::{stat_json, stat_text};
use crate::signals;

use super::recursive;

#[derive(Args, Debug, Clone)]
pub struct GetAclArgs {
    /// Also print the stat
    #[arg(short = 's', long)]
    pub stat: bool,
    /// The node (absolute, or relative to the current node)
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
    /// With -R: do not ask for confirmation (the REPL asks above 1000 nodes)
    #[arg(long, requires = "recursive")]
    pub force: bool,
    /// With -R: print the nodes that would change, change nothing
    #[arg(long, requires = "recursive")]
    pub dry_run: bool,
    /// The node (absolute, or relative to the current node)
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
        return set_acl_tree(ctx, &zk, &path, &acl, (a.force, a.dry_run)).await;
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

/// Sets `acl` on every node of the tree, each once its children are listed (an ACL without
/// READ for us must not hide them), many requests in flight. A subtree that cannot be read is
/// left as it is and reported.
async fn set_acl_tree(
    ctx: &mut Ctx,
    zk: &Zk,
    root: &str,
    acl: &[AclEntry],
    (force, dry_run): (bool, bool),
) -> Result<()> {
    recursive::protected(root, "set ACLs")?;
    let total = zk.count_descendants(root).await? + 1;
    if !force && !dry_run {
        let question = format!("set the ACL of {total} nodes under {root}?");
        recursive::confirm(ctx, total, &question)?;
    }
    let _bulk = signals::Bulk::start();
    let progress = ctx.progress("setAcl -R", Some(total));
    let mut report = Report::new("setAcl -R");
    report.total = Some(total);
    let mut writer = AclWriter::new(zk, &progress, report);
    let mut s = Stream::new(ctx.out);
    let (out, mut listed) = (ctx.out, 0usize);
    let walk = Walk::new(zk, root, Want::names(Order::Depth));
    let (unreadable, failed) = walk
        .drive(async |step| match step {
            Step::Enter(f) if dry_run => {
                listed += 1;
                s.line(&out.name(&f.path)).map(|_| true)
            }
            Step::Enter(f) => Ok(writer.push(f.path, acl.to_vec()).await),
            _ => Ok(true),
        })
        .await;
    if dry_run {
        if let Some(e) = failed {
            return Err(e);
        }
        s.finish()?;
        ctx.out
            .note(&format!("dry run: would set the ACL of {listed} nodes"));
        return report::unreadable(ctx, "setAcl -R --dry-run", &unreadable);
    }
    let report = writer.finish().await.walked(unreadable, failed);
    progress.finish();
    report.finish(ctx)
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
