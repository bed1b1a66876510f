//! Where a context's secrets come from: an environment variable, a file (its whole content,
//! surrounding whitespace ignored; refused unless only its owner can read it, as psql does with
//! `.pgpass`), or a command whose stdout is the secret. The file never holds them.

use std::os::unix::fs::PermissionsExt;

use serde::Deserialize;

use crate::error::{Error, Result};

/// The variables zksh reads secrets from itself; no child (`$EDITOR`, the sandbox's JVM, a
/// secret command) inherits them.
pub const SECRET_VARS: &[&str] = &["ZKSH_AUTH", "ZKSH_SASL_PASSWORD"];

/// An `auth = [...]` entry: a scheme and where its credential is.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    pub scheme: String,
    pub env: Option<String>,
    pub file: Option<String>,
    pub command: Option<String>,
}

/// `sasl = { user, password_env | password_file | password_command }`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaslLogin {
    pub user: String,
    pub password_env: Option<String>,
    pub password_file: Option<String>,
    pub password_command: Option<String>,
}

/// One source of a secret, as named in the file.
pub enum Source<'a> {
    Env(&'a str),
    File(String),
    Command(&'a str),
}

impl<'a> Source<'a> {
    /// The one source among those given; `what` names the entry in messages. `relative` makes
    /// a file path relative to the config file.
    pub fn one(
        what: &str,
        env: Option<&'a str>,
        file: Option<&'a str>,
        command: Option<&'a str>,
        relative: impl Fn(&str) -> String,
    ) -> Result<Source<'a>> {
        match (env, file, command) {
            (Some(v), None, None) => Ok(Source::Env(v)),
            (None, Some(f), None) => Ok(Source::File(relative(f))),
            (None, None, Some(c)) => Ok(Source::Command(c)),
            _ => Err(Error::usage(format!(
                "{what}: name exactly one of an environment variable, a file or a command"
            ))),
        }
    }

    /// Reads the secret. Errors never contain it.
    pub fn read(&self, what: &str) -> Result<String> {
        match self {
            Source::Env(v) => {
                std::env::var(v).map_err(|_| Error::usage(format!("{what}: ${v} is not set")))
            }
            Source::File(f) => read_file(what, f),
            Source::Command(c) => run(what, c),
        }
    }

    /// The variable read, to be kept from children.
    pub fn var(&self) -> Option<&str> {
        match self {
            Source::Env(v) => Some(v),
            _ => None,
        }
    }
}

fn read_file(what: &str, f: &str) -> Result<String> {
    let meta = std::fs::metadata(f).map_err(|e| Error::usage(format!("{what}: {f}: {e}")))?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(Error::usage(format!(
            "{what}: {f} has mode {mode:04o}; a secret file must be readable by its owner only \
             (chmod 600 {f})"
        )));
    }
    let text = std::fs::read_to_string(f).map_err(|e| Error::usage(format!("{what}: {f}: {e}")))?;
    Ok(text.trim().to_string())
}

/// Runs `sh -c CMD` with stdin and stderr the terminal's (a password manager may ask), stdout
/// captured; zksh's own secret variables are not passed on.
fn run(what: &str, cmd: &str) -> Result<String> {
    let mut c = std::process::Command::new("sh");
    c.arg("-c").arg(cmd).stderr(std::process::Stdio::inherit());
    for v in SECRET_VARS {
        c.env_remove(v);
    }
    let out = c
        .output()
        .map_err(|e| Error::usage(format!("{what}: cannot run {cmd:?}: {e}")))?;
    if !out.status.success() {
        return Err(Error::usage(format!(
            "{what}: {cmd:?} failed ({})",
            out.status
        )));
    }
    let text = String::from_utf8(out.stdout)
        .map_err(|_| Error::usage(format!("{what}: {cmd:?} printed something not UTF-8")))?;
    Ok(text.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_file_others_can_read_is_refused() {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), "  u:p \n").unwrap();
        let p = f.path().display().to_string();
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(read_file("auth", &p).unwrap(), "u:p");
        std::fs::set_permissions(f.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        let e = read_file("auth", &p).unwrap_err().to_string();
        assert!(e.contains("0644") && !e.contains("u:p"), "{e}");
    }

    #[test]
    fn a_command_gives_its_stdout_trimmed() {
        assert_eq!(run("auth", "printf ' bob:pw\\n'").unwrap(), "bob:pw");
        assert!(run("auth", "exit 3").is_err());
    }

    #[test]
    fn exactly_one_source() {
        let rel = |s: &str| s.to_string();
        assert!(Source::one("a", None, None, None, rel).is_err());
        assert!(Source::one("a", Some("X"), Some("f"), None, rel).is_err());
        assert!(matches!(
            Source::one("a", None, None, Some("c"), rel),
            Ok(Source::Command("c"))
        ));
    }
}
