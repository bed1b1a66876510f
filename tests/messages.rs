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
    // Against a live server the message stays what it was.
    let r = root("waitmsg");
    let (code, _, err) = run(&["wait", &r, "--exists", "--timeout", "500ms"]);
    assert_eq!(code, 8);
    assert!(err.contains("condition not met"), "{err}");
}

#[test]
fn clear_does_nothing_outside_the_shell() {
    let out = zksh().args(["clear"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
}
