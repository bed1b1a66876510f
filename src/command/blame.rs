//! `blame PATH` (the last writes to a node, or with `-R` below it, from the transaction logs)
//! and `who PATH|SESSION` (an ephemeral's owner and that session's client address on whichever
//! member it is connected to, from every member's `cons`; or a session's ephemerals).

use std::collections::VecDeque;
use std::time::Duration;

use clap::Args;

use super::forensics::{Filter, log_files, path_regex, rows};
use crate::bulk::{Order, Step, Walk, Want};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::offline::txnlog::{Log, Op};
use crate::output::forensics::{Conn, TxnPrinter, TxnRow, Who};

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct BlameArgs {
    /// The node
    pub path: String,
    /// Also the writes to every node below it
    #[arg(short = 'R', long)]
    pub recursive: bool,
    /// The transaction logs: a dataDir, its version-2/, or log files (default: the --snapshot
    /// directory)
    #[arg(long, value_name = "DIR")]
    pub txnlog: Vec<String>,
    /// How many of the last writes to show
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub last: usize,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct WhoArgs {
    /// An ephemeral node, or a session id (0x...) to list its ephemerals
    pub target: String,
}

/// Every member's connections: (member, client address) per session id, from 4lw `cons`.
async fn connections(ctx: &Ctx) -> Vec<(i64, Conn)> {
    let answers = crate::fourlw::ask_all(&ctx.servers, "cons", Duration::from_secs(2)).await;
    answers
        .into_iter()
        .filter_map(|(member, a)| a.ok().map(|text| (member, text)))
        .flat_map(|(member, text)| {
            cons_sessions(&text)
                .into_iter()
                .map(move |(sid, address)| {
                    let member = member.clone();
                    (sid, Conn { member, address })
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// (session id, client address) of each connection a `cons` answer lists, e.g.
/// ` /127.0.0.1:50412[1](queued=0,recved=9,sent=9,sid=0x1000a3,lop=PING,...)`.
pub fn cons_sessions(text: &str) -> Vec<(i64, String)> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            let address = l.strip_prefix('/')?.split('[').next()?.to_string();
            let sid = l.split("sid=0x").nth(1)?.split([',', ')']).next()?;
            let sid = u64::from_str_radix(sid, 16).ok()? as i64;
            Some((sid, address))
        })
        .collect()
}

pub async fn blame(ctx: &mut Ctx, a: BlameArgs) -> Result<()> {
    let path = ctx.resolve(&a.path)?;
    let sources = if a.txnlog.is_empty() {
        match &ctx.cfg.connect.snapshot {
            Some(s) if s.path.is_dir() => vec![s.path.display().to_string()],
            _ => {
                return Err(Error::usage(
                    "blame reads the transaction logs: give --txnlog DIR (the server's dataDir), \
                     or --snapshot DIR",
                ));
            }
        }
    } else {
        a.txnlog.clone()
    };
    let re = if a.recursive {
        path_regex(&path)?
    } else {
        regex::Regex::new(&format!("^{}$", regex::escape(&path)))
            .map_err(|e| Error::other(e.to_string()))?
    };
    let filter = Filter::paths(re.clone());
    let mut last: VecDeque<TxnRow> = VecDeque::new();
    for f in log_files(&sources)? {
        let file = crate::offline::open(&f)?;
        let name = f.display().to_string();
        let mut log = Log::open(std::io::BufReader::new(file))
            .map_err(|e| crate::offline::bad(&f, e, false))?;
        while let Some(t) = log
            .next_txn()
            .map_err(|e| crate::offline::bad(&f, e, false))?
        {
            let mut found: Vec<TxnRow> = rows(&t, &name)
                .into_iter()
                .filter(|(op, _)| !matches!(op, Op::Check { .. }) && filter.op(op))
                .map(|(_, r)| r)
                .collect();
            // A closed session's ephemerals are deleted by its closeSession.
            if let Op::CloseSession { paths: Some(p) } = &t.op {
                for gone in p.iter().filter(|p| re.is_match(p)) {
                    let mut r = rows(&t, &name).remove(0).1;
                    r.path = Some(gone.clone());
                    found.push(r);
                }
            }
            for r in found {
                last.push_back(r);
                if last.len() > a.last {
                    last.pop_front();
                }
            }
        }
    }
    let conns = if last.is_empty() {
        Vec::new()
    } else {
        connections(ctx).await
    };
    let mut printer = TxnPrinter::new(ctx.out);
    for mut r in last {
        let sid = crate::cli::parse_zxid(&r.session).unwrap_or(0);
        r.client = conns
            .iter()
            .find(|(s, _)| *s == sid)
            .map(|(_, c)| c.clone());
        printer.row(&r)?;
    }
    printer.finish()
}

pub async fn who(ctx: &mut Ctx, a: WhoArgs) -> Result<()> {
    let zk = ctx.zk().await?;
    let (path, session) = if a.target.starts_with('/') || !a.target.starts_with("0x") {
        let path = ctx.resolve(&a.target)?;
        let stat = zk
            .stat(&path)
            .await?
            .ok_or_else(|| Error::NoNode { path: path.clone() })?;
        if stat.ephemeral_owner == 0 {
            return Err(Error::other(format!(
                "{path}: not an ephemeral node (it has no owner)"
            )));
        }
        (Some(path), stat.ephemeral_owner)
    } else {
        (
            None,
            crate::cli::parse_zxid(&a.target).map_err(Error::usage)?,
        )
    };
    let ephemerals = match zk.snapshot() {
        Some(t) => t
            .ephemerals(Some(session), "/")
            .into_iter()
            .map(|(_, p)| p)
            .collect(),
        None => live_ephemerals(&zk, session).await?,
    };
    let connections = connections(ctx)
        .await
        .into_iter()
        .filter(|(s, _)| *s == session)
        .map(|(_, c)| c)
        .collect();
    let reply = Who {
        path,
        session: format!("{session:#x}"),
        ephemerals,
        connections,
    };
    crate::output::forensics::who(ctx.out, &reply)
}

/// The ephemerals a session owns: ZooKeeper tells a client only its own, so the tree is walked.
async fn live_ephemerals(zk: &crate::client::Zk, session: i64) -> Result<Vec<String>> {
    let want = Want {
        data: true,
        ..Want::names(Order::Depth)
    };
    let mut out = Vec::new();
    let (_, failed) = Walk::new(zk, "/", want)
        .drive(async |step| {
            if let Step::Enter(f) = step
                && f.data
                    .as_ref()
                    .is_some_and(|(_, s)| s.ephemeral_owner == session)
            {
                out.push(f.path);
            }
            Ok(true)
        })
        .await;
    match failed {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cons_lines_give_sessions_and_addresses() {
        let text = " /127.0.0.1:50412[1](queued=0,recved=9,sent=9,sid=0x100000853e30005,lop=PING,est=1,to=30000)\n /127.0.0.1:50420[0](queued=0,recved=1,sent=0)\n\n";
        assert_eq!(
            super::cons_sessions(text),
            [(0x100000853e30005, "127.0.0.1:50412".to_string())]
        );
    }
}
