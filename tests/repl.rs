//! The REPL through a pseudo-terminal against a real server: prompt, cd/pwd, inline watch events
//! over a half-typed line, TAB completion, Ctrl-C / Ctrl-D, history without secrets, session
//! state changes, the deleteall confirmation, and errors that leave the shell alive.

mod common;
use common::*;

use std::io::{ErrorKind, Write};
use std::process::Command as StdCommand;
use std::time::{Duration, Instant};

use expectrl::process::unix::WaitStatus;
use expectrl::session::OsSession;

/// How long any one expected text may take to appear.
const TIMEOUT: Duration = Duration::from_secs(10);

/// A zksh REPL in a pseudo-terminal, with its own history file and a transcript of everything it
/// printed (escape sequences included) for failure messages.
struct Repl {
    session: OsSession,
    /// Output read but not yet matched by `expect`.
    pending: Vec<u8>,
    transcript: Vec<u8>,
    history: std::path::PathBuf,
    _dir: tempfile::TempDir,
    /// The prompt's server part: `127.0.0.1:PORT`.
    host: String,
}

impl Repl {
    /// `zksh ARGS` in a pseudo-terminal, clean environment, history in `dir`; does not wait.
    fn spawn(args: &[&str], dir: tempfile::TempDir) -> Repl {
        Repl::spawn_under(args, dir, std::path::Path::new(&no_config()))
    }

    /// As `spawn`, with `config` as `XDG_CONFIG_HOME` (where zksh looks for its config file).
    fn spawn_under(args: &[&str], dir: tempfile::TempDir, config: &std::path::Path) -> Repl {
        let history = dir.path().join("state/history");
        let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_zksh"));
        cmd.env_remove("ZKSH_SERVER")
            .env_remove("ZKSH_AUTH")
            .env_remove("ZKSH_CONTEXT")
            .env("XDG_CONFIG_HOME", config)
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .env("ZKSH_HISTORY", &history)
            .args(args);
        Repl {
            session: OsSession::spawn(cmd).expect("spawn zksh in a pty"),
            pending: Vec::new(),
            transcript: Vec::new(),
            history,
            _dir: dir,
            host: String::new(),
        }
    }

    /// The REPL on `servers` (plus `extra` flags), once it shows its first prompt.
    fn start_in(servers: &str, extra: &[&str], dir: tempfile::TempDir) -> Repl {
        let mut repl = Repl::spawn(&[&["-s", servers], extra].concat(), dir);
        repl.host = servers.split(',').next().unwrap().to_string();
        repl.prompt("/");
        repl
    }

    fn start(servers: &str, extra: &[&str]) -> Repl {
        Repl::start_in(servers, extra, tempfile::tempdir().unwrap())
    }

    /// Reads what the terminal has to offer now; false at end of output (the process is gone).
    fn fill(&mut self) -> bool {
        let mut buf = [0u8; 4096];
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => return false,
                Ok(n) => {
                    self.pending.extend_from_slice(&buf[..n]);
                    self.transcript.extend_from_slice(&buf[..n]);
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                // Linux reports a pty whose other side has closed as EIO.
                Err(_) => return false,
            }
        }
    }

    fn shown(&self) -> String {
        String::from_utf8_lossy(&self.transcript).into_owned()
    }

    /// Waits for `text` on the terminal; returns everything printed before it (since the last
    /// match) and consumes both.
    fn expect(&mut self, text: &str) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let open = self.fill();
            if let Some(i) = find(&self.pending, text.as_bytes()) {
                let before = String::from_utf8_lossy(&self.pending[..i]).into_owned();
                self.pending.drain(..i + text.len());
                return before;
            }
            assert!(
                open && Instant::now() < deadline,
                "{:?} did not appear ({}); the terminal showed:\n{:?}",
                text,
                if open { "timeout" } else { "zksh exited" },
                self.shown()
            );
            // Polling granularity only: the loop ends as soon as the text shows up.
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the prompt at node `cwd`; returns what was printed before it, as plain text.
    fn prompt(&mut self, cwd: &str) -> String {
        let p = format!("{} {cwd}> ", self.host);
        plain(&self.expect(&p))
    }

    /// Sends keystrokes as typed.
    fn send(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).unwrap();
        self.session.flush().unwrap();
    }

    /// Types `text`, waits for its echo (so the line editor holds it), then presses Enter.
    fn line(&mut self, text: &str) {
        self.send(text);
        self.expect(text);
        self.send("\r");
    }

    /// Types `text` and waits for its echo, without Enter.
    fn line_without_enter(&mut self, text: &str) {
        self.send(text);
        self.expect(text);
    }

    /// Runs `text` at node `cwd` and returns its output (stdout and stderr) as plain text.
    fn run(&mut self, text: &str, cwd: &str) -> String {
        self.line(text);
        self.prompt(cwd)
    }

    /// Waits for the process to end and returns its exit code.
    fn exit_code(&mut self) -> i32 {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            self.fill();
            match self.session.get_process().status() {
                Ok(WaitStatus::Exited(_, code)) => return code,
                Ok(WaitStatus::StillAlive) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => panic!("zksh did not exit: {other:?}; showed:\n{:?}", self.shown()),
            }
        }
    }
}

/// Terminal output without escape sequences and carriage returns.
fn plain(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            // CSI: ESC [ parameters... final byte in @..~
            '\x1b' => {
                if chars.next() == Some('[') {
                    for f in chars.by_ref() {
                        if ('@'..='~').contains(&f) {
                            break;
                        }
                    }
                }
            }
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn repl() -> Repl {
    Repl::start(server(), &[])
}

#[test]
fn prompt_shows_server_and_node_and_follows_cd() {
    let r = root("p");
    ok(&["create", "-p", &format!("{r}/sub"), ""]);
    let mut z = repl();
    assert!(z.shown().contains(&format!("{} /> ", server())));
    assert_eq!(z.run("pwd", "/").trim(), "/");
    z.run(&format!("cd {r}/sub"), &format!("{r}/sub"));
    assert_eq!(z.run("pwd", &format!("{r}/sub")).trim(), format!("{r}/sub"));
    z.run("cd ..", &r);
    assert_eq!(z.run("pwd", &r).trim(), r);
    z.run("cd sub", &format!("{r}/sub"));
    z.run("cd", "/");
}

#[test]
fn watch_event_prints_inline_and_half_typed_line_survives() {
    let r = root("w");
    let watched = format!("{r}/w");
    ok(&["create", "-p", &watched, "old"]);
    let mut z = repl();
    assert!(z.run(&format!("get -w {watched}"), "/").contains("old"));
    // Half a line, no Enter; its echo proves the line editor holds it before the event fires.
    let partial = format!("create {r}/chi");
    z.line_without_enter(&partial);
    ok(&["set", &watched, "x"]);
    z.expect(&format!("WATCH NodeDataChanged {watched}"));
    // The editor redraws the prompt with the half-typed line under the event.
    z.expect(&format!("{} /> {partial}", z.host.clone()));
    z.send("ld v\r");
    let out = z.prompt("/");
    assert!(out.contains(&format!("{r}/child\n")), "{out:?}");
    assert_eq!(ok(&["get", &format!("{r}/child")]), "v");
}

#[test]
fn tab_completes_paths_and_command_names() {
    let r = root("c");
    ok(&["create", "-p", &format!("{r}/alpha-unique/kid"), ""]);
    ok(&["create", &format!("{r}/beta"), ""]);
    let mut z = repl();
    z.line_without_enter(&format!("ls {r}/alp"));
    z.send("\t");
    z.expect(&format!("ls {r}/alpha-unique"));
    z.send("\r");
    let out = z.prompt("/");
    assert!(out.contains("\nkid\n"), "{out:?}");
    assert!(!out.contains("error"), "{out:?}");

    z.run(&format!("cd {r}"), &r);
    z.line_without_enter("pw");
    z.send("\t");
    z.expect("pwd");
    z.send("\r");
    assert!(z.prompt(&r).contains(&format!("\n{r}\n")));

    // Relative to the current node.
    z.line_without_enter("ls be");
    z.send("\t");
    z.expect("ls beta");
    z.send("\r");
    let out = z.prompt(&r);
    assert!(!out.contains("error"), "{out:?}");
}

#[test]
fn ctrl_c_clears_the_line_and_keeps_the_shell() {
    let mut z = repl();
    z.line_without_enter("get /never-run-this");
    z.send("\x03");
    let out = z.prompt("/");
    assert!(!out.contains("error"), "the cleared line ran: {out:?}");
    assert_eq!(z.run("pwd", "/").trim(), "/");
    assert!(
        !std::fs::read_to_string(&z.history)
            .unwrap_or_default()
            .contains("never-run")
    );
}

/// The first connection to `listener`, or a panic after `limit`.
fn accept_within(listener: &std::net::TcpListener, limit: Duration) -> std::net::TcpStream {
    listener.set_nonblocking(true).unwrap();
    let deadline = Instant::now() + limit;
    loop {
        match listener.accept() {
            Ok((conn, _)) => return conn,
            Err(e) if e.kind() == ErrorKind::WouldBlock && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => panic!("zksh never connected to the silent server: {e}"),
        }
    }
}

#[test]
fn ctrl_c_interrupts_a_running_command_and_keeps_the_shell() {
    // A server that accepts the connection and never answers: `connect` blocks on it.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let mut z = Repl::start(server(), &["--connect-timeout", "60s"]);
    z.line(&format!("connect 127.0.0.1:{port}"));
    // Once zksh is connected to it, the command is running (the line editor is done).
    let _conn = accept_within(&silent, TIMEOUT);
    let started = Instant::now();
    z.send("\x03");
    z.expect("zksh: error: interrupted");
    assert!(started.elapsed() < Duration::from_secs(5));
    // The prompt now names the unreachable server and its state.
    z.expect(" /> ");
    z.line("pwd");
    z.expect("\r\n/\r\n");
}

#[test]
fn ctrl_c_interrupts_a_one_shot_watch_with_code_130() {
    let r = root("i");
    ok(&["create", "-p", &r, "here"]);
    let mut z = Repl::spawn(
        &["-s", server(), "get", "-w", &r],
        tempfile::tempdir().unwrap(),
    );
    // The value is printed once the watch is set; zksh then waits for the event.
    z.expect("here\r\n");
    z.send("\x03");
    assert_eq!(z.exit_code(), 130);
}

#[test]
fn ctrl_d_on_an_empty_line_exits_0() {
    let mut z = repl();
    z.send("\x04");
    assert_eq!(z.exit_code(), 0);
}

#[test]
fn history_keeps_lines_but_never_secrets() {
    let r = root("h");
    let mut z = repl();
    z.run("pwd", "/");
    z.run("ls /zookeeper", "/");
    z.run("addauth digest user:secretpw", "/");
    z.run("digest user:secretpw", "/");
    z.run("echo-nothing --sasl-password secretpw; pwd", "/");
    z.run(&format!("get {r}-missing"), "/");
    let listed = z.run("history", "/");
    for l in [
        "pwd",
        "ls /zookeeper",
        &format!("get {r}-missing"),
        "history",
    ] {
        assert!(
            listed.contains(&format!("  {l}\n")),
            "{l:?} not in {listed:?}"
        );
    }
    assert!(!listed.contains("secretpw"), "{listed:?}");
    let file = std::fs::read_to_string(&z.history).unwrap();
    for l in [
        "pwd",
        "ls /zookeeper",
        &format!("get {r}-missing"),
        "history",
    ] {
        assert!(file.lines().any(|f| f == l), "{l:?} not in {file:?}");
    }
    assert!(
        !file.contains("secretpw") && !file.contains("addauth") && !file.contains("digest"),
        "{file:?}"
    );

    // The next session starts with this history.
    z.send("\x04");
    assert_eq!(z.exit_code(), 0);
    let mut z = Repl::start_in(server(), &[], z._dir);
    let listed = z.run("history", "/");
    assert!(listed.contains("  ls /zookeeper\n"), "{listed:?}");
    assert!(!listed.contains("secretpw"), "{listed:?}");
}

/// Stops (and removes) this test's own server even when an assertion fails.
struct OwnServer(String);

impl Drop for OwnServer {
    fn drop(&mut self) {
        // Not `zk_server`: its assertion would abort a test that is already panicking.
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/zk-server");
        let _ = StdCommand::new(script)
            .args(["stop", &self.0, "--rm"])
            .status();
    }
}

#[test]
fn session_state_changes_print_inline() {
    // Per process: another test run sharing the target dir must not stop this server.
    let dir = server_dir(&format!("repl-restart-{}", std::process::id()));
    let servers = zk_server(&["start", &dir]);
    let _own = OwnServer(dir.clone());
    let mut z = Repl::start(&servers, &[]);
    zk_server(&["stop", &dir]);
    z.expect("SESSION Disconnected");
    // The shell stays, and its prompt now carries the connection state.
    z.line("pwd");
    z.expect("\r\n/\r\n");
    z.expect(&format!("{servers} ["));
}

#[test]
fn deleteall_of_a_big_tree_asks_first() {
    let r = root("d");
    let big = format!("{r}/big");
    let script: String = (0..1000)
        .map(|i| format!("create -p {big}/d{}/n{i}\n", i % 10))
        .collect();
    zksh().write_stdin(script).assert().success();

    let mut z = repl();
    z.line(&format!("deleteall {big}"));
    z.expect(&format!("nodes under {big}"));
    z.expect("[y/N] ");
    z.send("n\r");
    let out = z.prompt("/");
    assert!(out.contains("zksh: error: "), "{out:?}");
    assert_eq!(run(&["exists", &big]).0, 0);

    // Ctrl-C at the question answers no at once.
    z.line(&format!("deleteall {big}"));
    z.expect("[y/N] ");
    z.send("\x03");
    z.prompt("/");
    assert_eq!(run(&["exists", &big]).0, 0);

    let out = z.run(&format!("deleteall --force {big}"), "/");
    assert!(!out.contains("[y/N]"), "{out:?}");
    assert_eq!(run(&["exists", &big]).0, 3);
}

#[test]
fn errors_print_and_the_shell_stays() {
    let mut z = repl();
    let out = z.run("get /definitely-missing", "/");
    assert!(out.contains("zksh: error: /definitely-missing"), "{out:?}");
    let out = z.run("nosuchcommand", "/");
    assert!(out.contains("zksh: error: "), "{out:?}");
    assert_eq!(z.run("pwd", "/").trim(), "/");
}

#[test]
fn redo_runs_a_history_line_again() {
    let r = root("redo");
    let mut z = repl();
    z.run(&format!("create {r}"), "/");
    z.run(&format!("create {r}/a"), "/");
    z.run(&format!("delete {r}/a"), "/");
    let listed = z.run("history", "/");
    assert!(
        listed.contains(&format!("    2  create {r}/a\n")),
        "{listed:?}"
    );
    // Line 2 again: the node is back.
    let out = z.run("redo 2", "/");
    assert!(out.contains(&format!("{r}/a\n")), "{out:?}");
    assert_eq!(run(&["exists", &format!("{r}/a")]).0, 0);
    // Line 5 is that redo itself; there is no line 99.
    let out = z.run("redo 5", "/");
    assert!(
        out.contains("zksh: error: redo: line 5 is a redo itself"),
        "{out:?}"
    );
    let out = z.run("redo 99", "/");
    assert!(
        out.contains("zksh: error: redo: no line 99 in history"),
        "{out:?}"
    );
    ok(&["deleteall", &r]);
}

#[test]
fn redo_needs_the_interactive_shell() {
    // History exists only in the REPL; a one-shot or script `redo` is a usage error.
    let (code, _, err) = run(&["redo", "1"]);
    assert_eq!(code, 2);
    assert!(err.contains("redo: only in the interactive shell"), "{err}");
    assert_eq!(run(&["-c", "redo 1"]).0, 2);
}

#[test]
fn printwatches_off_keeps_events_quiet_until_on() {
    let r = root("printwatches");
    ok(&["create", &r, "v0"]);
    let mut z = repl();
    z.run("printwatches off", "/");
    z.run(&format!("get -w {r}"), "/");
    ok(&["set", &r, "v1"]);
    // The event has come once the one-shot watch leaves the list.
    let deadline = Instant::now() + TIMEOUT;
    while z.run("watches", "/").contains(&r) {
        assert!(Instant::now() < deadline, "the watch never fired");
    }
    assert!(!z.shown().contains("WATCH"), "{:?}", z.shown());
    z.run("printwatches on", "/");
    z.run(&format!("get -w {r}"), "/");
    ok(&["set", &r, "v2"]);
    z.expect(&format!("WATCH NodeDataChanged {r}"));
    ok(&["delete", &r]);
}

#[test]
fn addwatch_and_removewatches_as_in_zkcli() {
    let r = root("addwatch-repl");
    ok(&["create", &r, "v0"]);
    let mut z = repl();
    let out = z.run(&format!("addWatch {r}"), "/");
    assert!(out.contains(&format!("{r} (persistent)")), "{out:?}");
    assert!(z.run("watches", "/").contains(&r));
    ok(&["set", &r, "v1"]);
    z.expect(&format!("WATCH NodeDataChanged {r}"));
    z.prompt("/");
    z.run(&format!("removewatches {r}"), "/");
    assert!(!z.run("watches", "/").contains(&r));
    ok(&["delete", &r]);
}

#[test]
fn quit_and_exit_leave_the_shell_with_0() {
    for word in ["quit", "exit"] {
        let mut z = repl();
        z.line(word);
        assert_eq!(z.exit_code(), 0);
    }
}

#[test]
fn one_shot_and_persistent_watch_on_one_node_warn_of_zookeeper_4466() {
    let r = root("zk4466");
    ok(&["create", "-p", &format!("{r}/child"), "v0"]);
    let mut z = repl();
    // A persistent watch, then a one-shot watch on the same node: warned.
    z.run(&format!("watch {r}"), "/");
    let out = z.run(&format!("get -w {r}"), "/");
    assert!(out.contains("ZOOKEEPER-4466"), "{out:?}");
    // A recursive watch covers the nodes below it too.
    z.run(&format!("watch -R {r}/child"), "/");
    let out = z.run(&format!("stat -w {r}/child"), "/");
    assert!(out.contains("ZOOKEEPER-4466"), "{out:?}");
    // Unrelated nodes are not warned about.
    let other = root("zk4466-other");
    ok(&["create", &other, "x"]);
    let out = z.run(&format!("get -w {other}"), "/");
    assert!(!out.contains("ZOOKEEPER-4466"), "{out:?}");
    ok(&["deleteall", &r]);
    ok(&["delete", &other]);
}

#[test]
fn bidi_and_separator_names_are_escaped_in_errors_completion_and_prompt() {
    let r = root("bidi");
    let evil = format!("{r}/ab\u{202E}cd\u{2028}ef");
    ok(&["create", "-p", &evil]);
    let shown = format!("\"{r}/ab\\u{{202e}}cd\\u{{2028}}ef\"");
    let mut z = repl();
    // An error naming the node (stderr), typed with the escapes the terminal shows.
    let out = z.run(&format!("create {shown}"), "/");
    assert!(
        out.contains(&format!("{r}/ab\\u{{202e}}cd\\u{{2028}}ef")) && out.contains("exists"),
        "{out:?}"
    );
    // TAB completion inserts the escaped, quoted form, which reads back as the real name.
    z.line_without_enter(&format!("stat {r}/a"));
    z.send("\t");
    z.expect(&shown);
    z.send("\r");
    let out = z.prompt("/");
    assert!(out.contains("numChildren"), "{out:?}");
    // The prompt shows the current node escaped.
    z.run(&format!("cd {shown}"), &shown);
    let seen = z.shown();
    assert!(
        !seen.contains('\u{202E}') && !seen.contains('\u{2028}'),
        "{seen:?}"
    );
    ok(&["deleteall", &r]);
}

#[test]
fn reconnect_opens_a_new_session_and_clear_clears_the_screen() {
    let r = root("reconn");
    ok(&["create", &r]);
    let mut z = repl();
    z.run(&format!("create -e {r}/eph"), "/");
    z.run(&format!("cd {r}"), &r);
    let out = z.run("reconnect", &r);
    assert!(out.contains("new session 0x"), "{out:?}");
    // The old session's ephemeral went with it; the current node stayed.
    assert_eq!(run(&["exists", &format!("{r}/eph")]).0, 3);
    z.line("close");
    z.expect(&format!("[Closed] {r}> "));
    let out = z.run("reconnect", &r);
    assert!(out.contains("new session 0x"), "{out:?}");
    assert_eq!(z.run("pwd", &r).trim(), r);
    z.line("clear");
    z.expect("\x1b[2J");
    z.prompt(&r);
    ok(&["delete", &r]);
}

#[test]
fn lines_arriving_in_one_read_all_run_in_order() {
    let r = root("burst");
    ok(&["create", &r]);
    let mut z = repl();
    z.send(&format!("create {r}/a\rcreate {r}/b\rcreate {r}/c\r"));
    for c in ["a", "b", "c"] {
        z.expect(&format!("\r\n{r}/{c}\r\n"));
    }
    z.prompt("/");
    assert_eq!(ok(&["ls", &r]), "a\nb\nc\n");
    ok(&["deleteall", &r]);
}

#[test]
fn watch_events_wait_until_the_running_command_is_done() {
    let r = root("held");
    ok(&["create", &r]);
    let mut z = repl();
    z.run(&format!("watch -R {r}"), "/");
    z.run(&format!("cd {r}"), &r);
    let line: Vec<String> = (0..4).map(|i| format!("create n{i}")).collect();
    z.line(&line.join("; "));
    // Every event fired while the line ran, yet none may show inside its output.
    let out = plain(&z.prompt(&r));
    let first_event = out.find("WATCH").unwrap_or(out.len());
    let printed = &out[..first_event];
    for i in 0..4 {
        assert!(printed.contains(&format!("{r}/n{i}\n")), "{out:?}");
    }
    let mut seen = plain(&z.shown());
    for i in 0..4 {
        let ev = format!("WATCH NodeCreated {r}/n{i}");
        while !seen.contains(&ev) {
            z.expect("WATCH");
            seen = plain(&z.shown());
        }
    }
    let all = plain(&z.shown());
    let last_output = all.find(&format!("\n{r}/n3\n")).unwrap();
    let first_watch = all.find("WATCH NodeCreated").unwrap();
    assert!(last_output < first_watch, "{all:?}");
    ok(&["deleteall", &r]);
}

/// A config directory for the REPL tests of contexts: `text` with `{S}` the test server.
fn config_dir(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("zksh")).unwrap();
    std::fs::write(
        dir.path().join("zksh/config.toml"),
        text.replace("{S}", server()),
    )
    .unwrap();
    dir
}

/// The REPL under a config file (as `XDG_CONFIG_HOME`), at its first prompt (`host`: the
/// prompt's text before the node).
fn repl_with_config(config: &tempfile::TempDir, host: &str) -> Repl {
    let mut z = Repl::spawn_under(&[], tempfile::tempdir().unwrap(), config.path());
    z.host = host.to_string();
    z.prompt("/");
    z
}

#[test]
fn use_switches_context_prompt_and_server() {
    let r = root("use");
    ok(&["create", &r, "here"]);
    let config = config_dir(
        "default = \"dead\"\n[contexts.dead]\nservers = \"127.0.0.1:1\"\nconnect_timeout = \"1s\"\n\
         [contexts.live]\nservers = \"{S}\"\ncolor = \"green\"\n",
    );
    let mut z = repl_with_config(&config, "dead 127.0.0.1:1 [NotConnected]");
    let host = server().split(',').next().unwrap().to_string();
    z.line("use live");
    z.host = format!("live {host}");
    z.prompt("/");
    let out = z.run(&format!("get {r}"), "/");
    assert!(out.contains("here"), "{out:?}");
    let out = z.run("contexts", "/");
    assert!(out.contains("* live"), "{out:?}");
    z.send("\x04");
    assert_eq!(z.exit_code(), 0);
    ok(&["delete", &r]);
}

#[test]
fn a_protected_path_asks_for_the_context_name_in_the_shell() {
    let r = root("protect");
    ok(&["create", "-p", &format!("{r}/kafka/x"), "v"]);
    let config = config_dir(&format!(
        "default = \"prod\"\n[contexts.prod]\nservers = \"{{S}}\"\nprotect = [\"{r}/kafka\"]\n"
    ));
    let host = server().split(',').next().unwrap().to_string();
    let mut z = repl_with_config(&config, &format!("prod {host}"));
    z.line(&format!("set {r}/kafka/x w"));
    z.expect("Type the context name to go on:");
    z.send("nope\r");
    let out = z.prompt("/");
    assert!(out.contains("not confirmed"), "{out:?}");
    assert_eq!(ok(&["get", &format!("{r}/kafka/x")]), "v");
    z.line(&format!("set {r}/kafka/x w"));
    z.expect("Type the context name to go on:");
    z.send("prod\r");
    z.prompt("/");
    assert_eq!(ok(&["get", &format!("{r}/kafka/x")]), "w");
    z.send("\x04");
    assert_eq!(z.exit_code(), 0);
    ok(&["deleteall", &r]);
}

#[test]
fn a_confirming_context_asks_before_every_write() {
    let r = root("confirm");
    ok(&["create", &r, "v"]);
    let config = config_dir("default = \"c\"\n[contexts.c]\nservers = \"{S}\"\nconfirm = true\n");
    let host = server().split(',').next().unwrap().to_string();
    let mut z = repl_with_config(&config, &format!("c {host}"));
    z.line(&format!("set {r} w"));
    z.expect(&format!("set {r}? [y/N]"));
    z.send("n\r");
    z.prompt("/");
    assert_eq!(ok(&["get", &r]), "v");
    // Reads do not ask.
    let out = z.run(&format!("get {r}"), "/");
    assert!(out.contains('v') && !out.contains("[y/N]"), "{out:?}");
    z.line(&format!("set {r} w"));
    z.expect("[y/N]");
    z.send("y\r");
    z.prompt("/");
    assert_eq!(ok(&["get", &r]), "w");
    z.send("\x04");
    assert_eq!(z.exit_code(), 0);
    ok(&["delete", &r]);
}

#[test]
fn lock_runs_its_command_in_the_foreground_and_the_prompt_comes_back() {
    let r = root("rl");
    ok(&["create", &r]);
    let mut z = repl();
    // Short lines: a wrapped line would not echo back as typed.
    z.run(&format!("cd {r}"), &r);
    // `u""p` on the line, `up` on the screen: the echo of the line never matches.
    let out = z.run(r#"lock l -- sh -c 'echo in""-lock'"#, &r);
    assert!(out.contains("in-lock"), "{out}");
    // The command owns the terminal while it runs: it can read it...
    z.line(r#"lock l -- sh -c 'echo u""p;read x;echo r$x'"#);
    z.expect("up");
    z.send("typed\r");
    z.expect("rtyped");
    z.prompt(&r);
    // ... and Ctrl-C reaches it; the lock is released and the shell stays. The command traps
    // SIGINT and waits for a background sleep: with a plain `sleep 30` a Ctrl-C can land in the
    // instant between sh's fork and sleep's exec, where sh's handler in the child takes it and
    // sh then waits the 30 s out (seen on a loaded machine).
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("int.sh");
    std::fs::write(&script, "trap 'exit 9' INT\nsleep 30 &\necho start\nwait\n").unwrap();
    z.line(&format!("lock l -- sh {}", script.display()));
    z.expect("start");
    z.send("\x03");
    z.prompt(&r);
    let left = z.run("locks l", &r);
    assert!(!left.contains("holder"), "{left}");
    z.run("pwd", &r);
}
