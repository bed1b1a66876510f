//! How the forensics commands print: `txnlog` lines (text, or NDJSON with `-o json`),
//! `hotspots` tables and `acl audit` findings. The commands build these typed rows; only this
//! file knows the formats.

use serde::Serialize;

use super::Output;
use super::stream::Stream;
use crate::error::Result;

/// One transaction (or one op of a multi) as `txnlog` shows it.
#[derive(Clone, Debug, Serialize)]
pub struct TxnRow {
    /// RFC 3339, UTC, milliseconds.
    pub time: String,
    pub time_ms: i64,
    /// Hex, as ZooKeeper prints zxids and sessions.
    pub zxid: String,
    pub session: String,
    pub cxid: i32,
    pub op: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Bytes of the value written (creates, setData).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_size: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acl: Option<Vec<String>>,
    /// create: ephemeral, container or ttl; createSession: its timeout in ms; error: its code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For an op of a multi: its position (from 1) and the multi's op count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub multi: Option<(usize, usize)>,
    /// `blame`: where the session is connected now, if a member still knows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<Conn>,
    /// Bytes of the whole log record (shared by a multi's ops).
    pub record_size: usize,
    pub file: String,
    pub offset: u64,
}

/// Prints `txnlog` rows as they come.
pub struct TxnPrinter {
    out: Output,
    stream: Stream,
}

impl TxnPrinter {
    pub fn new(out: Output) -> TxnPrinter {
        TxnPrinter {
            out,
            stream: Stream::new(out),
        }
    }

    pub fn row(&mut self, r: &TxnRow) -> Result<()> {
        if self.out.json {
            let doc = serde_json::to_string(r).unwrap_or_default();
            let doc = if self.out.tty {
                super::sanitize::json(&doc)
            } else {
                doc
            };
            return self.stream.line(&doc);
        }
        self.stream.line(&self.text(r))
    }

    fn text(&self, r: &TxnRow) -> String {
        let mut s = format!("{} {} {} {}", r.time, r.zxid, r.session, r.op);
        if let Some(p) = &r.path {
            s.push(' ');
            s.push_str(&self.out.name(p));
        }
        if let Some(n) = r.data_size {
            s.push_str(&format!(" data={n}B"));
        }
        if let Some(v) = r.version {
            s.push_str(&format!(" version={v}"));
        }
        if let Some(a) = &r.acl {
            s.push_str(&format!(" acl={}", self.out.name(&a.join(","))));
        }
        if let Some(d) = &r.detail {
            s.push(' ');
            s.push_str(d);
        }
        if let Some((i, n)) = r.multi {
            s.push_str(&format!(" (multi {i}/{n})"));
        }
        if let Some(c) = &r.client {
            s.push_str(&format!(" client={} on {}", c.address, c.member));
        }
        s
    }

    pub fn flush(&mut self) -> Result<()> {
        self.stream.flush()
    }

    pub fn finish(self) -> Result<()> {
        self.stream.finish()
    }
}

/// A node and one measure of it (children, bytes or depth).
#[derive(Clone, Debug, Serialize)]
pub struct Spot {
    pub path: String,
    pub value: u64,
}

/// A subtree: its nodes (itself included) and their bytes.
#[derive(Clone, Debug, Serialize)]
pub struct Subtree {
    pub path: String,
    pub nodes: u64,
    pub bytes: u64,
}

/// What `hotspots` found below `path`.
#[derive(Clone, Debug, Serialize)]
pub struct Hotspots {
    pub path: String,
    pub nodes: u64,
    pub bytes: u64,
    /// By number of children.
    pub widest: Vec<Spot>,
    /// By value size in bytes.
    pub largest: Vec<Spot>,
    /// By depth below `path`.
    pub deepest: Vec<Spot>,
    /// By nodes in the subtree.
    pub biggest: Vec<Subtree>,
}

pub fn hotspots(out: Output, h: &Hotspots) -> Result<()> {
    if out.json {
        return out.json(&serde_json::to_value(h).unwrap_or_default());
    }
    let mut s = Stream::new(out);
    let sections: [(&str, &[Spot]); 3] = [
        ("widest (children)", &h.widest),
        ("largest values (bytes)", &h.largest),
        ("deepest (levels below)", &h.deepest),
    ];
    for (title, spots) in sections {
        s.line(title)?;
        for x in spots {
            s.line(&format!("{:>12}  {}", x.value, out.name(&x.path)))?;
        }
    }
    s.line("biggest subtrees (nodes, bytes)")?;
    for x in &h.biggest {
        s.line(&format!(
            "{:>12} {:>12}  {}",
            x.nodes,
            x.bytes,
            out.name(&x.path)
        ))?;
    }
    s.line(&format!(
        "{} nodes, {} bytes below {}",
        h.nodes,
        h.bytes,
        out.name(&h.path)
    ))?;
    s.finish()
}

/// One thing `acl audit` found.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// world-writable, more-open-than-parent, unreadable, unknown-digest.
    pub kind: &'static str,
    pub path: String,
    pub detail: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct AclAudit {
    pub path: String,
    pub nodes: u64,
    pub findings: Vec<Finding>,
}

pub fn acl_audit(out: Output, a: &AclAudit) -> Result<()> {
    if out.json {
        return out.json(&serde_json::to_value(a).unwrap_or_default());
    }
    let mut s = Stream::new(out);
    for f in &a.findings {
        s.line(&format!(
            "{:<22} {}  {}",
            f.kind,
            out.name(&f.path),
            out.name(&f.detail)
        ))?;
    }
    s.finish()?;
    if a.findings.is_empty() {
        out.note(&format!("acl audit: {} nodes, nothing found", a.nodes));
    } else {
        out.note(&format!(
            "acl audit: {} findings in {} nodes",
            a.findings.len(),
            a.nodes
        ));
    }
    Ok(())
}

/// A client connection a member reports (4lw `cons`).
#[derive(Clone, Debug, Serialize)]
pub struct Conn {
    pub member: String,
    pub address: String,
}

/// `who`: a session, the ephemeral asked about, the session's ephemerals and connections.
#[derive(Clone, Debug, Serialize)]
pub struct Who {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub session: String,
    pub ephemerals: Vec<String>,
    pub connections: Vec<Conn>,
}

pub fn who(out: Output, w: &Who) -> Result<()> {
    if out.json {
        return out.json(&serde_json::to_value(w).unwrap_or_default());
    }
    let mut s = Stream::new(out);
    if let Some(p) = &w.path {
        s.line(&format!("{}  owner {}", out.name(p), w.session))?;
    }
    match &w.connections[..] {
        [] => s.line(&format!(
            "session {}: no member lists a connection for it (4lw cons)",
            w.session
        ))?,
        list => {
            for c in list {
                s.line(&format!(
                    "session {}: client {} on {}",
                    w.session, c.address, c.member
                ))?;
            }
        }
    }
    for e in &w.ephemerals {
        s.line(&format!("ephemeral {}", out.name(e)))?;
    }
    s.finish()
}
