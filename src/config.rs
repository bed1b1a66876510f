//! Flags, environment and terminal facts resolved once; command code never asks the terminal.

use std::io::IsTerminal;
use std::time::Duration;

use crate::cli::{Cli, ColorWhen, Format};
use crate::client::ConnectOptions;
use crate::error::{Error, Result};
use crate::secure::{Sasl, Tls};

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

/// Credentials from --auth, $ZKSH_AUTH (one per line) and --auth-file (one per line).
fn auths(cli: &Cli) -> Result<Vec<(String, Vec<u8>)>> {
    let mut lines: Vec<String> = cli.auth.clone();
    if let Ok(env) = std::env::var("ZKSH_AUTH") {
        lines.extend(env.lines().map(str::to_string));
    }
    if let Some(f) = &cli.auth_file {
        let text = std::fs::read_to_string(f)
            .map_err(|e| Error::usage(format!("--auth-file {f}: {e}")))?;
        lines.extend(text.lines().map(str::to_string));
    }
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(':') {
            Some((scheme, cred)) if !scheme.is_empty() => {
                Ok((scheme.to_string(), cred.as_bytes().to_vec()))
            }
            // Never echo the credential itself.
            _ => Err(Error::usage(
                "an auth entry is not SCHEME:CRED (e.g. digest:user:password)",
            )),
        })
        .collect()
}

/// TLS settings when any --tls* flag is given.
fn tls(cli: &Cli) -> Result<Option<Tls>> {
    let (ca, cert, key) = (
        cli.tls_ca.as_deref(),
        cli.tls_cert.as_deref(),
        cli.tls_key.as_deref(),
    );
    if !cli.tls && ca.is_none() && cert.is_none() {
        return Ok(None);
    }
    Tls::load(ca, cert, key).map(Some)
}

impl Config {
    pub fn from_cli(cli: &Cli, servers: String) -> Result<Config> {
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
        Ok(Config {
            connect: ConnectOptions {
                auths: auths(cli)?,
                servers,
                session_timeout: cli.session_timeout,
                connect_timeout: cli.connect_timeout,
                request_timeout,
                read_only: cli.read_only,
                packet_limit: cli.jute_maxbuffer,
                snapshot: cli
                    .snapshot
                    .as_ref()
                    .map(|p| crate::client::offline::Source {
                        path: p.into(),
                        at: cli.at,
                    }),
                tls: tls(cli)?,
                sasl: cli
                    .sasl_user
                    .as_deref()
                    .map(|u| Sasl::load(u, cli.sasl_password_file.as_deref()))
                    .transpose()?,
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
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn debug_output_holds_no_credentials() {
        let pw = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(pw.path(), "sasl-topsecret\n").unwrap();
        let cli = Cli::try_parse_from([
            "zksh",
            "--auth",
            "digest:user:auth-topsecret",
            "--sasl-user",
            "bob",
            "--sasl-password-file",
            pw.path().to_str().unwrap(),
        ])
        .unwrap();
        let cfg = Config::from_cli(&cli, "127.0.0.1:2181".into()).unwrap();
        let shown = format!("{cfg:?}");
        assert!(shown.contains("digest:<redacted>"), "{shown}");
        assert!(!shown.contains("topsecret"), "{shown}");
    }
}
