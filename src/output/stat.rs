//! Stat formatting: zkCli.sh's field names in text, the same fields in JSON.

use std::time::{Duration, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::reply::Stat;

fn time(ms: i64) -> String {
    let t = UNIX_EPOCH + Duration::from_millis(ms.max(0) as u64);
    humantime::format_rfc3339_millis(t).to_string()
}

/// The stat as zkCli.sh prints it, with ISO-8601 UTC times.
pub fn stat_text(s: &Stat) -> String {
    format!(
        "cZxid = {:#x}\nctime = {}\nmZxid = {:#x}\nmtime = {}\npZxid = {:#x}\ncversion = {}\n\
         dataVersion = {}\naclVersion = {}\nephemeralOwner = {:#x}\ndataLength = {}\nnumChildren = {}\n",
        s.czxid,
        time(s.ctime),
        s.mzxid,
        time(s.mtime),
        s.pzxid,
        s.cversion,
        s.version,
        s.aversion,
        s.ephemeral_owner,
        s.data_length,
        s.num_children
    )
}

pub fn stat_json(s: &Stat) -> Value {
    let mut v = serde_json::to_value(s).unwrap_or(Value::Null);
    v["ctime_iso"] = json!(time(s.ctime));
    v["mtime_iso"] = json!(time(s.mtime));
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_uses_zkcli_names() {
        let s = Stat {
            czxid: 2,
            mzxid: 3,
            pzxid: 2,
            ctime: 0,
            mtime: 1000,
            version: 1,
            cversion: 0,
            aversion: 0,
            ephemeral_owner: 0,
            data_length: 5,
            num_children: 0,
        };
        let t = stat_text(&s);
        assert!(t.starts_with("cZxid = 0x2\nctime = 1970-01-01T00:00:00.000Z\n"));
        assert!(t.contains("dataVersion = 1\n"));
        assert!(t.ends_with("numChildren = 0\n"));
        assert_eq!(stat_json(&s)["version"], 1);
    }
}
