//! The preview pane's text: a node's value decoded (by `crate::decode`: gzip and zlib unpacked;
//! JSON pretty-printed and highlighted here; text with its control characters escaped; binary
//! as a hexdump), its stat in readable form and its ACL. Everything from the server goes
//! through `output::sanitize`.

use std::time::{Duration, UNIX_EPOCH};

use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

use crate::acl::AclEntry;
use crate::decode::Kind;
use crate::output::sanitize;
use crate::reply::Stat;

/// Most lines of a value drawn.
const LINES_MAX: usize = 2000;

/// What the pane shows of one node.
pub struct Preview {
    pub path: String,
    pub lines: Vec<Line<'static>>,
}

fn label(s: &str) -> Span<'static> {
    Span::styled(s.to_string(), Style::default().add_modifier(Modifier::BOLD))
}

fn time(ms: i64) -> String {
    let t = UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64);
    humantime::format_rfc3339_seconds(t)
        .to_string()
        .replace('T', " ")
        .replace('Z', " UTC")
}

/// A byte count for people: `512 B`, `1.5 KiB`, `3.2 MiB`.
pub fn size(n: i64) -> String {
    match n {
        n if n < 1024 => format!("{n} B"),
        n if n < 1 << 20 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{:.1} MiB", n as f64 / (1 << 20) as f64),
    }
}

impl Preview {
    pub fn new(path: &str, data: &[u8], stat: &Stat, acl: Option<&[AclEntry]>) -> Preview {
        let mut lines = stat_lines(stat);
        lines.push(Line::from(vec![
            label("acl      "),
            Span::raw(match acl {
                Some(a) => a
                    .iter()
                    .map(|e| sanitize::escape(&e.to_string(), false))
                    .collect::<Vec<_>>()
                    .join(", "),
                None => "(not readable)".into(),
            }),
        ]));
        lines.push(Line::raw(""));
        lines.extend(value_lines(data));
        lines.truncate(LINES_MAX);
        Preview {
            path: path.to_string(),
            lines,
        }
    }

    /// The node could not be read.
    pub fn failed(path: &str, why: &str) -> Preview {
        Preview {
            path: path.to_string(),
            lines: vec![Line::styled(
                sanitize::escape(why, false),
                Style::default().fg(Color::Red),
            )],
        }
    }
}

fn stat_lines(s: &Stat) -> Vec<Line<'static>> {
    let kind = if s.ephemeral_owner != 0 {
        format!("ephemeral, owner session {:#x}", s.ephemeral_owner)
    } else {
        "persistent".into()
    };
    vec![
        Line::from(vec![
            label("version  "),
            Span::raw(format!(
                "{} · {} · {} children",
                s.version,
                size(s.data_length as i64),
                s.num_children
            )),
        ]),
        Line::from(vec![label("type     "), Span::raw(kind)]),
        Line::from(vec![label("created  "), Span::raw(time(s.ctime))]),
        Line::from(vec![label("modified "), Span::raw(time(s.mtime))]),
        Line::from(vec![
            label("zxid     "),
            Span::raw(format!(
                "c {:#x} · m {:#x} · p {:#x}",
                s.czxid, s.mzxid, s.pzxid
            )),
        ]),
        Line::from(vec![
            label("cversion "),
            Span::raw(format!("{} · aversion {}", s.cversion, s.aversion)),
        ]),
    ]
}

/// The value, decoded as far as it goes by the one decode step `get` uses (`crate::decode`):
/// compression layers peeled, then JSON, text or binary.
fn value_lines(data: &[u8]) -> Vec<Line<'static>> {
    let dim = Style::default().fg(Color::DarkGray);
    if data.is_empty() {
        return vec![Line::styled("(empty value)", dim)];
    }
    let d = crate::decode::decode(data, &crate::decode::Encoding::default());
    let mut lines = Vec::new();
    if !d.layers.is_empty() {
        let names: Vec<&str> = d.layers.iter().map(|l| l.name()).collect();
        lines.push(Line::styled(
            format!(
                "{}: {} packed, {} unpacked",
                names.join("+"),
                size(data.len() as i64),
                size(d.plain.len() as i64)
            ),
            dim,
        ));
    }
    if let Some(p) = &d.problem {
        lines.push(Line::styled(
            sanitize::escape(p, false),
            Style::default().fg(Color::Yellow),
        ));
    }
    let text = d.text().filter(|_| d.kind != Kind::Binary);
    match (d.kind, text) {
        (Kind::Json, Some(t)) => match json(t) {
            Some(pretty) => lines.extend(pretty.lines().map(json_line)),
            None => lines.extend(text_lines(t)),
        },
        (_, Some(t)) => lines.extend(text_lines(t)),
        (_, None) => lines.extend(hex_lines(&d.plain)),
    }
    lines
}

fn text_lines(text: &str) -> Vec<Line<'static>> {
    text.lines()
        .take(LINES_MAX)
        .map(|l| Line::raw(sanitize::escape(l, true).replace('\t', "    ")))
        .collect()
}

fn hex_lines(data: &[u8]) -> Vec<Line<'static>> {
    let shown = &data[..data.len().min(LINES_MAX * 16)];
    let mut lines = vec![Line::styled(
        format!("binary, {}", size(data.len() as i64)),
        Style::default().fg(Color::DarkGray),
    )];
    lines.extend(
        sanitize::hexdump(shown)
            .lines()
            .map(|l| Line::raw(l.to_string())),
    );
    lines
}

fn json(text: &str) -> Option<String> {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(text).ok()?;
    serde_json::to_string_pretty(&v).ok()
}

/// One line of pretty JSON with keys, strings and literals coloured. It is escaped first, so
/// only safe characters remain (inside strings; JSON's own syntax is ASCII).
fn json_line(line: &str) -> Line<'static> {
    let line = sanitize::escape(line, false);
    let mut spans = Vec::new();
    let mut rest = line.as_str();
    while let Some(i) = rest.find('"') {
        let (before, from) = rest.split_at(i);
        spans.push(literal(before));
        let end = string_end(from);
        let (s, after) = from.split_at(end);
        let is_key = after.trim_start().starts_with(':');
        let colour = if is_key { Color::Cyan } else { Color::Green };
        spans.push(Span::styled(s.to_string(), Style::default().fg(colour)));
        rest = after;
    }
    spans.push(literal(rest));
    Line::from(spans)
}

/// Where the string that `s` starts with ends (after its closing quote).
fn string_end(s: &str) -> usize {
    let mut escaped = false;
    for (i, c) in s.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return i + 1,
            _ => {}
        }
    }
    s.len()
}

fn literal(s: &str) -> Span<'static> {
    let t = s.trim().trim_end_matches(',');
    let colour = match t {
        "true" | "false" | "null" => Some(Color::Magenta),
        _ if t.parse::<f64>().is_ok() => Some(Color::Yellow),
        _ => None,
    };
    match colour {
        Some(c) => Span::styled(s.to_string(), Style::default().fg(c)),
        None => Span::raw(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn text(lines: &[Line]) -> String {
        lines
            .iter()
            .map(|l| {
                l.spans
                    .iter()
                    .map(|s| s.content.as_ref())
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn values_decode_and_never_carry_controls() {
        assert_eq!(text(&value_lines(b"a\x1b[2Jb\tc")), "a\\x1b[2Jb    c");
        assert_eq!(text(&value_lines(b"x\xe2\x80\xaey")), "x\\u{202e}y");
        let j = text(&value_lines(br#"{"k":[1,"v\u001b"]}"#));
        assert!(j.contains("\"k\": ["), "{j}");
        assert!(!j.contains('\x1b'), "{j}");
        assert!(text(&value_lines(&[0, 1, 2, 255])).contains("00 01 02 ff"));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"packed\":true}").unwrap();
        let t = text(&value_lines(&gz.finish().unwrap()));
        assert!(
            t.starts_with("gzip: ") && t.contains("\"packed\": true"),
            "{t}"
        );
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"hello zlib").unwrap();
        let t = text(&value_lines(&z.finish().unwrap()));
        assert!(t.starts_with("zlib: ") && t.ends_with("hello zlib"), "{t}");
    }

    #[test]
    fn json_keys_and_strings_are_told_apart() {
        let l = json_line(r#"  "key": "value","#);
        let colours: Vec<Option<Color>> = l.spans.iter().map(|s| s.style.fg).collect();
        assert!(colours.contains(&Some(Color::Cyan)) && colours.contains(&Some(Color::Green)));
    }
}
