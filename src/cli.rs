//! The program's own flags (clap derive). Commands live in `command`, shared with REPL lines.

use std::time::Duration;

use clap::{Args, Parser, ValueEnum};

use crate::command::Command;

/// zksh's version and the git revision it was built from (build.rs).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("ZKSH_GIT_REV"), ")");

/// The program's name, in its grammar and its messages.
pub const NAME: &str = "zksh";

// The command line: zksh's own options, then a command (none: a prompt or a script). A plain
// comment: a doc comment here would be the program's `about` in `--help`.
#[derive(Parser, Debug, Clone)]
#[command(name = NAME)]
#[group(skip)]
pub struct Cli {
    #[command(flatten)]
    pub options: Options,

    #[command(subcommand)]
    pub command: Option<Command>,
}

// zksh's own options, and the root command's settings (its `about` and help below, not this
// comment). A struct of their own so that a one-shot argv can be parsed with them and only the
// one command it names (`argv::try_parse`).
#[derive(Args, Debug, Clone)]
#[group(skip)]
#[command(
    version = VERSION,
    about = "An interactive shell for Apache ZooKeeper",
    long_about = "An interactive shell for Apache ZooKeeper.\n\n\
        Without a COMMAND, -c or -f it starts a prompt on a terminal, or reads a script from stdin.",
    disable_help_subcommand = true,
    after_help = "Run `zksh help` for the list of commands, `zksh help COMMAND` for one."
)]
pub struct Options {
    /// Servers: host[:port][,host[:port]...][/chroot]; port defaults to 2181 [default:
    /// the context's servers, else 127.0.0.1:2181]
    #[arg(short, long, env = "ZKSH_SERVER", value_name = "HOSTS")]
    pub server: Option<String>,

    /// A context of the config file ($ZKSH_CONFIG, else ~/.config/zksh/config.toml): its
    /// servers, timeouts, credentials, TLS files and safety rails (default: the file's `default`)
    #[arg(long, env = "ZKSH_CONTEXT", value_name = "NAME")]
    pub context: Option<String>,

    /// Session timeout (e.g. 30s, 1500ms) [default: the context's, else 30s]
    #[arg(long, value_parser = parse_duration, value_name = "DUR")]
    pub session_timeout: Option<Duration>,

    /// Give up connecting after this long (exit code 8) [default: the context's, else 10s]
    #[arg(long, value_parser = parse_duration, value_name = "DUR")]
    pub connect_timeout: Option<Duration>,

    /// Bound each command, watch waits included (exit code 8 when it runs out)
    #[arg(long, value_parser = parse_duration, value_name = "DUR")]
    pub timeout: Option<Duration>,

    /// Allow connecting to a read-only server
    #[arg(short = 'r', long)]
    pub read_only: bool,

    /// Refuse every command that would change the server, before anything is sent (exit 7)
    #[arg(long)]
    pub no_write: bool,

    /// Allow writes at or under the context's protected paths (scripts and one-shot commands)
    #[arg(long)]
    pub force: bool,

    /// The servers' jute.maxbuffer: larger requests are refused before they are sent
    #[arg(long, value_name = "BYTES", env = "ZKSH_JUTE_MAXBUFFER", default_value_t = crate::client::DEFAULT_PACKET_LIMIT, hide_env_values = true)]
    pub jute_maxbuffer: usize,

    /// Add credentials after connecting, SCHEME:CRED (repeatable; also $ZKSH_AUTH, --auth-file)
    #[arg(long, value_name = "SCHEME:CRED")]
    pub auth: Vec<String>,

    /// Read SCHEME:CRED lines from this file (keeps secrets out of `ps`)
    #[arg(long, value_name = "FILE")]
    pub auth_file: Option<String>,

    /// Connect with TLS, to a secureClientPort (implied by --tls-ca, --tls-cert, --tls-key). A
    /// server certificate the CA did not sign, or a port without TLS: exit 8; a client
    /// certificate the server refuses: exit 7
    #[arg(long)]
    pub tls: bool,

    /// CA certificates (PEM) that sign the server's certificate (default: the system's CAs)
    #[arg(long, value_name = "FILE")]
    pub tls_ca: Option<String>,

    /// Client certificate (PEM) for x509 authentication; needs --tls-key
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<String>,

    /// Private key (PEM) of --tls-cert
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<String>,

    /// Log in with SASL DIGEST-MD5 as USER; the password comes from $ZKSH_SASL_PASSWORD or
    /// --sasl-password-file (a refused login: exit 7)
    #[arg(long, value_name = "USER")]
    pub sasl_user: Option<String>,

    /// Read the SASL password from this file's first line (keeps it out of `ps` and history)
    #[arg(long, value_name = "FILE", requires = "sasl_user")]
    pub sasl_password_file: Option<String>,

    /// Run these commands (separated by ';'), then exit
    #[arg(
        short = 'c',
        long = "command",
        value_name = "CMDS",
        conflicts_with = "file"
    )]
    pub commands: Option<String>,

    /// Run a script file ('-' = stdin), then exit
    #[arg(short = 'f', long, value_name = "FILE")]
    pub file: Option<String>,

    /// Output format
    #[arg(short = 'o', long, value_enum, default_value_t = Format::Text)]
    pub output: Format,

    /// When to colour output
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// In scripts, keep going after a failed command
    #[arg(short = 'k', long)]
    pub keep_going: bool,

    /// Print less on stderr
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// Print more on stderr
    #[arg(short = 'v', long)]
    pub verbose: bool,

    /// Start a throwaway local ZooKeeper server, connect to it, remove it on exit (overrides
    /// -s and $ZKSH_SERVER)
    #[arg(long)]
    pub sandbox: bool,

    /// Read a snapshot file, or a data directory (its newest snapshot and the logs after it,
    /// replayed), instead of a server: every read works on it, every write is refused (exit 7)
    #[arg(long, value_name = "PATH", conflicts_with = "sandbox")]
    pub snapshot: Option<String>,

    /// With --snapshot DIR: stop the replay at this zxid (hex 0x.., or decimal)
    #[arg(long, value_name = "ZXID", requires = "snapshot", value_parser = parse_zxid)]
    pub at: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// A zxid as ZooKeeper prints it (`0x1a2b`) or as a decimal number.
pub fn parse_zxid(s: &str) -> Result<i64, String> {
    let parsed = match s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        Some(h) => u64::from_str_radix(h, 16).map(|z| z as i64),
        None => s.parse::<i64>(),
    };
    parsed.map_err(|_| format!("{s:?} is not a zxid (e.g. 0x100000005 or 4294967301)"))
}

/// Durations with a unit: `30s`, `1500ms`, `2m`, `1h 30m`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!("{s:?} needs a unit, e.g. {s}s or {s}ms"));
    }
    humantime::parse_duration(s).map_err(|e| format!("{s:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_need_units() {
        assert_eq!(parse_duration("30s").unwrap(), Duration::from_secs(30));
        assert_eq!(
            parse_duration("1500ms").unwrap(),
            Duration::from_millis(1500)
        );
        assert!(parse_duration("30").unwrap_err().contains("unit"));
        assert!(parse_duration("soon").is_err());
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
