//! Watch tasks: persistent watches that survive reconnects and expiry (the client crate does not
//! restore them, so they are re-armed here and the gap is announced), one-shot watches followed
//! in the background, and the ZOOKEEPER-4466 warning when the two kinds meet on one path.

use std::time::Duration;

use crate::client::{Persistent, Watch, is_terminal};
use crate::error::{Error, Result};
use crate::reply::Event;
use crate::session::{Session, WatchKind};

/// A node event with, for `watch --data`, the value read right after it.
pub struct Delivered {
    pub event: Event,
    pub data: Option<Vec<u8>>,
}

/// Follows a persistent watch on `path` for as long as `emit` returns true, re-arming it after
/// every reconnect and every new session. `first` is the watch the command already set (kept,
/// not set again, so no event falls between the two). `rearmed` is called each time the watch
/// is set again after a gap, when events may have been missed (`ui` then reads again what it
/// shows). Ends with an error only when the watch cannot be set at all (no such permission,
/// closed shell).
pub async fn follow_persistent(
    session: crate::session::WeakSession,
    path: String,
    recursive: bool,
    with_data: bool,
    mut first: Option<Persistent>,
    mut rearmed_after_gap: impl FnMut(),
    mut emit: impl FnMut(Delivered) -> bool,
) -> Result<()> {
    let mut rearmed = false;
    loop {
        let Some(s) = session.upgrade() else {
            return Ok(());
        };
        let zk = match s.zk(Duration::from_secs(3600)).await {
            Ok(zk) => zk,
            Err(Error::SessionExpired) => continue,
            Err(e) => return Err(e),
        };
        let armed = match first.take() {
            Some(w) => Ok(w),
            None => zk.persistent_watch(&path, recursive).await,
        };
        let mut w = match armed {
            Ok(w) => w,
            Err(Error::Connection(_) | Error::SessionExpired) => {
                tokio::time::sleep(Duration::from_millis(200)).await;
                continue;
            }
            Err(e) => return Err(e),
        };
        if rearmed {
            s.notice(&format!(
                "zksh: watch on {path} re-armed; events while disconnected may have been missed"
            ));
            rearmed_after_gap();
        }
        drop(s);
        let mut disconnected = false;
        loop {
            let event = w.next().await;
            if event.session {
                if is_terminal(&event) {
                    break;
                }
                match event.kind.as_str() {
                    "Disconnected" => disconnected = true,
                    _ if disconnected => break,
                    _ => {}
                }
                continue;
            }
            let data =
                if with_data && matches!(event.kind.as_str(), "NodeCreated" | "NodeDataChanged") {
                    zk.get(&event.path).await.ok().map(|(d, _)| d)
                } else {
                    None
                };
            if !emit(Delivered { event, data }) {
                return Ok(());
            }
        }
        rearmed = true;
    }
}

/// Warns when a one-shot and a persistent watch would meet on one path (ZOOKEEPER-4466: the
/// server then delivers to one of them only).
pub fn warn_overlap(s: &Session, path: &str, kind: WatchKind) {
    let clash = s.list_watches().into_iter().any(|(_, p, k)| {
        if kind.is_persistent() == k.is_persistent() {
            return false;
        }
        let (persistent_path, persistent_kind, other) = if k.is_persistent() {
            (&p[..], k, path)
        } else {
            (path, kind, &p[..])
        };
        other == persistent_path
            || (persistent_kind == WatchKind::Recursive
                && (persistent_path == "/" || other.starts_with(&format!("{persistent_path}/"))))
    });
    if clash {
        s.notice(&format!(
            "zksh: warning: {path} now has both a one-shot and a persistent watch; the server may \
             deliver an event to only one of them (ZOOKEEPER-4466)"
        ));
    }
}

/// In the REPL: prints a one-shot watch's event inline whenever it fires, listed in `watches`
/// until then.
pub fn spawn_oneshot(
    s: &Session,
    path: &str,
    kind: WatchKind,
    watch: Watch,
    sink: crate::context::EventSink,
) {
    warn_overlap(s, path, kind);
    let id = s.add_watch(path, kind, None);
    let weak = s.downgrade();
    let out = s.out();
    let task = tokio::spawn(async move {
        let event = watch.event().await;
        if let Some(s) = weak.upgrade() {
            s.remove_watch(id);
            if s.print_watches() {
                sink(out.event_line(&event, None));
            }
        }
    });
    s.set_watch_task(id, task.abort_handle());
}
