//! `lock`, `elect` and `locks` against real kazoo and Curator peers on the shared server, and
//! session loss on a server of its own: interop both ways in each dialect, mutual exclusion
//! under contention, waiting order, busy exits, the child's code and environment, signals while
//! waiting and while running.

mod common;
#[path = "peers/mod.rs"]
mod peers;

use std::time::{Duration, Instant};

use common::*;
use peers::*;
use serde_json::Value;

/// The contenders `zksh locks` lists (empty when the directory is gone).
fn contenders(path: &str) -> Vec<Value> {
    let (code, out, err) = run(&["-o", "json", "locks", path]);
    if code == 3 {
        return Vec::new();
    }
    assert_eq!(code, 0, "locks {path}: {err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v["contenders"].as_array().unwrap().clone()
}

fn wait_contenders(path: &str, n: usize) -> Vec<Value> {
    let mut last = Vec::new();
    until(&format!("{n} contenders in {path}"), || {
        last = contenders(path);
        last.len() == n
    });
    last
}

/// The shared critical section as a shell command (see tests/peers/kazoo_peer.py).
const CRITICAL: &str = r#"d=$1; mkdir "$d/cs" 2>/dev/null || { echo "VIOLATION zksh" >> "$d/log"; exit 0; }
n=$(cat "$d/counter" 2>/dev/null || echo 0); sleep 0.02; echo $((n + 1)) > "$d/counter"; rmdir "$d/cs""#;

/// Several zksh and one library peer take turns on one lock; the counter shows every turn and
/// the critical section never had two holders.
fn contention(mut peer: Peer, dialect: &str) {
    let path = root(&format!("mutex-{dialect}"));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().to_str().unwrap().to_string();
    peer.send(&format!("loop {path} peer 5 {d}"));
    let zksh: Vec<_> = (0..3)
        .map(|_| {
            let (path, d, dialect) = (path.clone(), d.clone(), dialect.to_string());
            std::thread::spawn(move || {
                for _ in 0..3 {
                    let args = [
                        "lock",
                        "--dialect",
                        &dialect,
                        &path,
                        "--",
                        "sh",
                        "-c",
                        CRITICAL,
                        "sh",
                        &d,
                    ];
                    ok(&args);
                }
            })
        })
        .collect();
    for t in zksh {
        t.join().unwrap();
    }
    peer.expect("LOOPED");
    let log = std::fs::read_to_string(dir.path().join("log")).unwrap_or_default();
    assert!(log.is_empty(), "two holders at once: {log}");
    let n = std::fs::read_to_string(dir.path().join("counter")).unwrap();
    assert_eq!(n.trim(), "14", "5 peer turns and 9 zksh turns");
    assert!(contenders(&path).is_empty(), "a node was left behind");
}

#[test]
fn kazoo_and_zksh_exclude_each_other() {
    contention(Peer::kazoo(server()), "kazoo");
}

#[test]
fn curator_and_zksh_exclude_each_other() {
    contention(Peer::curator(server()), "curator");
}

/// The library holds: zksh (no --dialect: it reads the nodes there) is busy, then waits and
/// gets it on release. zksh holds: the library's non-blocking try fails, then succeeds.
fn interop(mut peer: Peer, dialect: &str) {
    let path = root(&format!("interop-{dialect}"));
    peer.ask(&format!("hold {path} peer-id"), "HELD");
    let (code, out, err) = run(&["lock", "--no-wait", &path, "--", "echo", "ran"]);
    assert_eq!((code, out.as_str()), (9, ""), "{err}");
    assert!(err.contains("held by another"), "{err}");
    let mut waiter = spawn(server(), &["lock", &path, "--", "echo", "ran"]);
    let listed = wait_contenders(&path, 2);
    assert_eq!(listed[0]["dialect"], dialect);
    assert_eq!(listed[1]["role"], "waiter");
    peer.ask("release", "RELEASED");
    assert_eq!(waiter.line(), "ran");
    assert_eq!(waiter.code(), 0);

    // An empty directory says nothing of its dialect: name it.
    let args = ["lock", "--dialect", dialect, &path, "--id", "zksh-holder"];
    let mut holder = spawn(server(), &args);
    let node = holder.line();
    assert!(node.starts_with(&format!("{path}/")), "{node}");
    assert_eq!(peer.ask(&format!("try {path} p2"), "TRY"), "TRY False");
    holder.close_stdin();
    assert_eq!(holder.code(), 0);
    assert_eq!(peer.ask(&format!("try {path} p2"), "TRY"), "TRY True");
    peer.ask("release", "RELEASED");
}

#[test]
fn kazoo_lock_interop_both_ways() {
    let mut peer = Peer::kazoo(server());
    // kazoo's own view of a zksh holder: its identifier in contenders().
    let path = root("kazoo-view");
    let mut holder = spawn(
        server(),
        &["lock", "--dialect", "kazoo", &path, "--id", "zk-1"],
    );
    let node = holder.line();
    assert!(node.contains("__lock__"), "{node}");
    assert_eq!(
        peer.ask(&format!("contenders {path}"), "CONTENDERS"),
        "CONTENDERS zk-1"
    );
    holder.close_stdin();
    assert_eq!(holder.code(), 0);
    interop(peer, "kazoo");
}

#[test]
fn curator_lock_interop_both_ways() {
    let mut peer = Peer::curator(server());
    // Curator's own view of a zksh holder: the node named as its InterProcessMutex names them.
    let path = root("curator-view");
    let mut holder = spawn(server(), &["lock", &path]);
    let node = holder.line();
    let nodes = peer.ask(&format!("nodes {path}"), "NODES");
    assert_eq!(nodes, format!("NODES {}", node.rsplit('/').next().unwrap()));
    assert!(node.contains("/_c_") && node.contains("-lock-"), "{node}");
    holder.close_stdin();
    assert_eq!(holder.code(), 0);
    interop(peer, "curator");
}

/// The library leads; zksh campaigns, lists the candidates, and leads once it steps down. Then
/// zksh leads and the library waits for it.
fn election(mut peer: Peer, dialect: &str) {
    let path = root(&format!("elect-{dialect}"));
    peer.ask(&format!("lead {path} peer-id"), "LEADER");
    let mut cand = spawn(
        server(),
        &["elect", &path, "--id", "zksh-id", "--", "echo", "leading"],
    );
    wait_contenders(&path, 2);
    let (code, out, err) = run(&["elect", "--list", &path]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<&str> = out.lines().collect();
    assert!(
        rows[0].starts_with("leader") && rows[0].ends_with("peer-id"),
        "{out}"
    );
    assert!(
        rows[1].starts_with("candidate") && rows[1].ends_with("zksh-id"),
        "{out}"
    );
    assert_eq!(
        peer.ask(&format!("contenders {path}"), "CONTENDERS"),
        "CONTENDERS peer-id,zksh-id"
    );
    peer.ask("unlead", "UNLED");
    assert_eq!(cand.line(), "leading");
    assert_eq!(cand.code(), 0);

    let path = root(&format!("elect2-{dialect}"));
    let mut leader = spawn(
        server(),
        &["elect", "--dialect", dialect, &path, "--id", "z"],
    );
    leader.line();
    peer.send(&format!("lead {path} peer-id"));
    wait_contenders(&path, 2);
    assert!(
        peer.silent_for(Duration::from_millis(300)),
        "the peer led beside zksh"
    );
    leader.close_stdin();
    assert_eq!(leader.code(), 0);
    peer.expect("LEADER");
    peer.ask("unlead", "UNLED");
}

#[test]
fn kazoo_election_interop() {
    election(Peer::kazoo(server()), "kazoo");
}

#[test]
fn curator_leader_latch_interop() {
    election(Peer::curator(server()), "curator");
}

#[test]
fn waiters_get_the_lock_in_the_order_they_came() {
    let path = root("order");
    let dir = tempfile::tempdir().unwrap();
    let order = dir.path().join("order");
    let o = order.to_str().unwrap();
    let mut holder = spawn(server(), &["lock", &path]);
    holder.line();
    let mut waiters = Vec::new();
    for (i, w) in ["w1", "w2", "w3"].into_iter().enumerate() {
        let cmd = format!("echo {w} >> {o}");
        waiters.push(spawn(server(), &["lock", &path, "--", "sh", "-c", &cmd]));
        wait_contenders(&path, i + 2);
    }
    holder.close_stdin();
    for mut w in waiters {
        assert_eq!(w.code(), 0);
    }
    assert_eq!(std::fs::read_to_string(&order).unwrap(), "w1\nw2\nw3\n");
}

#[test]
fn busy_exits_9_or_the_conflict_code_and_leaves_nothing() {
    let path = root("busy");
    let mut holder = spawn(server(), &["lock", &path]);
    holder.line();
    let started = Instant::now();
    let (code, out, err) = run(&["lock", "--timeout", "1s", &path, "--", "echo", "ran"]);
    assert_eq!((code, out.as_str()), (9, ""), "{err}");
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert!(err.contains("not obtained within 1s"), "{err}");
    let (code, _, _) = run(&[
        "lock",
        "--no-wait",
        "--conflict-exit-code",
        "75",
        &path,
        "--",
        "true",
    ]);
    assert_eq!(code, 75);
    let (code, _, err) = run(&["-o", "json", "lock", "--no-wait", &path]);
    assert_eq!(code, 9);
    assert!(err.contains(r#""code":"Busy""#), "{err}");
    assert_eq!(contenders(&path).len(), 1, "a busy zksh left its node");
}

#[test]
fn the_child_gets_its_code_through_and_the_lock_in_its_environment() {
    let path = root("child");
    assert_eq!(run(&["lock", &path, "--", "sh", "-c", "exit 3"]).0, 3);
    assert_eq!(
        run(&["lock", &path, "--", "sh", "-c", "kill -KILL $$"]).0,
        137
    );
    let (code, _, err) = run(&["lock", &path, "--", "no-such-command-zksh"]);
    assert_eq!(code, 1, "{err}");
    let env = |p: &str| {
        let out = zksh()
            .env("ZKSH_AUTH", "digest:u:secret-pw")
            .args(["lock", p, "--", "env"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains("secret-pw"), "a secret reached the child");
        let get = |k: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("{k}=")))
                .unwrap_or_else(|| panic!("no {k} in {text}"))
                .to_string()
        };
        assert_eq!(get("ZKSH_LOCK_PATH"), p);
        assert!(get("ZKSH_LOCK_NODE").starts_with(&format!("{p}/_c_")));
        assert!(get("ZKSH_SESSION_ID").starts_with("0x"));
        get("ZKSH_LOCK_ZXID").parse::<i64>().unwrap()
    };
    let (a, b) = (env(&path), env(&path));
    assert!(b > a, "the fencing token must grow: {a} then {b}");
    assert!(contenders(&path).is_empty());
}

#[test]
fn a_signal_while_waiting_gives_up_and_removes_our_node() {
    let path = root("sigwait");
    let mut holder = spawn(server(), &["lock", &path]);
    holder.line();
    let mut waiter = spawn(server(), &["lock", &path, "--", "echo", "ran"]);
    wait_contenders(&path, 2);
    waiter.signal("TERM");
    assert_eq!(waiter.code(), 143);
    assert_eq!(contenders(&path).len(), 1);
    holder.signal("INT");
    assert_eq!(holder.code(), 0);
}

#[test]
fn a_signal_while_running_reaches_the_command_and_its_code_comes_back() {
    let path = root("sigrun");
    let script = r#"trap 'echo got-term; exit 7' TERM; echo up; while :; do sleep 0.05; done"#;
    let mut p = spawn(server(), &["lock", &path, "--", "sh", "-c", script]);
    assert_eq!(p.line(), "up");
    p.signal("TERM");
    assert_eq!(p.line(), "got-term");
    assert_eq!(p.code(), 7);
    assert!(contenders(&path).is_empty());
}

#[test]
fn a_directory_that_mixes_dialects_is_refused() {
    let path = root("mixed");
    let kazoo = format!("{path}/0123456789abcdef0123456789abcdef__lock__0000000001");
    let curator = format!("{path}/_c_0b1d6a38-5b7e-4d1f-9c1e-8d2f8b9d1a11-lock-0000000002");
    ok(&["create", "-p", &kazoo]);
    ok(&["create", &curator]);
    let (code, _, err) = run(&["lock", &path, "--", "true"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("kazoo") && err.contains("curator"), "{err}");
    let (code, _, err) = run(&[
        "lock",
        "--dialect",
        "kazoo",
        &format!("{path}-c"),
        "--",
        "true",
    ]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn locks_lists_holder_and_waiters_for_both_dialects() {
    let peers = [
        (Peer::kazoo(server()), "kazoo"),
        (Peer::curator(server()), "curator"),
    ];
    for (mut peer, dialect) in peers {
        let path = root(&format!("locks-{dialect}"));
        peer.ask(&format!("hold {path} the-peer"), "HELD");
        let _w = spawn(server(), &["lock", &path, "--id", "zw", "--", "true"]);
        let c = wait_contenders(&path, 2);
        assert_eq!(c[0]["role"], "holder");
        // kazoo's identifier; Curator's mutex writes the holder's IP address.
        let data = c[0]["data"].as_str().unwrap();
        if dialect == "kazoo" {
            assert_eq!(data, "the-peer");
        } else {
            assert!(data.parse::<std::net::IpAddr>().is_ok(), "{data}");
        }
        assert_eq!(c[1]["data"], "zw");
        for e in &c {
            assert_eq!(e["dialect"], dialect);
            assert!(e["session"].as_str().unwrap().starts_with("0x"));
            assert!(
                e["client"].as_str().unwrap().starts_with("127.0.0.1:"),
                "{e}"
            );
        }
        let text = ok(&["locks", &path]);
        assert!(
            text.starts_with("holder") && text.contains("\nwaiter"),
            "{text}"
        );
        peer.ask("release", "RELEASED");
    }
}

/// `lock` on a server that goes silent (paused past the session timeout) stops its command
/// within the timeout plus the grace, and exits 8.
#[test]
fn session_loss_stops_the_command() {
    let srv = Dedicated::start("lockloss", "start", &[]);
    let dir = tempfile::tempdir().unwrap();
    let mark = dir.path().join("term");
    let script = format!(
        "trap 'echo term > {}; exit 0' TERM; echo up; while :; do sleep 0.05; done",
        mark.display()
    );
    let args = [
        "--session-timeout",
        "4s",
        "lock",
        "--kill-after",
        "2s",
        "/loss",
        "--",
        "sh",
        "-c",
        &script,
    ];
    let mut p = spawn(&srv.servers, &args);
    assert_eq!(p.line(), "up");
    zk_server(&["pause", &srv.dir]);
    let paused = std::time::SystemTime::now();
    let code = p.code();
    let exited = paused.elapsed().unwrap();
    zk_server(&["resume", &srv.dir]);
    let err = p.stderr_all();
    assert_eq!(code, 8, "{err}");
    assert!(mark.exists(), "the command did not get SIGTERM");
    let took = std::fs::metadata(&mark).unwrap().modified().unwrap();
    let took = took.duration_since(paused).unwrap();
    assert!(took < Duration::from_secs(4 + 2), "stopped after {took:?}");
    eprintln!("command stopped {took:?} after the pause; zksh exited after {exited:?}");
    assert!(err.contains("the lock may be another's"), "{err}");
}

/// Someone deletes our lock node while CMD runs: the lock is no longer ours, so CMD stops.
#[test]
fn a_deleted_lock_node_stops_the_command() {
    let path = root("deleted");
    let script = r#"trap 'echo got-term; exit 0' TERM; echo "$ZKSH_LOCK_NODE"; while :; do sleep 0.05; done"#;
    let mut p = spawn(server(), &["lock", &path, "--", "sh", "-c", script]);
    let node = p.line();
    ok(&["delete", &node]);
    assert_eq!(p.line(), "got-term");
    assert_eq!(p.code(), 8);
    assert!(p.stderr_all().contains("our lock node was deleted"));
}

/// zksh killed with SIGKILL cannot clean up: its command is stopped by the kernel at once, and
/// the node goes when the server expires the session.
#[test]
fn kill_9_of_zksh_stops_the_command_and_the_node_goes_with_the_session() {
    let path = root("kill9");
    let dir = tempfile::tempdir().unwrap();
    let mark = dir.path().join("term");
    let script = format!(
        "trap 'echo term > {}; exit 0' TERM; echo up; while :; do sleep 0.05; done",
        mark.display()
    );
    let args = [
        "--session-timeout",
        "2s",
        "lock",
        &path,
        "--",
        "sh",
        "-c",
        &script,
    ];
    let mut p = spawn(server(), &args);
    assert_eq!(p.line(), "up");
    p.signal("KILL");
    until("the command to get SIGTERM", || mark.exists());
    wait_contenders(&path, 0);
}

#[test]
fn no_write_refuses_a_lock_before_sending_anything() {
    let path = root("nowrite");
    let (code, out, err) = run(&["--no-write", "lock", &path, "--", "echo", "ran"]);
    assert_eq!((code, out.as_str()), (7, ""), "{err}");
    assert_eq!(run(&["exists", &path]).0, 3, "the directory was made");
    // Listing is a read.
    assert_eq!(run(&["--no-write", "locks", "/"]).0, 0);
}
