//! `txn`: create/set/delete/check ops applied as one atomic multi, from arguments or stdin; on
//! failure it names the op that failed and says nothing was applied.

use clap::Args;

use super::Command;
use crate::client::{Op, OpResult, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::line;
use crate::reply::Reply;

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct TxnArgs {
    /// Ops, each one argument, in the grammar of the commands themselves: "create [-e|-s|-c]
    /// [-t TTL] [--acl ACL] PATH [VALUE]", "set [-v VERSION] PATH VALUE", "delete [-v VERSION]
    /// PATH...", "check PATH VERSION". None: read one op per line from stdin
    pub ops: Vec<String>,
    #[command(flatten)]
    pub dry: super::dry_run::DryRunArg,
}

/// Parses one op's words with the grammar of `create`, `set` and `delete` themselves (one
/// grammar), plus `check PATH VERSION`. What an atomic transaction cannot hold is refused.
fn parse_op(ctx: &Ctx, words: Vec<String>) -> Result<Vec<Op>> {
    let text = words.join(" ");
    let refuse = |why: &str| Error::usage(format!("txn: {text:?}: {why}"));
    if words.first().map(String::as_str) == Some("check") {
        return match &words[1..] {
            [path, version] => Ok(vec![Op::Check {
                path: ctx.resolve(path)?,
                version: version
                    .parse()
                    .map_err(|_| refuse("the version must be a number"))?,
            }]),
            _ => Err(refuse("expected check PATH VERSION")),
        };
    }
    let cmd = match super::parse(words)? {
        super::Parsed::Command(cmd) => cmd,
        super::Parsed::Help(_) => return Err(refuse("help is not an op")),
    };
    let dry = match &cmd {
        Command::Create(a) => a.dry.dry_run,
        Command::Set(a) => a.dry.dry_run,
        Command::Delete(a) => a.dry.dry_run,
        _ => false,
    };
    if dry {
        return Err(refuse(
            "--dry-run goes on the txn itself: txn --dry-run OPS",
        ));
    }
    match cmd {
        Command::Create(a) if a.parents => Err(refuse(
            "-p cannot be part of a transaction (parents are not ops of it); create them \
             first, or add a create op for each",
        )),
        Command::Create(a) => Ok(vec![super::node::create_op(ctx, &a)?]),
        Command::Set(a) => Ok(vec![super::node::set_op(ctx, &a)?]),
        Command::Delete(a) if a.recursive => Err(refuse(
            "-r cannot be part of a transaction; list the nodes to delete",
        )),
        Command::Delete(a) => a
            .paths
            .iter()
            .map(|p| {
                Ok(Op::Delete {
                    path: ctx.resolve(p)?,
                    version: a.version,
                })
            })
            .collect(),
        _ => Err(refuse("only create, set, delete and check can be ops")),
    }
}

pub async fn txn(ctx: &mut Ctx, a: TxnArgs) -> Result<Reply> {
    let mut texts = a.ops.clone();
    if texts.is_empty() {
        let text = super::value::read_stdin("txn without ops")?;
        let text = String::from_utf8(text).map_err(|_| Error::usage("txn: stdin is not UTF-8"))?;
        texts.extend(text.lines().map(str::to_string));
    }
    let mut ops = Vec::new();
    for t in &texts {
        for words in line::split(t).map_err(|e| Error::usage(format!("txn: {}", e.0)))? {
            ops.extend(parse_op(ctx, words)?);
        }
    }
    if ops.is_empty() {
        return Err(Error::usage("txn: no ops"));
    }
    let paths: Vec<String> = ops.iter().map(|o| o.path().to_string()).collect();
    if a.dry.dry_run {
        return Ok(super::dry_run::reply(&ops));
    }
    super::rails::check_protected(ctx, "txn", &paths)?;
    let zk = ctx.zk().await?;
    let size: usize = ops.iter().map(|o| zk.op_size(o)).sum();
    zk.check_size("txn", Zk::multi_size(size))?;
    match zk.multi(&ops).await {
        Ok(results) => {
            let created = results
                .into_iter()
                .filter_map(|r| match r {
                    OpResult::Created(p) => Some(p),
                    _ => None,
                })
                .collect();
            Ok(Reply::Txn {
                applied: ops.len(),
                created,
            })
        }
        Err((index, e)) => {
            let which = match index.and_then(|i| ops.get(i).map(|op| (i, op))) {
                Some((i, op)) => format!("op {} (on {})", i + 1, op.path()),
                None => "the request".into(),
            };
            ctx.out
                .note(&format!("txn failed at {which}; nothing was applied"));
            Err(e)
        }
    }
}
