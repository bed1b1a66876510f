//! `txn`: create/set/delete/check ops applied as one atomic multi, from arguments or stdin; on
//! failure it names the op that failed and says nothing was applied.

use clap::Args;
use serde_json::json;

use crate::client::{NodeType, Op, OpResult};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::line;

#[derive(Args, Debug, Clone)]
pub struct TxnArgs {
    /// Ops, each one argument: "create PATH [VALUE]", "create -e|-s|-c PATH [VALUE]",
    /// "set PATH VALUE [-v VERSION]", "delete PATH [-v VERSION]", "check PATH VERSION".
    /// None: read one op per line from stdin
    pub ops: Vec<String>,
}

/// Parses one op's words; `cwd` resolves relative paths.
fn parse_op(ctx: &Ctx, words: &[String]) -> Result<Op> {
    let bad = || Error::usage(format!("txn: cannot read op {:?}", words.join(" ")));
    let (name, rest) = words.split_first().ok_or_else(bad)?;
    let mut flags = Vec::new();
    let mut version = None;
    let mut args = Vec::new();
    let mut it = rest.iter();
    while let Some(w) = it.next() {
        match w.as_str() {
            "-v" => {
                version = Some(
                    it.next()
                        .and_then(|v| v.parse::<i32>().ok())
                        .ok_or_else(bad)?,
                )
            }
            "-e" | "-s" | "-c" => flags.push(w.as_str()),
            _ => args.push(w.clone()),
        }
    }
    let path = ctx.resolve(args.first().ok_or_else(bad)?)?;
    let value = args.get(1).map(|v| v.as_bytes().to_vec());
    Ok(match name.as_str() {
        "create" => Op::Create {
            path,
            data: value.unwrap_or_default(),
            acl: None,
            kind: if flags.contains(&"-e") {
                NodeType::Ephemeral
            } else if flags.contains(&"-c") {
                NodeType::Container
            } else {
                NodeType::Persistent
            },
            sequential: flags.contains(&"-s"),
            ttl: None,
        },
        "set" => Op::Set {
            path,
            data: value.ok_or_else(bad)?,
            version,
        },
        "delete" | "rm" => Op::Delete { path, version },
        "check" => Op::Check {
            path,
            version: version
                .or_else(|| args.get(1).and_then(|v| v.parse().ok()))
                .ok_or_else(bad)?,
        },
        _ => return Err(bad()),
    })
}

pub async fn txn(ctx: &mut Ctx, a: TxnArgs) -> Result<()> {
    let mut texts = a.ops.clone();
    if texts.is_empty() {
        let text = super::value::read_stdin("txn without ops")?;
        let text = String::from_utf8(text).map_err(|_| Error::usage("txn: stdin is not UTF-8"))?;
        texts.extend(text.lines().map(str::to_string));
    }
    let mut ops = Vec::new();
    for t in &texts {
        for words in line::split(t).map_err(|e| Error::usage(format!("txn: {}", e.0)))? {
            ops.push(parse_op(ctx, &words)?);
        }
    }
    if ops.is_empty() {
        return Err(Error::usage("txn: no ops"));
    }
    let zk = ctx.zk().await?;
    match zk.multi(&ops).await {
        Ok(results) => {
            let created: Vec<&String> = results
                .iter()
                .filter_map(|r| {
                    if let OpResult::Created(p) = r {
                        Some(p)
                    } else {
                        None
                    }
                })
                .collect();
            if ctx.out.json {
                ctx.out
                    .json(&json!({ "applied": ops.len(), "created": created }))
            } else {
                let text: String = created
                    .iter()
                    .map(|p| format!("{}\n", ctx.out.name(p)))
                    .collect();
                ctx.out.bytes(text.as_bytes())
            }
        }
        Err((index, e)) => {
            let which = match index {
                Some(i) => format!(
                    "op {} ({})",
                    i + 1,
                    texts.get(i).map(String::as_str).unwrap_or(ops[i].path())
                ),
                None => "the request".into(),
            };
            ctx.out
                .note(&format!("txn failed at {which}; nothing was applied"));
            Err(e)
        }
    }
}
