//! Persistent REPL history in the XDG state dir. Lines carrying credentials are never kept.

use std::path::{Path, PathBuf};

use rustyline::Editor;
use rustyline::history::FileHistory;

use crate::command::is_secret;
use crate::context::Ctx;
use crate::line;

/// `$ZKSH_HISTORY`, else `$XDG_STATE_HOME/zksh/history`, else `~/.local/state/zksh/history`.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ZKSH_HISTORY") {
        return Some(PathBuf::from(p));
    }
    let state = match std::env::var_os("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
        Some(s) => PathBuf::from(s),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".local/state"),
    };
    Some(state.join("zksh/history"))
}

/// Adds a line to the editor's history, the `history` list and the file (appended at once, so a
/// crash loses nothing), unless it carries a secret.
pub fn record<H: rustyline::Helper>(
    rl: &mut Editor<H, FileHistory>,
    ctx: &mut Ctx,
    text: &str,
    file: Option<&Path>,
) {
    let secret = match line::split(text) {
        Ok(cmds) => cmds.iter().any(|words| is_secret(words)),
        // An unsplittable line may still hold a secret: keep it out unless clearly harmless.
        Err(_) => ["auth", "digest", "sasl", "@"]
            .iter()
            .any(|s| text.contains(s)),
    };
    if secret {
        return;
    }
    let _ = rl.add_history_entry(text);
    ctx.history.push(text.to_string());
    if let Some(f) = file {
        if let Some(dir) = f.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = rl.append_history(f);
    }
}
