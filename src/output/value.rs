//! A node's value as `get` shows it. By default a terminal sees it decoded (`crate::decode`:
//! gunzipped, JSON pretty and coloured) with a notice on stderr saying so, and a pipe gets the
//! exact stored bytes; `--decode` decodes for pipes too, `--as` picks one form. JSON output
//! keeps `value`/`value_base64` exact and adds what was decoded as `decoded`.

use base64::Engine;
use colored::Colorize;
use serde_json::json;

use super::{Output, sanitize, stat_text};
use crate::decode::{self, Decoded, Encoding, Kind, json::Tok};
use crate::error::{Error, Result};
use crate::reply::{Form, Stat};

/// One `get` reply's parts.
pub struct Value<'a> {
    pub path: &'a str,
    pub data: &'a [u8],
    pub stat: Option<&'a Stat>,
    pub form: Form,
    pub rule: Option<&'a Encoding>,
    pub watching: bool,
}

/// What to decode as, or `None` when the form shows stored bytes. A rule fixes what it names;
/// `--as text|json` fixes the kind.
fn hint(form: Form, rule: Option<&Encoding>) -> Option<Encoding> {
    let mut e = rule.cloned().unwrap_or_default();
    match form {
        Form::Raw | Form::Hex | Form::Base64 => return None,
        Form::Text => e.kind = Some(Kind::Text),
        Form::Json => e.kind = Some(Kind::Json),
        Form::Auto | Form::Decode => {}
    }
    Some(e)
}

impl Output {
    /// The text of a `get` reply.
    pub(super) fn value_text(&self, v: &Value) -> Result<Vec<u8>> {
        let b64 = base64::engine::general_purpose::STANDARD;
        let mut shown = match (v.form, hint(v.form, v.rule)) {
            (Form::Base64, _) => format!("{}\n", b64.encode(v.data)).into_bytes(),
            (Form::Hex, _) => sanitize::hexdump(v.data).into_bytes(),
            (Form::Auto, _) if !self.tty => v.data.to_vec(),
            (_, None) => self.value(v.data),
            (form, Some(h)) => {
                let d = decode::decode(v.data, &h);
                self.check(v.path, form, &d)?;
                if matches!(form, Form::Auto | Form::Decode) {
                    self.say_decoded(v.path, v.data.len(), &d);
                }
                self.decoded(&d)
            }
        };
        // Raw bytes on a pipe may lack a final newline: the stat, or the watch event that
        // follows, starts a line of its own.
        let open = !shown.is_empty() && !shown.ends_with(b"\n");
        if let Some(s) = v.stat {
            if open {
                shown.push(b'\n');
            }
            shown.extend_from_slice(stat_text(s).as_bytes());
        } else if v.watching && open {
            shown.push(b'\n');
        }
        Ok(shown)
    }

    /// `--as json` on a value that is not JSON fails.
    fn check(&self, path: &str, form: Form, d: &Decoded) -> Result<()> {
        match (&d.problem, form) {
            (Some(p), Form::Json) if d.kind != Kind::Json => {
                Err(Error::other(format!("{path}: {p}")))
            }
            _ => Ok(()),
        }
    }

    /// The notice that what is shown is not the stored bytes, and what stopped decoding.
    fn say_decoded(&self, path: &str, stored: usize, d: &Decoded) {
        let path = self.name(path);
        if d.changed() {
            let size = if d.layers.is_empty() {
                format!("{stored} bytes")
            } else {
                format!("{stored} bytes stored, {} decoded", d.plain.len())
            };
            self.note(&format!(
                "{path}: shown decoded as {} ({size}); --as raw shows the stored bytes",
                d.encoding()
            ));
        }
        if let Some(p) = &d.problem {
            self.note(&format!("{path}: {p}"));
        }
    }

    /// A decoded value as text: pretty JSON, text, or (binary) the bytes — escaped or dumped
    /// on a terminal, exact elsewhere.
    fn decoded(&self, d: &Decoded) -> Vec<u8> {
        match (d.kind, d.text()) {
            (Kind::Json, Some(text)) => {
                let tty = self.tty;
                let mut s = decode::json::pretty(text, &|t, s| paint(t, s, tty));
                s.push('\n');
                s.into_bytes()
            }
            _ if !self.tty => d.plain.to_vec(),
            (Kind::Binary, _) => sanitize::hexdump(&d.plain).into_bytes(),
            _ => {
                let mut s = sanitize::escape(&String::from_utf8_lossy(&d.plain), true);
                s.push('\n');
                s.into_bytes()
            }
        }
    }

    /// The JSON document of a `get` reply: `base` (path, exact value, stat) and, when a
    /// decoded form says more than the stored bytes, `decoded`.
    pub(super) fn value_json(&self, base: serde_json::Value, v: &Value) -> Result<String> {
        let doc = base.to_string();
        let Some(h) = hint(v.form, v.rule) else {
            return Ok(doc);
        };
        let d = decode::decode(v.data, &h);
        self.check(v.path, v.form, &d)?;
        if v.form == Form::Auto && !d.changed() && d.problem.is_none() {
            return Ok(doc);
        }
        // The decoded JSON goes in as its own (compacted) text, so every digit and key stays.
        let mut decoded = json!({ "encoding": d.encoding() });
        if let Some(p) = &d.problem {
            decoded["problem"] = json!(p);
        }
        let value = match (d.kind, d.text()) {
            (Kind::Json, Some(t)) => decode::json::compact(t),
            (_, Some(t)) => json!(t).to_string(),
            (_, None) => {
                let b64 = base64::engine::general_purpose::STANDARD.encode(&d.plain);
                decoded["value_base64"] = json!(b64);
                String::new()
            }
        };
        let mut decoded = decoded.to_string();
        if !value.is_empty() {
            decoded.truncate(decoded.len() - 1);
            decoded.push_str(&format!(",\"value\":{value}}}"));
        }
        Ok(format!("{},\"decoded\":{decoded}}}", &doc[..doc.len() - 1]))
    }
}

impl Output {
    /// `watch --data` on a terminal: a compressed or JSON value decoded on one line (compact
    /// JSON, decompressed text with its newlines escaped); `None` when there is nothing to
    /// decode, or on a pipe (which gets the stored bytes).
    pub(super) fn decoded_line(&self, data: &[u8]) -> Option<String> {
        if !self.tty {
            return None;
        }
        let d = decode::decode(data, &Encoding::default());
        match (d.kind, d.text()) {
            _ if !d.changed() => None,
            (Kind::Json, Some(t)) => Some(sanitize::json(&decode::json::compact(t))),
            (_, Some(t)) => Some(sanitize::escape(t.trim_end(), false)),
            (_, None) => None,
        }
    }
}

/// jq's colours (`colored` leaves them out when colour is off); string tokens escaped for a
/// terminal, as JSON escapes, so the text is still the same JSON.
fn paint(t: Tok, s: &str, tty: bool) -> String {
    let s = if tty && t != Tok::Punct {
        sanitize::json(s)
    } else {
        s.to_string()
    };
    match t {
        Tok::Key => s.blue().bold().to_string(),
        Tok::Str => s.green().to_string(),
        Tok::Num | Tok::Bool => s.cyan().to_string(),
        Tok::Null => s.dimmed().to_string(),
        Tok::Punct => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(tty: bool) -> Output {
        Output {
            json: false,
            tty,
            err_tty: false,
            quiet: true,
            verbose: false,
        }
    }

    fn shown(tty: bool, form: Form, data: &[u8]) -> Vec<u8> {
        let v = Value {
            path: "/a",
            data,
            stat: None,
            form,
            rule: None,
            watching: false,
        };
        out(tty).value_text(&v).unwrap()
    }

    #[test]
    fn terminals_see_decoded_values_and_pipes_the_stored_bytes() {
        colored::control::set_override(false);
        let gz = decode::encode(br#"{"a":[1,"x"]}"#, &[decode::Layer::Gzip]);
        assert_eq!(shown(false, Form::Auto, &gz), gz);
        let pretty = "{\n  \"a\": [\n    1,\n    \"x\"\n  ]\n}\n";
        assert_eq!(
            String::from_utf8(shown(true, Form::Auto, &gz)).unwrap(),
            pretty
        );
        assert_eq!(
            String::from_utf8(shown(false, Form::Decode, &gz)).unwrap(),
            pretty
        );
        assert_eq!(shown(false, Form::Raw, &gz), gz);
        assert!(shown(true, Form::Raw, &gz).starts_with(b"00000000  1f 8b"));
        assert_eq!(shown(false, Form::Text, &gz), br#"{"a":[1,"x"]}"#);
        let zipped_text = decode::encode(b"a\x1b[31m", &[decode::Layer::Zlib]);
        assert_eq!(shown(true, Form::Auto, &zipped_text), b"a\\x1b[31m\n");
        let raw_json = br#"{"k":"v"}"#;
        assert_eq!(shown(false, Form::Auto, raw_json), raw_json);
    }

    #[test]
    fn json_strings_cannot_drive_the_terminal() {
        colored::control::set_override(false);
        let s = String::from_utf8(shown(true, Form::Auto, "[\"a\u{202e}b\"]".as_bytes())).unwrap();
        assert_eq!(s, "[\n  \"a\\u202eb\"\n]\n");
    }

    #[test]
    fn watch_data_lines_are_decoded_on_a_terminal() {
        let gz = decode::encode(b"{\"a\": 1}", &[decode::Layer::Gzip]);
        assert_eq!(out(true).decoded_line(&gz).as_deref(), Some("{\"a\":1}"));
        let z = decode::encode(b"l1\nl2\n", &[decode::Layer::Zlib]);
        assert_eq!(out(true).decoded_line(&z).as_deref(), Some("l1\\nl2"));
        assert_eq!(out(true).decoded_line(b"plain"), None);
        assert_eq!(out(false).decoded_line(&gz), None);
    }

    #[test]
    fn as_json_refuses_what_is_not_json() {
        let v = Value {
            path: "/a",
            data: b"plain",
            stat: None,
            form: Form::Json,
            rule: None,
            watching: false,
        };
        let e = out(false).value_text(&v).unwrap_err().to_string();
        assert!(e.contains("/a: not JSON"), "{e}");
    }

    #[test]
    fn json_output_adds_what_was_decoded() {
        let gz = decode::encode(
            br#"{"n":12345678901234567890123,"b":1}"#,
            &[decode::Layer::Gzip],
        );
        let v = Value {
            path: "/a",
            data: &gz,
            stat: None,
            form: Form::Auto,
            rule: None,
            watching: false,
        };
        let base = json!({ "path": "/a", "value_base64": "x" });
        let doc = out(false).value_json(base.clone(), &v).unwrap();
        assert!(
            doc.ends_with(
                r#""decoded":{"encoding":"gzip+json","value":{"n":12345678901234567890123,"b":1}}}"#
            ),
            "{doc}"
        );
        serde_json::from_str::<serde_json::Value>(&doc).unwrap();
        let plain = Value { data: b"text", ..v };
        assert_eq!(
            out(false).value_json(base.clone(), &plain).unwrap(),
            base.to_string()
        );
        let bin = decode::encode(b"\xff\x00", &[decode::Layer::Gzip]);
        let doc = out(false)
            .value_json(
                base,
                &Value {
                    data: &bin,
                    ..plain
                },
            )
            .unwrap();
        assert!(
            doc.contains(r#""decoded":{"encoding":"gzip+binary","value_base64":"/wA="}"#),
            "{doc}"
        );
    }
}
