//! Listings streamed as a walk finds them (`ls -R`, `tree`, `find`, `grep`, dry runs): the
//! command hands over typed items one by one; this module frames them as one JSON document or
//! as text lines, and writes them in chunks, so a million-node listing neither waits for the end
//! nor makes a write per line.

use serde_json::json;

use super::Output;
use super::stream::Stream;
use crate::error::Result;
use crate::path;

/// The shape of a listing's JSON document.
pub enum Frame {
    /// `[item, ...]`.
    Array,
    /// `{"path": P, "nodes": [...]}` (`ls -R`).
    Under(String),
    /// `{"dry_run": true, "nodes": [...], "count": N}`.
    DryRun,
    /// Nested `{"name", "path", "children": [...]}` objects (`tree`).
    Tree,
}

/// One match of `grep`.
pub struct Hit<'a> {
    pub path: &'a str,
    pub binary: bool,
    /// The matching lines (none with `names` or for a binary value).
    pub lines: Vec<String>,
    /// Only the path is wanted (`grep -l`).
    pub names: bool,
}

pub struct List {
    out: Output,
    s: Stream,
    frame: Frame,
    items: usize,
    /// Per depth (tree): whether the node drawn there last was its parent's last child (text),
    /// or whether a sibling has been written already (JSON).
    marks: Vec<bool>,
    /// Show URL-encoded names decoded (text only: JSON keeps the exact paths).
    decode_names: bool,
}

impl Output {
    /// Starts a listing (its JSON opening is written at once).
    pub fn list(&self, frame: Frame) -> Result<List> {
        let mut s = Stream::new(*self);
        if self.json {
            match &frame {
                Frame::Array => s.push("[")?,
                Frame::Under(p) => s.push(&format!("{{\"path\":{},\"nodes\":[", json!(p)))?,
                Frame::DryRun => s.push("{\"dry_run\":true,\"nodes\":[")?,
                Frame::Tree => {}
            }
        }
        Ok(List {
            out: *self,
            s,
            frame,
            items: 0,
            marks: Vec::new(),
            decode_names: false,
        })
    }
}

/// A name or path as shown, URL-decoded when asked.
fn shown(p: &str, decode: bool) -> std::borrow::Cow<'_, str> {
    if decode {
        crate::decode::names::path_decoded(p).into()
    } else {
        p.into()
    }
}

impl List {
    /// Shows URL-encoded names decoded in text (`--decode-names`).
    pub fn decoding_names(mut self, on: bool) -> List {
        self.decode_names = on;
        self
    }

    fn sep(&mut self) -> &'static str {
        self.items += 1;
        if self.items == 1 { "" } else { "," }
    }

    /// One path.
    pub fn path(&mut self, p: &str) -> Result<()> {
        if self.out.json {
            let sep = self.sep();
            self.s.push(&format!("{sep}{}", json!(p)))
        } else {
            self.items += 1;
            self.s.line(&self.out.name(&shown(p, self.decode_names)))
        }
    }

    /// One `grep` match.
    pub fn hit(&mut self, h: &Hit) -> Result<()> {
        let out = self.out;
        if out.json {
            let sep = self.sep();
            let hit = json!({ "path": h.path, "binary": h.binary, "lines": h.lines });
            return self.s.push(&format!("{sep}{hit}"));
        }
        self.items += 1;
        if h.names {
            self.s.line(&out.name(h.path))
        } else if h.binary {
            self.s
                .line(&format!("{}: binary value matches", out.name(h.path)))
        } else {
            h.lines.iter().try_for_each(|l| {
                self.s
                    .line(&format!("{}: {}", out.name(h.path), out.name(l)))
            })
        }
    }

    /// One node of a `tree`, at `depth` below the root; `last` when it is its parent's last
    /// child. In JSON its children follow until `tree_leave`.
    pub fn tree_node(&mut self, p: &str, depth: usize, last: bool, unreadable: bool) -> Result<()> {
        self.items += 1;
        let marks = &mut self.marks;
        if self.out.json {
            marks.truncate(depth + 1);
            let sep = if marks.get(depth).copied().unwrap_or(false) {
                ","
            } else {
                ""
            };
            marks.resize(depth + 1, false);
            marks[depth] = true;
            let node = json!({ "name": path::name(p), "path": p }).to_string();
            let open = &node[..node.len() - 1];
            return if unreadable {
                self.s.push(&format!(
                    "{sep}{open},\"unreadable\":true,\"children\":[]}}"
                ))
            } else {
                self.s.push(&format!("{sep}{open},\"children\":["))
            };
        }
        if depth == 0 {
            return self.s.line(&self.out.name(&shown(p, self.decode_names)));
        }
        marks.truncate(depth - 1);
        let mut line: String = marks
            .iter()
            .map(|l| if *l { "    " } else { "│   " })
            .collect();
        line.push_str(if last { "└── " } else { "├── " });
        // The name alone: decoded, it may hold slashes of its own.
        line.push_str(&self.out.name(&shown(path::name(p), self.decode_names)));
        if unreadable {
            line.push_str("  (not authorised)");
        }
        marks.push(last);
        self.s.line(&line)
    }

    /// The end of a tree node's children (JSON only; text needs no close).
    pub fn tree_leave(&mut self) -> Result<()> {
        if self.out.json {
            self.s.push("]}")?;
        }
        Ok(())
    }

    /// Closes the document and writes what is left; gives the number of items listed.
    pub fn finish(mut self) -> Result<usize> {
        if self.out.json {
            let close = match self.frame {
                Frame::Array => "]\n".to_string(),
                Frame::Under(_) => "]}\n".to_string(),
                Frame::DryRun => format!("],\"count\":{}}}\n", self.items),
                Frame::Tree => "\n".to_string(),
            };
            self.s.push(&close)?;
        }
        self.s.finish()?;
        Ok(self.items)
    }
}
