//! The one error type of zksh and its mapping to the exit codes of SPEC §5.

use serde_json::json;

/// Every failure a command can end with. The variant decides the exit code; the message is what
/// the operator reads after `zksh: error: `.
#[derive(Clone, Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Usage(String),
    #[error("{path}: node does not exist")]
    NoNode { path: String },
    #[error("{path}: node already exists")]
    NodeExists { path: String },
    #[error("{path}: version mismatch (the node changed since that version was read)")]
    BadVersion { path: String },
    #[error("{path}: node not empty (use deleteall or delete -r)")]
    NotEmpty { path: String },
    #[error("{path}: not authorised")]
    NoAuth { path: String },
    #[error("authentication failed")]
    AuthFailed,
    /// Refused before anything was sent: a safety rail (--no-write, a read-only context, a
    /// protected path), or a write on a snapshot (`--snapshot`).
    #[error("{0}")]
    Refused(String),
    /// The server refused our credentials (SASL, a client certificate) while connecting.
    #[error("{0}")]
    Login(String),
    /// A hard quota (`setquota -N`/`-B`) of this node or an ancestor forbids the change.
    #[error("{path}: quota exceeded (a hard quota forbids this change; see listquota)")]
    QuotaExceeded { path: String },
    #[error("{0}")]
    Connection(String),
    #[error("session expired")]
    SessionExpired,
    /// A wait ran out (`--timeout` with no watch event): the connection itself is fine.
    #[error("{0}")]
    Timeout(String),
    /// A lock or leadership was not obtained in time (`lock`, `elect`): exit 9, or the code
    /// given with `--conflict-exit-code`.
    #[error("{message}")]
    Busy { message: String, code: u8 },
    #[error("interrupted")]
    Interrupted,
    /// Stopped by SIGTERM or SIGHUP (the number): exit 128 + it, as a shell reports it.
    #[error("stopped by signal {0}")]
    Signal(i32),
    #[error("{0}")]
    Other(String),
    /// A command's answer that is a status, not a fault (`exists` on a missing node): the exit
    /// code is set and nothing is printed.
    #[error("exit status {0}")]
    Status(u8),
    /// stdout was closed by its reader (`| head`): stop quietly, exit 0.
    #[error("broken pipe")]
    BrokenPipe,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn usage(msg: impl Into<String>) -> Self {
        Error::Usage(msg.into())
    }

    pub fn other(msg: impl Into<String>) -> Self {
        Error::Other(msg.into())
    }

    /// The error for a command stopped by signal `n`.
    pub fn from_signal(n: i32) -> Self {
        if n == crate::signals::SIGINT {
            Error::Interrupted
        } else {
            Error::Signal(n)
        }
    }

    /// The connection or session failed, or a request ran out of time: not the node's fault,
    /// and nothing sent after it can be trusted to have been applied.
    pub fn is_transport(&self) -> bool {
        matches!(
            self,
            Error::Connection(_) | Error::SessionExpired | Error::Timeout(_)
        )
    }

    /// The process exit code of SPEC §5.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::NoNode { .. } => 3,
            Error::NodeExists { .. } => 4,
            Error::BadVersion { .. } => 5,
            Error::NotEmpty { .. } => 6,
            Error::NoAuth { .. } | Error::AuthFailed | Error::Login(_) | Error::Refused(_) => 7,
            Error::Connection(_) | Error::SessionExpired | Error::Timeout(_) => 8,
            Error::Busy { code, .. } => *code,
            Error::Interrupted => 130,
            Error::Signal(n) => (128 + n).clamp(0, 255) as u8,
            Error::Other(_) | Error::QuotaExceeded { .. } => 1,
            Error::BrokenPipe => 0,
            Error::Status(c) => *c,
        }
    }

    /// A stable machine-readable name, used in `-o json` errors.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Usage(_) => "Usage",
            Error::NoNode { .. } => "NoNode",
            Error::NodeExists { .. } => "NodeExists",
            Error::BadVersion { .. } => "BadVersion",
            Error::NotEmpty { .. } => "NotEmpty",
            Error::NoAuth { .. } => "NoAuth",
            Error::AuthFailed | Error::Login(_) => "AuthFailed",
            Error::Refused(_) => "Refused",
            Error::QuotaExceeded { .. } => "QuotaExceeded",
            Error::Connection(_) => "ConnectionLoss",
            Error::SessionExpired => "SessionExpired",
            Error::Timeout(_) => "Timeout",
            Error::Busy { .. } => "Busy",
            Error::Interrupted | Error::Signal(_) => "Interrupted",
            Error::Other(_) | Error::BrokenPipe | Error::Status(_) => "Error",
        }
    }

    pub fn path(&self) -> Option<&str> {
        match self {
            Error::NoNode { path }
            | Error::NodeExists { path }
            | Error::BadVersion { path }
            | Error::NotEmpty { path }
            | Error::NoAuth { path }
            | Error::QuotaExceeded { path } => Some(path),
            _ => None,
        }
    }

    /// A second line that tells the operator what to do next, where one helps.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Error::NoAuth { .. } => {
                Some("add credentials with `addauth digest user:password` or --auth")
            }
            // Only when no server could be reached at all; a connection lost mid-way or a TLS
            // refusal says what happened itself.
            Error::Connection(m)
                if m.ends_with("no server answered") || m.contains("no answer within") =>
            {
                Some("check the server address (-s) and that ZooKeeper is running")
            }
            _ => None,
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        let mut e = json!({"code": self.code(), "message": self.to_string()});
        if let Some(p) = self.path() {
            e["path"] = json!(p);
        }
        json!({ "error": e })
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Other(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_follow_the_spec() {
        let p = || "/a".to_string();
        assert_eq!(Error::usage("x").exit_code(), 2);
        assert_eq!(Error::NoNode { path: p() }.exit_code(), 3);
        assert_eq!(Error::NodeExists { path: p() }.exit_code(), 4);
        assert_eq!(Error::BadVersion { path: p() }.exit_code(), 5);
        assert_eq!(Error::NotEmpty { path: p() }.exit_code(), 6);
        assert_eq!(Error::NoAuth { path: p() }.exit_code(), 7);
        assert_eq!(Error::SessionExpired.exit_code(), 8);
        assert_eq!(Error::Timeout("t".into()).exit_code(), 8);
        assert!(Error::Timeout("t".into()).hint().is_none());
        assert_eq!(Error::Interrupted.exit_code(), 130);
        let busy = |code| Error::Busy {
            message: "held".into(),
            code,
        };
        assert_eq!(busy(9).exit_code(), 9);
        assert_eq!(busy(75).exit_code(), 75);
        assert_eq!(busy(9).code(), "Busy");
        assert_eq!(Error::other("x").exit_code(), 1);
        assert_eq!(Error::QuotaExceeded { path: p() }.exit_code(), 1);
    }

    #[test]
    fn json_error_names_code_and_path() {
        let v = Error::NoNode { path: "/a".into() }.to_json();
        assert_eq!(v["error"]["code"], "NoNode");
        assert_eq!(v["error"]["path"], "/a");
    }
}
