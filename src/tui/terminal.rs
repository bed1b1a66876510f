//! The terminal while the ui owns it: raw mode, the alternate screen, the cursor hidden. It is
//! given back on every way out: a normal return, an error, a cancelled future (a signal) by
//! `Drop`, and a panic by `restore_after_panic` (called from the one panic hook, in `run`).
//! `suspend` hands it to `$EDITOR` for a while.

use std::io::{Stdout, Write, stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, event, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::error::{Error, Result};

/// Set while the screen is the ui's.
static ACTIVE: AtomicBool = AtomicBool::new(false);

pub type Term = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal; restores it when dropped.
pub struct Guard {
    pub term: Term,
}

fn enter() -> std::io::Result<()> {
    terminal::enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        stdout(),
        EnterAlternateScreen,
        cursor::Hide,
        event::EnableBracketedPaste
    )
}

/// Leaves the alternate screen, shows the cursor and ends raw mode; safe to call twice.
fn leave() {
    if ACTIVE.swap(false, Ordering::SeqCst) {
        let mut out = stdout();
        let _ = execute!(
            out,
            event::DisableBracketedPaste,
            LeaveAlternateScreen,
            cursor::Show
        );
        let _ = out.flush();
        let _ = terminal::disable_raw_mode();
    }
}

/// For the panic hook: give the terminal back before the message prints.
pub fn restore_after_panic() {
    leave();
}

pub fn is_open() -> bool {
    ACTIVE.load(Ordering::SeqCst)
}

fn io(e: std::io::Error) -> Error {
    Error::other(format!("terminal: {e}"))
}

impl Guard {
    pub fn start() -> Result<Guard> {
        if let Err(e) = enter() {
            leave();
            return Err(io(e));
        }
        match Terminal::new(CrosstermBackend::new(stdout())) {
            Ok(term) => Ok(Guard { term }),
            Err(e) => {
                leave();
                Err(io(e))
            }
        }
    }

    /// Gives the terminal to another program (the editor) until `resume`.
    pub fn suspend(&mut self) {
        leave();
    }

    /// Takes the terminal back and redraws everything on the next frame.
    pub fn resume(&mut self) -> Result<()> {
        enter().map_err(io)?;
        // Not `Terminal::clear`: it asks the terminal where the cursor is, and a terminal that
        // does not answer (a pty in a test, a slow link) makes that fail.
        execute!(stdout(), terminal::Clear(terminal::ClearType::All)).map_err(io)?;
        // Both buffers blank: the next frame is drawn whole.
        self.term.swap_buffers();
        self.term.swap_buffers();
        Ok(())
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        leave();
    }
}
