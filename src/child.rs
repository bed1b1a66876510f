//! A command zksh runs for a recipe (`lock -- CMD`, `elect -- CMD`, `watch -- CMD`): started
//! without a shell in a process group of its own, without zksh's secrets in its environment,
//! signalled as a group, and never left running when zksh lets go of it.

use std::time::Duration;

use crate::error::{Error, Result};

/// A running child and its process group (the group's id is the child's pid).
pub struct Child {
    inner: tokio::process::Child,
    pgid: i32,
    done: Option<u8>,
    /// It was given the terminal (zksh held it: the REPL, or a one-shot run at a shell
    /// prompt), so it can read it and Ctrl-C reaches it directly; zksh takes it back after.
    foreground: bool,
}

/// Whether stdin is a terminal whose foreground process group is zksh's.
fn owns_terminal() -> bool {
    // SAFETY: plain queries on fd 0 and this process.
    unsafe { libc::isatty(0) == 1 && libc::tcgetpgrp(0) == libc::getpgrp() }
}

/// Makes `pgid` the terminal's foreground group. zksh may already be in the background then
/// (the child took it first), where tcsetpgrp would stop it with SIGTTOU: ignored meanwhile.
fn give_terminal(pgid: i32) {
    // SAFETY: signal dispositions and tcsetpgrp on fd 0; no memory is shared.
    unsafe {
        let old = libc::signal(libc::SIGTTOU, libc::SIG_IGN);
        libc::tcsetpgrp(0, pgid);
        libc::signal(libc::SIGTTOU, old);
    }
}

/// How a child ended, as a shell reports it: its exit code, or 128 + the signal that killed it.
fn code(status: std::process::ExitStatus) -> u8 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(c), _) => (c & 0xff) as u8,
        (None, Some(s)) => (128 + s).clamp(0, 255) as u8,
        _ => 1,
    }
}

impl Child {
    /// Starts `argv` with `env` added to zksh's environment, which holds no secrets:
    /// `run::forget_secrets` removed `secret_vars` (the config's list) at start, and they are
    /// removed here again for certain.
    pub fn spawn(
        argv: &[String],
        env: &[(String, String)],
        secret_vars: &[String],
    ) -> Result<Child> {
        let (prog, args) = argv
            .split_first()
            .ok_or_else(|| Error::usage("no command given after --"))?;
        let mut c = tokio::process::Command::new(prog);
        c.args(args).envs(env.iter().map(|(k, v)| (k, v)));
        for var in secret_vars {
            c.env_remove(var);
        }
        // Its own group: a signal to it reaches everything it started, and the terminal's
        // Ctrl-C reaches zksh, which decides (forwards it, removes its node, ...).
        c.process_group(0).kill_on_drop(true);
        #[cfg(target_os = "linux")]
        {
            // SAFETY: runs in the forked child before exec; prctl, getppid and _exit are
            // async-signal-safe.
            let parent = std::process::id() as i32;
            unsafe {
                c.pre_exec(move || {
                    // zksh killed with SIGKILL cannot stop it: the kernel does (the lock's node
                    // goes when the server expires the session).
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
                    if libc::getppid() != parent {
                        libc::_exit(1);
                    }
                    Ok(())
                });
            }
        }
        let foreground = owns_terminal();
        if foreground {
            // SAFETY: runs in the forked child before exec and calls only async-signal-safe
            // functions (signal, tcsetpgrp, getpid). SIGTTOU goes back to its default before
            // exec, so the command starts with ordinary signal dispositions.
            unsafe {
                c.pre_exec(|| {
                    let old = libc::signal(libc::SIGTTOU, libc::SIG_IGN);
                    libc::tcsetpgrp(0, libc::getpid());
                    libc::signal(libc::SIGTTOU, old);
                    Ok(())
                });
            }
        }
        let inner = c
            .spawn()
            .map_err(|e| Error::other(format!("cannot run {prog:?}: {e}")))?;
        let pgid = inner.id().map_or(0, |p| p as i32);
        if foreground && pgid > 0 {
            // Both sides set it (as shells do), so the command never reads the terminal
            // before it is its own.
            give_terminal(pgid);
        }
        Ok(Child {
            inner,
            pgid,
            done: None,
            foreground,
        })
    }

    /// Sends `sig` to the child's whole group.
    pub fn signal(&self, sig: i32) {
        if self.done.is_none() && self.pgid > 0 {
            // SAFETY: kill(2) with a negative pid signals that process group; no memory involved.
            unsafe { libc::kill(-self.pgid, sig) };
        }
    }

    /// Waits for the child to end; its code as a shell would give it.
    pub async fn wait(&mut self) -> u8 {
        if let Some(c) = self.done {
            return c;
        }
        let c = match self.inner.wait().await {
            Ok(s) => code(s),
            Err(_) => 1,
        };
        self.done = Some(c);
        self.take_terminal_back();
        // Whatever it started and left behind in its group goes with it: nothing runs on
        // after the lock is released.
        if self.pgid > 0 {
            // SAFETY: as in `signal`.
            unsafe { libc::kill(-self.pgid, libc::SIGKILL) };
        }
        c
    }

    /// SIGTERM to the group, SIGKILL after `grace` if it is still there; its code.
    pub async fn terminate(&mut self, grace: Duration) -> u8 {
        self.signal(libc::SIGTERM);
        match tokio::time::timeout(grace, self.wait()).await {
            Ok(c) => c,
            Err(_) => {
                self.signal(libc::SIGKILL);
                self.wait().await
            }
        }
    }
}

impl Child {
    fn take_terminal_back(&mut self) {
        if std::mem::take(&mut self.foreground) {
            // SAFETY: getpgrp has no preconditions.
            give_terminal(unsafe { libc::getpgrp() });
        }
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        // Dropped before it was reaped (zksh is giving up on it): the group must not outlive it.
        if self.done.is_none() {
            self.signal(libc::SIGKILL);
        }
        self.take_terminal_back();
    }
}
