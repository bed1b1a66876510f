//! The ensemble's dynamic configuration: `config` (read, stat, watch) and `reconfig` with
//! zkCli's flags (-add, -remove, -members, -file, -v).

use std::collections::BTreeSet;

use clap::{ArgGroup, Args};

use crate::client::{Reconfig, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::reply::{self, Reply, Stat};
use crate::session::WatchKind;

const CONFIG: &str = "/zookeeper/config";

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct ConfigArgs {
    /// Only the version and the members' client addresses (zkCli's -c)
    #[arg(short = 'c', long = "client")]
    pub client: bool,
    /// Also print the stat of /zookeeper/config
    #[arg(short = 's', long)]
    pub stat: bool,
    /// Watch the configuration; the event prints when it changes
    #[arg(short = 'w', long)]
    pub watch: bool,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
#[command(group(
    ArgGroup::new("change")
        .required(true)
        .multiple(true)
        .args(["add", "remove", "members", "file"])
))]
pub struct ReconfigArgs {
    /// Servers to add: server.N=HOST:PEER_PORT:ELECTION_PORT[:ROLE];[CLIENT_HOST:]CLIENT_PORT[,...] (zkCli: -add)
    #[arg(long = "add", value_name = "SERVERS", conflicts_with_all = ["members", "file"])]
    pub add: Vec<String>,
    /// Server ids to remove: N[,...] (zkCli: -remove)
    #[arg(long = "remove", value_name = "IDS", conflicts_with_all = ["members", "file"])]
    pub remove: Vec<String>,
    /// The whole new membership, server strings as for --add (zkCli: -members)
    #[arg(long = "members", value_name = "SERVERS", conflicts_with = "file")]
    pub members: Option<String>,
    /// Read the whole new membership from a dynamic config file (server.N=... lines) (zkCli: -file)
    #[arg(long = "file", value_name = "FILE")]
    pub file: Option<String>,
    /// Only if the configuration is at this version (hex, as `config` prints it)
    #[arg(short = 'v', long = "version", value_name = "VERSION", value_parser = parse_hex)]
    pub version: Option<i64>,
    /// Also print the stat of the new configuration
    #[arg(short = 's', long)]
    pub stat: bool,
    #[command(flatten)]
    pub dry: super::dry_run::DryRunArg,
}

fn parse_hex(s: &str) -> std::result::Result<i64, String> {
    let digits = s.trim_start_matches("0x");
    i64::from_str_radix(digits, 16)
        .map_err(|_| format!("{s:?} is not a configuration version (hex, as `config` prints it)"))
}

/// `server.N` lines of a configuration: (id, value), in id order.
fn servers(config: &str) -> Vec<(u64, String)> {
    let mut list: Vec<(u64, String)> = config
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once('=')?;
            let id = k.trim().strip_prefix("server.")?.parse().ok()?;
            Some((id, v.trim().to_string()))
        })
        .collect();
    list.sort();
    list
}

fn version(config: &str) -> Option<&str> {
    config
        .lines()
        .find_map(|l| l.trim().strip_prefix("version="))
}

/// The client address of a server string (`...;[host:]port`); a bare port listens on all
/// addresses, which ZooKeeper shows as 0.0.0.0.
fn client_address(server: &str) -> Option<String> {
    let client = server.split_once(';')?.1.trim();
    Some(if client.contains(':') {
        client.to_string()
    } else {
        format!("0.0.0.0:{client}")
    })
}

/// zkCli's `config -c`: `VERSION HOST:PORT,HOST:PORT...`.
fn client_line(config: &str) -> String {
    let addrs: Vec<String> = servers(config)
        .iter()
        .filter_map(|(_, s)| client_address(s))
        .collect();
    format!("{} {}", version(config).unwrap_or(""), addrs.join(","))
}

/// A configuration as a reply: its text (or zkCli's `-c` line), members, and the stat with -s.
fn config_reply(data: Vec<u8>, stat: Stat, client: bool, with_stat: bool) -> reply::Config {
    let text = String::from_utf8_lossy(&data).to_string();
    reply::Config {
        version: version(&text).map(str::to_string),
        members: servers(&text)
            .iter()
            .map(|(id, s)| (*id, s.to_string(), client_address(s)))
            .collect(),
        client_line: client.then(|| client_line(&text)),
        stat: with_stat.then_some(stat),
        committed: false,
        data,
    }
}

pub async fn config(ctx: &mut Ctx, a: ConfigArgs) -> Result<Reply> {
    let zk = ctx.zk().await?;
    let (data, stat, watch) = if a.watch {
        let (d, s, w) = zk.config_watch().await?;
        (d, s, Some(w))
    } else {
        let (d, s) = zk.config().await?;
        (d, s, None)
    };
    let reply = Reply::Config(config_reply(data, stat, a.client, a.stat));
    super::then_follow(ctx, reply, CONFIG, WatchKind::Data, watch).await
}

/// The membership in a dynamic config file: its `server.N`, `group.N` and `weight.N` lines
/// (comments, blank lines and `version=` are left out; the leader checks the rest).
fn members_of_file(file: &str) -> Result<Vec<String>> {
    let text = std::fs::read_to_string(file).map_err(|e| Error::usage(format!("{file}: {e}")))?;
    let members: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| {
            ["server.", "group.", "weight."]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .map(str::to_string)
        .collect();
    if !members.iter().any(|l| l.starts_with("server.")) {
        return Err(Error::usage(format!("{file}: no server.N=... lines")));
    }
    Ok(members)
}

/// The id of a server string `server.N=...`.
fn id_of(server: &str) -> Option<u64> {
    server
        .split_once('=')?
        .0
        .trim()
        .strip_prefix("server.")?
        .parse()
        .ok()
}

/// Whether `config` shows `change` made: removed ids gone, added ones there, or exactly the
/// new membership.
fn shows(change: &Reconfig, config: &str) -> bool {
    let have: BTreeSet<u64> = servers(config).into_iter().map(|(id, _)| id).collect();
    match change {
        Reconfig::Incremental { add, remove } => {
            remove
                .iter()
                .all(|r| r.parse().is_ok_and(|id| !have.contains(&id)))
                && add
                    .iter()
                    .all(|s| id_of(s).is_some_and(|id| have.contains(&id)))
        }
        Reconfig::New { members } => {
            members
                .iter()
                .filter_map(|s| id_of(s))
                .collect::<BTreeSet<_>>()
                == have
        }
    }
}

/// Removing the leader (or the server this session is on) drops the connection before the
/// reply comes, though the session lives on: once reconnected, read the configuration back
/// and take the change as committed when a new version shows it.
async fn read_back(zk: &Zk, change: &Reconfig, before: &str) -> Option<(Vec<u8>, Stat)> {
    zk.sync("/").await.ok()?;
    let (data, stat) = zk.config().await.ok()?;
    let text = String::from_utf8_lossy(&data);
    (version(&text) != version(before) && shows(change, &text)).then_some((data, stat))
}

/// Comma-separated lists as zkCli takes them (lower-cased, as zkCli does).
fn list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|v| v.split(','))
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

pub async fn reconfig(ctx: &mut Ctx, a: ReconfigArgs) -> Result<Reply> {
    let change = match (&a.members, &a.file) {
        (Some(m), _) => Reconfig::New {
            members: list(std::slice::from_ref(m)),
        },
        (None, Some(f)) => Reconfig::New {
            members: members_of_file(f)?,
        },
        (None, None) => Reconfig::Incremental {
            add: list(&a.add),
            remove: list(&a.remove),
        },
    };
    if a.dry.dry_run {
        let detail = match &change {
            Reconfig::Incremental { add, remove } => {
                format!("add [{}] remove [{}]", add.join(", "), remove.join(", "))
            }
            Reconfig::New { members } => format!("members [{}]", members.join(", ")),
        };
        let version = a.version.map(|v| format!(" from version {v:x}"));
        return Ok(Reply::Planned(vec![crate::reply::Planned {
            op: "reconfig",
            path: CONFIG.into(),
            bytes: None,
            detail: format!("{detail}{}", version.unwrap_or_default()),
        }]));
    }
    let zk = ctx.zk().await?;
    let (before, _) = zk.config().await?;
    let (data, stat) = match zk.reconfig(&change, a.version).await {
        Err(Error::Connection(why)) => {
            let before = String::from_utf8_lossy(&before);
            match read_back(&zk, &change, &before).await {
                Some(after) => {
                    ctx.out.note(
                        "the connection dropped during reconfig (the leader or this server \
                         changed role); the configuration read back shows the change",
                    );
                    after
                }
                None => return Err(Error::Connection(why)),
            }
        }
        r => r?,
    };
    Ok(Reply::Config(reply::Config {
        committed: true,
        ..config_reply(data, stat, false, a.stat)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CFG: &str = "server.2=127.0.0.1:3:4:participant;127.0.0.1:2182\n\
                       server.1=127.0.0.1:1:2:participant;2181\nversion=100000000";

    #[test]
    fn client_line_lists_members_in_id_order() {
        assert_eq!(client_line(CFG), "100000000 0.0.0.0:2181,127.0.0.1:2182");
    }

    #[test]
    fn versions_are_hex() {
        assert_eq!(parse_hex("100000000"), Ok(0x1_0000_0000));
        assert_eq!(parse_hex("0x1f"), Ok(31));
        assert!(parse_hex("zz").is_err());
    }

    #[test]
    fn a_change_shows_in_the_configuration() {
        let remove = |ids: &[&str]| Reconfig::Incremental {
            add: vec![],
            remove: ids.iter().map(|s| s.to_string()).collect(),
        };
        assert!(shows(&remove(&["3"]), CFG));
        assert!(!shows(&remove(&["2"]), CFG));
        let add = Reconfig::Incremental {
            add: vec!["server.2=127.0.0.1:3:4;2182".into()],
            remove: vec![],
        };
        assert!(shows(&add, CFG));
        let members = |m: &[&str]| Reconfig::New {
            members: m.iter().map(|s| s.to_string()).collect(),
        };
        assert!(shows(
            &members(&["server.1=a:1:2;3", "server.2=b:1:2;3"]),
            CFG
        ));
        assert!(!shows(&members(&["server.1=a:1:2;3"]), CFG));
    }

    #[test]
    fn lists_split_on_commas() {
        assert_eq!(list(&["3, 4".into(), "5".into()]), ["3", "4", "5"]);
    }
}
