//! Contexts from a config file in a temp `XDG_CONFIG_HOME`, and the safety rails: choice order
//! (flag, environment, `default`), secrets from an environment variable, a file (refused when
//! others can read it) and a command, a broken file's message, `--no-write` and read-only
//! contexts refusing every write command before anything is sent, protected paths in scripts,
//! and `cp` to `ctx://NAME/path`.

mod common;

use std::os::unix::fs::PermissionsExt;

use assert_cmd::Command;
use clap::CommandFactory;
use common::*;

/// A config directory with `config.toml` holding `text` (`{S}` stands for the test server).
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new(text: &str) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("zksh")).unwrap();
        std::fs::write(
            dir.path().join("zksh/config.toml"),
            text.replace("{S}", server()),
        )
        .unwrap();
        Setup { dir }
    }

    fn file(&self, name: &str, text: &str, mode: u32) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(mode)).unwrap();
        p.display().to_string()
    }

    /// zksh with this config and no -s.
    fn zksh(&self) -> Command {
        let mut c = Command::cargo_bin("zksh").unwrap();
        c.env_remove("ZKSH_SERVER")
            .env_remove("ZKSH_AUTH")
            .env_remove("ZKSH_CONFIG")
            .env_remove("ZKSH_CONTEXT")
            .env("XDG_CONFIG_HOME", self.dir.path())
            .env("NO_COLOR", "1")
            .timeout(std::time::Duration::from_secs(60));
        c
    }

    fn run(&self, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
        let out = self
            .zksh()
            .envs(env.iter().copied())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

const NOWHERE: &str = "127.0.0.1:1";

#[test]
fn the_context_comes_from_the_flag_then_the_environment_then_the_default() {
    let s = Setup::new(&format!(
        "default = \"good\"\n[contexts.good]\nservers = \"{{S}}\"\n\
         [contexts.dead]\nservers = \"{NOWHERE}\"\nconnect_timeout = \"1s\"\n"
    ));
    let current = |args: &[&str], env: &[(&str, &str)]| {
        let (code, out, err) = s.run(&[&["-o", "json"], args, &["contexts"]].concat(), env);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        let rows = v["contexts"].as_array().unwrap().clone();
        rows.iter()
            .find(|r| r["current"] == true)
            .map(|r| r["name"].as_str().unwrap().to_string())
    };
    assert_eq!(current(&[], &[]).as_deref(), Some("good"));
    assert_eq!(
        current(&[], &[("ZKSH_CONTEXT", "dead")]).as_deref(),
        Some("dead")
    );
    assert_eq!(
        current(&["--context", "good"], &[("ZKSH_CONTEXT", "dead")]).as_deref(),
        Some("good")
    );
    // The default context's servers are used; a dead one fails to connect (exit 8)...
    assert_eq!(s.run(&["ls", "/"], &[]).0, 0);
    assert_eq!(s.run(&["--context", "dead", "ls", "/"], &[]).0, 8);
    // ... and a flag beats it.
    assert_eq!(
        s.run(&["--context", "dead", "-s", server(), "ls", "/"], &[])
            .0,
        0
    );
    let (code, _, err) = s.run(&["--context", "nope", "ls", "/"], &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no context \"nope\"") && err.contains("good"),
        "{err}"
    );
}

#[test]
fn secrets_come_from_an_environment_variable_a_private_file_or_a_command() {
    let r = root("ctx-secret");
    ok(&["create", &r, ""]);
    let node = format!("{r}/secret");
    let digest = zksh::acl::digest("bob:pw").unwrap();
    ok(&[
        "create",
        "--acl",
        &format!("digest:{digest}:cdrwa"),
        &node,
        "v",
    ]);
    let s = Setup::new("");
    let private = s.file("pw", "bob:pw\n", 0o600);
    let public = s.file("pw-public", "bob:pw\n", 0o644);
    let text = format!(
        "[contexts.env]\nservers = \"{{S}}\"\nauth = [{{ scheme = \"digest\", env = \"MY_ZK_AUTH\" }}]\n\
         [contexts.file]\nservers = \"{{S}}\"\nauth = [{{ scheme = \"digest\", file = \"{private}\" }}]\n\
         [contexts.public]\nservers = \"{{S}}\"\nauth = [{{ scheme = \"digest\", file = \"{public}\" }}]\n\
         [contexts.cmd]\nservers = \"{{S}}\"\nauth = [{{ scheme = \"digest\", command = \"echo bob:pw\" }}]\n\
         [contexts.none]\nservers = \"{{S}}\"\n"
    );
    let s = Setup { dir: s.dir };
    std::fs::write(
        s.dir.path().join("zksh/config.toml"),
        text.replace("{S}", server()),
    )
    .unwrap();
    let get = |ctx: &str, env: &[(&str, &str)]| s.run(&["--context", ctx, "get", &node], env);
    assert_eq!(get("env", &[("MY_ZK_AUTH", "bob:pw")]).1, "v");
    assert_eq!(get("file", &[]).1, "v");
    assert_eq!(get("cmd", &[]).1, "v");
    assert_eq!(get("none", &[]).0, 7);
    let (code, _, err) = get("env", &[]);
    assert!(code == 2 && err.contains("$MY_ZK_AUTH is not set"), "{err}");
    let (code, _, err) = get("public", &[]);
    assert!(
        code == 2 && err.contains("0644") && err.contains("chmod 600"),
        "{err}"
    );
    assert!(!err.contains("bob:pw"), "{err}");
    ok(&["--auth", "digest:bob:pw", "deleteall", &r]);
}

#[test]
fn a_broken_file_names_the_file_the_line_and_the_key() {
    let s = Setup::new("default = \"a\"\n[contexts.a]\nservers = \"{S}\"\nprotekt = [\"/x\"]\n");
    let (code, _, err) = s.run(&["ls", "/"], &[]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("zksh/config.toml:4:") && err.contains("protekt"),
        "{err}"
    );
}

/// One case per command that changes the server; `rails_cover_every_command_in_help` keeps the
/// list whole.
fn writes(r: &str, export: &str) -> Vec<Vec<String>> {
    let p = |s: &str| format!("{r}{s}");
    [
        vec!["create", &p("/new"), "x"],
        vec!["set", &p("/a"), "y"],
        vec!["delete", &p("/a")],
        vec!["deleteall", &p("/a")],
        vec!["setAcl", &p("/a"), "world:anyone:r"],
        vec!["setAcl", "-R", "--force", &p("/a"), "world:anyone:r"],
        vec!["setquota", "-n", "5", &p("/a")],
        vec!["delquota", &p("/a")],
        vec!["reconfig", "-remove", "9"],
        vec!["cp", &p("/a"), &p("/b")],
        vec!["mv", &p("/a"), &p("/b")],
        vec!["import", export, &p("/i")],
        vec!["txn", &format!("create {r}/t x")],
        vec!["edit", &p("/a")],
        vec!["4lw", "srst"],
        vec!["lock", &p("/lk"), "--", "true"],
        vec!["elect", &p("/el"), "--", "true"],
        vec![
            "locks",
            "--revoke",
            &p("/a/_c_0b1d6a38-5b7e-4d1f-9c1e-8d2f8b9d1a11-lock-0000000001"),
            &p("/a"),
        ],
    ]
    .into_iter()
    .map(|c| c.into_iter().map(str::to_string).collect())
    .collect()
}

/// Commands that change nothing on the server (`--no-write` lets them run).
const READS: &[&str] = &[
    "get",
    "ls",
    "stat",
    "exists",
    "watch",
    "watches",
    "unwatch",
    "printwatches",
    "wait",
    "session",
    "addauth",
    "getAcl",
    "digest",
    "whoami",
    "getEphemerals",
    "count",
    "sync",
    "config",
    "listquota",
    "4lw",
    "srvr",
    "mntr",
    "ruok",
    "cons",
    "envi",
    "wchs",
    "cluster",
    "tree",
    "find",
    "grep",
    "du",
    "export",
    "diff",
    "txnlog",
    "hotspots",
    "acl",
    "blame",
    "who",
    "contexts",
    "use",
    // Its write keys run commands (or `edit`'s rails), which meet the rails themselves.
    "ui",
    "cd",
    "pwd",
    "connect",
    "close",
    "reconnect",
    "clear",
    "history",
    "redo",
    "version",
    "help",
    "quit",
];

#[test]
fn rails_cover_every_command_in_help() {
    let cases: Vec<String> = writes("/r", "f").iter().map(|c| c[0].clone()).collect();
    for c in zksh::command::Line::command().get_subcommands() {
        let name = c.get_name().to_string();
        assert!(
            cases.contains(&name) || READS.contains(&name.as_str()),
            "{name}: say in tests/contexts.rs whether it writes"
        );
    }
    for case in writes("/r", "f") {
        let Ok(zksh::command::Parsed::Command(cmd)) = zksh::command::parse(case.clone()) else {
            panic!("{case:?} does not parse");
        };
        assert!(cmd.writes().is_some(), "{case:?} is not known to write");
    }
}

/// The zxid of the last change the server applied (sessions opening and closing count too).
fn zxid(servers: &str) -> String {
    let out = zksh_at(servers).args(["srvr"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix("Zxid:"))
        .unwrap_or_else(|| panic!("no zxid in {text}"))
        .trim()
        .to_string()
}

/// Every node's stat (versions, mzxid, pzxid...): equal before and after means no node was
/// created, changed or deleted, whatever sessions came and went.
fn tree_state(servers: &str) -> String {
    let out = zksh_at(servers)
        .args(["-o", "json", "ls", "-R", "/"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let script: String = v["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("stat '{}'\n", p.as_str().unwrap()))
        .collect();
    let out = zksh_at(servers)
        .args(["-o", "json"])
        .write_stdin(script)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn no_write_and_read_only_contexts_refuse_every_write_and_dry_runs_send_nothing() {
    // A server of its own: no other test moves its zxid.
    let own = Dedicated::start("rails", "start", &[]);
    let r = "/rails";
    zksh_at(&own.servers)
        .args(["create", r, ""])
        .assert()
        .success();
    zksh_at(&own.servers)
        .args(["create", &format!("{r}/a"), "v"])
        .assert()
        .success();
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("e.json").display().to_string();
    zksh_at(&own.servers)
        .args(["export", r, &export])
        .assert()
        .success();
    zksh_at(&own.servers)
        .args(["setquota", "-n", "100", &format!("{r}/a")])
        .assert()
        .success();
    let s = Setup::new(&format!(
        "[contexts.ro]\nservers = \"{}\"\nread_only = true\n",
        own.servers
    ));
    let before = zxid(&own.servers);
    for case in writes(r, &export) {
        let args: Vec<&str> = case.iter().map(String::as_str).collect();
        for how in [
            &["-s", own.servers.as_str(), "--no-write"][..],
            &["--context", "ro"],
        ] {
            let (code, _, err) = s.run(&[how, &args].concat(), &[("EDITOR", "true")]);
            assert_eq!(code, 7, "{how:?} {case:?}: {err}");
            assert!(
                err.contains("refused") && err.contains("nothing was sent"),
                "{err}"
            );
        }
        // Scripts too, where writes travel in batches.
        let (code, _, err) = s.run(
            &["-s", &own.servers, "--no-write", "-c", &shell_line(&case)],
            &[],
        );
        assert_eq!(code, 7, "script {case:?}: {err}");
    }
    assert_eq!(
        zxid(&own.servers),
        before,
        "a refused write reached the server"
    );
    // Every write command has a dry run: it says what it would send and sends nothing (and the
    // rails let it through: it writes nothing). Dry runs read, so sessions move the zxid.
    let tree = tree_state(&own.servers);
    for case in writes(r, &export).into_iter().filter(|c| c[0] != "4lw") {
        let mut args: Vec<&str> = case.iter().map(String::as_str).collect();
        args.insert(1, "--dry-run");
        let editor = [("EDITOR", "sed -i s/v/w/")];
        for how in [&["-s", own.servers.as_str()][..], &["--context", "ro"]] {
            let (code, out, err) = s.run(&[how, &args].concat(), &editor);
            assert_eq!(code, 0, "{how:?} {args:?}: {err}");
            assert!(
                out.contains(r) || out.contains("/zookeeper"),
                "{args:?}: {out}"
            );
            let (code, out, err) = s.run(&[&["-o", "json"], how, &args].concat(), &editor);
            let v: serde_json::Value =
                serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out} {err}"));
            assert!(code == 0 && v["dry_run"] == true, "{args:?}: {out}");
        }
    }
    assert_eq!(tree_state(&own.servers), tree, "a dry run changed the tree");
    // Reads still work.
    assert_eq!(
        s.run(&["--context", "ro", "get", &format!("{r}/a")], &[]).1,
        "v"
    );
}

/// `case` as one script line.
fn shell_line(case: &[String]) -> String {
    case.iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn protected_paths_need_force_in_scripts() {
    let r = root("ctx-protect");
    ok(&["create", "-p", &format!("{r}/kafka/x"), "v"]);
    let s = Setup::new(&format!(
        "default = \"p\"\n[contexts.p]\nservers = \"{{S}}\"\nprotect = [\"{r}/kafka\"]\n"
    ));
    let (code, _, err) = s.run(&["set", &format!("{r}/kafka/x"), "w"], &[]);
    assert_eq!(code, 7, "{err}");
    assert!(
        err.contains("protected in context p") && err.contains("--force"),
        "{err}"
    );
    let (code, _, err) = s.run(
        &["-c", &format!("create {r}/free x; set {r}/kafka/x w")],
        &[],
    );
    assert_eq!(code, 7, "{err}");
    assert_eq!(ok(&["get", &format!("{r}/free")]), "x");
    assert_eq!(ok(&["get", &format!("{r}/kafka/x")]), "v");
    // Next to it is not under it; --force lets the write through.
    assert_eq!(s.run(&["create", &format!("{r}/kafka2"), ""], &[]).0, 0);
    assert_eq!(
        s.run(&["--force", "set", &format!("{r}/kafka/x"), "w"], &[])
            .0,
        0
    );
    assert_eq!(ok(&["get", &format!("{r}/kafka/x")]), "w");
    // A recursive delete's own --force counts as well.
    assert_eq!(
        s.run(&["deleteall", "--force", &format!("{r}/kafka")], &[])
            .0,
        0
    );
    ok(&["deleteall", &r]);
}

#[test]
fn cp_to_a_context_uses_its_servers_and_its_rails() {
    let r = root("ctx-cp");
    ok(&["create", "-p", &format!("{r}/src/a"), "v"]);
    let s = Setup::new(
        "[contexts.here]\nservers = \"{S}\"\n[contexts.ro]\nservers = \"{S}\"\nread_only = true\n",
    );
    let src = format!("{r}/src");
    let (code, _, err) = s.run(
        &[
            "-s",
            server(),
            "cp",
            "-r",
            &src,
            &format!("ctx://here{r}/dst"),
        ],
        &[],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(ok(&["get", &format!("{r}/dst/a")]), "v");
    let (code, _, err) = s.run(
        &[
            "-s",
            server(),
            "cp",
            "-r",
            &src,
            &format!("ctx://ro{r}/dst2"),
        ],
        &[],
    );
    assert_eq!(code, 7, "{err}");
    assert_eq!(run(&["exists", &format!("{r}/dst2")]).0, 3);
    ok(&["deleteall", &r]);
}
