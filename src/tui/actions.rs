//! What keys do: moving, opening, filtering and sorting act on the model; the write keys
//! (`n`, `d`, `D`) become zksh command lines run through the command pane, so they obey the
//! same rules as typed commands (`--no-write`, the protection of `/` and `/zookeeper`); `e`
//! edits with compare-and-set and resolves a conflict with the operator.

use base64::Engine;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::app::{App, Conflict, Input, Level, Mode, Pane};
use super::edit::{self, Edited};
use super::keys::{self, Action, is_ctrl_c};
use super::terminal::Guard;
use super::tree::SORT_BY_STAT_MAX;
use super::{Ui, fetch, pane, reroot};
use crate::context::Ctx;
use crate::error::Result;
use crate::line::quote;
use crate::path;

pub async fn key(ctx: &mut Ctx, guard: &mut Guard, ui: &mut Ui, k: KeyEvent) -> Result<()> {
    if k.kind == KeyEventKind::Release {
        return Ok(());
    }
    match std::mem::replace(&mut ui.app.mode, Mode::Browse) {
        Mode::Browse => browse(ctx, guard, ui, k).await,
        Mode::Help => Ok(()),
        Mode::Typing { input, text } => typing(ctx, guard, ui, k, input, text).await,
        Mode::ConfirmDelete { path, version } => {
            if matches!(k.code, KeyCode::Char('y' | 'Y')) {
                let v = version.map(|v| format!("-v {v} ")).unwrap_or_default();
                answered(ui);
                run(ctx, guard, ui, &format!("delete {v}{}", quote(&path))).await
            } else {
                ui.app.say(Level::Info, format!("{path}: not deleted"));
                Ok(())
            }
        }
        Mode::Conflict(c) => conflict(ctx, guard, ui, k, c).await,
    }
}

pub fn paste(app: &mut App, s: &str) {
    if let Mode::Typing { text, .. } = &mut app.mode {
        text.push_str(&s.replace(['\n', '\r'], " "));
    }
}

async fn browse(ctx: &mut Ctx, guard: &mut Guard, ui: &mut Ui, k: KeyEvent) -> Result<()> {
    let Some(a) = keys::action(&k) else {
        return Ok(());
    };
    if a.writes() && ui.app.read_only {
        let what = keys::KEYS
            .iter()
            .find(|h| h.action == a)
            .map_or("", |h| h.what);
        ui.app.say(
            Level::Warn,
            format!("read-only (--no-write): {what} is off"),
        );
        return Ok(());
    }
    let app = &mut ui.app;
    let (sel, page) = (app.sel(), app.height.max(1));
    match a {
        Action::Quit if app.pane.is_some() => app.pane = None,
        Action::Quit => ui.quit = true,
        Action::Up => app.select(sel.saturating_sub(1)),
        Action::Down => app.select(sel + 1),
        Action::PageUp => app.select(sel.saturating_sub(page)),
        Action::PageDown => app.select(sel + page),
        Action::Home => app.select(0),
        Action::End => app.select(usize::MAX),
        Action::Open => open(ui),
        Action::Close => close(ui).await?,
        Action::Filter => {
            let level = filter_level(app);
            let text = app
                .tree
                .level(&level)
                .and_then(|l| l.filter.as_ref().map(|(g, _)| g.clone()))
                .unwrap_or_default();
            app.mode = Mode::Typing {
                input: Input::Filter(level),
                text,
            };
        }
        Action::Command => app.mode = typing_mode(Input::Command, String::new()),
        Action::Create => {
            let text = format!("{} ", quote(&path::join(&app.selected, "")));
            app.mode = typing_mode(Input::Create, text.trim_end().to_string());
        }
        Action::Delete => {
            let version = app.tree.stat(&app.selected).map(|s| s.version);
            app.mode = Mode::ConfirmDelete {
                path: app.selected.clone(),
                version,
            };
        }
        Action::DeleteTree => delete_tree(ctx, ui).await,
        Action::Edit => {
            let p = app.selected.clone();
            edit_node(ctx, guard, ui, &p).await;
        }
        Action::Copy => copy(app),
        Action::Reread => {
            let n = super::reread(ui);
            ui.app
                .say(Level::Info, format!("read the {n} open nodes again"));
        }
        Action::Sort => sort(ui),
        Action::Help => app.mode = Mode::Help,
        Action::PreviewDown | Action::PreviewUp => scroll(app, a == Action::PreviewDown),
    }
    Ok(())
}

fn typing_mode(input: Input, text: String) -> Mode {
    Mode::Typing { input, text }
}

/// The level `/` filters: the selected node's siblings (the root's children at the root).
fn filter_level(app: &App) -> String {
    if app.selected == app.tree.root {
        return app.selected.clone();
    }
    path::parent(&app.selected).unwrap_or("/").to_string()
}

fn open(ui: &mut Ui) {
    let app = &mut ui.app;
    let p = app.selected.clone();
    if app.tree.open(&p) {
        fetch::children(&ui.session, &ui.tx, p);
    } else {
        // Already open: step into it.
        let sel = app.sel();
        app.select(sel + 1);
    }
}

async fn close(ui: &mut Ui) -> Result<()> {
    let app = &mut ui.app;
    let p = app.selected.clone();
    if p != app.tree.root && app.tree.is_open(&p) {
        app.tree.close(&p);
        app.reselect();
    } else if p != app.tree.root {
        let parent = path::parent(&p).unwrap_or("/").to_string();
        app.select_path(&parent);
    } else if let Some(parent) = path::parent(&p).map(str::to_string) {
        // Above the subtree: show the parent's, with its own watch.
        reroot(ui, &parent, Some(p)).await?;
    }
    Ok(())
}

fn copy(app: &mut App) {
    use std::io::Write;
    // OSC 52: the terminal (or tmux with set-clipboard) puts it on the clipboard; the path
    // travels base64-encoded, so it cannot drive the terminal.
    let b64 = base64::engine::general_purpose::STANDARD.encode(&app.selected);
    let mut out = std::io::stdout();
    let _ = write!(out, "\x1b]52;c;{b64}\x07");
    let _ = out.flush();
    let p = app.selected.clone();
    app.say(Level::Info, format!("copied {p}"));
}

fn scroll(app: &mut App, down: bool) {
    let step = |v: usize| if down { v + 5 } else { v.saturating_sub(5) };
    match &mut app.pane {
        Some(p) => p.scroll = step(p.scroll).min(p.lines.len().saturating_sub(1)),
        None => {
            app.preview_scroll = step(app.preview_scroll as usize).min(u16::MAX as usize) as u16
        }
    }
}

fn sort(ui: &mut Ui) {
    let key = ui.app.tree.sort.next();
    let need = ui.app.tree.set_sort(key);
    let mut refused = Vec::new();
    for p in need {
        let Some(l) = ui.app.tree.level(&p) else {
            continue;
        };
        if l.len() > SORT_BY_STAT_MAX {
            refused.push(format!("{p} ({} children)", l.len()));
            continue;
        }
        let names = l.child_names().map(str::to_string).collect();
        ui.app.sorting.insert(p.clone());
        fetch::all_stats(&ui.session, &ui.tx, p, names);
    }
    if refused.is_empty() {
        ui.app
            .say(Level::Info, format!("sorted by {}", key.label()));
    } else {
        ui.app.say(
            Level::Warn,
            format!(
                "sorted by {}; kept by name: {} (over {SORT_BY_STAT_MAX}: sorting needs every child's stat)",
                key.label(),
                refused.join(", ")
            ),
        );
    }
}

async fn delete_tree(ctx: &mut Ctx, ui: &mut Ui) {
    let p = ui.app.selected.clone();
    let counted = match ctx.zk().await {
        Ok(zk) => zk.count_descendants(&p).await,
        Err(e) => Err(e),
    };
    match counted {
        Ok(n) => {
            ui.app.mode = typing_mode(
                Input::TypeName {
                    path: p,
                    count: n + 1,
                },
                String::new(),
            )
        }
        Err(e) => ui.app.say(Level::Error, e.to_string()),
    }
}

async fn typing(
    ctx: &mut Ctx,
    guard: &mut Guard,
    ui: &mut Ui,
    k: KeyEvent,
    input: Input,
    mut text: String,
) -> Result<()> {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    match k.code {
        KeyCode::Esc => return Ok(()),
        _ if is_ctrl_c(&k) => return Ok(()),
        KeyCode::Char('u') if ctrl => text.clear(),
        KeyCode::Char(c) => text.push(c),
        KeyCode::Backspace => {
            text.pop();
        }
        KeyCode::Enter => return submit(ctx, guard, ui, input, text).await,
        _ => {}
    }
    ui.app.mode = Mode::Typing { input, text };
    Ok(())
}

async fn submit(
    ctx: &mut Ctx,
    guard: &mut Guard,
    ui: &mut Ui,
    input: Input,
    text: String,
) -> Result<()> {
    match input {
        Input::Filter(level) => {
            let glob = Some(text.trim().to_string()).filter(|g| !g.is_empty());
            match ui.app.tree.set_filter(&level, glob) {
                Ok(()) => ui.app.reselect(),
                Err(e) => ui.app.say(Level::Error, format!("filter: {e}")),
            }
        }
        Input::Command if text.trim().is_empty() => {}
        Input::Command => run(ctx, guard, ui, &text).await?,
        Input::Create => {
            answered(ui);
            run(ctx, guard, ui, &format!("create {text}")).await?
        }
        Input::TypeName { path, .. } if text == path::name(&path) => {
            answered(ui);
            run(
                ctx,
                guard,
                ui,
                &format!("deleteall --force {}", quote(&path)),
            )
            .await?
        }
        Input::TypeName { path, .. } => ui.app.say(
            Level::Warn,
            format!("{path}: not deleted (the name typed did not match)"),
        ),
    }
    Ok(())
}

/// The operator confirmed the write a key is about to run: a `confirm = true` context's
/// question gets yes.
fn answered(ui: &Ui) {
    if let Ok(mut a) = ui.answer.lock() {
        *a = Some("y".into());
    }
}

/// Runs a command line at the selected node, its output in the pane (or, one line of it, on
/// the status line).
async fn run(ctx: &mut Ctx, guard: &mut Guard, ui: &mut Ui, line: &str) -> Result<()> {
    ui.app
        .say(Level::Info, format!("running {line} (Ctrl-C stops it)"));
    super::draw(ctx, guard, &mut ui.app)?;
    let at = ui.app.selected.clone();
    let ran = pane::run(ctx, line, &at, &mut ui.keys).await;
    if let Ok(mut a) = ui.answer.lock() {
        *a = None;
    }
    let level = if ran.ok { Level::Info } else { Level::Error };
    match ran.lines.len() {
        0 => ui.app.say(level, format!("done: {line}")),
        1 => ui.app.say(level, ran.lines[0].clone()),
        _ => {
            ui.app.pane = Some(Pane {
                title: format!(":{line}"),
                lines: ran.lines,
                scroll: 0,
            });
            ui.app
                .say(level, if ran.ok { "done" } else { "failed" }.to_string());
        }
    }
    follow_session(ctx, ui).await?;
    if let Some(cd) = ran.cd {
        goto(ui, &cd).await?;
    }
    Ok(())
}

/// After `connect` or `reconnect` from the pane: the view moves to the new session.
async fn follow_session(ctx: &mut Ctx, ui: &mut Ui) -> Result<()> {
    let Some(now) = ctx.session_now() else {
        return Ok(());
    };
    if now.same(&ui.session) {
        return Ok(());
    }
    ui.session = now;
    ui.app.servers = ctx.servers.clone();
    let (root, selected) = (ui.app.tree.root.clone(), ui.app.selected.clone());
    reroot(ui, &root, Some(selected)).await
}

/// Selects `p`: inside the subtree by opening its parents, else by showing its subtree.
async fn goto(ui: &mut Ui, p: &str) -> Result<()> {
    let root = ui.app.tree.root.clone();
    let inside = p == root || root == "/" || p.starts_with(&format!("{root}/"));
    if !inside {
        return reroot(ui, p, None).await;
    }
    let mut at = path::parent(p);
    let mut chain = Vec::new();
    while let Some(a) = at.filter(|a| a.len() >= root.len()) {
        chain.push(a.to_string());
        at = path::parent(a);
    }
    for a in chain.into_iter().rev() {
        if ui.app.tree.open(&a) {
            fetch::children(&ui.session, &ui.tx, a);
        }
    }
    if !ui.app.select_path(p) {
        ui.app.want = Some(p.to_string());
    }
    Ok(())
}

async fn edit_node(ctx: &mut Ctx, guard: &mut Guard, ui: &mut Ui, p: &str) {
    let zk = match ctx.zk().await {
        Ok(zk) => zk,
        Err(e) => return ui.app.say(Level::Error, e.to_string()),
    };
    let (data, stat) = match zk.get(p).await {
        Ok(got) => got,
        Err(e) => return ui.app.say(Level::Error, e.to_string()),
    };
    let mine = match in_editor(guard, ui, &data).await {
        Ok(m) => m,
        Err(e) => return ui.app.say(Level::Error, e.to_string()),
    };
    if mine == data {
        return ui.app.say(Level::Info, format!("{p}: no change"));
    }
    write_back(ctx, ui, p, mine, stat.version).await;
}

/// The editor on `text`, with the key reader paused so the editor gets every key.
async fn in_editor(guard: &mut Guard, ui: &mut Ui, text: &[u8]) -> Result<Vec<u8>> {
    ui.keys.pause();
    let edited = edit::in_editor(guard, text).await;
    ui.keys.resume();
    edited
}

async fn write_back(ctx: &mut Ctx, ui: &mut Ui, p: &str, mine: Vec<u8>, version: i32) {
    // The same rails as `edit` typed at the prompt (protected paths, `confirm = true`).
    answered(ui);
    let rails = ctx.cfg.clone();
    let checked = crate::command::rails::check_in(ctx, &rails, "edit", &[p.to_string()], false);
    if let Ok(mut a) = ui.answer.lock() {
        *a = None;
    }
    if let Err(e) = checked {
        return ui.app.say(Level::Error, e.to_string());
    }
    let zk = match ctx.zk().await {
        Ok(zk) => zk,
        Err(e) => return ui.app.say(Level::Error, e.to_string()),
    };
    match edit::write(&zk, p, &mine, version).await {
        Ok(Edited::Written(s)) => ui
            .app
            .say(Level::Info, format!("{p}: written (version {})", s.version)),
        Ok(Edited::Conflict { theirs, version: v }) => {
            ui.app.mode = Mode::Conflict(Conflict {
                path: p.to_string(),
                mine,
                theirs,
                base_version: version,
                their_version: v,
            })
        }
        Err(e) => ui.app.say(Level::Error, e.to_string()),
    }
}

async fn conflict(
    ctx: &mut Ctx,
    guard: &mut Guard,
    ui: &mut Ui,
    k: KeyEvent,
    c: Conflict,
) -> Result<()> {
    match k.code {
        KeyCode::Char('o') => write_back(ctx, ui, &c.path, c.mine, c.their_version).await,
        KeyCode::Char('e') => match in_editor(guard, ui, &c.mine).await {
            Ok(mine) => write_back(ctx, ui, &c.path, mine, c.their_version).await,
            Err(e) => ui.app.say(Level::Error, e.to_string()),
        },
        KeyCode::Esc | KeyCode::Char('n' | 'q') => {
            let kept = edit::keep(&c.mine);
            ui.app.say(
                Level::Warn,
                format!("{}: kept theirs; your text is in {kept}", c.path),
            );
        }
        _ if is_ctrl_c(&k) => {
            let kept = edit::keep(&c.mine);
            ui.app.say(
                Level::Warn,
                format!("{}: kept theirs; your text is in {kept}", c.path),
            );
        }
        _ => ui.app.mode = Mode::Conflict(c),
    }
    Ok(())
}
