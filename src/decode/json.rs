//! JSON as stored, re-laid out: pretty (indented, each token painted by the caller) or compact.
//! It works on the text's own tokens, never through a parsed value, so numbers keep every
//! digit (`12345678901234567890123`, `2.50`) and keys keep their order and duplicates.

/// What a token is, for painting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Key,
    Str,
    Num,
    /// `true`, `false`.
    Bool,
    Null,
    Punct,
}

/// Whether `data` starts like a JSON object or array (what detection takes as JSON: a bare
/// `42` or `"x"` reads as well as text).
pub fn looks_like(data: &[u8]) -> bool {
    matches!(
        data.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
}

/// Whether `data` is one JSON document (validated without building it).
pub fn check(data: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<serde::de::IgnoredAny>(data)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Indented two spaces a level, jq's layout; `paint` wraps each token (colour, escapes).
/// `text` must be valid JSON (`check`).
pub fn pretty(text: &str, paint: &dyn Fn(Tok, &str) -> String) -> String {
    layout(text, Some(2), paint)
}

/// No whitespace between tokens: one line.
pub fn compact(text: &str) -> String {
    layout(text, None, &|_, t| t.to_string())
}

fn layout(text: &str, indent: Option<usize>, paint: &dyn Fn(Tok, &str) -> String) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    // One entry per open container: whether it is an object.
    let mut stack: Vec<bool> = Vec::new();
    let mut expect_key = false;
    // The last token opened a container: its close follows on the same line (`{}`).
    let mut just_opened = false;
    let newline = |out: &mut String, depth: usize| {
        if let Some(n) = indent {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', n * depth));
        }
    };
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let opened = just_opened;
        just_opened = matches!(c, b'{' | b'[') || (opened && c.is_ascii_whitespace());
        match c {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            b'{' | b'[' => {
                out.push_str(&paint(Tok::Punct, &text[i..=i]));
                stack.push(c == b'{');
                expect_key = c == b'{';
                i += 1;
                // An empty container stays `{}` / `[]`.
                let next = skip_ws(bytes, i);
                if !matches!(bytes.get(next), Some(b'}' | b']')) {
                    newline(&mut out, stack.len());
                }
            }
            b'}' | b']' => {
                stack.pop();
                if !opened {
                    newline(&mut out, stack.len());
                }
                out.push_str(&paint(Tok::Punct, &text[i..=i]));
                expect_key = false;
                i += 1;
            }
            b',' => {
                out.push_str(&paint(Tok::Punct, ","));
                newline(&mut out, stack.len());
                expect_key = stack.last() == Some(&true);
                i += 1;
            }
            b':' => {
                out.push_str(&paint(Tok::Punct, ":"));
                if indent.is_some() {
                    out.push(' ');
                }
                expect_key = false;
                i += 1;
            }
            b'"' => {
                let end = string_end(bytes, i);
                let tok = if expect_key { Tok::Key } else { Tok::Str };
                out.push_str(&paint(tok, &text[i..end]));
                i = end;
            }
            _ => {
                let end = bytes[i..]
                    .iter()
                    .position(
                        |b| !matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'+' | b'-' | b'.' | b'E'),
                    )
                    .map_or(bytes.len(), |n| i + n);
                // Valid JSON has only ASCII here; anything else is passed over whole.
                let end = if end > i {
                    end
                } else {
                    i + text[i..].chars().next().map_or(1, char::len_utf8)
                };
                let word = &text[i..end];
                let tok = match word {
                    "true" | "false" => Tok::Bool,
                    "null" => Tok::Null,
                    _ => Tok::Num,
                };
                out.push_str(&paint(tok, word));
                i = end;
            }
        }
    }
    out
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The index after the string starting at `start` (its closing quote included).
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> String {
        pretty(text, &|_, t| t.to_string())
    }

    #[test]
    fn pretty_keeps_numbers_order_and_escapes() {
        let doc = r#"{"z":1,"a":[12345678901234567890123,2.50,-1E+3],"s":"q\"{,}:","e":{},"l":[],"n":null,"t":true}"#;
        let want = "{\n  \"z\": 1,\n  \"a\": [\n    12345678901234567890123,\n    2.50,\n    -1E+3\n  ],\n  \"s\": \"q\\\"{,}:\",\n  \"e\": {},\n  \"l\": [],\n  \"n\": null,\n  \"t\": true\n}";
        assert_eq!(plain(doc), want);
        assert_eq!(compact(&plain(doc)), doc);
        assert_eq!(plain(" [ ] "), "[]");
        assert_eq!(plain("\"x\""), "\"x\"");
    }

    #[test]
    fn tokens_are_told_apart() {
        let tagged = pretty(r#"{"k":["v",1,false,null]}"#, &|t, s| {
            format!("<{t:?}:{s}>")
        });
        for want in [
            "<Key:\"k\">",
            "<Str:\"v\">",
            "<Num:1>",
            "<Bool:false>",
            "<Null:null>",
        ] {
            assert!(tagged.contains(want), "{tagged}");
        }
    }

    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::from),
            any::<i64>().prop_map(serde_json::Value::from),
            // Floats exact in binary: serde_json's own parsing may round others differently.
            any::<i32>().prop_map(|n| serde_json::Value::from(f64::from(n) / 8.0)),
            ".*".prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
                proptest::collection::btree_map(".*", inner, 0..6)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Laid out pretty or compact, any JSON is still the same JSON.
        #[test]
        fn layout_keeps_the_document(v in json_value(), spaced in proptest::bool::ANY) {
            let text = if spaced {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                v.to_string()
            };
            let p = plain(&text);
            let back: serde_json::Value = serde_json::from_str(&p).unwrap();
            proptest::prop_assert_eq!(&back, &v);
            proptest::prop_assert_eq!(compact(&p), v.to_string());
        }

        /// Whatever it is given, valid or not, it ends without a panic.
        #[test]
        fn any_text_lays_out(s in ".*") {
            plain(&s);
            compact(&s);
        }
    }

    #[test]
    fn detection_wants_objects_and_arrays() {
        assert!(looks_like(b"  {\"a\":1}"));
        assert!(looks_like(b"[1]"));
        assert!(!looks_like(b"42"));
        assert!(check(b"{\"a\":1}").is_ok());
        assert!(check(b"{\"a\":1} x").is_err());
    }
}
