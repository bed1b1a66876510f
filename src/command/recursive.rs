//! Recursive delete (`deleteall`, `rmr`, `delete -r`): the guards, the confirmation, and the
//! delete itself, children before parents, streaming one walk of the bulk engine into its
//! batched writer.

use clap::Args;

use crate::bulk::{Order, Step, Walk, Want, Writer};
use crate::client::{Op, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::list::Frame;
use crate::reply::{Reply, Report, Walked};
use crate::signals;

/// Above this many nodes the REPL asks before a recursive change (unless --force).
pub const CONFIRM_ABOVE: usize = 1000;

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct DeleteallArgs {
    /// Do not ask for confirmation (the REPL asks above 1000 nodes)
    #[arg(long)]
    pub force: bool,
    /// Print what would be deleted, delete nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Accepted for zkCli.sh compatibility (batch size); zksh sizes batches itself
    #[arg(short = 'b', value_name = "N", hide = true)]
    pub batch: Option<usize>,
    /// The node to delete with everything below it
    pub path: String,
}

pub async fn deleteall(ctx: &mut Ctx, a: DeleteallArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    delete_tree(ctx, "deleteall", &path, (a.force, a.dry_run)).await
}

/// Refuses a recursive change (`what`) of `/` or `/zookeeper`: it would lock out or break every
/// client of the ensemble.
pub fn protected(path: &str, what: &str) -> Result<()> {
    if path == "/" || path == "/zookeeper" || path.starts_with("/zookeeper/") {
        return Err(Error::usage(format!(
            "{path}: refusing to {what} recursively (/ and /zookeeper are protected)"
        )));
    }
    Ok(())
}

/// In the REPL, asks before a recursive change of more than `CONFIRM_ABOVE` nodes.
pub fn confirm(ctx: &mut Ctx, total: usize, question: &str) -> Result<()> {
    if let Some(ask) = ctx.confirm.as_mut().filter(|_| total > CONFIRM_ABOVE)
        && !matches!(
            ask(&format!("{question} [y/N]")).as_str(),
            "y" | "Y" | "yes"
        )
    {
        return Err(Error::other("nothing was changed"));
    }
    Ok(())
}

/// Deletes `path` and everything below it, children before parents; `what` is the command as
/// typed (`deleteall`, `delete -r`), for the report.
pub async fn delete_tree(
    ctx: &mut Ctx,
    what: &'static str,
    path: &str,
    (force, dry_run): (bool, bool),
) -> Result<Reply> {
    protected(path, "delete")?;
    let zk = ctx.zk().await?;
    let total = zk.count_descendants(path).await? + 1;
    if dry_run {
        return print_dry_run(ctx, &zk, path, what).await;
    }
    if !force {
        confirm(ctx, total, &format!("delete {total} nodes under {path}?"))?;
    }
    let _bulk = signals::Bulk::start();
    let progress = ctx.progress(what, Some(total));
    let mut report = Report::new(what);
    report.total = Some(total);
    let mut writer = Writer::new(&zk, &progress, report).gone_is_done();
    let walk = Walk::new(&zk, path, postorder());
    let (unreadable, failed) = walk
        .drive(async |step| match step {
            Step::Leave { path, .. } => Ok(writer
                .push(Op::Delete {
                    path,
                    version: None,
                })
                .await),
            _ => Ok(true),
        })
        .await;
    let report = writer.finish().await.walked(unreadable, failed);
    progress.finish();
    Ok(Reply::Report(report))
}

/// Depth-first with each node after its subtree: the order deletes go in.
fn postorder() -> Want {
    Want {
        leave: true,
        ..Want::names(Order::Depth)
    }
}

/// Lists, in the order they would go, the nodes a delete would remove.
async fn print_dry_run(ctx: &Ctx, zk: &Zk, path: &str, what: &'static str) -> Result<Reply> {
    let mut walk = Walk::new(zk, path, postorder());
    let mut list = ctx.out.list(Frame::DryRun)?;
    let mut unreadable = Vec::new();
    while let Some(step) = walk.next().await? {
        match step {
            Step::Leave { path, .. } => list.path(&path)?,
            Step::Unreadable { path, error, .. } => unreadable.push((path, error)),
            Step::Enter(_) => {}
        }
    }
    let n = list.finish()?;
    Ok(Reply::Walked(Walked {
        notice: Some(format!("dry run: would delete {n} nodes")),
        ..Walked::new(what, unreadable)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guards_protect_root_and_zookeeper() {
        for p in ["/", "/zookeeper", "/zookeeper/quota"] {
            assert!(protected(p, "delete").is_err(), "{p}");
        }
        assert!(protected("/zookeeperx", "delete").is_ok());
        assert!(protected("/app", "delete").is_ok());
    }
}
