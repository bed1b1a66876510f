//! zkCli.sh commands that no other test file runs under their zkCli spelling: `close` and
//! `connect`, `quit`, and a one-shot `addWatch` (see README: "zkCli.sh commands in zksh").

mod common;
use common::*;

use std::io::{BufRead, BufReader};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

#[test]
fn close_ends_the_session_until_connect() {
    let r = root("close");
    ok(&["create", &r, "v"]);
    let (code, _, err) = run(&["-c", &format!("close; get {r}")]);
    assert_eq!(code, 8, "{err}");
    assert!(err.contains("not connected (use `connect HOSTS`)"), "{err}");
    let out = ok(&["-c", &format!("close; connect {}; get {r}", server())]);
    assert_eq!(out, "v");
    ok(&["delete", &r]);
}

#[test]
fn quit_and_exit_end_a_script_with_0() {
    let r = root("quit");
    for word in ["quit", "exit"] {
        let after = format!("{r}-{word}");
        let out = zksh()
            .args([
                "-c",
                &format!("create {after}-before; {word}; create {after}"),
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(run(&["exists", &format!("{after}-before")]).0, 0);
        assert_eq!(
            run(&["exists", &after]).0,
            3,
            "{word} did not stop the script"
        );
        ok(&["delete", &format!("{after}-before")]);
    }
}

#[test]
fn addwatch_streams_events_in_one_shot_mode() {
    let r = root("addwatch");
    ok(&["create", &r, "v0"]);
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
        .env_remove("ZKSH_SERVER")
        .env("NO_COLOR", "1")
        .args([
            "-s",
            server(),
            "addWatch",
            "--count",
            "1",
            "--timeout",
            "30s",
            &r,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // One-shot mode prints nothing before the first event: ask the server when it is armed.
    let deadline = Instant::now() + Duration::from_secs(10);
    while !ok(&["4lw", "wchp"]).contains(&r) {
        assert!(Instant::now() < deadline, "the watch on {r} never showed");
        std::thread::sleep(Duration::from_millis(50));
    }
    ok(&["set", &r, "v1"]);
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert_eq!(line, format!("WATCH NodeDataChanged {r}\n"));
    assert!(child.wait().unwrap().success());
    ok(&["delete", &r]);
}
