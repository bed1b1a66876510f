//! Text and JSON of the recipe replies (`lock` without CMD, `locks`, `elect --list`).

use base64::Engine;
use serde_json::json;

use super::Output;
use crate::reply::recipe::{Contender, Contenders, Held};

pub fn held_text(out: &Output, h: &Held) -> String {
    format!("{}\n", out.name(&h.node))
}

pub fn held_json(h: &Held) -> serde_json::Value {
    serde_json::to_value(h).unwrap_or_default()
}

pub fn contenders_json(c: &Contenders) -> serde_json::Value {
    let list: Vec<serde_json::Value> = c.contenders.iter().map(contender_json).collect();
    json!({ "path": c.path, "contenders": list })
}

pub fn contenders_text(out: &Output, c: &Contenders) -> String {
    c.contenders
        .iter()
        .map(|e| {
            format!(
                "{:<9} {}  {}  {:>7}  {}  {}\n",
                e.role,
                out.name(&e.node),
                e.session,
                age(e.age_ms),
                e.client.as_deref().unwrap_or("-"),
                shown(out, &e.data)
            )
        })
        .collect()
}

fn contender_json(e: &Contender) -> serde_json::Value {
    let mut v = serde_json::to_value(e).unwrap_or_default();
    match std::str::from_utf8(&e.data) {
        Ok(s) => v["data"] = json!(s),
        Err(_) => {
            v["data_base64"] = json!(base64::engine::general_purpose::STANDARD.encode(&e.data))
        }
    }
    v
}

/// Node data on one line: escaped (always: a table row must stay one row), `-` when empty.
fn shown(out: &Output, data: &[u8]) -> String {
    if data.is_empty() {
        return "-".into();
    }
    let text = String::from_utf8_lossy(data);
    if out.tty {
        super::sanitize::escape(&text, false)
    } else {
        text.replace('\n', "\\n")
    }
}

/// `850ms`, `12s`, `5m03s`, `2h07m`, `3d04h`.
fn age(ms: i64) -> String {
    let s = ms.max(0) / 1000;
    match s {
        _ if ms < 1000 => format!("{}ms", ms.max(0)),
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m{:02}s", s / 60, s % 60),
        3600..86400 => format!("{}h{:02}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d{:02}h", s / 86400, s % 86400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipe::Dialect;

    #[test]
    fn ages_are_short() {
        assert_eq!(age(-5), "0ms");
        assert_eq!(age(850), "850ms");
        assert_eq!(age(12_400), "12s");
        assert_eq!(age(303_000), "5m03s");
        assert_eq!(age(7_620_000), "2h07m");
        assert_eq!(age(273_600_000), "3d04h");
    }

    #[test]
    fn data_stays_on_its_row_and_binary_survives_in_json() {
        let out = Output {
            json: false,
            tty: false,
            err_tty: false,
            quiet: false,
            verbose: false,
        };
        assert_eq!(shown(&out, b"a\nb"), "a\\nb");
        assert_eq!(shown(&out, b""), "-");
        let c = Contender {
            position: 0,
            role: "holder",
            node: "n".into(),
            dialect: Dialect::Kazoo,
            data: vec![0xff],
            session: "0x1".into(),
            age_ms: 1,
            client: None,
        };
        assert_eq!(contender_json(&c)["data_base64"], "/w==");
        assert_eq!(contender_json(&c)["dialect"], "kazoo");
    }
}
