//! `txnlog`: ZooKeeper transaction logs read offline, one row a transaction (a multi's ops one
//! row each), filtered by path, session and time or zxid. Reading is done by `crate::offline`;
//! printing by `output::forensics`.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::Args;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::offline::txnlog::{self, Log, Op, Txn, op_name};
use crate::output::forensics::{TxnPrinter, TxnRow};

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct TxnlogArgs {
    /// Log files (log.<zxid>), or directories holding them (a dataDir or its version-2/)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<String>,
    /// Only ops on paths matching GLOB (`*` within a name, `**` across levels); a path without
    /// wildcards matches itself and everything below it
    #[arg(long = "path", value_name = "GLOB")]
    pub glob: Option<String>,
    /// Only this session's transactions (hex 0x.., or decimal)
    #[arg(long, value_name = "ID", value_parser = crate::cli::parse_zxid)]
    pub session: Option<i64>,
    /// From this time (RFC 3339, e.g. 2026-12-01T10:00:00Z, or an age such as 2h) or zxid (0x..)
    #[arg(long, value_name = "TIME|ZXID", value_parser = parse_bound)]
    pub since: Option<BoundArg>,
    /// Up to this time or zxid (inclusive)
    #[arg(long, value_name = "TIME|ZXID", value_parser = parse_bound)]
    pub until: Option<BoundArg>,
}

/// A --since / --until bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Zxid(i64),
    /// Milliseconds since the epoch.
    Time(i64),
}

/// A bound as given: a zxid or time, or an age, which is counted back from when the command
/// runs (a script's lines are parsed ahead of running them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoundArg {
    At(Bound),
    Age(Duration),
}

impl BoundArg {
    fn resolved(self) -> Bound {
        match self {
            BoundArg::At(b) => b,
            BoundArg::Age(age) => Bound::Time(millis(SystemTime::now() - age)),
        }
    }
}

fn parse_bound(s: &str) -> std::result::Result<BoundArg, String> {
    if s.starts_with("0x") || s.starts_with("0X") {
        return crate::cli::parse_zxid(s).map(|z| BoundArg::At(Bound::Zxid(z)));
    }
    if let Ok(t) = humantime::parse_rfc3339_weak(s) {
        return Ok(BoundArg::At(Bound::Time(millis(t))));
    }
    if let Ok(age) = humantime::parse_duration(s) {
        return Ok(BoundArg::Age(age));
    }
    Err(format!(
        "{s:?}: want a zxid (0x..), a time (2026-12-01T10:00:00Z) or an age (2h)"
    ))
}

fn millis(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// What a row must match.
pub(super) struct Filter {
    path: Option<regex::Regex>,
    session: Option<i64>,
    since: Option<Bound>,
    until: Option<Bound>,
}

impl Filter {
    /// Rows on paths `re` matches, from any session at any time.
    pub(super) fn paths(re: regex::Regex) -> Filter {
        Filter {
            path: Some(re),
            session: None,
            since: None,
            until: None,
        }
    }

    fn txn(&self, t: &Txn) -> bool {
        let after = |b: &Bound| match b {
            Bound::Zxid(z) => t.zxid >= *z,
            Bound::Time(ms) => t.time >= *ms,
        };
        let before = |b: &Bound| match b {
            Bound::Zxid(z) => t.zxid <= *z,
            Bound::Time(ms) => t.time <= *ms,
        };
        self.session.is_none_or(|s| s == t.session)
            && self.since.as_ref().is_none_or(after)
            && self.until.as_ref().is_none_or(before)
    }

    pub(super) fn op(&self, op: &Op) -> bool {
        match &self.path {
            None => true,
            Some(re) => op.path().is_some_and(|p| re.is_match(p)),
        }
    }

    /// Past the --until zxid: logs are in zxid order, so nothing after can match.
    fn done(&self, t: &Txn) -> bool {
        matches!(self.until, Some(Bound::Zxid(z)) if t.zxid > z)
    }
}

/// `--path` as an anchored regular expression.
pub fn path_regex(glob: &str) -> Result<regex::Regex> {
    let wild = glob.contains(['*', '?']);
    let mut re = String::from("^");
    let mut chars = glob.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                re.push_str(".*");
            }
            '*' => re.push_str("[^/]*"),
            '?' => re.push_str("[^/]"),
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    if !wild {
        // The node itself and its subtree (for `/`, everything).
        if re.ends_with('/') {
            re.pop();
        }
        re.push_str("(/.*)?");
    }
    re.push('$');
    regex::Regex::new(&re).map_err(|e| Error::usage(format!("--path {glob}: {e}")))
}

/// The log files named: files as given, directories' `log.*` files in zxid order.
pub(super) fn log_files(paths: &[String]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            let found = crate::offline::list(path)?;
            if found.logs.is_empty() {
                return Err(Error::other(format!(
                    "{p}: no transaction logs (log.*) there"
                )));
            }
            out.extend(found.logs.into_iter().map(|(_, f)| f));
        } else {
            out.push(path.to_path_buf());
        }
    }
    Ok(out)
}

pub async fn txnlog(ctx: &mut Ctx, a: TxnlogArgs) -> Result<()> {
    let filter = Filter {
        path: a.glob.as_deref().map(path_regex).transpose()?,
        session: a.session,
        since: a.since.map(BoundArg::resolved),
        until: a.until.map(BoundArg::resolved),
    };
    let files = log_files(&a.paths)?;
    let mut printer = TxnPrinter::new(ctx.out);
    for f in &files {
        if !print_log(&mut printer, f, &filter)? {
            break;
        }
    }
    printer.finish()
}

/// Prints one log's matching rows; false once past --until.
fn print_log(printer: &mut TxnPrinter, f: &Path, filter: &Filter) -> Result<bool> {
    let file = crate::offline::open(f)?;
    let bad = |e| crate::offline::bad(f, e, false);
    let mut log = Log::open(std::io::BufReader::with_capacity(1 << 16, file)).map_err(bad)?;
    let name = f.display().to_string();
    loop {
        let txn = match log.next_txn() {
            Ok(Some(t)) => t,
            Ok(None) => return Ok(true),
            Err(e) => {
                // What was read so far is printed before the error.
                printer.flush()?;
                return Err(bad(e));
            }
        };
        if filter.done(&txn) {
            return Ok(false);
        }
        if !filter.txn(&txn) {
            continue;
        }
        for row in rows(&txn, &name)
            .into_iter()
            .filter(|(op, _)| filter.op(op))
        {
            printer.row(&row.1)?;
        }
    }
}

/// The rows of one transaction: one, or one per op of a multi.
pub(super) fn rows<'t>(t: &'t Txn, file: &str) -> Vec<(&'t Op, TxnRow)> {
    match &t.op {
        Op::Multi(ops) => ops
            .iter()
            .enumerate()
            .map(|(i, op)| (op, row(t, op, Some((i + 1, ops.len())), file)))
            .collect(),
        op => vec![(op, row(t, op, None, file))],
    }
}

fn row(t: &Txn, op: &Op, multi: Option<(usize, usize)>, file: &str) -> TxnRow {
    let mut r = TxnRow {
        time: humantime::format_rfc3339_millis(
            UNIX_EPOCH + Duration::from_millis(t.time.max(0) as u64),
        )
        .to_string(),
        time_ms: t.time,
        zxid: format!("{:#x}", t.zxid),
        session: format!("{:#x}", t.session),
        cxid: t.cxid,
        op: op_name(op.code()),
        path: op.path().map(str::to_string),
        data_size: None,
        version: None,
        acl: None,
        detail: None,
        multi,
        client: None,
        record_size: t.size,
        file: file.to_string(),
        offset: t.offset,
    };
    match op {
        Op::Create {
            data,
            acl,
            ephemeral,
            ttl,
            code,
            ..
        } => {
            r.data_size = Some(data.len());
            r.acl = Some(acl.iter().map(crate::acl::AclEntry::to_string).collect());
            r.detail = match (*code, ttl) {
                (txnlog::code::CREATE_CONTAINER, _) => Some("container".into()),
                (_, Some(ms)) => Some(format!("ttl={ms}ms")),
                _ if *ephemeral => Some("ephemeral".into()),
                _ => None,
            };
        }
        Op::SetData { data, version, .. } => {
            r.data_size = Some(data.len());
            r.version = Some(*version);
        }
        Op::SetAcl { acl, version, .. } => {
            r.acl = Some(acl.iter().map(crate::acl::AclEntry::to_string).collect());
            r.version = Some(*version);
        }
        Op::Check { version, .. } => r.version = Some(*version),
        Op::CreateSession { timeout } => r.detail = Some(format!("timeout={timeout}ms")),
        Op::CloseSession { paths: Some(p) } if !p.is_empty() => {
            r.detail = Some(format!("ephemerals={}", p.len()));
        }
        Op::Error { err } => r.detail = Some(format!("err={err}")),
        Op::Unknown(c) => r.detail = Some(format!("type={c}")),
        _ => {}
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_zxids_times_or_ages() {
        assert_eq!(parse_bound("0x1f").unwrap(), BoundArg::At(Bound::Zxid(31)));
        assert_eq!(
            parse_bound("2026-12-01T10:00:00Z").unwrap(),
            BoundArg::At(Bound::Time(1_796_119_200_000))
        );
        let age = parse_bound("2h").unwrap();
        assert_eq!(age, BoundArg::Age(Duration::from_secs(7200)));
        let Bound::Time(t) = age.resolved() else {
            panic!("an age resolves to a time")
        };
        assert!((millis(SystemTime::now()) - t - 7_200_000).abs() < 60_000);
        assert!(parse_bound("soon").is_err());
    }

    #[test]
    fn path_globs() {
        let m = |g: &str, p: &str| path_regex(g).unwrap().is_match(p);
        assert!(m("/app", "/app") && m("/app", "/app/x/y") && !m("/app", "/apple"));
        assert!(m("/", "/") && m("/", "/a/b"));
        assert!(m("/a/*", "/a/b") && !m("/a/*", "/a/b/c") && m("/a/**", "/a/b/c"));
        assert!(m("/a/n?", "/a/n1") && !m("/a/n?", "/a/n10"));
        assert!(m("/a.b", "/a.b") && !m("/a.b", "/axb"));
    }
}
