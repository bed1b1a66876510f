//! A progress line for long bulk operations: count, rate and ETA on stderr when it is a
//! terminal, nothing otherwise. If the operation is dropped before it finishes (Ctrl-C), it
//! says how far it got.

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Progress {
    label: String,
    total: Option<usize>,
    /// Draw on stderr (a terminal, not quiet, not JSON).
    draw: bool,
    /// Say how far it got when dropped unfinished (not with -q).
    report: bool,
    state: Mutex<State>,
}

struct State {
    done: usize,
    started: Instant,
    last_draw: Option<Instant>,
    finished: bool,
}

impl Progress {
    pub fn new(label: &str, total: Option<usize>, draw: bool) -> Progress {
        Progress {
            label: label.to_string(),
            total,
            // In `ui`'s command pane there is no line to draw on.
            draw: draw && !super::capturing(),
            report: true,
            state: Mutex::new(State {
                done: 0,
                started: Instant::now(),
                last_draw: None,
                finished: false,
            }),
        }
    }

    /// No summary when dropped unfinished (`-q`).
    pub fn silent_when_stopped(mut self) -> Progress {
        self.report = false;
        self
    }

    pub fn add(&self, n: usize) {
        let Ok(mut s) = self.state.lock() else { return };
        s.done += n;
        if !self.draw
            || s.last_draw
                .is_some_and(|t| t.elapsed() < Duration::from_millis(100))
        {
            return;
        }
        s.last_draw = Some(Instant::now());
        let secs = s.started.elapsed().as_secs_f64().max(0.001);
        let rate = s.done as f64 / secs;
        let line = match self.total {
            Some(t) if t > 0 => {
                let frac = (s.done as f64 / t as f64).min(1.0);
                let bar: String = (0..20)
                    .map(|i| if (i as f64) < frac * 20.0 { '#' } else { '-' })
                    .collect();
                let eta = if rate > 0.0 {
                    (t.saturating_sub(s.done)) as f64 / rate
                } else {
                    0.0
                };
                format!(
                    "{} [{bar}] {}/{t} {:.0}/s ETA {:.0}s",
                    self.label, s.done, rate, eta
                )
            }
            _ => format!("{} {} {:.0}/s", self.label, s.done, rate),
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
    }

    pub fn done(&self) -> usize {
        self.state.lock().map(|s| s.done).unwrap_or(0)
    }

    /// Clears the line; the operation completed (or failed and reports itself).
    pub fn finish(&self) {
        if let Ok(mut s) = self.state.lock() {
            s.finished = true;
            if self.draw && s.last_draw.is_some() {
                let mut err = std::io::stderr().lock();
                let _ = write!(err, "\r\x1b[2K");
                let _ = err.flush();
            }
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        let Ok(s) = self.state.lock() else { return };
        // A reader that went away (`| head`) stopped it on purpose: nothing to report.
        if s.finished || self.label.is_empty() || !self.report || super::stdout_closed() {
            if self.draw && s.last_draw.is_some() && !s.finished {
                let _ = write!(std::io::stderr(), "\r\x1b[2K");
            }
            return;
        }
        let of = self.total.map(|t| format!(" of {t}")).unwrap_or_default();
        // Dropped unfinished: cancelled mid-way (Ctrl-C) or stopped by an error.
        let clear = if self.draw && s.last_draw.is_some() {
            "\r\x1b[2K"
        } else {
            ""
        };
        super::err_line(&format!(
            "{clear}zksh: {} stopped after {}{of} nodes",
            self.label, s.done
        ));
    }
}
