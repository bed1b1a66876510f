//! Making node data and names safe to show on a terminal: node data must never drive it.

/// Characters that reorder text on screen (Trojan Source style bidi controls).
fn is_bidi(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
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
            c if c.is_control() || is_bidi(c) => {
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
