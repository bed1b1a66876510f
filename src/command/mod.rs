//! The command grammar shared by one-shot argv, `-c`, scripts and REPL lines, and dispatch.

mod node;
mod recursive;
mod session;
mod shell;
mod value;
mod watching;

use clap::{Args, Parser, Subcommand};

use crate::context::Ctx;
use crate::error::{Error, Result};

/// Every command zksh knows. The same enum parses argv (`zksh get /a`) and REPL lines.
#[derive(Subcommand, Debug, Clone)]
pub enum Command {
    /// Create a node; prints the path created
    Create(node::CreateArgs),
    /// Print a node's value
    Get(node::GetArgs),
    /// Set a node's value
    Set(node::SetArgs),
    /// List children (ls2 = ls -s)
    Ls(node::LsArgs),
    /// Print a node's stat
    Stat(node::StatArgs),
    /// Exit 0 if the node exists, 3 if not
    Exists(node::ExistsArgs),
    /// Delete nodes (-r: with everything below them)
    #[command(visible_alias = "rm")]
    Delete(node::DeleteArgs),
    /// Delete a node and everything below it
    #[command(visible_alias = "rmr")]
    Deleteall(recursive::DeleteallArgs),
    /// Persistent watch (-R: recursive); background in the REPL, a stream in one-shot mode
    #[command(visible_alias = "addWatch")]
    Watch(watching::WatchArgs),
    /// List the watches this shell holds
    Watches,
    /// Remove the watches held on a node
    #[command(visible_alias = "removewatches")]
    Unwatch(watching::UnwatchArgs),
    /// Turn printing of watch events on or off
    Printwatches(watching::PrintwatchesArgs),
    /// Wait until a node exists, is absent, or changes (exit 8 on timeout)
    Wait(watching::WaitArgs),
    /// Session id, negotiated timeout, connected server, state, watches held
    Session,
    /// Add credentials to the session (never stored in history)
    Addauth(session::AddauthArgs),
    /// Change the current node
    Cd(shell::CdArgs),
    /// Print the current node
    Pwd,
    /// Connect to other servers (closes the current session)
    Connect(shell::ConnectArgs),
    /// Close the session
    Close,
    /// Print the command history
    History,
    /// Print zksh's version
    Version,
    /// Help on commands
    Help(shell::HelpArgs),
    /// Leave the shell
    #[command(visible_alias = "exit")]
    Quit,
}

/// A REPL or script line: the command name comes first, as in argv after the global options.
#[derive(Parser, Debug)]
#[command(multicall = true, disable_help_subcommand = true)]
pub struct Line {
    #[command(subcommand)]
    pub command: Command,
}

/// zkCli.sh spellings that are not plain aliases of one subcommand.
fn rewrite_aliases(mut words: Vec<String>) -> Vec<String> {
    if let Some(first) = words.first_mut() {
        let (name, extra): (&str, &[&str]) = match first.as_str() {
            "ls2" => ("ls", &["-s"]),
            _ => return words,
        };
        *first = name.to_string();
        for (i, e) in extra.iter().enumerate() {
            words.insert(1 + i, e.to_string());
        }
    }
    words
}

/// What parsing a line gave: a command, or help text clap produced (`get --help`).
pub enum Parsed {
    Command(Command),
    Help(String),
}

/// Parses one command's words with the shared grammar.
pub fn parse(words: Vec<String>) -> Result<Parsed> {
    match Line::try_parse_from(rewrite_aliases(words)) {
        Ok(line) => Ok(Parsed::Command(line.command)),
        Err(e) => match e.kind() {
            clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                Ok(Parsed::Help(e.render().to_string()))
            }
            _ => Err(Error::Usage(
                e.render()
                    .to_string()
                    .trim_end()
                    .trim_start_matches("error: ")
                    .to_string(),
            )),
        },
    }
}

/// Whether the line should never reach the history file (it carries credentials).
pub fn is_secret(words: &[String]) -> bool {
    words
        .iter()
        .any(|w| w == "addauth" || w.starts_with("--auth"))
}

/// Runs one command.
pub async fn run(ctx: &mut Ctx, cmd: Command) -> Result<()> {
    match cmd {
        Command::Create(a) => node::create(ctx, a).await,
        Command::Get(a) => node::get(ctx, a).await,
        Command::Set(a) => node::set(ctx, a).await,
        Command::Ls(a) => node::ls(ctx, a).await,
        Command::Stat(a) => node::stat(ctx, a).await,
        Command::Exists(a) => node::exists(ctx, a).await,
        Command::Delete(a) => node::delete(ctx, a).await,
        Command::Deleteall(a) => recursive::deleteall(ctx, a).await,
        Command::Watch(a) => watching::watch(ctx, a).await,
        Command::Watches => watching::watches(ctx).await,
        Command::Unwatch(a) => watching::unwatch(ctx, a).await,
        Command::Printwatches(a) => watching::printwatches(ctx, a).await,
        Command::Wait(a) => watching::wait(ctx, a).await,
        Command::Session => session::session(ctx).await,
        Command::Addauth(a) => session::addauth(ctx, a).await,
        Command::Cd(a) => shell::cd(ctx, a).await,
        Command::Pwd => shell::pwd(ctx),
        Command::Connect(a) => shell::connect(ctx, a).await,
        Command::Close => shell::close(ctx).await,
        Command::History => shell::history(ctx),
        Command::Version => shell::version(ctx),
        Command::Help(a) => shell::help(ctx, a),
        Command::Quit => {
            ctx.quit = true;
            Ok(())
        }
    }
}

/// A path argument shared by most commands.
#[derive(Args, Debug, Clone)]
pub struct PathArg {
    /// Node path (absolute, or relative to the current node)
    pub path: String,
}
