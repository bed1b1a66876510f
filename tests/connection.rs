//! Reaching servers: dead and silent addresses fail with exit 8 in bounded time, chroot suffixes,
//! multi-host failover, and a 3-member ensemble read member by member.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Runs `zksh -s SERVERS ARGS`; returns (exit code, stdout, stderr, how long it took).
fn timed(servers: &str, args: &[&str]) -> (i32, String, String, Duration) {
    let start = Instant::now();
    let out = zksh_at(servers).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
        start.elapsed(),
    )
}

#[test]
fn dead_server_is_tried_until_the_connect_timeout_then_8() {
    // A refused connection may be a server still starting: zksh keeps trying, within bounds.
    let (code, out, err, took) = timed("127.0.0.1:1", &["--connect-timeout", "1s", "ls", "/"]);
    assert_eq!((code, out.as_str()), (8, ""));
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_secs(4),
        "{took:?}"
    );
    assert!(
        err.contains("zksh: error: cannot connect to 127.0.0.1:1"),
        "{err}"
    );
    let (code, _, err, _) = timed(
        "127.0.0.1:1",
        &[
            "--connect-timeout",
            "1s",
            "-o",
            "json",
            "-c",
            "get /a; get /b",
        ],
    );
    assert_eq!(code, 8);
    let v: Value = serde_json::from_str(err.trim()).unwrap_or_else(|e| panic!("{err:?}: {e}"));
    assert_eq!(v["error"]["code"], "ConnectionLoss");
}

#[test]
fn silent_server_hits_the_connect_timeout() {
    // Accepts connections (the kernel completes them) and never answers a byte.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let (code, out, err, took) = timed(&addr, &["--connect-timeout", "1s", "get", "/"]);
    assert_eq!((code, out.as_str()), (8, ""), "{err}");
    assert!(
        took >= Duration::from_millis(900) && took < Duration::from_millis(2500),
        "{took:?}"
    );
    assert!(err.contains(&format!("cannot connect to {addr}")), "{err}");
    drop(listener);
}

#[test]
fn multi_host_string_skips_a_dead_host() {
    let r = root("failover");
    for servers in [
        format!("127.0.0.1:1,{}", server()),
        format!("{},127.0.0.1:1", server()),
    ] {
        let (code, out, err, _) = timed(
            &servers,
            &["-c", &format!("create {r} v; get {r}; delete {r}")],
        );
        assert_eq!(
            (code, out, err),
            (0, format!("{r}\nv"), String::new()),
            "{servers}"
        );
    }
}

#[test]
fn chroot_applies_to_every_path() {
    let r = root("chroot");
    ok(&["create", &r]);
    let chrooted = format!("{}{r}", server());
    let out = zksh_at(&chrooted)
        .args([
            "-c",
            "create -p /a/b x; create -s /a/q-; ls -R /; pwd; cd a; pwd; get b",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "/a/b");
    let seq = lines[1];
    assert!(
        seq.starts_with("/a/q-") && seq.len() == "/a/q-".len() + 10,
        "{text}"
    );
    assert_eq!(lines[2..], ["/", "/a", "/a/b", seq, "/", "/a", "x"]);

    // Seen without the chroot, the same nodes sit under it.
    assert_eq!(
        ok(&["ls", "-R", &r]),
        format!("{r}\n{r}/a\n{r}/a/b\n{r}{seq}\n")
    );
    // Errors and watch events name chroot-relative paths too.
    let (code, _, err) = {
        let o = zksh_at(&chrooted)
            .args(["-o", "json", "get", "/missing"])
            .output()
            .unwrap();
        (
            o.status.code(),
            o.stdout,
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    assert_eq!(code, Some(3));
    assert_eq!(
        serde_json::from_str::<Value>(err.trim()).unwrap()["error"]["path"],
        "/missing"
    );

    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
        .env("NO_COLOR", "1")
        .args(["-s", &chrooted, "--timeout", "15s", "get", "-w", "/a/b"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut watcher = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    watcher.read_line(&mut first).unwrap();
    assert_eq!(first, "x\n");
    ok(&["set", &format!("{r}/a/b"), "y"]);
    let mut rest = String::new();
    watcher.read_to_string(&mut rest).unwrap();
    assert_eq!(rest, "WATCH NodeDataChanged /a/b\n");
    assert_eq!(child.wait().unwrap().code(), Some(0));

    // A chroot that does not exist: its root is a missing node.
    let (code, _, err, _) = timed(&format!("{}{r}/nowhere", server()), &["ls", "/"]);
    assert_eq!(code, 3, "{err}");
    ok(&["deleteall", &r]);
}

#[test]
fn ensemble_members_serve_the_same_tree() {
    let all = ensemble();
    let members: Vec<&str> = all.split(',').collect();
    assert_eq!(members.len(), 3, "{all}");
    let r = root("ensemble");
    zksh_at(members[0])
        .args(["create", &r, "from-1"])
        .assert()
        .success();
    // A member answers reads from its own copy, which may lag behind the leader. A write through
    // that same member is applied there after everything before it, so read after one.
    for (i, m) in members.iter().enumerate().skip(1) {
        let script = format!("create {r}-mark-{i}; get {r}; delete {r}-mark-{i}");
        zksh_at(m)
            .args(["-c", &script])
            .assert()
            .success()
            .stdout(format!("{r}-mark-{i}\nfrom-1"));
    }
    zksh_at(members[2])
        .args(["set", &r, "from-3"])
        .assert()
        .success();
    let script = format!("create {r}-mark; get {r}; delete {r}-mark; delete {r}");
    zksh_at(members[1])
        .args(["-c", &script])
        .assert()
        .success()
        .stdout(format!("{r}-mark\nfrom-3"));
    let script = format!("create {r}-mark; delete {r}-mark; exists {r}");
    zksh_at(all)
        .args(["-c", &script])
        .assert()
        .code(3)
        .stdout(format!("{r}-mark\nfalse\n"));
}

#[test]
fn a_server_that_comes_up_within_the_connect_timeout_is_used() {
    let srv = Dedicated::start("late", "start", &[]);
    let r = root("late");
    zksh_at(&srv.servers)
        .args(["create", &r, "v"])
        .assert()
        .success();
    zk_server(&["stop", &srv.dir]);
    let child = StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
        .env_remove("ZKSH_SERVER")
        .args(["-s", &srv.servers, "--connect-timeout", "60s", "get", &r])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // zksh is trying while the server starts again (on its old port): seconds of Java start-up.
    zk_server(&["start", &srv.dir]);
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(out.stdout, b"v");
}

#[test]
fn sasl_against_a_server_without_sasl_is_refused_with_7() {
    let (code, out, err, _) = {
        let start = Instant::now();
        let o = zksh()
            .env("ZKSH_SASL_PASSWORD", "pw")
            .args(["--sasl-user", "bob", "ls", "/"])
            .output()
            .unwrap();
        (
            o.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&o.stdout).to_string(),
            String::from_utf8_lossy(&o.stderr).to_string(),
            start.elapsed(),
        )
    };
    assert_eq!((code, out.as_str()), (7, ""), "{err}");
    assert!(err.contains("did not apply the SASL login as bob"), "{err}");
}
