//! The one report every bulk command ends with, however it ends (completed, nodes failed, the
//! session lost, a signal): how many nodes were done, which failed and why, which are in doubt
//! (sent, no reply: they may or may not have been applied), how many were not done, and which
//! could not be read. `output` renders it (text on stderr, or one JSON document on stdout); the
//! exit code follows what stopped it, else the first failure.

use crate::error::{Error, Result};

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

    /// The command's result: what stopped it, else the first failure, else exit 8 when
    /// something is in doubt.
    pub fn result(self) -> Result<()> {
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
}
