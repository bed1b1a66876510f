//! Keys and resizes, read on a thread of their own and handed to the loop through a channel,
//! so none is lost. `pause` stops the reading (and waits until it has stopped) while the
//! editor owns the terminal, which must get every key typed into it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crossterm::event::{self, Event};
use tokio::sync::mpsc;

/// How often the reader looks at its pause and stop flags while no key comes.
const TICK: Duration = Duration::from_millis(100);

#[derive(Default)]
struct Ctl {
    stop: AtomicBool,
    /// (pause asked, reader paused).
    state: Mutex<(bool, bool)>,
    changed: Condvar,
}

pub struct Input {
    rx: mpsc::UnboundedReceiver<std::io::Result<Event>>,
    ctl: Arc<Ctl>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Input {
    pub fn start() -> Input {
        let (tx, rx) = mpsc::unbounded_channel();
        let ctl = Arc::new(Ctl::default());
        let c = ctl.clone();
        let thread = std::thread::spawn(move || read(&c, &tx));
        Input {
            rx,
            ctl,
            thread: Some(thread),
        }
    }

    /// The next key or resize (`None`: the reader stopped).
    pub async fn next(&mut self) -> Option<std::io::Result<Event>> {
        self.rx.recv().await
    }

    /// Stops reading until `resume`; returns once the reader is not reading.
    pub fn pause(&self) {
        let mut s = self.ctl.state.lock().unwrap_or_else(|e| e.into_inner());
        s.0 = true;
        while !s.1 && self.thread.as_ref().is_some_and(|t| !t.is_finished()) {
            s = self
                .ctl
                .changed
                .wait_timeout(s, TICK)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    pub fn resume(&self) {
        let mut s = self.ctl.state.lock().unwrap_or_else(|e| e.into_inner());
        *s = (false, false);
        self.ctl.changed.notify_all();
    }
}

impl Drop for Input {
    /// The reader must be gone before the shell reads the terminal again.
    fn drop(&mut self) {
        self.ctl.stop.store(true, Ordering::SeqCst);
        self.resume();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn read(ctl: &Ctl, tx: &mpsc::UnboundedSender<std::io::Result<Event>>) {
    while !ctl.stop.load(Ordering::SeqCst) {
        {
            let mut s = ctl.state.lock().unwrap_or_else(|e| e.into_inner());
            if s.0 {
                s.1 = true;
                ctl.changed.notify_all();
                while s.0 && !ctl.stop.load(Ordering::SeqCst) {
                    s = ctl.changed.wait(s).unwrap_or_else(|e| e.into_inner());
                }
                continue;
            }
        }
        match event::poll(TICK) {
            Ok(false) => {}
            Ok(true) => {
                if tx.send(event::read()).is_err() {
                    return;
                }
            }
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        }
    }
}
