//! Everything zksh prints: results to stdout (text or JSON), diagnostics to stderr, watch events.
//! Commands hand over typed replies (`crate::reply`); `render` and `list` turn them into text or
//! JSON, so no command asks which format is on.

pub mod file;
pub mod forensics;
mod json;
pub mod list;
pub mod progress;
pub mod recipe;
mod render;
mod report;
pub mod sanitize;
mod stat;
pub mod stream;
mod value;

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use colored::Colorize;
use serde_json::{Value, json};

use crate::error::{Error, Result};

pub use stat::{stat_json, stat_text};

/// How results are shaped; copied into every command context.
#[derive(Clone, Copy, Debug)]
pub struct Output {
    pub json: bool,
    /// stdout is a terminal: escape node data, show binary as a hexdump.
    pub tty: bool,
    /// stderr is a terminal: escape server-supplied text in diagnostics.
    pub err_tty: bool,
    pub quiet: bool,
    /// `-v`: a bulk command's summary even when all went well.
    pub verbose: bool,
}

thread_local! {
    /// stdout held back by `hold`, written at once by `release`.
    static HELD: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
}

/// Holds back what `bytes` and `line` write on this thread until `release`: a script batch's
/// thousand results go out in one write instead of a thousand.
pub fn hold() {
    HELD.with(|h| {
        h.borrow_mut().get_or_insert_with(Vec::new);
    });
}

/// Writes what `hold` held back.
pub fn release() -> Result<()> {
    match HELD.with(|h| h.borrow_mut().take()) {
        Some(held) => write_now(&held),
        None => Ok(()),
    }
}

thread_local! {
    /// Everything written on this thread while a `Capture` lives (see there).
    static CAPTURED: std::cell::RefCell<Option<Captured>> = const { std::cell::RefCell::new(None) };
}

/// What a `Capture` holds: the bytes, up to `CAPTURE_LIMIT`, and whether more were dropped.
#[derive(Default)]
struct Captured {
    bytes: Vec<u8>,
    dropped: usize,
}

/// The most a capture keeps (a `ls -R` of a million nodes must not fill memory).
const CAPTURE_LIMIT: usize = 1 << 20;

/// While it lives, everything `Output` writes on this thread — results (stdout) and
/// diagnostics, notices and progress (stderr) — goes into one buffer, in order and without
/// colour, instead of to the terminal: `ui`'s command pane shows a command's output this way,
/// so the pane and the shell print through the same renderer. Commands run on the thread that
/// awaits them (the runtime's `block_on`), as `hold` relies on too. Captures nest: the one
/// started last gets the output until it is dropped.
pub struct Capture {
    colour: bool,
    outer: Option<Captured>,
}

impl Capture {
    pub fn start() -> Capture {
        let colour = colored::control::SHOULD_COLORIZE.should_colorize();
        colored::control::set_override(false);
        let outer = CAPTURED.with(|c| c.borrow_mut().replace(Captured::default()));
        Capture { colour, outer }
    }

    /// What was written since the start (or the last `take`), with a line saying how much was
    /// left out past the limit.
    pub fn take(&self) -> Vec<u8> {
        let got = CAPTURED.with(|c| c.borrow_mut().as_mut().map(std::mem::take));
        let Some(mut got) = got else {
            return Vec::new();
        };
        if got.dropped > 0 {
            got.bytes.extend_from_slice(
                format!("\n... {} more bytes of output left out\n", got.dropped).as_bytes(),
            );
        }
        got.bytes
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        let outer = self.outer.take();
        CAPTURED.with(|c| *c.borrow_mut() = outer);
        colored::control::set_override(self.colour);
    }
}

/// Whether output on this thread is being captured (progress lines are then not drawn).
pub fn capturing() -> bool {
    CAPTURED.with(|c| c.borrow().is_some())
}

/// Appends to the capture, if one is on; false when there is none.
fn captured(data: &[u8]) -> bool {
    CAPTURED.with(|c| match c.borrow_mut().as_mut() {
        Some(c) => {
            let room = CAPTURE_LIMIT.saturating_sub(c.bytes.len());
            c.bytes.extend_from_slice(&data[..data.len().min(room)]);
            c.dropped += data.len().saturating_sub(room);
            true
        }
        None => false,
    })
}

/// One diagnostic line for stderr, or for the capture while one is on.
pub(crate) fn err_line(s: &str) {
    if !captured(format!("{s}\n").as_bytes()) {
        eprintln!("{s}");
    }
}

/// Writes to stdout now, or to the held buffer while output is held.
fn emit(data: &[u8]) -> Result<()> {
    if captured(data) {
        return Ok(());
    }
    let held = HELD.with(|h| match h.borrow_mut().as_mut() {
        Some(buf) => {
            buf.extend_from_slice(data);
            true
        }
        None => false,
    });
    if held { Ok(()) } else { write_now(data) }
}

fn write_now(data: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(data)
        .and_then(|_| out.flush())
        .map_err(io_err)
}

/// Set once stdout's reader has gone: what stops then is no failure worth a word.
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// True once a write to stdout met a closed pipe.
pub fn stdout_closed() -> bool {
    STDOUT_CLOSED.load(Ordering::Relaxed)
}

/// A broken pipe (`zksh ls -R / | head`) ends output quietly with exit 0.
pub fn io_err(e: io::Error) -> Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        STDOUT_CLOSED.store(true, Ordering::Relaxed);
        Error::BrokenPipe
    } else {
        Error::from(e)
    }
}

impl Output {
    /// Writes raw bytes to stdout.
    pub fn bytes(&self, data: &[u8]) -> Result<()> {
        emit(data)
    }

    /// Writes one line of text to stdout.
    pub fn line(&self, s: &str) -> Result<()> {
        let mut line = String::with_capacity(s.len() + 1);
        line.push_str(s);
        line.push('\n');
        emit(line.as_bytes())
    }

    /// Writes one JSON document on one line.
    pub fn json(&self, v: &Value) -> Result<()> {
        let doc = v.to_string();
        if self.tty {
            self.line(&sanitize::json(&doc))
        } else {
            self.line(&doc)
        }
    }

    /// A diagnostic as it may reach stderr.
    fn diag(&self, s: &str) -> String {
        if self.err_tty {
            sanitize::message(s)
        } else {
            s.to_string()
        }
    }

    /// An error as a JSON document for stderr.
    fn diag_json(&self, e: &Error) -> String {
        let doc = e.to_json().to_string();
        if self.err_tty {
            sanitize::json(&doc)
        } else {
            doc
        }
    }

    /// A node name or path as text, escaped when it goes to a terminal.
    pub fn name(&self, s: &str) -> String {
        if self.tty {
            sanitize::escape(s, false)
        } else {
            s.to_string()
        }
    }

    /// Node data as it should appear: exact bytes to a pipe; on a terminal escaped text, or a
    /// hexdump for binary. Text gets a final newline on a terminal only.
    pub fn value(&self, data: &[u8]) -> Vec<u8> {
        if !self.tty {
            return data.to_vec();
        }
        if sanitize::is_binary(data) {
            return sanitize::hexdump(data).into_bytes();
        }
        let mut s = sanitize::escape(std::str::from_utf8(data).unwrap_or_default(), true);
        s.push('\n');
        s.into_bytes()
    }

    /// A notice on stderr (`zksh: ...`, or `{"notice": ...}` with -o json), silenced by -q.
    pub fn note(&self, msg: &str) {
        if self.quiet {
        } else if self.json {
            let doc = json!({ "notice": msg }).to_string();
            err_line(&if self.err_tty {
                sanitize::json(&doc)
            } else {
                doc
            });
        } else {
            err_line(&format!("zksh: {}", self.diag(msg)));
        }
    }

    /// Many errors of one bulk operation: one line each, the hint once at the end.
    pub fn errors<'a>(&self, errs: impl IntoIterator<Item = &'a Error>) {
        let mut hint = None;
        for e in errs {
            if self.json {
                err_line(&self.diag_json(e));
            } else {
                err_line(&format!(
                    "zksh: {} {}",
                    "error:".red().bold(),
                    self.diag(&e.to_string())
                ));
                hint = hint.or(e.hint());
            }
        }
        if let Some(h) = hint {
            err_line(&format!("zksh: hint: {}", self.diag(h)));
        }
    }

    /// An error on stderr: `zksh: error: ...` plus a hint line, or JSON with -o json.
    pub fn error(&self, e: &Error) {
        if matches!(e, Error::BrokenPipe | Error::Status(_)) {
            return;
        }
        if self.json {
            err_line(&self.diag_json(e));
            return;
        }
        err_line(&format!(
            "zksh: {} {}",
            "error:".red().bold(),
            self.diag(&e.to_string())
        ));
        if let Some(h) = e.hint() {
            err_line(&format!("zksh: hint: {}", self.diag(h)));
        }
    }
}
