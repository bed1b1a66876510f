//! TAB completion: command names, flags of the command being typed, and znode paths (children
//! fetched from the server, relative to the current node).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::CommandFactory;
use rustyline::completion::{Completer, Pair};

use crate::client::Zk;
use crate::command::Line;
use crate::line;
use crate::path;

/// What completion needs from the shell, refreshed before each prompt.
#[derive(Default)]
pub struct Shared {
    pub cwd: String,
    pub zk: Option<Zk>,
    /// The prompt's context name (as shown) and its colour.
    pub mark: Option<(String, String)>,
}

pub struct PathCompleter {
    shared: Arc<Mutex<Shared>>,
    rt: tokio::runtime::Handle,
}

impl PathCompleter {
    pub fn new(shared: Arc<Mutex<Shared>>, rt: tokio::runtime::Handle) -> Self {
        PathCompleter { shared, rt }
    }

    fn children(&self, dir: &str) -> Vec<String> {
        let (zk, cwd) = match self.shared.lock() {
            Ok(s) => (s.zk.clone(), s.cwd.clone()),
            Err(_) => return Vec::new(),
        };
        let (Some(zk), Ok(abs)) = (
            zk,
            path::resolve(&cwd, if dir.is_empty() { "." } else { dir }),
        ) else {
            return Vec::new();
        };
        // Never let a slow server freeze the prompt.
        let listed = self.rt.block_on(tokio::time::timeout(
            Duration::from_secs(1),
            zk.children(&abs),
        ));
        match listed {
            Ok(Ok((mut c, _))) => {
                c.sort_unstable();
                c
            }
            _ => Vec::new(),
        }
    }
}

fn pairs(items: impl Iterator<Item = (String, String)>) -> Vec<Pair> {
    items
        .map(|(display, replacement)| Pair {
            display,
            replacement,
        })
        .collect()
}

impl Completer for PathCompleter {
    type Candidate = Pair;

    fn complete(
        &self,
        text: &str,
        pos: usize,
        _: &rustyline::Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = line::word_start(text, pos);
        let word = &text[start..pos];
        // The words of the current command before the cursor (after the last `;`).
        let before = &text[..start];
        let cmd_start = before.rfind(';').map_or(0, |i| i + 1);
        let prior: Vec<String> = line::split(&before[cmd_start..])
            .ok()
            .and_then(|mut c| c.pop())
            .unwrap_or_default();
        let cmd = Line::command();
        let Some(first) = prior.first() else {
            let names = cmd.get_subcommands().flat_map(|c| {
                std::iter::once(c.get_name().to_string())
                    .chain(c.get_visible_aliases().map(str::to_string))
            });
            let mut names: Vec<String> = names.filter(|n| n.starts_with(word)).collect();
            names.sort();
            return Ok((start, pairs(names.into_iter().map(|n| (n.clone(), n)))));
        };
        if word.starts_with('-') {
            let Some(sub) = cmd.find_subcommand(first) else {
                return Ok((start, Vec::new()));
            };
            let flags = sub.get_arguments().flat_map(|a| {
                let long = a.get_long().map(|l| format!("--{l}"));
                let short = a.get_short().map(|s| format!("-{s}"));
                long.into_iter().chain(short)
            });
            let mut flags: Vec<String> = flags.filter(|f| f.starts_with(word)).collect();
            flags.sort();
            return Ok((start, pairs(flags.into_iter().map(|f| (f.clone(), f)))));
        }
        // A path: list the children of the part before the last '/'.
        let (dir, prefix) = match word.rfind('/') {
            Some(i) => (&word[..=i], &word[i + 1..]),
            None => ("", word),
        };
        let dir_for_lookup = if dir.len() > 1 {
            dir.trim_end_matches('/')
        } else {
            dir
        };
        let found = self
            .children(dir_for_lookup)
            .into_iter()
            .filter(|c| c.starts_with(prefix));
        Ok((
            start,
            pairs(found.map(|c| {
                let shown = crate::output::sanitize::escape(&c, false);
                (shown, line::quote_shown(&format!("{dir}{c}")))
            })),
        ))
    }
}
