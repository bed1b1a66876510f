//! `watch PATH -- CMD`: one run per event, in order, none lost or run twice under a burst;
//! the event in the environment; `--stop-on-error` ends the watch with CMD's code.

mod common;
#[path = "peers/mod.rs"]
mod peers;

use common::*;
use peers::*;

/// Changes `path` until the watcher's log shows an event: the watch is armed from then on.
fn armed(path: &str, log: &std::path::Path) {
    until("the watch to fire", || {
        ok(&["set", path, "probe"]);
        std::fs::read_to_string(log).is_ok_and(|t| !t.is_empty())
    });
}

#[test]
fn a_burst_of_events_runs_the_command_once_each_in_order() {
    let r = root("watchcmd");
    ok(&["create", &r, "v"]);
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let cmd = format!(
        r#"echo "$ZKSH_WATCH_TYPE $ZKSH_WATCH_PATH" >> {}"#,
        log.display()
    );
    let mut w = spawn(server(), &["watch", "-R", &r, "--", "sh", "-c", &cmd]);
    armed(&r, &log);
    // 60 creates in one script: they reach the server far faster than the command runs.
    let script: Vec<String> = (0..60).map(|i| format!("create {r}/n{i:02}")).collect();
    ok(&["-c", &script.join("; ")]);
    let want: Vec<String> = (0..60)
        .map(|i| format!("NodeCreated {r}/n{i:02}"))
        .collect();
    let created = || -> Vec<String> {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        text.lines()
            .filter(|l| l.starts_with("NodeCreated"))
            .map(String::from)
            .collect()
    };
    until("60 NodeCreated runs", || created().len() >= 60);
    // A late duplicate would show up now: one more round trip's worth of waiting.
    ok(&["set", &r, "last"]);
    until("the last event", || {
        std::fs::read_to_string(&log)
            .unwrap()
            .ends_with(&format!("NodeDataChanged {r}\n"))
    });
    assert_eq!(created(), want);
    w.signal("TERM");
    assert_eq!(w.code(), 143);
}

#[test]
fn stop_on_error_ends_the_watch_with_the_commands_code() {
    let r = root("watchstop");
    ok(&["create", &r, "v"]);
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log");
    let cmd = format!(r#"echo "$ZKSH_WATCH_TYPE" >> {}; exit 4"#, log.display());
    let mut w = spawn(
        server(),
        &["watch", "--stop-on-error", &r, "--", "sh", "-c", &cmd],
    );
    armed(&r, &log);
    assert_eq!(w.code(), 4);
    let err = w.stderr_all();
    assert!(err.contains("exited 4 for NodeDataChanged"), "{err}");
    // Without the flag a failure is reported and the watch goes on.
    let log2 = dir.path().join("log2");
    let cmd = format!(r#"echo "$ZKSH_WATCH_PATH" >> {}; exit 4"#, log2.display());
    let mut w = spawn(server(), &["watch", &r, "--", "sh", "-c", &cmd]);
    armed(&r, &log2);
    assert!(w.running());
    assert!(std::fs::read_to_string(&log2).unwrap().starts_with(&r));
    w.signal("INT");
    assert_eq!(w.code(), 130);
}
