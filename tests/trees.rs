//! Whole-tree commands on a tree with binary values, ephemerals, custom ACLs, a 200-deep chain
//! and a node with 50,000 children: tree, find, grep, du, export/import/diff, cp, mv, txn, edit.

mod common;
#[path = "common/proxy.rs"]
mod proxy;
use common::*;

use base64::Engine;
use serde_json::{Value, json};

/// stdout bytes of a successful zksh run.
fn raw(args: &[&str]) -> Vec<u8> {
    let out = zksh().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn b64(d: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(d)
}

/// Writes an export file describing `nodes` (relative path, data) under `root`.
fn export_file(root: &str, nodes: &[(String, Vec<u8>)]) -> tempfile::NamedTempFile {
    let list: Vec<Value> = nodes
        .iter()
        .map(|(p, d)| json!({"path": p, "type": "persistent", "data": b64(d), "acl": ["world:anyone:cdrwa"]}))
        .collect();
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        f.path(),
        json!({"format": "zksh-export", "version": 1, "root": root, "nodes": list}).to_string(),
    )
    .unwrap();
    f
}

/// Builds the mixed tree: binary values, a custom ACL, a 200-deep chain, and (optionally) a
/// node with `wide` children. Returns the root.
fn mixed_tree(name: &str, wide: usize) -> String {
    let r = root(name);
    let mut nodes = vec![("/".to_string(), b"root".to_vec())];
    nodes.push(("/bin".into(), vec![0, 159, 146, 150, 255, b'\n', 0]));
    nodes.push(("/text".into(), b"hello world\nsecond line\n".to_vec()));
    let mut chain = String::new();
    for i in 0..200 {
        chain.push_str(&format!("/c{i}"));
        nodes.push((chain.clone(), format!("depth {i}").into_bytes()));
    }
    if wide > 0 {
        nodes.push(("/wide".into(), Vec::new()));
        for i in 0..wide {
            nodes.push((format!("/wide/n{i:05}"), Vec::new()));
        }
    }
    let f = export_file(&r, &nodes);
    ok(&["import", f.path().to_str().unwrap()]);
    ok(&[
        "create",
        "--acl",
        "world:anyone:r,ip:127.0.0.1:cdrwa",
        &format!("{r}/acl"),
        "guarded",
    ]);
    r
}

#[test]
fn export_import_diff_reproduces_data_and_acls() {
    let r = mixed_tree("exp", 50_000);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.json");
    let f = file.to_str().unwrap();
    // An ephemeral made in the same session is skipped and counted.
    let out = zksh()
        .args(["-c", &format!("create -e {r}/eph x; export {r} {f}")])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("1 ephemeral skipped"));
    let text = std::fs::read_to_string(&file).unwrap();
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        parsed["nodes"].as_array().unwrap().len(),
        1 + 2 + 200 + 1 + 50_000 + 1
    );
    assert!(!text.contains("/eph"));
    let copy = root("exp-copy");
    ok(&["import", f, &copy]);
    // Identical trees: diff prints nothing and exits 0, also against the file itself.
    assert_eq!(ok(&["diff", &r, &copy]), "");
    assert_eq!(ok(&["diff", &format!("@{f}"), &copy]), "");
    assert_eq!(
        raw(&["get", &format!("{copy}/bin")]),
        b"\0\x9f\x92\x96\xff\n\0"
    );
    assert_eq!(
        ok(&["getAcl", &format!("{copy}/acl")]),
        "world:anyone:r\nip:127.0.0.1:cdrwa\n"
    );
    // A change on one side shows up, with exit 1.
    ok(&["set", &format!("{copy}/text"), "changed"]);
    ok(&["setAcl", &format!("{copy}/bin"), "world:anyone:rwa"]);
    ok(&["delete", &format!("{copy}/wide/n00007")]);
    let (code, out, _) = run(&["diff", &r, &copy]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "- /wide/n00007  (only in A)\n~ /text  data differs\n~ /bin  ACL differs\n"
    );
    let json: Value = serde_json::from_str(&run(&["-o", "json", "diff", &r, &copy]).1).unwrap();
    assert_eq!(json["data"], json!(["/text"]));
    // Importing again with --overwrite restores the changed and the deleted nodes.
    ok(&["import", "--overwrite", f, &copy]);
    assert_eq!(ok(&["diff", &r, &copy]), "");
    ok(&["deleteall", &r]);
    ok(&["deleteall", &copy]);
}

#[test]
fn import_reports_exactly_the_nodes_of_a_failed_batch() {
    let r = root("impfail");
    let nodes: Vec<(String, Vec<u8>)> = std::iter::once(("/".to_string(), vec![]))
        .chain((0..3000).map(|i| (format!("/n{i:04}"), b"v".to_vec())))
        .collect();
    let f = export_file(&r, &nodes);
    // Two nodes in the middle exist already, with other values: only they may fail.
    ok(&["create", &r]);
    ok(&["create", &format!("{r}/n1500"), "mine"]);
    ok(&["create", &format!("{r}/n2999"), "mine"]);
    let (code, _, err) = run(&["import", f.path().to_str().unwrap()]);
    assert_eq!(code, 4, "{err}");
    let failed: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("already exists"))
        .collect();
    assert_eq!(failed.len(), 3, "{err}");
    assert!(
        err.contains(&format!("{r}/n1500:")) && err.contains(&format!("{r}/n2999:")),
        "{err}"
    );
    assert!(
        err.contains("import: 2998 of 3001 nodes done, 3 failed"),
        "{err}"
    );
    assert_eq!(ok(&["get", &format!("{r}/n1500")]), "mine");
    assert_eq!(ok(&["count", &r]), "3000\n");
    // Bad files are refused before anything is sent.
    for bad in [
        r#"{"format":"zksh-export","version":1,"root":"/x","nodes":[{"path":"/a","type":"persistent","da"#.to_string(),
        json!({"format":"zksh-export","version":1,"root":"/x","nodes":[{"path":"/a","type":"persistent","data":"!!","acl":[]}]}).to_string(),
        json!({"format":"zksh-export","version":1,"root":"/x","nodes":[{"path":"/a/b","type":"persistent","data":"","acl":[]}]}).to_string(),
        json!({"format":"other","version":1,"root":"/x","nodes":[]}).to_string(),
    ] {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), &bad).unwrap();
        let (code, _, err) = run(&["import", f.path().to_str().unwrap(), &format!("{r}/bad")]);
        assert_eq!(code, 2, "{bad}: {err}");
        assert!(err.contains("not a valid zksh export"), "{err}");
    }
    assert_eq!(run(&["exists", &format!("{r}/bad")]).0, 3);
    ok(&["deleteall", &r]);
}

#[test]
fn deleteall_reports_the_nodes_it_could_not_delete() {
    let r = root("delfail");
    let mut script = format!("create {r}\n");
    for d in 0..10 {
        script.push_str(&format!("create {r}/d{d}\n"));
        for n in 0..300 {
            script.push_str(&format!("create {r}/d{d}/n{n}\n"));
        }
    }
    // Children of d5 cannot be deleted: its ACL lacks the delete permission.
    script.push_str(&format!("setAcl {r}/d5 world:anyone:crwa\n"));
    zksh().write_stdin(script).assert().success();
    let (code, _, err) = run(&["deleteall", &r]);
    assert_eq!(code, 7, "{err}");
    assert!(
        err.contains("deleteall: 2709 of 3011 nodes done, 302 failed"),
        "{err}"
    );
    assert!(err.contains(&format!("{r}/d5/n0: not authorised")), "{err}");
    assert!(err.contains(&format!("{r}/d5: node not empty")), "{err}");
    assert_eq!(
        err.matches("hint:").count(),
        1,
        "one hint for the whole list: {err}"
    );
    assert_eq!(ok(&["ls", &r]), "d5\n");
    assert_eq!(ok(&["count", &format!("{r}/d5")]), "300\n");
    ok(&["setAcl", &format!("{r}/d5"), "world:anyone:cdrwa"]);
    ok(&["deleteall", &r]);
    assert_eq!(run(&["exists", &r]).0, 3);
}

#[test]
fn tree_find_grep_du_on_the_mixed_tree() {
    let r = mixed_tree("look", 0);
    ok(&["create", &format!("{r}/text2"), "another hello"]);
    let tree = ok(&["tree", "-d", "2", &r]);
    assert!(tree.starts_with(&format!("{r}\n")), "{tree}");
    assert!(
        tree.contains("├── acl\n") && tree.contains("│   └── c1\n"),
        "{tree}"
    );
    assert!(!tree.contains("c2"), "depth 2 shows two levels: {tree}");
    let full = ok(&["tree", &r]);
    assert_eq!(full.lines().count(), 1 + 3 + 200 + 1);
    assert!(
        full.contains(&format!("│   {}└── c199\n", "    ".repeat(198))),
        "{full}"
    );
    let found = ok(&["find", &r, "c19?"]);
    assert_eq!(found.lines().count(), 10);
    assert!(found.lines().all(|l| l.starts_with(&format!("{r}/c0/"))));
    assert_eq!(
        ok(&["find", &r, "--regex", "^text[0-9]$"]),
        format!("{r}/text2\n")
    );
    assert_eq!(ok(&["find", &r, "*", "--type", "e"]), "");
    let g = ok(&["grep", &r, "hello"]);
    assert_eq!(
        g,
        format!("{r}/text: hello world\n{r}/text2: another hello\n")
    );
    assert_eq!(ok(&["grep", "-l", &r, "(?-u)\\xff"]), format!("{r}/bin\n"));
    assert!(ok(&["grep", &r, "(?-u)\\x9f\\x92"]).contains("binary value matches"));
    assert_eq!(run(&["grep", &r, "no-such-text"]).0, 1);
    let du: Value = serde_json::from_str(&ok(&["-o", "json", "du", &r])).unwrap();
    assert_eq!(du["nodes"], 1 + 3 + 200 + 1);
    assert_eq!(du["children"][0]["name"], "c0");
    assert_eq!(du["children"][0]["nodes"], 200);
    ok(&["deleteall", &r]);
}

#[test]
fn cp_mv_txn_and_edit() {
    let r = mixed_tree("copy", 0);
    let dst = root("copy-dst");
    // Without -r only the node itself is copied.
    ok(&["cp", &format!("{r}/text"), &dst]);
    assert_eq!(ok(&["get", &dst]), "hello world\nsecond line\n");
    assert_eq!(run(&["cp", &format!("{r}/text"), &dst]).0, 4);
    ok(&["cp", "--overwrite", &format!("{r}/bin"), &dst]);
    assert_eq!(raw(&["get", &dst]), b"\0\x9f\x92\x96\xff\n\0");
    ok(&["delete", &dst]);
    // To "another cluster": the same server addressed with zk://.
    ok(&["cp", "-r", &r, &format!("zk://{}{dst}", server())]);
    assert_eq!(ok(&["diff", &r, &dst]), "");
    assert_eq!(run(&["cp", "-r", &r, &format!("{r}/inside")]).0, 2);
    let moved = root("moved");
    ok(&["mv", &dst, &moved]);
    assert_eq!(run(&["exists", &dst]).0, 3);
    assert_eq!(ok(&["diff", &r, &moved]), "");
    // txn: all or nothing, and the failing op is named.
    let t = root("txn");
    assert_eq!(
        ok(&[
            "txn",
            &format!("create {t} a"),
            &format!("create -s {t}/s- b"),
            &format!("check {t} 0")
        ]),
        format!("{t}\n{t}/s-0000000000\n")
    );
    let (code, _, err) = run(&[
        "txn",
        &format!("set {t} x"),
        &format!("create {t}/new y"),
        &format!("delete {t}/missing"),
    ]);
    assert_eq!(code, 3);
    assert!(
        err.contains("txn failed at op 3") && err.contains("nothing was applied"),
        "{err}"
    );
    assert_eq!(ok(&["get", &t]), "a");
    assert_eq!(run(&["exists", &format!("{t}/new")]).0, 3);
    zksh()
        .arg("txn")
        .write_stdin(format!("set {t} via-stdin -v 0\ncheck {t} 1\n"))
        .assert()
        .success();
    assert_eq!(ok(&["get", &t]), "via-stdin");
    // edit: an editor that appends, one that changes nothing, and a concurrent change.
    let out = zksh()
        .env("EDITOR", "sed -i s/stdin/editor/")
        .args(["edit", &t])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ok(&["get", &t]), "via-editor");
    let out = zksh()
        .env("EDITOR", "true")
        .args(["edit", &t])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no change"));
    let racer = format!(
        "{} -s {} set {t} raced; sed -i s/via/by/",
        env!("CARGO_BIN_EXE_zksh"),
        server()
    );
    let out = zksh()
        .env("EDITOR", &racer)
        .args(["edit", &t])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("changed while you edited it"));
    assert_eq!(ok(&["get", &t]), "raced");
    for p in [&r, &moved, &t] {
        ok(&["deleteall", p]);
    }
}

#[test]
fn interrupted_deleteall_can_be_finished_by_a_rerun() {
    // A deleteall may finish before the interrupt lands: it goes through a slowed connection,
    // and tries again on a new tree until one is interrupted mid-way, which is what this test
    // is about.
    let slow = proxy::Proxy::start(server());
    slow.delay(std::time::Duration::from_millis(20));
    for attempt in 1..=5 {
        let r = mixed_tree("intr", 20_000);
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_zksh"))
            .args(["-s", &slow.addr(), "deleteall", &r])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Interrupt once deleting has begun (the node count drops), so Ctrl-C lands mid-operation.
        let total: usize = ok(&["count", &r]).trim().parse().unwrap();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let (code, out, _) = run(&["count", &r]);
            if code != 0
                || out.trim().parse::<usize>().unwrap() < total
                || std::time::Instant::now() > deadline
            {
                break;
            }
        }
        unsafe_sigint(child.id());
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        match out.status.code() {
            Some(0) => {
                assert_eq!(run(&["exists", &r]).0, 3);
                eprintln!("attempt {attempt}: deleteall finished before the interrupt");
                continue;
            }
            // Interrupted mid-way: it says how far it got.
            Some(130) => assert!(
                err.contains("zksh: deleteall: ") && err.contains("; stopped: interrupted"),
                "{err}"
            ),
            other => panic!("exit {other:?}: {err}"),
        }
        // Whatever remains is a consistent tree: a rerun removes it.
        let (code, _, _) = run(&["exists", &r]);
        if code == 0 {
            ok(&["deleteall", &r]);
        }
        assert_eq!(run(&["exists", &r]).0, 3);
        return;
    }
    panic!("deleteall finished before the interrupt 5 times");
}

fn unsafe_sigint(pid: u32) {
    std::process::Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
}
