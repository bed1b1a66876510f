//! Renders every reply: as text (for people and `awk`) or as one JSON document (`-o json`).
//! Results go to stdout; what a reply says about how the command went (failures of a bulk
//! write, nodes that could not be read, dry-run counts) goes to stderr.

use std::time::Duration;

use base64::Engine;
use serde_json::{Map, Value, json};

use super::{Output, sanitize, stat_json, stat_text};
use crate::acl;
use crate::error::{Error, Result};
use crate::reply::{
    Config, Diff, Du, Exported, Form, Member, Reply, Report, SessionInfo, Stat, StatsTrack, Walked,
};

/// In-doubt paths listed in text; JSON lists all.
const LISTED: usize = 20;

impl Output {
    /// Shows a reply.
    pub fn show(&self, r: &Reply) -> Result<()> {
        match r {
            Reply::Shown => Ok(()),
            Reply::Report(rep) => self.report(rep),
            Reply::Walked(w) => {
                self.walked(w);
                Ok(())
            }
            Reply::Exported(x) => self.exported(x),
            Reply::Du(d) => self.du(d),
            Reply::Diff(d) => self.diff(d),
            Reply::Config(c) => self.config(c),
            _ if self.json => self.json(&to_json(r)),
            _ => self.bytes(&self.text(r)),
        }
    }

    /// The text of a reply that is shown whole on stdout.
    fn text(&self, r: &Reply) -> Vec<u8> {
        let mut t = String::new();
        let mut lines = |items: &mut dyn Iterator<Item = String>| {
            for l in items {
                t.push_str(&l);
                t.push('\n');
            }
        };
        match r {
            Reply::Created(p) | Reply::Cwd(p) => lines(&mut [self.name(p)].into_iter()),
            Reply::Value {
                data,
                stat,
                form,
                watching,
                ..
            } => return self.value_text(data, stat.as_ref(), *form, *watching),
            Reply::Written {
                stat, show: true, ..
            }
            | Reply::Stat { stat, .. } => t = stat_text(stat),
            Reply::Children { children, stat, .. } => {
                lines(&mut children.iter().map(|c| self.name(c)));
                t.push_str(&stat.as_ref().map(stat_text).unwrap_or_default());
            }
            Reply::Long { rows, .. } => t = self.long(rows),
            Reply::Exists { exists, .. } if !self.quiet => {
                lines(&mut [exists.to_string()].into_iter())
            }
            Reply::Count { count, .. } => lines(&mut [count.to_string()].into_iter()),
            Reply::Txn { created, .. } => lines(&mut created.iter().map(|p| self.name(p))),
            Reply::Acl { acl, stat, .. } => {
                lines(&mut acl.iter().map(|e| self.name(&e.to_string())));
                t.push_str(&stat.as_ref().map(stat_text).unwrap_or_default());
            }
            Reply::Digest(d) => lines(&mut [d.clone()].into_iter()),
            Reply::Identities(ids) => {
                lines(&mut ids.iter().map(|(s, u)| format!("{s}:{}", self.name(u))))
            }
            Reply::Session(s) => t = session_text(s),
            Reply::Held(h) => t = super::recipe::held_text(self, h),
            Reply::Contenders(c) => t = super::recipe::contenders_text(self, c),
            Reply::Watches(rows) => lines(
                &mut rows
                    .iter()
                    .map(|w| format!("{:>3}  {:<22} {}", w.id, w.kind, self.name(&w.path))),
            ),
            Reply::Paths(list) => lines(&mut list.iter().map(|p| self.name(p))),
            Reply::Answers(answers) => t = self.answers(answers),
            Reply::Cluster(rows) => t = cluster_text(rows),
            Reply::Quota {
                path,
                quota: Some(q),
                usage: Some(u),
            } => {
                let name = self.name(path);
                t = format!("Output quota for {name} {q}\nOutput stat for {name} {u}\n");
            }
            Reply::History(h) => lines(
                &mut h
                    .iter()
                    .enumerate()
                    .map(|(i, l)| format!("{:>5}  {}", i + 1, self.name(l))),
            ),
            Reply::Version(v) => lines(&mut [format!("zksh {v}")].into_iter()),
            Reply::Help(text) => t = text.clone(),
            Reply::Clear if self.tty => t = "\x1b[H\x1b[2J\x1b[3J".into(),
            Reply::Planned(ops) => lines(&mut ops.iter().map(|o| {
                let bytes = o.bytes.map(|b| format!(" ({b} bytes)")).unwrap_or_default();
                let detail = if o.detail.is_empty() {
                    String::new()
                } else {
                    format!(" {}", o.detail)
                };
                format!("would {} {}{bytes}{detail}", o.op, self.name(&o.path))
            })),
            Reply::Contexts { file, rows } => {
                t = format!("{:<2}{:<16} {:<40} {}\n", "", "NAME", "SERVERS", "RAILS");
                for r in rows {
                    let mut rails = Vec::new();
                    if r.read_only {
                        rails.push("read-only".to_string());
                    }
                    if !r.protect.is_empty() {
                        rails.push(format!("protect {}", r.protect.join(",")));
                    }
                    t.push_str(&format!(
                        "{:<2}{:<16} {:<40} {}\n",
                        if r.current { "*" } else { "" },
                        r.name,
                        r.servers,
                        rails.join("; ")
                    ));
                }
                if rows.is_empty() {
                    t = format!("no contexts in {file}\n");
                }
            }
            _ => {}
        }
        t.into_bytes()
    }

    /// `get`: exact bytes to a pipe, escaped text or a hexdump on a terminal, or the form asked.
    fn value_text(&self, data: &[u8], stat: Option<&Stat>, form: Form, watching: bool) -> Vec<u8> {
        let mut shown = match form {
            Form::Base64 => {
                let mut s = base64::engine::general_purpose::STANDARD.encode(data);
                s.push('\n');
                s.into_bytes()
            }
            Form::Hex => sanitize::hexdump(data).into_bytes(),
            Form::Raw => self.value(data),
        };
        // Raw bytes on a pipe may lack a final newline: the stat, or the watch event that
        // follows, starts a line of its own.
        let open = !shown.is_empty() && !shown.ends_with(b"\n");
        if let Some(s) = stat {
            if open {
                shown.push(b'\n');
            }
            shown.extend_from_slice(stat_text(s).as_bytes());
        } else if watching && open {
            shown.push(b'\n');
        }
        shown
    }

    /// `ls -l`: type, version, size, children, name; a header on a terminal only (a pipe gets
    /// the rows alone, for awk and cut).
    fn long(&self, rows: &[(String, Stat)]) -> String {
        let mut text = if self.tty {
            format!(
                "{} {:>6} {:>8} {:>6}  {}\n",
                "T", "VER", "SIZE", "KIDS", "NAME"
            )
        } else {
            String::new()
        };
        for (n, s) in rows {
            text.push_str(&format!(
                "{} {:>6} {:>8} {:>6}  {}\n",
                &s.kind()[..1],
                s.version,
                s.data_length,
                s.num_children,
                self.name(n)
            ));
        }
        text
    }

    fn answers(&self, answers: &[(String, std::result::Result<String, String>)]) -> String {
        let mut text = String::new();
        for (m, r) in answers {
            match r {
                Ok(t) => text.push_str(&format!("== {m}\n{}", self.name(t).replace("\\n", "\n"))),
                Err(e) => text.push_str(&format!("== {m}\n(no answer: {e})\n")),
            }
            if !text.ends_with('\n') {
                text.push('\n');
            }
        }
        text
    }

    fn du(&self, d: &Du) -> Result<()> {
        let mut s = super::stream::Stream::new(*self);
        if self.json {
            s.push(&format!(
                "{{\"path\":{},\"bytes\":{},\"nodes\":{},\"children\":[",
                json!(d.root),
                d.bytes,
                d.nodes
            ))?;
            for (i, r) in d.rows.iter().enumerate() {
                let sep = if i == 0 { "" } else { "," };
                let row = json!({ "name": d.name(r), "bytes": r.0, "nodes": r.1 });
                s.push(&format!("{sep}{row}"))?;
            }
            s.push("]}\n")?;
        } else {
            for r in &d.rows {
                let p = self.name(&crate::path::join(&d.root, d.name(r)));
                s.line(&format!("{:>12} {:>9}  {p}", r.0, r.1))?;
            }
            s.line(&format!(
                "{:>12} {:>9}  {} (total)",
                d.bytes,
                d.nodes,
                self.name(&d.root)
            ))?;
        }
        s.finish()?;
        self.unreadable("du", &d.unreadable);
        Ok(())
    }

    fn diff(&self, d: &Diff) -> Result<()> {
        if self.json {
            let unreadable: Vec<_> = d.unreadable.iter().map(|(p, _)| p).collect();
            self.json(
                &json!({ "same": d.same(), "only_a": d.only_a, "only_b": d.only_b,
                "data": d.data, "acl": d.acl, "unreadable": unreadable }),
            )?;
        } else {
            let mut s = super::stream::Stream::new(*self);
            for (list, mark, what) in [
                (&d.only_a, '-', "(only in A)"),
                (&d.only_b, '+', "(only in B)"),
                (&d.data, '~', "data differs"),
                (&d.acl, '~', "ACL differs"),
            ] {
                for p in list {
                    s.line(&format!("{mark} {}  {what}", self.name(p)))?;
                }
            }
            s.finish()?;
        }
        // Nodes that could not be read: the comparison is incomplete, never "same".
        self.unreadable("diff", &d.unreadable);
        Ok(())
    }

    fn config(&self, c: &Config) -> Result<()> {
        if self.json {
            let members: Vec<Value> = c
                .members
                .iter()
                .map(|(id, s, client)| json!({ "id": id, "server": s, "client": client }))
                .collect();
            let mut v = json!({ "config": String::from_utf8_lossy(&c.data),
                "version": c.version, "members": members });
            if let Some(s) = &c.stat {
                v["stat"] = stat_json(s);
            }
            return self.json(&v);
        }
        if c.committed {
            self.note("committed new configuration:");
        }
        let mut shown = match &c.client_line {
            Some(l) => format!("{l}\n").into_bytes(),
            None => self.value(&c.data),
        };
        if !shown.ends_with(b"\n") {
            shown.push(b'\n');
        }
        if let Some(s) = &c.stat {
            shown.extend_from_slice(stat_text(s).as_bytes());
        }
        self.bytes(&shown)
    }

    fn exported(&self, x: &Exported) -> Result<()> {
        if !x.written {
            self.note("the export is incomplete, so its file was not written");
        }
        if x.unreadable.is_empty() {
            let skipped = match x.ephemerals_skipped {
                0 => String::new(),
                n => format!(" ({n} ephemeral skipped)"),
            };
            self.note(&format!("exported {} nodes{skipped}", x.nodes));
        }
        self.unreadable("export", &x.unreadable);
        // To stdout the export is the document; to a file, JSON says what was written.
        match &x.file {
            Some(f) if self.json => self.json(&json!({ "path": x.root, "file": f,
                "written": x.written, "nodes": x.nodes,
                "ephemerals_skipped": x.ephemerals_skipped })),
            _ => Ok(()),
        }
    }

    /// A bulk write's report: one JSON document on stdout, or text on stderr (failures, in-doubt
    /// paths, and the summary when something went wrong or with -v).
    fn report(&self, r: &Report) -> Result<()> {
        if self.json {
            return self.json(&report_json(r));
        }
        self.errors(r.failed.iter().map(|(_, e)| e));
        self.errors(r.unreadable.iter().map(|(_, e)| e));
        for p in r.in_doubt.iter().take(LISTED) {
            self.note(&format!("in doubt: {p}"));
        }
        if r.in_doubt.len() > LISTED {
            self.note(&format!(
                "... and {} more in doubt (-o json lists them all)",
                r.in_doubt.len() - LISTED
            ));
        }
        if !r.is_clean() || self.verbose {
            self.note(&summary(r));
        }
        Ok(())
    }

    fn walked(&self, w: &Walked) {
        if let Some(n) = &w.notice {
            self.note(n);
        }
        self.unreadable(w.command, &w.unreadable);
    }

    /// Names the nodes a read could not read (no permission), with the count: the result is
    /// incomplete.
    fn unreadable(&self, what: &str, list: &[(String, Error)]) {
        if list.is_empty() {
            return;
        }
        self.errors(list.iter().map(|(_, e)| e));
        self.note(&format!(
            "{what}: {} nodes could not be read (not authorised): what is below them is missing \
             from the result",
            list.len()
        ));
    }

    /// The line printed for a watch event or session change; with `watch --data`, the value
    /// read after it.
    pub fn event_line(&self, e: &crate::reply::Event, data: Option<&[u8]>) -> String {
        if self.json {
            let mut v = serde_json::to_value(e).unwrap_or_default();
            if let Some(d) = data {
                merge(&mut v, value_json(d, "data"));
            }
            let doc = v.to_string();
            return if self.tty { sanitize::json(&doc) } else { doc };
        }
        use colored::Colorize;
        let mut text = if e.session {
            format!("{} {}", "SESSION".magenta().bold(), e.kind)
        } else {
            format!(
                "{} {} {}",
                "WATCH".cyan().bold(),
                e.kind,
                self.name(&e.path)
            )
        };
        if let Some(d) = data {
            let shown = String::from_utf8_lossy(&self.value(d))
                .trim_end()
                .to_string();
            // One event, one line: on a pipe too, the value's newlines are escaped.
            let shown = if self.tty {
                shown
            } else {
                sanitize::escape(&shown, false)
            };
            text.push(' ');
            text.push_str(&shown);
        }
        text
    }
}

/// `{key: text}` when the value is UTF-8, `{key_base64: ...}` otherwise (never lossy).
fn value_json(data: &[u8], key: &str) -> Value {
    match std::str::from_utf8(data) {
        Ok(s) => json!({ key: s }),
        Err(_) => {
            json!({ format!("{key}_base64"): base64::engine::general_purpose::STANDARD.encode(data) })
        }
    }
}

fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, from) {
        a.extend(b);
    }
}

fn with_stat(mut v: Value, stat: Option<&Stat>) -> Value {
    if let Some(s) = stat {
        v["stat"] = stat_json(s);
    }
    v
}

fn track_json(t: &StatsTrack) -> Value {
    Value::Object(
        t.entries()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect::<Map<_, _>>(),
    )
}

/// The JSON document of a reply shown whole.
fn to_json(r: &Reply) -> Value {
    match r {
        Reply::Done { command, paths } => {
            let mut v = json!({ "ok": true, "command": command });
            match paths.as_slice() {
                [] => {}
                [p] => v["path"] = json!(p),
                ps => v["paths"] = json!(ps),
            }
            v
        }
        Reply::Clear => json!({ "ok": true, "command": "clear" }),
        Reply::Created(p) | Reply::Cwd(p) => json!({ "path": p }),
        Reply::Value {
            path, data, stat, ..
        } => {
            let mut v = json!({ "path": path });
            merge(&mut v, value_json(data, "value"));
            with_stat(v, stat.as_ref())
        }
        Reply::Written { path, stat, .. } | Reply::Stat { path, stat } => {
            json!({ "path": path, "stat": stat_json(stat) })
        }
        Reply::Children {
            path,
            children,
            stat,
        } => with_stat(json!({ "path": path, "children": children }), stat.as_ref()),
        Reply::Long { path, rows } => {
            let list: Vec<Value> = rows
                .iter()
                .map(|(n, s)| json!({ "name": n, "type": s.kind(), "stat": stat_json(s) }))
                .collect();
            json!({ "path": path, "children": list })
        }
        Reply::Exists { path, exists } => json!({ "path": path, "exists": exists }),
        Reply::Held(h) => super::recipe::held_json(h),
        Reply::Contenders(c) => super::recipe::contenders_json(c),
        Reply::Count { path, count } => json!({ "path": path, "count": count }),
        Reply::Txn { applied, created } => json!({ "applied": applied, "created": created }),
        Reply::Acl { path, acl, stat } => {
            let entries: Vec<Value> = acl
                .iter()
                .map(|a| json!({"scheme": a.scheme, "id": a.id, "perms": acl::perms_text(a.perms)}))
                .collect();
            with_stat(json!({ "path": path, "acl": entries }), stat.as_ref())
        }
        Reply::Digest(d) => json!({ "digest": d }),
        Reply::Identities(ids) => json!(
            ids.iter()
                .map(|(s, u)| json!({ "scheme": s, "user": u }))
                .collect::<Vec<_>>()
        ),
        Reply::Session(s) => json!({
            "session_id": format!("{:#x}", s.id),
            "timeout_ms": s.timeout_ms,
            "server": s.server,
            "state": s.state,
            "watches": s.watches,
        }),
        Reply::Watches(rows) => json!(
            rows.iter()
                .map(|w| json!({ "id": w.id, "path": w.path, "kind": w.kind }))
                .collect::<Vec<_>>()
        ),
        Reply::Unwatched { path, removed } => json!({ "path": path, "removed": removed }),
        Reply::Paths(list) => json!(list),
        Reply::Answers(answers) => json!(
            answers
                .iter()
                .map(|(m, r)| match r {
                    Ok(t) => json!({ "server": m, "answer": t }),
                    Err(e) => json!({ "server": m, "error": e }),
                })
                .collect::<Vec<_>>()
        ),
        Reply::Cluster(rows) => json!(rows),
        Reply::Quota { path, quota, usage } => {
            let mut v = json!({ "path": path, "quota": quota.as_ref().map(track_json) });
            if let Some(u) = usage {
                v["stat"] = track_json(u);
            }
            v
        }
        Reply::History(h) => json!(h),
        Reply::Version(v) => json!({ "zksh": v }),
        Reply::Help(text) => json!({ "help": text }),
        Reply::Contexts { file, rows } => json!({ "file": file, "contexts": rows }),
        Reply::Planned(ops) => json!({ "dry_run": true, "ops": ops }),
        // Shown by their own renderers.
        Reply::Shown
        | Reply::Report(_)
        | Reply::Walked(_)
        | Reply::Exported(_)
        | Reply::Du(_)
        | Reply::Diff(_)
        | Reply::Config(_) => Value::Null,
    }
}

fn session_text(s: &SessionInfo) -> String {
    format!(
        "session id:   {:#x}\ntimeout:      {:?}\nserver:       {}\nstate:        {}\nwatches held: {}\n",
        s.id,
        Duration::from_millis(s.timeout_ms),
        s.server,
        s.state,
        s.watches
    )
}

fn cluster_text(rows: &[Member]) -> String {
    let s = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let mut text = format!(
        "{:<22} {:<11} {:<14} {:>15} {:>5} {:>6} {:>8}\n",
        "SERVER", "MODE", "ZXID", "LAT min/avg/max", "OUTST", "CONNS", "ZNODES"
    );
    for r in rows {
        if let Some(e) = &r.error {
            text.push_str(&format!("{:<22} DOWN        ({e})\n", r.server));
            continue;
        }
        let lat = format!(
            "{}/{}/{}",
            s(&r.latency_min),
            s(&r.latency_avg),
            s(&r.latency_max)
        );
        text.push_str(&format!(
            "{:<22} {:<11} {:<14} {:>15} {:>5} {:>6} {:>8}\n",
            r.server,
            s(&r.mode),
            s(&r.zxid),
            lat,
            s(&r.outstanding),
            s(&r.connections),
            s(&r.znodes)
        ));
    }
    text
}

/// The summary line of a report: counts of each outcome.
fn summary(r: &Report) -> String {
    let of = r.total.map(|t| format!(" of {t}")).unwrap_or_default();
    let mut parts = vec![format!("{}{of} nodes done", r.done)];
    if !r.failed.is_empty() {
        parts.push(format!("{} failed", r.failed.len()));
    }
    if !r.in_doubt.is_empty() {
        parts.push(format!(
            "{} in doubt (sent, no reply: they may or may not have been applied)",
            r.in_doubt.len()
        ));
    }
    if let Some(n) = r.not_done().filter(|n| *n > 0) {
        parts.push(format!("{n} not done"));
    }
    if !r.unreadable.is_empty() {
        parts.push(format!(
            "{} unreadable (not authorised; nothing below them was done)",
            r.unreadable.len()
        ));
    }
    let mut s = format!("{}: {}", r.command, parts.join(", "));
    if let Some(e) = &r.stopped {
        s.push_str(&format!("; stopped: {e}"));
    }
    if let Some(rerun) = r.rerun.as_ref().filter(|_| !r.is_clean()) {
        s.push_str(&format!("; {rerun}"));
    }
    s
}

fn report_json(r: &Report) -> Value {
    let errors = |list: &[(String, Error)]| -> Vec<Value> {
        list.iter()
            .map(|(p, e)| json!({ "path": p, "error": e.to_json()["error"] }))
            .collect()
    };
    json!({
        "command": r.command,
        "total": r.total,
        "done": r.done,
        "failed": errors(&r.failed),
        "in_doubt": r.in_doubt,
        "not_done": r.not_done(),
        "unreadable": errors(&r.unreadable),
        "stopped": r.stopped.as_ref().map(|e| e.to_json()["error"].clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_summary_counts_every_outcome() {
        let mut r = Report::new("deleteall");
        r.total = Some(100);
        r.done = 60;
        r.failed
            .push(("/a".into(), Error::NotEmpty { path: "/a".into() }));
        r.in_doubt = vec!["/b".into(), "/c".into()];
        r.stopped = Some(Error::Interrupted);
        assert_eq!(r.not_done(), Some(37));
        let s = summary(&r);
        assert!(
            s.starts_with("deleteall: 60 of 100 nodes done, 1 failed, 2 in doubt"),
            "{s}"
        );
        assert!(
            s.contains("37 not done") && s.ends_with("stopped: interrupted"),
            "{s}"
        );
        let j = report_json(&r);
        assert_eq!(j["not_done"], 37);
        assert_eq!(j["failed"][0]["path"], "/a");
        assert_eq!(j["stopped"]["code"], "Interrupted");
    }

    #[test]
    fn quota_json_names_count_and_bytes_always() {
        let v = track_json(&StatsTrack::parse("countHardLimit=2"));
        assert_eq!(v, json!({ "count": -1, "bytes": -1, "countHardLimit": 2 }));
    }
}
