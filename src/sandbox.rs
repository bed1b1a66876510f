//! `zksh --sandbox`: a throwaway local ZooKeeper server, started with the project's own
//! `scripts/zk-server` (embedded in the binary) and removed when zksh exits.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;

use crate::error::{Error, Result};

const SCRIPT: &str = include_str!("../scripts/zk-server");

/// The running sandbox's directory, for the panic hook: `process::exit` skips `Drop`.
static RUNNING: Mutex<Option<PathBuf>> = Mutex::new(None);

pub struct Sandbox {
    dir: PathBuf,
    pub servers: String,
}

fn script(args: &[&str]) -> Command {
    let mut c = Command::new("bash");
    c.arg("-c").arg(SCRIPT).arg("zk-server").args(args);
    c
}

impl Sandbox {
    pub fn start() -> Result<Sandbox> {
        let dir = std::env::temp_dir().join(format!("zksh-sandbox-{}", std::process::id()));
        let dir_s = dir.to_string_lossy().to_string();
        eprintln!("zksh: starting a throwaway ZooKeeper server in {dir_s} ...");
        let out = script(&["start", &dir_s])
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| Error::other(format!("cannot run bash for the sandbox: {e}")))?;
        let servers = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() || servers.is_empty() {
            let _ = script(&["stop", &dir_s, "--rm"]).status();
            return Err(Error::other("the sandbox server did not start (see above)"));
        }
        eprintln!("zksh: sandbox server at {servers}; it is removed when zksh exits");
        *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) = Some(dir.clone());
        Ok(Sandbox { dir, servers })
    }
}

fn stop(dir: &std::path::Path) {
    let _ = script(&["stop", &dir.to_string_lossy(), "--rm"])
        .stdout(Stdio::null())
        .status();
}

/// Stops the sandbox server (if one runs) when zksh is about to die of a panic.
pub fn stop_after_panic() {
    // try_lock: a panic while the lock is held must not deadlock the hook.
    if let Ok(mut running) = RUNNING.try_lock()
        && let Some(dir) = running.take()
    {
        stop(&dir);
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        RUNNING.lock().unwrap_or_else(|e| e.into_inner()).take();
        stop(&self.dir);
    }
}
