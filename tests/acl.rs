//! ACLs, credentials and operations commands against a real server.

mod common;
use common::*;

/// A node readable only by digest user `user`, whose password is `pw`.
fn private_node(name: &str, user: &str, pw: &str) -> String {
    let r = root(name);
    let digest = ok(&["digest", &format!("{user}:{pw}")]).trim().to_string();
    ok(&[
        "create",
        "--acl",
        &format!("digest:{digest}:cdrwa"),
        &r,
        "secret",
    ]);
    r
}

#[test]
fn digest_helper_matches_what_the_server_expects() {
    assert_eq!(
        ok(&["digest", "super:test"]),
        "super:D/InIHSb7yEEbrWz8b9l71RjZJU=\n"
    );
    let r = private_node("digest", "bob", "pw1");
    // The server computes the digest of bob:pw1 itself on addauth; it must match ours.
    let out = ok(&["-c", &format!("addauth digest bob:pw1; get {r}")]);
    assert_eq!(out, "secret");
}

#[test]
fn acl_denial_is_exit_7_and_credentials_grant_access() {
    let r = private_node("deny", "carol", "s3cret-pw");
    let (code, out, err) = run(&["get", &r]);
    assert_eq!(code, 7, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("not authorised"), "{err}");
    let (code, _, err) = run(&["-c", &format!("addauth digest carol:wrong; get {r}")]);
    assert_eq!(code, 7);
    assert!(
        !err.contains("wrong"),
        "a credential leaked into an error: {err}"
    );
    assert_eq!(
        ok(&["--auth", "digest:carol:s3cret-pw", "get", &r]),
        "secret"
    );
    let out = zksh()
        .env("ZKSH_AUTH", "digest:carol:s3cret-pw")
        .args(["get", &r])
        .output()
        .unwrap();
    assert_eq!(out.stdout, b"secret");
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), "# creds\ndigest:carol:s3cret-pw\n").unwrap();
    assert_eq!(
        ok(&["--auth-file", file.path().to_str().unwrap(), "get", &r]),
        "secret"
    );
    let who = ok(&["--auth", "digest:carol:s3cret-pw", "whoami"]);
    assert!(who.lines().any(|l| l == "digest:carol"), "{who}");
    let (code, _, err) = run(&["--auth", "nocolon", "get", &r]);
    assert_eq!(code, 2);
    assert!(!err.contains("nocolon"), "{err}");
}

#[test]
fn get_and_set_acl_round_trip_with_version() {
    let r = root("acl");
    ok(&["create", &r, "v"]);
    assert_eq!(ok(&["getAcl", &r]), "world:anyone:cdrwa\n");
    ok(&["setAcl", "-v", "0", &r, "world:anyone:r,ip:127.0.0.1:cdrwa"]);
    assert_eq!(ok(&["getAcl", &r]), "world:anyone:r\nip:127.0.0.1:cdrwa\n");
    // aclVersion is now 1: a CAS on 0 fails with BadVersion.
    assert_eq!(run(&["setAcl", "-v", "0", &r, "world:anyone:cdrwa"]).0, 5);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["-o", "json", "getAcl", "-s", &r])).unwrap();
    assert_eq!(json["acl"][0]["perms"], "r");
    assert_eq!(json["stat"]["aversion"], 1);
    assert_eq!(run(&["setAcl", &r, "world:anyone:xyz"]).0, 2);
    ok(&["setAcl", &r, "world:anyone:cdrwa"]);
    ok(&["delete", &r]);
}

#[test]
fn set_acl_recursive_covers_a_few_thousand_nodes() {
    let r = root("aclR");
    let mut script = format!("create {r}\n");
    for i in 0..30 {
        script.push_str(&format!("create {r}/d{i}\n"));
        for j in 0..100 {
            script.push_str(&format!("create {r}/d{i}/n{j}\n"));
        }
    }
    zksh().write_stdin(script).assert().success();
    ok(&["setAcl", "-R", &r, "world:anyone:cdra"]);
    for p in [
        r.clone(),
        format!("{r}/d0"),
        format!("{r}/d29/n99"),
        format!("{r}/d17/n3"),
    ] {
        assert_eq!(ok(&["getAcl", &p]), "world:anyone:cdra\n", "{p}");
    }
    assert_eq!(ok(&["count", &r]), "3030\n");
    assert_eq!(ok(&["getAllChildrenNumber", &format!("{r}/d0")]), "100\n");
    ok(&["deleteall", &r]);
}

#[test]
fn ephemerals_sync_and_four_letter_words() {
    let r = root("eph");
    let out = ok(&[
        "-c",
        &format!(
            "create {r} x; create -e {r}/e1 x; create -e {r}/e2 x; getEphemerals {r}; sync {r}"
        ),
    ]);
    assert_eq!(out, format!("{r}\n{r}/e1\n{r}/e2\n{r}/e1\n{r}/e2\n"));
    let srvr = ok(&["srvr"]);
    assert!(srvr.contains("Mode: standalone"), "{srvr}");
    assert!(ok(&["ruok"]).contains("imok"));
    assert!(ok(&["4lw", "mntr"]).contains("zk_znode_count"));
    assert_eq!(run(&["4lw", "toolong"]).0, 2);
    let (code, _, _) = zksh_at("127.0.0.1:1")
        .arg("ruok")
        .output()
        .map(|o| (o.status.code().unwrap(), 0, 0))
        .unwrap();
    assert_eq!(code, 8);
    ok(&["deleteall", &r]);
}

#[test]
fn cluster_marks_a_stopped_member() {
    let dir = server_dir("cluster");
    let servers = zk_server(&["start-ensemble", &dir]);
    let json: serde_json::Value = serde_json::from_str(
        &String::from_utf8(
            zksh_at(&servers)
                .args(["-o", "json", "cluster"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap(),
    )
    .unwrap();
    let modes: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["mode"].as_str().unwrap())
        .collect();
    assert_eq!(
        modes.iter().filter(|m| **m == "leader").count(),
        1,
        "{modes:?}"
    );
    assert_eq!(
        modes.iter().filter(|m| **m == "follower").count(),
        2,
        "{modes:?}"
    );
    zk_server(&["stop-member", &dir, "2"]);
    let out = zksh_at(&servers).arg("cluster").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    zk_server(&["stop", &dir, "--rm"]);
    assert!(out.status.success());
    let member2 = servers.split(',').nth(1).unwrap();
    let line = text.lines().find(|l| l.starts_with(member2)).unwrap();
    assert!(line.contains("DOWN"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.contains("DOWN")).count(),
        1,
        "{text}"
    );
}

#[test]
fn credentials_from_the_environment_do_not_reach_child_processes() {
    let r = root("envleak");
    ok(&["create", &r, "v"]);
    // The "editor" writes what it sees of $ZKSH_AUTH into the value.
    let editor = r#"f() { echo "${ZKSH_AUTH:-none}" > "$1"; }; f"#;
    let out = zksh()
        .env("ZKSH_AUTH", "digest:eve:secret")
        .env("EDITOR", editor)
        .args(["edit", &r])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(ok(&["get", &r]), "none\n");
    ok(&["delete", &r]);
}
