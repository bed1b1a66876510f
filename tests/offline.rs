//! `--snapshot` and `txnlog` on files a real server wrote: a server of this test's own with a
//! small snapCount, a known tree written through it (ACLs, multis, ephemerals, containers,
//! binary values), then the snapshot view compared with the live tree (export both, diff),
//! `txnlog` compared with ZooKeeper's own TxnLogToolkit, gzip and snappy snapshots from
//! restarts, and damaged copies (a flipped byte, a truncation) that must fail cleanly.

mod common;

use std::collections::BTreeMap;
use std::process::Command as StdCommand;

use common::{Dedicated, zksh_at};

/// Runs zksh; returns (exit code, stdout, stderr).
fn run(servers: &str, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = zksh_at(servers)
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ok(servers: &str, args: &[&str]) -> String {
    let (code, out, err) = run(servers, args, &[]);
    assert_eq!(code, 0, "zksh {args:?}: {err}");
    out
}

/// zksh on the snapshot (file or data directory) `snap`.
fn snap(snap: &str, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["--snapshot", snap];
    all.extend_from_slice(args);
    // The -s server is never contacted: a port nothing listens on proves it.
    run("127.0.0.1:1", &all, &[])
}

fn snap_ok(s: &str, args: &[&str]) -> String {
    let (code, out, err) = snap(s, args);
    assert_eq!(code, 0, "zksh --snapshot {s} {args:?}: {err}");
    assert!(!err.contains("internal error"), "{err}");
    out
}

const ROOT: &str = "/off";
const AUTH: &str = "digest:bob:bobpw";

/// Writes the known tree, one transaction a line (so the server takes several snapshots).
fn write_tree(servers: &str) -> i64 {
    let digest = ok(servers, &["digest", "bob:bobpw"]);
    let acl = format!("digest:{}:cdrwa", digest.trim());
    let mut script = format!(
        "create {ROOT} top\ncreate {ROOT}/app v1\ncreate --acl {acl} {ROOT}/secret s3cr3t\n\
         create -c {ROOT}/box\ncreate {ROOT}/box/in x\ncreate -s {ROOT}/seq- a\n\
         create --hex 00ff0a1b {ROOT}/bin\n\
         txn 'create {ROOT}/m1 one' 'create {ROOT}/m2 two' 'set {ROOT}/app v2'\n\
         create -e {ROOT}/gone bye\n"
    );
    for i in 0..60 {
        script.push_str(&format!("create {ROOT}/n{i} value-{i}\n"));
    }
    for i in 0..20 {
        script.push_str(&format!(
            "set {ROOT}/n{i} changed-{i}\ndelete {ROOT}/n{}\n",
            59 - i
        ));
    }
    script.push_str(&format!("setAcl {ROOT}/n0 world:anyone:r\n"));
    let out = zksh_at(servers)
        .args(["--auth", AUTH])
        .env("ZKSH_NO_COALESCE", "1")
        .write_stdin(script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The zxid after which `app` is set once more, for --at.
    let stat = ok(servers, &["-o", "json", "stat", &format!("{ROOT}/app")]);
    let v: serde_json::Value = serde_json::from_str(&stat).unwrap();
    let at = v["stat"]["mzxid"].as_i64().unwrap();
    ok(servers, &["set", &format!("{ROOT}/app"), "v3"]);
    at
}

fn export(servers: &str, extra: &[&str], file: &str) {
    let mut args = vec!["--auth", AUTH];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["export", ROOT, file]);
    let (code, _, err) = run(servers, &args, &[]);
    assert_eq!(code, 0, "export {extra:?}: {err}");
}

#[test]
fn snapshots_and_logs_of_a_real_server() {
    let server = Dedicated::start("offline", "start", &[("ZK_EXTRA_CFG", "snapCount=40")]);
    let s = server.servers.as_str();
    let at = write_tree(s);
    let data = format!("{}/data", server.dir);
    let tmp = tempfile::tempdir().unwrap();
    let file = |n: &str| tmp.path().join(n).to_string_lossy().into_owned();

    // The data directory (newest snapshot + logs replayed) shows the live tree exactly.
    export(s, &[], &file("live.json"));
    export("127.0.0.1:1", &["--snapshot", &data], &file("snap.json"));
    let (code, out, err) = run(
        s,
        &[
            "diff",
            &format!("@{}", file("live.json")),
            &format!("@{}", file("snap.json")),
        ],
        &[],
    );
    assert_eq!(code, 0, "diff: {out}{err}");
    for args in [
        vec!["ls", "-R", ROOT],
        vec!["ls", "-l", ROOT],
        vec!["get", "/off/app"],
        vec!["get", "-x", "/off/bin"],
        vec!["stat", "/off/n0"],
        vec!["stat", "/off"],
        vec!["getAcl", "/off/secret"],
        vec!["count", "/off"],
        vec!["du", "/off"],
        vec!["find", "/off", "n1*"],
        vec!["grep", "/off", "changed-1"],
        vec!["tree", "/off/box"],
        vec!["hotspots", "/off", "--top", "3"],
        vec!["-o", "json", "hotspots", "/off"],
    ] {
        let mut live = vec!["--auth", AUTH];
        live.extend(&args);
        assert_eq!(snap_ok(&data, &args), ok(s, &live), "{args:?}");
    }
    // acl audit on a snapshot: its ACLs tell what the identity given could read.
    let (code, out, _) = snap(&data, &["acl", "audit", "/off"]);
    assert_eq!(code, 1);
    assert!(out.contains("unreadable             /off/secret"), "{out}");
    assert!(out.contains("world-writable         /off/app"), "{out}");
    let (_, out, _) = snap(&data, &["--auth", AUTH, "acl", "audit", "/off"]);
    assert!(!out.contains("/off/secret"), "{out}");
    // The ephemeral left with its session; the snapshot's replay deleted it too.
    assert_eq!(snap(&data, &["exists", "/off/gone"]).0, 3);

    // Writes are refused as a server refuses them without permission: exit 7.
    for args in [
        vec!["create", "/off/new"],
        vec!["set", "/off/app", "x"],
        vec!["delete", "/off/n1"],
        vec!["deleteall", "/off/box"],
        vec!["setAcl", "/off/app", "world:anyone:r"],
        vec!["get", "-w", "/off/app"],
    ] {
        let (code, _, err) = snap(&data, &args);
        assert_eq!(code, 7, "{args:?}: {err}");
        assert!(err.contains("read-only"), "{args:?}: {err}");
    }
    assert_eq!(ok(s, &["get", "/off/app"]), "v3");
    let at = format!("{at:#x}");
    assert_eq!(snap_ok(&data, &["--at", &at, "get", "/off/app"]), "v2");

    // blame: the last writes to a node, from the logs of the --snapshot directory.
    let blame = snap_ok(&data, &["blame", "/off/app"]);
    let ops: Vec<&str> = blame
        .lines()
        .map(|l| l.split(' ').nth(3).unwrap())
        .collect();
    assert_eq!(ops, ["create2", "setData", "setData"], "{blame}");
    let blame = snap_ok(&data, &["blame", "-R", "/off/box", "--last", "5"]);
    assert!(
        blame.contains("createContainer /off/box ") && blame.contains(" /off/box/in "),
        "{blame}"
    );
    // The snapshot against the live tree (zk:// is always live): equal.
    let (code, out, err) = run(
        "127.0.0.1:1",
        &[
            "--snapshot",
            &data,
            "--auth",
            AUTH,
            "diff",
            ROOT,
            &format!("zk://{s}{ROOT}"),
        ],
        &[],
    );
    assert_eq!(code, 0, "{out}{err}");

    txnlog_matches_the_toolkit(&data);
    damaged_files_fail_cleanly(&data, &file);
    compressed_snapshots(&server, &file);
}

/// (zxid, session, op, path) per transaction, as TxnLogToolkit prints a log.
fn toolkit(log: &str) -> Vec<(String, String, String, Option<String>)> {
    let out = StdCommand::new("java")
        .args([
            "-cp",
            "/etc/zookeeper/conf:/usr/share/java/zookeeper.jar",
            "org.apache.zookeeper.server.persistence.TxnLogToolkit",
            log,
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .filter_map(|l| l.split_once(" session "))
        .map(|(_, rest)| {
            let w: Vec<&str> = rest.splitn(7, ' ').collect();
            let path = match w[5] {
                "create" | "create2" | "setData" | "delete" => w.get(6).map(|r| {
                    r.split(',')
                        .next()
                        .unwrap()
                        .trim_start_matches('\'')
                        .to_string()
                }),
                _ => None,
            };
            (w[4].to_string(), w[0].to_string(), w[5].to_string(), path)
        })
        .collect()
}

/// The same, from zksh's `txnlog -o json` (a multi's rows folded back into one).
fn zksh_txns(log: &str) -> Vec<(String, String, String, Option<String>)> {
    let out = ok("127.0.0.1:1", &["-o", "json", "txnlog", log]);
    let mut seen = BTreeMap::new();
    let mut list = Vec::new();
    for l in out.lines() {
        let v: serde_json::Value = serde_json::from_str(l).unwrap();
        let zxid = v["zxid"].as_str().unwrap().to_string();
        if seen.insert(zxid.clone(), ()).is_some() {
            continue;
        }
        let multi = !v["multi"].is_null();
        let op = if multi {
            "multi"
        } else {
            v["op"].as_str().unwrap()
        };
        let path = match op {
            "create" | "create2" | "setData" | "delete" => v["path"].as_str().map(str::to_string),
            _ => None,
        };
        list.push((
            zxid,
            v["session"].as_str().unwrap().to_string(),
            op.to_string(),
            path,
        ));
    }
    list
}

fn txnlog_matches_the_toolkit(data: &str) {
    let mut logs: Vec<String> = std::fs::read_dir(format!("{data}/version-2"))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .filter(|p| p.contains("/log."))
        .collect();
    logs.sort();
    assert!(logs.len() >= 2, "the server rolled no log: {logs:?}");
    let mut total = 0;
    for log in &logs {
        let theirs = toolkit(log);
        assert_eq!(zksh_txns(log), theirs, "{log}");
        total += theirs.len();
    }
    assert!(total > 120, "only {total} transactions");
    // Filters: one path's history, and a zxid range.
    let dir = format!("{data}/version-2");
    let app = ok("127.0.0.1:1", &["txnlog", &dir, "--path", "/off/app"]);
    let ops: Vec<&str> = app.lines().map(|l| l.split(' ').nth(3).unwrap()).collect();
    assert_eq!(ops, ["create2", "setData", "setData"], "{app}");
    assert!(app.contains("(multi 3/3)"), "{app}");
    let glob = ok(
        "127.0.0.1:1",
        &[
            "txnlog",
            &dir,
            "--path",
            "/off/n5*",
            "--until",
            "0x7fffffffffff",
        ],
    );
    assert!(
        glob.lines().count() >= 11 && glob.lines().all(|l| l.contains(" /off/n5")),
        "{glob}"
    );
}

fn damaged_files_fail_cleanly(data: &str, file: &dyn Fn(&str) -> String) {
    let dir = format!("{data}/version-2");
    let mut snaps: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("snapshot.")
        })
        .collect();
    snaps.sort_by_key(|p| std::fs::metadata(p).unwrap().len());
    let bytes = std::fs::read(snaps.last().unwrap()).unwrap();
    // A flipped bit inside a value: only the seal can tell.
    let at = bytes
        .windows(7)
        .position(|w| w == b"value-3")
        .expect("a value in the snapshot");
    let mut flipped = bytes.clone();
    flipped[at + 2] ^= 0x01;
    std::fs::write(file("flipped"), &flipped).unwrap();
    std::fs::write(file("short"), &bytes[..bytes.len() / 2]).unwrap();
    let (code, _, err) = snap(&file("flipped"), &["ls", "/"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("at byte") && err.contains("checksum"), "{err}");
    let (code, _, err) = snap(&file("short"), &["ls", "/"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("at byte {}", bytes.len() / 2)) || err.contains("truncated"),
        "{err}"
    );

    // A data directory whose newest snapshot is damaged (a crash while writing it): the one
    // before it is used, with the logs after that, and a notice says so.
    let dd = file("dd");
    std::fs::create_dir_all(format!("{dd}/version-2")).unwrap();
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        std::os::unix::fs::symlink(
            &p,
            format!(
                "{dd}/version-2/{}",
                p.file_name().unwrap().to_string_lossy()
            ),
        )
        .unwrap();
    }
    std::fs::write(
        format!("{dd}/version-2/snapshot.7fffffff"),
        &bytes[..bytes.len() / 2],
    )
    .unwrap();
    let (code, out, err) = snap(&dd, &["ls", "-R", "/off"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, snap_ok(data, &["ls", "-R", "/off"]));
    assert!(
        err.contains("snapshot.7fffffff") && err.contains("older snapshot"),
        "{err}"
    );

    let log = std::fs::read(format!("{dir}/log.1")).unwrap();
    let mut bad = log.clone();
    bad[200] ^= 0x01;
    std::fs::write(file("log.1"), &bad).unwrap();
    let (code, out, err) = run("127.0.0.1:1", &["txnlog", &file("log.1")], &[]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("at byte") && err.contains("CRC"), "{err}");
    assert!(!out.contains("internal error") && !err.contains("internal error"));
}

fn compressed_snapshots(server: &Dedicated, file: &dyn Fn(&str) -> String) {
    let data = format!("{}/data", server.dir);
    export("127.0.0.1:1", &["--snapshot", &data], &file("before.json"));
    for method in ["gz", "snappy"] {
        common::zk_server(&["stop", &server.dir]);
        let out = StdCommand::new(format!("{}/scripts/zk-server", env!("CARGO_MANIFEST_DIR")))
            .args(["start", &server.dir])
            .env(
                "ZK_JAVA_OPTS",
                format!("-Dzookeeper.snapshot.compression.method={method}"),
            )
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let newest = std::fs::read_dir(format!("{data}/version-2"))
            .unwrap()
            .map(|e| e.unwrap().path().to_string_lossy().into_owned())
            .find(|p| p.ends_with(&format!(".{method}")))
            .unwrap_or_else(|| panic!("the server wrote no .{method} snapshot"));
        // The snapshot alone, no logs: the server wrote it on start, so it is complete.
        export("127.0.0.1:1", &["--snapshot", &newest], &file(method));
        let (code, out, err) = run(
            "127.0.0.1:1",
            &[
                "diff",
                &format!("@{}", file("before.json")),
                &format!("@{}", file(method)),
            ],
            &[],
        );
        assert_eq!(code, 0, "{method}: {out}{err}");
    }
}

#[test]
fn acl_audit_reports_each_finding_live_and_exits_1() {
    let s = common::server();
    let root = common::root("audit");
    let bob = ok(s, &["digest", "bob:bobpw"]);
    let bob = format!("digest:{}:cdrwa", bob.trim());
    let script = format!(
        "create {root}\n\
         create {root}/closed\n\
         create --acl world:anyone:cdrwa {root}/closed/open\n\
         create --acl {bob} {root}/bobs\n\
         create --acl world:anyone:r,digest:eve:AAAAAAAAAAAAAAAAAAAAAAAAAAA=:cdrwa {root}/eves\n\
         setAcl {root}/closed world:anyone:r\n\
         setAcl {root} world:anyone:r\n"
    );
    let out = zksh_at(s)
        .args(["--auth", AUTH])
        .write_stdin(script)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Without credentials bob's node cannot be read (nor its ACL: the server refuses getACL
    // without READ or ADMIN); eve's can, and names a digest no credential matches.
    let (code, out, err) = run(s, &["-o", "json", "acl", "audit", &root], &[]);
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let found: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().into(),
                f["path"].as_str().unwrap().replace(&root, "R"),
            )
        })
        .collect();
    for want in [
        ("world-writable", "R/closed/open"),
        ("more-open-than-parent", "R/closed/open"),
        ("unreadable", "R/bobs"),
        ("unknown-digest", "R/eves"),
    ] {
        assert!(
            found.contains(&(want.0.into(), want.1.into())),
            "{want:?} not in {found:?}"
        );
    }
    // With bob's password his node is fine; eve's digest is still unknown.
    let (code, out, _) = run(s, &["--auth", AUTH, "acl", "audit", &root], &[]);
    assert_eq!(code, 1);
    assert!(!out.contains("/bobs"), "{out}");
    assert!(out.contains("/eves"), "{out}");
    // A clean subtree: exit 0.
    let (code, out, err) = run(s, &["acl", "audit", &format!("{root}/closed")], &[]);
    assert_eq!(code, 1, "{out}{err}");
    let clean = format!("{root}-clean");
    ok(s, &["create", &clean]);
    ok(s, &["setAcl", &clean, "world:anyone:r"]);
    let (code, out, err) = run(s, &["acl", "audit", &clean], &[]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
}

/// The ensemble member a test's client should talk to: one in `mode` (leader or follower).
fn member_in_mode(ensemble: &str, mode: &str) -> String {
    ensemble
        .split(',')
        .find(|m| {
            let out = run(m, &["srvr"], &[]).1;
            out.contains(&format!("Mode: {mode}"))
        })
        .unwrap_or_else(|| panic!("no {mode} in {ensemble}"))
        .to_string()
}

#[test]
fn who_finds_the_client_of_an_ephemeral_on_a_follower() {
    let ens = common::ensemble();
    let follower = member_in_mode(ens, "follower");
    let root = common::root("who");
    ok(ens, &["create", &root]);
    let eph = format!("{root}/e");
    // A client of the follower alone holds the ephemeral until the test deletes it.
    let mut holder = std::process::Command::new(env!("CARGO_BIN_EXE_zksh"))
        .args([
            "-s",
            &follower,
            "-c",
            &format!("create -e {eph} x; wait {eph} --absent --timeout 120s"),
        ])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    ok(ens, &["wait", &eph, "--exists", "--timeout", "60s"]);
    let out = ok(ens, &["-o", "json", "who", &eph]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let conns = v["connections"].as_array().unwrap();
    assert_eq!(conns.len(), 1, "{out}");
    assert_eq!(conns[0]["member"], follower.as_str(), "{out}");
    assert!(
        conns[0]["address"]
            .as_str()
            .unwrap()
            .starts_with("127.0.0.1:"),
        "{out}"
    );
    assert_eq!(v["ephemerals"], serde_json::json!([eph]), "{out}");
    // By session id: the same session, its ephemerals.
    let sid = v["session"].as_str().unwrap().to_string();
    let text = ok(ens, &["who", &sid]);
    assert!(
        text.contains(&format!("on {follower}")) && text.contains(&eph),
        "{text}"
    );
    // A persistent node has no owner: exit 1.
    assert_eq!(run(ens, &["who", &root], &[]).0, 1);
    ok(ens, &["delete", &eph]);
    assert!(holder.wait().unwrap().success());
    ok(ens, &["delete", &root]);
}
