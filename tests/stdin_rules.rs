//! Stdin belongs to one reader: when it is the script, commands that would read it are refused
//! (exit 2) and the script's lines all run; a second `-` after a first is refused; a leading
//! byte-order mark is ignored.

mod common;
use common::*;

/// Runs zksh with `args` and `stdin`; returns (exit code, stdout, stderr).
fn with_stdin(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let out = zksh().args(args).write_stdin(stdin).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// Every stdin reader refused inside a stdin script, and the lines after it still ran (-k).
#[test]
fn stdin_readers_are_refused_when_stdin_is_the_script() {
    let r = root("stdin-readers");
    ok(&["create", &r]);
    for (i, cmd) in ["import -", "txn", "edit /x", &format!("set {r} -")]
        .iter()
        .enumerate()
    {
        let script = format!("{cmd}\ncreate {r}/after{i}\n");
        let (code, _, err) = with_stdin(&["-k"], script.as_bytes());
        assert_eq!(code, 2, "{cmd}: {err}");
        assert!(err.contains("stdin is the script"), "{cmd}: {err}");
        assert_eq!(ok(&["exists", &format!("{r}/after{i}")]), "true\n", "{cmd}");
    }
}

/// `-f /dev/stdin` is stdin too: `set -` must not store the script's text.
#[test]
fn dev_stdin_as_the_file_is_stdin() {
    let r = root("dev-stdin");
    let script = format!("create {r} v\nset {r} -\ncreate {r}/next\n");
    let (code, _, err) = with_stdin(&["-k", "-f", "/dev/stdin"], script.as_bytes());
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("stdin is the script"), "{err}");
    assert_eq!(ok(&["get", &r]), "v");
    assert_eq!(ok(&["exists", &format!("{r}/next")]), "true\n");
}

/// A second `-` finds stdin already read: refused, not an empty value written.
#[test]
fn a_second_dash_is_refused() {
    let r = root("second-dash");
    ok(&["create", &r, "old"]);
    let (code, _, err) = with_stdin(&["-c", &format!("set {r} -; create {r}/b -")], b"first");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("stdin was already read"), "{err}");
    assert_eq!(ok(&["get", &r]), "first");
    assert_eq!(run(&["exists", &format!("{r}/b")]).0, 3);
}

/// A UTF-8 byte-order mark at the start of a script (stdin or -f) is not part of the command.
#[test]
fn a_leading_byte_order_mark_is_ignored() {
    let r = root("bom");
    let script = format!("\u{feff}create {r} v\n");
    let (code, out, err) = with_stdin(&[], script.as_bytes());
    assert_eq!(
        (code, out.as_str()),
        (0, format!("{r}\n").as_str()),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.zk");
    std::fs::write(&file, format!("\u{feff}create {r}/f\n")).unwrap();
    let (code, _, err) = with_stdin(&["-f", file.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{err}");
}
