//! Operations commands: getEphemerals, count, sync, four-letter words to every member, cluster.

use std::time::Duration;

use clap::Args;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::fourlw;
use crate::reply::{Member, Reply};

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct PrefixArgs {
    /// Only under this path (default: all of this session's)
    #[arg(default_value = "/")]
    pub prefix: String,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct WordArgs {
    /// The four-letter word (srvr, mntr, ruok, cons, stat, envi, wchs, conf, ...)
    pub word: String,
}

pub async fn ephemerals(ctx: &mut Ctx, a: PrefixArgs) -> Result<Reply> {
    let prefix = ctx.resolve(&a.prefix)?;
    let mut list = ctx.zk().await?.ephemerals(&prefix).await?;
    list.sort_unstable();
    Ok(Reply::Paths(list))
}

pub async fn count(ctx: &mut Ctx, path: String) -> Result<Reply> {
    let path = ctx.resolve(&path)?;
    let count = ctx.zk().await?.count_descendants(&path).await?;
    Ok(Reply::Count { path, count })
}

pub async fn sync(ctx: &mut Ctx, path: String) -> Result<Reply> {
    let path = ctx.resolve(&path)?;
    ctx.zk().await?.sync(&path).await?;
    Ok(Reply::done("sync", [path]))
}

/// Sends a four-letter word to every member at once and prints each answer under its name.
/// The words ZooKeeper 3.5–3.9 knows; a server closes the connection silently on any other.
const WORDS: &[&str] = &[
    "conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "hash", "isro", "mntr", "ruok", "srst",
    "srvr", "stat", "stmk", "wchc", "wchp", "wchs",
];

pub async fn word(ctx: &mut Ctx, word: &str) -> Result<Reply> {
    if !WORDS.contains(&word) {
        return Err(Error::usage(format!(
            "{word:?} is not a four-letter word ZooKeeper knows (one of: {})",
            WORDS.join(" ")
        )));
    }
    let answers = fourlw::ask_all(&ctx.servers, word, Duration::from_secs(3)).await;
    // A word left out of the server's 4lw.commands.whitelist gets a one-line refusal; an empty
    // answer from every member means none would say anything.
    if answers
        .iter()
        .all(|(_, r)| r.as_ref().is_ok_and(|t| t.is_empty()))
    {
        return Err(Error::other(format!("no member answered {word:?}")));
    }
    Ok(Reply::Answers(answers))
}

/// Parses `srvr` output into its fields.
fn srvr_fields(server: String, text: &str) -> Member {
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name).map(|v| v.trim().to_string()))
    };
    let latency: Vec<String> = field("Latency min/avg/max:")
        .map(|l| l.split('/').map(str::to_string).collect())
        .unwrap_or_default();
    Member {
        server,
        mode: field("Mode:"),
        zxid: field("Zxid:"),
        latency_min: latency.first().cloned(),
        latency_avg: latency.get(1).cloned(),
        latency_max: latency.get(2).cloned(),
        outstanding: field("Outstanding:"),
        connections: field("Connections:"),
        znodes: field("Node count:"),
        error: None,
    }
}

/// One row per member: mode, zxid, latency, outstanding requests, connections, znode count.
pub async fn cluster(ctx: &mut Ctx) -> Result<Reply> {
    let answers = fourlw::ask_all(&ctx.servers, "srvr", Duration::from_secs(3)).await;
    let rows = answers
        .into_iter()
        .map(|(server, r)| match r {
            Ok(t) if t.contains("Mode:") => srvr_fields(server, &t),
            // It answers but is not serving (e.g. during a leader election).
            Ok(_) => Member {
                server,
                mode: Some("not-serving".into()),
                ..Member::default()
            },
            Err(e) => Member {
                server,
                error: Some(e),
                ..Member::default()
            },
        })
        .collect();
    Ok(Reply::Cluster(rows))
}
