//! Drawing one frame: breadcrumb, tree pane, preview pane, the command pane when open, the
//! status or input line, the key line with the connection state; help and conflict on top.
//! Every name and value drawn has been through `output::sanitize`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::app::{App, Conflict, Input, Level, Mode};
use super::keys::KEYS;
use super::preview::size;
use crate::output::sanitize;
use crate::path;

/// Where each part goes on a screen of this size.
pub struct Areas {
    pub crumb: Rect,
    pub tree: Rect,
    pub preview: Option<Rect>,
    pub pane: Option<Rect>,
    pub status: Rect,
    pub keys: Rect,
}

pub fn areas(area: Rect, pane_open: bool) -> Areas {
    let [crumb, main, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let (body, pane) = if pane_open && main.height >= 10 {
        let [b, p] = Layout::vertical([Constraint::Min(5), Constraint::Percentage(40)]).areas(main);
        (b, Some(p))
    } else {
        (main, None)
    };
    let (tree, preview) = if body.width >= 50 {
        let [t, p] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
            .areas(body);
        (t, Some(p))
    } else {
        (body, None)
    };
    Areas {
        crumb,
        tree,
        preview,
        pane,
        status,
        keys,
    }
}

/// Rows the tree pane holds (inside its border).
pub fn tree_rows(a: &Areas) -> usize {
    a.tree.height.saturating_sub(2) as usize
}

pub fn draw(f: &mut Frame, app: &App) {
    let a = areas(f.area(), app.pane.is_some());
    crumb(f, app, a.crumb);
    tree(f, app, a.tree);
    if let Some(r) = a.preview {
        preview(f, app, r);
    }
    if let Some(r) = a.pane {
        pane(f, app, r);
    }
    status(f, app, a.status);
    keys(f, app, a.keys);
    match &app.mode {
        Mode::Help => help(f, app),
        Mode::Conflict(c) => conflict(f, c),
        _ => {}
    }
}

fn bold() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

fn dim() -> Style {
    Style::default().fg(Color::DarkGray)
}

fn crumb(f: &mut Frame, app: &App, r: Rect) {
    let mut spans = vec![
        Span::styled(" zksh ui ", bold().bg(Color::Blue).fg(Color::White)),
        Span::raw(" "),
        Span::styled(sanitize::escape(&app.selected, false), bold()),
    ];
    spans.push(Span::styled(
        format!("   sort: {}", app.tree.sort.label()),
        dim(),
    ));
    let server = format!(
        " {} ",
        sanitize::escape(app.servers.split(['/', ',']).next().unwrap_or(""), false)
    );
    let [left, right] = Layout::horizontal([
        Constraint::Min(10),
        Constraint::Length(Span::raw(&server).width() as u16),
    ])
    .areas(r);
    f.render_widget(Paragraph::new(Line::from(spans)), left);
    f.render_widget(Paragraph::new(Line::styled(server, dim())), right);
}

/// Fits `s` into `w` columns, ending with `…` when cut.
fn fit(s: &str, w: usize) -> String {
    if Span::raw(s).width() <= w {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if Span::raw(format!("{out}{c}…")).width() > w {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Sequential nodes end in the ten-digit counter the server appends.
fn sequential(name: &str) -> bool {
    name.len() > 10 && name[name.len() - 10..].bytes().all(|b| b.is_ascii_digit())
}

fn tree(f: &mut Frame, app: &App, r: Rect) {
    let width = r.width.saturating_sub(2) as usize;
    let lines: Vec<Line> = app
        .visible()
        .iter()
        .enumerate()
        .map(|(i, row)| tree_line(app, row, app.top + i == app.sel(), width))
        .collect();
    let mut title = format!(" {} rows ", app.tree.len());
    let level = if app.selected == app.tree.root {
        app.selected.as_str()
    } else {
        path::parent(&app.selected).unwrap_or("/")
    };
    if let Some(l) = app.tree.level(level)
        && let Some((g, _)) = &l.filter
    {
        title.push_str(&format!(
            "· filter {}: {} of {} ",
            sanitize::escape(g, false),
            l.shown_len(),
            l.len()
        ));
    }
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        r,
    );
}

fn tree_line(app: &App, row: &super::tree::Row, selected: bool, width: usize) -> Line<'static> {
    let t = &app.tree;
    let stat = t.stat(&row.path);
    let open = t.level(&row.path);
    let arrow = match (open, stat) {
        (Some(_), _) => "▾ ",
        (None, Some(s)) if s.num_children > 0 => "▸ ",
        _ => "  ",
    };
    let name = if row.depth == 0 {
        row.path.clone()
    } else {
        path::name(&row.path).to_string()
    };
    let mut label = sanitize::escape(&name, false);
    if stat.is_some_and(|s| s.ephemeral_owner != 0) {
        label.push_str(" [e]");
    }
    if sequential(&name) {
        label.push_str(" [s]");
    }
    if let Some(l) = open {
        if l.loading {
            label.push_str(" (loading…)");
        } else if l.error.is_some() {
            label.push_str(" (unreadable)");
        }
        if l.filter.is_some() {
            label.push_str(" [filtered]");
        }
        if app.sorting.contains(&row.path) {
            label.push_str(" (sorting…)");
        }
    }
    if row.depth == 0 && app.root_gone {
        label.push_str(" (gone)");
    }
    let right = match stat {
        Some(s) if width >= 36 => {
            format!(" {:>7} {:>9}", s.num_children, size(s.data_length as i64))
        }
        _ => String::new(),
    };
    let marked = app.is_marked(&row.path);
    let indent = "  ".repeat(row.depth.min(width / 6));
    let lead = format!("{}{indent}{arrow}", if marked { "*" } else { " " });
    let room = width.saturating_sub(Span::raw(&lead).width() + right.len());
    let label = fit(&label, room);
    let pad = room.saturating_sub(Span::raw(&label).width());
    let mut style = Style::default();
    if marked {
        style = style.fg(Color::Yellow).add_modifier(Modifier::BOLD);
    }
    if selected {
        style = style.add_modifier(Modifier::REVERSED);
    }
    Line::from(vec![
        Span::styled(format!("{lead}{label}{}", " ".repeat(pad)), style),
        Span::styled(right, if selected { style } else { dim() }),
    ])
}

fn preview(f: &mut Frame, app: &App, r: Rect) {
    let title = format!(" {} ", sanitize::escape(path::name(&app.selected), false));
    let block = Block::default().borders(Borders::ALL).title(title);
    let lines = match &app.preview {
        Some(p) if p.path == app.selected => p.lines.clone(),
        _ => vec![Line::styled("reading…", dim())],
    };
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .scroll((app.preview_scroll, 0)),
        r,
    );
}

fn pane(f: &mut Frame, app: &App, r: Rect) {
    let Some(p) = &app.pane else { return };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", p.title))
        .title_bottom(Line::styled(" Esc closes · J/K scroll ", dim()));
    let lines: Vec<Line> = p
        .lines
        .iter()
        .skip(p.scroll)
        .map(|l| Line::raw(l.clone()))
        .collect();
    f.render_widget(Clear, r);
    f.render_widget(Paragraph::new(lines).block(block), r);
}

fn status(f: &mut Frame, app: &App, r: Rect) {
    let line = match &app.mode {
        Mode::Typing { input, text } => {
            let prompt = match input {
                Input::Filter(p) => format!("filter {} by glob: ", sanitize::escape(p, false)),
                Input::Command => format!("{} :", sanitize::escape(&app.selected, false)),
                Input::Create => "create ".to_string(),
                Input::TypeName { path, count } => format!(
                    "delete {} and the {} nodes below it? type its name to confirm: ",
                    sanitize::escape(path, false),
                    count.saturating_sub(1)
                ),
            };
            Line::from(vec![
                Span::styled(prompt, bold()),
                Span::raw(sanitize::escape(text, false)),
                Span::styled("█", Style::default()),
            ])
        }
        Mode::ConfirmDelete { path, version } => Line::styled(
            format!(
                "delete {}{}? [y/N]",
                sanitize::escape(path, false),
                version
                    .map(|v| format!(" (version {v})"))
                    .unwrap_or_default()
            ),
            bold().fg(Color::Red),
        ),
        _ => match &app.status {
            Some((level, msg)) => {
                let colour = match level {
                    Level::Info => Color::Reset,
                    Level::Warn => Color::Yellow,
                    Level::Error => Color::Red,
                };
                Line::styled(msg.clone(), Style::default().fg(colour))
            }
            None => Line::raw(""),
        },
    };
    f.render_widget(Paragraph::new(line), r);
}

fn keys(f: &mut Frame, app: &App, r: Rect) {
    let writes = Style::default().fg(if app.read_only {
        Color::DarkGray
    } else {
        Color::Reset
    });
    let mut spans = vec![Span::raw("?help /filter :cmd ")];
    if app.read_only {
        spans.push(Span::styled("READ-ONLY ", bold().fg(Color::Yellow)));
        spans.push(Span::styled(
            "e n d D off ",
            writes.add_modifier(Modifier::CROSSED_OUT),
        ));
    } else {
        spans.push(Span::styled("e edit n new d del D del-tree ", writes));
    }
    spans.push(Span::raw("q quit"));
    let state = format!(" {} ", app.state);
    let colour = match app.state.as_str() {
        "SyncConnected" | "ConnectedReadOnly" => Color::Green,
        _ => Color::Red,
    };
    let [left, right] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(state.len() as u16)]).areas(r);
    f.render_widget(Paragraph::new(Line::from(spans)), left);
    f.render_widget(
        Paragraph::new(Line::styled(state, Style::default().fg(colour))),
        right,
    );
}

/// A box of `w`×`h` in the middle of the screen (clipped to it).
fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let (w, h) = (w.min(area.width), h.min(area.height));
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

fn help(f: &mut Frame, app: &App) {
    let mut lines: Vec<Line> = KEYS
        .iter()
        .map(|k| {
            let off = app.read_only && k.action.writes();
            let style = if off { dim() } else { Style::default() };
            Line::from(vec![
                Span::styled(format!(" {:<15}", k.keys), bold()),
                Span::styled(k.what.to_string(), style),
                Span::styled(if off { " (off: read-only)" } else { "" }, dim()),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        " one watch on the subtree keeps it live; * marks a change",
        dim(),
    ));
    let r = centered(f.area(), 78, lines.len() as u16 + 2);
    f.render_widget(Clear, r);
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(" keys ")),
        r,
    );
}

/// The two versions of a conflicting edit, side by side.
fn conflict(f: &mut Frame, c: &Conflict) {
    let area = centered(
        f.area(),
        f.area().width.saturating_sub(4),
        f.area().height.saturating_sub(4),
    );
    f.render_widget(Clear, area);
    let [head, body, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(format!(
            "{} changed while you edited it (version {} → {}): nothing was written",
            sanitize::escape(&c.path, false),
            c.base_version,
            c.their_version
        ))
        .style(bold().fg(Color::Red)),
        head,
    );
    let [mine, theirs] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    for (r, title, data) in [
        (mine, " yours ".to_string(), &c.mine),
        (
            theirs,
            format!(" theirs (version {}) ", c.their_version),
            &c.theirs,
        ),
    ] {
        let text: Vec<Line> = String::from_utf8_lossy(data)
            .lines()
            .map(|l| Line::raw(sanitize::escape(l, true).replace('\t', "    ")))
            .collect();
        f.render_widget(
            Paragraph::new(text).block(Block::default().borders(Borders::ALL).title(title)),
            r,
        );
    }
    f.render_widget(
        Paragraph::new(Line::styled(
            "o overwrite theirs with yours · e edit yours again · Esc keep theirs",
            bold(),
        )),
        foot,
    );
}
