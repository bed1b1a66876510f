//! Chaos under load: zksh talks to the shared server through a loopback proxy that cuts, stalls
//! or slows its connection on command (tests/common/proxy.rs), while the test sets up and checks
//! everything directly on the server.
//!
//! Bulk operations (`deleteall`, `import`, `cp`, `setAcl -R`) on a ~5,000-node tree are cut
//! several times mid-way: each completes or stops with exit 8 and says what it did; a rerun
//! finishes the job; a sibling tree is never touched. A stalled connection ends a one-shot
//! command within its timeout, a slowed one is waited for within it; a `watch -R` stream over a
//! flapping connection is re-armed after every reconnect and prints each change once.

mod common;
#[path = "common/proxy.rs"]
mod proxy;

use common::*;
use proxy::Proxy;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

const SEC: Duration = Duration::from_secs(1);

/// Runs zksh against `servers`; returns (exit code, stdout, stderr).
fn at(servers: &str, args: &[&str]) -> (i32, String, String) {
    let out = zksh_at(servers).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// An export file (zksh's format) of a tree: `fan[0]` children of the root, `fan[1]` below
/// each of those, and so on; every node's value is its own path, so misplaced data shows.
fn export_file(dir: &tempfile::TempDir, name: &str, fan: &[usize]) -> (String, usize) {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let node = |p: &str| {
        let data = b64(&format!("v{p}"));
        json!({"path": p, "type": "persistent", "data": data, "acl": ["world:anyone:cdrwa"]})
    };
    let mut nodes = vec![node("/")];
    let mut level = vec![String::new()];
    for (depth, n) in fan.iter().enumerate() {
        let mut next = Vec::new();
        for parent in &level {
            for i in 0..*n {
                let p = format!("{parent}/n{depth}-{i}");
                nodes.push(node(&p));
                next.push(p);
            }
        }
        level = next;
    }
    let count = nodes.len();
    let doc = json!({"format": "zksh-export", "version": 1, "root": "/x", "nodes": nodes});
    let file = dir.path().join(format!("{name}.json"));
    std::fs::write(&file, doc.to_string()).unwrap();
    (file.to_str().unwrap().to_string(), count)
}

/// ~5,000 nodes: 10 × 10 × 50 below the root.
const BIG: &[usize] = &[10, 10, 50];
/// ~10,000 nodes: enough batches (of 1,000) that some are done before a window of 4 in flight.
const HUGE: &[usize] = &[10, 10, 100];

/// A test's world: a unique root on the shared server with a `keep` sibling tree that no
/// operation is asked to touch, exported before the chaos starts.
struct World {
    dir: tempfile::TempDir,
    root: String,
    keep_export: String,
    proxy: Proxy,
}

impl Drop for World {
    /// Removes the test's nodes from the shared server, unless the test failed (then they stay,
    /// to look at).
    fn drop(&mut self) {
        if !thread::panicking() {
            let _ = zksh().args(["deleteall", "--force", &self.root]).output();
        }
    }
}

impl World {
    fn new(name: &str) -> World {
        let dir = tempfile::tempdir().unwrap();
        let root = root(name);
        ok(&["create", &root]);
        let (keep, _) = export_file(&dir, "keep", &[5, 20]);
        ok(&["import", &keep, &format!("{root}/keep")]);
        let keep_export = dir.path().join("keep-before.json");
        let keep_export = keep_export.to_str().unwrap().to_string();
        ok(&["export", &format!("{root}/keep"), &keep_export]);
        World {
            dir,
            proxy: Proxy::start(server()),
            root,
            keep_export,
        }
    }

    fn path(&self, rel: &str) -> String {
        format!("{}/{rel}", self.root)
    }

    /// Runs zksh through the proxy.
    fn via(&self, args: &[&str]) -> (i32, String, String) {
        at(&self.proxy.addr(), args)
    }

    /// Runs zksh through the proxy while it cuts the connection at `marks` (bytes sent up);
    /// returns the outcome and how many cuts happened.
    fn cut_during(&self, marks: &[u64], args: &[&str]) -> ((i32, String, String), usize) {
        let before = self.proxy.cuts();
        self.proxy.cut_at(marks);
        let r = self.via(args);
        self.proxy.cut_at(&[]);
        (r, self.proxy.cuts() - before)
    }

    /// The sibling tree is exactly as it was.
    fn keep_unchanged(&self) {
        let (code, out, err) = at(
            server(),
            &[
                "diff",
                &format!("@{}", self.keep_export),
                &self.path("keep"),
            ],
        );
        assert_eq!(code, 0, "the sibling tree changed:\n{out}{err}");
    }

    fn exists(&self, p: &str) -> bool {
        at(server(), &["exists", p]).0 == 0
    }
}

/// Checks an interrupted bulk operation's outcome: success, or exit 8 with a message that says
/// what happened.
fn completed_or_reported(what: &str, (code, out, err): &(i32, String, String), cuts: usize) {
    eprintln!("{what}: exit {code} after {cuts} cut(s)\nstdout: {out}\nstderr: {err}");
    assert!(
        cuts >= 3,
        "{what}: only {cuts} cut(s) landed during the operation"
    );
    assert!(!err.contains("panicked"), "{what} panicked:\n{err}");
    match code {
        0 => {}
        // The error, and a line saying how far it got.
        8 => assert!(
            err.contains("zksh: error:") && err.contains(&format!("{what} stopped")),
            "{what}: exit 8 without saying what was done:\n{err}"
        ),
        c => panic!("{what}: exit {c}\nstdout: {out}\nstderr: {err}"),
    }
}

/// Where the cuts land, in bytes sent up. Uncut, on the 5,111-node tree: deleteall sends about
/// 330 kB listing the tree (multi-read getChildren) and 300 kB deleting it; import 550 kB of
/// creates; cp 330 kB listing, 660 kB reading data and ACLs, 550 kB creating; setAcl -R 330 kB
/// listing and 430 kB of setACL. One cut lands in the listing (or early), the rest among the
/// writes, where a lost reply leaves a request in doubt.
const DELETEALL_CUTS: &[u64] = &[100_000, 380_000, 480_000, 580_000];
const IMPORT_CUTS: &[u64] = &[50_000, 200_000, 350_000, 500_000];
const CP_CUTS: &[u64] = &[200_000, 700_000, 950_000, 1_200_000];
const SETACL_CUTS: &[u64] = &[100_000, 400_000, 550_000, 700_000];

/// Builds `fan` under `path` directly on the server (not through the proxy).
fn build(dir: &tempfile::TempDir, name: &str, fan: &[usize], path: &str) -> (String, usize) {
    let (file, n) = export_file(dir, name, fan);
    ok(&["import", &file, path]);
    (file, n)
}

#[test]
fn deleteall_cut_mid_way_completes_or_reports_and_a_rerun_finishes() {
    let w = World::new("chaos-deleteall");
    build(&w.dir, "work", BIG, &w.path("work"));
    let (r, cuts) = w.cut_during(DELETEALL_CUTS, &["deleteall", &w.path("work")]);
    completed_or_reported("deleteall", &r, cuts);
    if r.0 != 0 {
        let (code, _, err) = w.via(&["deleteall", &w.path("work")]);
        assert_eq!(code, 0, "rerun: {err}");
    }
    assert!(!w.exists(&w.path("work")), "the tree is still there");
    w.keep_unchanged();
}

#[test]
fn import_cut_mid_way_completes_or_reports_and_a_rerun_finishes() {
    let w = World::new("chaos-import");
    let (file, _) = export_file(&w.dir, "work", BIG);
    let (r, cuts) = w.cut_during(IMPORT_CUTS, &["import", &file, &w.path("work")]);
    completed_or_reported("import", &r, cuts);
    if r.0 != 0 {
        let (code, _, err) = w.via(&["import", "--overwrite", &file, &w.path("work")]);
        assert_eq!(code, 0, "rerun: {err}");
    }
    let (code, out, err) = at(server(), &["diff", &format!("@{file}"), &w.path("work")]);
    assert_eq!(code, 0, "the import differs from its file:\n{out}{err}");
    w.keep_unchanged();
}

#[test]
fn cp_cut_mid_way_completes_or_reports_and_a_rerun_finishes() {
    let w = World::new("chaos-cp");
    let (file, _) = build(&w.dir, "src", BIG, &w.path("src"));
    let (src, dst) = (w.path("src"), w.path("dst"));
    let (r, cuts) = w.cut_during(CP_CUTS, &["cp", "-r", &src, &dst]);
    completed_or_reported("cp", &r, cuts);
    if r.0 != 0 {
        let (code, _, err) = w.via(&["cp", "-r", "--overwrite", &src, &dst]);
        assert_eq!(code, 0, "rerun: {err}");
    }
    let (code, out, err) = at(server(), &["diff", &src, &dst]);
    assert_eq!(code, 0, "the copy differs from its source:\n{out}{err}");
    let (code, out, err) = at(server(), &["diff", &format!("@{file}"), &src]);
    assert_eq!(code, 0, "the source changed:\n{out}{err}");
    w.keep_unchanged();
}

#[test]
fn set_acl_recursive_cut_mid_way_completes_or_reports_and_a_rerun_finishes() {
    let w = World::new("chaos-setacl");
    let (file, n) = build(&w.dir, "work", BIG, &w.path("work"));
    let work = w.path("work");
    let args = ["setAcl", "-R", &work, "world:anyone:cdrw"];
    let (r, cuts) = w.cut_during(SETACL_CUTS, &args);
    completed_or_reported("setAcl -R", &r, cuts);
    if r.0 != 0 {
        let (code, _, err) = w.via(&args);
        assert_eq!(code, 0, "rerun: {err}");
    }
    let export: Value = serde_json::from_str(&ok(&["export", &work])).unwrap();
    let nodes = export["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), n);
    let stale: Vec<&Value> = nodes
        .iter()
        .filter(|node| node["acl"] != json!(["world:anyone:cdrw"]))
        .collect();
    assert!(
        stale.is_empty(),
        "{} nodes keep their old ACL: {:?}",
        stale.len(),
        &stale[..stale.len().min(3)]
    );
    // Data and shape are untouched: only the ACL differs from the file.
    let (_, out, _) = at(server(), &["diff", &format!("@{file}"), &work]);
    assert!(out.lines().all(|l| l.ends_with("ACL differs")), "{out}");
    w.keep_unchanged();
}

/// The numbers of the report line "WHAT: D of N nodes done[, F failed][, K in doubt (...)]
/// [, R not done]; stopped: ...": (done, total, in doubt, not done), checked to add up.
fn stop_summary(what: &str, err: &str) -> (usize, usize, usize, usize) {
    let line = err
        .lines()
        .find(|l| l.starts_with(&format!("zksh: {what}: ")) && l.contains("; stopped: "))
        .unwrap_or_else(|| panic!("no stop summary for {what}:\n{err}"));
    let counts = line.split("; stopped: ").next().unwrap();
    let before = |word: &str| -> usize {
        counts
            .split(", ")
            .find(|part| part.contains(word))
            .and_then(|part| {
                part.split(' ')
                    .find_map(|w| w.trim_start_matches("zksh: ").parse().ok())
            })
            .unwrap_or(0)
    };
    let done = before("nodes done");
    let total: usize = counts
        .split(" of ")
        .nth(1)
        .and_then(|t| t.split(' ').next())
        .and_then(|t| t.parse().ok())
        .unwrap_or_else(|| panic!("no total in {line}"));
    let (failed, in_doubt, not_done) = (before("failed"), before("in doubt"), before("not done"));
    assert_eq!(
        done + failed + in_doubt + not_done,
        total,
        "the summary does not add up: {line}"
    );
    (done, total, in_doubt, not_done)
}

/// Nodes at and below `path` on the server (0 when it is gone).
fn nodes_at(path: &str) -> usize {
    match at(server(), &["count", path]) {
        (0, out, _) => out.trim().parse::<usize>().unwrap() + 1,
        (3, _, _) => 0,
        (c, out, err) => panic!("count {path}: exit {c}: {out}{err}"),
    }
}

#[test]
fn deleteall_that_loses_the_server_says_exactly_how_far_it_got() {
    let w = World::new("chaos-deleteall-stop");
    let work = w.path("work");
    build(&w.dir, "work", HUGE, &work);
    // Listing takes some 660 kB, deleting 600 kB: the connection goes in the second window of
    // deletes and does not come back.
    w.proxy.fail_at(1_000_000);
    let (code, _, err) = w.via(&["--timeout", "2s", "deleteall", &work]);
    assert_eq!(code, 8, "{err}");
    let (done, total, in_doubt, _) = stop_summary("deleteall", &err);
    let left = nodes_at(&work);
    assert!(done > 0 && in_doubt > 0, "{err}");
    assert!(
        total - done - in_doubt <= left && left <= total - done,
        "{left} nodes left, but: {err}"
    );
    w.proxy.refuse(false);
    let (code, _, err) = w.via(&["deleteall", &work]);
    assert_eq!(code, 0, "rerun: {err}");
    assert!(!w.exists(&work));
    w.keep_unchanged();
}

#[test]
fn import_that_loses_the_server_says_exactly_how_far_it_got() {
    let w = World::new("chaos-import-stop");
    let work = w.path("work");
    let (file, _) = export_file(&w.dir, "work", HUGE);
    // Creating takes some 1.1 MB: the connection goes in the second window and stays away.
    w.proxy.fail_at(600_000);
    let (code, _, err) = w.via(&["--timeout", "2s", "import", &file, &work]);
    assert_eq!(code, 8, "{err}");
    let (done, _, in_doubt, _) = stop_summary("import", &err);
    let made = nodes_at(&work);
    assert!(done > 0 && in_doubt > 0, "{err}");
    assert!(
        done <= made && made <= done + in_doubt,
        "{made} nodes made, but: {err}"
    );
    assert!(err.contains("again with --overwrite"), "{err}");
    w.proxy.refuse(false);
    let (code, _, err) = w.via(&["import", "--overwrite", &file, &work]);
    assert_eq!(code, 0, "rerun: {err}");
    let (code, out, err) = at(server(), &["diff", &format!("@{file}"), &work]);
    assert_eq!(code, 0, "the import differs from its file:\n{out}{err}");
    w.keep_unchanged();
}

#[test]
fn one_shot_command_over_a_stalled_connection_ends_with_exit_8_in_time() {
    let r = root("chaos-stall");
    ok(&["create", &r, "v"]);
    ok(&["create", &format!("{r}/child")]);
    let proxy = Proxy::start(server());
    // Stalled before connecting: the handshake never completes.
    proxy.stall(true);
    let started = Instant::now();
    let (code, _, err) = at(&proxy.addr(), &["--timeout", "2s", "get", &r]);
    let took = started.elapsed();
    assert_eq!(code, 8, "{err}");
    assert!(took < 10 * SEC, "took {took:?}: {err}");
    assert!(err.contains("zksh: error:"), "{err}");
    // Stalled mid-session: the session is up, the next request gets no reply.
    proxy.stall(false);
    let mut p = spawn(&proxy.addr(), &["--timeout", "2s"]);
    p.send(&format!("ls {r}"));
    p.expect_out("child", 10 * SEC);
    proxy.stall(true);
    let started = Instant::now();
    p.send(&format!("ls {r}"));
    let code = p.exit_code(10 * SEC);
    let took = started.elapsed();
    assert_eq!(code, 8, "{}", p.stderr());
    assert!(took < 10 * SEC, "took {took:?}");
    let err = p.stderr();
    assert!(err.contains("no reply within 2s"), "{err}");
    ok(&["deleteall", "--force", &r]);
}

#[test]
fn slow_connection_is_waited_for_within_the_timeout_and_not_beyond() {
    let r = root("chaos-slow");
    ok(&["create", &r]);
    ok(&["create", &format!("{r}/child")]);
    let proxy = Proxy::start(server());
    // Every chunk held 200 ms: slow, yet within --timeout.
    proxy.delay(Duration::from_millis(200));
    let (code, out, err) = at(&proxy.addr(), &["--timeout", "2s", "ls", &r]);
    assert_eq!((code, out.as_str()), (0, "child\n"), "{err}");
    // Held 3 s: past --timeout, so exit 8 at about 2 s.
    proxy.delay(Duration::from_secs(3));
    let started = Instant::now();
    let (code, _, err) = at(&proxy.addr(), &["--timeout", "2s", "ls", &r]);
    let took = started.elapsed();
    assert_eq!(code, 8, "{err}");
    assert!(took < 5 * SEC, "took {took:?}: {err}");
    ok(&["deleteall", "--force", &r]);
}

/// A running zksh (killed when dropped) whose output is read line by line as it comes.
struct Proc {
    child: Child,
    stdin: Option<std::process::ChildStdin>,
    out: Receiver<String>,
    err: Receiver<String>,
    stdout_seen: Vec<String>,
    stderr_seen: Vec<String>,
}

fn pump(from: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Starts `zksh -s SERVERS ARGS` on pipes (with no command, it reads a script from stdin).
fn spawn(servers: &str, args: &[&str]) -> Proc {
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
        .env_remove("ZKSH_SERVER")
        .env_remove("ZKSH_AUTH")
        .env("NO_COLOR", "1")
        .args(["-s", servers])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn zksh");
    Proc {
        out: pump(child.stdout.take().unwrap()),
        err: pump(child.stderr.take().unwrap()),
        stdin: child.stdin.take(),
        child,
        stdout_seen: Vec::new(),
        stderr_seen: Vec::new(),
    }
}

impl Proc {
    fn send(&mut self, line: &str) {
        use std::io::Write;
        let stdin = self.stdin.as_mut().expect("stdin open");
        writeln!(stdin, "{line}")
            .and_then(|()| stdin.flush())
            .unwrap();
    }

    /// Waits for the stdout line `want`; every line read is kept in `stdout_seen`.
    fn expect_out(&mut self, want: &str, within: Duration) {
        let deadline = Instant::now() + within;
        while !self.stdout_seen.iter().any(|l| l == want) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.out.recv_timeout(left) {
                Ok(l) => self.stdout_seen.push(l),
                Err(_) => self.fail(&format!("no stdout line {want:?} within {within:?}")),
            }
        }
    }

    /// Waits for a stderr line containing `want`, after the ones already matched.
    fn expect_err(&mut self, want: &str, within: Duration) {
        let deadline = Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.err.recv_timeout(left) {
                Ok(l) => {
                    let found = l.contains(want);
                    self.stderr_seen.push(l);
                    if found {
                        return;
                    }
                }
                Err(_) => self.fail(&format!("no stderr line with {want:?} within {within:?}")),
            }
        }
    }

    /// Waits until a stderr line containing each of `wants` has come, in any order.
    fn expect_errs(&mut self, wants: &[&str], within: Duration) {
        let deadline = Instant::now() + within;
        let mut left: Vec<&str> = wants.to_vec();
        while !left.is_empty() {
            let time = deadline.saturating_duration_since(Instant::now());
            match self.err.recv_timeout(time) {
                Ok(l) => {
                    left.retain(|w| !l.contains(w));
                    self.stderr_seen.push(l);
                }
                Err(_) => self.fail(&format!("no stderr lines with {left:?} within {within:?}")),
            }
        }
    }

    fn stderr(&mut self) -> String {
        while let Ok(l) = self.err.try_recv() {
            self.stderr_seen.push(l);
        }
        self.stderr_seen.join("\n")
    }

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

#[test]
fn recursive_watch_over_a_flapping_connection_is_rearmed_and_prints_each_change_once() {
    let r = root("chaos-watch");
    ok(&["create", &r]);
    let proxy = Proxy::start(server());
    let mut w = spawn(&proxy.addr(), &["watch", "-R", &r]);
    // Armed once a change made directly on the server comes through. Probes made before that
    // are not seen; any of them may be, once.
    let mut probes = Vec::new();
    while w.stdout_seen.is_empty() {
        assert!(probes.len() < 10, "the watch never armed: {}", w.stderr());
        let p = format!("{r}/probe{}", probes.len());
        ok(&["create", &p]);
        probes.push(format!("WATCH NodeCreated {p}"));
        if let Ok(l) = w.out.recv_timeout(SEC) {
            w.stdout_seen.push(l);
        }
    }
    let mut expected = Vec::new();
    for round in 0..4 {
        if round > 0 {
            proxy.cut();
            // The session's printer and the watch's re-arm run apart: the reconnect and the
            // re-arm notice may come in either order, after the disconnect.
            w.expect_err("SESSION Disconnected", 10 * SEC);
            let rearmed =
                format!("watch on {r} re-armed; events while disconnected may have been missed");
            w.expect_errs(&["SESSION SyncConnected", &rearmed], 10 * SEC);
        }
        // Changes made directly on the server after the re-arm, each distinct.
        let (node, child) = (format!("{r}/round{round}"), format!("{r}/round{round}/c"));
        ok(&["create", &node, "a"]);
        ok(&["set", &node, "b"]);
        ok(&["create", &child]);
        ok(&["delete", &child]);
        for e in [
            format!("WATCH NodeCreated {node}"),
            format!("WATCH NodeDataChanged {node}"),
            format!("WATCH NodeCreated {child}"),
            format!("WATCH NodeDeleted {child}"),
        ] {
            w.expect_out(&e, 10 * SEC);
            expected.push(e);
        }
    }
    // Events arrive in order: once this last one is in, any duplicate would be too.
    let end = format!("{r}/end");
    ok(&["create", &end]);
    let last = format!("WATCH NodeCreated {end}");
    w.expect_out(&last, 10 * SEC);
    expected.push(last);
    let mut seen = w.stdout_seen.clone();
    let printed = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), printed, "duplicate events: {:?}", w.stdout_seen);
    let phantom: Vec<&String> = seen
        .iter()
        .filter(|l| !expected.contains(l) && !probes.contains(l))
        .collect();
    assert!(phantom.is_empty(), "events for no change: {phantom:?}");
    assert_eq!(proxy.cuts(), 3);
    ok(&["deleteall", "--force", &r]);
}
