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
    /// `ends_on_interrupt`: outside the REPL a SIGINT ends zksh (exit 130), so it must stop the
    /// server too, even when it comes before the command's own handler is in place.
    pub fn start(ends_on_interrupt: bool, show: crate::output::Output) -> Result<Sandbox> {
        let dir = std::env::temp_dir().join(format!("zksh-sandbox-{}", std::process::id()));
        let dir_s = dir.to_string_lossy().to_string();
        show.note(&format!(
            "starting a throwaway ZooKeeper server in {dir_s} ..."
        ));
        let out = script(&["start", &dir_s])
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| Error::other(format!("cannot run bash for the sandbox: {e}")))?;
        let servers = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !out.status.success() || servers.is_empty() {
            let _ = script(&["stop", &dir_s, "--rm"]).status();
            return Err(Error::other("the sandbox server did not start (see above)"));
        }
        *RUNNING.lock().unwrap_or_else(|e| e.into_inner()) = Some(dir.clone());
        stop_on_signals(ends_on_interrupt);
        show.note(&format!(
            "sandbox server at {servers}; it is removed when zksh exits"
        ));
        Ok(Sandbox { dir, servers })
    }
}

fn stop(dir: &std::path::Path) {
    let _ = script(&["stop", &dir.to_string_lossy(), "--rm"])
        .stdout(Stdio::null())
        .status();
}

/// SIGTERM and SIGHUP (a closed terminal) would kill zksh without `Drop`: stop the server first.
/// SIGINT only outside the REPL (in the REPL it cancels the running command and the shell
/// stays). The handlers are registered before this returns, so no signal slips past them.
fn stop_on_signals(interrupt: bool) {
    use tokio::signal::unix::{SignalKind, signal};
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
    else {
        return;
    };
    let signals = {
        let _entered = rt.enter();
        (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            interrupt
                .then(|| signal(SignalKind::interrupt()))
                .transpose(),
        )
    };
    let (Ok(mut term), Ok(mut hup), Ok(mut int)) = signals else {
        return;
    };
    std::thread::spawn(move || {
        let code = rt.block_on(async {
            let int = async {
                match &mut int {
                    Some(s) => s.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = term.recv() => 143,
                _ = hup.recv() => 129,
                _ = int => 130,
            }
        });
        // Blocking: if `Drop` is stopping the server right now, exit only once it is done.
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(dir) = running.take() {
            stop(&dir);
        }
        std::process::exit(code);
    });
}

/// Stops the sandbox server (if one runs) when zksh is about to die of a panic or a signal.
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
        // Held while stopping, so a signal arriving meanwhile waits for the stop to finish.
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        running.take();
        stop(&self.dir);
    }
}
