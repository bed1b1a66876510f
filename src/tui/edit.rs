//! `e`: the selected node's value in `$EDITOR` (the terminal handed over meanwhile), written
//! back with compare-and-set on the version read. When the node changed in between, nothing is
//! written and both versions come back for the operator to choose.

use std::io::Write;

use super::terminal::Guard;
use crate::client::Zk;
use crate::error::{Error, Result};
use crate::reply::Stat;

pub enum Edited {
    Written(Stat),
    /// The node moved on: (theirs, their version).
    Conflict {
        theirs: Vec<u8>,
        version: i32,
    },
}

/// Puts `text` in a private temp file, runs the editor on it with the terminal handed over,
/// and gives back what the file holds then.
pub async fn in_editor(guard: &mut Guard, text: &[u8]) -> Result<Vec<u8>> {
    // tempfile: mode 0600, an unpredictable name, created with O_EXCL.
    let mut tmp = tempfile::Builder::new()
        .prefix("zksh-edit-")
        .suffix(".txt")
        .tempfile()?;
    tmp.write_all(text)?;
    tmp.flush()?;
    guard.suspend();
    let ran = crate::command::run_editor(tmp.path()).await;
    guard.resume()?;
    let (editor, status) = ran?;
    if !status.success() {
        return Err(Error::other(format!(
            "editor {editor:?} failed ({status}); nothing written"
        )));
    }
    // By path: an editor may replace the file rather than write into it.
    Ok(std::fs::read(tmp.path())?)
}

/// Writes `mine` over the node if it is still at `version`.
pub async fn write(zk: &Zk, path: &str, mine: &[u8], version: i32) -> Result<Edited> {
    match zk.set(path, mine, Some(version)).await {
        Ok(stat) => Ok(Edited::Written(stat)),
        Err(Error::BadVersion { .. }) => {
            let (theirs, stat) = zk.get(path).await?;
            Ok(Edited::Conflict {
                theirs,
                version: stat.version,
            })
        }
        Err(e) => Err(e),
    }
}

/// Keeps text that was not written in a file for the operator; gives its path.
pub fn keep(text: &[u8]) -> String {
    let kept = tempfile::Builder::new()
        .prefix("zksh-edit-")
        .suffix(".txt")
        .tempfile()
        .and_then(|mut f| f.write_all(text).map(|_| f))
        .and_then(|f| f.keep().map_err(|e| e.error));
    match kept {
        Ok((_, p)) => p.display().to_string(),
        Err(e) => format!("(lost: {e})"),
    }
}
