//! Named contexts (kubectl's habit): a TOML file at `$ZKSH_CONFIG`, else
//! `$XDG_CONFIG_HOME/zksh/config.toml` (`~/.config/zksh/config.toml`), holding per ensemble its
//! servers, timeouts, caution (read-only, protected paths, confirmation), prompt colour, and
//! where its secrets are — never the secrets themselves (see `secret`). Flags beat the
//! environment, which beats the file; `config` merges them.

pub mod secret;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The config file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// The context used when none is named.
    pub default: Option<String>,
    #[serde(default)]
    pub contexts: BTreeMap<String, Context>,
    /// Per-path value decoding rules: glob = encoding.
    #[serde(default)]
    pub decode: BTreeMap<String, String>,
}

/// One named ensemble.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Context {
    /// The -s syntax, chroot included.
    pub servers: Option<String>,
    pub session_timeout: Option<String>,
    pub connect_timeout: Option<String>,
    /// Refuse every write (as --no-write).
    #[serde(default)]
    pub read_only: bool,
    /// Writes at or under these paths need --force (scripts) or a typed confirmation (REPL).
    #[serde(default)]
    pub protect: Vec<String>,
    /// The REPL asks before every write.
    #[serde(default)]
    pub confirm: bool,
    /// The prompt colour of the context's name.
    pub color: Option<String>,
    #[serde(default)]
    pub auth: Vec<secret::Auth>,
    pub tls: Option<TlsFiles>,
    pub sasl: Option<secret::SaslLogin>,
}

/// TLS files of a context; relative paths are relative to the config file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TlsFiles {
    pub ca: Option<String>,
    pub cert: Option<String>,
    pub key: Option<String>,
}

/// The config file's path, whether or not it exists.
pub fn path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("ZKSH_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("zksh").join("config.toml"))
}

/// The loaded file and where it is.
#[derive(Debug, Default)]
pub struct Loaded {
    pub path: Option<PathBuf>,
    pub file: File,
}

impl Loaded {
    /// Reads the config file; a missing one is an empty file, a broken one exit 2 naming the
    /// file, line and key. `$ZKSH_CONFIG` naming a file that does not exist is an error too.
    pub fn read() -> Result<Loaded> {
        let Some(path) = path() else {
            return Ok(Loaded::default());
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound
                    && std::env::var_os("ZKSH_CONFIG").is_none() =>
            {
                return Ok(Loaded::default());
            }
            Err(e) => {
                return Err(Error::usage(format!("{}: {e}", path.display())));
            }
        };
        let file = parse(&path, &text)?;
        Ok(Loaded {
            path: Some(path),
            file,
        })
    }

    /// The context to use: `--context`/`$ZKSH_CONTEXT` (`named`), else the file's `default`;
    /// `None` when neither names one. A name the file lacks is a usage error.
    pub fn choose(&self, named: Option<&str>) -> Result<Option<(String, Context)>> {
        let Some(name) = named.or(self.file.default.as_deref()) else {
            return Ok(None);
        };
        match self.file.contexts.get(name) {
            Some(c) => Ok(Some((name.to_string(), c.clone()))),
            None => Err(Error::usage(format!(
                "no context {name:?} in {} (known: {})",
                self.shown_path(),
                self.names().join(", ")
            ))),
        }
    }

    pub fn names(&self) -> Vec<String> {
        self.file.contexts.keys().cloned().collect()
    }

    pub fn shown_path(&self) -> String {
        self.path
            .as_ref()
            .map_or("(no config file)".into(), |p| p.display().to_string())
    }

    /// A path named in the file, relative to the file's directory.
    pub fn relative(&self, p: &str) -> String {
        match self.path.as_ref().and_then(|f| f.parent()) {
            Some(dir) if Path::new(p).is_relative() => dir.join(p).display().to_string(),
            _ => p.to_string(),
        }
    }
}

/// Parses the file; errors name the file, the line and what is wrong (the key included).
pub fn parse(path: &Path, text: &str) -> Result<File> {
    toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let at = line.map(|l| format!(":{l}")).unwrap_or_default();
        let msg = e.message().trim_end().to_string();
        Error::usage(format!("{}{at}: {msg}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken(text: &str) -> String {
        parse(Path::new("/c.toml"), text).unwrap_err().to_string()
    }

    #[test]
    fn the_documented_form_parses() {
        let f = parse(
            Path::new("c.toml"),
            r#"
default = "dev"
[contexts.dev]
servers = "zk1:2181,zk2:2181/app"
session_timeout = "30s"
connect_timeout = "10s"
read_only = false
protect = ["/kafka"]
confirm = false
color = "green"
auth = [ { scheme = "digest", env = "DEV_ZK_AUTH" } ]
tls = { ca = "ca.pem", cert = "client.pem", key = "client.key" }
sasl = { user = "bob", password_env = "BOB_PW" }
[decode]
"/app/**" = "gzip+json"
"#,
        )
        .unwrap();
        let dev = &f.contexts["dev"];
        assert_eq!(dev.servers.as_deref(), Some("zk1:2181,zk2:2181/app"));
        assert_eq!(dev.protect, ["/kafka"]);
        assert_eq!(dev.auth[0].env.as_deref(), Some("DEV_ZK_AUTH"));
        assert_eq!(f.decode["/app/**"], "gzip+json");
    }

    #[test]
    fn errors_name_the_file_line_and_key() {
        let e = broken("default = \"a\"\n[contexts.a]\nserver = \"x\"\n");
        assert!(e.starts_with("/c.toml:3: "), "{e}");
        assert!(e.contains("server"), "{e}");
        let e = broken("[contexts.a]\nread_only = \"yes\"\n");
        assert!(e.starts_with("/c.toml:2: ") && e.contains("bool"), "{e}");
        let e = broken("[contexts.a\n");
        assert!(e.starts_with("/c.toml:1"), "{e}");
    }
}
