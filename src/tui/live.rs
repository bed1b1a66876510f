//! Keeping the view live: ONE persistent recursive watch on the subtree the ui shows (never a
//! watch per node), followed by `watch::follow_persistent`, which re-arms it after reconnects
//! and new sessions and says when it did. The watch is listed in `watches` while it lives.

use super::fetch::{Msg, Tx};
use crate::error::Result;
use crate::session::{Session, WatchKind};

/// The subtree's watch; dropping it ends the watch.
pub struct Live {
    session: crate::session::WeakSession,
    id: usize,
    task: tokio::task::AbortHandle,
}

impl Live {
    /// Sets the watch on `root` now (so nothing that happens after the first read is missed)
    /// and follows it in the background.
    pub async fn start(session: &Session, root: &str, tx: &Tx) -> Result<Live> {
        let zk = session.zk(std::time::Duration::from_secs(30)).await?;
        let first = zk.persistent_watch(root, true).await?;
        let id = session.add_watch(root, WatchKind::Recursive, None);
        let (weak, path) = (session.downgrade(), root.to_string());
        let (rearm_tx, event_tx) = (tx.clone(), tx.clone());
        let task = tokio::spawn(async move {
            let _ = crate::watch::follow_persistent(
                weak,
                path,
                true,
                false,
                Some(first),
                move || {
                    let _ = rearm_tx.send(Msg::Rearmed);
                },
                move |d| event_tx.send(Msg::Event(d.event)).is_ok(),
            )
            .await;
        });
        session.set_watch_task(id, task.abort_handle());
        Ok(Live {
            session: session.downgrade(),
            id,
            task: task.abort_handle(),
        })
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.task.abort();
        if let Some(s) = self.session.upgrade() {
            s.remove_watch(self.id);
        }
    }
}
