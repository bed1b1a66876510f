//! Files zksh writes (`export FILE`): written to a new file beside the target and renamed over
//! it only once complete, so a failure at any point (a missing root, a lost connection, Ctrl-C,
//! a full disk) leaves an existing file byte for byte as it was.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

pub struct AtomicFile {
    target: PathBuf,
    file: BufWriter<NamedTempFile>,
}

impl AtomicFile {
    /// A new file in `target`'s directory (with `target`'s permissions, if it exists).
    pub fn create(target: &str) -> Result<AtomicFile> {
        let bad = |e: std::io::Error| Error::usage(format!("{target}: {e}"));
        let path = Path::new(target);
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".zksh-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(bad)?;
        if let Ok(meta) = std::fs::metadata(path) {
            tmp.as_file()
                .set_permissions(meta.permissions())
                .map_err(bad)?;
        }
        Ok(AtomicFile {
            target: path.to_path_buf(),
            file: BufWriter::new(tmp),
        })
    }

    pub fn write(&mut self, b: &[u8]) -> Result<()> {
        self.file.write_all(b).map_err(|e| self.failed(e))
    }

    /// Flushes the new file to disk and renames it over the target.
    pub fn commit(self) -> Result<()> {
        let target = self.target.clone();
        let fail = |e: std::io::Error| Error::other(format!("{}: {e}", target.display()));
        let tmp = self.file.into_inner().map_err(|e| fail(e.into_error()))?;
        tmp.as_file().sync_all().map_err(fail)?;
        tmp.persist(&target).map_err(|e| fail(e.error))?;
        Ok(())
    }

    fn failed(&self, e: std::io::Error) -> Error {
        Error::other(format!(
            "{}: {e}; the file was left as it was",
            self.target.display()
        ))
    }
}
