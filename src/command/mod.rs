//! The command grammar shared by one-shot argv, `-c`, scripts and REPL lines, and dispatch.

#[macro_use]
mod named;

mod acl;
mod admin;
mod audit;
mod backup;
mod blame;
mod compare;
mod config;
mod contexts;
mod dry_run;
mod edit;
mod explore;
mod export_file;
mod forensics;
mod hotspots;
mod lock;
mod locks;
mod node;
mod quota;
pub mod rails;
mod recursive;
mod session;
mod shell;
mod txn;
mod ui;
mod value;
mod watch_run;
mod watching;

pub use edit::run_editor;
pub use explore::glob_to_regex;
pub use export_file::{ExportFile, parse_export};
pub use node::{create_op, set_op};
pub use value::{STDIN_IS_SCRIPT, STDIN_IS_TTY, STDIN_IS_UI};

use std::ffi::OsString;

use clap::{Args, FromArgMatches, Parser};

use crate::client::Watch;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::reply::Reply;
use crate::session::WatchKind;

// Every command zksh knows. The same enum parses argv (`zksh get /a`) and REPL lines; `commands!`
// (see `named`) also gives each command a grammar of its own, for a one-shot argv. Plain
// comments: clap would take a doc comment here for the root command's `about`.
//
// `defer`: each command's flags and arguments are added to the clap tree only when that command
// is parsed (or its help shown, or the tree walked after `Command::build`), so a one-shot
// `zksh get /a` does not build the other commands' arguments (issue 10). Code that reads a
// command's arguments from the tree must call `build` first.
commands! {
#[command(defer = true)]
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
    /// Take a lock as kazoo or Curator does and run CMD while holding it (exit 9: busy)
    Lock(lock::LockArgs),
    /// Campaign for leadership as kazoo or Curator does and run CMD while leader
    Elect(lock::ElectArgs),
    /// The holder and waiters of a lock (or an election), in order, for either dialect
    Locks(locks::LocksArgs),
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
    /// Print a node's ACL (scheme:id:perms per line)
    #[command(name = "getAcl", visible_alias = "getacl")]
    GetAcl(acl::GetAclArgs),
    /// Set a node's ACL (-R: the whole tree)
    #[command(name = "setAcl", visible_alias = "setacl")]
    SetAcl(acl::SetAclArgs),
    /// Turn user:password into the digest id that digest ACLs name
    Digest(acl::DigestArgs),
    /// The identities this session is authenticated as
    Whoami,
    /// Ephemeral nodes of this session
    #[command(name = "getEphemerals", visible_alias = "ephemerals")]
    GetEphemerals(admin::PrefixArgs),
    /// Number of nodes below a node (getAllChildrenNumber)
    #[command(visible_alias = "getAllChildrenNumber")]
    Count(PathArg),
    /// Make the connected server catch up with the leader
    Sync(PathArg),
    /// Print the ensemble's dynamic configuration (/zookeeper/config)
    Config(config::ConfigArgs),
    /// Change the ensemble's membership (zkCli flags: -add, -remove, -members, -file, -v)
    Reconfig(config::ReconfigArgs),
    /// Set a quota on a node (zkCli 3.8: -n/-b soft, -N/-B hard count/bytes)
    Setquota(quota::SetquotaArgs),
    /// Print a node's quota and its usage
    Listquota(PathArg),
    /// Remove a node's quota (or only the limits flagged)
    Delquota(quota::DelquotaArgs),
    /// Send a four-letter word to every member (srvr, mntr, ruok, cons, stat, envi, wchs)
    #[command(name = "4lw")]
    FourLetter(admin::WordArgs),
    /// Server details from every member (4lw srvr)
    Srvr,
    /// Monitoring values from every member (4lw mntr)
    Mntr,
    /// Is each member running? (4lw ruok)
    Ruok,
    /// Connections on every member (4lw cons)
    Cons,
    /// Environment of every member (4lw envi)
    Envi,
    /// Watches on every member (4lw wchs)
    Wchs,
    /// One table of every member: mode, zxid, latency, connections, znodes
    Cluster,
    /// Draw the tree below a node
    Tree(explore::TreeArgs),
    /// Find nodes by name (glob, or --regex) below a node
    Find(explore::FindArgs),
    /// Search node values (regular expression; binary-safe)
    Grep(explore::GrepArgs),
    /// Bytes and node counts per child, largest first
    Du(explore::DuArgs),
    /// Copy a node (-r: a tree), also to another cluster (zk://host:port/path)
    Cp(compare::CopyArgs),
    /// Move a tree within the cluster (atomic when it fits in one multi)
    Mv(compare::MoveArgs),
    /// Save a tree (data, ACLs, node types) to a JSON file
    Export(backup::ExportArgs),
    /// Restore a tree from an export file
    Import(backup::ImportArgs),
    /// Compare two trees (paths, zk://host/path, or export files)
    Diff(compare::DiffArgs),
    /// Apply create/set/delete/check ops as one atomic transaction
    Txn(txn::TxnArgs),
    /// Edit a value in $VISUAL/$EDITOR (written back with compare-and-set)
    Edit(edit::EditArgs),
    /// Print ZooKeeper transaction logs, one line a transaction (offline; no server)
    Txnlog(forensics::TxnlogArgs),
    /// The widest nodes, largest values, deepest paths and biggest subtrees
    Hotspots(hotspots::HotspotsArgs),
    /// ACL tools: `acl audit [PATH]`
    #[command(subcommand)]
    Acl(audit::AclCommand),
    /// The last writes to a node (-R: below it), from the transaction logs
    Blame(blame::BlameArgs),
    /// An ephemeral's owner session and its client address; or a session's ephemerals
    Who(blame::WhoArgs),
    /// List the config file's contexts (the current one marked *)
    Contexts,
    /// Switch to another context of the config file (its servers, credentials and rails)
    Use(contexts::UseArgs),
    /// Browse the tree full-screen: live, paged, with a preview and the command line on `:`
    Ui(ui::UiArgs),
    /// Change the current node
    Cd(shell::CdArgs),
    /// Print the current node
    Pwd,
    /// Connect to other servers (closes the current session)
    Connect(shell::ConnectArgs),
    /// Close the session
    Close,
    /// Open a new session to the same servers (after `close`, or to drop this one's ephemerals)
    Reconnect,
    /// Clear the screen (in the interactive shell; elsewhere it does nothing)
    Clear,
    /// Print the command history
    History,
    /// Run line N of `history` again (REPL only)
    Redo(shell::RedoArgs),
    /// Print zksh's version
    Version,
    /// Help on commands
    Help(shell::HelpArgs),
    /// Leave the shell
    #[command(visible_alias = "exit")]
    Quit,
}
}

/// A REPL or script line: the command name comes first, as in argv after the global options.
#[derive(Parser, Debug)]
#[command(multicall = true, disable_help_subcommand = true)]
#[group(skip)]
pub struct Line {
    #[command(subcommand)]
    pub command: Command,
}

/// zkCli's single-dash long flags, which clap cannot take: `reconfig -add S` is `--add S`.
const SINGLE_DASH_FLAGS: &[(&str, &[&str])] =
    &[("reconfig", &["-add", "-remove", "-members", "-file"])];

/// Rewrites zkCli's single-dash long flags of the command in `words[0]` to `--flag`.
fn rewrite_single_dash(words: &mut [String]) {
    let Some((name, rest)) = words.split_first_mut() else {
        return;
    };
    for (_, flags) in SINGLE_DASH_FLAGS.iter().filter(|(c, _)| c == name) {
        for w in rest.iter_mut().filter(|w| flags.contains(&w.as_str())) {
            w.insert(0, '-');
        }
    }
}

/// The one-shot argv form of `rewrite_single_dash` (`zksh reconfig -add S`), tried when argv
/// failed to parse; `None` when there is nothing to rewrite.
pub fn rewrite_argv_flags(argv: &[OsString]) -> Option<Vec<OsString>> {
    let i = argv
        .iter()
        .position(|a| SINGLE_DASH_FLAGS.iter().any(|(c, _)| a.to_str() == Some(c)))?;
    let mut words: Vec<String> = argv[i..]
        .iter()
        .map(|a| a.to_str().map(str::to_string))
        .collect::<Option<_>>()?;
    rewrite_single_dash(&mut words);
    if words
        .iter()
        .zip(&argv[i..])
        .all(|(w, a)| a.to_str() == Some(w))
    {
        return None;
    }
    let mut out = argv[..i].to_vec();
    out.extend(words.into_iter().map(OsString::from));
    Some(out)
}

/// zkCli.sh spellings that are not plain aliases of one subcommand.
fn rewrite_aliases(mut words: Vec<String>) -> Vec<String> {
    rewrite_single_dash(&mut words);
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

/// The one-shot argv form of `rewrite_aliases` (`zksh -s HOST ls2 /a`): `argv` failed to parse
/// with the unknown command `name`; rewrite it there if it is a zkCli spelling.
pub fn rewrite_argv_alias(argv: &[OsString], name: &str) -> Option<Vec<OsString>> {
    let i = argv.iter().position(|a| a.to_str() == Some(name))?;
    let words = rewrite_aliases(vec![name.to_string()]);
    if words == [name] {
        return None;
    }
    let mut out = argv[..i].to_vec();
    out.extend(words.into_iter().map(OsString::from));
    out.extend_from_slice(&argv[i + 1..]);
    Some(out)
}

/// What parsing a line gave: a command, or help text clap produced (`get --help`).
pub enum Parsed {
    Command(Command),
    Help(String),
}

/// Parses one command's words with the shared grammar.
pub fn parse(words: Vec<String>) -> Result<Parsed> {
    if let Some(name) = words.first().filter(|w| w.len() > 200) {
        // No command is named that long, and clap's "did you mean" takes seconds on such a word.
        return Err(Error::usage(format!(
            "unrecognized subcommand '{}'",
            shorten(name)
        )));
    }
    let long: Vec<String> = words.iter().filter(|w| w.len() > 200).cloned().collect();
    let parsed = line_grammar()
        .try_get_matches_from_mut(rewrite_aliases(words))
        .and_then(|mut m| Line::from_arg_matches_mut(&mut m));
    match parsed {
        Ok(line) => Ok(Parsed::Command(line.command)),
        Err(e) => match e.kind() {
            clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                Ok(Parsed::Help(e.render().to_string()))
            }
            _ => Err(Error::Usage(elide(
                e.render()
                    .to_string()
                    .trim_end()
                    .trim_start_matches("error: "),
                &long,
            ))),
        },
    }
}

/// The line grammar, built once: building clap's command tree (every subcommand and flag) costs
/// hundreds of microseconds, far more than matching one line against it.
fn line_grammar() -> std::sync::MutexGuard<'static, clap::Command> {
    static GRAMMAR: std::sync::OnceLock<std::sync::Mutex<clap::Command>> =
        std::sync::OnceLock::new();
    GRAMMAR
        .get_or_init(|| std::sync::Mutex::new(<Line as clap::CommandFactory>::command()))
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Clap quotes an offending word back in full: a megabyte of garbage on a script line must not
/// come back as a megabyte of error message.
fn elide(msg: &str, long: &[String]) -> String {
    long.iter().fold(msg.to_string(), |msg, w| {
        msg.replace(w.as_str(), &shorten(w))
    })
}

/// The start of a long word and its length.
fn shorten(w: &str) -> String {
    let head: String = w.chars().take(40).collect();
    format!("{head}... ({} bytes)", w.len())
}

impl Command {
    /// Reads that leave nothing behind in the session (no ephemerals; a one-shot watch has
    /// fired before the command returns), so a one-shot run need not wait for its close.
    pub fn leaves_nothing(&self) -> bool {
        matches!(
            self,
            Command::Get(_)
                | Command::Stat(_)
                | Command::Exists(_)
                | Command::Ls(_)
                | Command::GetAcl(_)
                | Command::Count(_)
                | Command::Tree(_)
                | Command::Find(_)
                | Command::Grep(_)
                | Command::Du(_)
                | Command::Listquota(_)
                | Command::Whoami
        )
    }

    /// Commands of a request or two holding a few values, done once their reply is in (no
    /// watch to wait for): a one-shot run of one starts lighter (see `run::main`). Not the tree
    /// commands, which keep many requests in flight and stream their output.
    pub fn is_small(&self) -> bool {
        match self {
            Command::Ls(a) => !a.recursive && !a.watch,
            Command::Delete(a) => !a.recursive,
            Command::Get(a) => !a.watch,
            Command::Stat(a) => !a.watch,
            Command::Exists(a) => !a.watch,
            Command::Set(_)
            | Command::Create(_)
            | Command::GetAcl(_)
            | Command::Count(_)
            | Command::Sync(_)
            | Command::Listquota(_)
            | Command::Whoami
            | Command::Session
            | Command::Version => true,
            _ => false,
        }
    }
}

/// Whether the line should never reach the history file (it carries credentials): `addauth`,
/// `digest user:password`, `--auth`/`--sasl-*` flags, and connect strings with a `user:pw@`.
pub fn is_secret(words: &[String]) -> bool {
    let first = words.first().map(String::as_str);
    matches!(first, Some("addauth" | "digest"))
        || words
            .iter()
            .any(|w| w == "addauth" || w.starts_with("--auth") || w.starts_with("--sasl"))
        || (matches!(first, Some("connect" | "reconnect")) && words.iter().any(|w| w.contains('@')))
}

/// Runs one command: its reply is rendered, then gives the command's result.
pub async fn run(ctx: &mut Ctx, cmd: Command) -> Result<()> {
    rails::check(ctx, &cmd)?;
    let reply = reply(ctx, cmd).await?;
    ctx.out.show(&reply)?;
    reply.end()
}

/// What one command gives back.
async fn reply(ctx: &mut Ctx, cmd: Command) -> Result<Reply> {
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
        Command::Lock(a) => lock::lock(ctx, a).await,
        Command::Elect(a) => lock::elect(ctx, a).await,
        Command::Locks(a) => locks::locks(ctx, a).await,
        Command::Watches => watching::watches(ctx).await,
        Command::Unwatch(a) => watching::unwatch(ctx, a).await,
        Command::Printwatches(a) => watching::printwatches(ctx, a).await,
        Command::Wait(a) => watching::wait(ctx, a).await,
        Command::Session => session::session(ctx).await,
        Command::Addauth(a) => session::addauth(ctx, a).await,
        Command::GetAcl(a) => acl::get_acl(ctx, a).await,
        Command::SetAcl(a) => acl::set_acl(ctx, a).await,
        Command::Digest(a) => acl::digest(a),
        Command::Whoami => acl::whoami(ctx).await,
        Command::GetEphemerals(a) => admin::ephemerals(ctx, a).await,
        Command::Count(a) => admin::count(ctx, a.path).await,
        Command::Sync(a) => admin::sync(ctx, a.path).await,
        Command::Config(a) => config::config(ctx, a).await,
        Command::Reconfig(a) => config::reconfig(ctx, a).await,
        Command::Setquota(a) => quota::setquota(ctx, a).await,
        Command::Listquota(a) => quota::listquota(ctx, a.path).await,
        Command::Delquota(a) => quota::delquota(ctx, a).await,
        Command::FourLetter(a) => admin::word(ctx, &a.word).await,
        Command::Srvr => admin::word(ctx, "srvr").await,
        Command::Mntr => admin::word(ctx, "mntr").await,
        Command::Ruok => admin::word(ctx, "ruok").await,
        Command::Cons => admin::word(ctx, "cons").await,
        Command::Envi => admin::word(ctx, "envi").await,
        Command::Wchs => admin::word(ctx, "wchs").await,
        Command::Cluster => admin::cluster(ctx).await,
        Command::Tree(a) => explore::tree(ctx, a).await,
        Command::Find(a) => explore::find(ctx, a).await,
        Command::Grep(a) => explore::grep(ctx, a).await,
        Command::Du(a) => explore::du(ctx, a).await,
        Command::Cp(a) => compare::cp(ctx, a).await,
        Command::Mv(a) => compare::mv(ctx, a).await,
        Command::Export(a) => backup::export(ctx, a).await,
        Command::Import(a) => backup::import(ctx, a).await,
        Command::Diff(a) => compare::diff(ctx, a).await,
        Command::Txn(a) => txn::txn(ctx, a).await,
        Command::Edit(a) => edit::edit(ctx, a).await,
        Command::Txnlog(a) => forensics::txnlog(ctx, a).await.map(|()| Reply::Shown),
        Command::Hotspots(a) => hotspots::hotspots(ctx, a).await,
        Command::Acl(c) => audit::acl(ctx, c).await,
        Command::Blame(a) => blame::blame(ctx, a).await.map(|()| Reply::Shown),
        Command::Who(a) => blame::who(ctx, a).await.map(|()| Reply::Shown),
        Command::Contexts => contexts::contexts(ctx),
        Command::Use(a) => contexts::use_context(ctx, a).await,
        Command::Ui(a) => ui::ui(ctx, a).await,
        Command::Cd(a) => shell::cd(ctx, a).await,
        Command::Pwd => shell::pwd(ctx),
        Command::Connect(a) => shell::connect(ctx, a).await,
        Command::Close => shell::close(ctx).await,
        Command::Reconnect => shell::reconnect(ctx).await,
        Command::Clear => shell::clear(ctx),
        Command::History => shell::history(ctx),
        Command::Redo(a) => shell::redo(ctx, a).await,
        Command::Version => shell::version(),
        Command::Help(a) => shell::help(a),
        Command::Quit => {
            ctx.quit = true;
            Ok(Reply::done("quit", []))
        }
    }
}

/// A reply, then the event of the one-shot watch set with it: the reply is shown first, and the
/// command ends when the event has (in the REPL it prints later, inline).
pub(super) async fn then_follow(
    ctx: &mut Ctx,
    reply: Reply,
    path: &str,
    kind: WatchKind,
    watch: Option<Watch>,
) -> Result<Reply> {
    let Some(w) = watch else { return Ok(reply) };
    ctx.out.show(&reply)?;
    ctx.follow(path, kind, w).await?;
    reply.end().map(|_| Reply::Shown)
}

// A path argument shared by most commands. A plain comment, not a doc comment: with the
// commands' arguments deferred (see `Command`), an `Args` struct's doc would become the `about`
// of every command using it, over the command's own.
#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct PathArg {
    /// Node path (absolute, or relative to the current node)
    pub path: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `Args` struct carries `#[group(skip)]`: clap's implicit group per struct is used by
    /// nothing here, and clap looks each one up for every argument it matches (8% of a one-shot
    /// argv parse). Only groups declared by name remain.
    #[test]
    fn no_implicit_argument_groups() {
        let mut all = <crate::cli::Cli as clap::CommandFactory>::command();
        all.build();
        let named = ["limit", "change"];
        let mut groups: Vec<String> = all.get_groups().map(|g| g.get_id().to_string()).collect();
        for sub in all.get_subcommands() {
            groups.extend(
                sub.get_groups()
                    .map(|g| format!("{}: {}", sub.get_name(), g.get_id())),
            );
        }
        groups.retain(|g| !named.iter().any(|n| g.ends_with(&format!(": {n}"))));
        assert!(groups.is_empty(), "add #[group(skip)] to: {groups:?}");
    }

    fn error(words: &[String]) -> String {
        match parse(words.to_vec()) {
            Err(e) => e.to_string(),
            Ok(_) => panic!("{:?} parsed", &words[0][..10]),
        }
    }

    /// Parsing is per script line, so it must cost microseconds (issue 10).
    /// `cargo test --release --lib parse_cost -- --ignored --nocapture` prints the figure.
    #[test]
    #[ignore = "a micro-benchmark; run it on its own"]
    fn parse_cost() {
        let n = 2000;
        let started = std::time::Instant::now();
        for i in 0..n {
            let words = vec!["create".into(), "-p".into(), format!("/a/b{i}"), "v".into()];
            assert!(matches!(
                parse(words),
                Ok(Parsed::Command(Command::Create(_)))
            ));
        }
        println!("parse: {:?} per line", started.elapsed() / n);
    }

    #[test]
    fn huge_words_are_elided_from_errors() {
        let e = error(&["q".repeat(1 << 20)]);
        assert!(
            e.contains("'qqqq") && e.ends_with("... (1048576 bytes)'"),
            "{e}"
        );
        let e = error(&["get".into(), format!("--{}", "y".repeat(5000))]);
        assert!(e.contains("(5002 bytes)") && e.len() < 1000, "{e}");
    }
}

#[cfg(test)]
mod secret_tests {
    use super::*;

    fn secret(line: &str) -> bool {
        crate::line::split(line)
            .unwrap()
            .iter()
            .any(|w| is_secret(w))
    }

    #[test]
    fn credentials_are_secret_and_plain_lines_are_not() {
        for l in [
            "addauth digest u:p",
            "digest u:p",
            "ls /; digest u:p",
            "connect u:p@zk1:2181",
            "connect --auth digest:u:p zk1",
            "get --sasl-user x /a",
        ] {
            assert!(secret(l), "{l}");
        }
        for l in ["ls /", "connect zk1:2181", "get /digest", "create /a b@c"] {
            assert!(!secret(l), "{l}");
        }
    }
}

#[cfg(test)]
mod help_tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_positional_argument_has_help() {
        let mut line = Line::command();
        line.build();
        for c in line.get_subcommands() {
            for a in c.get_arguments().filter(|a| a.is_positional()) {
                assert!(
                    a.get_help().is_some(),
                    "{} {}: no help text",
                    c.get_name(),
                    a.get_id()
                );
            }
        }
    }
}
