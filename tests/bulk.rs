//! The bulk engine's promises, one test per defect it was built to end: files replaced only by
//! complete exports, one grammar for txn ops, znodes that look like file names, moves that lose
//! no concurrent write, unreadable nodes never skipped in silence, setAcl -R's rails, exact
//! reports when a signal stops a run, and requests over the server's packet limit refused
//! before they are sent.

mod common;
#[path = "common/proxy.rs"]
mod proxy;

use common::*;
use proxy::Proxy;

use std::process::{Command as StdCommand, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{Value, json};

fn exists(p: &str) -> bool {
    run(&["exists", p]).0 == 0
}

fn run_in(args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, String) {
    let out = zksh().args(args).write_stdin(stdin).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    (out.status.code().unwrap_or(-1), out.stdout, err)
}

/// Imports a tree of `n` children under `root` (each holding its own name).
fn flat_tree(root: &str, n: usize) {
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let mut nodes =
        vec![json!({"path": "/", "type": "persistent", "data": "", "acl": ["world:anyone:cdrwa"]})];
    for i in 0..n {
        let p = format!("/n{i:05}");
        nodes.push(json!({"path": p, "type": "persistent", "data": b64(&p), "acl": ["world:anyone:cdrwa"]}));
    }
    let f = tempfile::NamedTempFile::new().unwrap();
    let doc = json!({"format": "zksh-export", "version": 1, "root": root, "nodes": nodes});
    std::fs::write(f.path(), doc.to_string()).unwrap();
    ok(&["import", f.path().to_str().unwrap()]);
}

/// `digest:bob:HASH:cdrwa`, an ACL that shuts out everyone but bob.
fn bob_only() -> String {
    format!("digest:{}:cdrwa", ok(&["digest", "bob:pw"]).trim())
}

fn as_bob(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--auth", "digest:bob:pw"];
    all.extend_from_slice(args);
    run(&all)
}

#[test]
fn a_failed_export_leaves_the_old_file_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.json");
    let f = file.to_str().unwrap();
    std::fs::write(&file, "{\"precious\":1}\n").unwrap();
    let r = root("export-keep");
    // A missing root.
    let (code, _, err) = run(&["export", &format!("{r}/typo"), f]);
    assert_eq!(code, 3, "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{\"precious\":1}\n"
    );
    // A tree with a node that cannot be read: the export would be incomplete.
    ok(&["create", &r]);
    ok(&["create", &format!("{r}/open"), "x"]);
    ok(&["create", "--acl", &bob_only(), &format!("{r}/locked"), "y"]);
    let (code, _, err) = run(&["export", &r, f]);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains(&format!("{r}/locked")), "{err}");
    assert!(err.contains("was not written"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "{\"precious\":1}\n"
    );
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, ["backup.json"]);
    // A complete export replaces it.
    as_bob(&["setAcl", &format!("{r}/locked"), "world:anyone:cdrwa"]);
    ok(&["export", &r, f]);
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(v["nodes"].as_array().unwrap().len(), 3);
    ok(&["deleteall", &r]);
}

#[test]
fn txn_ops_are_parsed_by_the_commands_own_grammar() {
    let r = root("txn-grammar");
    ok(&["create", &r]);
    let (code, _, err) = run(&["txn", &format!("create -p {r}/b/c v")]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("-p cannot be part of a transaction"), "{err}");
    assert!(!exists("/-p") && !exists(&format!("{r}/-p")));
    let (code, _, err) = run(&["txn", &format!("create --bogus {r}/x")]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["txn", &format!("get {r}")]);
    assert_eq!(code, 2, "{err}");
    // What the commands accept works, flags anywhere, as they take them.
    let out = ok(&[
        "txn",
        &format!("create {r}/a one"),
        &format!("create -s {r}/q- x"),
        &format!("set {r}/a two -v 0"),
        &format!("check {r}/a 1"),
        &format!("create --acl world:anyone:r {r}/ro"),
        &format!("delete {r}/a"),
    ]);
    assert!(out.starts_with(&format!("{r}/a\n{r}/q-0")), "{out}");
    assert!(!exists(&format!("{r}/a")));
    assert_eq!(ok(&["getAcl", &format!("{r}/ro")]), "world:anyone:r\n");
    // A failing op names itself; nothing was applied.
    let (code, _, err) = run(&["txn", &format!("create {r}/z"), &format!("check {r}/ro 7")]);
    assert_eq!(code, 5, "{err}");
    assert!(err.contains(&format!("op 2 (on {r}/ro)")), "{err}");
    assert!(!exists(&format!("{r}/z")));
    ok(&["deleteall", &r]);
}

#[test]
fn znodes_ending_in_json_are_znodes_and_files_say_so() {
    let r = root("dot-json");
    let app = format!("{r}/config/app.json");
    ok(&["create", "-p", &app, "{}"]);
    assert_eq!(ok(&["diff", &app, &app]), "");
    ok(&["cp", &app, &format!("{r}/config/copy.json")]);
    assert_eq!(ok(&["get", &format!("{r}/config/copy.json")]), "{}");
    ok(&[
        "mv",
        &format!("{r}/config/copy.json"),
        &format!("{r}/config/moved.json"),
    ]);
    assert!(exists(&format!("{r}/config/moved.json")));
    // Export files are named with @.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tree.json");
    let f = file.to_str().unwrap();
    ok(&["export", &r, f]);
    assert_eq!(ok(&["diff", &format!("@{f}"), &r]), "");
    let (code, _, err) = run(&["diff", f, &r]);
    assert_eq!(code, 3, "a path without @ is a znode: {err}");
    assert!(err.contains(&format!("{f}: node does not exist")), "{err}");
    ok(&["deleteall", &r]);
}

#[test]
fn mv_loses_no_write_made_while_it_moves() {
    let r = root("mv-race");
    let (src, dst) = (format!("{r}/src"), format!("{r}/dst"));
    ok(&["create", &r]);
    flat_tree(&src, 3000);
    let hot = format!("{src}/n00000");
    let stop = Arc::new(AtomicBool::new(false));
    let (during, last_set) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let moving = Arc::new(AtomicBool::new(false));
    let writer = {
        let (stop, during, last_set, moving) = (
            stop.clone(),
            during.clone(),
            last_set.clone(),
            moving.clone(),
        );
        let (hot, src) = (hot.clone(), src.clone());
        std::thread::spawn(move || {
            let mut created = Vec::new();
            for k in 1.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let set = run(&["set", &hot, &format!("v{k}")]).0 == 0;
                let new = format!("{src}/new-{k}");
                let made = run(&["create", &new]).0 == 0;
                if set {
                    last_set.store(k, Ordering::SeqCst);
                }
                if made {
                    created.push(new);
                }
                if (set || made) && moving.load(Ordering::SeqCst) {
                    during.fetch_add(1, Ordering::SeqCst);
                }
            }
            created
        })
    };
    while last_set.load(Ordering::SeqCst) == 0 {
        std::thread::sleep(Duration::from_millis(5));
    }
    moving.store(true, Ordering::SeqCst);
    let (code, _, err) = run(&["mv", &src, &dst]);
    moving.store(false, Ordering::SeqCst);
    stop.store(true, Ordering::SeqCst);
    let created = writer.join().unwrap();
    assert!(
        during.load(Ordering::SeqCst) > 0,
        "no write happened during the move"
    );
    // Nodes changed or added during the move stay at the source and are named.
    if code != 0 {
        assert!(err.contains("during the move; not moved"), "{err}");
    }
    let want = format!("v{}", last_set.load(Ordering::SeqCst));
    let moved_hot = format!("{dst}/n00000");
    let seen = if exists(&hot) {
        ok(&["get", &hot])
    } else {
        ok(&["get", &moved_hot])
    };
    assert_eq!(seen, want, "the last write to the hot node was lost: {err}");
    for p in created {
        let moved = p.replacen(&src, &dst, 1);
        assert!(exists(&p) || exists(&moved), "{p} was lost: {err}");
    }
    ok(&["deleteall", &r]);
}

#[test]
fn unreadable_nodes_are_reported_by_grep_find_diff_and_tree() {
    let r = root("unreadable");
    ok(&["create", &r]);
    ok(&["create", &format!("{r}/open"), "needle"]);
    ok(&["create", &format!("{r}/locked"), "needle"]);
    ok(&["create", &format!("{r}/locked/child"), "needle"]);
    ok(&["setAcl", &format!("{r}/locked"), &bob_only()]);
    let locked = format!("{r}/locked");
    for args in [
        vec!["grep", &r, "needle"],
        vec!["find", &r, "*"],
        vec!["tree", &r],
        vec!["du", &r],
        vec!["ls", "-R", &r],
    ] {
        let (code, out, err) = run(&args);
        assert_eq!(code, 7, "{args:?}: {out}{err}");
        assert!(
            err.contains(&format!("{locked}: not authorised")),
            "{args:?}: {err}"
        );
        assert!(err.contains("1 nodes could not be read"), "{args:?}: {err}");
    }
    assert!(
        run(&["grep", &r, "needle"])
            .1
            .contains(&format!("{r}/open: needle"))
    );
    let (code, out, err) = run(&["-o", "json", "diff", &r, &r]);
    assert_eq!(code, 7, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["same"], false, "{out}");
    assert!(
        v["unreadable"].as_array().unwrap().contains(&json!(locked)),
        "{out}"
    );
    // Node types the server cannot tell apart are not offered.
    let (code, _, err) = run(&["find", &r, "*", "--type", "c"]);
    assert_eq!(code, 2, "{err}");
    as_bob(&["setAcl", &locked, "world:anyone:cdrwa"]);
    ok(&["deleteall", &r]);
}

#[test]
fn set_acl_recursive_has_the_rails_of_deleteall() {
    for p in ["/", "/zookeeper", "/zookeeper/quota"] {
        let (code, _, err) = run(&["setAcl", "-R", p, "world:anyone:r"]);
        assert_eq!(code, 2, "{p}: {err}");
        assert!(err.contains("refusing"), "{err}");
    }
    assert_eq!(ok(&["getAcl", "/"]), "world:anyone:cdrwa\n");
    let r = root("setacl-rails");
    ok(&["create", &r]);
    ok(&["create", &format!("{r}/a")]);
    ok(&["create", &format!("{r}/a/b")]);
    let (code, out, err) = run(&["setAcl", "-R", "--dry-run", &r, "world:anyone:r"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, format!("{r}\n{r}/a\n{r}/a/b\n"));
    assert_eq!(ok(&["getAcl", &format!("{r}/a/b")]), "world:anyone:cdrwa\n");
    // A subtree it cannot read is left as it is, and named.
    ok(&["create", &format!("{r}/locked")]);
    ok(&["create", &format!("{r}/locked/c")]);
    ok(&["setAcl", &format!("{r}/locked"), &bob_only()]);
    let (code, _, err) = run(&["setAcl", "-R", &r, "world:anyone:cdra"]);
    assert_eq!(code, 7, "{err}");
    assert!(
        err.contains(&format!("{r}/locked: not authorised")),
        "{err}"
    );
    assert!(err.contains("1 unreadable"), "{err}");
    assert_eq!(ok(&["getAcl", &format!("{r}/a/b")]), "world:anyone:cdra\n");
    let (_, acl, _) = as_bob(&["getAcl", &format!("{r}/locked")]);
    assert!(acl.starts_with("digest:bob:"), "{acl}");
    let (_, acl, _) = as_bob(&["getAcl", &format!("{r}/locked/c")]);
    assert_eq!(acl, "world:anyone:cdrwa\n");
    as_bob(&["setAcl", &format!("{r}/locked"), "world:anyone:cdrwa"]);
    ok(&["setAcl", "-R", &r, "world:anyone:cdrwa"]);
    ok(&["deleteall", &r]);
}

/// The counts of a report line "WHAT: D of T nodes done[, ...][, N not done]; stopped: WHY".
fn report_counts(what: &str, err: &str) -> (usize, usize, usize, String) {
    let line = err
        .lines()
        .find(|l| l.starts_with(&format!("zksh: {what}: ")))
        .unwrap_or_else(|| panic!("no {what} report:\n{err}"));
    let (counts, why) = line.split_once("; stopped: ").unwrap_or((line, ""));
    let why = why.split("; ").next().unwrap_or("");
    let num = |s: &str| s.split(' ').find_map(|w| w.parse::<usize>().ok()).unwrap();
    let parts: Vec<&str> = counts.split(", ").collect();
    let done = num(parts[0].trim_start_matches(&format!("zksh: {what}: ")));
    let total = num(parts[0].split(" of ").nth(1).unwrap());
    let not_done = parts
        .iter()
        .find(|p| p.ends_with("not done"))
        .map_or(0, |p| num(p));
    assert!(
        !counts.contains("in doubt"),
        "replies were awaited, none in doubt: {line}"
    );
    (done, total, not_done, why.to_string())
}

/// Starts `args` through a slowed connection and sends `signal` once it has made progress.
fn stopped_mid_way(
    proxy: &Proxy,
    args: &[&str],
    progress: impl Fn() -> bool,
    signal: &str,
) -> (i32, String) {
    let child = StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
        .env("NO_COLOR", "1")
        .args(["-s", &proxy.addr()])
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while !progress() {
        assert!(Instant::now() < deadline, "{args:?} made no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    StdCommand::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn count(p: &str) -> usize {
    match run(&["count", p]) {
        (0, out, _) => out.trim().parse::<usize>().unwrap() + 1,
        _ => 0,
    }
}

#[test]
fn a_signal_stops_a_bulk_run_with_an_exact_report() {
    let r = root("signal");
    ok(&["create", &r]);
    let work = format!("{r}/work");
    flat_tree(&work, 20_000);
    let total = count(&work);
    let proxy = Proxy::start(server());
    proxy.delay(Duration::from_millis(30));
    // SIGTERM during a deleteall: what it says it deleted is exactly what is gone.
    let (code, err) = stopped_mid_way(
        &proxy,
        &["deleteall", &work],
        || count(&work) < total,
        "-TERM",
    );
    assert_eq!(code, 143, "{err}");
    let (done, t, not_done, why) = report_counts("deleteall", &err);
    assert_eq!(t, total, "{err}");
    assert!(done > 0 && done < total, "stopped mid-way: {err}");
    assert_eq!(why, "stopped by signal 15", "{err}");
    assert_eq!(count(&work), total - done, "{err}");
    assert_eq!(done + not_done, total, "{err}");
    // SIGINT during a cp: the nodes it made are the ones it counted.
    let left = count(&work);
    let copy = format!("{r}/copy");
    let (code, err) = stopped_mid_way(
        &proxy,
        &["cp", "-r", &work, &copy],
        || count(&copy) > 0,
        "-INT",
    );
    assert_eq!(code, 130, "{err}");
    let (done, t, _, why) = report_counts("cp", &err);
    assert_eq!((t, why.as_str()), (left, "interrupted"), "{err}");
    assert!(done < left, "stopped mid-way: {err}");
    assert_eq!(count(&copy), done, "{err}");
    // An interrupted move reports as mv, and deletes nothing it did not report.
    let moved = format!("{r}/moved");
    let (code, err) = stopped_mid_way(&proxy, &["mv", &work, &moved], || count(&moved) > 1, "-HUP");
    assert_eq!(code, 129, "{err}");
    assert!(err.contains("zksh: mv: "), "{err}");
    assert!(
        !err.contains("zksh: deleteall: ") && !err.contains("zksh: cp: "),
        "{err}"
    );
    assert_eq!(count(&work), left, "a stopped copy deletes nothing: {err}");
    ok(&["deleteall", &r]);
}

#[test]
fn requests_over_the_packet_limit_are_refused_before_sending() {
    let r = root("packet");
    ok(&["create", &r]);
    let node = format!("{r}/v");
    ok(&["create", &node]);
    // setData: header 8, path 4+len, data 4+len, version 4; the server takes 0xfffff bytes.
    let max = 0xfffff - (8 + 4 + node.len() + 4 + 4);
    let value = vec![b'x'; max];
    let (code, _, err) = run_in(&["set", &node, "-"], &value);
    assert_eq!(code, 0, "{err}");
    let (_, got, _) = run_in(&["get", &node], b"");
    assert_eq!(got.len(), max);
    // What zksh read, it can write back.
    let (code, _, err) = run_in(&["set", &node, "-"], &got);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_in(&["set", &node, "-"], &[value.as_slice(), b"y"].concat());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("packet limit of 1048575"), "{err}");
    assert!(!err.contains("may or may not"), "{err}");
    // A transaction and an import over it are refused whole: nothing is created.
    let half = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(half.path(), "h".repeat(600_000)).unwrap();
    let h = half.path().to_str().unwrap();
    let (code, _, err) = run(&[
        "txn",
        &format!("create {r}/a @{h}"),
        &format!("create {r}/b @{h}"),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(!exists(&format!("{r}/a")));
    let b64 = base64::engine::general_purpose::STANDARD.encode(vec![0u8; 1_100_000]);
    let doc = json!({"format": "zksh-export", "version": 1, "root": format!("{r}/imp"), "nodes": [
        {"path": "/", "type": "persistent", "data": "", "acl": ["world:anyone:cdrwa"]},
        {"path": "/big", "type": "persistent", "data": b64, "acl": ["world:anyone:cdrwa"]}]});
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), doc.to_string()).unwrap();
    let (code, _, err) = run(&["import", f.path().to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(!exists(&format!("{r}/imp")), "nothing is sent: {err}");
    // A server that raised its limit is reached with --jute-maxbuffer.
    let (code, _, err) = run(&["--jute-maxbuffer", "100", "set", &node, &"z".repeat(100)]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("packet limit of 100"), "{err}");
    ok(&["deleteall", &r]);
}

#[test]
fn diff_against_a_file_streams_it_in_order_or_sorts_a_hand_made_one() {
    let r = root("diff-file");
    ok(&["create", "-p", &format!("{r}/b/x"), "1"]);
    ok(&["create", &format!("{r}/a"), "2"]);
    let node = |p: &str, v: &str| {
        let data = base64::engine::general_purpose::STANDARD.encode(v);
        format!(
            r#"{{"path":"{p}","type":"persistent","data":"{data}","acl":["world:anyone:cdrwa"]}}"#
        )
    };
    let file = |nodes: &[String]| {
        format!(
            r#"{{"format":"zksh-export","version":1,"root":"{r}","nodes":[{}],"ephemerals_skipped":0}}"#,
            nodes.join(",")
        )
    };
    let dir = tempfile::tempdir().unwrap();
    // In walk order (as export writes it), and in another order a file may hold (parents
    // still first), /b/x changed.
    let sorted = [
        node("/", ""),
        node("/a", "2"),
        node("/b", ""),
        node("/b/x", "9"),
    ];
    let shuffled = [
        node("/", ""),
        node("/b", ""),
        node("/b/x", "9"),
        node("/a", "2"),
    ];
    for (name, nodes) in [("sorted", &sorted), ("shuffled", &shuffled)] {
        let f = dir.path().join(name);
        std::fs::write(&f, file(nodes)).unwrap();
        let (code, out, err) = run(&["diff", &format!("@{}", f.display()), &r]);
        assert_eq!(code, 1, "{name}: {err}");
        assert_eq!(out, "~ /b/x  data differs\n", "{name}");
    }
    // From stdin too.
    let out = zksh()
        .args(["diff", "@-", &r])
        .write_stdin(file(&sorted))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "~ /b/x  data differs\n"
    );
    ok(&["deleteall", &r]);
}
