//! `zksh ui` in a pseudo-terminal against a real server, the screen read back through a VT
//! parser (`vt100`): open, move, expand, filter, a change by another client shown without a
//! key, edit with compare-and-set and a conflict, delete with and without confirmation,
//! read-only mode, resize, the command pane, and the terminal given back on every way out.
//! Every wait is for screen content, with a generous bound; none is a fixed sleep.

mod common;
use common::screen::Ui;
use common::*;

#[path = "common/proxy.rs"]
mod proxy;
use proxy::Proxy;

use std::time::Instant;

/// A tree under a fresh root: `r/a`, `r/b/{x,y}`, `r/c`.
fn tree(name: &str) -> String {
    let r = root(name);
    for n in ["", "/a", "/b", "/b/x", "/b/y", "/c"] {
        ok(&["create", &format!("{r}{n}"), "v"]);
    }
    r
}

#[test]
fn browse_move_expand_filter_and_quit_restore_the_screen() {
    let r = tree("ui-browse");
    let mut ui = Ui::open(&r, &[], &[]);
    ui.wait_names(&[&r, "a", "b", "c"]);
    ui.wait_for("▸ b");
    ui.send("j");
    ui.wait_selected(&format!("{r}/a"));
    ui.send("j");
    ui.wait_selected(&format!("{r}/b"));
    ui.send("l");
    ui.wait_for("▾ b");
    ui.wait_names(&[&r, "a", "b", "x", "y", "c"]);
    ui.send("j");
    ui.wait_selected(&format!("{r}/b/x"));
    ui.send("kk");
    ui.wait_selected(&format!("{r}/a"));
    // Filter the level of the selection (r's children).
    ui.send("/c*\r");
    ui.wait_for("filter c*: 1 of 3");
    ui.wait_names(&[&r, "c"]);
    // The input starts with the glob in force; Ctrl-U clears it, and an empty glob shows all.
    ui.send("/\x15\r");
    ui.wait_names(&[&r, "a", "b", "x", "y", "c"]);
    ui.send("q");
    assert_eq!(ui.exit_code(), 0);
    ui.assert_restored();
}

#[test]
fn a_node_created_elsewhere_shows_without_a_key() {
    let r = tree("ui-live");
    let mut ui = Ui::open(&r, &[], &[]);
    ui.wait_names(&[&r, "a", "b", "c"]);
    let started = Instant::now();
    ok(&["create", &format!("{r}/fresh"), "new"]);
    ui.wait_marked("fresh");
    eprintln!("created elsewhere, shown after {:?}", started.elapsed());
    ok(&["delete", &format!("{r}/fresh")]);
    ui.wait_names(&[&r, "a", "b", "c"]);
    ok(&["set", &format!("{r}/c"), "changed"]);
    ui.wait_marked("c");
    // Below an open node too.
    ui.send("jjl");
    ui.wait_names(&[&r, "a", "b", "x", "y", "c"]);
    ok(&["create", &format!("{r}/b/z"), ""]);
    ui.wait_marked("z");
    ui.wait_names(&[&r, "a", "b", "x", "y", "z", "c"]);
    ui.send("\x03");
    assert_eq!(ui.exit_code(), 0);
    ui.assert_restored();
}

/// An editor script: writes `text` into the file, after running `before` (a shell line).
fn editor(dir: &std::path::Path, before: &str, text: &str) -> String {
    let p = dir.join("editor.sh");
    std::fs::write(
        &p,
        format!("#!/bin/sh\n{before}\nprintf '%s' '{text}' > \"$1\"\n"),
    )
    .unwrap();
    std::fs::set_permissions(&p, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    p.display().to_string()
}

#[test]
fn edit_writes_with_compare_and_set() {
    let r = tree("ui-edit");
    let dir = tempfile::tempdir().unwrap();
    let ed = editor(dir.path(), "", "mine");
    let mut ui = Ui::open(&r, &[], &[("EDITOR", &ed)]);
    ui.send("j");
    ui.wait_selected(&format!("{r}/a"));
    ui.send("e");
    ui.wait_for("written (version 1)");
    assert_eq!(ok(&["get", &format!("{r}/a")]), "mine");
    ui.send("q");
    assert_eq!(ui.exit_code(), 0);
}

#[test]
fn an_edit_that_meets_a_change_shows_both_and_asks() {
    let r = tree("ui-conflict");
    let dir = tempfile::tempdir().unwrap();
    let other = format!(
        "{} -s {} set {r}/a theirs",
        env!("CARGO_BIN_EXE_zksh"),
        server()
    );
    let ed = editor(dir.path(), &other, "mine");
    let mut ui = Ui::open(&r, &[], &[("EDITOR", &ed)]);
    ui.send("j");
    ui.wait_selected(&format!("{r}/a"));
    ui.send("e");
    ui.wait_for("changed while you edited it (version 0 → 1)");
    ui.wait_for("theirs (version 1)");
    ui.wait_for("│mine");
    ui.wait_for("│theirs");
    ui.send("o");
    ui.wait_for("written (version 2)");
    assert_eq!(ok(&["get", &format!("{r}/a")]), "mine");
    ui.send("q");
    assert_eq!(ui.exit_code(), 0);
}

#[test]
fn delete_asks_and_a_tree_delete_wants_the_name() {
    let r = tree("ui-delete");
    let mut ui = Ui::open(&r, &[], &[]);
    ui.send("j");
    ui.wait_selected(&format!("{r}/a"));
    // `d` deletes at the version read: wait until the node's stat is shown (a loaded machine
    // may show the row before it).
    ui.wait_for("version  0 · 1 B · 0 children");
    ui.send("d");
    ui.wait_for("(version 0)? [y/N]");
    ui.send("n");
    ui.wait_for("not deleted");
    assert_eq!(run(&["exists", &format!("{r}/a")]).0, 0);
    ui.send("d");
    ui.wait_for("[y/N]");
    ui.send("y");
    ui.wait_names(&[&r, "b", "c"]);
    assert_eq!(run(&["exists", &format!("{r}/a")]).0, 3);
    ui.wait_selected(&format!("{r}/b"));
    ui.send("D");
    ui.wait_for("the 2 nodes below it? type its name");
    ui.send("x\r");
    ui.wait_for("the name typed did not match");
    assert_eq!(run(&["exists", &format!("{r}/b/x")]).0, 0);
    ui.send("D");
    ui.wait_for("type its name");
    ui.send("b\r");
    ui.wait_names(&[&r, "c"]);
    assert_eq!(run(&["exists", &format!("{r}/b")]).0, 3);
    ui.send("q");
    assert_eq!(ui.exit_code(), 0);
}

#[test]
fn read_only_refuses_every_write_key() {
    let r = tree("ui-ro");
    let dir = tempfile::tempdir().unwrap();
    let ed = editor(dir.path(), "", "changed");
    let mut ui = Ui::open(&r, &["--no-write"], &[("EDITOR", &ed)]);
    ui.wait_for("READ-ONLY");
    ui.send("j");
    ui.wait_selected(&format!("{r}/a"));
    for (key, what) in [
        ("e", "edit the value"),
        ("n", "create a node"),
        ("d", "delete the node (asks"),
        ("D", "delete the node and all"),
    ] {
        ui.send(key);
        ui.wait_for(&format!("read-only (--no-write): {what}"));
    }
    // A typed command that writes meets the same rail.
    ui.send(":create fresh\r");
    ui.wait_for("refused, --no-write is on; nothing was sent");
    assert_eq!(run(&["exists", &format!("{r}/a/fresh")]).0, 3);
    ui.send("?");
    ui.wait_for("(off: read-only)");
    ui.send(" ");
    ui.wait_gone("(off: read-only)");
    assert_eq!(ok(&["get", &format!("{r}/a")]), "v");
    assert_eq!(run(&["exists", &format!("{r}/b/x")]).0, 0);
    ui.send("q");
    assert_eq!(ui.exit_code(), 0);
}

#[test]
fn resize_redraws_and_the_command_pane_runs_zksh_lines() {
    let r = tree("ui-resize");
    let mut ui = Ui::open(&r, &[], &[]);
    ui.wait("the key line on row 24", |u| u.row(23).contains("q quit"));
    ui.resize(100, 30);
    ui.wait("the key line on row 30", |u| u.row(29).contains("q quit"));
    ui.resize(80, 24);
    ui.wait("the key line back on row 24", |u| {
        u.row(23).contains("q quit")
    });
    // Paths are relative to the selected node (the root here).
    ui.send(":get a\r");
    ui.wait("get's value on the status line", |u| {
        u.row(22).trim() == "v"
    });
    ui.send(":ls -l\r");
    ui.wait_for(":ls -l");
    ui.wait_for("Esc closes");
    ui.send(":get missing\r");
    ui.wait_for("node does not exist");
    ui.send("\x1b");
    ui.wait_gone("Esc closes");
    ui.send("q");
    assert_eq!(ui.exit_code(), 0);
    ui.assert_restored();
}

#[test]
fn a_panic_gives_the_terminal_back_first() {
    let r = tree("ui-panic");
    let mut ui = Ui::spawn(&["ui", &r], &[("ZKSH_TEST_UI_PANIC", "1")]);
    assert_eq!(ui.exit_code(), 1);
    ui.assert_restored();
    assert!(
        ui.screen().contains("internal error: ZKSH_TEST_UI_PANIC"),
        "{}",
        ui.screen()
    );
}

#[test]
fn ui_in_the_repl_returns_to_the_prompt() {
    let r = tree("ui-repl");
    let mut ui = Ui::spawn(&[], &[]);
    ui.wait_for("/> ");
    ui.send(&format!("ui {r}\r"));
    ui.wait_names(&[&r, "a", "b", "c"]);
    ui.send("q");
    ui.wait("the prompt after ui", |u| {
        !u.vt.screen().alternate_screen() && u.screen().contains(&format!("ui {r}"))
    });
    ui.send("pwd\r");
    ui.wait_for("\n/\n");
    ui.send("quit\r");
    assert_eq!(ui.exit_code(), 0);
    ui.assert_restored();
}

#[test]
fn ui_needs_a_terminal() {
    let (code, out, err) = run(&["ui", "/"]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("needs a terminal"), "{err}");
}

#[test]
fn after_a_cut_the_view_is_read_again_and_says_so() {
    let r = tree("ui-cut");
    let proxy = Proxy::start(server());
    let mut ui = Ui::spawn_at(&proxy.addr(), &["ui", &r], &[]);
    ui.wait("the children", |u| u.names().len() > 1);
    proxy.cut();
    ui.wait_for("reconnected: read the 1 open nodes again");
    ui.wait("the state back on the key line", |u| {
        u.row(23).contains("SyncConnected")
    });
    ok(&["create", &format!("{r}/after"), ""]);
    ui.wait_marked("after");
    ui.send("q");
    assert_eq!(ui.exit_code(), 0);
}
