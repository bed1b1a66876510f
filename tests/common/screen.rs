//! `zksh ui` on a pseudo-terminal, read back through a VT parser (`vt100`): what the ui tests
//! and the ui measurement (`bench/ui`) see.

use std::io::{ErrorKind, Write};
use std::process::Command as StdCommand;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;

use super::server;

/// How long any one expected screen may take to appear (the machine may be loaded).
pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Ui {
    pub session: OsSession,
    pub vt: vt100::Parser,
    raw: Vec<u8>,
    _dir: tempfile::TempDir,
}

fn size(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

impl Ui {
    /// `zksh ARGS` on an 80×24 pseudo-terminal, with `env` set.
    pub fn spawn(args: &[&str], env: &[(&str, &str)]) -> Ui {
        Ui::spawn_at(server(), args, env)
    }

    /// The same, connecting to `servers`.
    pub fn spawn_at(servers: &str, args: &[&str], env: &[(&str, &str)]) -> Ui {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_zksh"));
        cmd.env_remove("ZKSH_SERVER")
            .env_remove("ZKSH_AUTH")
            .env("TERM", "xterm-256color")
            .env("ZKSH_HISTORY", dir.path().join("history"))
            .envs(env.iter().copied())
            .args(["-s", servers])
            .args(args);
        let mut session = OsSession::spawn(cmd).expect("spawn zksh in a pty");
        session.get_process_mut().set_window_size(80, 24).unwrap();
        Ui {
            session,
            vt: vt100::Parser::new(size(24), size(80), 0),
            raw: Vec::new(),
            _dir: dir,
        }
    }

    /// `zksh ui ROOT` once the tree shows its first row below the root.
    pub fn open(root: &str, extra: &[&str], env: &[(&str, &str)]) -> Ui {
        let mut ui = Ui::spawn(&[extra, &["ui", root]].concat(), env);
        ui.wait(&format!("{root}'s children did not show"), |u| {
            u.names().len() > 1
        });
        ui
    }

    /// Reads what the terminal has now; false once the process is gone.
    pub fn fill(&mut self) -> bool {
        let mut buf = [0u8; 8192];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => return false,
                Ok(n) => {
                    self.vt.process(&buf[..n]);
                    self.raw.extend_from_slice(&buf[..n]);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
    }

    pub fn screen(&self) -> String {
        self.vt.screen().contents()
    }

    pub fn row(&self, i: u16) -> String {
        let (_, cols) = self.vt.screen().size();
        self.vt
            .screen()
            .rows(0, cols.get())
            .nth(i as usize)
            .unwrap_or_default()
    }

    /// Waits until `ok` holds for the screen; `what` names it in the failure.
    pub fn wait(&mut self, what: &str, ok: impl Fn(&Ui) -> bool) {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let open = self.fill();
            if ok(self) {
                return;
            }
            assert!(
                open && Instant::now() < deadline,
                "{what} ({}); the screen showed:\n{}",
                if open { "timeout" } else { "zksh exited" },
                self.screen()
            );
            // Polling granularity only: the loop ends as soon as the screen is right.
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn wait_for(&mut self, text: &str) {
        self.wait(&format!("{text:?} did not appear"), |u| {
            u.screen().contains(text)
        });
    }

    pub fn wait_gone(&mut self, text: &str) {
        self.wait(&format!("{text:?} did not go"), |u| {
            !u.screen().contains(text)
        });
    }

    /// The breadcrumb (top line) shows `path` as selected.
    pub fn wait_selected(&mut self, path: &str) {
        let want = format!("zksh ui  {path}   sort");
        self.wait(&format!("{path} was not selected"), |u| {
            u.row(0).contains(&want)
        });
    }

    /// The tree pane's rows: (marked as changed, indent, name).
    pub fn rows(&self) -> Vec<(bool, usize, String)> {
        let (rows, _) = self.vt.screen().size();
        (2..rows.get().saturating_sub(3))
            .filter_map(|i| {
                let line = self.row(i);
                let cell = line.split('│').nth(1)?.to_string();
                let marked = cell.starts_with('*');
                let body = cell.get(1..).unwrap_or("").to_string();
                let indent = body.len() - body.trim_start().len();
                let name = body
                    .trim_start_matches(['▸', '▾', ' '])
                    .split(' ')
                    .next()?
                    .to_string();
                (!name.is_empty()).then_some((marked, indent, name))
            })
            .collect()
    }

    pub fn names(&self) -> Vec<String> {
        self.rows().into_iter().map(|(_, _, n)| n).collect()
    }

    /// Waits for the tree to show exactly these names (the root's path first, which may be
    /// cut short with `…` to fit).
    pub fn wait_names(&mut self, want: &[&str]) {
        self.wait(&format!("the tree did not show {want:?}"), |u| {
            let got = u.names();
            got.len() == want.len()
                && got.iter().zip(want).enumerate().all(|(i, (g, w))| {
                    g == w || (i == 0 && g.ends_with('…') && w.starts_with(g.trim_end_matches('…')))
                })
        });
    }

    /// Waits for `name` shown and marked as changed.
    pub fn wait_marked(&mut self, name: &str) {
        self.wait(&format!("{name} not shown as changed"), |u| {
            u.rows().iter().any(|(m, _, n)| *m && n == name)
        });
    }

    pub fn send(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).unwrap();
        self.session.flush().unwrap();
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.vt.set_size(size(rows), size(cols));
        self.session
            .get_process_mut()
            .set_window_size(cols, rows)
            .unwrap();
    }

    pub fn exit_code(&mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            self.fill();
            match self.session.get_process().status() {
                Ok(WaitStatus::Exited(_, code)) => {
                    self.fill();
                    return code;
                }
                Ok(WaitStatus::StillAlive) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => panic!("zksh did not exit: {other:?}; showed:\n{}", self.screen()),
            }
        }
    }

    /// The terminal is as it was: main screen, cursor shown, raw mode's alternate screen left
    /// after it was last entered.
    pub fn assert_restored(&self) {
        let s = self.vt.screen();
        assert!(!s.alternate_screen(), "still on the alternate screen");
        assert!(!s.hide_cursor(), "the cursor is still hidden");
        let last = |seq: &[u8]| self.raw.windows(seq.len()).rposition(|w| w == seq);
        let (entered, left) = (last(b"\x1b[?1049h"), last(b"\x1b[?1049l"));
        assert!(
            entered.is_some() && left > entered,
            "alternate screen not left"
        );
        assert!(
            last(b"\x1b[?25h") > last(b"\x1b[?25l"),
            "cursor not shown again"
        );
    }
}
