//! Node commands against a real server: create (every mode and value source), get, set, ls,
//! stat, exists, delete and deleteall, with their text and JSON output and exit codes.

mod common;
use common::*;

use std::io::{BufRead, BufReader, Read};
use std::process::{Command as StdCommand, Stdio};
use std::sync::OnceLock;

use serde_json::Value;

/// Runs zksh with `args` and `stdin`; returns (exit code, raw stdout, stderr).
fn io(args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, String) {
    let out = zksh().args(args).write_stdin(stdin).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    (out.status.code().unwrap_or(-1), out.stdout, err)
}

/// The exact bytes `zksh get PATH` writes to a pipe.
fn raw_get(path: &str) -> Vec<u8> {
    let (code, out, err) = io(&["get", path], b"");
    assert_eq!(code, 0, "get {path}: {err}");
    out
}

/// Every JSON document printed by `zksh -o json -c SCRIPT` (one per line), asserting success.
fn json_lines(script: &str) -> Vec<Value> {
    ok(&["-o", "json", "-c", script])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect()
}

/// The value of `name = value` in zkCli-style stat text.
fn stat_field<'a>(text: &'a str, name: &str) -> &'a str {
    let prefix = format!("{name} = ");
    text.lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .unwrap_or_else(|| panic!("no {name} in {text:?}"))
}

fn exists(path: &str) -> bool {
    match run(&["exists", path]) {
        (0, o, _) if o == "true\n" => true,
        (3, o, _) if o == "false\n" => false,
        r => panic!("exists {path}: {r:?}"),
    }
}

#[test]
fn create_parents_are_persistent_and_empty() {
    let r = root("parents");
    let out = json_lines(&format!(
        "create -p {r}/a/b/leaf v; stat {r}; stat {r}/a/b; get {r}/a/b/leaf"
    ));
    assert_eq!(out[0]["path"], format!("{r}/a/b/leaf"));
    for made in &out[1..3] {
        assert_eq!(made["stat"]["ephemeral_owner"], 0, "{made}");
        assert_eq!(made["stat"]["data_length"], 0, "{made}");
        assert_eq!(made["stat"]["num_children"], 1, "{made}");
    }
    assert_eq!(out[3]["value"], "v");
    // -p on a path whose parents all exist, and on an existing node: only the node itself counts.
    assert_eq!(
        ok(&["create", "-p", &format!("{r}/a/c")]),
        format!("{r}/a/c\n")
    );
    assert_eq!(run(&["create", "-p", &format!("{r}/a/c")]).0, 4);
    ok(&["deleteall", &r]);
}

#[test]
fn create_ephemeral_lives_as_long_as_its_process() {
    let r = root("ephemeral");
    let e = format!("{r}/e");
    let out = ok(&[
        "-c",
        &format!("create {r}; create -e {e} v; stat {e}; ls -l {r}"),
    ]);
    let owner = stat_field(&out, "ephemeralOwner");
    assert!(owner.starts_with("0x") && owner != "0x0", "{out}");
    assert!(
        out.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["e", "0", "1", "0", "e"]),
        "{out}"
    );
    // The session ended with the process, and the server removed the node with it.
    assert!(!exists(&e));
    assert!(exists(&r));
    ok(&["deleteall", &r]);
}

/// `N` with the 10-digit sequence suffix the server appends, or a failure.
fn sequence(created: &str, prefix: &str) -> u64 {
    let suffix = created
        .strip_prefix(prefix)
        .unwrap_or_else(|| panic!("{created:?}"));
    assert_eq!(suffix.len(), 10, "{created:?}");
    assert!(suffix.bytes().all(|b| b.is_ascii_digit()), "{created:?}");
    suffix.parse().unwrap()
}

#[test]
fn create_sequential_prints_the_real_path() {
    let r = root("sequential");
    let out = ok(&[
        "-c",
        &format!("create {r}; create -s {r}/q- a; create -s {r}/q- b; create -e -s {r}/e-; ls {r}"),
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], r);
    let (a, b) = (
        sequence(lines[1], &format!("{r}/q-")),
        sequence(lines[2], &format!("{r}/q-")),
    );
    assert!(b > a, "{out}");
    sequence(lines[3], &format!("{r}/e-"));
    // ls shows exactly the names that were printed.
    let names: Vec<String> = lines[1..4]
        .iter()
        .map(|p| p.rsplit('/').next().unwrap().to_string())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        lines[4..],
        sorted.iter().map(String::as_str).collect::<Vec<_>>()[..]
    );
    assert_eq!(raw_get(lines[2]), b"b");
    ok(&["deleteall", &r]);
}

/// A server of our own whose container manager runs every 100 ms, so container and TTL nodes are
/// reaped during the test instead of after the default minute.
fn reaper() -> &'static str {
    static S: OnceLock<String> = OnceLock::new();
    S.get_or_init(|| {
        let out = StdCommand::new(format!("{}/scripts/zk-server", env!("CARGO_MANIFEST_DIR")))
            .args(["start", &server_dir("reaper")])
            .env("ZK_JAVA_OPTS", "-Dznode.container.checkIntervalMs=100")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    })
}

/// Runs `zksh -s SERVER --timeout 15s exists -w PATH` and returns what it printed first ("true"
/// or "false") and the process, still running while it waits for the event.
fn watch_exists(
    server: &str,
    path: &str,
) -> (
    String,
    std::process::Child,
    BufReader<std::process::ChildStdout>,
) {
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
        .env("NO_COLOR", "1")
        .args(["-s", server, "--timeout", "15s", "exists", "-w", path])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    (first, child, out)
}

/// Waits for the watcher to print its event line and exit; returns (exit code, rest of stdout).
fn finish(
    mut child: std::process::Child,
    mut out: BufReader<std::process::ChildStdout>,
) -> (i32, String) {
    let mut rest = String::new();
    out.read_to_string(&mut rest).unwrap();
    (child.wait().unwrap().code().unwrap_or(-1), rest)
}

#[test]
fn create_container_and_ttl_nodes_are_reaped_by_the_server() {
    let s = reaper();
    let r = root("reaped");
    let (c, t, p) = (format!("{r}/c"), format!("{r}/ttl"), format!("{r}/plain"));
    let out = zksh_at(s)
        .args(["-c", &format!("create {r}; create -c {c}; create {c}/kid; create -t 1000 {t} v; create {p}; exists {t}")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).ends_with("true\n"));

    // A container goes once its last child is gone.
    let (first, child, rest) = watch_exists(s, &c);
    assert_eq!(first, "true\n");
    zksh_at(s)
        .args(["delete", &format!("{c}/kid")])
        .assert()
        .success();
    assert_eq!(finish(child, rest), (0, format!("WATCH NodeDeleted {c}\n")));

    // A TTL node goes when its TTL has run out (it may already be gone by now).
    let (first, child, rest) = watch_exists(s, &t);
    if first == "true\n" {
        assert_eq!(finish(child, rest), (0, format!("WATCH NodeDeleted {t}\n")));
    } else {
        assert_eq!(first, "false\n");
        let mut child = child;
        child.kill().unwrap();
        child.wait().unwrap();
    }
    // ...while a plain persistent node made at the same time stays.
    zksh_at(s)
        .args(["exists", &p])
        .assert()
        .success()
        .stdout("true\n");
    zksh_at(s).args(["deleteall", &r]).assert().success();
}

#[test]
fn create_takes_values_from_every_source() {
    let r = root("values");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("value.bin");
    let binary = b"\x00\x01\xff\nline\r\n\x00";
    std::fs::write(&file, binary).unwrap();
    let script = format!(
        "create {r}; create {r}/lit 'hello world'; create {r}/file @{}; create {r}/b64 --base64 AP8AYWI=; \
         create {r}/hex --hex '00ff 10'; create {r}/empty; create {r}/at @",
        file.display()
    );
    ok(&["-c", &script]);
    assert_eq!(raw_get(&format!("{r}/lit")), b"hello world");
    assert_eq!(raw_get(&format!("{r}/file")), binary);
    assert_eq!(raw_get(&format!("{r}/b64")), b"\x00\xff\x00ab");
    assert_eq!(raw_get(&format!("{r}/hex")), b"\x00\xff\x10");
    assert_eq!(raw_get(&format!("{r}/empty")), b"");
    assert_eq!(raw_get(&format!("{r}/at")), b"@", "a lone @ is a literal");
    // `-` reads all of stdin: raw bytes, nothing trimmed.
    let (code, out, err) = io(&["create", &format!("{r}/stdin"), "-"], binary);
    assert_eq!(
        (code, out, err),
        (0, format!("{r}/stdin\n").into_bytes(), String::new())
    );
    assert_eq!(raw_get(&format!("{r}/stdin")), binary);
    // Bad sources are usage errors and create nothing.
    let missing = dir.path().join("missing");
    for bad in [
        vec![
            "create".to_string(),
            format!("{r}/bad"),
            format!("@{}", missing.display()),
        ],
        vec![
            "create".into(),
            format!("{r}/bad"),
            "--base64".into(),
            "!!".into(),
        ],
        vec![
            "create".into(),
            format!("{r}/bad"),
            "--hex".into(),
            "abc".into(),
        ],
    ] {
        let args: Vec<&str> = bad.iter().map(String::as_str).collect();
        assert_eq!(run(&args).0, 2, "{bad:?}");
    }
    assert!(!exists(&format!("{r}/bad")));
    ok(&["deleteall", &r]);
}

#[test]
fn create_errors_have_their_exit_codes() {
    let r = root("create-errors");
    ok(&["create", &r]);
    let (code, out, err) = run(&["create", &r, "again"]);
    assert_eq!((code, out.as_str()), (4, ""));
    assert!(err.contains(&format!("{r}: node already exists")), "{err}");
    let (code, _, err) = run(&["create", &format!("{r}/no/such/parent")]);
    assert_eq!(code, 3);
    assert!(err.contains("node does not exist"), "{err}");
    assert!(!exists(&format!("{r}/no")));
    let (code, _, err) = run(&["create", "/"]);
    assert_eq!(code, 2);
    assert!(err.contains("root"), "{err}");
    // Flags that cannot go together are usage errors.
    assert_eq!(run(&["create", "-e", "-t", "1s", &format!("{r}/x")]).0, 2);
    assert_eq!(run(&["create", "-c", "-e", &format!("{r}/x")]).0, 2);
    // JSON errors name the code and the path.
    let (code, _, err) = run(&["-o", "json", "create", &r]);
    assert_eq!(code, 4);
    let v: Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(v["error"]["code"], "NodeExists");
    assert_eq!(v["error"]["path"], r.as_str());
    ok(&["deleteall", &r]);
}

#[test]
fn get_prints_exact_bytes_and_every_format() {
    let r = root("get");
    let (b, t) = (format!("{r}/bin"), format!("{r}/text"));
    ok(&[
        "-c",
        &format!("create {r}; create {b} --base64 AP8AYWI=; create {t} 'two\n\nlines\n\n'"),
    ]);
    assert_eq!(raw_get(&b), b"\x00\xff\x00ab");
    assert_eq!(raw_get(&t), b"two\n\nlines\n\n", "no trimming");

    // -s: the value, then the stat on lines of its own.
    let (code, out, _) = io(&["get", "-s", &b], b"");
    assert_eq!(code, 0);
    assert_eq!(out[..5], b"\x00\xff\x00ab"[..]);
    let stat = std::str::from_utf8(&out[5..]).unwrap();
    assert!(stat.starts_with("\ncZxid = 0x"), "{stat:?}");
    assert_eq!(stat_field(stat, "dataLength"), "5");
    assert_eq!(stat_field(stat, "dataVersion"), "0");
    assert_eq!(stat_field(stat, "numChildren"), "0");
    assert_eq!(stat_field(stat, "ephemeralOwner"), "0x0");

    assert_eq!(
        ok(&["get", "-x", &b]),
        format!("00000000  {:<47}  |...ab|\n", "00 ff 00 61 62")
    );
    assert_eq!(ok(&["get", "-b", &b]), "AP8AYWI=\n");
    assert_eq!(run(&["get", "-x", "-b", &b]).0, 2);

    let v = json_lines(&format!("get {b}; get -s {t}"));
    assert_eq!(v[0]["path"], b.as_str());
    assert_eq!(v[0]["value_base64"], "AP8AYWI=");
    assert!(v[0].get("value").is_none());
    assert_eq!(v[1]["value"], "two\n\nlines\n\n");
    assert_eq!(v[1]["stat"]["data_length"], 12);

    let (code, out, err) = run(&["get", &format!("{r}/missing")]);
    assert_eq!((code, out.as_str()), (3, ""));
    assert!(
        err.contains(&format!("zksh: error: {r}/missing: node does not exist")),
        "{err}"
    );
    ok(&["deleteall", &r]);
}

#[test]
fn set_compares_versions_and_refuses_oversized_values() {
    let r = root("set");
    ok(&["create", &r, "v0"]);
    ok(&["set", "-v", "0", &r, "v1"]);
    let (code, _, err) = run(&["set", "-v", "0", &r, "v2"]);
    assert_eq!(code, 5);
    assert!(err.contains("version mismatch"), "{err}");
    assert_eq!(raw_get(&r), b"v1");

    let stat = ok(&["set", "-s", &r, "xyz"]);
    assert_eq!(stat_field(&stat, "dataVersion"), "2");
    assert_eq!(stat_field(&stat, "dataLength"), "3");
    assert_eq!(
        ok(&["set", &r, "quiet"]),
        "",
        "set prints nothing without -s"
    );
    let v = json_lines(&format!("set -v 3 {r} j"));
    assert_eq!(v[0]["stat"]["version"], 4);

    let (code, _, err) = run(&["set", &r]);
    assert_eq!(code, 2);
    assert!(err.contains("missing VALUE"), "{err}");
    assert_eq!(run(&["set", &format!("{r}/missing"), "x"]).0, 3);

    // Beyond the server's packet limit: refused before sending, the node keeps its value.
    let big = vec![b'x'; 1100 * 1024];
    let (code, _, err) = io(&["set", &r, "-"], &big);
    assert_eq!(code, 2);
    assert!(
        err.contains("bytes, over the server's packet limit of 1048575"),
        "{err}"
    );
    assert_eq!(raw_get(&r), b"j");
    // Just under it, a large value round-trips.
    let large: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    assert_eq!(io(&["set", &r, "-"], &large).0, 0);
    assert_eq!(raw_get(&r), large);
    ok(&["delete", &r]);
}

#[test]
fn ls_sorts_and_formats() {
    let r = root("ls");
    ok(&[
        "-c",
        &format!(
            "create {r}; create {r}/b; create {r}/a abc; create {r}/c10; create {r}/c2; create {r}/B; \
         create {r}/b/x; set {r}/a abcd"
        ),
    ]);
    assert_eq!(ok(&["ls", &r]), "B\na\nb\nc10\nc2\n");
    let out = ok(&["ls", "-s", &r]);
    assert!(out.starts_with("B\na\nb\nc10\nc2\ncZxid = "), "{out}");
    assert_eq!(stat_field(&out, "numChildren"), "5");
    assert_eq!(ok(&["ls2", &r]), out, "ls2 is ls -s");

    let long = ok(&["-c", &format!("create -e {r}/eph 12; ls -l {r}")]);
    let rows: Vec<Vec<&str>> = long
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["p", "0", "0", "0", "B"],
            ["p", "1", "4", "0", "a"],
            ["p", "0", "0", "1", "b"],
            ["p", "0", "0", "0", "c10"],
            ["p", "0", "0", "0", "c2"],
            ["e", "0", "2", "0", "eph"],
        ]
    );

    let all: Vec<String> = ["", "/B", "/a", "/b", "/c10", "/c2", "/b/x"]
        .iter()
        .map(|s| format!("{r}{s}"))
        .collect();
    assert_eq!(
        ok(&["ls", "-R", &r]),
        all.iter().map(|p| format!("{p}\n")).collect::<String>()
    );

    let v = json_lines(&format!("ls {r}; ls -s {r}; ls -l {r}; ls -R {r}"));
    assert_eq!(
        v[0]["children"],
        serde_json::json!(["B", "a", "b", "c10", "c2"])
    );
    assert_eq!(v[0]["path"], r.as_str());
    assert_eq!(v[1]["stat"]["num_children"], 5);
    let a = &v[2]["children"][1];
    assert_eq!(
        (
            &a["name"],
            &a["type"],
            &a["stat"]["version"],
            &a["stat"]["data_length"]
        ),
        (&"a".into(), &"persistent".into(), &1.into(), &4.into())
    );
    assert_eq!(v[2]["children"][2]["stat"]["num_children"], 1);
    assert_eq!(v[3]["nodes"], serde_json::json!(all));

    for args in [["ls", "-s"], ["ls", "-R"]] {
        let (code, _, err) = run(&[args[0], args[1], &format!("{r}/missing")]);
        assert_eq!(code, 3, "{args:?}");
        assert!(err.contains("node does not exist"), "{err}");
    }
    assert_eq!(run(&["ls", &format!("{r}/missing")]).0, 3);
    ok(&["deleteall", &r]);
}

#[test]
fn stat_and_exists() {
    let r = root("stat");
    let (code, out, err) = run(&["exists", &r]);
    assert_eq!((code, out.as_str(), err.as_str()), (3, "false\n", ""));
    ok(&["create", &r, "hello"]);
    assert_eq!(run(&["exists", &r]), (0, "true\n".into(), String::new()));
    assert_eq!(
        run(&["-q", "exists", &r]),
        (0, String::new(), String::new())
    );
    assert_eq!(
        run(&["-q", "exists", &format!("{r}/x")]),
        (3, String::new(), String::new())
    );

    let out = ok(&["stat", &r]);
    let names: Vec<&str> = out
        .lines()
        .map(|l| l.split(" = ").next().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "cZxid",
            "ctime",
            "mZxid",
            "mtime",
            "pZxid",
            "cversion",
            "dataVersion",
            "aclVersion",
            "ephemeralOwner",
            "dataLength",
            "numChildren"
        ]
    );
    assert_eq!(stat_field(&out, "dataLength"), "5");
    assert!(
        stat_field(&out, "ctime").ends_with('Z'),
        "ISO-8601 UTC: {out}"
    );
    assert_eq!(run(&["stat", &format!("{r}/x")]).0, 3);

    let v = json_lines(&format!("stat {r}; exists {r}"));
    assert_eq!(v[0]["stat"]["data_length"], 5);
    assert!(v[0]["stat"]["ctime_iso"].as_str().unwrap().ends_with('Z'));
    assert_eq!(v[1], serde_json::json!({"path": r, "exists": true}));
    let (code, out, _) = run(&["-o", "json", "exists", &format!("{r}/x")]);
    assert_eq!(code, 3);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["exists"],
        false
    );
    ok(&["delete", &r]);
}

#[test]
fn delete_one_several_versioned_and_recursive() {
    let r = root("delete");
    ok(&[
        "-c",
        &format!(
            "create {r}; create {r}/a; create {r}/b; create {r}/c; create {r}/d; create -p {r}/n/kid/gk"
        ),
    ]);
    assert_eq!(ok(&["delete", &format!("{r}/a")]), "");
    assert!(!exists(&format!("{r}/a")));

    assert_eq!(run(&["delete", "-v", "3", &format!("{r}/b")]).0, 5);
    assert!(exists(&format!("{r}/b")));
    ok(&["rm", "-v", "0", &format!("{r}/b")]);
    assert!(!exists(&format!("{r}/b")));

    let (code, _, err) = run(&["delete", &format!("{r}/n")]);
    assert_eq!(code, 6);
    assert!(err.contains("not empty"), "{err}");
    assert!(exists(&format!("{r}/n/kid/gk")));

    // Several paths: a missing one is reported, the others are still deleted.
    let (code, _, err) = run(&[
        "delete",
        &format!("{r}/c"),
        &format!("{r}/missing"),
        &format!("{r}/d"),
    ]);
    assert_eq!(code, 3);
    assert!(
        err.contains(&format!("{r}/missing: node does not exist")),
        "{err}"
    );
    assert!(!exists(&format!("{r}/c")) && !exists(&format!("{r}/d")));

    ok(&["delete", "-r", &format!("{r}/n")]);
    assert_eq!(ok(&["ls", &r]), "");
    assert_eq!(run(&["delete", "-r", "/"]).0, 2);
    ok(&["delete", &r]);
}

#[test]
fn deleteall_deletes_trees_but_never_the_protected_ones() {
    let r = root("deleteall");
    ok(&[
        "-c",
        &format!("create -p {r}/x/y/z; create {r}/x/w; create -p {r}/keep/k"),
    ]);
    for p in ["/", "/zookeeper", "/zookeeper/config"] {
        for cmd in ["deleteall", "rmr"] {
            let (code, _, err) = run(&[cmd, p]);
            assert_eq!(code, 2, "{cmd} {p}");
            assert!(err.contains("refusing"), "{err}");
        }
    }
    assert!(exists(&format!("{r}/keep/k")) && exists("/zookeeper/config"));

    let (code, out, err) = run(&["deleteall", "--dry-run", &format!("{r}/x")]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        ["/x/w", "/x/y/z", "/x/y", "/x"]
            .iter()
            .map(|s| format!("{r}{s}\n"))
            .collect::<String>()
    );
    assert!(err.contains("would delete 4 nodes"), "{err}");
    let v = json_lines(&format!("deleteall --dry-run {r}/x"));
    assert_eq!(v[0]["count"], 4);
    assert!(exists(&format!("{r}/x/y/z")));

    assert_eq!(ok(&["deleteall", &format!("{r}/x")]), "");
    assert!(!exists(&format!("{r}/x")));
    assert_eq!(run(&["deleteall", &format!("{r}/x")]).0, 3);
    ok(&["rmr", &r]);
    assert!(!exists(&r));
}

/// One tree of 3,031 nodes with long names (over 150 KiB of paths), created from a stdin script,
/// serves the big cases: ls -R counts and order, a reader that hangs up early, and deleteall.
#[test]
fn large_tree_listed_cut_short_and_deleted() {
    let r = root("big");
    let mut script = format!("create {r}\n");
    for d in 0..30 {
        script.push_str(&format!("create {r}/dir-{d:02}\n"));
        for n in 0..100 {
            script.push_str(&format!(
                "create {r}/dir-{d:02}/node-with-a-rather-long-name-{n:03}\n"
            ));
        }
    }
    let (code, out, err) = io(&[], script.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 3031);

    let listing = ok(&["ls", "-R", &r]);
    let paths: Vec<&str> = listing.lines().collect();
    assert_eq!(paths.len(), 3031);
    assert_eq!(paths[0], r);
    let depths: Vec<usize> = paths.iter().map(|p| p.matches('/').count()).collect();
    assert!(depths.windows(2).all(|w| w[0] <= w[1]), "breadth-first");
    assert_eq!(paths[1], format!("{r}/dir-00"));
    assert_eq!(
        paths[31],
        format!("{r}/dir-00/node-with-a-rather-long-name-000")
    );
    let v = json_lines(&format!("ls -R {r}"));
    assert_eq!(v[0]["nodes"].as_array().unwrap().len(), 3031);

    // `zksh ls -R | head -1`: the reader goes away after one line; zksh stops quietly with 0.
    for json in [false, true] {
        let mut cmd = StdCommand::new(env!("CARGO_BIN_EXE_zksh"));
        cmd.env("NO_COLOR", "1").args(["-s", server()]);
        if json {
            cmd.args(["-o", "json"]);
        }
        let mut child = cmd
            .args(["ls", "-R", &r])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert!(
            first.starts_with(if json { "{\"path\"" } else { r.as_str() }),
            "{first}"
        );
        assert_eq!((status.code(), err.as_str()), (Some(0), ""), "json: {json}");
    }

    let (code, _, err) = run(&["deleteall", "--dry-run", &r]);
    assert_eq!(code, 0);
    assert!(err.contains("would delete 3031 nodes"), "{err}");
    let v = json_lines(&format!("deleteall {r}"));
    assert_eq!(
        v[0],
        serde_json::json!({"command": "deleteall", "total": 3031, "done": 3031, "failed": [],
            "in_doubt": [], "not_done": 0, "unreadable": [], "stopped": null})
    );
    assert!(!exists(&r));
}
