//! The ui's measures (issue 13), on trees `bench/ui` builds: the first frame and the first page
//! of rows with their stats, peak memory, how soon another client's change shows, and idle CPU.
//! Ignored in the suite: `bench/ui` runs it (release build) against its own server.

mod common;
use common::screen::Ui;
use common::*;

use std::time::{Duration, Instant};

fn status_field(pid: i32, field: &str) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    s.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap()
}

/// CPU ticks (utime + stime) the process used so far.
fn cpu_ticks(pid: i32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &s[s.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = after.split_whitespace().collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

fn measure(root: &str, last: &str) {
    let started = Instant::now();
    let mut ui = Ui::spawn(&["ui", root], &[]);
    let pid = ui.session.get_process().pid().as_raw();
    ui.wait("the first frame", |u| u.screen().contains("zksh ui"));
    let frame = started.elapsed();
    ui.wait("the first page with stats", |u| {
        u.rows().len() >= 15 && u.row(3).contains(" B") && u.row(17).contains(" B")
    });
    let page = started.elapsed();
    let rss_first = status_field(pid, "VmHWM:");
    // Page through, to the end and back.
    ui.send(&"\x1b[6~".repeat(20));
    ui.send("G");
    ui.wait(&format!("the last row {last}"), |u| {
        u.names().last().is_some_and(|n| n == last)
            && u.screen().contains(&format!("{root}/{last}"))
    });
    ui.send("g");
    ui.wait_selected(root);
    let rss_paged = status_field(pid, "VmHWM:");
    let made = Instant::now();
    ok(&["create", &format!("{root}/0live"), "x"]);
    ui.wait_marked("0live");
    let live = made.elapsed();
    ok(&["delete", &format!("{root}/0live")]);
    ui.wait("the deleted node gone", |u| {
        !u.names().iter().any(|n| n == "0live")
    });
    // Marks fade after 3 s (a timer runs meanwhile); then the ui should sleep.
    std::thread::sleep(Duration::from_secs(4));
    let (t0, c0) = (Instant::now(), cpu_ticks(pid));
    std::thread::sleep(Duration::from_secs(10));
    let ticks = cpu_ticks(pid) - c0;
    let idle = ticks as f64 / 100.0 / t0.elapsed().as_secs_f64() * 100.0;
    println!(
        "ui {root}: first frame {:.0} ms, first page with stats {:.0} ms, peak RSS {:.1} MiB \
         ({:.1} MiB after paging to the end), a change by another client shown after {:.0} ms, \
         idle CPU {idle:.2} % ({ticks} ticks in 10 s)",
        frame.as_secs_f64() * 1000.0,
        page.as_secs_f64() * 1000.0,
        rss_first as f64 / 1024.0,
        rss_paged as f64 / 1024.0,
        live.as_secs_f64() * 1000.0,
    );
    ui.send("q");
    assert_eq!(ui.exit_code(), 0);
}

#[test]
#[ignore = "a measurement on big trees: bench/ui runs it"]
fn ui_on_big_trees() {
    let roots = std::env::var("ZKSH_UI_ROOTS").expect("ZKSH_UI_ROOTS: root=last,... (bench/ui)");
    for spec in roots.split(',') {
        let (root, last) = spec.split_once('=').unwrap();
        measure(root, last);
    }
}
