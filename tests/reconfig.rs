//! `config` and `reconfig` against a real 3-member ensemble of the test's own, started with
//! reconfigEnabled=true and a superuser: remove member 3 and add it back, with zkCli's
//! single-dash flags and the double-dash ones, watching the configuration change.

mod common;
use common::*;

use std::io::{BufRead, BufReader};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

/// (exit code, stdout, stderr) of zksh on `servers`.
fn at(servers: &str, args: &[&str]) -> (i32, String, String) {
    let out = zksh_at(servers).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// stdout of a command that must succeed. While the members elect a new leader (after the
/// leader left) they refuse clients, and no event says when that ends: retry a while on exit 8.
fn ok_at(servers: &str, args: &[&str]) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (code, out, err) = at(servers, args);
        if code == 8 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
            continue;
        }
        assert_eq!(code, 0, "zksh {args:?}: {err}");
        return out;
    }
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn server_lines(config: &str) -> Vec<&str> {
    config
        .lines()
        .filter(|l| l.starts_with("server."))
        .collect()
}

fn version(config: &str) -> &str {
    config
        .lines()
        .find_map(|l| l.strip_prefix("version="))
        .unwrap_or_else(|| panic!("no version in {config:?}"))
}

fn ensemble_for_reconfig() -> Dedicated {
    let digest = ok_at("127.0.0.1:1", &["digest", "super:pw"]);
    let opts = format!(
        "-Dzookeeper.DigestAuthenticationProvider.superDigest={}",
        digest.trim()
    );
    Dedicated::start(
        "reconfig",
        "start-ensemble",
        &[
            ("ZK_EXTRA_CFG", "reconfigEnabled=true"),
            ("ZK_JAVA_OPTS", &opts),
        ],
    )
}

/// `config -w` on `servers`, once it has printed the configuration (so its watch is set).
fn watching_config(servers: &str) -> (std::process::Child, BufReader<std::process::ChildStdout>) {
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_zksh"))
        .args(["-s", servers, "--timeout", "60s", "config", "-w"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.starts_with("version=") {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "config -w ended early"
        );
    }
    (child, out)
}

#[test]
fn reconfig_removes_member_3_and_adds_it_back() {
    let own = ensemble_for_reconfig();
    let members: Vec<&str> = own.servers.split(',').collect();
    // Through member 1 only: member 3 leaves the ensemble, and it is often the leader.
    let m1 = members[0];
    // As the superuser: zksh --auth digest:super:pw ARGS.
    let su = |args: &[&str]| -> Vec<String> {
        ["--auth", "digest:super:pw"]
            .iter()
            .chain(args)
            .map(|s| s.to_string())
            .collect()
    };

    let before = ok_at(m1, &["config"]);
    assert_eq!(server_lines(&before).len(), 3, "{before}");
    let member3 = server_lines(&before)[2].to_string();
    assert!(member3.starts_with("server.3="), "{before}");
    // zkCli's -c: the version and every member's client address, in member order.
    assert_eq!(
        ok_at(m1, &["config", "-c"]),
        format!("{} {}\n", version(&before), own.servers)
    );
    let with_stat = ok_at(m1, &["config", "-s"]);
    assert!(with_stat.starts_with(&before), "{with_stat}");
    assert!(with_stat.contains("\ndataLength = "), "{with_stat}");

    // Only a superuser may reconfigure.
    assert_eq!(at(m1, &["reconfig", "-remove", "3"]).0, 7);
    // A stale version is refused (zkCli's -v takes the hex version `config` prints), here
    // through a script line, which takes the single-dash spelling too.
    let (code, _, err) = at(m1, &refs(&su(&["-c", "reconfig -v 1 -remove 3"])));
    assert_eq!(code, 5, "{err}");

    let (mut watcher, mut watched) = watching_config(members[1]);
    let committed = ok_at(
        m1,
        &refs(&su(&["reconfig", "-v", version(&before), "-remove", "3"])),
    );
    let after_remove = ok_at(m1, &["config"]);
    assert_eq!(committed, after_remove);
    assert_eq!(server_lines(&after_remove), server_lines(&before)[..2]);
    assert_ne!(version(&after_remove), version(&before));
    let mut event = String::new();
    watched.read_line(&mut event).unwrap();
    assert_eq!(event, "WATCH NodeDataChanged /zookeeper/config\n");
    assert!(watcher.wait().unwrap().success());

    ok_at(m1, &refs(&su(&["reconfig", "--add", &member3])));
    let after_add = ok_at(m1, &["config"]);
    assert_eq!(server_lines(&after_add), server_lines(&before));

    // The whole membership at once, from -members and from a dynamic config file.
    let all = server_lines(&before).join(",");
    ok_at(m1, &refs(&su(&["reconfig", "-members", &all])));
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), format!("# members\n{after_add}\n")).unwrap();
    let path = file.path().to_str().unwrap();
    let from_file = ok_at(m1, &refs(&su(&["reconfig", "-file", path])));
    assert_eq!(server_lines(&from_file), server_lines(&before));

    // Member 3 rejoins and serves the same configuration (no event says when: poll).
    let deadline = Instant::now() + Duration::from_secs(30);
    while ok_at(members[2], &["config"]) != from_file {
        assert!(Instant::now() < deadline, "member 3 does not follow");
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn reconfig_is_refused_where_disabled_and_checks_its_flags() {
    let (code, _, err) = run(&["reconfig", "-remove", "3"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("reconfigEnabled=true"), "{err}");
    assert_eq!(run(&["reconfig"]).0, 2);
    assert_eq!(
        run(&["reconfig", "-add", "server.4=a:1:2;3", "-members", "x"]).0,
        2
    );
    assert_eq!(run(&["reconfig", "-file", "/nonexistent/zoo.cfg"]).0, 2);
    assert_eq!(run(&["reconfig", "-v", "zz", "-remove", "3"]).0, 2);
    // A standalone server's configuration is empty.
    let (code, out, _) = run(&["-o", "json", "config"]);
    assert_eq!(code, 0);
    assert!(out.contains(r#""members":[]"#), "{out}");
}
