//! SPEC §4's JSON contract, for every command `help` lists: with `-o json`, a command that
//! succeeds prints exactly one JSON document on stdout (a stream: one per line), and every
//! line on stderr is JSON too; a command that fails prints its error as JSON on stderr.
//! A command added without a case here fails `every_command_in_help_has_a_case`.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use clap::CommandFactory;
use common::*;
use serde_json::Value;

/// How a case must end.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Ends {
    /// Exit 0, one document on stdout.
    Doc,
    /// Exit 0, one document per stdout line (at least one).
    Stream,
    /// Exit with this code, the error as JSON on stderr, nothing on stdout.
    Fails(i32),
    /// Exit with this code after one document on stdout (`exists` on a missing node, `diff`
    /// of trees that differ, `grep` without a match...).
    DocThen(i32),
}

/// Every command of the grammar with arguments that make it do its job under `r`.
fn cases(r: &str, export: &str, logs: &str) -> Vec<(&'static str, Vec<String>, Ends)> {
    use Ends::*;
    let p = |s: &str| format!("{r}{s}");
    let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        ("create", v(&["create", &p("/new"), "x"]), Doc),
        ("get", v(&["get", &p("/a")]), Doc),
        ("set", v(&["set", &p("/a"), "y"]), Doc),
        ("ls", v(&["ls", r]), Doc),
        ("stat", v(&["stat", &p("/a")]), Doc),
        ("exists", v(&["exists", &p("/missing")]), DocThen(3)),
        ("delete", v(&["delete", &p("/gone")]), Doc),
        ("deleteall", v(&["deleteall", &p("/tree")]), Doc),
        ("watch", v(&["watch", &p("/w"), "--count", "1"]), Stream),
        ("watches", v(&["watches"]), Doc),
        ("unwatch", v(&["unwatch", &p("/a")]), Fails(1)),
        ("printwatches", v(&["printwatches", "off"]), Doc),
        ("wait", v(&["wait", &p("/a"), "--exists"]), Doc),
        ("lock", v(&["lock", &p("/lk"), "--", "true"]), Doc),
        ("elect", v(&["elect", &p("/el"), "--", "true"]), Doc),
        ("locks", v(&["locks", &p("/a")]), Doc),
        ("session", v(&["session"]), Doc),
        ("addauth", v(&["addauth", "digest", "u:p"]), Doc),
        ("getAcl", v(&["getAcl", &p("/a")]), Doc),
        (
            "setAcl",
            v(&["setAcl", &p("/a"), "world:anyone:cdrwa"]),
            Doc,
        ),
        ("digest", v(&["digest", "u:p"]), Doc),
        ("whoami", v(&["whoami"]), Doc),
        ("getEphemerals", v(&["getEphemerals"]), Doc),
        ("count", v(&["count", r]), Doc),
        ("sync", v(&["sync", r]), Doc),
        ("config", v(&["config"]), Doc),
        // A standalone server refuses reconfig: the error must be JSON too.
        ("reconfig", v(&["reconfig", "-remove", "9"]), Fails(1)),
        ("setquota", v(&["setquota", "-n", "100", &p("/q")]), Doc),
        ("listquota", v(&["listquota", &p("/q")]), Doc),
        ("delquota", v(&["delquota", &p("/q")]), Doc),
        ("4lw", v(&["4lw", "ruok"]), Doc),
        ("srvr", v(&["srvr"]), Doc),
        ("mntr", v(&["mntr"]), Doc),
        ("ruok", v(&["ruok"]), Doc),
        ("cons", v(&["cons"]), Doc),
        ("envi", v(&["envi"]), Doc),
        ("wchs", v(&["wchs"]), Doc),
        ("cluster", v(&["cluster"]), Doc),
        ("tree", v(&["tree", r]), Doc),
        ("find", v(&["find", r, "a*"]), Doc),
        ("grep", v(&["grep", r, "no such text"]), DocThen(1)),
        ("du", v(&["du", r]), Doc),
        ("cp", v(&["cp", &p("/a"), &p("/copy")]), Doc),
        ("mv", v(&["mv", &p("/m"), &p("/moved")]), Doc),
        ("export", v(&["export", &p("/a"), export]), Doc),
        ("import", v(&["import", export, &p("/imported")]), Doc),
        ("diff", v(&["diff", &p("/a"), &p("/b")]), DocThen(1)),
        ("txn", v(&["txn", &format!("create {r}/t x")]), Doc),
        // The logs of a server of this test's own (`LOGGED`).
        ("txnlog", v(&["txnlog", logs, "--path", r]), Stream),
        ("blame", v(&["blame", &p("/b"), "--txnlog", logs]), Stream),
        ("hotspots", v(&["hotspots", r]), Doc),
        // Every node here is world-writable: found, exit 1.
        ("acl", v(&["acl", "audit", r]), DocThen(1)),
        ("who", v(&["who", &p("/a")]), Fails(1)),
        ("edit", v(&["edit", &p("/a")]), Doc),
        ("contexts", v(&["contexts"]), Doc),
        // Tests run without a config file: no context to use.
        ("use", v(&["use", "nope"]), Fails(2)),
        // A full-screen browser has no JSON form: a usage error, as JSON.
        ("ui", v(&["ui", r]), Fails(2)),
        ("cd", v(&["cd", r]), Doc),
        ("pwd", v(&["pwd"]), Doc),
        ("connect", v(&["connect", server()]), Doc),
        ("close", v(&["close"]), Doc),
        ("reconnect", v(&["reconnect"]), Doc),
        ("clear", v(&["clear"]), Doc),
        ("history", v(&["history"]), Doc),
        // Only the REPL has a history to redo.
        ("redo", v(&["redo", "1"]), Fails(2)),
        ("version", v(&["version"]), Doc),
        ("help", v(&["help", "get"]), Doc),
        ("quit", v(&["quit"]), Doc),
    ]
}

/// The data directory of the standalone server the suite runs against.
/// Nodes written to the server whose logs `txnlog` and `blame` read: one of this test's own,
/// since the suite's shared server logs every other test's writes too (a million and more).
const LOGGED: &[&str] = &["", "/b"];

fn setup(r: &str) {
    for n in [
        "", "/a", "/b", "/gone", "/tree", "/tree/x", "/m", "/m/k", "/w", "/q",
    ] {
        ok(&["create", &format!("{r}{n}"), "v"]);
    }
}

fn lines(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn check(name: &str, args: &[String], ends: Ends, r: &str) {
    let mut cmd = zksh();
    cmd.env("EDITOR", "true").args(["-o", "json"]).args(args);
    let watched = format!("{r}/w");
    let poke = (name == "watch").then(|| {
        std::thread::spawn(move || {
            // Until the watch has seen an event and ended: the set may come before it is set.
            for i in 0..60 {
                std::thread::sleep(Duration::from_millis(250));
                let (code, _, _) = run(&["set", &watched, &i.to_string()]);
                assert_eq!(code, 0);
                if run(&["exists", &format!("{watched}-done")]).0 == 0 {
                    return;
                }
            }
        })
    });
    let out = cmd.output().unwrap();
    if let Some(t) = poke {
        ok(&["create", &format!("{r}/w-done")]);
        t.join().unwrap();
    }
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    let code = out.status.code().unwrap_or(-1);
    let ctx = format!("{name} {args:?}: exit {code}\nstdout: {stdout}\nstderr: {stderr}");
    let err_docs = lines(&stderr);
    let docs = lines(&stdout);
    match ends {
        Ends::Doc => assert!(code == 0 && docs.len() == 1, "{ctx}"),
        Ends::Stream => assert!(code == 0 && !docs.is_empty(), "{ctx}"),
        Ends::DocThen(c) => assert!(code == c && docs.len() == 1, "{ctx}"),
        Ends::Fails(c) => {
            assert!(code == c && docs.is_empty(), "{ctx}");
            assert!(err_docs.iter().any(|d| d.get("error").is_some()), "{ctx}");
        }
    }
}

#[test]
fn every_command_in_help_has_a_case() {
    let cases: Vec<&str> = cases("/r", "f", "l").iter().map(|c| c.0).collect();
    for c in zksh::command::Line::command().get_subcommands() {
        assert!(
            cases.contains(&c.get_name()),
            "{}: no JSON case in tests/json_contract.rs",
            c.get_name()
        );
    }
}

#[test]
fn every_command_prints_one_json_document() {
    let r = root("json");
    setup(&r);
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("a.json").display().to_string();
    let logged = Dedicated::start("json-logs", "start", &[]);
    for n in LOGGED {
        zksh_at(&logged.servers)
            .args(["create", &format!("{r}{n}"), "v"])
            .assert()
            .success();
    }
    let logs = format!("{}/data", logged.dir);
    let mut seen = BTreeMap::new();
    for (name, args, ends) in cases(&r, &export, &logs) {
        check(name, &args, ends, &r);
        seen.insert(name, ends);
    }
    assert!(seen.len() > 50);
}

#[test]
fn errors_of_argv_and_config_are_json() {
    for args in [
        &["-o", "json", "get"][..],
        &["-o", "json", "--session-timeout", "soon", "ls", "/"],
        &["-o", "json", "nosuchcommand"],
        // Config: read before any command runs.
        &["-o", "json", "--tls-ca", "/no/such/ca.pem", "ls", "/"],
        &["-o", "json", "--auth", "nocolon", "ls", "/"],
    ] {
        let out = zksh().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.code().is_some_and(|c| c != 0), "{args:?}: {err}");
        let docs = lines(&err);
        assert!(
            docs.iter().any(|d| d["error"]["code"].is_string()),
            "{args:?}: {err}"
        );
    }
}
