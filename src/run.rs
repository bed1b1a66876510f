//! Picks the mode (one-shot, `-c`, `-f`, stdin script, REPL), runs it, and turns the outcome
//! into the process exit code: the one place errors become exit codes.

use std::ffi::OsString;
use std::sync::Arc;

use crate::cli::{Cli, Format};
use crate::command::{self, Command, Parsed};
use crate::config::Config;
use crate::context::{Ctx, EventSink};
use crate::error::{Error, Result};
use crate::script::{self, Source};
use crate::{line, repl, sandbox, signals};

/// Runs zksh with `args` (argv, the program name first); returns the exit code.
pub fn main(args: Vec<OsString>) -> u8 {
    install_panic_hook();
    // Test-only (tests run the debug binary): proves the hook works without a real bug.
    #[cfg(debug_assertions)]
    if std::env::var_os("ZKSH_TEST_PANIC").is_some() {
        panic!("ZKSH_TEST_PANIC is set");
    }
    let cli = crate::argv::parse(args);
    let json = cli.options.output == Format::Json;
    let small = cli.command.as_ref().is_some_and(Command::is_small);
    if small {
        one_malloc_arena();
    }
    let cfg = match Config::from_options(&cli.options) {
        Ok(c) => c,
        Err(e) => return early_failure(json, &e),
    };
    forget_secrets(&cfg.secret_vars);
    if cfg.stdin_tty {
        command::STDIN_IS_TTY.store(true, std::sync::atomic::Ordering::Relaxed);
    }
    let interactive = cli.command.is_none()
        && cli.options.commands.is_none()
        && cli.options.file.is_none()
        && cfg.stdin_tty;
    let sandbox = match cli
        .options
        .sandbox
        .then(|| sandbox::Sandbox::start(!interactive, cfg.output()))
        .transpose()
    {
        Ok(s) => s,
        Err(e) => return early_failure(json, &e),
    };
    let mut cfg = cfg;
    if let Some(s) = &sandbox {
        // `--sandbox` wins over -s and $ZKSH_SERVER.
        cfg.connect.servers = s.servers.clone();
    }
    let cfg = Arc::new(cfg);
    let code = if interactive {
        repl::run(cfg)
    } else {
        // One worker: the client's connection task (pings) runs there while the main future may
        // block on a stdout write to a slow reader (`zksh ls -R / | less`). A small command
        // writes its output only once its session is closed (see `batch`), so it needs no
        // second thread: its start-up and the wake-ups across threads cost a one-shot `get`
        // 0.3 ms (issue 10).
        let mut builder = if small {
            tokio::runtime::Builder::new_current_thread()
        } else {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(1);
            b
        };
        let rt = match builder.enable_all().build() {
            Ok(rt) => rt,
            Err(e) => {
                eprintln!("zksh: error: cannot start the runtime: {e}");
                return 1;
            }
        };
        // Boxed: the future of every command is large, and held on the stack it was copied
        // into fresh stack pages twice (eight page faults of a one-shot run).
        rt.block_on(Box::pin(batch(cli, cfg)))
    };
    drop(sandbox);
    code
}

/// A failure before there is an output to print it (config, sandbox): text, or JSON with
/// `-o json`, on stderr.
fn early_failure(json: bool, e: &Error) -> u8 {
    if json {
        eprintln!("{}", e.to_json());
    } else {
        eprintln!("zksh: error: {e}");
    }
    e.exit_code()
}

/// A one-shot command of a request or two (`zksh get /a`) runs with glibc's main malloc arena
/// only: each of its threads (the runtime's worker, the client's reactor) would otherwise map and
/// set up an arena of its own on its first allocation, about 0.1 ms of CPU against a 2 ms run
/// (issue 10). Bulk commands and scripts, which allocate on both threads at once, keep theirs.
/// Called before any other thread exists.
fn one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: a plain glibc call with a documented parameter; a refusal changes nothing.
        unsafe { libc::mallopt(libc::M_ARENA_MAX, 1) };
    }
}

/// The secrets are read into the config; no child process (`$EDITOR`, the sandbox server's JVM,
/// a `lock -- CMD`) may inherit them.
fn forget_secrets(vars: &[String]) {
    for var in vars {
        // SAFETY: no other thread exists yet (no runtime, no sandbox), so nothing reads the
        // environment concurrently.
        unsafe { std::env::remove_var(var) };
    }
}

/// The last resort: a panic (always a bug) anywhere, on any thread, ends zksh with one clear
/// line and exit code 1 instead of a Rust backtrace, after removing a `--sandbox` server.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let msg = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("panic");
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        // A full-screen `ui` gives the terminal back first, so the line is seen and the shell
        // that started zksh works again.
        crate::tui::restore_after_panic();
        eprintln!("zksh: internal error: {msg}{at} (this is a bug; please report it)");
        sandbox::stop_after_panic();
        std::process::exit(1);
    }));
}

/// Everything that is not the REPL: one command, `-c`, `-f`, or a script on stdin.
async fn batch(cli: Cli, cfg: Arc<Config>) -> u8 {
    let out_cfg = cfg.clone();
    let events: EventSink = Arc::new(move |line: String| {
        let _ = out_cfg.output().line(&line);
    });
    let out = cfg.output();
    // Session notices come as lines (`zksh: ...`), or already as JSON with -o json.
    let notices: EventSink = Arc::new(move |line: String| match line.strip_prefix("zksh: ") {
        _ if out.json && line.starts_with('{') => {
            if !out.quiet {
                eprintln!("{line}");
            }
        }
        Some(note) => out.note(note),
        None => out.note(&line),
    });
    let mut ctx = Ctx::new(cfg.clone(), false, events, notices);
    listen_for_interrupts(false);
    if let Some(cmd) = cli.command {
        let quick = cmd.leaves_nothing();
        // A small command runs on one thread (see `main`): its output is held until the
        // session is closed, so a slow reader cannot stop the pings of a session still open.
        let held = cmd.is_small();
        if held {
            crate::output::hold();
        }
        let r = execute(&mut ctx, cmd).await;
        let code = (!held).then(|| finish(&ctx, r.clone()));
        // A signal while the session closes has nothing left to stop.
        let closing = signals::Running::start();
        if quick {
            ctx.shutdown_unconfirmed().await;
        } else {
            ctx.shutdown().await;
        }
        drop(closing);
        // A failed write of held output (a full disk) fails the command; a closed pipe is quiet.
        return code.unwrap_or_else(|| finish(&ctx, r.and(crate::output::release())));
    }
    // `-c` is one unit, so a quoted value may span its lines; files and stdin go line by line.
    let source = match (&cli.options.commands, cli.options.file.as_deref()) {
        (Some(c), _) => Source::Text(c.clone().into_bytes()),
        (None, Some("-")) | (None, None) => stdin_script(),
        (None, Some(f)) if is_stdin(f) => stdin_script(),
        (None, Some(f)) => match std::fs::File::open(f) {
            Ok(file) => Source::lines(file),
            Err(e) => return finish(&ctx, Err(Error::usage(format!("{f}: {e}")))),
        },
    };
    let code = script::run(&mut ctx, script::read(source), cfg.keep_going).await;
    ctx.shutdown().await;
    code
}

/// The script is stdin, which then has no other reader (see `command::value::claim_stdin`).
fn stdin_script() -> Source {
    command::STDIN_IS_SCRIPT.store(true, std::sync::atomic::Ordering::Relaxed);
    Source::lines(std::io::stdin())
}

/// Whether the file named is this process's stdin (`/dev/stdin`, `/dev/fd/0`, a FIFO or file
/// that stdin is also open on): reading it is reading stdin.
fn is_stdin(f: &str) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() else {
            return false;
        };
        match (std::fs::File::from(fd).metadata(), std::fs::metadata(f)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        f == "/dev/stdin"
    }
}

/// Splits and runs one line (which may hold several commands separated by `;`). Stops at the
/// first failing command of the line.
pub async fn run_line(ctx: &mut Ctx, text: &str) -> Result<()> {
    let commands = line::split(text).map_err(|e| Error::usage(e.0))?;
    for words in commands {
        run_words(ctx, words).await?;
        if ctx.quit {
            break;
        }
    }
    Ok(())
}

/// Parses and runs one command's words (or prints the help clap produced for them).
async fn run_words(ctx: &mut Ctx, words: Vec<String>) -> Result<()> {
    match command::parse(words)? {
        Parsed::Help(h) => ctx.out.bytes(h.as_bytes()),
        Parsed::Command(cmd) => execute(ctx, cmd).await,
    }
}

/// Runs one command. Ctrl-C (or SIGTERM, SIGHUP) cancels it instead of killing the process; a
/// bulk operation is asked to stop instead, so it can wait for its replies in flight and report
/// exactly what was done (a second signal cancels it at once).
pub async fn execute(ctx: &mut Ctx, cmd: Command) -> Result<()> {
    let mut running = signals::Running::start();
    let run = command::run(ctx, cmd);
    tokio::pin!(run);
    let sig = tokio::select! {
        biased;
        r = &mut run => return r,
        sig = running.next() => sig,
    };
    if signals::handled_by_command() {
        // It saw the signal too (each listener sees every one) and ends in its own way.
        return run.await;
    }
    if !signals::bulk_running() {
        return Err(Error::from_signal(sig));
    }
    signals::request_stop(sig);
    // A bulk command that stopped says so itself (its report, its error); one that was done
    // before it could stop has done all its work.
    tokio::select! {
        biased;
        r = &mut run => r,
        again = running.next() => Err(Error::from_signal(again)),
    }
}

/// Catches stop signals at once, so Ctrl-C never kills zksh between two awaits.
pub fn listen_for_interrupts(interactive: bool) {
    signals::install(interactive);
}

/// Prints an error (if any) and gives its exit code.
pub fn finish(ctx: &Ctx, r: Result<()>) -> u8 {
    match r {
        Ok(()) => 0,
        Err(e) => {
            ctx.out.error(&e);
            e.exit_code()
        }
    }
}
