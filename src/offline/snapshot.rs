//! A ZooKeeper snapshot file (`snapshot.<zxid>`, plain, `.gz` or `.snappy`), read as a stream
//! into a `Sink`: header (magic `ZKSN`), sessions, the ACL table, (path, node) records up to the
//! `/` sentinel, the Adler32 seal, and the optional digest / last-zxid sections, each sealed too.
//! Nothing here trusts the file: a bad byte is an error naming its offset.

use std::io::Read;

use super::jute::{Bad, MAX_BUFFER, Parsed, Reader};
use crate::acl::AclEntry;

pub const SNAP_MAGIC: i32 = 0x5a4b_534e; // "ZKSN"

/// A node's metadata as the server keeps it (jute `StatPersisted`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatPersisted {
    pub czxid: i64,
    pub mzxid: i64,
    pub ctime: i64,
    pub mtime: i64,
    pub version: i32,
    /// Counts creates of children (clients see `2 * cversion - children`).
    pub cversion: i32,
    pub aversion: i32,
    /// A session id; or the container / TTL markers (see `NodeKind`).
    pub ephemeral_owner: i64,
    pub pzxid: i64,
}

/// What a snapshot holds, handed over as it is read.
pub trait Sink {
    fn session(&mut self, id: i64, timeout: i32);
    fn acl(&mut self, key: i64, acl: Vec<AclEntry>);
    /// `path` is "" for the root, as the server writes it. An error stops the read at `offset`.
    fn node(
        &mut self,
        path: &[u8],
        data: &[u8],
        acl: i64,
        stat: &StatPersisted,
    ) -> Result<(), String>;
}

/// Counts only (fuzzing, validation).
#[derive(Default, Debug)]
pub struct Count {
    pub sessions: usize,
    pub acls: usize,
    pub nodes: usize,
}

impl Sink for Count {
    fn session(&mut self, _: i64, _: i32) {
        self.sessions += 1;
    }
    fn acl(&mut self, _: i64, _: Vec<AclEntry>) {
        self.acls += 1;
    }
    fn node(&mut self, _: &[u8], _: &[u8], _: i64, _: &StatPersisted) -> Result<(), String> {
        self.nodes += 1;
        Ok(())
    }
}

/// What the header and trailer said.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Info {
    pub version: i32,
    pub dbid: i64,
    /// From the digest section (3.6+), when present.
    pub digest_zxid: Option<i64>,
    /// From the last-processed-zxid section (3.9+), when present.
    pub last_zxid: Option<i64>,
}

/// How the file is compressed, by its name as ZooKeeper decides it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Snappy,
}

impl Compression {
    pub fn of(name: &str) -> Compression {
        if name.ends_with(".gz") {
            Compression::Gzip
        } else if name.ends_with(".snappy") {
            Compression::Snappy
        } else {
            Compression::None
        }
    }
}

/// Reads a whole snapshot from `input` (compressed as `c`) into `sink`.
pub fn read(input: impl Read, c: Compression, sink: &mut impl Sink) -> Parsed<Info> {
    match c {
        Compression::None => read_plain(input, sink),
        Compression::Gzip => read_plain(flate2::read::GzDecoder::new(input), sink),
        Compression::Snappy => read_plain(super::xerial::Decoder::new(input), sink),
    }
}

/// Reads an uncompressed snapshot stream.
pub fn read_plain(input: impl Read, sink: &mut impl Sink) -> Parsed<Info> {
    let mut r = Reader::new(input);
    let magic = r.int("the file header")?;
    if magic != SNAP_MAGIC {
        return Err(Bad::at(
            0,
            format!("not a ZooKeeper snapshot (magic {magic:#010x}, want ZKSN)"),
        ));
    }
    let mut info = Info {
        version: r.int("the file header")?,
        dbid: r.long("the file header")?,
        ..Info::default()
    };
    sessions(&mut r, sink)?;
    acls(&mut r, sink)?;
    nodes(&mut r, sink)?;
    seal(&mut r, "the snapshot's seal")?;
    // Optional sections, each sealed: the digest (20 bytes), then the last zxid (8 bytes).
    if !r.at_end()? {
        let zxid = r.long("the digest section")?;
        let _version = r.int("the digest section")?;
        let _digest = r.long("the digest section")?;
        seal(&mut r, "the digest section's seal")?;
        info.digest_zxid = Some(zxid);
    }
    if !r.at_end()? {
        info.last_zxid = Some(r.long("the last-zxid section")?);
        seal(&mut r, "the last-zxid section's seal")?;
    }
    if !r.at_end()? {
        return Err(Bad::at(
            r.offset(),
            "unexpected bytes after the snapshot's end",
        ));
    }
    Ok(info)
}

fn sessions(r: &mut Reader<impl Read>, sink: &mut impl Sink) -> Parsed<()> {
    let n = r.count(i32::MAX as usize, "the session count")?;
    for _ in 0..n {
        let id = r.long("a session")?;
        let timeout = r.int("a session")?;
        sink.session(id, timeout);
    }
    Ok(())
}

/// Reads a jute `vector<ACL>`.
pub fn acl_list(r: &mut Reader<impl Read>) -> Parsed<Vec<AclEntry>> {
    let n = r.count(1 << 16, "an ACL list")?;
    let mut list = Vec::with_capacity(n.min(16));
    for _ in 0..n {
        let perms = r.int("an ACL")?;
        let scheme = r.string(MAX_BUFFER, "an ACL's scheme")?;
        let id = r.string(MAX_BUFFER, "an ACL's id")?;
        list.push(AclEntry { scheme, id, perms });
    }
    Ok(list)
}

fn acls(r: &mut Reader<impl Read>, sink: &mut impl Sink) -> Parsed<()> {
    let n = r.count(i32::MAX as usize, "the ACL table's size")?;
    for _ in 0..n {
        let key = r.long("the ACL table")?;
        let list = acl_list(r)?;
        sink.acl(key, list);
    }
    Ok(())
}

fn stat(r: &mut Reader<impl Read>) -> Parsed<StatPersisted> {
    let b = r.take(60, "a node's stat")?;
    let l = |i: usize| i64::from_be_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
    let n = |i: usize| i32::from_be_bytes(b[i..i + 4].try_into().unwrap_or([0; 4]));
    Ok(StatPersisted {
        czxid: l(0),
        mzxid: l(8),
        ctime: l(16),
        mtime: l(24),
        version: n(32),
        cversion: n(36),
        aversion: n(40),
        ephemeral_owner: l(44),
        pzxid: l(52),
    })
}

fn nodes(r: &mut Reader<impl Read>, sink: &mut impl Sink) -> Parsed<()> {
    let (mut path, mut data) = (Vec::new(), Vec::new());
    loop {
        let at = r.offset();
        r.buffer_into(&mut path, MAX_BUFFER, "a node's path")?;
        if path == b"/" {
            return Ok(());
        }
        r.buffer_into(&mut data, MAX_BUFFER, "a node's data")?;
        let acl = r.long("a node's ACL reference")?;
        let st = stat(r)?;
        sink.node(&path, &data, acl, &st)
            .map_err(|e| Bad::at(at, e))?;
    }
}

/// Checks a seal: the Adler32 of everything before it, then the string "/".
fn seal(r: &mut Reader<impl Read>, what: &str) -> Parsed<()> {
    let sum = r.checksum();
    let at = r.offset();
    let val = r.long(what)?;
    let slash = r
        .buffer(1, what)
        .map_err(|_| Bad::at(at + 8, format!("{what} is damaged")))?;
    if val != i64::from(sum) {
        return Err(Bad::at(
            at,
            format!(
                "checksum mismatch: the file says {val:#x}, its bytes sum to {sum:#x} (corrupt)"
            ),
        ));
    }
    if slash != b"/" {
        return Err(Bad::at(at + 8, format!("{what} is damaged")));
    }
    Ok(())
}
