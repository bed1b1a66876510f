//! ZooKeeper's files on disk, read without a server: snapshots, transaction logs, and which of
//! them a data directory's state is made of. Pure: no client, no output; every reader is safe
//! on any input (fuzzed: fuzz/fuzz_targets/snapshot_read.rs, txnlog_read.rs).

pub mod jute;
pub mod snapshot;
pub mod txnlog;
pub mod xerial;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The zxid in a file name such as `snapshot.1a2b` or `log.100000001` (with any suffix).
pub fn zxid_of(name: &str, prefix: &str) -> Option<i64> {
    let rest = name.strip_prefix(prefix)?.strip_prefix('.')?;
    let hex = rest.split('.').next()?;
    u64::from_str_radix(hex, 16).ok().map(|z| z as i64)
}

/// The files of one `version-2` directory, each list sorted by zxid.
#[derive(Debug, Default)]
pub struct Files {
    pub dir: PathBuf,
    pub snapshots: Vec<(i64, PathBuf)>,
    pub logs: Vec<(i64, PathBuf)>,
}

/// `dir` may be the server's dataDir (holding `version-2/`) or `version-2/` itself.
pub fn list(dir: &Path) -> Result<Files> {
    let v2 = dir.join("version-2");
    let dir = if v2.is_dir() { v2 } else { dir.to_path_buf() };
    let entries = std::fs::read_dir(&dir).map_err(|e| io_err(&dir, e))?;
    let mut files = Files {
        dir: dir.clone(),
        ..Files::default()
    };
    for e in entries {
        let e = e.map_err(|e| io_err(&dir, e))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if let Some(z) = zxid_of(&name, "snapshot") {
            files.snapshots.push((z, e.path()));
        } else if let Some(z) = zxid_of(&name, "log") {
            files.logs.push((z, e.path()));
        }
    }
    files.snapshots.sort();
    files.logs.sort();
    Ok(files)
}

impl Files {
    /// The logs that can hold transactions after `zxid`: the last one starting at or before it
    /// (it may run on past it), and every later one (as FileTxnLog.getLogFiles picks them).
    pub fn logs_after(&self, zxid: i64) -> Vec<PathBuf> {
        let first = self.logs.iter().rposition(|(z, _)| *z <= zxid).unwrap_or(0);
        self.logs[first.min(self.logs.len())..]
            .iter()
            .map(|(_, p)| p.clone())
            .collect()
    }
}

pub fn io_err(path: &Path, e: std::io::Error) -> Error {
    Error::other(format!("{}: {e}", path.display()))
}

/// A format error in `path`, with its offset.
pub fn bad(path: &Path, e: jute::Bad, compressed: bool) -> Error {
    let of = if compressed {
        " (of the decompressed stream)"
    } else {
        ""
    };
    Error::other(format!(
        "{}: at byte {}{of}: {}",
        path.display(),
        e.offset,
        e.what
    ))
}

/// Opens a file for reading, with its name in the error.
pub fn open(path: &Path) -> Result<std::fs::File> {
    std::fs::File::open(path).map_err(|e| io_err(path, e))
}
