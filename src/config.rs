//! Flags, environment and terminal facts resolved once; command code never asks the terminal.

use std::io::IsTerminal;
use std::time::Duration;

use crate::cli::{Cli, ColorWhen, Format};
use crate::client::ConnectOptions;

#[derive(Clone, Debug)]
pub struct Config {
    pub connect: ConnectOptions,
    pub json: bool,
    pub color: bool,
    pub stdout_tty: bool,
    pub stdin_tty: bool,
    pub stderr_tty: bool,
    /// Per-command bound, watch waits included.
    pub timeout: Option<Duration>,
    pub keep_going: bool,
    pub quiet: bool,
    pub verbose: bool,
}

impl Config {
    pub fn from_cli(cli: &Cli, servers: String) -> Config {
        let stdout_tty = std::io::stdout().is_terminal();
        let color = match cli.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                stdout_tty
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        };
        // `colored` has its own env logic (stdout only, CLICOLOR_FORCE beating NO_COLOR); ours wins.
        colored::control::set_override(color);
        // A request waits while the connection is down; bound it so nothing hangs forever.
        let request_timeout = cli
            .timeout
            .unwrap_or(cli.session_timeout.max(cli.connect_timeout));
        Config {
            connect: ConnectOptions {
                servers,
                session_timeout: cli.session_timeout,
                connect_timeout: cli.connect_timeout,
                request_timeout,
                read_only: cli.read_only,
            },
            json: cli.output == Format::Json,
            color,
            stdout_tty,
            stdin_tty: std::io::stdin().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            timeout: cli.timeout,
            keep_going: cli.keep_going,
            quiet: cli.quiet,
            verbose: cli.verbose,
        }
    }
}
