//! `zksh ui`: a full-screen, live tree browser on ratatui + crossterm, one more renderer of the
//! shell. Modules, one concern each: `app` (state), `tree` (the tree model with paging, on the
//! bulk engine's packed `Names`), `fetch` (background reads through the client and the bulk engine), `live` (the one
//! recursive watch), `preview` (decoding values), `keys` (the key map and its help), `view`
//! (drawing), `pane` (command lines through the shell's grammar, output captured), `edit`
//! (`$EDITOR` with compare-and-set), `terminal` (raw mode and the alternate screen, given back
//! on every way out).

mod actions;
mod app;
mod edit;
mod fetch;
mod input;
mod keys;
mod live;
mod pane;
mod preview;
mod terminal;
mod tree;
mod view;

pub use terminal::{is_open, restore_after_panic};

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::Event;
use tokio::sync::mpsc;

use app::{App, Level};
use fetch::{Msg, Tx};
use live::Live;
use terminal::Guard;

use crate::context::{Confirm, Ctx, EventSink};
use crate::error::{Error, Result};
use crate::session::Session;

/// Everything the loop owns besides the shell's context and the terminal.
struct Ui {
    app: App,
    session: Session,
    tx: Tx,
    live: Live,
    keys: input::Input,
    quit: bool,
    /// The operator's answer, given with a write key (`d` then `y`, `D` and the name), to the
    /// one question the command it runs may ask (a context with `confirm = true`).
    answer: Answer,
}

type Answer = Arc<std::sync::Mutex<Option<String>>>;

/// Runs the browser on `root` until the operator leaves.
pub async fn run(ctx: &mut Ctx, root: String) -> Result<()> {
    let session = ctx.session().await?;
    if ctx.zk().await?.stat(&root).await?.is_none() {
        return Err(Error::NoNode { path: root });
    }
    let (tx, mut rx) = mpsc::unbounded_channel();
    let live = Live::start(&session, &root, &tx).await?;
    let answer: Answer = Arc::default();
    let saved = borrow_shell(ctx, &session, &tx, answer.clone());
    // Anything printed on this thread while the ui runs is kept off the screen.
    let stray = crate::output::Capture::start();
    let r = match Guard::start() {
        Ok(mut guard) => {
            let app = App::new(&root, ctx.cfg.no_write, ctx.servers.clone());
            let mut ui = Ui {
                app,
                session,
                tx,
                live,
                keys: input::Input::start(),
                quit: false,
                answer,
            };
            fetch::children(&ui.session, &ui.tx, root);
            event_loop(ctx, &mut guard, &mut ui, &mut rx).await
        }
        Err(e) => Err(e),
    };
    drop(stray);
    give_back(ctx, saved);
    r
}

/// What the ui changes in the shell's context while it runs, to put back after.
struct Saved {
    events: EventSink,
    notices: EventSink,
    interactive: bool,
    _diverted: crate::session::Diverted,
    _stdin: StdinHeld,
}

/// Marks stdin as the ui's while it lives (see `command::STDIN_IS_UI`).
struct StdinHeld;

impl Drop for StdinHeld {
    fn drop(&mut self) {
        crate::command::STDIN_IS_UI.store(false, std::sync::atomic::Ordering::Relaxed);
    }
}

/// While the ui runs, watch events and session notices come to it (not printed over it),
/// background watches set with `:watch` print into it, and a command that asks a question gets
/// the answer the operator gave with the ui's write key, or none (typed commands: add
/// `--force` where it applies). Each sink falls back to the shell's once the ui is gone, so a
/// watch set from the ui keeps printing in the REPL afterwards.
fn borrow_shell(ctx: &mut Ctx, session: &Session, tx: &Tx, answer: Answer) -> Saved {
    crate::command::STDIN_IS_UI.store(true, std::sync::atomic::Ordering::Relaxed);
    let to_ui = |orig: EventSink, tx: Tx| -> EventSink {
        Arc::new(move |line: String| {
            if let Err(mpsc::error::SendError(Msg::Notice(line))) = tx.send(Msg::Notice(line)) {
                orig(line);
            }
        })
    };
    let events = ctx.events.clone();
    ctx.events = to_ui(events.clone(), tx.clone());
    let notices = ctx.notices.clone();
    ctx.notices = to_ui(notices.clone(), tx.clone());
    let diverted = session.divert_notices(ctx.notices.clone());
    let mut orig: Option<Confirm> = ctx.confirm.take();
    let out = ctx.out;
    ctx.confirm = Some(Box::new(move |q: &str| {
        if !is_open() {
            return orig.as_mut().map(|ask| ask(q)).unwrap_or_default();
        }
        let given = answer.lock().ok().and_then(|mut a| a.take());
        given.unwrap_or_else(|| {
            out.note(&format!(
                "{q} (not asked in the ui: add --force where it applies)"
            ));
            String::new()
        })
    }));
    Saved {
        events,
        notices,
        interactive: std::mem::replace(&mut ctx.interactive, true),
        _diverted: diverted,
        _stdin: StdinHeld,
    }
}

fn give_back(ctx: &mut Ctx, saved: Saved) {
    ctx.events = saved.events;
    ctx.notices = saved.notices;
    ctx.interactive = saved.interactive;
}

async fn event_loop(
    ctx: &mut Ctx,
    guard: &mut Guard,
    ui: &mut Ui,
    rx: &mut mpsc::UnboundedReceiver<Msg>,
) -> Result<()> {
    loop {
        draw(ctx, guard, &mut ui.app)?;
        // Test-only (tests run the debug binary): a panic with the screen taken.
        #[cfg(debug_assertions)]
        if std::env::var_os("ZKSH_TEST_UI_PANIC").is_some()
            && ui
                .app
                .tree
                .level(&ui.app.tree.root)
                .is_some_and(|l| !l.loading)
        {
            panic!("ZKSH_TEST_UI_PANIC is set");
        }
        request(ui);
        let ticking = ui.app.expire_marks();
        tokio::select! {
            ev = ui.keys.next() => match ev {
                Some(Ok(Event::Key(k))) => actions::key(ctx, guard, ui, k).await?,
                Some(Ok(Event::Paste(s))) => actions::paste(&mut ui.app, &s),
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(Error::other(format!("terminal: {e}"))),
                None => return Ok(()),
            },
            msg = rx.recv() => {
                let Some(msg) = msg else { return Ok(()) };
                message(ui, msg);
                while let Ok(msg) = rx.try_recv() {
                    message(ui, msg);
                }
            },
            _ = tokio::time::sleep(Duration::from_millis(250)), if ticking => {}
        }
        if ui.quit {
            return Ok(());
        }
    }
}

/// Lays out for the screen as it is now (a resize included) and draws a frame.
fn draw(ctx: &Ctx, guard: &mut Guard, app: &mut App) -> Result<()> {
    app.state = ctx.state();
    let size = guard
        .term
        .size()
        .map_err(|e| Error::other(format!("terminal: {e}")))?;
    let areas = view::areas(
        ratatui::layout::Rect::new(0, 0, size.width, size.height),
        app.pane.is_some(),
    );
    app.height = view::tree_rows(&areas).max(1);
    app.reselect();
    guard
        .term
        .draw(|f| view::draw(f, app))
        .map_err(|e| Error::other(format!("terminal: {e}")))?;
    Ok(())
}

/// Asks for what the frame just drawn lacks: the stats of its rows, the selected preview.
fn request(ui: &mut Ui) {
    let app = &mut ui.app;
    let rows = app.visible();
    let root = app.tree.root.clone();
    let need: Vec<String> = app
        .tree
        .missing_stats(&rows)
        .into_iter()
        .filter(|p| !(app.stats_asked.contains(p) || (*p == root && app.root_gone)))
        .collect();
    if !need.is_empty() {
        app.stats_asked.extend(need.iter().cloned());
        fetch::stats(&ui.session, &ui.tx, need);
    }
    let shown = app.preview.as_ref().map(|p| p.path.as_str());
    if shown != Some(app.selected.as_str()) && app.preview_asked.is_none() {
        app.preview_asked = Some(app.selected.clone());
        fetch::preview(&ui.session, &ui.tx, app.selected.clone());
    }
}

fn message(ui: &mut Ui, msg: Msg) {
    match msg {
        Msg::Rearmed => {
            let n = reread(ui);
            ui.app.say(
                Level::Warn,
                format!("reconnected: read the {n} open nodes again (changes while disconnected may have been missed)"),
            );
        }
        Msg::Notice(n) => {
            let n = n.strip_prefix("zksh: ").unwrap_or(&n).to_string();
            ui.app.say(Level::Info, n);
        }
        Msg::Children { ref path, .. } => {
            let want = ui.app.want.clone();
            let path = path.clone();
            ui.app.apply(msg);
            if let Some(w) = want.filter(|w| crate::path::parent(w) == Some(path.as_str())) {
                ui.app.want = None;
                ui.app.select_path(&w);
            }
        }
        other => ui.app.apply(other),
    }
}

/// Reads again everything shown; gives the number of open nodes.
fn reread(ui: &mut Ui) -> usize {
    let open = ui.app.forget_all();
    for p in &open {
        fetch::children(&ui.session, &ui.tx, p.clone());
    }
    open.len()
}

/// Shows the subtree at `root` instead (a new watch replaces the old one).
async fn reroot(ui: &mut Ui, root: &str, select: Option<String>) -> Result<()> {
    let live = Live::start(&ui.session, root, &ui.tx).await?;
    ui.live = live;
    let sort = ui.app.tree.sort;
    let mut app = App::new(root, ui.app.read_only, ui.app.servers.clone());
    app.tree.sort = sort;
    app.want = select;
    ui.app = app;
    fetch::children(&ui.session, &ui.tx, root.to_string());
    Ok(())
}
