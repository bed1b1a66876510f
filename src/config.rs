//! Flags, environment and terminal facts resolved once; command code never asks the terminal.

use std::io::IsTerminal;
use std::time::Duration;

use std::sync::Arc;

use crate::cli::{ColorWhen, Format, Options, parse_duration};
use crate::client::ConnectOptions;
use crate::contexts::secret::{SECRET_VARS, Source};
use crate::contexts::{Context, Loaded};
use crate::error::{Error, Result};
use crate::secure::{Sasl, Tls};

const DEFAULT_SERVERS: &str = "127.0.0.1:2181";
const DEFAULT_SESSION_TIMEOUT: Duration = Duration::from_secs(30);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

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
    /// The context in use (name, prompt colour), if any.
    pub context: Option<(String, Option<String>)>,
    /// Refuse every write before anything is sent (--no-write, a read-only context).
    pub no_write: bool,
    /// Writes at or under these paths need `force` (scripts) or a typed confirmation (REPL).
    pub protect: Vec<String>,
    /// --force: protected paths may be written in scripts.
    pub force: bool,
    /// The REPL asks before every write.
    pub confirm_writes: bool,
    /// Per-path decoding rules of the config file's `[decode]` table, compiled.
    pub decode: crate::decode::Rules,
    /// Environment variables secrets were read from: no child may inherit them.
    pub secret_vars: Vec<String>,
    /// The flags this run was given, for `use NAME` (a new context under the same flags).
    pub flags: Flags,
}

/// The parsed command line, kept for `use`; never shown (it may hold credentials).
#[derive(Clone)]
pub struct Flags(pub Arc<Options>);

impl std::fmt::Debug for Flags {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<flags>")
    }
}

/// Credentials from --auth, $ZKSH_AUTH (one per line) and --auth-file (one per line); when none
/// is given, the context's.
fn auths(opts: &Options, ctx: &Chosen) -> Result<Vec<(String, Vec<u8>)>> {
    let mut lines: Vec<String> = opts.auth.clone();
    if let Ok(env) = std::env::var("ZKSH_AUTH") {
        lines.extend(env.lines().map(str::to_string));
    }
    if let Some(f) = &opts.auth_file {
        let text = std::fs::read_to_string(f)
            .map_err(|e| Error::usage(format!("--auth-file {f}: {e}")))?;
        lines.extend(text.lines().map(str::to_string));
    }
    if lines.is_empty() {
        return ctx.auths();
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

/// TLS settings when any --tls* flag is given, else the context's.
fn tls(opts: &Options, ctx: &Chosen) -> Result<Option<Tls>> {
    let (ca, cert, key) = (
        opts.tls_ca.as_deref(),
        opts.tls_cert.as_deref(),
        opts.tls_key.as_deref(),
    );
    if !opts.tls && ca.is_none() && cert.is_none() {
        return ctx.tls();
    }
    Tls::load(ca, cert, key).map(Some)
}

/// The context chosen for this run (or none), with the file it came from.
struct Chosen {
    loaded: Loaded,
    it: Option<(String, Context)>,
}

impl Chosen {
    fn get(&self) -> Option<&Context> {
        self.it.as_ref().map(|(_, c)| c)
    }

    fn what(&self, key: &str) -> String {
        let name = self.it.as_ref().map_or("", |(n, _)| n.as_str());
        format!("{} [contexts.{name}] {key}", self.loaded.shown_path())
    }

    fn duration(&self, key: &str, v: Option<&String>) -> Result<Option<Duration>> {
        v.map(|s| parse_duration(s).map_err(|e| Error::usage(format!("{}: {e}", self.what(key)))))
            .transpose()
    }

    fn auths(&self) -> Result<Vec<(String, Vec<u8>)>> {
        let Some(c) = self.get() else {
            return Ok(Vec::new());
        };
        c.auth
            .iter()
            .map(|a| {
                let what = self.what("auth");
                let src = Source::one(
                    &what,
                    a.env.as_deref(),
                    a.file.as_deref(),
                    a.command.as_deref(),
                    |f| self.loaded.relative(f),
                )?;
                Ok((a.scheme.clone(), src.read(&what)?.into_bytes()))
            })
            .collect()
    }

    fn tls(&self) -> Result<Option<Tls>> {
        let Some(t) = self.get().and_then(|c| c.tls.as_ref()) else {
            return Ok(None);
        };
        let rel = |p: &Option<String>| p.as_deref().map(|p| self.loaded.relative(p));
        let (ca, cert, key) = (rel(&t.ca), rel(&t.cert), rel(&t.key));
        Tls::load(ca.as_deref(), cert.as_deref(), key.as_deref())
            .map(Some)
            .map_err(|e| Error::usage(format!("{}: {e}", self.what("tls"))))
    }

    fn sasl(&self) -> Result<Option<Sasl>> {
        let Some(s) = self.get().and_then(|c| c.sasl.as_ref()) else {
            return Ok(None);
        };
        let what = self.what("sasl");
        let src = Source::one(
            &what,
            s.password_env.as_deref(),
            s.password_file.as_deref(),
            s.password_command.as_deref(),
            |f| self.loaded.relative(f),
        )?;
        Ok(Some(Sasl::new(&s.user, src.read(&what)?)))
    }

    /// The environment variables the context reads secrets from.
    fn secret_vars(&self) -> Vec<String> {
        let Some(c) = self.get() else {
            return Vec::new();
        };
        let sasl = c.sasl.iter().filter_map(|s| s.password_env.clone());
        c.auth
            .iter()
            .filter_map(|a| a.env.clone())
            .chain(sasl)
            .collect()
    }
}

impl Config {
    /// How results are shaped, for every printer of this run.
    pub fn output(&self) -> crate::output::Output {
        crate::output::Output {
            json: self.json,
            tty: self.stdout_tty,
            err_tty: self.stderr_tty,
            quiet: self.quiet,
            verbose: self.verbose,
        }
    }

    /// The configuration of a run: flags, then the environment, then the context chosen by
    /// --context / $ZKSH_CONTEXT / the file's `default`.
    pub fn from_options(opts: &Options) -> Result<Config> {
        Config::with_context(opts, opts.context.as_deref())
    }

    /// The configuration under the flags of `opts` with the context `name` (for `use`).
    pub fn with_context(opts: &Options, name: Option<&str>) -> Result<Config> {
        let loaded = Loaded::read()?;
        let it = loaded.choose(name)?;
        let ctx = Chosen { loaded, it };
        let c = ctx.get().cloned().unwrap_or_default();
        let servers = opts
            .server
            .clone()
            .or(c.servers.clone())
            .unwrap_or_else(|| DEFAULT_SERVERS.into());
        let session_timeout = match opts.session_timeout {
            Some(t) => t,
            None => ctx
                .duration("session_timeout", c.session_timeout.as_ref())?
                .unwrap_or(DEFAULT_SESSION_TIMEOUT),
        };
        let connect_timeout = match opts.connect_timeout {
            Some(t) => t,
            None => ctx
                .duration("connect_timeout", c.connect_timeout.as_ref())?
                .unwrap_or(DEFAULT_CONNECT_TIMEOUT),
        };
        let stdout_tty = std::io::stdout().is_terminal();
        let color = match opts.color {
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
        let request_timeout = opts.timeout.unwrap_or(session_timeout.max(connect_timeout));
        let sasl = match &opts.sasl_user {
            Some(u) => Some(Sasl::load(u, opts.sasl_password_file.as_deref())?),
            None => ctx.sasl()?,
        };
        Ok(Config {
            connect: ConnectOptions {
                auths: auths(opts, &ctx)?,
                servers,
                session_timeout,
                connect_timeout,
                request_timeout,
                read_only: opts.read_only,
                packet_limit: opts.jute_maxbuffer,
                snapshot: opts
                    .snapshot
                    .as_ref()
                    .map(|p| crate::client::offline::Source {
                        path: p.into(),
                        at: opts.at,
                    }),
                tls: tls(opts, &ctx)?,
                sasl,
            },
            json: opts.output == Format::Json,
            color,
            stdout_tty,
            stdin_tty: std::io::stdin().is_terminal(),
            stderr_tty: std::io::stderr().is_terminal(),
            timeout: opts.timeout,
            keep_going: opts.keep_going,
            quiet: opts.quiet,
            verbose: opts.verbose,
            no_write: opts.no_write || c.read_only,
            protect: c.protect.clone(),
            force: opts.force,
            confirm_writes: c.confirm,
            decode: ctx.loaded.decode_rules()?,
            secret_vars: SECRET_VARS
                .iter()
                .map(|v| v.to_string())
                .chain(ctx.secret_vars())
                .collect(),
            context: ctx.it.as_ref().map(|(n, c)| (n.clone(), c.color.clone())),
            flags: Flags(Arc::new(opts.clone())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
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
        let cfg = Config::from_options(&cli.options).unwrap();
        let shown = format!("{cfg:?}");
        assert!(shown.contains("digest:<redacted>"), "{shown}");
        assert!(!shown.contains("topsecret"), "{shown}");
    }
}
