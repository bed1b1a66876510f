//! How zksh runs outside the REPL: one-shot watches that wait for their event, `-c`, `-f` and
//! stdin scripts with their stop/keep-going rules, usage errors, help, `cd`/`pwd`, path rules,
//! JSON errors, and colour only where it belongs.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, ChildStdout, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use expectrl::Expect;
use serde_json::{Value, json};

/// A zksh process left running (a watcher), read line by line as it prints. `--timeout` bounds
/// it, so a test whose event never comes fails instead of hanging.
struct Running {
    child: Child,
    out: BufReader<ChildStdout>,
}

impl Running {
    fn spawn(args: &[&str]) -> Running {
        let mut child = StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
            .env_remove("ZKSH_SERVER")
            .env("NO_COLOR", "1")
            .args(["-s", server(), "--timeout", "15s"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = BufReader::new(child.stdout.take().unwrap());
        Running { child, out }
    }

    /// The next line of stdout (blocks until it is printed).
    fn line(&mut self) -> String {
        let mut l = String::new();
        self.out.read_line(&mut l).unwrap();
        l
    }

    /// Waits for the process to end; returns (exit code, rest of stdout, stderr).
    fn finish(mut self) -> (i32, String, String) {
        let (mut rest, mut err) = (String::new(), String::new());
        self.out.read_to_string(&mut rest).unwrap();
        let mut stderr = self.child.stderr.take().unwrap();
        stderr.read_to_string(&mut err).unwrap();
        (self.child.wait().unwrap().code().unwrap_or(-1), rest, err)
    }
}

/// Runs zksh with `args` and `stdin`; returns (exit code, stdout, stderr).
fn with_stdin(args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = zksh().args(args).write_stdin(stdin).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn exists(path: &str) -> bool {
    run(&["exists", path]).0 == 0
}

#[test]
fn get_watch_prints_the_value_then_waits_for_the_change() {
    let r = root("watch-get");
    ok(&["create", &r, "v0"]);
    let mut w = Running::spawn(&["get", "-w", &r]);
    assert_eq!(w.line(), "v0\n");
    ok(&["set", &r, "v1"]);
    assert_eq!(
        w.finish(),
        (0, format!("WATCH NodeDataChanged {r}\n"), String::new())
    );
    ok(&["delete", &r]);
}

#[test]
fn ls_watch_reports_children_changes_in_json() {
    let r = root("watch-ls");
    ok(&["create", &r]);
    let mut w = Running::spawn(&["-o", "json", "ls", "-w", &r]);
    let first: Value = serde_json::from_str(&w.line()).unwrap();
    assert_eq!(first, json!({"path": r, "children": []}));
    ok(&["create", &format!("{r}/kid")]);
    let (code, rest, err) = w.finish();
    assert_eq!((code, err.as_str()), (0, ""));
    let event: Value = serde_json::from_str(&rest).unwrap();
    assert_eq!(event["kind"], "NodeChildrenChanged");
    assert_eq!(event["path"], r.as_str());
    ok(&["deleteall", &r]);
}

#[test]
fn exists_and_stat_watches_see_creation_and_deletion() {
    let r = root("watch-exists");
    let mut w = Running::spawn(&["exists", "-w", &r]);
    assert_eq!(w.line(), "false\n");
    ok(&["create", &r]);
    // The answer printed was "false", so the exit code stays 3; the event follows it.
    assert_eq!(
        w.finish(),
        (3, format!("WATCH NodeCreated {r}\n"), String::new())
    );

    let mut w = Running::spawn(&["stat", "-w", &r]);
    let first = w.line();
    assert!(first.starts_with("cZxid = 0x"), "{first}");
    ok(&["delete", &r]);
    let (code, rest, _) = w.finish();
    assert_eq!(code, 0);
    assert!(
        rest.ends_with(&format!("WATCH NodeDeleted {r}\n")),
        "{rest}"
    );
}

#[test]
fn watch_without_event_times_out_with_8() {
    let r = root("watch-timeout");
    ok(&["create", &r, "v"]);
    let start = Instant::now();
    let (code, out, err) = run(&["--timeout", "1s", "get", "-w", &r]);
    let took = start.elapsed();
    assert_eq!((code, out.as_str()), (8, "v\n"));
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(5),
        "{took:?}"
    );
    assert!(err.contains("no watch event within 1s"), "{err}");
    assert!(
        !err.contains("ZooKeeper is running"),
        "no connection hint for a quiet node: {err}"
    );
    let (code, _, err) = run(&["-o", "json", "--timeout", "1s", "exists", "-w", &r]);
    assert_eq!(code, 8);
    let v: Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(v["error"]["code"], "Timeout");
    ok(&["delete", &r]);
}

#[test]
fn command_string_and_script_file() {
    let r = root("scripts");
    let out = ok(&["-c", &format!("create {r} v; get {r}; set {r} w; get {r}")]);
    assert_eq!(out, format!("{r}\nvw"));
    // A quoted value may span lines of a -c string.
    ok(&["-c", &format!("set {r} 'a\nb'")]);
    assert_eq!(ok(&["get", &r]), "a\nb");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ops.zk");
    std::fs::write(
        &file,
        format!("# set up\n\ncreate {r}/f one  # trailing comment\nget {r}/f\n"),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    assert_eq!(ok(&["-f", f]), format!("{r}/f\none"));
    let (code, out, _) = with_stdin(&["-f", "-"], &format!("get {r}/f\n"));
    assert_eq!((code, out.as_str()), (0, "one"));
    let (code, _, err) = run(&["-f", dir.path().join("missing.zk").to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.zk"), "{err}");
    ok(&["deleteall", &r]);
}

#[test]
fn stdin_script_stops_at_the_first_failure() {
    let r = root("stdin-stop");
    let script = format!("create {r} a\n# a comment\n\nget {r}/missing\ncreate {r}/after\n");
    let (code, out, err) = with_stdin(&[], &script);
    assert_eq!((code, out), (3, format!("{r}\n")));
    assert_eq!(err.matches("zksh: error:").count(), 1, "{err}");
    assert!(!exists(&format!("{r}/after")));
    // Within a line too: the command after `;` does not run.
    assert_eq!(
        run(&["-c", &format!("get {r}/missing; create {r}/after")]).0,
        3
    );
    assert!(!exists(&format!("{r}/after")));
    ok(&["deleteall", &r]);
}

#[test]
fn keep_going_runs_everything_and_exits_with_the_last_failure() {
    let r = root("keep-going");
    let script = format!(
        "create {r}\nget {r}/missing\ncreate {r}\ncreate {r}/x; get {r}/missing; create {r}/y\n"
    );
    let (code, out, err) = with_stdin(&["-k"], &script);
    assert_eq!(code, 3, "{err}");
    assert_eq!(out, format!("{r}\n{r}/x\n{r}/y\n"));
    assert_eq!(err.matches("zksh: error:").count(), 3, "{err}");
    assert!(exists(&format!("{r}/y")));
    let (code, _, _) = run(&[
        "-k",
        "-c",
        &format!("get {r}/missing; create {r}; create {r}/z"),
    ]);
    assert_eq!(code, 4);
    assert!(exists(&format!("{r}/z")));
    ok(&["deleteall", &r]);
}

#[test]
fn usage_errors_exit_2() {
    let r = root("usage");
    // An unterminated quote stops the script before anything on its line or after it runs.
    let (code, _, err) = with_stdin(
        &[],
        &format!("create {r}\nset {r} 'oops\ncreate {r}/after\n"),
    );
    assert_eq!(code, 2);
    assert!(err.contains("unterminated single quote"), "{err}");
    assert!(!exists(&format!("{r}/after")));
    assert_eq!(run(&["-c", &format!("set {r} \"oops")]).0, 2);

    for args in [
        vec!["frob", "/x"],
        vec!["get", "--frob", "/x"],
        vec!["get"],
        vec!["-c", "frob /x"],
        vec!["-c", "get --frob /x"],
        vec!["-c", "set -v notanumber /x v"],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}");
        assert!(
            err.contains("frob") || err.contains("PATH") || err.contains("notanumber"),
            "{args:?}: {err}"
        );
    }
    ok(&["delete", &r]);
}

#[test]
fn help_and_version_need_no_server() {
    let dead = || zksh_at("127.0.0.1:1");
    let out = dead()
        .arg("help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(out).unwrap();
    for c in [
        "create",
        "get",
        "set",
        "ls",
        "stat",
        "exists",
        "delete (rm)",
        "deleteall (rmr)",
        "cd",
        "pwd",
    ] {
        assert!(
            help.lines().any(|l| l.trim_start().starts_with(c)),
            "{c} in {help}"
        );
    }
    for args in [
        vec!["help", "get"],
        vec!["get", "--help"],
        vec!["-c", "get --help"],
        vec!["-c", "help get"],
    ] {
        let out = dead()
            .args(&args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains("get [OPTIONS] <PATH>") && text.contains("--stat"),
            "{args:?}: {text}"
        );
    }
    let (code, _, err) = run(&["help", "frob"]);
    assert_eq!(code, 2);
    assert!(err.contains("frob"), "{err}");

    // The version and the git revision built from (build.rs asks git; this is a checkout).
    let v = env!("CARGO_PKG_VERSION");
    let rev = StdCommand::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map_or("unknown".into(), |o| {
            String::from_utf8_lossy(&o.stdout).trim().to_string()
        });
    let rev = std::env::var("ZKSH_GIT_REV").unwrap_or(rev);
    dead()
        .arg("version")
        .assert()
        .success()
        .stdout(format!("zksh {v} ({rev})\n"));
    dead()
        .arg("--version")
        .assert()
        .success()
        .stdout(format!("zksh {v} ({rev})\n"));
    dead()
        .args(["-o", "json", "version"])
        .assert()
        .success()
        .stdout(format!("{}\n", json!({"zksh": v, "revision": rev})));
}

#[test]
fn cd_and_pwd_resolve_relative_paths() {
    let r = root("cd");
    let name = &r[1..];
    let script = format!(
        "create -p {r}/a/b/c; pwd; cd {r}; pwd; cd a; pwd; set b here; get b; cd b/c; pwd; cd ../..; pwd; \
         cd ./b/../..; pwd; create a/new; cd ..; pwd; ls {name}/a; cd; pwd"
    );
    let out = ok(&["-c", &script]);
    assert_eq!(
        out,
        format!("{r}/a/b/c\n/\n{r}\n{r}/a\nhere{r}/a/b/c\n{r}/a\n{r}\n{r}/a/new\n/\nb\nnew\n/\n")
    );
    let (code, out, err) = run(&["-c", &format!("cd {r}; cd missing; pwd")]);
    assert_eq!((code, out.as_str()), (3, ""));
    assert!(
        err.contains(&format!("{r}/missing: node does not exist")),
        "{err}"
    );
    ok(&["deleteall", &r]);
}

#[test]
fn bad_paths_are_rejected_naming_the_rule() {
    // A dead server: the rule is checked before any connection is made.
    let dead = || zksh_at("127.0.0.1:1");
    for (args, rule) in [
        (vec!["get", "/a//b"], "empty segment"),
        (vec!["create", "/a/"], "must not end with '/'"),
        (vec!["ls", "/.."], "above the root"),
        (vec!["-c", "get ../x"], "above the root"),
        (vec!["stat", ""], "empty path"),
        (vec!["get", "/a\u{1}b"], "not allowed"),
    ] {
        let out = dead().args(&args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(rule), "{args:?}: {err}");
    }
}

#[test]
fn json_errors_go_to_stderr_with_code_and_path() {
    let r = root("json-errors");
    ok(&["-c", &format!("create {r}; create {r}/kid")]);
    for (args, code, name, path) in [
        (
            vec!["get".to_string(), format!("{r}/missing")],
            3,
            "NoNode",
            Some(format!("{r}/missing")),
        ),
        (
            vec!["create".to_string(), r.clone()],
            4,
            "NodeExists",
            Some(r.clone()),
        ),
        (
            vec![
                "set".to_string(),
                "-v".into(),
                "7".into(),
                r.clone(),
                "x".into(),
            ],
            5,
            "BadVersion",
            Some(r.clone()),
        ),
        (
            vec!["delete".to_string(), r.clone()],
            6,
            "NotEmpty",
            Some(r.clone()),
        ),
        (vec!["get".to_string(), "/a//b".into()], 2, "Usage", None),
        // Bad argv is reported in JSON too, and so is a bad line of a script.
        (
            vec!["get".to_string(), "--frob".into(), r.clone()],
            2,
            "Usage",
            None,
        ),
        (vec!["frob".to_string()], 2, "Usage", None),
        (
            vec!["-c".to_string(), "get --frob /x".into()],
            2,
            "Usage",
            None,
        ),
    ] {
        let mut full = vec!["-o".to_string(), "json".into()];
        full.extend(args.iter().map(|a| a.to_string()));
        let full: Vec<&str> = full.iter().map(String::as_str).collect();
        let (c, out, err) = run(&full);
        assert_eq!((c, out.as_str()), (code, ""), "{full:?}");
        let v: Value = serde_json::from_str(err.trim()).unwrap_or_else(|e| panic!("{err:?}: {e}"));
        assert_eq!(v["error"]["code"], name, "{v}");
        assert!(v["error"]["message"].is_string(), "{v}");
        assert_eq!(
            v["error"].get("path").and_then(Value::as_str),
            path.as_deref(),
            "{v}"
        );
    }
    ok(&["deleteall", &r]);
}

const ESC: &str = "\x1b[";

#[test]
fn color_always_marks_events_and_errors() {
    let r = root("color");
    ok(&["create", &r, "v"]);
    let mut w = Running::spawn(&["--color", "always", "get", "-w", &r]);
    assert_eq!(w.line(), "v\n", "node data is never coloured");
    ok(&["set", &r, "w"]);
    let (code, event, _) = w.finish();
    assert_eq!(code, 0);
    assert!(
        event.contains(ESC) && event.contains("WATCH") && event.contains(&r),
        "{event:?}"
    );

    let (code, _, err) = run(&["--color", "always", "get", &format!("{r}/missing")]);
    assert_eq!(code, 3);
    assert!(err.starts_with("zksh: ") && err.contains(ESC), "{err:?}");

    // Auto on pipes: nothing, even without NO_COLOR and with a colour terminal type.
    let out = zksh()
        .env_remove("NO_COLOR")
        .env("TERM", "xterm-256color")
        .args(["get", &format!("{r}/missing")])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("node does not exist") && !err.contains(ESC),
        "{err:?}"
    );
    ok(&["delete", &r]);
}

/// Runs zksh on a pseudo-terminal (stdout, stderr and stdin all a tty) with `env` set; returns
/// (exit code, everything it printed).
fn on_tty(env: &[(&str, &str)], args: &[&str]) -> (i32, String) {
    let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_zksh"));
    cmd.env_remove("NO_COLOR")
        .env_remove("ZKSH_SERVER")
        .env("TERM", "xterm-256color");
    cmd.envs(env.iter().copied())
        .args(["-s", server()])
        .args(args);
    let mut p = expectrl::Session::spawn(cmd).unwrap();
    p.set_expect_timeout(Some(Duration::from_secs(20)));
    let seen = p.expect(expectrl::Eof).unwrap();
    let text = String::from_utf8_lossy(seen.as_bytes()).to_string();
    let code = match p.get_process().wait().unwrap() {
        expectrl::process::unix::WaitStatus::Exited(_, c) => c,
        other => panic!("{other:?}"),
    };
    (code, text)
}

#[test]
fn color_auto_on_a_terminal_unless_no_color_or_dumb() {
    let r = root("tty");
    ok(&["create", &r, "red \x1b[31m text"]);
    let missing = format!("{r}/missing");
    let (code, text) = on_tty(&[], &["get", &missing]);
    assert_eq!(code, 3);
    assert!(
        text.contains(ESC) && text.contains("node does not exist"),
        "{text:?}"
    );
    for env in [[("NO_COLOR", "1")], [("TERM", "dumb")]] {
        let (code, text) = on_tty(&env, &["get", &missing]);
        assert_eq!(code, 3, "{env:?}");
        assert!(
            text.contains("node does not exist") && !text.contains(ESC),
            "{env:?}: {text:?}"
        );
    }
    let (_, text) = on_tty(&[], &["--color", "never", "get", &missing]);
    assert!(!text.contains(ESC), "{text:?}");
    // Node data never drives the terminal: its escape sequence is shown, not sent.
    let (code, text) = on_tty(&[("NO_COLOR", "1")], &["get", &r]);
    assert_eq!(code, 0);
    assert!(
        text.contains("red \\x1b[31m text") && !text.contains(ESC),
        "{text:?}"
    );
    ok(&["delete", &r]);
}

#[test]
fn one_shot_errors_on_a_terminal_escape_bidi_and_separator_names() {
    let r = root("bidi1");
    let evil = format!("{r}/ab\u{202E}cd\u{2028}ef");
    ok(&["create", "-p", &evil]);
    let (code, text) = on_tty(&[("NO_COLOR", "1")], &["create", &evil]);
    assert_eq!(code, 4, "{text:?}");
    assert!(
        text.contains("ab\\u{202e}cd\\u{2028}ef") && !text.contains('\u{202E}'),
        "{text:?}"
    );
    let (code, text) = on_tty(&[("NO_COLOR", "1")], &["-o", "json", "create", &evil]);
    assert_eq!(code, 4, "{text:?}");
    assert!(
        text.contains("\\u202e") && !text.contains('\u{2028}'),
        "{text:?}"
    );
    // A pipe gets the exact bytes.
    let out = zksh().args(["create", &evil]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains(&evil));
    ok(&["deleteall", &r]);
}

#[test]
fn ls_long_has_a_header_on_a_terminal_only() {
    let r = root("lsl");
    ok(&["create", "-p", &format!("{r}/kid"), "12"]);
    let (code, text) = on_tty(&[("NO_COLOR", "1")], &["ls", "-l", &r]);
    assert_eq!(code, 0, "{text:?}");
    let mut lines = text.lines();
    assert_eq!(
        lines
            .next()
            .map(str::split_whitespace)
            .map(|w| w.collect::<Vec<_>>()),
        Some(vec!["T", "VER", "SIZE", "KIDS", "NAME"]),
        "{text:?}"
    );
    assert!(
        lines.next().is_some_and(|l| l.ends_with("  kid")),
        "{text:?}"
    );
    let piped = ok(&["ls", "-l", &r]);
    assert_eq!(piped.lines().count(), 1, "{piped:?}");
    assert!(piped.ends_with("  kid\n"), "{piped:?}");
    ok(&["deleteall", &r]);
}
