//! Shell commands: cd, pwd, connect, close, history, redo, version, help.

use std::future::Future;
use std::pin::Pin;

use clap::{Args, CommandFactory};

use super::Line;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::reply::Reply;

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct CdArgs {
    /// Node to make current (default: /)
    #[arg(default_value = "/")]
    pub path: String,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct ConnectArgs {
    /// host[:port][,host[:port]...][/chroot]
    pub hosts: String,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct RedoArgs {
    /// Line number, as `history` shows it
    pub n: usize,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct HelpArgs {
    /// Command to describe
    pub command: Option<String>,
}

pub async fn cd(ctx: &mut Ctx, a: CdArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    if zk.stat(&path).await?.is_none() {
        return Err(Error::NoNode { path });
    }
    ctx.cwd = path.clone();
    Ok(Reply::done("cd", [path]))
}

pub fn pwd(ctx: &Ctx) -> Result<Reply> {
    Ok(Reply::Cwd(ctx.cwd.clone()))
}

pub async fn connect(ctx: &mut Ctx, a: ConnectArgs) -> Result<Reply> {
    ctx.reconnect(a.hosts).await?;
    Ok(Reply::done("connect", []))
}

/// `reconnect`: a new session to the same servers; the current node stays.
pub async fn reconnect(ctx: &mut Ctx) -> Result<Reply> {
    let cwd = ctx.cwd.clone();
    ctx.reconnect(ctx.servers.clone()).await?;
    ctx.cwd = cwd;
    let id = ctx.zk().await?.session_id();
    ctx.out.note(&format!("new session {id:#x}"));
    Ok(Reply::done("reconnect", []))
}

/// `clear`: the screen of the interactive shell; scripts and pipes get nothing.
pub fn clear(ctx: &Ctx) -> Result<Reply> {
    Ok(if ctx.interactive {
        Reply::Clear
    } else {
        Reply::done("clear", [])
    })
}

pub async fn close(ctx: &mut Ctx) -> Result<Reply> {
    ctx.close().await;
    Ok(Reply::done("close", []))
}

pub fn history(ctx: &Ctx) -> Result<Reply> {
    Ok(Reply::History(ctx.history.clone()))
}

/// zkCli's `redo N`: runs history line N again. The history exists only in the REPL.
pub async fn redo(ctx: &mut Ctx, a: RedoArgs) -> Result<Reply> {
    if !ctx.interactive {
        return Err(Error::usage(
            "redo: only in the interactive shell (there is no history here)",
        ));
    }
    let line =
        a.n.checked_sub(1)
            .and_then(|i| ctx.history.get(i))
            .cloned()
            .ok_or_else(|| Error::usage(format!("redo: no line {} in history", a.n)))?;
    let commands = crate::line::split(&line).map_err(|e| Error::usage(e.0))?;
    if commands
        .iter()
        .any(|w| w.first().is_some_and(|c| c == "redo"))
    {
        return Err(Error::usage(format!("redo: line {} is a redo itself", a.n)));
    }
    ctx.out.note(&format!("redo: {line}"));
    // Boxed: the line runs through the dispatcher that called this command.
    let run: Pin<Box<dyn Future<Output = Result<()>> + '_>> =
        Box::pin(crate::run::run_line(ctx, &line));
    run.await.map(|_| Reply::Shown)
}

pub fn version() -> Result<Reply> {
    Ok(Reply::Version {
        version: env!("CARGO_PKG_VERSION"),
        revision: env!("ZKSH_GIT_REV"),
    })
}

pub fn help(a: HelpArgs) -> Result<Reply> {
    let mut line = Line::command();
    let text = match a.command {
        None => {
            let mut s =
                String::from("Commands (`help COMMAND` or `COMMAND --help` for details):\n");
            for c in line.get_subcommands() {
                let aliases: Vec<&str> = c.get_visible_aliases().collect();
                let name = if aliases.is_empty() {
                    c.get_name().to_string()
                } else {
                    format!("{} ({})", c.get_name(), aliases.join(", "))
                };
                s.push_str(&format!(
                    "  {name:<18} {}\n",
                    c.get_about().map(|a| a.to_string()).unwrap_or_default()
                ));
            }
            s
        }
        Some(name) => match line.find_subcommand_mut(&name) {
            Some(c) => c.render_long_help().to_string(),
            None => return Err(Error::usage(format!("help: no command {name:?}"))),
        },
    };
    Ok(Reply::Help(text))
}
