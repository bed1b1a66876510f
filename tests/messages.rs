//! Messages that must not mislead, and habits operators bring: unknown four-letter words, `wait`
//! without a server, `clear` outside the REPL, global flags after the command.

mod common;
use common::*;

#[test]
fn an_unknown_four_letter_word_is_a_clear_error() {
    let (code, out, err) = run(&["4lw", "xxxx"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("\"xxxx\" is not a four-letter word"), "{err}");
    assert!(ok(&["4lw", "ruok"]).contains("imok"));
}

#[test]
fn wait_without_a_server_is_a_connection_failure() {
    // Accepts connections (into the backlog) but never answers: no session can start.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = silent.local_addr().unwrap().to_string();
    let out = zksh_at(&addr)
        .args(["wait", "/x", "--exists", "--timeout", "2s"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(8), "{err}");
    assert!(
        !err.contains("condition not met") && err.contains("no server answered"),
        "{err}"
    );
    // Against a live server the message stays what it was (2 s: time to connect under load).
    let r = root("waitmsg");
    let (code, _, err) = run(&["wait", &r, "--exists", "--timeout", "2s"]);
    assert_eq!(code, 8);
    assert!(err.contains("condition not met"), "{err}");
}

#[test]
fn clear_does_nothing_outside_the_shell() {
    let out = zksh().args(["clear"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
}

#[test]
fn global_flags_work_after_the_command() {
    let r = root("globals");
    ok(&["create", &r, "v"]);
    let out = ok(&["get", &r, "-s", "-o", "json"]);
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["stat"]["data_length"], 1, "{out}");
    assert_eq!(ok(&["get", &r, "--timeout", "5s"]), "v");
    // `-s` is also ls's own flag (stat); followed by a host it can only be the server.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zksh"))
        .env_remove("ZKSH_SERVER")
        .args(["ls", &r, "-s", server()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // And `ls -s PATH` still means the stat.
    assert!(ok(&["ls", "-s", &r]).contains("numChildren"));
    ok(&["delete", &r]);
}

#[test]
fn a_usage_error_with_json_asked_after_the_command_is_json() {
    let (code, out, err) = run(&["get", "/a", "--bogus", "-o", "json"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    let v: serde_json::Value =
        serde_json::from_str(err.trim()).unwrap_or_else(|e| panic!("{err}: {e}"));
    assert_eq!(v["error"]["code"], "Usage", "{err}");
}

#[test]
fn delete_r_reports_as_delete_r() {
    let r = root("del-r");
    ok(&["create", "-p", &format!("{r}/a/b"), ""]);
    let (code, _, err) = run(&["-v", "delete", "-r", &r]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("zksh: delete -r: 3 of 3 nodes done"), "{err}");
}
