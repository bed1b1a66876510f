//! Resilience against real failures, each on a server of its own: a restart under a watch
//! stream, session expiry, ensemble failover, a member lost during `deleteall`. On the shared
//! server: `wait`, the NDJSON event stream, event latency, both watch kinds in one script, and a
//! stdin script that idles longer than its session timeout.
//!
//! Long-running zksh processes are read line by line on threads; every wait is bounded.

mod common;
use common::*;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdin, Command as StdCommand, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

const SEC: Duration = Duration::from_secs(1);

/// A server or ensemble of one test's own (it gets restarted, paused or killed), removed when the
/// test ends, pass or fail.
struct Private {
    dir: String,
    servers: String,
}

impl Private {
    fn start(name: &str, how: &str) -> Private {
        let dir = server_dir(name);
        // Leftovers of an aborted run would come back with their old ports and data.
        zk_server(&["stop", &dir, "--rm"]);
        let servers = zk_server(&[how, &dir]);
        Private { dir, servers }
    }

    fn standalone(name: &str) -> Private {
        Private::start(name, "start")
    }

    fn ensemble(name: &str) -> Private {
        Private::start(name, "start-ensemble")
    }

    fn members(&self) -> Vec<String> {
        self.servers.split(',').map(String::from).collect()
    }

    /// `zk-server VERB DIR [ARGS]`: stop, start, pause, resume, stop-member N, ...
    fn ctl(&self, verb: &str, args: &[&str]) {
        let mut all = vec![verb, &self.dir];
        all.extend(args);
        zk_server(&all);
    }
}

impl Drop for Private {
    fn drop(&mut self) {
        // Not zk_server(): a panic here while a failed test unwinds would abort the whole run.
        let script = format!("{}/scripts/zk-server", env!("CARGO_MANIFEST_DIR"));
        let _ = StdCommand::new(script)
            .args(["stop", &self.dir, "--rm"])
            .status();
    }
}

/// A line a child printed, stamped when the reader thread got it.
struct Line {
    at: Instant,
    text: String,
}

fn pump(from: impl Read + Send + 'static) -> Receiver<Line> {
    let (tx, rx) = channel();
    thread::spawn(move || {
        for text in BufReader::new(from).lines().map_while(Result::ok) {
            let line = Line {
                at: Instant::now(),
                text,
            };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A running zksh (killed when dropped) whose output is read as it comes.
struct Proc {
    child: Child,
    stdin: Option<ChildStdin>,
    out: Receiver<Line>,
    err: Receiver<Line>,
    stdout_seen: Vec<String>,
    stderr_seen: Vec<String>,
}

/// Starts `zksh -s SERVERS ARGS` with stdin, stdout and stderr on pipes (so with no command
/// it reads a script from stdin).
fn spawn(servers: &str, args: &[&str]) -> Proc {
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
        .env_remove("ZKSH_SERVER")
        .env_remove("ZKSH_AUTH")
        .env("NO_COLOR", "1")
        .arg("-s")
        .arg(servers)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn zksh");
    let out = pump(child.stdout.take().unwrap());
    let err = pump(child.stderr.take().unwrap());
    Proc {
        stdin: child.stdin.take(),
        child,
        out,
        err,
        stdout_seen: Vec::new(),
        stderr_seen: Vec::new(),
    }
}

impl Proc {
    /// The next stdout line, if one comes within `within`.
    fn next_out(&mut self, within: Duration) -> Option<Line> {
        let line = self.out.recv_timeout(within).ok()?;
        self.stdout_seen.push(line.text.clone());
        Some(line)
    }

    /// Waits for the stdout line `want` (skipping others).
    fn expect_out(&mut self, want: &str, within: Duration) -> Line {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.next_out(left) {
                Some(l) if l.text == want => return l,
                Some(_) => {}
                None => self.fail(&format!("no stdout line {want:?} within {within:?}")),
            }
        }
    }

    /// Waits for a stderr line containing `want` (skipping others).
    fn expect_err(&mut self, want: &str, within: Duration) -> Line {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.err.recv_timeout(left) {
                Ok(l) => {
                    self.stderr_seen.push(l.text.clone());
                    if l.text.contains(want) {
                        return l;
                    }
                }
                Err(_) => self.fail(&format!("no stderr line with {want:?} within {within:?}")),
            }
        }
    }

    /// Everything on stderr so far.
    fn stderr(&mut self) -> String {
        while let Ok(l) = self.err.try_recv() {
            self.stderr_seen.push(l.text);
        }
        self.stderr_seen.join("\n")
    }

    /// Every stdout line, once the process has closed stdout.
    fn all_out(&mut self, within: Duration) -> Vec<String> {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.out.recv_timeout(left) {
                Ok(l) => self.stdout_seen.push(l.text),
                Err(RecvTimeoutError::Disconnected) => return self.stdout_seen.clone(),
                Err(RecvTimeoutError::Timeout) => self.fail("stdout still open"),
            }
        }
    }

    fn send(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        writeln!(stdin, "{line}")
            .and_then(|()| stdin.flush())
            .unwrap();
    }

    fn close_stdin(&mut self) {
        self.stdin = None;
    }

    /// The exit code, waiting up to `within` for the process to end.
    fn exit_code(&mut self, within: Duration) -> i32 {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            if Instant::now() > deadline {
                self.fail(&format!("still running after {within:?}"));
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    fn fail(&mut self, why: &str) -> ! {
        let err = self.stderr();
        panic!("{why}\nstdout: {:?}\nstderr:\n{err}", self.stdout_seen)
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs zksh against `servers`; returns (exit code, stdout, stderr).
fn at(servers: &str, args: &[&str]) -> (i32, String, String) {
    let out = zksh_at(servers).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn ok_at(servers: &str, args: &[&str]) -> String {
    let (code, out, err) = at(servers, args);
    assert_eq!(code, 0, "zksh {args:?}: {err}");
    out
}

/// A four-letter word's answer from one member ("" when it does not answer).
fn four(member: &str, word: &str) -> String {
    let Ok(mut s) = TcpStream::connect_timeout(&member.parse().unwrap(), SEC) else {
        return String::new();
    };
    let _ = s.set_read_timeout(Some(2 * SEC));
    let mut text = String::new();
    if s.write_all(word.as_bytes()).is_ok() {
        let _ = s.read_to_string(&mut text);
    }
    text
}

/// Calls `f` every 20 ms until it gives a value; fails after `within`.
fn poll<T>(what: &str, within: Duration, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + within;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "{what}: not within {within:?}");
        thread::sleep(Duration::from_millis(20));
    }
}

/// How many sessions `member` has a watch on `path` for (4lw wchp).
fn watchers(member: &str, path: &str) -> usize {
    let text = four(member, "wchp");
    let mut lines = text.lines().skip_while(|l| *l != path).skip(1);
    lines.by_ref().take_while(|l| l.starts_with('\t')).count()
}

/// Waits until `n` sessions hold a watch on `path` at `member`: events on it are delivered now.
fn armed(member: &str, path: &str, n: usize) {
    poll(&format!("{n} watch(es) on {path}"), 10 * SEC, || {
        (watchers(member, path) >= n).then_some(())
    });
}

/// The session ids connected to `member` (4lw cons).
fn sessions(member: &str) -> HashSet<String> {
    four(member, "cons")
        .split("sid=")
        .skip(1)
        .filter_map(|s| s.split([',', ')']).next().map(String::from))
        .collect()
}

#[test]
fn restart_rearms_recursive_watch_stream() {
    let srv = Private::standalone("res-restart");
    let r = root("restart");
    ok_at(&srv.servers, &["create", &r, "v0"]);
    let mut w = spawn(&srv.servers, &["watch", "-R", &r]);
    armed(&srv.servers, &r, 1);
    ok_at(&srv.servers, &["set", &r, "v1"]);
    w.expect_out(&format!("WATCH NodeDataChanged {r}"), 10 * SEC);

    srv.ctl("stop", &[]);
    w.expect_err("SESSION Disconnected", 10 * SEC);
    srv.ctl("start", &[]);
    // The crate restores one-shot watches only; zksh re-arms this one and says so.
    w.expect_err(
        &format!("watch on {r} re-armed; events while disconnected may have been missed"),
        30 * SEC,
    );
    ok_at(&srv.servers, &["create", &format!("{r}/after"), "x"]);
    w.expect_out(&format!("WATCH NodeCreated {r}/after"), 10 * SEC);
    ok_at(&srv.servers, &["set", &r, "v2"]);
    w.expect_out(&format!("WATCH NodeDataChanged {r}"), 10 * SEC);
    let err = w.stderr();
    assert!(
        !err.contains("Expired"),
        "session lost over a restart:\n{err}"
    );
}

#[test]
fn expired_session_is_renewed_with_credentials_and_watch() {
    let srv = Private::standalone("res-expiry");
    let r = root("expiry");
    let eph = format!("{r}/eph");
    ok_at(&srv.servers, &["create", &r]);
    let script = format!("addauth digest u:p; create -e {eph} x; watch -R {r}");
    let mut w = spawn(
        &srv.servers,
        &[
            "--session-timeout",
            "2s",
            "--connect-timeout",
            "2s",
            "-c",
            &script,
        ],
    );
    w.expect_out(&eph, 10 * SEC);
    armed(&srv.servers, &r, 1);

    srv.ctl("pause", &[]);
    // The client gives the session up by itself (7/5 of the timeout without an answer).
    w.expect_err("SESSION Expired", 20 * SEC);
    srv.ctl("resume", &[]);
    w.expect_err("ephemeral nodes and one-shot watches are gone", 5 * SEC);
    let renewed = w.expect_err("new session", 30 * SEC);
    assert!(
        renewed.text.contains("1 credential(s) re-applied"),
        "{}",
        renewed.text
    );
    w.expect_err(&format!("watch on {r} re-armed"), 10 * SEC);
    poll("the old session's ephemeral to go", 20 * SEC, || {
        (at(&srv.servers, &["exists", &eph]).0 == 3).then_some(())
    });
    ok_at(&srv.servers, &["set", &r, "v1"]);
    w.expect_out(&format!("WATCH NodeDataChanged {r}"), 10 * SEC);
}

#[test]
fn ensemble_failover_keeps_session_and_watch() {
    let ens = Private::ensemble("res-failover");
    let members = ens.members();
    let r = root("failover");
    ok_at(&ens.servers, &["create", &r, "v0"]);
    let mut w = spawn(&ens.servers, &["watch", "-R", &r]);
    let on = poll("a member holding the watch", 10 * SEC, || {
        members.iter().position(|m| watchers(m, &r) > 0)
    });
    let role = if four(&members[on], "srvr").contains("Mode: leader") {
        "leader"
    } else {
        "follower"
    };
    let other = &members[(on + 1) % members.len()];
    ok_at(other, &["set", &r, "v1"]);
    let event = format!("WATCH NodeDataChanged {r}");
    w.expect_out(&event, 10 * SEC);

    let killed = Instant::now();
    ens.ctl("stop-member", &[&(on + 1).to_string()]);
    w.expect_err("SESSION Disconnected", 10 * SEC);
    // A change made before the watch is re-armed elsewhere is missed (the notice says so), so
    // change the node until an event comes through.
    let mut n = 2;
    let first = loop {
        assert!(killed.elapsed() < 40 * SEC, "no event after failover");
        let _ = at(
            other,
            &["--connect-timeout", "5s", "set", &r, &format!("v{n}")],
        );
        n += 1;
        if let Some(l) = w.next_out(SEC) {
            break l;
        }
    };
    assert_eq!(first.text, event);
    let rearmed = w.expect_err(&format!("watch on {r} re-armed"), 5 * SEC);
    eprintln!(
        "failover ({role} killed): watch re-armed after {:?}, first event after {:?} ({} sets)",
        rearmed.at - killed,
        first.at - killed,
        n - 2
    );
    let err = w.stderr();
    assert!(!err.contains("Expired"), "session lost in failover:\n{err}");
}

/// Makes `root` with 30 children of 100 children each (3031 nodes), three writers at once.
fn build_tree(servers: &str, root: &str) {
    let dirs: Vec<String> = (0..30).map(|d| format!("create {root}/d{d}")).collect();
    ok_at(
        servers,
        &["-c", &format!("create {root}; {}", dirs.join("; "))],
    );
    let mut writers: Vec<Proc> = (0..3)
        .map(|k| {
            let mut p = spawn(servers, &[]);
            let lines: Vec<String> = (k * 10..k * 10 + 10)
                .flat_map(|d| (0..100).map(move |i| format!("create {root}/d{d}/n{i}")))
                .collect();
            p.send(&lines.join("\n"));
            p.close_stdin();
            p
        })
        .collect();
    for p in &mut writers {
        assert_eq!(p.exit_code(60 * SEC), 0, "{}", p.stderr());
    }
    assert_eq!(ok_at(servers, &["count", root]).trim(), "3030");
}

#[test]
fn deleteall_completes_despite_a_lost_member() {
    let ens = Private::ensemble("res-deleteall");
    let members = ens.members();
    let r = root("deleteall");
    build_tree(&ens.servers, &r);

    let leader = members
        .iter()
        .position(|m| four(m, "srvr").contains("Mode: leader"));
    let before: HashSet<String> = members.iter().flat_map(|m| sessions(m)).collect();
    // A script on stdin: its session opens with `pwd`, the member serving it is killed, and only
    // then does deleteall start, so it always runs across the lost member (it could otherwise
    // finish before any kill).
    let mut del = spawn(&ens.servers, &[]);
    del.send("ls /");
    let victim = poll("the script's session", 20 * SEC, || {
        let fresh = |m: &String| !sessions(m).is_subset(&before);
        members.iter().position(fresh)
    });
    let killed = Instant::now();
    ens.ctl("stop-member", &[&(victim + 1).to_string()]);
    assert!(
        sessions(&members[victim]).is_empty(),
        "member {} still serving",
        victim + 1
    );
    del.send(&format!("deleteall {r}"));
    del.close_stdin();
    let victim = Some(victim);
    let code = del.exit_code(60 * SEC);
    let outcome = match code {
        0 => "completed".to_string(),
        8 => {
            // After losing the leader, the others elect one before anyone can connect again.
            let alive: Vec<&String> = (0..members.len())
                .filter(|&i| Some(i) != victim)
                .map(|i| &members[i])
                .collect();
            poll("the ensemble to serve again", 30 * SEC, || {
                alive
                    .iter()
                    .all(|m| four(m, "srvr").contains("Mode: "))
                    .then_some(())
            });
            let (again, _, err) = at(&ens.servers, &["deleteall", &r]);
            assert_eq!(again, 0, "re-run after exit 8: {err}");
            let err = del.stderr();
            let why = err.lines().find(|l| l.contains("error:")).unwrap_or("");
            format!("exit 8 ({why}), re-run completed")
        }
        c => del.fail(&format!("deleteall exited {c}")),
    };
    let killed_what = match victim {
        None => unreachable!("a member is always killed"),
        Some(i) if Some(i) == leader => format!("member {} (leader) killed", i + 1),
        Some(i) => format!("member {} (follower) killed", i + 1),
    };
    eprintln!(
        "deleteall of 3031 nodes, {killed_what}: {outcome} ({:?} after the kill)",
        killed.elapsed()
    );
    assert_eq!(at(&ens.servers, &["exists", &r]).0, 3, "tree still there");
}

#[test]
fn wait_until_exists_absent_changed_or_timeout() {
    let s = server();
    let r = root("wait");
    let node = format!("{r}/n");
    ok_at(s, &["create", &r]);

    // Each condition met later by another process: the waiter holds a watch until then.
    let cases: [(&str, &[&str]); 3] = [
        ("--exists", &["create", &node, "v0"]),
        ("--changed", &["set", &node, "v1"]),
        ("--absent", &["delete", &node]),
    ];
    for (cond, change) in cases {
        // The previous waiter's watch must be gone, or `armed` would see that one.
        poll("the last waiter's watch to go", 10 * SEC, || {
            (watchers(s, &node) == 0).then_some(())
        });
        let mut w = spawn(s, &["wait", &node, cond, "--timeout", "20s"]);
        armed(s, &node, 1);
        ok_at(s, change);
        assert_eq!(w.exit_code(10 * SEC), 0, "wait {cond}: {}", w.stderr());
        assert!(w.all_out(5 * SEC).is_empty());
    }

    // Already true: at once, well inside a timeout no event could beat.
    assert_eq!(at(s, &["wait", &r, "--exists", "--timeout", "2s"]).0, 0);
    assert_eq!(at(s, &["wait", &node, "--absent", "--timeout", "2s"]).0, 0);

    // Long enough to connect on a loaded machine (running out before that is a connection
    // failure, with another message).
    for (path, cond) in [(&node, "--exists"), (&r, "--absent"), (&r, "--changed")] {
        let (code, out, err) = at(s, &["wait", path, cond, "--timeout", "2s"]);
        assert_eq!(code, 8, "wait {cond} timed out: {err}");
        assert!(out.is_empty(), "{out}");
        assert!(
            err.contains(&format!("{path}: condition not met within 2s")),
            "{err}"
        );
    }
}

#[test]
fn json_watch_stream_is_one_object_per_event() {
    let s = server();
    let r = root("ndjson");
    ok_at(s, &["create", &r]);
    let mut plain = spawn(s, &["-o", "json", "watch", "-R", &r, "--count", "50"]);
    let mut data = spawn(
        s,
        &["-o", "json", "watch", "-R", "--data", &r, "--count", "50"],
    );
    armed(s, &r, 2);
    let changes: Vec<String> = (0..25)
        .map(|i| format!("create {r}/c{i} v{i}; set {r}/c{i} w{i}"))
        .collect();
    ok_at(s, &["-c", &changes.join("; ")]);

    for (p, with_data) in [(&mut plain, false), (&mut data, true)] {
        assert_eq!(p.exit_code(20 * SEC), 0, "{}", p.stderr());
        let lines = p.all_out(5 * SEC);
        assert_eq!(lines.len(), 50, "{lines:#?}");
        for (n, line) in lines.iter().enumerate() {
            let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"));
            let (i, created) = (n / 2, n % 2 == 0);
            let kind = if created {
                "NodeCreated"
            } else {
                "NodeDataChanged"
            };
            assert_eq!(v["kind"], kind, "{line}");
            assert_eq!(v["path"], format!("{r}/c{i}"), "{line}");
            assert_eq!(v["session"], false, "{line}");
            if !with_data {
                assert!(v.get("data").is_none(), "{line}");
            } else if created {
                // Read right after the event: the set may already have landed.
                let d = v["data"].as_str().unwrap_or_else(|| panic!("{line}"));
                assert!(d == format!("v{i}") || d == format!("w{i}"), "{line}");
            } else {
                assert_eq!(v["data"], format!("w{i}"), "{line}");
            }
        }
    }
}

#[test]
fn event_latency_through_a_long_lived_script() {
    let s = server();
    let r = root("latency");
    ok_at(s, &["create", &r]);
    let mut w = spawn(s, &["-o", "json", "watch", &r, "--count", "100"]);
    armed(s, &r, 1);
    let mut setter = spawn(s, &[]);
    // Connect first, so the first sample is not the session set-up.
    setter.send(&format!("exists {r}"));
    setter.expect_out("true", 10 * SEC);

    let mut took = Vec::new();
    for i in 0..100 {
        let sent = Instant::now();
        setter.send(&format!("set {r} v{i}"));
        let Some(l) = w.next_out(10 * SEC) else {
            w.fail(&format!("no event for change {i}"));
        };
        let v: Value = serde_json::from_str(&l.text).unwrap();
        assert_eq!(
            (v["kind"].as_str(), v["path"].as_str()),
            (Some("NodeDataChanged"), Some(&r[..]))
        );
        took.push(l.at - sent);
    }
    assert_eq!(w.exit_code(10 * SEC), 0, "{}", w.stderr());
    setter.close_stdin();
    assert_eq!(setter.exit_code(10 * SEC), 0, "{}", setter.stderr());
    took.sort();
    eprintln!(
        "set -> event latency over {} changes: median {:?}, p90 {:?}, max {:?}",
        took.len(),
        took[took.len() / 2],
        took[took.len() * 9 / 10],
        took[took.len() - 1]
    );
}

/// In one-shot mode commands run one after the other, so a `get -w` and a `watch` on one path
/// never coexist: both deliver, and there is no ZOOKEEPER-4466 warning (that one is for the
/// REPL, where both can be held at once).
#[test]
fn oneshot_then_persistent_watch_in_one_script() {
    let s = server();
    let r = root("mixed");
    ok_at(s, &["create", &r, "v0"]);
    let mut p = spawn(s, &["-c", &format!("get -w {r}; watch {r} --count 1")]);
    p.expect_out("v0", 10 * SEC);
    armed(s, &r, 1);
    ok_at(s, &["set", &r, "v1"]);
    let event = format!("WATCH NodeDataChanged {r}");
    p.expect_out(&event, 10 * SEC);
    // The one-shot watch is gone on the server once it fired; the next one is `watch`'s.
    armed(s, &r, 1);
    ok_at(s, &["set", &r, "v2"]);
    p.expect_out(&event, 10 * SEC);
    assert_eq!(p.exit_code(10 * SEC), 0);
    let err = p.stderr();
    assert!(!err.contains("ZOOKEEPER-4466"), "{err}");
}

/// A script on a pipe may pause between lines (a coprocess, `tail -f | zksh`); the session must
/// stay alive meanwhile, so reading the next line must not stop the client from pinging.
#[test]
fn stdin_script_keeps_its_session_while_idle() {
    let s = server();
    let r = root("idle");
    ok_at(s, &["create", &r]);
    let eph = format!("{r}/eph");
    // 4 s, not less: the client gives a connection up after 2/5 of it without an answer, and a
    // server on a loaded 2-core machine can be that slow.
    let mut p = spawn(s, &["--session-timeout", "4s"]);
    p.send(&format!("create -e {eph}"));
    p.expect_out(&eph, 10 * SEC);
    // Idle is the point here: twice the session timeout with no line to read.
    thread::sleep(8 * SEC);
    p.send(&format!("exists {eph}"));
    p.expect_out("true", 10 * SEC);
    p.close_stdin();
    assert_eq!(p.exit_code(10 * SEC), 0);
    let err = p.stderr();
    assert!(!err.contains("Expired"), "{err}");
}

/// The script is read ahead on its own thread, so a `-` value inside a stdin script would get
/// whatever the reader left: it is refused instead (it used to hang).
#[test]
fn stdin_script_refuses_a_value_from_stdin() {
    let r = root("stdin-value");
    let out = zksh()
        .write_stdin(format!("create {r} v0\nset {r} -\nsecret\n"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("stdin is the script"), "{err}");
    assert_eq!(ok(&["get", &r]), "v0");
}

#[test]
fn a_one_shot_watch_ended_by_expiry_is_a_failure() {
    let srv = Private::standalone("res-oneshot-expiry");
    let r = root("oneshotexp");
    ok_at(&srv.servers, &["create", &r, "v0"]);
    let child = StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
        .env_remove("ZKSH_SERVER")
        .env("NO_COLOR", "1")
        .args([
            "-s",
            &srv.servers,
            "--session-timeout",
            "2s",
            "get",
            "-w",
            &r,
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    armed(&srv.servers, &r, 1);
    srv.ctl("pause", &[]);
    let out = child.wait_with_output().unwrap();
    srv.ctl("resume", &[]);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert_eq!(out.status.code(), Some(8), "{stdout}{stderr}");
    assert_eq!(stdout.trim_end(), "v0", "only the value on stdout");
    assert!(stderr.contains("session Expired"), "{stderr}");
}
