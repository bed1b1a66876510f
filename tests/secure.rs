//! Secure connections against servers of their own from `scripts/zk-server`: TLS to a
//! secureClientPort (a CA, a wrong CA, x509 client certificates, plain and TLS ports mixed up)
//! and SASL DIGEST-MD5 logins (right and wrong passwords, which never show in any output).

mod common;
use common::*;

use std::process::Command as StdCommand;
use std::time::{Duration, Instant};

/// A server started by `scripts/zk-server KIND DIR`, stopped and removed when dropped (also when
/// the test fails).
struct Server {
    dir: String,
    /// What the script printed: a connect string, or for start-tls `PLAIN SECURE CAFILE`.
    line: String,
}

impl Server {
    fn start(kind: &str, name: &str) -> Server {
        let mut s = Server {
            dir: server_dir(&format!("{name}-{}", std::process::id())),
            line: String::new(),
        };
        s.line = zk_server(&[kind, &s.dir]);
        s
    }

    /// For start-tls: (plain host:port, TLS host:port, CA file).
    fn tls(&self) -> (&str, &str, &str) {
        let w: Vec<&str> = self.line.split_whitespace().collect();
        assert_eq!(w.len(), 3, "start-tls printed {:?}", self.line);
        (w[0], w[1], w[2])
    }

    /// A file that start-tls made in DIR/tls.
    fn pem(&self, name: &str) -> String {
        format!("{}/tls/{name}", self.dir)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Not zk_server(): a panic here while a failed test unwinds would abort the run.
        let _ = StdCommand::new(format!("{}/scripts/zk-server", env!("CARGO_MANIFEST_DIR")))
            .args(["stop", &self.dir, "--rm"])
            .status();
    }
}

/// Runs `zksh -s SERVERS ARGS` with `env`; returns (exit code, stdout, stderr, time taken).
fn zk(servers: &str, env: &[(&str, &str)], args: &[&str]) -> (i32, String, String, Duration) {
    let start = Instant::now();
    let out = zksh_at(servers)
        .env_remove("ZKSH_SASL_PASSWORD")
        .envs(env.iter().copied())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
        start.elapsed(),
    )
}

#[test]
fn tls_create_and_get() {
    let s = Server::start("start-tls", "tls-ok");
    let (_, secure, ca) = s.tls();
    let r = root("tls");
    let script = format!("create {r} over-tls; get {r}");
    let (code, out, err, _) = zk(secure, &[], &["--tls-ca", ca, "-c", &script]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("over-tls"), "{out}");
    let (code, out, err, _) = zk(secure, &[], &["--tls-ca", ca, "ls", "/"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().any(|l| l == &r[1..]), "{out}");
}

#[test]
fn tls_wrong_ca_fails_with_8_in_bounded_time() {
    let s = Server::start("start-tls", "tls-wrong-ca");
    let (_, secure, _) = s.tls();
    let wrong = s.pem("wrong-ca.pem");
    let args = ["--connect-timeout", "3s", "--tls-ca", &wrong, "get", "/"];
    let (code, out, err, took) = zk(secure, &[], &args);
    assert_eq!((code, out.as_str()), (8, ""), "{err}");
    assert!(
        err.contains(&format!("is not signed by a CA in --tls-ca {wrong}")),
        "{err}"
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[test]
fn tls_client_certificate_authenticates_as_x509() {
    let s = Server::start("start-tls", "tls-x509");
    let (_, secure, ca) = s.tls();
    let (cert, key) = (s.pem("client.pem"), s.pem("client.key"));
    let args = [
        "--tls-ca",
        ca,
        "--tls-cert",
        &cert,
        "--tls-key",
        &key,
        "whoami",
    ];
    let (code, out, err, _) = zk(secure, &[], &args);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.lines().any(|l| l == "x509:CN=zksh-client,O=zksh"),
        "{out}"
    );
    // Without a certificate the same server takes the session with no x509 identity.
    let (code, out, _, _) = zk(secure, &[], &["--tls-ca", ca, "whoami"]);
    assert_eq!(code, 0);
    assert!(!out.contains("x509"), "{out}");
    // A certificate from a CA the server does not trust is an authentication failure.
    let (cert, key) = (s.pem("wrong-client.pem"), s.pem("wrong-client.key"));
    let args = [
        "--tls-ca",
        ca,
        "--tls-cert",
        &cert,
        "--tls-key",
        &key,
        "whoami",
    ];
    let (code, out, err, _) = zk(secure, &[], &args);
    assert_eq!((code, out.as_str()), (7, ""), "{err}");
    assert!(err.contains("refused the client certificate"), "{err}");
}

#[test]
fn tls_and_plain_ports_mixed_up_fail_with_8() {
    let s = Server::start("start-tls", "tls-mixup");
    let (plain, secure, ca) = s.tls();
    // The TLS port reached in plain text: the handshake never starts, and zksh says why.
    let (code, out, err, took) = zk(secure, &[], &["--connect-timeout", "3s", "ls", "/"]);
    assert_eq!((code, out.as_str()), (8, ""), "{err}");
    assert!(err.contains(&format!("{secure} is a TLS port")), "{err}");
    assert!(err.contains("--tls"), "{err}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    // The plain port reached with TLS.
    let args = ["--connect-timeout", "3s", "--tls-ca", ca, "ls", "/"];
    let (code, out, err, took) = zk(plain, &[], &args);
    assert_eq!((code, out.as_str()), (8, ""), "{err}");
    assert!(err.contains("plain clientPort"), "{err}");
    assert!(took < Duration::from_secs(5), "{took:?}");
    // Files that hold no certificate or key are usage errors, before any connection.
    let (code, _, err, _) = zk(secure, &[], &["--tls-ca", &s.pem("client.key"), "ls", "/"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no PEM certificate"), "{err}");
}

#[test]
fn sasl_login_shows_in_whoami() {
    let s = Server::start("start-sasl", "sasl-ok");
    let r = root("sasl");
    let env = [("ZKSH_SASL_PASSWORD", "bobpw")];
    let script = format!("create {r} x; whoami");
    let (code, out, err, _) = zk(&s.line, &env, &["--sasl-user", "bob", "-c", &script]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().any(|l| l == "sasl:bob"), "{out}");
    // The password may come from a file instead (first line; the newline is not part of it).
    let file = format!("{}/super-password", s.dir);
    std::fs::write(&file, "superpw\n").unwrap();
    let args = [
        "--sasl-user",
        "super",
        "--sasl-password-file",
        &file,
        "whoami",
    ];
    let (code, out, err, _) = zk(&s.line, &[], &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().any(|l| l == "sasl:super"), "{out}");
}

#[test]
fn sasl_wrong_password_fails_with_7_and_stays_secret() {
    let s = Server::start("start-sasl", "sasl-wrong");
    let secret = "not-bobs-Pa55word";
    let env = [("ZKSH_SASL_PASSWORD", secret)];
    for extra in [&[][..], &["-v"][..], &["-o", "json"][..]] {
        let mut args = extra.to_vec();
        args.extend(["--sasl-user", "bob", "whoami"]);
        let (code, out, err, _) = zk(&s.line, &env, &args);
        assert_eq!(code, 7, "{args:?}: {err}");
        assert!(err.contains("SASL login as bob refused"), "{err}");
        assert!(!out.contains(secret) && !err.contains(secret), "{out}{err}");
    }
    // No SASL at all: this server requires it.
    let (code, _, err, _) = zk(&s.line, &[], &["whoami"]);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("requires authentication"), "{err}");
    // A user without a password is a usage error, not a prompt or an empty password.
    let (code, _, err, _) = zk(&s.line, &[], &["--sasl-user", "bob", "whoami"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("ZKSH_SASL_PASSWORD"), "{err}");
}
