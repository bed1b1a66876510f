//! `zksh --sandbox`: a throwaway local ZooKeeper server, started with the project's own
//! `scripts/zk-server` (embedded in the binary) and removed when zksh exits.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

const SCRIPT: &str = include_str!("../scripts/zk-server");

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
        Ok(Sandbox { dir, servers })
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = script(&["stop", &self.dir.to_string_lossy(), "--rm"])
            .stdout(Stdio::null())
            .status();
    }
}
