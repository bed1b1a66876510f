//! Bad input of every kind: each case ends with a clear message and the documented exit code,
//! never a panic or a hang, and changes nothing on the server.

mod common;
use common::*;

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::os::unix::ffi::OsStrExt;
use std::time::{Duration, Instant};

/// (exit code, stdout, stderr) of an assert_cmd output.
fn outcome(out: std::process::Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// Runs a script given as bytes on stdin.
fn script(text: &[u8]) -> (i32, String, String) {
    outcome(zksh().write_stdin(text).output().unwrap())
}

/// A fresh root holding one node `v` = "orig"; returns the root.
fn fixture(name: &str) -> String {
    let r = root(name);
    ok(&["create", "-p", &format!("{r}/v"), "orig"]);
    r
}

/// The root still holds exactly its one node, unchanged.
fn assert_unchanged(r: &str) {
    assert_eq!(ok(&["ls", r]), "v\n", "{r} changed");
    assert_eq!(ok(&["get", &format!("{r}/v")]), "orig");
    let stat = ok(&["stat", &format!("{r}/v")]);
    assert!(stat.contains("dataVersion = 0"), "{stat}");
}

/// A usage failure: exit 2, one clear `zksh: error:` message containing `needle`, no panic.
fn assert_usage(res: &(i32, String, String), needle: &str) {
    let (code, out, err) = res;
    assert_eq!(*code, 2, "stdout {out:?} stderr {err:?}");
    assert!(err.contains(needle), "{needle:?} not in {err:?}");
    assert!(err.contains("error"), "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("internal error"),
        "{err}"
    );
}

#[test]
fn over_long_value_is_refused_before_sending() {
    let r = fixture("bigval");
    let big = vec![b'x'; 2 * 1024 * 1024];
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &big).unwrap();
    let at = format!("@{}", file.path().display());
    let v = format!("{r}/v");
    assert_usage(&run(&["set", &v, &at]), "jute.maxbuffer");
    let piped = outcome(
        zksh()
            .args(["set", &v, "-"])
            .write_stdin(big)
            .output()
            .unwrap(),
    );
    assert_usage(&piped, "jute.maxbuffer");
    assert_usage(
        &run(&["create", &format!("{r}/new"), &at]),
        "jute.maxbuffer",
    );
    assert_unchanged(&r);
    ok(&["deleteall", &r]);
}

#[test]
fn invalid_utf8_in_a_path_argument_is_a_usage_error() {
    let r = fixture("utf8");
    let mut path = format!("{r}/bad").into_bytes();
    path.extend_from_slice(b"\xff\xfe");
    for cmd in ["create", "get", "set"] {
        let res = outcome(
            zksh()
                .arg(cmd)
                .arg(OsStr::from_bytes(&path))
                .output()
                .unwrap(),
        );
        assert_usage(&res, "UTF-8");
    }
    assert_unchanged(&r);
    ok(&["deleteall", &r]);
}

#[test]
fn nul_byte_in_a_script_path_is_refused() {
    let r = fixture("nul");
    let res = script(format!("create {r}/a\0b x\n").as_bytes());
    assert_usage(&res, "NUL");
    assert_usage(&script(format!("set {r}/v\0 x\n").as_bytes()), "NUL");
    assert_unchanged(&r);
    ok(&["deleteall", &r]);
}

#[test]
fn malformed_paths_name_the_rule() {
    let r = fixture("paths");
    let cases = [
        (format!("{r}//a"), "empty segment"),
        (format!("{r}/a/"), "end with '/'"),
        (format!("{r}/v/"), "end with '/'"),
        ("/..".to_string(), "above the root"),
        (format!("{r}/../../a"), "above the root"),
        ("a/../../b".to_string(), "above the root"),
    ];
    for (p, rule) in &cases {
        assert_usage(&run(&["create", p, "x"]), rule);
        assert_usage(&run(&["set", p, "x"]), rule);
        assert_usage(&run(&["delete", p]), rule);
    }
    // A chroot in the connect string follows the same rules.
    for chroot in [format!("{r}/.."), format!("{r}//v"), format!("{r}/")] {
        let res = outcome(
            zksh_at(&format!("{}{chroot}", server()))
                .args(["set", "/v", "x"])
                .output()
                .unwrap(),
        );
        assert_usage(&res, "chroot");
    }
    // `.` and `..` inside the tree resolve; they are not errors.
    assert_eq!(
        ok(&["get", &format!("{r}/./x/../v")]),
        "orig",
        "`.`/`..` resolve inside the tree"
    );
    assert_unchanged(&r);
    ok(&["deleteall", &r]);
}

#[test]
fn unknown_flags_are_usage_errors() {
    let r = fixture("flags");
    let v = format!("{r}/v");
    assert_usage(&run(&["--bogus", "set", &v, "x"]), "--bogus");
    assert_usage(&run(&["set", "--bogus", &v, "x"]), "--bogus");
    assert_usage(&run(&["-c", &format!("set --bogus {v} x")]), "--bogus");
    assert_usage(&script(format!("set -Z {v} x\n").as_bytes()), "-Z");
    assert_unchanged(&r);
    ok(&["deleteall", &r]);
}

#[test]
fn unterminated_quotes_are_usage_errors() {
    let r = fixture("quotes");
    let v = format!("{r}/v");
    assert_usage(
        &run(&["-c", &format!("set {v} 'oops")]),
        "unterminated single quote",
    );
    assert_usage(
        &script(format!("set {v} \"oops\n").as_bytes()),
        "unterminated double quote",
    );
    assert_usage(&script(format!("set {v} oops\\").as_bytes()), "backslash");
    assert_unchanged(&r);
    ok(&["deleteall", &r]);
}

#[test]
fn one_megabyte_script_lines_fail_cleanly() {
    let r = fixture("bigline");
    let v = format!("{r}/v");
    // A value that is too large, on one script line: refused before it is sent.
    let mut line = format!("set {v} ").into_bytes();
    line.extend(std::iter::repeat_n(b'y', 1024 * 1024));
    line.push(b'\n');
    assert_usage(&script(&line), "jute.maxbuffer");
    // A megabyte of garbage: one unknown command, reported without echoing it all back.
    let garbage: Vec<u8> = (0..1024 * 1024).map(|i| b"q%z!x"[i % 5]).collect();
    let res = script(&garbage);
    assert_usage(&res, "unrecognized subcommand");
    assert!(res.2.len() < 4096, "{} bytes of stderr", res.2.len());
    // A megabyte that is not UTF-8.
    assert_usage(&script(&vec![0xff; 1024 * 1024]), "not valid UTF-8");
    assert_unchanged(&r);
    ok(&["deleteall", &r]);
}

#[test]
fn broken_export_files_create_nothing() {
    let r = fixture("badexp");
    ok(&["create", &format!("{r}/v/child"), "c"]);
    let good = zksh().args(["export", &r]).output().unwrap();
    assert!(good.status.success());
    let text = String::from_utf8(good.stdout).unwrap();
    let truncated = text[..text.len() / 2].to_string();
    let bad_b64 = text.replace("\"b3JpZw==\"", "\"b3Jp*w==\"");
    assert_ne!(bad_b64, text, "the export holds orig as b3JpZw==");
    let orphan = text.replace("\"path\":\"/v\",", "\"path\":\"/w\",");
    assert_ne!(orphan, text);
    let dest = root("badexp-dest");
    for (bad, why) in [(truncated, "EOF"), (bad_b64, "Invalid"), (orphan, "parent")] {
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), &bad).unwrap();
        let res = run(&["import", f.path().to_str().unwrap(), &dest]);
        assert_usage(&res, "not a valid zksh export");
        assert!(res.2.contains(why), "{why:?} not in {:?}", res.2);
        assert_eq!(run(&["exists", &dest]).0, 3, "{dest} was created");
    }
    ok(&["delete", &format!("{r}/v/child")]);
    assert_unchanged(&r);
    ok(&["deleteall", &r]);
}

#[test]
fn a_tcp_echo_server_is_not_zookeeper() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { break };
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = conn.read(&mut buf) {
                    if n == 0 || conn.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            });
        }
    });
    for args in [
        &["ls", "/"][..],
        &["create", "/x", "v"],
        &["-c", "get /a; get /b"],
    ] {
        let start = Instant::now();
        let res = outcome(
            zksh_at(&addr)
                .args(["--connect-timeout", "2s"])
                .args(args)
                .timeout(Duration::from_secs(20))
                .output()
                .unwrap(),
        );
        let took = start.elapsed();
        assert_eq!(res.0, 8, "{args:?}: {res:?}");
        assert!(
            res.2.contains(&format!("cannot connect to {addr}")),
            "{res:?}"
        );
        assert!(!res.2.contains("panicked") && !res.2.contains("internal error"));
        assert!(took < Duration::from_secs(5), "{args:?} took {took:?}");
    }
}

#[test]
fn a_panic_is_a_clean_internal_error() {
    let res = outcome(
        zksh()
            .env("ZKSH_TEST_PANIC", "1")
            .env("RUST_BACKTRACE", "1")
            .args(["ls", "/"])
            .output()
            .unwrap(),
    );
    let (code, out, err) = res;
    assert_eq!((code, out.as_str()), (1, ""), "{err}");
    assert!(
        err.starts_with("zksh: internal error: ZKSH_TEST_PANIC is set at src/run.rs:"),
        "{err}"
    );
    assert!(
        err.ends_with(" (this is a bug; please report it)\n"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}
