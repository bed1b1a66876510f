//! The JSON document of each reply shown whole (`-o json`): one object or array per command.

use base64::Engine;
use serde_json::{Map, Value, json};

use super::stat_json;
use crate::acl;
use crate::reply::{Reply, Stat, StatsTrack};

/// `{key: text}` when the value is UTF-8, `{key_base64: ...}` otherwise (never lossy).
pub fn value_json(data: &[u8], key: &str) -> Value {
    match std::str::from_utf8(data) {
        Ok(s) => json!({ key: s }),
        Err(_) => {
            json!({ format!("{key}_base64"): base64::engine::general_purpose::STANDARD.encode(data) })
        }
    }
}

pub fn merge(into: &mut Value, from: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, from) {
        a.extend(b);
    }
}

fn with_stat(mut v: Value, stat: Option<&Stat>) -> Value {
    if let Some(s) = stat {
        v["stat"] = stat_json(s);
    }
    v
}

fn track_json(t: &StatsTrack) -> Value {
    Value::Object(
        t.entries()
            .map(|(k, v)| (k.to_string(), json!(v)))
            .collect::<Map<_, _>>(),
    )
}

/// The JSON document of a reply shown whole.
pub fn to_json(r: &Reply) -> Value {
    match r {
        Reply::Done { command, paths } => {
            let mut v = json!({ "ok": true, "command": command });
            match paths.as_slice() {
                [] => {}
                [p] => v["path"] = json!(p),
                ps => v["paths"] = json!(ps),
            }
            v
        }
        Reply::Clear => json!({ "ok": true, "command": "clear" }),
        Reply::Created(p) | Reply::Cwd(p) => json!({ "path": p }),
        Reply::Value {
            path, data, stat, ..
        } => {
            let mut v = json!({ "path": path });
            merge(&mut v, value_json(data, "value"));
            with_stat(v, stat.as_ref())
        }
        Reply::Written { path, stat, .. } | Reply::Stat { path, stat } => {
            json!({ "path": path, "stat": stat_json(stat) })
        }
        Reply::Children {
            path,
            children,
            stat,
            ..
        } => with_stat(json!({ "path": path, "children": children }), stat.as_ref()),
        Reply::Long { path, rows, .. } => {
            let list: Vec<Value> = rows
                .iter()
                .map(|(n, s)| json!({ "name": n, "type": s.kind(), "stat": stat_json(s) }))
                .collect();
            json!({ "path": path, "children": list })
        }
        Reply::Exists { path, exists } => json!({ "path": path, "exists": exists }),
        Reply::Held(h) => super::recipe::held_json(h),
        Reply::Contenders(c) => super::recipe::contenders_json(c),
        Reply::Count { path, count } => json!({ "path": path, "count": count }),
        Reply::Txn { applied, created } => json!({ "applied": applied, "created": created }),
        Reply::Acl { path, acl, stat } => {
            let entries: Vec<Value> = acl
                .iter()
                .map(|a| json!({"scheme": a.scheme, "id": a.id, "perms": acl::perms_text(a.perms)}))
                .collect();
            with_stat(json!({ "path": path, "acl": entries }), stat.as_ref())
        }
        Reply::Digest(d) => json!({ "digest": d }),
        Reply::Identities(ids) => json!(
            ids.iter()
                .map(|(s, u)| json!({ "scheme": s, "user": u }))
                .collect::<Vec<_>>()
        ),
        Reply::Session(s) => json!({
            "session_id": format!("{:#x}", s.id),
            "timeout_ms": s.timeout_ms,
            "server": s.server,
            "state": s.state,
            "watches": s.watches,
        }),
        Reply::Watches(rows) => json!(
            rows.iter()
                .map(|w| json!({ "id": w.id, "path": w.path, "kind": w.kind }))
                .collect::<Vec<_>>()
        ),
        Reply::Unwatched { path, removed } => json!({ "path": path, "removed": removed }),
        Reply::Paths(list) => json!(list),
        Reply::Answers(answers) => json!(
            answers
                .iter()
                .map(|(m, r)| match r {
                    Ok(t) => json!({ "server": m, "answer": t }),
                    Err(e) => json!({ "server": m, "error": e }),
                })
                .collect::<Vec<_>>()
        ),
        Reply::Cluster(rows) => json!(rows),
        Reply::Quota { path, quota, usage } => {
            let mut v = json!({ "path": path, "quota": quota.as_ref().map(track_json) });
            if let Some(u) = usage {
                v["stat"] = track_json(u);
            }
            v
        }
        Reply::History(h) => json!(h),
        Reply::Version { version, revision } => {
            json!({ "zksh": version, "revision": revision })
        }
        Reply::Help(text) => json!({ "help": text }),
        Reply::Contexts { file, rows } => json!({ "file": file, "contexts": rows }),
        Reply::Planned(ops) => json!({ "dry_run": true, "ops": ops }),
        // Shown by their own renderers.
        Reply::Shown
        | Reply::Report(_)
        | Reply::Walked(_)
        | Reply::Exported(_)
        | Reply::Du(_)
        | Reply::Diff(_)
        | Reply::Config(_) => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_json_names_count_and_bytes_always() {
        let v = track_json(&StatsTrack::parse("countHardLimit=2"));
        assert_eq!(v, json!({ "count": -1, "bytes": -1, "countHardLimit": 2 }));
    }
}
