//! A ZooKeeper transaction log (`log.<zxid>`), read record by record: the header (magic
//! `ZKLG`), then (Adler32, length-prefixed TxnHeader + txn record, the byte 'B') until the
//! zero padding the server preallocates. Each record's checksum is checked; the txn records
//! are those of zookeeper.jute (`CreateTxn`, `SetDataTxn`, `MultiTxn`, ...).

use std::io::{self, Read};

use super::jute::{Adler32, Bad, MAX_BUFFER, Parsed, Reader};
use super::snapshot::acl_list;
use crate::acl::AclEntry;

pub const LOG_MAGIC: i32 = 0x5a4b_4c47; // "ZKLG"

/// One transaction as the log holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Txn {
    /// Where its record starts in the file.
    pub offset: u64,
    pub session: i64,
    pub cxid: i32,
    pub zxid: i64,
    /// Milliseconds since the epoch, the leader's clock.
    pub time: i64,
    /// Bytes of the record (header and txn).
    pub size: usize,
    pub op: Op,
}

/// The change a transaction makes. Multis hold their sub-ops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Create {
        /// The op code: create, create2, createContainer, createTTL.
        code: i32,
        path: String,
        data: Vec<u8>,
        acl: Vec<AclEntry>,
        /// The owner's marker: 0 persistent, or set for ephemeral / container / TTL.
        ephemeral: bool,
        parent_cversion: i32,
        ttl: Option<i64>,
    },
    Delete {
        code: i32,
        path: String,
    },
    SetData {
        code: i32,
        path: String,
        data: Vec<u8>,
        version: i32,
    },
    SetAcl {
        path: String,
        acl: Vec<AclEntry>,
        version: i32,
    },
    Check {
        path: String,
        version: i32,
    },
    CreateSession {
        timeout: i32,
    },
    /// `paths` are the session's ephemerals (absent in logs of servers before 3.6).
    CloseSession {
        paths: Option<Vec<String>>,
    },
    Error {
        err: i32,
    },
    Multi(Vec<Op>),
    /// An op code this reader does not know; skipped.
    Unknown(i32),
}

pub mod code {
    pub const CREATE: i32 = 1;
    pub const DELETE: i32 = 2;
    pub const SET_DATA: i32 = 5;
    pub const SET_ACL: i32 = 7;
    pub const CHECK: i32 = 13;
    pub const MULTI: i32 = 14;
    pub const CREATE2: i32 = 15;
    pub const RECONFIG: i32 = 16;
    pub const CREATE_CONTAINER: i32 = 19;
    pub const DELETE_CONTAINER: i32 = 20;
    pub const CREATE_TTL: i32 = 21;
    pub const CREATE_SESSION: i32 = -10;
    pub const CLOSE_SESSION: i32 = -11;
    pub const ERROR: i32 = -1;
}

/// ZooKeeper's name for an op code (`Request.op2String`).
pub fn op_name(c: i32) -> &'static str {
    match c {
        code::CREATE => "create",
        code::DELETE => "delete",
        code::SET_DATA => "setData",
        code::SET_ACL => "setACL",
        code::CHECK => "check",
        code::MULTI => "multi",
        code::CREATE2 => "create2",
        code::RECONFIG => "reconfig",
        code::CREATE_CONTAINER => "createContainer",
        code::DELETE_CONTAINER => "deleteContainer",
        code::CREATE_TTL => "createTTL",
        code::CREATE_SESSION => "createSession",
        code::CLOSE_SESSION => "closeSession",
        code::ERROR => "error",
        _ => "unknown",
    }
}

impl Op {
    pub fn code(&self) -> i32 {
        match self {
            Op::Create { code, .. } | Op::Delete { code, .. } | Op::SetData { code, .. } => *code,
            Op::SetAcl { .. } => code::SET_ACL,
            Op::Check { .. } => code::CHECK,
            Op::CreateSession { .. } => code::CREATE_SESSION,
            Op::CloseSession { .. } => code::CLOSE_SESSION,
            Op::Error { .. } => code::ERROR,
            Op::Multi(_) => code::MULTI,
            Op::Unknown(c) => *c,
        }
    }

    pub fn path(&self) -> Option<&str> {
        match self {
            Op::Create { path, .. }
            | Op::Delete { path, .. }
            | Op::SetData { path, .. }
            | Op::SetAcl { path, .. }
            | Op::Check { path, .. } => Some(path),
            _ => None,
        }
    }
}

/// The log's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub version: i32,
    pub dbid: i64,
}

/// Reads a log's records in order.
pub struct Log<R> {
    r: Reader<R>,
    pub header: Header,
    done: bool,
}

impl<R: Read> Log<R> {
    pub fn open(input: R) -> Parsed<Log<R>> {
        let mut r = Reader::new(input);
        let magic = r.int("the file header")?;
        if magic != LOG_MAGIC {
            return Err(Bad::at(
                0,
                format!("not a ZooKeeper transaction log (magic {magic:#010x}, want ZKLG)"),
            ));
        }
        let header = Header {
            version: r.int("the file header")?,
            dbid: r.long("the file header")?,
        };
        Ok(Log {
            r,
            header,
            done: false,
        })
    }

    /// The next transaction; `None` at the end (the file's end, or its zero padding).
    pub fn next_txn(&mut self) -> Parsed<Option<Txn>> {
        if self.done || self.r.at_end()? {
            self.done = true;
            return Ok(None);
        }
        let offset = self.r.offset();
        let crc = self.r.long("a record's checksum")?;
        let mut bytes = Vec::new();
        self.r.buffer_into(&mut bytes, MAX_BUFFER, "a record")?;
        if bytes.is_empty() {
            // The server preallocates the file with zeros: an empty record ends the log.
            self.done = true;
            return Ok(None);
        }
        if self.r.byte("a record's end marker")? != b'B' {
            return Err(Bad::at(
                self.r.offset() - 1,
                "a record's end marker is not 'B' (corrupt)",
            ));
        }
        let sum = Adler32::of(&bytes);
        if crc != i64::from(sum) {
            return Err(Bad::at(
                offset,
                format!(
                    "CRC mismatch: the record says {crc:#x}, its bytes sum to {sum:#x} (corrupt)"
                ),
            ));
        }
        parse_record(&bytes)
            .map(|mut t| {
                t.offset = offset;
                Some(t)
            })
            .map_err(|e| Bad::at(offset + 12 + e.offset, e.what))
    }
}

impl<R: Read> Iterator for Log<R> {
    type Item = Parsed<Txn>;
    fn next(&mut self) -> Option<Self::Item> {
        match self.next_txn() {
            Ok(t) => t.map(Ok),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Parses one record's bytes (TxnHeader then the txn); offsets in errors are within `bytes`.
pub fn parse_record(bytes: &[u8]) -> Parsed<Txn> {
    let mut r = Reader::<io::Empty>::bytes(bytes);
    let session = r.long("the txn header")?;
    let cxid = r.int("the txn header")?;
    let zxid = r.long("the txn header")?;
    let time = r.long("the txn header")?;
    let kind = r.int("the txn header")?;
    let op = body(&mut r, kind)?;
    Ok(Txn {
        offset: 0,
        session,
        cxid,
        zxid,
        time,
        size: bytes.len(),
        op,
    })
}

fn path(r: &mut Reader<io::Empty>) -> Parsed<String> {
    r.string(MAX_BUFFER, "a path")
}

fn boolean(r: &mut Reader<io::Empty>) -> Parsed<bool> {
    Ok(r.byte("a flag")? != 0)
}

/// A txn record of type `kind`.
fn body(r: &mut Reader<io::Empty>, kind: i32) -> Parsed<Op> {
    Ok(match kind {
        code::CREATE_SESSION => Op::CreateSession {
            timeout: r.int("createSession")?,
        },
        code::CLOSE_SESSION => {
            // Older servers write no record at all.
            if r.at_end()? {
                Op::CloseSession { paths: None }
            } else {
                let n = r.count(1 << 24, "closeSession's paths")?;
                let mut paths = Vec::with_capacity(n.min(1024));
                for _ in 0..n {
                    paths.push(path(r)?);
                }
                Op::CloseSession { paths: Some(paths) }
            }
        }
        code::CREATE | code::CREATE2 => {
            let path = path(r)?;
            let data = r.buffer(MAX_BUFFER, "a create's data")?;
            let acl = acl_list(r)?;
            let ephemeral = boolean(r)?;
            // CreateTxnV0 (before 3.3) has no parent cversion.
            let parent_cversion = if r.at_end()? { -1 } else { r.int("a create")? };
            Op::Create {
                code: kind,
                path,
                data,
                acl,
                ephemeral,
                parent_cversion,
                ttl: None,
            }
        }
        code::CREATE_CONTAINER | code::CREATE_TTL => {
            let path = path(r)?;
            let data = r.buffer(MAX_BUFFER, "a create's data")?;
            let acl = acl_list(r)?;
            let parent_cversion = r.int("a create")?;
            let ttl = if kind == code::CREATE_TTL {
                Some(r.long("a create's TTL")?)
            } else {
                None
            };
            Op::Create {
                code: kind,
                path,
                data,
                acl,
                ephemeral: false,
                parent_cversion,
                ttl,
            }
        }
        code::DELETE | code::DELETE_CONTAINER => Op::Delete {
            code: kind,
            path: path(r)?,
        },
        code::SET_DATA | code::RECONFIG => Op::SetData {
            code: kind,
            path: path(r)?,
            data: r.buffer(MAX_BUFFER, "setData's data")?,
            version: r.int("setData's version")?,
        },
        code::SET_ACL => Op::SetAcl {
            path: path(r)?,
            acl: acl_list(r)?,
            version: r.int("setACL's version")?,
        },
        code::CHECK => Op::Check {
            path: path(r)?,
            version: r.int("check's version")?,
        },
        code::ERROR => Op::Error {
            err: r.int("an error txn")?,
        },
        code::MULTI => {
            let n = r.count(1 << 24, "a multi's op count")?;
            let mut ops = Vec::with_capacity(n.min(1024));
            for _ in 0..n {
                let at = r.offset();
                let sub = r.int("a multi's op")?;
                let bytes = r.buffer(MAX_BUFFER, "a multi's op")?;
                if sub == code::MULTI {
                    return Err(Bad::at(at, "a multi inside a multi"));
                }
                let mut inner = Reader::<io::Empty>::bytes(&bytes);
                let op = body(&mut inner, sub).map_err(|e| Bad::at(at + 8 + e.offset, e.what))?;
                ops.push(op);
            }
            Op::Multi(ops)
        }
        other => Op::Unknown(other),
    })
}
