//! Quotas against real servers: zksh writes them exactly as zkCli.sh 3.8 does (zkCli lists them
//! the same), follows zkCli's rules, and a hard quota makes the server refuse a create.

mod common;
use common::*;

use std::io::Write;
use std::process::{Command as StdCommand, Stdio};

/// Runs zkCli.sh on `servers` with `script` on stdin; returns its stdout and stderr lines about
/// quotas, without the JVM's and the client's chatter.
fn zkcli(servers: &str, script: &str) -> Vec<String> {
    let bin = std::env::var("ZOOKEEPER_HOME")
        .map(|h| format!("{h}/bin/zkCli.sh"))
        .unwrap_or_else(|_| "/usr/share/zookeeper/bin/zkCli.sh".into());
    let mut child = StdCommand::new(&bin)
        .args(["-server", servers])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("run {bin}: {e}"));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    text.lines()
        .filter(|l| {
            l.starts_with("Output ") || l.starts_with("quota for ") || l.contains(" has a ")
        })
        .map(str::to_string)
        .collect()
}

fn fails(args: &[&str]) -> (i32, String) {
    let (code, _, err) = run(args);
    (code, err)
}

#[test]
fn quotas_set_by_zksh_are_listed_by_zkcli_as_its_own() {
    let r = root("quota-same");
    let (z, j) = (format!("{r}/z"), format!("{r}/j"));
    ok(&["create", "-p", &format!("{z}/c")]);
    ok(&["create", "-p", &format!("{j}/c")]);
    ok(&["set", &format!("{z}/c"), "12345"]);
    ok(&["set", &format!("{j}/c"), "12345"]);
    // The same two steps by each tool: a new quota, then one more limit on it.
    ok(&["setquota", "-n", "5", &z]);
    ok(&["setquota", "-B", "100", &z]);
    zkcli(
        server(),
        &format!("setquota -n 5 {j}\nsetquota -B 100 {j}\n"),
    );

    let listed = zkcli(server(), &format!("listquota {z}\nlistquota {j}\n"));
    let expected_z = [
        format!("Output quota for {z} count=5,bytes=-1=;byteHardLimit=100;countHardLimit=-1"),
        format!("Output stat for {z} count=2,bytes=5"),
    ];
    assert_eq!(listed[..2], expected_z, "{listed:?}");
    let of_j: Vec<String> = listed[2..].iter().map(|l| l.replace(&j, &z)).collect();
    assert_eq!(
        of_j, expected_z,
        "zkCli lists its own quota differently: {listed:?}"
    );

    // zksh lists both as zkCli does, and the limit nodes hold the same bytes.
    assert_eq!(ok(&["listquota", &z]), expected_z.join("\n") + "\n");
    assert_eq!(
        ok(&["listquota", &j]).replace(&j, &z),
        expected_z.join("\n") + "\n"
    );
    let limits = |p: &str| ok(&["get", &format!("/zookeeper/quota{p}/zookeeper_limits")]);
    assert_eq!(limits(&z), limits(&j));

    ok(&["delquota", &z]);
    ok(&["delquota", &j]);
    ok(&["deleteall", &r]);
}

#[test]
fn hard_count_quota_makes_the_server_refuse_a_create() {
    let own = Dedicated::start(
        "quota-enforced",
        "start",
        &[("ZK_JAVA_OPTS", "-Dzookeeper.enforceQuota=true")],
    );
    let at = |args: &[&str]| {
        let out = zksh_at(&own.servers).args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    assert_eq!(at(&["create", "/app"]).0, 0);
    // The count includes /app itself: one child fits, a second does not.
    assert_eq!(at(&["setquota", "-N", "2", "/app"]).0, 0);
    assert_eq!(at(&["create", "/app/one"]).0, 0);
    let (code, _, err) = at(&["create", "/app/two"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("/app/two: quota exceeded"), "{err}");
    let (code, _, err) = at(&["-o", "json", "create", "/app/two"]);
    assert_eq!(code, 1);
    assert!(err.contains(r#""code":"QuotaExceeded""#), "{err}");
    // Without the hard limit the create goes through.
    assert_eq!(at(&["delquota", "-N", "/app"]).0, 0);
    assert_eq!(at(&["create", "/app/two"]).0, 0);
    let (_, listed, _) = at(&["listquota", "/app"]);
    assert!(
        listed.contains("count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=-1"),
        "{listed}"
    );
}

#[test]
fn setquota_follows_zkclis_rules() {
    let r = root("quota-rules");
    ok(&["create", "-p", &format!("{r}/a/b/c")]);
    ok(&["setquota", "-n", "10", &format!("{r}/a/b")]);

    let (code, err) = fails(&["setquota", "-n", "3", &format!("{r}/a/b/c")]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("{r}/a/b/c has a parent {r}/a/b which has a quota")),
        "{err}"
    );
    let (code, err) = fails(&["setquota", "-n", "3", &format!("{r}/a")]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("{r}/a has a child {r}/a/b which has a quota")),
        "{err}"
    );
    // zkCli refuses these too, with the same words.
    let said = zkcli(
        server(),
        &format!("setquota -n 3 {r}/a/b/c\nsetquota -n 3 {r}/a\n"),
    );
    assert_eq!(
        said,
        [
            format!("{r}/a/b/c has a parent {r}/a/b which has a quota"),
            format!("{r}/a has a child {r}/a/b which has a quota"),
        ]
    );

    assert_eq!(fails(&["setquota", "-n", "3", &format!("{r}/nope")]).0, 3);
    assert_eq!(fails(&["setquota", "-n", "3", "/"]).0, 2);
    assert_eq!(fails(&["setquota", "-n", "3", "/zookeeper/quota/x"]).0, 2);
    assert_eq!(fails(&["setquota", "-n", "0", &format!("{r}/a")]).0, 2);
    assert_eq!(fails(&["setquota", &format!("{r}/a")]).0, 2);
    // A quota below the current limit is set, with a warning.
    let (code, err) = fails(&["setquota", "-n", "1", &format!("{r}/a/b")]);
    assert_eq!(code, 0);
    assert!(
        err.contains("warning: the count quota is less than the existing count: 2"),
        "{err}"
    );

    ok(&["delquota", &format!("{r}/a/b")]);
    ok(&["deleteall", &r]);
}

#[test]
fn delquota_removes_one_limit_or_the_whole_quota() {
    let r = root("quota-del");
    let a = format!("{r}/a");
    ok(&["create", "-p", &a]);
    ok(&["setquota", "-n", "3", "-b", "10", &a]);
    assert!(
        ok(&["listquota", &a]).contains("count=3,bytes=10=;byteHardLimit=-1;countHardLimit=-1")
    );
    ok(&["delquota", "-n", &a]);
    assert!(
        ok(&["listquota", &a]).contains("count=-1,bytes=10=;byteHardLimit=-1;countHardLimit=-1")
    );

    ok(&["delquota", &a]);
    let (code, err) = fails(&["listquota", &a]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("quota for {a} does not exist")),
        "{err}"
    );
    assert_eq!(fails(&["delquota", &a]).0, 1);
    // The quota tree is trimmed back, as zkCli trims it, and zkCli sees no quota.
    assert_eq!(fails(&["exists", &format!("/zookeeper/quota{r}")]).0, 3);
    assert_eq!(
        zkcli(server(), &format!("listquota {a}\n")),
        [format!("quota for {a} does not exist.")]
    );
    ok(&["deleteall", &r]);
}
