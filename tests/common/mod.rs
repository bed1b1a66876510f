//! Test support: real ZooKeeper servers from the project's own `scripts/zk-server`, a unique root
//! znode per test (so tests run in parallel), and a ready `zksh` command.
#![allow(dead_code)]

pub mod screen;

use std::process::Command as StdCommand;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use assert_cmd::Command;

fn script() -> String {
    format!("{}/scripts/zk-server", env!("CARGO_MANIFEST_DIR"))
}

/// Runs `scripts/zk-server ARGS` and returns its stdout (the connect string for `start*`).
pub fn zk_server(args: &[&str]) -> String {
    let out = StdCommand::new(script())
        .args(args)
        .output()
        .expect("run scripts/zk-server");
    assert!(
        out.status.success(),
        "zk-server {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Where this run's servers live (shared by every test binary; the script is idempotent).
pub fn server_dir(name: &str) -> String {
    format!("{}/zk-{name}", env!("CARGO_TARGET_TMPDIR"))
}

/// The standalone server's connect string: `$ZKSH_TEST_SERVER`, or one started (once) here.
pub fn server() -> &'static str {
    static S: OnceLock<String> = OnceLock::new();
    S.get_or_init(|| {
        std::env::var("ZKSH_TEST_SERVER")
            .unwrap_or_else(|_| zk_server(&["start", &server_dir("standalone")]))
    })
}

/// A 3-member ensemble's connect string (started once).
pub fn ensemble() -> &'static str {
    static S: OnceLock<String> = OnceLock::new();
    S.get_or_init(|| zk_server(&["start-ensemble", &server_dir("ensemble")]))
}

/// A fresh, unique absolute path for one test's nodes (not created).
pub fn root(name: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "/t-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// `zksh -s SERVER` with a clean environment (no colour, no inherited ZKSH_* settings).
pub fn zksh_at(servers: &str) -> Command {
    let mut c = Command::cargo_bin("zksh").unwrap();
    c.env_remove("ZKSH_SERVER")
        .env_remove("ZKSH_AUTH")
        .env_remove("ZKSH_CONFIG")
        .env_remove("ZKSH_CONTEXT")
        .env("XDG_CONFIG_HOME", no_config())
        .env("NO_COLOR", "1")
        .arg("-s")
        .arg(servers);
    c.timeout(std::time::Duration::from_secs(60));
    c
}

/// A config directory that holds no zksh config file: the operator's own must not steer tests.
pub fn no_config() -> String {
    format!("{}/no-config", env!("CARGO_TARGET_TMPDIR"))
}

pub fn zksh() -> Command {
    zksh_at(server())
}

/// Runs zksh with `args` and returns stdout, asserting success.
pub fn ok(args: &[&str]) -> String {
    let out = zksh().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "zksh {args:?} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// Runs zksh with `args`; returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = zksh().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// A server (or ensemble) of one test's own, started with extra settings and stopped and removed
/// when dropped, also when the test fails.
pub struct Dedicated {
    pub dir: String,
    pub servers: String,
}

impl Dedicated {
    /// `scripts/zk-server START DIR` (`start` or `start-ensemble`) with `env` (ZK_EXTRA_CFG,
    /// ZK_JAVA_OPTS) in a directory unique to this process and `name`.
    pub fn start(name: &str, start: &str, env: &[(&str, &str)]) -> Dedicated {
        let dir = server_dir(&format!("{name}-{}", std::process::id()));
        let out = StdCommand::new(script())
            .args([start, &dir])
            .envs(env.iter().copied())
            .output()
            .expect("run scripts/zk-server");
        let guard = Dedicated {
            dir,
            servers: String::from_utf8_lossy(&out.stdout).trim().to_string(),
        };
        assert!(
            out.status.success(),
            "zk-server {start} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        guard
    }
}

impl Drop for Dedicated {
    fn drop(&mut self) {
        // Not zk_server(): a panic here while a failed test unwinds would abort the whole run.
        let _ = StdCommand::new(script())
            .args(["stop", &self.dir, "--rm"])
            .status();
    }
}
