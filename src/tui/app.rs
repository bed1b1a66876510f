//! The ui's state: the tree, the selection and scroll position, the preview, the command pane,
//! the status line, what is being typed or asked, and the changes still marked. Messages from
//! the background reads and the watch are applied here; nothing here draws or sends.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use super::fetch::Msg;
use super::preview::Preview;
use super::tree::{Row, Tree};
use crate::output::sanitize;
use crate::path;

/// How long a changed node stays marked.
pub const MARK_FOR: Duration = Duration::from_secs(3);

/// What is being typed on the input line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A glob for the children of this node.
    Filter(String),
    /// A zksh command line.
    Command,
    /// `create` arguments (path first).
    Create,
    /// The name of this node, typed to confirm its recursive delete.
    TypeName { path: String, count: usize },
}

/// A conflict found by an edit: the node changed while it was edited.
pub struct Conflict {
    pub path: String,
    pub mine: Vec<u8>,
    pub theirs: Vec<u8>,
    pub base_version: i32,
    pub their_version: i32,
}

pub enum Mode {
    Browse,
    Typing {
        input: Input,
        text: String,
    },
    /// `d`: delete this node (at this version, when known)?
    ConfirmDelete {
        path: String,
        version: Option<i32>,
    },
    Conflict(Conflict),
    Help,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// The output of the last `:` command (or write key), scrollable.
pub struct Pane {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: usize,
}

pub struct App {
    pub tree: Tree,
    pub selected: String,
    sel: usize,
    pub top: usize,
    /// Rows the tree pane showed last time.
    pub height: usize,
    pub preview: Option<Preview>,
    pub preview_scroll: u16,
    /// A preview read in flight, for this path.
    pub preview_asked: Option<String>,
    pub pane: Option<Pane>,
    pub status: Option<(Level, String)>,
    pub marks: HashMap<String, Instant>,
    pub mode: Mode,
    pub read_only: bool,
    pub servers: String,
    pub state: String,
    /// Stats asked and not yet answered (a failed read stays here until a re-read).
    pub stats_asked: HashSet<String>,
    /// The root is gone: not asked again until it comes back or `r`.
    pub root_gone: bool,
    /// Levels whose every stat is being read (to sort).
    pub sorting: HashSet<String>,
    /// A node to select once its parent's children are listed.
    pub want: Option<String>,
}

impl App {
    pub fn new(root: &str, read_only: bool, servers: String) -> App {
        let mut tree = Tree::new(root);
        tree.open(root);
        App {
            tree,
            selected: root.to_string(),
            sel: 0,
            top: 0,
            height: 20,
            preview: None,
            preview_scroll: 0,
            preview_asked: None,
            pane: None,
            status: None,
            marks: HashMap::new(),
            mode: Mode::Browse,
            read_only,
            servers,
            state: String::new(),
            stats_asked: HashSet::new(),
            root_gone: false,
            sorting: HashSet::new(),
            want: None,
        }
    }

    pub fn say(&mut self, level: Level, msg: impl Into<String>) {
        self.status = Some((level, sanitize::escape(&msg.into(), false)));
    }

    pub fn sel(&self) -> usize {
        self.sel
    }

    /// Selects row `i` (clamped) and scrolls it into view.
    pub fn select(&mut self, i: usize) {
        let len = self.tree.len();
        self.sel = i.min(len.saturating_sub(1));
        if let Some(r) = self.tree.row(self.sel) {
            if r.path != self.selected {
                self.preview_scroll = 0;
            }
            self.selected = r.path;
        }
        self.scroll();
    }

    fn scroll(&mut self) {
        let h = self.height.max(1);
        if self.sel < self.top {
            self.top = self.sel;
        } else if self.sel >= self.top + h {
            self.top = self.sel + 1 - h;
        }
        let len = self.tree.len();
        if self.top + h > len {
            self.top = len.saturating_sub(h);
        }
    }

    /// After the rows changed: keep the selected node if it is still shown, else the row where
    /// it was.
    pub fn reselect(&mut self) {
        match self.tree.index_of(&self.selected) {
            Some(i) => {
                self.sel = i;
                self.scroll();
            }
            None => self.select(self.sel),
        }
    }

    /// Selects `p` if it is shown.
    pub fn select_path(&mut self, p: &str) -> bool {
        match self.tree.index_of(p) {
            Some(i) => {
                self.select(i);
                true
            }
            None => false,
        }
    }

    /// The rows on screen.
    pub fn visible(&self) -> Vec<Row> {
        (self.top..self.top + self.height)
            .map_while(|i| self.tree.row(i))
            .collect()
    }

    pub fn mark(&mut self, p: &str) {
        self.marks.insert(p.to_string(), Instant::now());
    }

    pub fn is_marked(&self, p: &str) -> bool {
        self.marks.get(p).is_some_and(|t| t.elapsed() < MARK_FOR)
    }

    /// Drops marks that have had their time; true if any remain (a timer must run).
    pub fn expire_marks(&mut self) -> bool {
        self.marks.retain(|_, t| t.elapsed() < MARK_FOR);
        !self.marks.is_empty()
    }

    /// Applies a watch event: rows appear, go, or have their stat read again.
    pub fn event(&mut self, e: &crate::reply::Event) {
        let p = e.path.as_str();
        match e.kind.as_str() {
            "NodeCreated" => {
                if p == self.tree.root {
                    self.root_gone = false;
                    self.tree.forget_stat(p);
                }
                self.tree.created(p);
                self.mark(p);
            }
            "NodeDeleted" => {
                self.tree.deleted(p);
                self.marks.remove(p);
                if p == self.tree.root {
                    self.tree.forget_stat(p);
                }
            }
            "NodeDataChanged" => {
                self.tree.forget_stat(p);
                self.stats_asked.remove(p);
                self.mark(p);
                if self.preview.as_ref().is_some_and(|v| v.path == p) {
                    self.preview = None;
                }
            }
            _ => return,
        }
        // The parent's child count changed.
        if let Some(parent) = path::parent(p).filter(|_| e.kind != "NodeDataChanged") {
            self.tree.forget_stat(parent);
            self.stats_asked.remove(parent);
            if self.preview.as_ref().is_some_and(|v| v.path == parent) {
                self.preview = None;
            }
        }
        self.reselect();
    }

    /// Applies what a background read gave (everything but the preview's and the watch's).
    pub fn apply(&mut self, msg: Msg) {
        match msg {
            Msg::Children { path, listed } => match listed {
                Ok((names, stat)) => {
                    let big = names.len();
                    self.tree.set_children(&path, names, stat);
                    if big > 100_000 && path == self.selected {
                        self.say(Level::Info, format!("{path}: {big} children"));
                    }
                }
                Err(e) => {
                    self.tree.set_error(&path, e.to_string());
                    self.say(Level::Error, e.to_string());
                }
            },
            Msg::Stats { asked, got } => {
                if let Ok(got) = got {
                    for p in &asked {
                        self.stats_asked.remove(p);
                    }
                    for (p, s) in got {
                        if s.is_none() {
                            if p == self.tree.root {
                                self.root_gone = true;
                            } else {
                                self.tree.deleted(&p);
                            }
                        }
                        self.tree.set_stat(&p, s);
                    }
                }
            }
            Msg::AllStats { path, got } => {
                self.sorting.remove(&path);
                match got {
                    Ok(stats) => self.tree.set_all_stats(&path, stats),
                    Err(e) => self.say(Level::Error, format!("sorting {path}: {e}")),
                }
            }
            Msg::Preview { path, got } => {
                if self.preview_asked.as_deref() == Some(path.as_str()) {
                    self.preview_asked = None;
                }
                if path == self.selected {
                    self.preview = Some(match got {
                        Ok((data, stat, acl)) => {
                            let shown = Preview::new(&path, &data, &stat, acl.as_deref());
                            self.tree.set_stat(&path, Some(stat));
                            shown
                        }
                        Err(e) => Preview::failed(&path, &e.to_string()),
                    });
                }
            }
            Msg::Event(e) => self.event(&e),
            Msg::Rearmed | Msg::Notice(_) => {}
        }
        self.reselect();
    }

    /// Forgets what was read so it is read again (after a reconnect, or `r`); gives the open
    /// nodes to list again.
    pub fn forget_all(&mut self) -> Vec<String> {
        self.stats_asked.clear();
        self.preview = None;
        self.root_gone = false;
        let open = self.tree.open_paths();
        for p in &open {
            self.tree.forget_stat(p);
        }
        open
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reply::{Event, Stat};

    fn stat() -> Stat {
        Stat::default()
    }

    fn ev(kind: &str, path: &str) -> Event {
        Event {
            kind: kind.into(),
            path: path.into(),
            session: false,
            zxid: None,
        }
    }

    #[test]
    fn the_selection_follows_its_node_through_changes() {
        let mut a = App::new("/r", false, String::new());
        let names = crate::bulk::names::Names::sorted(vec!["b".into(), "c".into()]);
        a.apply(Msg::Children {
            path: "/r".into(),
            listed: Ok((names, stat())),
        });
        a.select(2);
        assert_eq!(a.selected, "/r/c");
        a.event(&ev("NodeCreated", "/r/a"));
        assert_eq!((a.selected.as_str(), a.sel()), ("/r/c", 3));
        assert!(a.is_marked("/r/a"));
        a.event(&ev("NodeDeleted", "/r/c"));
        assert_eq!(a.selected, "/r/b");
    }
}
