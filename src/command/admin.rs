//! Operations commands: getEphemerals, count, sync, four-letter words to every member, cluster.

use std::time::Duration;

use clap::Args;
use serde_json::{Value, json};

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::fourlw;

#[derive(Args, Debug, Clone)]
pub struct PrefixArgs {
    /// Only under this path (default: all of this session's)
    #[arg(default_value = "/")]
    pub prefix: String,
}

#[derive(Args, Debug, Clone)]
pub struct WordArgs {
    /// The four-letter word (srvr, mntr, ruok, cons, stat, envi, wchs, conf, ...)
    pub word: String,
}

pub async fn ephemerals(ctx: &mut Ctx, a: PrefixArgs) -> Result<()> {
    let prefix = ctx.resolve(&a.prefix)?;
    let mut list = ctx.zk().await?.ephemerals(&prefix).await?;
    list.sort_unstable();
    if ctx.out.json {
        return ctx.out.json(&json!(list));
    }
    let text: String = list
        .iter()
        .map(|p| format!("{}\n", ctx.out.name(p)))
        .collect();
    ctx.out.bytes(text.as_bytes())
}

pub async fn count(ctx: &mut Ctx, path: String) -> Result<()> {
    let path = ctx.resolve(&path)?;
    let n = ctx.zk().await?.count_descendants(&path).await?;
    if ctx.out.json {
        ctx.out.json(&json!({ "path": path, "count": n }))
    } else {
        ctx.out.line(&n.to_string())
    }
}

pub async fn sync(ctx: &mut Ctx, path: String) -> Result<()> {
    let path = ctx.resolve(&path)?;
    ctx.zk().await?.sync(&path).await
}

/// Sends a four-letter word to every member at once and prints each answer under its name.
/// The words ZooKeeper 3.5–3.9 knows; a server closes the connection silently on any other.
const WORDS: &[&str] = &[
    "conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "hash", "isro", "mntr", "ruok", "srst",
    "srvr", "stat", "stmk", "wchc", "wchp", "wchs",
];

pub async fn word(ctx: &mut Ctx, word: &str) -> Result<()> {
    if !WORDS.contains(&word) {
        return Err(Error::usage(format!(
            "{word:?} is not a four-letter word ZooKeeper knows (one of: {})",
            WORDS.join(" ")
        )));
    }
    let answers = fourlw::ask_all(&ctx.servers, word, Duration::from_secs(3)).await;
    let all_failed = answers.iter().all(|(_, r)| r.is_err());
    // A word left out of the server's 4lw.commands.whitelist gets a one-line refusal; an empty
    // answer from every member means none would say anything.
    if answers
        .iter()
        .all(|(_, r)| r.as_ref().is_ok_and(|t| t.is_empty()))
    {
        return Err(Error::other(format!("no member answered {word:?}")));
    }
    if ctx.out.json {
        let v: Vec<Value> = answers
            .iter()
            .map(|(m, r)| match r {
                Ok(t) => json!({ "server": m, "answer": t }),
                Err(e) => json!({ "server": m, "error": e }),
            })
            .collect();
        ctx.out.json(&json!(v))?;
    } else {
        let mut text = String::new();
        for (m, r) in &answers {
            match r {
                Ok(t) => {
                    text.push_str(&format!("== {m}\n{}", ctx.out.name(t).replace("\\n", "\n")))
                }
                Err(e) => text.push_str(&format!("== {m}\n(no answer: {e})\n")),
            }
            if !text.ends_with('\n') {
                text.push('\n');
            }
        }
        ctx.out.bytes(text.as_bytes())?;
    }
    if all_failed {
        Err(Error::Connection("no member answered".into()))
    } else {
        Ok(())
    }
}

/// Parses `srvr` output into its fields.
fn srvr_fields(text: &str) -> Value {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
    };
    let latency: Vec<String> = field("Latency min/avg/max:")
        .map(|l| l.split('/').map(str::to_string).collect())
        .unwrap_or_default();
    json!({
        "mode": field("Mode:"),
        "zxid": field("Zxid:"),
        "latency_min": latency.first(),
        "latency_avg": latency.get(1),
        "latency_max": latency.get(2),
        "outstanding": field("Outstanding:"),
        "connections": field("Connections:"),
        "znodes": field("Node count:"),
    })
}

/// One row per member: mode, zxid, latency, outstanding requests, connections, znode count.
pub async fn cluster(ctx: &mut Ctx) -> Result<()> {
    let answers = fourlw::ask_all(&ctx.servers, "srvr", Duration::from_secs(3)).await;
    let rows: Vec<Value> = answers
        .iter()
        .map(|(m, r)| {
            let mut v = match r {
                Ok(t) if t.contains("Mode:") => srvr_fields(t),
                // It answers but is not serving (e.g. during a leader election).
                Ok(_) => json!({ "mode": "not-serving" }),
                Err(e) => json!({ "error": e }),
            };
            v["server"] = json!(m);
            v
        })
        .collect();
    let down = rows.iter().filter(|r| r.get("error").is_some()).count();
    if ctx.out.json {
        ctx.out.json(&json!(rows))?;
    } else {
        let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("-").to_string();
        let mut text = format!(
            "{:<22} {:<11} {:<14} {:>15} {:>5} {:>6} {:>8}\n",
            "SERVER", "MODE", "ZXID", "LAT min/avg/max", "OUTST", "CONNS", "ZNODES"
        );
        for r in &rows {
            if let Some(e) = r.get("error").and_then(Value::as_str) {
                text.push_str(&format!("{:<22} DOWN        ({e})\n", s(r, "server")));
                continue;
            }
            let lat = format!(
                "{}/{}/{}",
                s(r, "latency_min"),
                s(r, "latency_avg"),
                s(r, "latency_max")
            );
            text.push_str(&format!(
                "{:<22} {:<11} {:<14} {:>15} {:>5} {:>6} {:>8}\n",
                s(r, "server"),
                s(r, "mode"),
                s(r, "zxid"),
                lat,
                s(r, "outstanding"),
                s(r, "connections"),
                s(r, "znodes")
            ));
        }
        ctx.out.bytes(text.as_bytes())?;
    }
    if down == rows.len() {
        Err(Error::Connection("no member answered".into()))
    } else {
        Ok(())
    }
}
