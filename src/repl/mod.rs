//! The interactive shell: rustyline on the main thread, a multi-thread runtime beside it so that
//! watch events and session changes print inline (through the external printer) while the
//! operator types.

mod complete;
mod history;

use std::sync::{Arc, Mutex};

use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{
    Completer, Config as RlConfig, Editor, ExternalPrinter, Helper, Hinter, Validator,
};

use crate::config::Config;
use crate::context::{Ctx, EventSink};
use crate::{line, run};

use complete::{PathCompleter, Shared};

#[derive(Helper, Completer, Hinter, Validator)]
struct ZkHelper {
    #[rustyline(Completer)]
    completer: PathCompleter,
    shared: Arc<Mutex<Shared>>,
}

/// The prompt's context name in the context's colour. Colour goes here, not into the prompt
/// text, so the line editor measures the prompt without escape codes.
impl rustyline::highlight::Highlighter for ZkHelper {
    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> std::borrow::Cow<'b, str> {
        use colored::Colorize;
        let s = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        match &s.mark {
            Some((name, colour)) if prompt.starts_with(name.as_str()) => {
                let rest = &prompt[name.len()..];
                format!("{}{rest}", name.as_str().color(colour.as_str()).bold()).into()
            }
            _ => prompt.into(),
        }
    }
}

/// Runs the REPL until quit or Ctrl-D; returns the exit code (0).
pub fn run(cfg: Arc<Config>) -> u8 {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("zksh: error: cannot start the runtime: {e}");
            return 1;
        }
    };
    let rl_cfg = RlConfig::builder()
        .auto_add_history(false)
        .history_ignore_space(true)
        .completion_type(rustyline::CompletionType::List)
        .build();
    let mut rl: Editor<ZkHelper, FileHistory> = match Editor::with_config(rl_cfg) {
        Ok(rl) => rl,
        Err(e) => {
            eprintln!("zksh: error: cannot start line editing: {e}");
            return 1;
        }
    };
    let shared = Arc::new(Mutex::new(Shared::default()));
    rl.set_helper(Some(ZkHelper {
        completer: PathCompleter::new(shared.clone(), rt.handle().clone()),
        shared: shared.clone(),
    }));
    let history_file = history::path();
    if let Some(f) = &history_file {
        let _ = rl.load_history(f);
    }
    let screen = Arc::new(Screen::new(&mut rl));
    let sink = screen.clone();
    let events: EventSink = Arc::new(move |msg: String| sink.print(msg));
    let mut ctx = Ctx::new(cfg, true, events.clone(), events);
    ctx.confirm = Some(Box::new(ask));
    ctx.history = rl.history().iter().cloned().collect();
    let _guard = rt.enter();
    run::listen_for_interrupts(true);
    // Connect at once so the prompt shows the state; a failure is reported and the shell stays.
    if let Err(e) = rt.block_on(ctx.zk()) {
        ctx.out.error(&e);
    }
    loop {
        sync_completion(&shared, &ctx);
        let prompt = prompt(&ctx);
        match rl.readline(&prompt) {
            Ok(text) => {
                if !text.trim().is_empty() {
                    history::record(&mut rl, &mut ctx, &text, history_file.as_deref());
                }
                screen.hold();
                // The completer's handle goes while a command runs: a session closes only once
                // no handle is left, and `reconnect`, `close` or `use` must close it at once (its
                // ephemerals gone when the prompt is back). It is taken again at the prompt.
                release_completion(&shared);
                let r = rt.block_on(run::run_line(&mut ctx, &text));
                run::finish(&ctx, r);
                screen.release();
                if ctx.quit {
                    break;
                }
            }
            // Ctrl-C at the prompt clears the line; it never leaves the shell.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => {
                eprintln!("zksh: error: {e}");
                close(&rt, &shared, &mut ctx);
                return 1;
            }
        }
    }
    close(&rt, &shared, &mut ctx);
    0
}

/// Closes the session now, so its ephemeral nodes go at once, not at expiry. The completer's
/// handle is dropped first: a session closes only once no handle to it is left.
fn close(rt: &tokio::runtime::Runtime, shared: &Mutex<Shared>, ctx: &mut Ctx) {
    release_completion(shared);
    rt.block_on(ctx.shutdown());
}

/// Drops the completer's handle on the session.
fn release_completion(shared: &Mutex<Shared>) {
    if let Ok(mut s) = shared.lock() {
        s.zk = None;
    }
}

/// Where background lines (watch events, SESSION changes, notices) go. At the prompt they print
/// through rustyline's external printer, which redraws the half-typed line; while a command runs
/// the screen is the command's (its output, its progress line, its confirmation question), so
/// they are held and printed after it.
struct Screen {
    printer: Option<Mutex<Box<dyn ExternalPrinter + Send>>>,
    /// `Some` while a command runs: the lines held until it is done.
    held: Mutex<Option<Vec<String>>>,
}

impl Screen {
    fn new(rl: &mut Editor<ZkHelper, FileHistory>) -> Screen {
        let printer = rl
            .create_external_printer()
            .ok()
            .map(|p| Mutex::new(Box::new(p) as Box<dyn ExternalPrinter + Send>));
        Screen {
            printer,
            held: Mutex::new(None),
        }
    }

    fn print(&self, msg: String) {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        match held.as_mut() {
            Some(lines) => lines.push(msg),
            None => self.show(msg),
        }
    }

    fn show(&self, msg: String) {
        match &self.printer {
            Some(p) => {
                if let Ok(mut p) = p.lock() {
                    let _ = p.print(format!("{msg}\n"));
                }
            }
            None => println!("{msg}"),
        }
    }

    /// A command starts: background lines wait.
    fn hold(&self) {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        held.get_or_insert_with(Vec::new);
    }

    /// The command is done: the lines it held print now, in order.
    fn release(&self) {
        let mut held = self.held.lock().unwrap_or_else(|e| e.into_inner());
        for msg in held.take().unwrap_or_default() {
            self.show(msg);
        }
    }
}

fn sync_completion(shared: &Mutex<Shared>, ctx: &Ctx) {
    if let Ok(mut s) = shared.lock() {
        s.cwd = ctx.cwd.clone();
        s.zk = ctx.current();
        s.mark = match &ctx.cfg.context {
            Some((name, Some(colour))) if ctx.cfg.color => {
                Some((line::quote_shown(name), colour.clone()))
            }
            _ => None,
        };
    }
}

/// `[CONTEXT ]127.0.0.1:2181 /app> `, with the state when not connected.
fn prompt(ctx: &Ctx) -> String {
    let first = ctx.servers.split(['/', ',']).next().unwrap_or("");
    let more = ctx
        .servers
        .split('/')
        .next()
        .unwrap_or("")
        .matches(',')
        .count();
    let host = if more > 0 {
        format!("{first}(+{more})")
    } else {
        first.to_string()
    };
    let state = ctx.state();
    let state = match state.as_str() {
        "SyncConnected" | "ConnectedReadOnly" => String::new(),
        s => format!(" [{s}]"),
    };
    let name = match &ctx.cfg.context {
        Some((name, _)) => format!("{} ", line::quote_shown(name)),
        None => String::new(),
    };
    format!("{name}{host}{state} {}> ", line::quote_shown(&ctx.cwd))
}

/// A question on the terminal (the main line editor is idle while a command runs). A line editor
/// of its own reads the answer so that Ctrl-C (or Ctrl-D) answers "" (no) at once: a plain
/// blocking read ignores Ctrl-C until Enter, as the interrupt handler cannot run meanwhile.
fn ask(question: &str) -> String {
    rustyline::DefaultEditor::new()
        .and_then(|mut rl| rl.readline(&format!("zksh: {question} ")))
        .map(|a| a.trim().to_string())
        .unwrap_or_default()
}
