//! The command pane: a zksh command line typed after `:` (and every write key, which is one
//! too) runs through the shell's own grammar and dispatch (`run::run_line`), its output — what
//! it would print on stdout and stderr — captured by `output::Capture` and shown in the pane.
//! One mechanism: the pane shows exactly what the shell would print. Ctrl-C stops a bulk
//! command cleanly (it reports what it did), or cancels any other.

use crossterm::event::Event;

use super::input::Input;
use super::keys::is_ctrl_c;
use crate::context::Ctx;
use crate::error::Error;
use crate::output::{Capture, sanitize};
use crate::signals;

/// What a command line did.
pub struct Ran {
    pub lines: Vec<String>,
    pub ok: bool,
    /// Where a `cd` went.
    pub cd: Option<String>,
}

/// Runs `line` at node `at` (relative paths resolve against it) and captures what it printed.
pub async fn run(ctx: &mut Ctx, line: &str, at: &str, keys: &mut Input) -> Ran {
    let saved = std::mem::replace(&mut ctx.cwd, at.to_string());
    let capture = Capture::start();
    let r = {
        // Boxed: a line may name any command, `ui` included (refused when open), so the
        // future's type would otherwise contain itself.
        let mut run: std::pin::Pin<Box<dyn Future<Output = crate::error::Result<()>> + '_>> =
            Box::pin(crate::run::run_line(ctx, line));
        let mut asked = false;
        loop {
            tokio::select! {
                biased;
                r = &mut run => break r,
                ev = keys.next() => match ev {
                    Some(Ok(Event::Key(k))) if is_ctrl_c(&k) => {
                        if signals::bulk_running() && !asked {
                            signals::request_stop(signals::SIGINT);
                            asked = true;
                        } else {
                            break Err(Error::from_signal(signals::SIGINT));
                        }
                    }
                    Some(Ok(_)) => {}
                    _ => break Err(Error::other("the terminal is gone")),
                },
            }
        }
    };
    let ok = r.is_ok();
    crate::run::finish(ctx, r);
    let out = capture.take();
    drop(capture);
    let moved = std::mem::replace(&mut ctx.cwd, saved);
    let mut lines = shown(&out);
    if ctx.quit {
        ctx.quit = false;
        lines.push("(to leave the ui, press q)".into());
    }
    Ran {
        lines,
        ok,
        cd: (moved != at).then_some(moved),
    }
}

/// Captured output as lines safe to draw: escaped (a no-op on what the renderer escaped
/// already), tabs expanded, a screen clear (`clear`) dropped.
fn shown(out: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(out).replace("\x1b[H\x1b[2J\x1b[3J", "");
    text.lines()
        .map(|l| sanitize::escape(l, true).replace('\t', "    "))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn captured_text_is_made_safe() {
        let lines = super::shown(b"a\x1b]0;x\x07\tb\nc\r\n");
        assert_eq!(lines, ["a\\x1b]0;x\\x07    b", "c"]);
    }
}
