//! What commands give back: one typed reply per command family, and the domain types in them.
//! Commands build a `Reply` and never ask which format is on; `output` alone renders it as text
//! or JSON (and a TUI can match on it). This module depends on no client code and on no output
//! code, so both can depend on it.
//!
//! A reply also carries its command's outcome (`Reply::end`): `exists` on a missing node, `grep`
//! without a match, a bulk report with failures print their result and then fail.

pub mod quota;
pub mod recipe;
pub mod report;
mod types;

pub use quota::StatsTrack;
pub use report::Report;
pub use types::{Event, Stat};

use crate::acl::AclEntry;
use crate::error::{Error, Result};

/// How `get` shows a value (`--as`, `--decode`, `-x`, `-b`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    /// The default: decoded on a terminal (and in JSON's `decoded` field), exact bytes to a
    /// pipe.
    Auto,
    /// Decoded wherever it goes (`--decode`).
    Decode,
    /// As stored, never decoded: exact bytes to a pipe; escaped text or a hexdump on a
    /// terminal.
    Raw,
    /// Layers peeled, shown as text.
    Text,
    /// Layers peeled, shown as pretty JSON (not JSON: an error).
    Json,
    /// A hexdump of the stored bytes.
    Hex,
    /// The stored bytes in base64.
    Base64,
}

/// A command's result, ready to render.
#[derive(Debug)]
pub enum Reply {
    /// Already rendered while the command ran (a stream, or a reply followed by a watch event).
    Shown,
    /// Done, with nothing to show in text; JSON says what was done, and to which nodes.
    Done {
        command: &'static str,
        paths: Vec<String>,
    },

    // Nodes
    /// `create`: the path created, with its sequence suffix.
    Created(String),
    /// `get`.
    Value {
        path: String,
        data: Vec<u8>,
        stat: Option<Stat>,
        form: Form,
        /// The encoding a `[decode]` rule gives the path.
        rule: Option<crate::decode::Encoding>,
        /// A watch event follows: end the value on a line of its own.
        watching: bool,
    },
    /// `set`, single-node `setAcl`: the new stat (shown in text with `-s` only).
    Written {
        path: String,
        stat: Stat,
        show: bool,
    },
    /// `ls`.
    Children {
        path: String,
        children: Vec<String>,
        stat: Option<Stat>,
        /// Show URL-encoded names decoded (text only).
        decode_names: bool,
    },
    /// `ls -l`: name and stat of each child.
    Long {
        path: String,
        rows: Vec<(String, Stat)>,
        decode_names: bool,
    },
    /// `stat`.
    Stat { path: String, stat: Stat },
    /// `exists` (exit 3 when absent).
    Exists { path: String, exists: bool },
    /// `count`.
    Count { path: String, count: usize },
    /// `du`: bytes and nodes per child, largest first, and the totals.
    Du(Du),
    /// `diff` (exit 1 when the trees differ).
    Diff(Diff),
    /// `txn`: how many ops applied, and the paths created.
    Txn {
        applied: usize,
        created: Vec<String>,
    },

    // ACL and identity
    /// `getAcl`.
    Acl {
        path: String,
        acl: Vec<AclEntry>,
        stat: Option<Stat>,
    },
    /// `digest`.
    Digest(String),
    /// `whoami`: (scheme, user) pairs.
    Identities(Vec<(String, String)>),

    // Session, watches, operations
    /// `session`.
    Session(SessionInfo),
    /// `watches`.
    Watches(Vec<WatchRow>),
    /// `unwatch`: how many watches went.
    Unwatched { path: String, removed: usize },
    /// `getEphemerals`.
    Paths(Vec<String>),
    /// A four-letter word: each member's answer or why it gave none.
    Answers(Vec<(String, std::result::Result<String, String>)>),
    /// `cluster`: one row per member.
    Cluster(Vec<Member>),
    /// `config`, `reconfig`.
    Config(Config),
    /// `setquota`, `delquota` (`None`: the quota is gone), `listquota` (with the usage).
    Quota {
        path: String,
        quota: Option<StatsTrack>,
        usage: Option<StatsTrack>,
    },

    // Bulk
    /// The end of a bulk write.
    Report(Report),
    /// The end of a streamed read (`ls -R`, `tree`, `find`, `grep`, dry runs).
    Walked(Walked),
    /// `export`.
    Exported(Exported),

    // Shell
    /// `pwd`.
    Cwd(String),
    /// `history`.
    History(Vec<String>),
    /// `version`: zksh's and the git revision it was built from.
    Version {
        version: &'static str,
        revision: &'static str,
    },
    /// `help`: clap's text.
    Help(String),
    /// `clear`: clears an interactive terminal.
    Clear,
    /// `contexts`: the config file's contexts.
    Contexts { file: String, rows: Vec<ContextRow> },
    /// `lock`/`elect` without a command: the node now held (printed as soon as it is).
    Held(recipe::Held),
    /// `locks`, `elect --list`: the contenders in order.
    Contenders(recipe::Contenders),
    /// `--dry-run` of a write: what would be sent, in order; nothing was.
    Planned(Vec<Planned>),
}

/// One request a dry run would have sent.
#[derive(Debug, serde::Serialize)]
pub struct Planned {
    /// `create`, `set`, `delete`, `check`, `setAcl`, `reconfig`.
    pub op: &'static str,
    pub path: String,
    /// The value's size, for writes that carry one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bytes: Option<usize>,
    /// What else the request says (node type, version, ACL, the change), as text.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

#[derive(Debug, serde::Serialize)]
pub struct ContextRow {
    pub name: String,
    pub current: bool,
    pub servers: String,
    pub read_only: bool,
    pub protect: Vec<String>,
}

/// `du`'s rows: bytes and nodes per child of `root`, with the child's name as a range of
/// `names` (packed in one buffer: a node may have a million children).
#[derive(Debug)]
pub struct Du {
    pub root: String,
    pub bytes: u64,
    pub nodes: u64,
    pub names: String,
    /// (bytes, nodes, start, length of the name in `names`).
    pub rows: Vec<(u64, u64, u32, u32)>,
    pub unreadable: Vec<(String, Error)>,
}

impl Du {
    pub fn name(&self, row: &(u64, u64, u32, u32)) -> &str {
        &self.names[row.2 as usize..(row.2 + row.3) as usize]
    }

    /// Largest first, then by name.
    pub fn sort(&mut self) {
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_by(|x, y| {
            (y.0, y.1)
                .cmp(&(x.0, x.1))
                .then(self.name(x).cmp(self.name(y)))
        });
        self.rows = rows;
    }
}

/// How two trees differ, by relative path.
#[derive(Debug, Default)]
pub struct Diff {
    pub only_a: Vec<String>,
    pub only_b: Vec<String>,
    pub data: Vec<String>,
    pub acl: Vec<String>,
    pub unreadable: Vec<(String, Error)>,
}

impl Diff {
    pub fn same(&self) -> bool {
        self.only_a.is_empty()
            && self.only_b.is_empty()
            && self.data.is_empty()
            && self.acl.is_empty()
            && self.unreadable.is_empty()
    }
}

#[derive(Debug)]
pub struct SessionInfo {
    pub id: i64,
    pub timeout_ms: u64,
    pub server: String,
    pub state: String,
    pub watches: usize,
}

#[derive(Debug)]
pub struct WatchRow {
    pub id: usize,
    pub path: String,
    pub kind: &'static str,
}

/// One member's `srvr` answer, parsed; `error` when it gave none.
#[derive(Debug, Default, serde::Serialize)]
pub struct Member {
    pub server: String,
    pub mode: Option<String>,
    pub zxid: Option<String>,
    pub latency_min: Option<String>,
    pub latency_avg: Option<String>,
    pub latency_max: Option<String>,
    pub outstanding: Option<String>,
    pub connections: Option<String>,
    pub znodes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The ensemble's dynamic configuration.
#[derive(Debug)]
pub struct Config {
    /// The raw configuration (shown as it is in text).
    pub data: Vec<u8>,
    pub version: Option<String>,
    /// (id, server spec, client address).
    pub members: Vec<(u64, String, Option<String>)>,
    /// zkCli's `config -c` line, shown instead of the text when asked.
    pub client_line: Option<String>,
    pub stat: Option<Stat>,
    /// `reconfig`: say on stderr that this is the committed configuration.
    pub committed: bool,
}

/// What `export` wrote.
#[derive(Debug)]
pub struct Exported {
    pub root: String,
    /// `None`: stdout.
    pub file: Option<String>,
    /// False when the export is incomplete and its file was left as it was.
    pub written: bool,
    pub nodes: usize,
    pub ephemerals_skipped: usize,
    pub unreadable: Vec<(String, Error)>,
}

/// The end of a streamed read: what could not be read makes the result incomplete.
#[derive(Debug)]
pub struct Walked {
    pub command: &'static str,
    pub unreadable: Vec<(String, Error)>,
    /// A line for stderr (a dry run's count).
    pub notice: Option<String>,
    /// The exit status when nothing else failed (grep without a match: 1).
    pub status: Option<u8>,
}

impl Walked {
    pub fn new(command: &'static str, unreadable: Vec<(String, Error)>) -> Walked {
        Walked {
            command,
            unreadable,
            notice: None,
            status: None,
        }
    }
}

impl Reply {
    /// The done reply of a command that changes state and shows nothing in text.
    pub fn done(command: &'static str, paths: impl IntoIterator<Item = String>) -> Reply {
        Reply::Done {
            command,
            paths: paths.into_iter().collect(),
        }
    }

    /// The command's result once the reply is rendered.
    pub fn end(self) -> Result<()> {
        match self {
            Reply::Exists { exists: false, .. } => Err(Error::Status(3)),
            Reply::Report(r) => r.result(),
            Reply::Du(d) => first_unreadable(&d.unreadable),
            Reply::Exported(x) => first_unreadable(&x.unreadable),
            Reply::Walked(w) => match w.status.filter(|_| w.unreadable.is_empty()) {
                Some(s) => Err(Error::Status(s)),
                None => first_unreadable(&w.unreadable),
            },
            // As diff: 1 when the trees differ.
            Reply::Diff(d) if d.unreadable.is_empty() && !d.same() => Err(Error::Status(1)),
            Reply::Diff(d) => first_unreadable(&d.unreadable),
            Reply::Answers(a) if a.iter().all(|(_, r)| r.is_err()) => {
                Err(Error::Connection("no member answered".into()))
            }
            Reply::Cluster(rows) if rows.iter().all(|r| r.error.is_some()) => {
                Err(Error::Connection("no member answered".into()))
            }
            _ => Ok(()),
        }
    }
}

/// A read that met nodes it could not read is incomplete: the first sets the exit code.
fn first_unreadable(list: &[(String, Error)]) -> Result<()> {
    match list.first() {
        Some((_, e)) => Err(Error::Status(e.exit_code())),
        None => Ok(()),
    }
}
