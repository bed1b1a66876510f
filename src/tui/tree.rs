//! The tree pane's model: the nodes opened so far (each one's children as packed `Names`),
//! the stats seen of the rows drawn, and rows addressed by index so a node with a million
//! children scrolls by paging, never by building a row per child. Only what is open is held;
//! closing a node forgets its subtree.

use std::collections::{BTreeSet, HashMap};

use regex::Regex;

use crate::bulk::names::Names;
use crate::path;
use crate::reply::Stat;

/// How a level is ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Name,
    Mtime,
    Ctime,
    Size,
}

impl SortKey {
    pub fn next(self) -> SortKey {
        match self {
            SortKey::Name => SortKey::Mtime,
            SortKey::Mtime => SortKey::Ctime,
            SortKey::Ctime => SortKey::Size,
            SortKey::Size => SortKey::Name,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Mtime => "mtime (newest first)",
            SortKey::Ctime => "ctime (newest first)",
            SortKey::Size => "size (largest first)",
        }
    }

    fn key(self, s: Option<&Stat>) -> i64 {
        match (self, s) {
            (_, None) => i64::MIN,
            (SortKey::Name, _) => 0,
            (SortKey::Mtime, Some(s)) => s.mtime,
            (SortKey::Ctime, Some(s)) => s.ctime,
            (SortKey::Size, Some(s)) => s.data_length as i64,
        }
    }
}

/// Children above this many are not sorted by a stat key: that needs every child's stat.
pub const SORT_BY_STAT_MAX: usize = 100_000;
/// Stats kept per level before the cache is emptied (they are fetched again as rows show).
const STATS_KEPT: usize = 20_000;

/// The children of one opened node.
#[derive(Default)]
pub struct Level {
    names: Names,
    /// Indexes into `names` in the order shown (filtered, or sorted by a stat); `None`: all,
    /// by name.
    view: Option<Vec<u32>>,
    pub filter: Option<(String, Regex)>,
    stats: HashMap<String, Stat>,
    /// Every child's stat is in `stats` (fetched to sort by one).
    pub all_stats: bool,
    /// Children not listed yet.
    pub loading: bool,
    pub error: Option<String>,
    /// Names of the children that are open themselves, and where they are shown.
    open_kids: BTreeSet<String>,
    open_pos: Vec<(usize, String)>,
}

impl Level {
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn shown_len(&self) -> usize {
        self.view.as_ref().map_or(self.names.len(), Vec::len)
    }

    pub fn shown(&self, i: usize) -> &str {
        match &self.view {
            Some(v) => self.names.get(v[i] as usize),
            None => self.names.get(i),
        }
    }

    fn position(&self, name: &str) -> Option<usize> {
        match &self.view {
            None => self.names.find(name).ok(),
            Some(v) => {
                let j = self.names.find(name).ok()? as u32;
                v.iter().position(|&k| k == j)
            }
        }
    }

    pub fn child_names(&self) -> impl Iterator<Item = &str> {
        (0..self.names.len()).map(|i| self.names.get(i))
    }

    /// Orders and filters again after a change of names, filter, sort or stats.
    fn rebuild(&mut self, sort: SortKey) {
        let by_stat = sort != SortKey::Name && self.all_stats;
        self.view = if self.filter.is_none() && !by_stat {
            None
        } else {
            let mut v: Vec<u32> = (0..self.names.len() as u32)
                .filter(|&i| {
                    self.filter
                        .as_ref()
                        .is_none_or(|(_, re)| re.is_match(self.names.get(i as usize)))
                })
                .collect();
            if by_stat {
                // Stable: equal keys keep name order.
                v.sort_by_key(|&i| {
                    std::cmp::Reverse(sort.key(self.stats.get(self.names.get(i as usize))))
                });
            }
            Some(v)
        };
        self.place_open_kids();
    }

    fn place_open_kids(&mut self) {
        let mut pos: Vec<(usize, String)> = self
            .open_kids
            .iter()
            .filter_map(|k| self.position(k).map(|p| (p, k.clone())))
            .collect();
        pos.sort();
        self.open_pos = pos;
    }
}

/// One row of the pane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub path: String,
    pub depth: usize,
}

pub struct Tree {
    pub root: String,
    root_stat: Option<Stat>,
    levels: HashMap<String, Level>,
    pub sort: SortKey,
}

impl Tree {
    pub fn new(root: &str) -> Tree {
        Tree {
            root: root.to_string(),
            root_stat: None,
            levels: HashMap::new(),
            sort: SortKey::Name,
        }
    }

    pub fn level(&self, p: &str) -> Option<&Level> {
        self.levels.get(p)
    }

    pub fn is_open(&self, p: &str) -> bool {
        self.levels.contains_key(p)
    }

    /// The open nodes, parents before children.
    pub fn open_paths(&self) -> Vec<String> {
        let mut v: Vec<String> = self.levels.keys().cloned().collect();
        v.sort_by_key(|p| p.matches('/').count());
        v
    }

    pub fn stat(&self, p: &str) -> Option<&Stat> {
        if p == self.root {
            return self.root_stat.as_ref();
        }
        self.levels.get(path::parent(p)?)?.stats.get(path::name(p))
    }

    /// Records a node's stat (`None`: it is gone).
    pub fn set_stat(&mut self, p: &str, s: Option<Stat>) {
        if p == self.root {
            self.root_stat = s;
            return;
        }
        let sort = self.sort;
        let Some(l) = path::parent(p).and_then(|d| self.levels.get_mut(d)) else {
            return;
        };
        if l.stats.len() >= STATS_KEPT && !l.all_stats {
            l.stats.clear();
        }
        match s {
            Some(s) => {
                l.stats.insert(path::name(p).to_string(), s);
            }
            None => {
                l.stats.remove(path::name(p));
            }
        }
        if l.all_stats && sort != SortKey::Name {
            l.rebuild(sort);
        }
    }

    /// Forgets a node's stat so it is read again.
    pub fn forget_stat(&mut self, p: &str) {
        if p == self.root {
            self.root_stat = None;
        } else if let Some(l) = path::parent(p).and_then(|d| self.levels.get_mut(d)) {
            l.stats.remove(path::name(p));
        }
    }

    /// Opens `p`: true when its children must be listed.
    pub fn open(&mut self, p: &str) -> bool {
        if self.levels.contains_key(p) {
            return false;
        }
        self.levels.insert(
            p.to_string(),
            Level {
                loading: true,
                ..Level::default()
            },
        );
        if let Some(parent) = path::parent(p).filter(|_| p != self.root)
            && let Some(l) = self.levels.get_mut(parent)
        {
            l.open_kids.insert(path::name(p).to_string());
            l.place_open_kids();
        }
        true
    }

    /// Closes `p` and forgets everything below it.
    pub fn close(&mut self, p: &str) {
        let below = format!("{p}/");
        self.levels
            .retain(|k, _| !(k == p || p == "/" || k.starts_with(&below)));
        if let Some(l) = path::parent(p).and_then(|d| self.levels.get_mut(d)) {
            l.open_kids.remove(path::name(p));
            l.place_open_kids();
        }
    }

    /// The children of `p` as listed, with `p`'s own stat.
    pub fn set_children(&mut self, p: &str, names: Names, stat: Stat) {
        self.set_stat(p, Some(stat));
        let sort = self.sort;
        let Some(l) = self.levels.get_mut(p) else {
            return;
        };
        l.names = names;
        l.loading = false;
        l.error = None;
        l.all_stats = false;
        let names = &l.names;
        l.stats.retain(|k, _| names.find(k).is_ok());
        let gone: Vec<String> = l
            .open_kids
            .iter()
            .filter(|k| l.names.find(k).is_err())
            .cloned()
            .collect();
        l.rebuild(sort);
        for k in gone {
            self.close(&path::join(p, &k));
        }
    }

    /// Listing `p` failed (gone, no permission).
    pub fn set_error(&mut self, p: &str, e: String) {
        if let Some(l) = self.levels.get_mut(p) {
            l.loading = false;
            l.error = Some(e);
        }
    }

    /// A node appeared (a watch event): added to its parent if that is open.
    pub fn created(&mut self, p: &str) -> bool {
        let sort = self.sort;
        let Some(l) = path::parent(p).and_then(|d| self.levels.get_mut(d)) else {
            return false;
        };
        if l.loading || !l.names.insert(path::name(p)) {
            return false;
        }
        l.all_stats = false;
        l.rebuild(sort);
        true
    }

    /// A node went away (a watch event).
    pub fn deleted(&mut self, p: &str) -> bool {
        if self.levels.contains_key(p) && p != self.root {
            self.close(p);
        }
        let sort = self.sort;
        let Some(l) = path::parent(p).and_then(|d| self.levels.get_mut(d)) else {
            return false;
        };
        if !l.names.remove(path::name(p)) {
            return false;
        }
        l.stats.remove(path::name(p));
        l.rebuild(sort);
        true
    }

    /// Filters the children of `p` by a glob (`None`: all of them).
    pub fn set_filter(&mut self, p: &str, glob: Option<String>) -> Result<(), String> {
        let sort = self.sort;
        let Some(l) = self.levels.get_mut(p) else {
            return Err("that level is not open".into());
        };
        l.filter = match glob {
            None => None,
            Some(g) => {
                let re =
                    Regex::new(&crate::command::glob_to_regex(&g)).map_err(|e| e.to_string())?;
                Some((g, re))
            }
        };
        l.rebuild(sort);
        Ok(())
    }

    /// Orders every level by `key`; gives the open levels that need every child's stat first.
    pub fn set_sort(&mut self, key: SortKey) -> Vec<String> {
        self.sort = key;
        let mut need = Vec::new();
        for (p, l) in &mut self.levels {
            if key != SortKey::Name && !l.all_stats && !l.loading {
                need.push(p.clone());
            }
            l.rebuild(key);
        }
        need
    }

    /// Every child's stat of `p` is known now (to sort by one).
    pub fn set_all_stats(&mut self, p: &str, stats: Vec<(String, Stat)>) {
        let sort = self.sort;
        if let Some(l) = self.levels.get_mut(p) {
            l.stats = stats.into_iter().collect();
            l.all_stats = true;
            l.rebuild(sort);
        }
    }

    /// Rows below `p` (not counting `p`) while it is open.
    fn below(&self, p: &str) -> usize {
        let Some(l) = self.levels.get(p) else {
            return 0;
        };
        l.shown_len()
            + l.open_pos
                .iter()
                .map(|(_, k)| self.below(&path::join(p, k)))
                .sum::<usize>()
    }

    /// Rows in the pane.
    pub fn len(&self) -> usize {
        1 + self.below(&self.root)
    }

    /// Row `i` (0: the root).
    pub fn row(&self, i: usize) -> Option<Row> {
        if i == 0 {
            return Some(Row {
                path: self.root.clone(),
                depth: 0,
            });
        }
        self.row_in(&self.root, i - 1, 1)
    }

    fn row_in(&self, p: &str, mut i: usize, depth: usize) -> Option<Row> {
        let l = self.levels.get(p)?;
        let mut base = 0;
        for (k, name) in &l.open_pos {
            let direct = k - base + 1;
            if i < direct {
                break;
            }
            i -= direct;
            let kid = path::join(p, name);
            let extra = self.below(&kid);
            if i < extra {
                return self.row_in(&kid, i, depth + 1);
            }
            i -= extra;
            base = k + 1;
        }
        (base + i < l.shown_len()).then(|| Row {
            path: path::join(p, l.shown(base + i)),
            depth,
        })
    }

    /// The row showing `p`, if it is shown.
    pub fn index_of(&self, p: &str) -> Option<usize> {
        if p == self.root {
            return Some(0);
        }
        let parent = path::parent(p)?;
        if !(parent == self.root || parent.starts_with(&self.root)) {
            return None;
        }
        let base = self.index_of(parent)?;
        let l = self.levels.get(parent)?;
        let k = l.position(path::name(p))?;
        let extra: usize = l
            .open_pos
            .iter()
            .take_while(|(j, _)| *j < k)
            .map(|(_, n)| self.below(&path::join(parent, n)))
            .sum();
        Some(base + 1 + k + extra)
    }

    /// The paths among `rows` whose stat is not known.
    pub fn missing_stats(&self, rows: &[Row]) -> Vec<String> {
        rows.iter()
            .filter(|r| self.stat(&r.path).is_none())
            .map(|r| r.path.clone())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat() -> Stat {
        Stat::default()
    }

    fn rows(t: &Tree) -> Vec<String> {
        (0..t.len()).map(|i| t.row(i).unwrap().path).collect()
    }

    fn v(xs: &[&str]) -> Names {
        Names::sorted(xs.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn rows_follow_open_nodes_and_live_changes() {
        let mut t = Tree::new("/r");
        assert!(t.open("/r"));
        t.set_children("/r", v(&["c", "a", "b"]), stat());
        assert_eq!(rows(&t), ["/r", "/r/a", "/r/b", "/r/c"]);
        assert!(t.open("/r/b"));
        t.set_children("/r/b", v(&["y", "x"]), stat());
        assert_eq!(rows(&t), ["/r", "/r/a", "/r/b", "/r/b/x", "/r/b/y", "/r/c"]);
        assert_eq!(t.index_of("/r/c"), Some(5));
        assert_eq!(t.index_of("/r/b/y"), Some(4));
        assert!(t.created("/r/b/w"));
        assert!(t.created("/r/aa"));
        assert_eq!(
            rows(&t),
            [
                "/r", "/r/a", "/r/aa", "/r/b", "/r/b/w", "/r/b/x", "/r/b/y", "/r/c"
            ]
        );
        assert!(t.deleted("/r/b"));
        assert_eq!(rows(&t), ["/r", "/r/a", "/r/aa", "/r/c"]);
        assert!(!t.is_open("/r/b"));
        t.set_filter("/r", Some("a*".into())).unwrap();
        assert_eq!(rows(&t), ["/r", "/r/a", "/r/aa"]);
        assert_eq!(t.index_of("/r/c"), None);
    }

    #[test]
    fn a_million_children_page_without_a_row_each() {
        let mut t = Tree::new("/");
        t.open("/");
        t.set_children(
            "/",
            Names::sorted((0..1_000_000).map(|i| format!("n{i:07}")).collect()),
            stat(),
        );
        assert_eq!(t.len(), 1_000_001);
        assert_eq!(t.row(999_999).unwrap().path, "/n0999998");
        assert_eq!(t.index_of("/n0500000"), Some(500_001));
    }

    #[test]
    fn sorting_by_a_stat_waits_for_every_stat() {
        let mut t = Tree::new("/r");
        t.open("/r");
        t.set_children("/r", v(&["a", "b"]), stat());
        assert_eq!(t.set_sort(SortKey::Size), ["/r"]);
        let big = Stat {
            data_length: 9,
            ..stat()
        };
        t.set_all_stats("/r", vec![("a".into(), stat()), ("b".into(), big)]);
        assert_eq!(rows(&t), ["/r", "/r/b", "/r/a"]);
    }
}
