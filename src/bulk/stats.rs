//! The stats of many nodes (`ls -l`): exists requests, many in flight through the `Window`
//! (a multi-read would fetch every value too).

use crate::client::Zk;
use crate::error::{Error, Result};
use crate::reply::Stat;

use super::window::Window;

const CHUNK: usize = 100;
const DEPTH: usize = 8;

/// `each` gets every path's stat in order (`None`: the node is gone).
pub async fn stats(
    zk: &Zk,
    paths: &[String],
    mut each: impl FnMut(&str, Option<Stat>) -> Result<()>,
) -> Result<()> {
    let mut window: Window<'_, Vec<Result<Option<Stat>>>, Error, &[String]> =
        Window::new(zk, DEPTH);
    let mut chunks = paths.chunks(CHUNK);
    loop {
        while !window.is_full() {
            let Some(chunk) = chunks.next() else { break };
            window.push(chunk, move || zk.stat_batch(chunk));
        }
        let Some(done) = window.next().await else {
            return Ok(());
        };
        for (p, r) in done.key.iter().zip(done.result?) {
            each(p, r?)?;
        }
    }
}
