//! Secrets and children: `edit`'s temp file (private, unpredictable, never through a link), the
//! editor's environment (no credentials) and its choice (an empty `$VISUAL` falls back).

mod common;
use common::*;

#[test]
fn edit_uses_a_private_temp_file_and_an_editor_without_secrets() {
    let r = root("edit");
    ok(&["create", &r, "before"]);
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report");
    let editor = dir.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\nstat -c '%a %F' \"$1\" > {r}\necho \"$1\" >> {r}\nenv >> {r}\nprintf after > \"$1\"\n",
            r = report.display()
        ),
    )
    .unwrap();
    std::process::Command::new("chmod")
        .args(["+x", editor.to_str().unwrap()])
        .status()
        .unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    zksh()
        .env("VISUAL", "")
        .env("EDITOR", &editor)
        .env("TMPDIR", &tmp)
        .env("ZKSH_AUTH", "digest:edituser:edit-topsecret")
        .args(["edit", &r])
        .assert()
        .success();
    assert_eq!(ok(&["get", &r]), "after");
    let seen = std::fs::read_to_string(&report).unwrap();
    let mut lines = seen.lines();
    assert_eq!(lines.next(), Some("600 regular file"), "{seen}");
    let file = lines.next().unwrap();
    let name = std::path::Path::new(file)
        .file_name()
        .unwrap()
        .to_str()
        .unwrap();
    assert!(file.starts_with(tmp.to_str().unwrap()), "{file}");
    // Random, not derived from the process id or the node name.
    assert!(
        name.starts_with("zksh-edit-") && !name.contains(&r[1..]),
        "{name}"
    );
    assert!(
        !seen.contains("topsecret") && !seen.contains("ZKSH_AUTH"),
        "{seen}"
    );
    assert!(
        !std::path::Path::new(file).exists(),
        "temp file left behind"
    );
    ok(&["delete", &r]);
}
