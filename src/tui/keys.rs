//! The key map: which key does what while browsing, and the help (`?`) that lists every key,
//! write keys marked, from the same table so the two cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    Up,
    Down,
    PageUp,
    PageDown,
    Home,
    End,
    Open,
    Close,
    Filter,
    Command,
    Edit,
    Create,
    Delete,
    DeleteTree,
    Copy,
    Reread,
    Sort,
    Help,
    PreviewDown,
    PreviewUp,
}

/// One line of the help: the keys, what they do, and whether they write.
pub struct KeyHelp {
    pub keys: &'static str,
    pub what: &'static str,
    pub action: Action,
}

pub const KEYS: &[KeyHelp] = &[
    KeyHelp {
        keys: "↑ k / ↓ j",
        what: "move up / down",
        action: Action::Down,
    },
    KeyHelp {
        keys: "PgUp / PgDn",
        what: "a page up / down",
        action: Action::PageDown,
    },
    KeyHelp {
        keys: "Home g / End G",
        what: "first / last row",
        action: Action::End,
    },
    KeyHelp {
        keys: "→ l Enter",
        what: "open the node (list its children)",
        action: Action::Open,
    },
    KeyHelp {
        keys: "← h",
        what: "close it, or go to its parent",
        action: Action::Close,
    },
    KeyHelp {
        keys: "/",
        what: "filter this level by a glob (empty: all)",
        action: Action::Filter,
    },
    KeyHelp {
        keys: "s",
        what: "sort by name, mtime, ctime, size",
        action: Action::Sort,
    },
    KeyHelp {
        keys: "J / K",
        what: "scroll the preview",
        action: Action::PreviewDown,
    },
    KeyHelp {
        keys: ":",
        what: "run a zksh command line (paths relative to the node)",
        action: Action::Command,
    },
    KeyHelp {
        keys: "e",
        what: "edit the value in $EDITOR (compare-and-set)",
        action: Action::Edit,
    },
    KeyHelp {
        keys: "n",
        what: "create a node",
        action: Action::Create,
    },
    KeyHelp {
        keys: "d",
        what: "delete the node (asks y/N)",
        action: Action::Delete,
    },
    KeyHelp {
        keys: "D",
        what: "delete the node and all below (type its name)",
        action: Action::DeleteTree,
    },
    KeyHelp {
        keys: "c",
        what: "copy the path (terminal clipboard, OSC 52)",
        action: Action::Copy,
    },
    KeyHelp {
        keys: "r",
        what: "read the shown nodes again",
        action: Action::Reread,
    },
    KeyHelp {
        keys: "?",
        what: "this help",
        action: Action::Help,
    },
    KeyHelp {
        keys: "q Esc Ctrl-C",
        what: "close a pane, or leave",
        action: Action::Quit,
    },
];

impl Action {
    /// Keys that change the tree: disabled in read-only mode.
    pub fn writes(self) -> bool {
        matches!(
            self,
            Action::Edit | Action::Create | Action::Delete | Action::DeleteTree
        )
    }
}

/// Ctrl-C, which in raw mode is a key, not a signal.
pub fn is_ctrl_c(k: &KeyEvent) -> bool {
    k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('c')
}

/// The action of a key while browsing.
pub fn action(k: &KeyEvent) -> Option<Action> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    if is_ctrl_c(k) {
        return Some(Action::Quit);
    }
    Some(match k.code {
        KeyCode::Char('q') | KeyCode::Esc => Action::Quit,
        KeyCode::Up | KeyCode::Char('k') => Action::Up,
        KeyCode::Down | KeyCode::Char('j') => Action::Down,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::Home | KeyCode::Char('g') => Action::Home,
        KeyCode::End | KeyCode::Char('G') => Action::End,
        KeyCode::Right | KeyCode::Enter | KeyCode::Char('l') => Action::Open,
        KeyCode::Left | KeyCode::Backspace | KeyCode::Char('h') => Action::Close,
        KeyCode::Char('/') => Action::Filter,
        KeyCode::Char(':') => Action::Command,
        KeyCode::Char('e') => Action::Edit,
        KeyCode::Char('n') => Action::Create,
        KeyCode::Char('d') => Action::Delete,
        KeyCode::Char('D') => Action::DeleteTree,
        KeyCode::Char('c') => Action::Copy,
        KeyCode::Char('r') => Action::Reread,
        KeyCode::Char('s') => Action::Sort,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Char('J') => Action::PreviewDown,
        KeyCode::Char('K') => Action::PreviewUp,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_lists_every_write_key() {
        for a in [
            Action::Edit,
            Action::Create,
            Action::Delete,
            Action::DeleteTree,
        ] {
            assert!(a.writes());
            assert!(KEYS.iter().any(|k| k.action == a), "{a:?} has no help line");
        }
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action(&ctrl_c), Some(Action::Quit));
        assert_eq!(
            action(&KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE)),
            Some(Action::Copy)
        );
    }
}
