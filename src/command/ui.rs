//! `ui [PATH]`: the full-screen tree browser (`crate::tui`), from argv or the REPL; it needs a
//! terminal on both stdin and stdout, and has no JSON form.

use clap::Args;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::reply::Reply;

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct UiArgs {
    /// Node to open the browser on (default: the current node)
    pub path: Option<String>,
}

pub async fn ui(ctx: &mut Ctx, a: UiArgs) -> Result<Reply> {
    if ctx.cfg.json {
        return Err(Error::usage(
            "ui: a full-screen browser has no JSON form; run it without -o json",
        ));
    }
    if !(ctx.cfg.stdin_tty && ctx.cfg.stdout_tty) {
        return Err(Error::usage(
            "ui: needs a terminal on stdin and stdout (for scripts use ls, tree, get, watch)",
        ));
    }
    if crate::tui::is_open() {
        return Err(Error::usage("ui: the browser is already open"));
    }
    let root = ctx.resolve(a.path.as_deref().unwrap_or("."))?;
    crate::tui::run(ctx, root.clone()).await?;
    Ok(Reply::done("ui", [root]))
}
