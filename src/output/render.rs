//! Renders every reply: as text (for people and `awk`) or as one JSON document (`-o json`,
//! built in `json`). Results go to stdout; what a reply says about how the command went (failures of a bulk
//! write, nodes that could not be read, dry-run counts) goes to stderr.

use std::time::Duration;

use serde_json::{Value, json};

use super::json::{merge, to_json, value_json};
use super::{Output, sanitize, stat_json, stat_text};
use crate::error::{Error, Result};
use crate::reply::{Config, Diff, Du, Exported, Member, Reply, SessionInfo, Stat, Walked};

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
            Reply::Value {
                path,
                data,
                stat,
                form,
                rule,
                watching,
            } => {
                let v = super::value::Value {
                    path,
                    data,
                    stat: stat.as_ref(),
                    form: *form,
                    rule: rule.as_ref(),
                    watching: *watching,
                };
                if self.json {
                    let doc = self.value_json(to_json(r), &v)?;
                    self.line(&if self.tty { sanitize::json(&doc) } else { doc })
                } else {
                    self.bytes(&self.value_text(&v)?)
                }
            }
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
            Reply::Written {
                stat, show: true, ..
            }
            | Reply::Stat { stat, .. } => t = stat_text(stat),
            Reply::Children {
                children,
                stat,
                decode_names,
                ..
            } => {
                lines(&mut children.iter().map(|c| self.child(c, *decode_names)));
                t.push_str(&stat.as_ref().map(stat_text).unwrap_or_default());
            }
            Reply::Long {
                rows, decode_names, ..
            } => t = self.long(rows, *decode_names),
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
            Reply::Version { version, revision } => {
                lines(&mut [format!("zksh {version} ({revision})")].into_iter())
            }
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

    /// `ls -l`: type, version, size, children, name; a header on a terminal only (a pipe gets
    /// the rows alone, for awk and cut).
    /// A child's name as shown: URL-decoded when asked, escaped for a terminal.
    fn child(&self, name: &str, decode: bool) -> String {
        match crate::decode::names::percent_decoded(name).filter(|_| decode) {
            Some(n) => self.name(&n),
            None => self.name(name),
        }
    }

    fn long(&self, rows: &[(String, Stat)], decode_names: bool) -> String {
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
                self.child(n, decode_names)
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
        if let Some(shown) = data.and_then(|d| self.decoded_line(d)) {
            text.push(' ');
            text.push_str(&shown);
        } else if let Some(d) = data {
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
