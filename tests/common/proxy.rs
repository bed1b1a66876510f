//! A loopback TCP proxy for chaos tests: it sits between zksh and a real server and, on command,
//! cuts every connection, stalls them (bytes held, sockets open), slows them, or refuses new
//! ones. Plain std threads, so any test binary can include it.
#![allow(dead_code)]

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How often a stalled pump looks again whether it may go on.
const TICK: Duration = Duration::from_millis(5);

struct Shared {
    target: SocketAddr,
    /// Both ends of every live connection (clones, to shut them down from outside).
    conns: Mutex<Vec<(usize, TcpStream, TcpStream)>>,
    stalled: AtomicBool,
    refusing: AtomicBool,
    delay_us: AtomicU64,
    /// Bumped by `cut()`: a pump holding bytes of an older generation drops them.
    generation: AtomicU64,
    accepted: AtomicUsize,
    /// Bytes forwarded from clients to the server.
    up_bytes: AtomicU64,
    /// `cut_at` marks still to come, in bytes sent up; the next one last.
    cut_at: Mutex<Vec<u64>>,
    /// `fail_at`'s mark, in bytes sent up.
    fail_at: Mutex<Option<u64>>,
    cuts: AtomicUsize,
    stop: AtomicBool,
}

/// A running proxy; stops and closes everything when dropped.
pub struct Proxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

impl Proxy {
    /// Listens on 127.0.0.1 (a free port) and forwards each connection to `target` (host:port).
    pub fn start(target: &str) -> Proxy {
        let target = target
            .to_socket_addrs()
            .expect("proxy target address")
            .next()
            .expect("proxy target resolves");
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared {
            target,
            conns: Mutex::new(Vec::new()),
            stalled: AtomicBool::new(false),
            refusing: AtomicBool::new(false),
            delay_us: AtomicU64::new(0),
            generation: AtomicU64::new(0),
            accepted: AtomicUsize::new(0),
            up_bytes: AtomicU64::new(0),
            cut_at: Mutex::new(Vec::new()),
            fail_at: Mutex::new(None),
            cuts: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let s = shared.clone();
        thread::spawn(move || accept_loop(listener, s));
        Proxy { addr, shared }
    }

    /// The address zksh should connect to (`127.0.0.1:PORT`).
    pub fn addr(&self) -> String {
        self.addr.to_string()
    }

    /// Closes every current connection (both sides); new ones are accepted as before.
    pub fn cut(&self) {
        self.shared.cut();
    }

    /// Cuts every connection each time the bytes sent up (client to server, counted from now)
    /// pass one of `offsets`: cuts land mid-operation however fast the machine is. A cut comes
    /// right after the chunk that crossed the mark was forwarded, so the server may or may not
    /// apply that request, and its reply is lost.
    pub fn cut_at(&self, offsets: &[u64]) {
        let now = self.shared.up_bytes.load(Ordering::SeqCst);
        let mut marks: Vec<u64> = offsets.iter().map(|o| now + o).collect();
        marks.sort_unstable();
        marks.reverse();
        *self.shared.cut_at.lock().unwrap() = marks;
    }

    /// When the bytes sent up (counted from now) pass `offset`, cuts every connection and
    /// refuses new ones until `refuse(false)`: the session cannot come back.
    pub fn fail_at(&self, offset: u64) {
        *self.shared.fail_at.lock().unwrap() = Some(self.up_bytes() + offset);
    }

    /// Cuts made so far (by `cut` or `cut_at`).
    pub fn cuts(&self) -> usize {
        self.shared.cuts.load(Ordering::SeqCst)
    }

    /// Bytes forwarded from clients to the server so far.
    pub fn up_bytes(&self) -> u64 {
        self.shared.up_bytes.load(Ordering::SeqCst)
    }

    /// Stops (or resumes) forwarding bytes; the sockets stay open, so neither side sees an end.
    pub fn stall(&self, on: bool) {
        self.shared.stalled.store(on, Ordering::SeqCst);
    }

    /// Holds every chunk this long before forwarding it (zero: no delay).
    pub fn delay(&self, d: Duration) {
        self.shared
            .delay_us
            .store(d.as_micros() as u64, Ordering::SeqCst);
    }

    /// Closes new connections as soon as they are accepted (the current ones are kept).
    pub fn refuse(&self, on: bool) {
        self.shared.refusing.store(on, Ordering::SeqCst);
    }

    /// Connections accepted (and forwarded) so far.
    pub fn accepted(&self) -> usize {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// Connections open now.
    pub fn open(&self) -> usize {
        self.shared.conns.lock().unwrap().len()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.shared.cut();
        // Wakes the accept loop so it sees `stop`.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

impl Shared {
    fn cut(&self) {
        self.cuts.fetch_add(1, Ordering::SeqCst);
        self.generation.fetch_add(1, Ordering::SeqCst);
        let conns = std::mem::take(&mut *self.conns.lock().unwrap());
        for (_, a, b) in conns {
            let _ = a.shutdown(Shutdown::Both);
            let _ = b.shutdown(Shutdown::Both);
        }
    }

    /// Counts bytes sent up and makes the cuts `cut_at` scheduled.
    fn sent_up(&self, n: usize) {
        let total = self.up_bytes.fetch_add(n as u64, Ordering::SeqCst) + n as u64;
        // One mark per chunk, so marks close together still make separate cuts.
        let due = {
            let mut marks = self.cut_at.lock().unwrap();
            marks.pop_if(|m| *m <= total).is_some()
        };
        let fail = {
            let mut mark = self.fail_at.lock().unwrap();
            mark.take_if(|m| *m <= total).is_some()
        };
        if fail {
            self.refusing.store(true, Ordering::SeqCst);
        }
        if due || fail {
            self.cut();
        }
    }
}

fn accept_loop(listener: TcpListener, s: Arc<Shared>) {
    for client in listener.incoming() {
        if s.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(client) = client else { continue };
        if s.refusing.load(Ordering::SeqCst) {
            let _ = client.shutdown(Shutdown::Both);
            continue;
        }
        let Ok(server) = TcpStream::connect_timeout(&s.target, Duration::from_secs(5)) else {
            let _ = client.shutdown(Shutdown::Both);
            continue;
        };
        let _ = client.set_nodelay(true);
        let _ = server.set_nodelay(true);
        let (Ok(c2), Ok(s2), Ok(c3), Ok(s3)) = (
            client.try_clone(),
            server.try_clone(),
            client.try_clone(),
            server.try_clone(),
        ) else {
            continue;
        };
        let id = s.accepted.fetch_add(1, Ordering::SeqCst);
        s.conns.lock().unwrap().push((id, c3, s3));
        let generation = s.generation.load(Ordering::SeqCst);
        let (sa, sb) = (s.clone(), s.clone());
        thread::spawn(move || pump(client, server, sa, (id, generation, true)));
        thread::spawn(move || pump(s2, c2, sb, (id, generation, false)));
    }
}

/// Copies `from` to `to` chunk by chunk, obeying stall and delay; on any end, closes both.
fn pump(
    mut from: TcpStream,
    mut to: TcpStream,
    s: Arc<Shared>,
    (id, generation, up): (usize, u64, bool),
) {
    let mut buf = vec![0u8; 64 * 1024];
    let live =
        || !s.stop.load(Ordering::SeqCst) && s.generation.load(Ordering::SeqCst) == generation;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        let delay = Duration::from_micros(s.delay_us.load(Ordering::SeqCst));
        if !delay.is_zero() {
            thread::sleep(delay);
        }
        while s.stalled.load(Ordering::SeqCst) && live() {
            thread::sleep(TICK);
        }
        if !live() || to.write_all(&buf[..n]).is_err() {
            break;
        }
        if up {
            s.sent_up(n);
        }
    }
    let _ = from.shutdown(Shutdown::Both);
    let _ = to.shutdown(Shutdown::Both);
    s.conns.lock().unwrap().retain(|(i, _, _)| *i != id);
}
