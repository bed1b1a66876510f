//! The one report every bulk command ends with, however it ends (completed, nodes failed, the
//! session lost, a signal): how many nodes were done, which failed and why, which are in doubt
//! (sent, no reply: they may or may not have been applied), how many were not done, and which
//! could not be read. Text on stderr, or one JSON document on stdout; the exit code follows
//! what stopped it, else the first failure.

use serde_json::{Value, json};

use crate::context::Ctx;
use crate::error::{Error, Result};

/// In-doubt paths listed in text; JSON lists all.
const LISTED: usize = 20;

#[derive(Debug, Default)]
pub struct Report {
    /// The command, as the operator typed it (`deleteall`, `setAcl -R`, `mv`...).
    pub command: String,
    /// Nodes the command meant to change, when known.
    pub total: Option<usize>,
    pub done: usize,
    pub failed: Vec<(String, Error)>,
    pub in_doubt: Vec<String>,
    /// Nodes whose subtree could not be read (no permission): nothing under them was done.
    pub unreadable: Vec<(String, Error)>,
    /// Why the command stopped before the end.
    pub stopped: Option<Error>,
    /// How to finish what a stopped run left (`run deleteall again`).
    pub rerun: Option<String>,
}

impl Report {
    pub fn new(command: &str) -> Report {
        Report {
            command: command.to_string(),
            ..Report::default()
        }
    }

    /// Adds what the walk that fed the command met: the nodes it could not read, and the
    /// error that ended it early.
    pub fn walked(mut self, unreadable: Vec<(String, Error)>, failed: Option<Error>) -> Report {
        self.unreadable.extend(unreadable);
        if let Some(e) = failed {
            self.stopped.get_or_insert(e);
        }
        self
    }

    /// Nodes never sent, when the total is known.
    pub fn not_done(&self) -> Option<usize> {
        let settled = self.done + self.failed.len() + self.in_doubt.len();
        self.total.map(|t| t.saturating_sub(settled))
    }

    pub fn is_clean(&self) -> bool {
        self.failed.is_empty()
            && self.in_doubt.is_empty()
            && self.unreadable.is_empty()
            && self.stopped.is_none()
    }

    /// The summary line: counts of each outcome.
    pub fn summary(&self) -> String {
        let of = self.total.map(|t| format!(" of {t}")).unwrap_or_default();
        let mut parts = vec![format!("{}{of} nodes done", self.done)];
        if !self.failed.is_empty() {
            parts.push(format!("{} failed", self.failed.len()));
        }
        if !self.in_doubt.is_empty() {
            parts.push(format!(
                "{} in doubt (sent, no reply: they may or may not have been applied)",
                self.in_doubt.len()
            ));
        }
        if let Some(n) = self.not_done().filter(|n| *n > 0) {
            parts.push(format!("{n} not done"));
        }
        if !self.unreadable.is_empty() {
            parts.push(format!(
                "{} unreadable (not authorised; nothing below them was done)",
                self.unreadable.len()
            ));
        }
        let mut s = format!("{}: {}", self.command, parts.join(", "));
        if let Some(e) = &self.stopped {
            s.push_str(&format!("; stopped: {e}"));
        }
        if let Some(r) = self.rerun.as_ref().filter(|_| !self.is_clean()) {
            s.push_str(&format!("; {r}"));
        }
        s
    }

    pub fn to_json(&self) -> Value {
        let errors = |list: &[(String, Error)]| -> Vec<Value> {
            list.iter()
                .map(|(p, e)| json!({ "path": p, "error": e.to_json()["error"] }))
                .collect()
        };
        json!({
            "command": self.command,
            "total": self.total,
            "done": self.done,
            "failed": errors(&self.failed),
            "in_doubt": self.in_doubt,
            "not_done": self.not_done(),
            "unreadable": errors(&self.unreadable),
            "stopped": self.stopped.as_ref().map(|e| e.to_json()["error"].clone()),
        })
    }

    /// Prints the report and gives the command's result. A clean run prints nothing in text
    /// (the summary with -v).
    pub fn finish(self, ctx: &Ctx) -> Result<()> {
        if ctx.out.json {
            ctx.out.json(&self.to_json())?;
        } else {
            self.print_text(ctx);
        }
        if let Some(e) = self.stopped {
            return Err(e);
        }
        let first = self.failed.first().or(self.unreadable.first());
        match first {
            Some((_, e)) => Err(Error::Status(e.exit_code())),
            None if !self.in_doubt.is_empty() => Err(Error::Status(8)),
            None => Ok(()),
        }
    }

    fn print_text(&self, ctx: &Ctx) {
        ctx.out.errors(self.failed.iter().map(|(_, e)| e));
        ctx.out.errors(self.unreadable.iter().map(|(_, e)| e));
        for p in self.in_doubt.iter().take(LISTED) {
            ctx.out.note(&format!("in doubt: {}", ctx.out.name(p)));
        }
        if self.in_doubt.len() > LISTED {
            ctx.out.note(&format!(
                "... and {} more in doubt (-o json lists them all)",
                self.in_doubt.len() - LISTED
            ));
        }
        if !self.is_clean() || ctx.cfg.verbose {
            ctx.out.note(&self.summary());
        }
    }
}

/// Ends a read of a tree that met nodes it could not read (no permission): each is named on
/// stderr with the count, and the first sets the exit code — the result is incomplete.
pub fn unreadable(ctx: &Ctx, what: &str, list: &[(String, Error)]) -> Result<()> {
    let Some((_, first)) = list.first() else {
        return Ok(());
    };
    ctx.out.errors(list.iter().map(|(_, e)| e));
    ctx.out.note(&format!(
        "{what}: {} nodes could not be read (not authorised): what is below them is missing \
         from the result",
        list.len()
    ));
    Err(Error::Status(first.exit_code()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts_every_outcome() {
        let mut r = Report::new("deleteall");
        r.total = Some(100);
        r.done = 60;
        r.failed
            .push(("/a".into(), Error::NotEmpty { path: "/a".into() }));
        r.in_doubt = vec!["/b".into(), "/c".into()];
        r.stopped = Some(Error::Interrupted);
        assert_eq!(r.not_done(), Some(37));
        let s = r.summary();
        assert!(
            s.starts_with("deleteall: 60 of 100 nodes done, 1 failed, 2 in doubt"),
            "{s}"
        );
        assert!(
            s.contains("37 not done") && s.ends_with("stopped: interrupted"),
            "{s}"
        );
        let j = r.to_json();
        assert_eq!(j["not_done"], 37);
        assert_eq!(j["failed"][0]["path"], "/a");
        assert_eq!(j["stopped"]["code"], "Interrupted");
    }
}
