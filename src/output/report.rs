//! The one report every bulk write ends with, rendered: one JSON document on stdout, or text
//! on stderr (failures, in-doubt paths, and the summary when something went wrong or with -v).

use serde_json::{Value, json};

use super::Output;
use crate::error::{Error, Result};
use crate::reply::Report;

/// In-doubt paths listed in text; JSON lists all.
const LISTED: usize = 20;

impl Output {
    /// A bulk write's report: one JSON document on stdout, or text on stderr (failures, in-doubt
    /// paths, and the summary when something went wrong or with -v).
    pub(super) fn report(&self, r: &Report) -> Result<()> {
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
}
