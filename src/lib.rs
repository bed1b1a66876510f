//! zksh: an interactive shell for Apache ZooKeeper. The binary's modules live here so that
//! integration tests (completions drift check) can reach the clap definitions.

pub mod acl;
pub mod argv;
pub mod bulk;
pub mod child;
pub mod cli;
pub mod client;
pub mod command;
pub mod config;
pub mod context;
pub mod contexts;
pub mod decode;
pub mod error;
pub mod fourlw;
pub mod line;
pub mod offline;
pub mod output;
pub mod path;
pub mod recipe;
pub mod repl;
pub mod reply;
pub mod run;
pub mod sandbox;
pub mod script;
pub mod secure;
pub mod session;
pub mod signals;
#[cfg(unix)]
pub mod start;
pub mod tui;
pub mod watch;
