//! The batching contract of scripts, proven on random scripts: run batched and line by line
//! (`ZKSH_NO_COALESCE=1`), each under a fresh root on the real server, they give the same
//! stdout, stderr, exit code and final tree. Also the specific cases the contract names.

mod common;
use common::*;

use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

/// Names the scripts write to, few enough that creates collide, sets and deletes meet real
/// nodes, and deletes meet parents with children.
const NODES: &[&str] = &["a", "b", "a/x", "a/y", "b/x", "a/x/q", "c/d"];

fn node() -> impl Strategy<Value = String> {
    prop::sample::select(NODES).prop_map(|n| format!("@R/{n}"))
}

fn value() -> impl Strategy<Value = &'static str> {
    prop::sample::select(&["", "v", "'two words'", "''"][..])
}

fn version() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(String::new()),
        3 => (-1i32..3).prop_map(|v| format!("-v {v} ")),
    ]
}

/// One command of a script: mostly writes, some reads and some bad lines.
fn command() -> impl Strategy<Value = String> {
    let flags = prop::sample::subsequence(&["-p", "-s", "-e"][..], 0..=2)
        .prop_map(|f| f.iter().map(|f| format!("{f} ")).collect::<String>());
    prop_oneof![
        6 => (flags, node(), value()).prop_map(|(f, n, v)| format!("create {f}{n} {v}")),
        4 => (version(), any::<bool>(), node(), value())
            .prop_map(|(v, s, n, x)| format!("set {v}{}{n} {x}", if s { "-s " } else { "" })),
        3 => (version(), node()).prop_map(|(v, n)| format!("delete {v}{n}")),
        1 => node().prop_map(|n| format!("get {n}")),
        // Values checked and compressed in set_op: batched, they must be the same bytes.
        1 => (
            prop::sample::select(&["--json ", "--encode gzip ", "--json --encode zlib "][..]),
            node(),
            prop::sample::select(&["'{\"a\":1}'", "'{bad'", "'[]'", "v"][..]),
        )
            .prop_map(|(f, n, v)| format!("set {f}{n} {v}")),
        1 => node().prop_map(|n| format!("get --decode {n}")),
        1 => node().prop_map(|n| format!("exists {n}")),
        1 => prop::sample::select(&["ls @R", "sync @R", "pwd"][..]).prop_map(str::to_string),
        // Relative paths, always after a `cd` into the script's own root.
        1 => (version(), prop::sample::select(&["a", "x", "a/../b", "./a/y"][..]))
            .prop_map(|(v, n)| format!("cd @R; create {n} r; set {v}{n} s")),
        1 => prop::sample::select(&["create", "set @R/a", "bogus @R", "get"][..])
            .prop_map(str::to_string),
    ]
}

/// How a script is run: -k, as `-c TEXT` instead of stdin, with `-o json`.
#[derive(Clone, Copy, Debug, Default)]
struct Opts {
    keep_going: bool,
    dash_c: bool,
    json: bool,
}

/// A script: lines of one or two commands (`;`), and how to run it.
fn script() -> impl Strategy<Value = (Vec<String>, Opts)> {
    let line = prop::collection::vec(command(), 1..=2).prop_map(|c| c.join("; "));
    let opts = (
        any::<bool>(),
        prop::bool::weighted(0.2),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(keep_going, dash_c, json)| Opts {
            keep_going,
            dash_c,
            json,
        });
    (prop::collection::vec(line, 1..40), opts)
}

/// Session ids, zxids and times differ from run to run (and a batch shares one zxid): mask them.
fn normalise(text: &str, root: &str) -> String {
    let text = text
        .replace(root, "ROOT")
        .lines()
        .map(|l| match l.split_once(" = ") {
            Some((k, _)) if k.ends_with("Zxid") || k.ends_with("time") => format!("{k} = *"),
            Some(("ephemeralOwner", v)) if v != "0x0" => "ephemeralOwner = session".into(),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let json =
        regex::Regex::new(r#""(czxid|mzxid|pzxid|ctime|mtime|ctime_iso|mtime_iso)":("[^"]*"|\d+)"#)
            .unwrap();
    let text = json.replace_all(&text, r#""$1":"*""#);
    let owner = regex::Regex::new(r#""ephemeral_owner":[1-9-]\d*"#).unwrap();
    owner
        .replace_all(&text, r#""ephemeral_owner":"session""#)
        .into_owned()
}

/// Runs the script under `root` (batched unless `line_by_line`): what it printed, its exit
/// code, and the tree it left (exported).
fn outcome(lines: &[String], o: Opts, root: &str, line_by_line: bool) -> Vec<String> {
    let text = format!("create {root}\n{}\n", lines.join("\n")).replace("@R", root);
    let mut cmd = zksh();
    if line_by_line {
        cmd.env("ZKSH_NO_COALESCE", "1");
    }
    if o.keep_going {
        cmd.arg("-k");
    }
    if o.json {
        cmd.args(["-o", "json"]);
    }
    let out = if o.dash_c {
        cmd.args(["-c", &text]).output().unwrap()
    } else {
        cmd.write_stdin(text).output().unwrap()
    };
    let tree = zksh().args(["export", root]).output().unwrap();
    vec![
        format!("exit {:?}", out.status.code()),
        normalise(&String::from_utf8_lossy(&out.stdout), root),
        normalise(&String::from_utf8_lossy(&out.stderr), root),
        format!("export exit {:?}", tree.status.code()),
        normalise(&String::from_utf8_lossy(&tree.stdout), root),
    ]
}

#[test]
fn batched_scripts_equal_their_line_by_line_runs() {
    let cases = std::env::var("ZKSH_PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(150);
    let ran = AtomicUsize::new(0);
    let lines_ran = AtomicUsize::new(0);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&script(), |(lines, o)| {
            ran.fetch_add(1, Ordering::Relaxed);
            lines_ran.fetch_add(lines.len(), Ordering::Relaxed);
            let batched = outcome(&lines, o, &root("eq"), false);
            let alone = outcome(&lines, o, &root("eq"), true);
            if batched != alone {
                return Err(TestCaseError::fail(format!(
                    "{o:?}\nbatched: {batched:#?}\nline by line: {alone:#?}"
                )));
            }
            Ok(())
        })
        .unwrap();
    let ran = ran.load(Ordering::Relaxed);
    eprintln!(
        "script equivalence: {ran} random scripts ({} lines) ran both ways, all equal",
        lines_ran.load(Ordering::Relaxed)
    );
    assert!(
        ran >= cases as usize,
        "{ran} scripts ran, {cases} asked for"
    );
}

/// Runs a script (stdin) with `args` both ways under fresh roots and asserts they agree;
/// returns the batched outcome.
fn both_ways(script: &str, args: &[&str]) -> Vec<String> {
    let lines: Vec<String> = script.lines().map(str::to_string).collect();
    let o = Opts {
        keep_going: args.contains(&"-k"),
        ..Opts::default()
    };
    let batched = outcome(&lines, o, &root("case"), false);
    let alone = outcome(&lines, o, &root("case"), true);
    assert_eq!(batched, alone);
    batched
}

/// A failure deep inside a long run of writes: the ops before it applied, its own error, the
/// same exit code; with -k the lines after it ran too.
#[test]
fn a_failure_inside_a_batch_reports_as_its_line_would() {
    let mut script: Vec<String> = (0..300).map(|i| format!("create @R/n{i} v{i}")).collect();
    script[150] = "create @R/n3".into();
    script.push("set -v 7 @R/n0 x".into());
    let text = script.join("\n");
    let stop = both_ways(&text, &[]);
    assert_eq!(stop[0], "exit Some(4)");
    assert!(
        stop[2].contains("ROOT/n3: node already exists"),
        "{}",
        stop[2]
    );
    assert!(
        stop[4].contains("\"/n149\"") && !stop[4].contains("\"/n151\""),
        "{}",
        stop[4]
    );
    let go_on = both_ways(&text, &["-k"]);
    assert_eq!(go_on[0], "exit Some(5)");
    assert!(go_on[4].contains("\"/n299\""), "{}", go_on[4]);
}

/// Sequential suffixes come from the batch's results, `set -s` stats too, in script order;
/// `-p` creates whose parents are missing make them; `quit` ends the script after the writes
/// before it.
#[test]
fn sequential_stats_parents_and_quit() {
    let out = both_ways(
        "create -s @R/s\ncreate -s @R/s\nset -s @R x\ncreate -p @R/p/q/r\nquit\ncreate @R/after",
        &[],
    );
    assert_eq!(out[0], "exit Some(0)");
    assert!(
        out[1].starts_with("ROOT\nROOT/s0000000000\nROOT/s0000000001\ncZxid"),
        "{}",
        out[1]
    );
    assert!(
        out[1].contains("dataVersion = 1\n") && out[1].ends_with("ROOT/p/q/r"),
        "{}",
        out[1]
    );
    assert!(!out[4].contains("after"), "{}", out[4]);
}

/// Ctrl-C stops a batched script (exit 130) though it spends its time parsing lines, not in a
/// command: every path printed exists, and at most the batch in flight (up to 4000 ops)
/// applied unreported.
#[test]
fn ctrl_c_stops_a_batched_script() {
    use std::io::{BufRead, BufReader, Write};
    use std::process::Stdio;
    let r = root("ctrl-c");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zksh"))
        .args(["-s", server()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let root_line = format!("create {r}\n");
    std::thread::spawn(move || {
        let _ = stdin.write_all(root_line.as_bytes());
        for i in 0..1_000_000 {
            if writeln!(stdin, "create {r}/n{i}").is_err() {
                break;
            }
        }
    });
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let pid = child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let mut printed: Vec<String> = vec![first.trim().to_string()];
    printed.extend(out.lines().map(Result::unwrap));
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    let r = printed[0].clone();
    let nodes = ok(&["ls", &r]).lines().count();
    assert!(
        nodes + 1 >= printed.len() && nodes < printed.len() + 4000,
        "{nodes} nodes, {} printed",
        printed.len()
    );
    assert!(nodes < 1_000_000, "the script ran to its end");
    ok(&["deleteall", &r]);
}

/// A batch stays under the server's packet limit as `--jute-maxbuffer` gives it: a server
/// started with a 200,000-byte jute.maxbuffer drops the connection of a larger request, which
/// would leave a batch in doubt and stop the script.
#[test]
fn batches_fit_the_servers_packet_limit() {
    let limit = "200000";
    let srv = Dedicated::start(
        "small-packets",
        "start",
        &[("ZK_JAVA_OPTS", &format!("-Djute.maxbuffer={limit}"))],
    );
    let r = root("packets");
    let value = "v".repeat(400);
    let mut script = format!("create {r}\n");
    for i in 0..1000 {
        script.push_str(&format!("create {r}/n{i} {value}\n"));
    }
    let out = zksh_at(&srv.servers)
        .args(["--jute-maxbuffer", limit])
        .write_stdin(script)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1001);
    let listed = zksh_at(&srv.servers).args(["ls", &r]).output().unwrap();
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout).lines().count(),
        1000
    );
}

/// The reader parses lines ahead of running them; an age (`txnlog --since 1s`) still counts
/// back from when its line runs, as it would line by line: the create 1.5 s earlier is older.
#[test]
fn ages_count_from_when_their_line_runs() {
    let srv = Dedicated::start("ages", "start", &[]);
    let log = format!("{}/data/version-2", srv.dir);
    let script = format!(
        "create /age\n\
         txnlog {log} --path /age --since 1h\n\
         wait /age/none --exists --timeout 1500ms\n\
         txnlog {log} --path /age --since 1s\n"
    );
    let out = zksh_at(&srv.servers)
        .arg("-k")
        .write_stdin(script)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let creates = stdout
        .lines()
        .filter(|l| l.contains(" create /age"))
        .count();
    assert_eq!(
        creates,
        1,
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
