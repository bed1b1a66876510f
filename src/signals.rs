//! SIGINT, SIGTERM and SIGHUP, caught once for the whole process. A running command is told
//! (`next`); a bulk operation is asked to stop (`stop_requested`) so that it sends nothing more,
//! waits for the replies in flight and reports exactly what was and was not done. With no
//! command running, SIGTERM and SIGHUP end zksh at once (128 + the signal, after removing a
//! `--sandbox` server), and so does SIGINT outside the REPL.

use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};

use tokio::sync::watch;

static STOP: AtomicI32 = AtomicI32::new(0);
static RUNNING: AtomicUsize = AtomicUsize::new(0);
static BULK: AtomicUsize = AtomicUsize::new(0);
static OWN: AtomicUsize = AtomicUsize::new(0);
static INTERACTIVE: AtomicBool = AtomicBool::new(false);

pub const SIGINT: i32 = 2;

/// The signals received so far (how many, and the last one), and a way to wait for the next.
fn channel() -> &'static watch::Sender<(u64, i32)> {
    static TX: std::sync::OnceLock<watch::Sender<(u64, i32)>> = std::sync::OnceLock::new();
    TX.get_or_init(|| watch::channel((0, 0)).0)
}

/// Starts listening; call once, inside the runtime. `interactive`: SIGINT at the prompt belongs
/// to the line editor, not to zksh.
pub fn install(interactive: bool) {
    INTERACTIVE.store(interactive, Ordering::Relaxed);
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        for (kind, n) in [
            (SignalKind::interrupt(), SIGINT),
            (SignalKind::terminate(), 15),
            (SignalKind::hangup(), 1),
        ] {
            let Ok(mut s) = signal(kind) else { continue };
            tokio::spawn(async move {
                while s.recv().await.is_some() {
                    received(n);
                }
            });
        }
    }
}

fn received(n: i32) {
    if RUNNING.load(Ordering::SeqCst) == 0 && !(n == SIGINT && INTERACTIVE.load(Ordering::Relaxed))
    {
        crate::sandbox::stop_after_panic();
        std::process::exit(128 + n);
    }
    channel().send_modify(|(seq, last)| {
        *seq += 1;
        *last = n;
    });
}

/// Signals received from its start on, one at a time.
pub struct Listener {
    /// Signals received before it began (or already given).
    seen: u64,
}

impl Listener {
    pub fn new() -> Listener {
        Listener {
            seen: channel().borrow().0,
        }
    }

    /// Waits for the next signal and gives its number.
    pub async fn next(&mut self) -> i32 {
        let mut rx = channel().subscribe();
        loop {
            let (seq, n) = *rx.borrow_and_update();
            if seq > self.seen {
                self.seen = seq;
                return n;
            }
            if rx.changed().await.is_err() {
                return std::future::pending().await;
            }
        }
    }
}

impl Default for Listener {
    fn default() -> Self {
        Listener::new()
    }
}

/// Waits for the next signal from now on and gives its number.
pub async fn next_signal() -> i32 {
    Listener::new().next().await
}

/// Marks a command as running while it lives: signals then go to it, not end the process.
pub struct Running {
    signals: Listener,
}

impl Running {
    pub fn start() -> Running {
        STOP.store(0, Ordering::SeqCst);
        RUNNING.fetch_add(1, Ordering::SeqCst);
        Running {
            signals: Listener::new(),
        }
    }

    /// The next signal since the command began (or since the last one this gave).
    pub async fn next(&mut self) -> i32 {
        self.signals.next().await
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Marks a bulk operation that can stop cleanly while it lives.
pub struct Bulk(());

impl Bulk {
    pub fn start() -> Bulk {
        BULK.fetch_add(1, Ordering::SeqCst);
        Bulk(())
    }
}

impl Drop for Bulk {
    fn drop(&mut self) {
        BULK.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Marks a command that handles stop signals itself while it lives (one that runs a child:
/// `lock -- CMD` forwards them and releases its lock), so it is never cancelled under it.
pub struct Own(());

impl Own {
    pub fn start() -> Own {
        OWN.fetch_add(1, Ordering::SeqCst);
        Own(())
    }
}

impl Drop for Own {
    fn drop(&mut self) {
        OWN.fetch_sub(1, Ordering::SeqCst);
    }
}

pub fn handled_by_command() -> bool {
    OWN.load(Ordering::SeqCst) > 0
}

pub fn bulk_running() -> bool {
    BULK.load(Ordering::SeqCst) > 0
}

/// Asks the running bulk operation to stop.
pub fn request_stop(signal: i32) {
    STOP.store(signal, Ordering::SeqCst);
}

/// The signal that asked the running operation to stop, if one did.
pub fn stop_requested() -> Option<i32> {
    match STOP.load(Ordering::SeqCst) {
        0 => None,
        n => Some(n),
    }
}
