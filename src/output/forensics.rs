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
        s
    }

    pub fn flush(&mut self) -> Result<()> {
        self.stream.flush()
    }

    pub fn finish(self) -> Result<()> {
        self.stream.finish()
    }
}
