//! Values decoded on real nodes: gzip'd JSON, zlib, binary and invalid UTF-8 shown decoded on a
//! terminal (a pseudo-terminal here) and as exact bytes on pipes; `--decode`, `--as`, the
//! `decoded` field of `-o json`; `set --json` refusing, `--encode` compressing; `edit` keeping
//! gzip; `grep --decode`; `ls --decode-names`; a zip bomb that stops at the cap; the config
//! file's `[decode]` rules.

mod common;
use common::*;

use std::io::{ErrorKind, Read, Write};
use std::time::{Duration, Instant};

use base64::Engine;
use expectrl::session::OsSession;
use serde_json::Value;

/// `zksh -s SERVER ARGS` with stdout and stderr on a pseudo-terminal: everything it printed.
fn on_terminal(args: &[&str]) -> String {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_zksh"));
    cmd.env_remove("ZKSH_SERVER")
        .env_remove("ZKSH_CONFIG")
        .env_remove("ZKSH_CONTEXT")
        .env("XDG_CONFIG_HOME", no_config())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .args(["-s", server()])
        .args(args);
    let mut s = OsSession::spawn(cmd).expect("spawn zksh in a pty");
    let (mut out, mut buf) = (Vec::new(), [0u8; 4096]);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match s.try_read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                assert!(Instant::now() < deadline, "zksh {args:?} did not finish");
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            // Linux reports a pty whose other side has closed as EIO.
            Err(_) => break,
        }
    }
    String::from_utf8_lossy(&out).replace("\r\n", "\n")
}

/// The stored bytes, as a pipe gets them.
fn raw(path: &str) -> Vec<u8> {
    zksh().args(["get", path]).output().unwrap().stdout
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&ok(&[&["-o", "json"], args].concat())).unwrap()
}

const DOC: &str = r#"{"name":"svc","n":12345678901234567890123,"tags":["a","b"]}"#;

#[test]
fn gzipped_json_is_decoded_on_a_terminal_and_exact_on_a_pipe() {
    let r = root("gzjson");
    let p = format!("{r}/cfg");
    ok(&["create", &r]);
    ok(&["create", "--json", "--encode", "gzip", &p, DOC]);
    let stored = raw(&p);
    assert_eq!(&stored[..2], b"\x1f\x8b", "stored gzip'd");
    assert_eq!(gunzip(&stored), DOC.as_bytes());
    // --as base64 and -b are one thing, of the stored bytes.
    let b64 = base64::engine::general_purpose::STANDARD.encode(&stored);
    assert_eq!(ok(&["get", "--as", "base64", &p]).trim(), b64);
    assert_eq!(ok(&["get", "-b", &p]).trim(), b64);

    let pretty = "{\n  \"name\": \"svc\",\n  \"n\": 12345678901234567890123,\n  \"tags\": [\n    \"a\",\n    \"b\"\n  ]\n}\n";
    assert_eq!(ok(&["get", "--decode", &p]), pretty);
    assert_eq!(ok(&["get", "--as", "json", &p]), pretty);
    assert_eq!(ok(&["get", "--as", "text", &p]), DOC);
    assert_eq!(
        zksh()
            .args(["get", "--as", "raw", &p])
            .output()
            .unwrap()
            .stdout,
        stored
    );

    let shown = on_terminal(&["get", &p]);
    assert!(shown.contains(pretty), "{shown:?}");
    assert!(
        shown.contains("shown decoded as gzip+json") && shown.contains("--as raw"),
        "{shown:?}"
    );
    let dumped = on_terminal(&["get", "--as", "raw", &p]);
    assert!(dumped.starts_with("00000000  1f 8b"), "{dumped:?}");

    let v = json(&["get", &p]);
    assert_eq!(v["value_base64"], b64, "the value stays exact");
    assert_eq!(v["decoded"]["encoding"], "gzip+json");
    assert_eq!(v["decoded"]["value"]["tags"][1], "b");
    let doc = ok(&["-o", "json", "get", &p]);
    assert!(
        doc.contains(r#""n":12345678901234567890123"#),
        "every digit: {doc}"
    );
    assert!(json(&["get", "--as", "raw", &p]).get("decoded").is_none());
}

#[test]
fn zlib_text_binary_and_invalid_utf8() {
    let r = root("kinds");
    ok(&["create", &r]);
    let z = format!("{r}/z");
    ok(&["create", "--encode", "zlib", &z, "line one\nline two\n"]);
    assert_eq!(raw(&z)[0], 0x78, "a zlib header");
    assert_eq!(ok(&["get", "--decode", &z]), "line one\nline two\n");
    let v = json(&["get", &z]);
    assert_eq!(v["decoded"]["encoding"], "zlib+text");
    assert_eq!(v["decoded"]["value"], "line one\nline two\n");
    let shown = on_terminal(&["get", &z]);
    assert!(
        shown.contains("line one\nline two\n") && shown.contains("zlib+text"),
        "{shown:?}"
    );

    let bin = format!("{r}/bin");
    ok(&["create", &bin, "--hex", "00ff fe01 1b5b"]);
    assert_eq!(raw(&bin), b"\x00\xff\xfe\x01\x1b\x5b");
    assert_eq!(
        zksh()
            .args(["get", "--decode", &bin])
            .output()
            .unwrap()
            .stdout,
        b"\x00\xff\xfe\x01\x1b\x5b",
        "binary decodes to itself"
    );
    let v = json(&["get", &bin]);
    assert_eq!(v["value_base64"], "AP/+ARtb");
    assert!(v.get("decoded").is_none(), "nothing decoded: {v}");
    let shown = on_terminal(&["get", &bin]);
    assert!(
        shown.starts_with("00000000  00 ff fe 01 1b 5b"),
        "{shown:?}"
    );
    assert!(!shown.contains("shown decoded"), "{shown:?}");

    // Latin-1 "café": not UTF-8. Exact on a pipe, a hexdump on a terminal, lossy as --as text.
    let latin = format!("{r}/latin");
    ok(&["create", &latin, "--hex", "636166e9"]);
    assert_eq!(raw(&latin), b"caf\xe9");
    assert!(on_terminal(&["get", &latin]).contains("|caf.|"));
    assert!(on_terminal(&["get", "--as", "text", &latin]).contains("caf\u{fffd}"));

    let (code, _, err) = run(&["get", "--as", "json", &latin]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("not JSON"), "{err}");
}

#[test]
fn set_json_refuses_invalid_json_and_sends_nothing() {
    let r = root("setjson");
    ok(&["create", &r, "before"]);
    let before = json(&["stat", &r]);
    for line in [
        vec!["set", "--json", &r, "{bad"],
        vec!["set", "--json", "--encode", "gzip", &r, "not json"],
    ] {
        let (code, _, err) = run(&line);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("not JSON") && err.contains("nothing was sent"),
            "{err}"
        );
    }
    // In a script, batched or not, the same.
    let (code, _, err) = run(&["-c", &format!("set --json {r} '[1,'; set {r} after")]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        json(&["stat", &r])["stat"],
        before["stat"],
        "nothing was sent"
    );
    assert_eq!(raw(&r), b"before");
    ok(&["set", "--json", &r, "[1, 2]"]);
    assert_eq!(raw(&r), b"[1, 2]");
}

#[test]
fn edit_round_trip_keeps_gzip_and_json() {
    let r = root("edit");
    ok(&["create", "--encode", "gzip", &r, r#"{"level":"info"}"#]);
    let dir = tempfile::tempdir().unwrap();
    let editor = dir.path().join("ed.sh");
    let mut f = std::fs::File::create(&editor).unwrap();
    // The "editor" checks it was given the decompressed text, then changes it.
    writeln!(
        f,
        "#!/bin/sh\ngrep -q '\"level\":\"info\"' \"$1\" || exit 3\nsed -i \"s/$FROM/$TO/\" \"$1\""
    )
    .unwrap();
    drop(f);
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o700)).unwrap();
    let edit = |from: &str, to: &str| {
        let out = zksh()
            .env("EDITOR", &editor)
            .env_remove("VISUAL")
            .env("FROM", from)
            .env("TO", to)
            .args(["edit", &r])
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (code, err) = edit("info", "debug");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("written back the same way"), "{err}");
    let stored = raw(&r);
    assert_eq!(&stored[..2], b"\x1f\x8b", "still gzip'd");
    assert_eq!(gunzip(&stored), br#"{"level":"debug"}"#);

    // Put back to info, then an edit that breaks the JSON is refused.
    ok(&["set", "--encode", "gzip", &r, r#"{"level":"info"}"#]);
    let version = json(&["stat", &r])["stat"]["version"].clone();
    let (code, err) = edit("}", "");
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("not JSON") && err.contains("nothing written"),
        "{err}"
    );
    assert_eq!(json(&["stat", &r])["stat"]["version"], version);
}

#[test]
fn grep_decode_searches_decompressed_values() {
    let r = root("grepdec");
    ok(&["create", &r]);
    ok(&[
        "create",
        "--encode",
        "gzip",
        &format!("{r}/gz"),
        "needle in gzip",
    ]);
    ok(&["create", &format!("{r}/plain"), "no match here"]);
    let (code, _, _) = run(&["grep", &r, "needle"]);
    assert_eq!(code, 1, "the stored bytes do not hold it");
    assert_eq!(
        ok(&["grep", "--decode", &r, "needle"]),
        format!("{r}/gz: needle in gzip\n")
    );
}

#[test]
fn url_encoded_names_are_shown_decoded_on_request() {
    let r = root("dubbo");
    let name = "dubbo%3A%2F%2F10.0.0.1%3A20880%2Fcom.foo.Api%3Fversion%3D1.0";
    ok(&["create", "-p", &format!("{r}/providers/{name}")]);
    let providers = format!("{r}/providers");
    assert_eq!(ok(&["ls", &providers]), format!("{name}\n"));
    let decoded = "dubbo://10.0.0.1:20880/com.foo.Api?version=1.0";
    assert_eq!(
        ok(&["ls", "--decode-names", &providers]),
        format!("{decoded}\n")
    );
    assert!(ok(&["ls", "-l", "--decode-names", &providers]).contains(decoded));
    assert!(ok(&["tree", "--decode-names", &r]).contains(&format!("└── {decoded}")));
    assert_eq!(
        ok(&["find", "--decode-names", &r, "dubbo://*"]),
        format!("{r}/providers/{decoded}\n")
    );
    let v = json(&["ls", "--decode-names", &providers]);
    assert_eq!(v["children"][0], name, "JSON keeps the exact name");
}

#[test]
fn a_zip_bomb_stops_at_the_cap() {
    let r = root("bomb");
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        e.write_all(&zeros).unwrap();
    }
    let bomb = e.finish().unwrap();
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), &bomb).unwrap();
    ok(&["create", &r, &format!("@{}", f.path().display())]);
    let started = Instant::now();
    let out = zksh().args(["get", "--decode", &r]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(out.stdout, bomb, "shown as stored");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("inflates past 16 MiB"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(20));
}

#[test]
fn config_rules_decide_how_paths_decode() {
    let r = root("rules");
    ok(&["create", &r]);
    let (as_text, gz) = (format!("{r}/text/doc"), format!("{r}/gz/doc"));
    ok(&["create", "-p", &as_text, "[1,2]"]);
    ok(&["create", "-p", &gz, "[3]"]);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("config.toml");
    std::fs::write(
        &file,
        format!("[decode]\n\"{r}/text/**\" = \"text\"\n\"{r}/gz/*\" = \"gzip+json\"\n"),
    )
    .unwrap();
    let with_rules = |args: &[&str]| {
        let out = zksh()
            .env("ZKSH_CONFIG", &file)
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    // Without the rule it would be pretty JSON; the rule says text.
    assert!(ok(&["get", "--decode", &as_text]).starts_with("[\n"));
    assert_eq!(with_rules(&["get", "--decode", &as_text]).1, "[1,2]");
    // The rule says gzip, the value is not: shown as it is, with the reason.
    let (code, out, err) = with_rules(&["get", "--decode", &gz]);
    assert_eq!((code, out.as_str()), (0, "[\n  3\n]\n"), "{err}");
    assert!(err.contains("not decoded as gzip"), "{err}");

    std::fs::write(&file, "# rules\n[decode]\n\"/a/**\" = \"lz4\"\n").unwrap();
    let (code, _, err) = with_rules(&["get", &gz]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("{}:3", file.display())) && err.contains("lz4"),
        "{err}"
    );
}
