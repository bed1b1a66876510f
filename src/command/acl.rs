//! ACL and identity commands: getAcl, setAcl (-R through the bulk engine, with deleteall's
//! rails), digest, whoami.

use clap::Args;

use crate::acl::{self, AclEntry};
use crate::bulk::acls::AclWriter;
use crate::bulk::{Order, Step, Walk, Want};
use crate::client::Zk;
use crate::context::Ctx;
use crate::error::Result;
use crate::output::list::Frame;
use crate::reply::{Planned, Reply, Report, Walked};
use crate::signals;

use super::recursive;

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct GetAclArgs {
    /// Also print the stat
    #[arg(short = 's', long)]
    pub stat: bool,
    /// The node (absolute, or relative to the current node)
    pub path: String,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
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
    /// Print what would change (with -R: every node), change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// The node (absolute, or relative to the current node)
    pub path: String,
    /// scheme:id:perms[,...], e.g. digest:bob:HASH:cdrwa,world:anyone:r
    pub acl: String,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct DigestArgs {
    /// user:password
    pub user_password: String,
}

pub async fn get_acl(ctx: &mut Ctx, a: GetAclArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    let (acl, stat) = ctx.zk().await?.get_acl(&path).await?;
    Ok(Reply::Acl {
        path,
        acl,
        stat: a.stat.then_some(stat),
    })
}

pub async fn set_acl(ctx: &mut Ctx, a: SetAclArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    let acl = acl::parse(&a.acl)?;
    let zk = ctx.zk().await?;
    if a.recursive {
        return set_acl_tree(ctx, &zk, &path, &acl, (a.force, a.dry_run)).await;
    }
    if a.dry_run {
        let entries: Vec<String> = acl.iter().map(ToString::to_string).collect();
        let version = a.version.map(|v| format!(" at aclVersion {v}"));
        return Ok(Reply::Planned(vec![Planned {
            op: "setAcl",
            path,
            bytes: None,
            detail: format!("{}{}", entries.join(","), version.unwrap_or_default()),
        }]));
    }
    let stat = zk.set_acl(&path, &acl, a.version).await?;
    Ok(Reply::Written {
        path,
        stat,
        show: a.stat,
    })
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
) -> Result<Reply> {
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
    let mut list = dry_run.then(|| ctx.out.list(Frame::DryRun)).transpose()?;
    let walk = Walk::new(zk, root, Want::names(Order::Depth));
    let (unreadable, failed) = walk
        .drive(async |step| match step {
            Step::Enter(f) => match list.as_mut() {
                Some(l) => l.path(&f.path).map(|_| true),
                None => Ok(writer.push(f.path, acl.to_vec()).await),
            },
            _ => Ok(true),
        })
        .await;
    if let Some(list) = list {
        if let Some(e) = failed {
            return Err(e);
        }
        let n = list.finish()?;
        return Ok(Reply::Walked(Walked {
            notice: Some(format!("dry run: would set the ACL of {n} nodes")),
            ..Walked::new("setAcl -R --dry-run", unreadable)
        }));
    }
    let report = writer.finish().await.walked(unreadable, failed);
    progress.finish();
    Ok(Reply::Report(report))
}

pub fn digest(a: DigestArgs) -> Result<Reply> {
    acl::digest(&a.user_password).map(Reply::Digest)
}

pub async fn whoami(ctx: &mut Ctx) -> Result<Reply> {
    let users = ctx.zk().await?.whoami().await?;
    Ok(Reply::Identities(users))
}
