//! stdout as a pipe: a reader that goes away (`| head -1`) ends every stream quietly with exit
//! 0, and a reader that pauses for longer than the session timeout does not expire the session.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// Creates `n` children under a fresh root with one import; returns the root.
fn wide_tree(name: &str, n: usize) -> String {
    let r = root(name);
    let mut nodes =
        vec![json!({"path": "/", "type": "persistent", "data": "", "acl": ["world:anyone:cdrwa"]})];
    for i in 0..n {
        nodes.push(
            json!({"path": format!("/node-with-a-longish-name-{i:06}"), "type": "persistent",
            "data": "dmFsdWUgdGhhdCBncmVwIGZpbmRz", "acl": ["world:anyone:cdrwa"]}),
        );
    }
    let f = tempfile::NamedTempFile::new().unwrap();
    let doc =
        json!({"format": "zksh-export", "version": 1, "root": r, "nodes": Value::Array(nodes)});
    std::fs::write(f.path(), doc.to_string()).unwrap();
    ok(&["import", f.path().to_str().unwrap()]);
    r
}

fn spawn(args: &[&str]) -> Child {
    StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
        .env_remove("ZKSH_SERVER")
        .env("NO_COLOR", "1")
        .args(["-s", server()])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits up to `limit` for the child to exit, calling `poke` between looks (to cause output).
fn exit_within(child: &mut Child, limit: Duration, mut poke: impl FnMut()) -> (i32, String) {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut err = String::new();
            child
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            return (status.code().unwrap_or(-1), err);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("zksh did not exit within {limit:?} after its reader went away");
        }
        poke();
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Reads one line, then closes the pipe as `head -1` does.
fn read_one_line_and_go(child: &mut Child) -> String {
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    line
}

#[test]
fn watch_stream_ends_quietly_once_its_reader_is_gone() {
    let r = root("pipewatch");
    ok(&["create", &r]);
    let mut child = spawn(&["watch", "-R", &r]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ok(&["4lw", "wchp"]).contains(&r) {
        assert!(Instant::now() < deadline, "the watch on {r} never showed");
        std::thread::sleep(Duration::from_millis(50));
    }
    ok(&["create", &format!("{r}/first")]);
    let line = read_one_line_and_go(&mut child);
    assert!(line.contains("NodeCreated"), "{line}");
    let mut n = 0;
    let (code, err) = exit_within(&mut child, Duration::from_secs(20), || {
        n += 1;
        let _ = run(&["create", &format!("{r}/more{n}")]);
    });
    assert_eq!((code, err.as_str()), (0, ""));
}

#[test]
fn tree_streams_end_quietly_once_their_reader_is_gone() {
    // More than a pipe buffer (64 KiB) of output, so each command must meet the closed pipe.
    let r = wide_tree("pipestreams", 2500);
    for args in [
        vec!["ls", "-R", &r],
        vec!["tree", &r],
        vec!["find", &r, "node-*"],
        vec!["grep", &r, "grep"],
        vec!["export", &r, "-"],
    ] {
        let mut child = spawn(&args);
        let line = read_one_line_and_go(&mut child);
        assert!(!line.is_empty(), "{args:?} printed nothing");
        let (code, err) = exit_within(&mut child, Duration::from_secs(20), || {});
        assert_eq!((code, err.as_str()), (0, ""), "{args:?}");
    }
}

/// Runs zksh with `args`, reads one byte of its output, then pauses past the session timeout
/// (4 s: the client gives a connection up after 2/5 of it without an answer, and a server on
/// a loaded 2-core machine can be that slow; it declares the session expired after 7/5)
/// before reading the rest. Gives the exit code, stderr and the whole output.
fn read_with_a_pause(args: &[&str]) -> (Option<i32>, String, Vec<u8>) {
    let mut child = spawn(&[&["--session-timeout", "4s"], args].concat());
    let mut out = child.stdout.take().unwrap();
    let mut got = vec![0u8; 1];
    out.read_exact(&mut got).unwrap();
    // zksh now either blocks on a full pipe or has closed its session and waits to write.
    std::thread::sleep(Duration::from_secs(7));
    out.read_to_end(&mut got).unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err, got)
}

#[test]
fn a_reader_pausing_longer_than_the_session_timeout_gets_everything() {
    // Output well beyond the pipe and socket buffers, so zksh really blocks on its write.
    let r = wide_tree("pipepause", 6000);
    let (code, err, out) = read_with_a_pause(&["ls", "-R", &r]);
    assert_eq!((code, err.as_str()), (Some(0), ""));
    let listed = String::from_utf8(out).unwrap();
    assert_eq!(listed.lines().count(), 6001, "every node listed");
}

#[test]
fn a_one_shot_read_with_a_paused_reader_gets_its_whole_value() {
    // A single-request command runs on one thread and writes its output once its session is
    // closed: a reader that pauses past the session timeout still gets every byte, exit 0.
    let r = root("pipeget");
    let value = "v".repeat(900 * 1024);
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), &value).unwrap();
    ok(&["create", &r, &format!("@{}", f.path().display())]);
    let (code, err, out) = read_with_a_pause(&["get", &r]);
    assert_eq!((code, err.as_str()), (Some(0), ""));
    assert!(
        out == value.as_bytes(),
        "every byte of the value (a pipe gets them exact)"
    );
}

#[test]
fn output_that_cannot_be_written_fails_the_command() {
    // A full disk is no closed pipe: the command fails, saying why.
    let r = root("pipefull");
    ok(&["create", &r, "value"]);
    ok(&["create", &format!("{r}/child"), "value"]);
    for args in [vec!["get", &r], vec!["ls", &r], vec!["ls", "-R", &r]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
            .env_remove("ZKSH_SERVER")
            .args(["-s", server()])
            .args(&args)
            .stdin(Stdio::null())
            .stdout(full)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("No space left"), "{args:?}: {err}");
    }
}

#[test]
fn closed_standard_fds_are_not_taken_by_the_files_zksh_opens() {
    // `zksh ... >&-` from a cron job: the script file opened next must not become stdout, or
    // output meant for stdout would be written into it (or fail to be).
    let r = root("closedfds");
    ok(&["create", &r, "value"]);
    let script = tempfile::NamedTempFile::new().unwrap();
    let text = format!("get {r}\nset {r} other\n");
    std::fs::write(script.path(), &text).unwrap();
    for closing in [">&-", "<&- >&-", ">&- 2>&-"] {
        ok(&["set", &r, "value"]);
        let out = StdCommand::new("sh")
            .arg("-c")
            .arg(format!(r#"exec "$0" "$@" {closing}"#))
            .arg(env!("CARGO_BIN_EXE_zksh"))
            .args(["-s", server(), "-f", script.path().to_str().unwrap()])
            .env_remove("ZKSH_SERVER")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{closing}: {err}");
        assert_eq!(std::fs::read_to_string(script.path()).unwrap(), text);
        assert_eq!(ok(&["get", &r]).trim_end(), "other", "{closing}");
    }
}
