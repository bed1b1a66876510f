//! The one sanitiser for server-supplied text on a terminal (stdout, stderr, prompt, completion,
//! progress): node data and names must never drive it, reorder it or hide in it. Pipes and files
//! get exact bytes; callers decide that, from the tty facts in config.

/// Characters that reorder text on screen (Trojan Source style bidi controls).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that break lines or take no room: a name holding them could pose as another.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'..='\u{2065}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// Whether `c` must not reach a terminal as itself.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi(c) || is_invisible(c)
}

/// A diagnostic (error, notice) for a terminal: its own newlines stay, the rest is escaped.
pub fn message(s: &str) -> String {
    if s.chars().any(is_unsafe_in_message) {
        escape(s, true)
    } else {
        s.to_string()
    }
}

fn is_unsafe_in_message(c: char) -> bool {
    is_unsafe(c) && c != '\n' && c != '\t'
}

/// A JSON document for a terminal: unsafe characters (only ever inside strings) become `\uXXXX`,
/// so the document still parses to the same value.
pub fn json(doc: &str) -> String {
    if !doc.chars().any(is_unsafe) {
        return doc.to_string();
    }
    let mut out = String::with_capacity(doc.len() + 16);
    for c in doc.chars() {
        if is_unsafe(c) {
            let mut buf = [0u16; 2];
            for u in c.encode_utf16(&mut buf) {
                out.push_str(&format!("\\u{u:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes control and bidi characters; keeps newlines and tabs when `keep_layout` is set.
pub fn escape(s: &str, keep_layout: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' | '\t' if keep_layout => out.push(c),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_unsafe(c) => {
                let u = c as u32;
                if u <= 0xff {
                    out.push_str(&format!("\\x{u:02x}"));
                } else {
                    out.push_str(&format!("\\u{{{u:04x}}}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Binary means not UTF-8, or holding a NUL: shown as a hexdump rather than text.
pub fn is_binary(data: &[u8]) -> bool {
    std::str::from_utf8(data).is_err() || data.contains(&0)
}

/// A classic 16-bytes-per-line hexdump: offset, hex bytes, printable ASCII.
pub fn hexdump(data: &[u8]) -> String {
    let mut out = String::new();
    for (i, chunk) in data.chunks(16).enumerate() {
        let hex: Vec<String> = chunk.iter().map(|b| format!("{b:02x}")).collect();
        let ascii: String = chunk
            .iter()
            .map(|&b| {
                if b.is_ascii_graphic() || b == b' ' {
                    b as char
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(&format!(
            "{:08x}  {:<47}  |{}|\n",
            i * 16,
            hex.join(" "),
            ascii
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi() {
        assert_eq!(escape("a\x1b[31mb", true), "a\\x1b[31mb");
        assert_eq!(escape("l1\nl2\t", true), "l1\nl2\t");
        assert_eq!(escape("l1\nl2", false), "l1\\nl2");
        assert_eq!(escape("x\u{202E}y", true), "x\\u{202e}y");
        assert_eq!(escape("héllo", true), "héllo");
        assert_eq!(escape("a\u{2028}b\u{200B}", true), "a\\u{2028}b\\u{200b}");
        assert_eq!(escape("\u{9b}", true), "\\x9b");
    }

    #[test]
    fn messages_keep_their_lines_and_json_still_parses() {
        assert_eq!(message("one\ntwo \u{202E}x"), "one\ntwo \\u{202e}x");
        let doc = serde_json::json!({"path": "/a\u{202E}\u{2028}\u{85}"}).to_string();
        let safe = json(&doc);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["path"], "/a\u{202E}\u{2028}\u{85}");
    }

    #[test]
    fn detects_binary_and_dumps_it() {
        assert!(is_binary(&[0xff, 0x00]));
        assert!(is_binary(b"a\0b"));
        assert!(!is_binary("text ü".as_bytes()));
        let d = hexdump(b"ABC\x00");
        assert_eq!(d, format!("00000000  {:<47}  |ABC.|\n", "41 42 43 00"));
    }
}
