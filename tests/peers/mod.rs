//! Real peers for the recipe tests: kazoo (Python) and Curator (Java, compiled here with javac
//! against Debian's jars) driven line by line (see kazoo_peer.py), and zksh processes running
//! in the background whose output is read as it comes.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, channel};
use std::thread;
use std::time::{Duration, Instant};

/// Long enough for a JVM on a loaded 2-core machine; every wait ends early when its event comes.
pub const WAIT: Duration = Duration::from_secs(60);

fn pump(from: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    thread::spawn(move || {
        for l in BufReader::new(from).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

/// The Curator jars and the compiled peer, as one class path (compiled once per test binary).
fn curator_classpath() -> &'static str {
    static CP: OnceLock<String> = OnceLock::new();
    CP.get_or_init(|| {
        let j = "/usr/share/java";
        let jars = [
            "curator-client",
            "curator-framework",
            "curator-recipes",
            "zookeeper",
            "zookeeper-jute",
            "guava",
            "slf4j-api",
            "slf4j-nop",
        ];
        for jar in &jars[..3] {
            assert!(
                std::path::Path::new(&format!("{j}/{jar}.jar")).exists(),
                "{j}/{jar}.jar is missing: scripts/test installs libcurator-recipes-java"
            );
        }
        let libs: Vec<String> = jars.iter().map(|n| format!("{j}/{n}.jar")).collect();
        let libs = libs.join(":");
        let out = format!(
            "{}/curator-peer-{}",
            env!("CARGO_TARGET_TMPDIR"),
            std::process::id()
        );
        let src = format!(
            "{}/tests/peers/CuratorPeer.java",
            env!("CARGO_MANIFEST_DIR")
        );
        let st = Command::new("javac")
            .args(["-d", &out, "-cp", &libs, &src])
            .status()
            .expect("run javac");
        assert!(st.success(), "javac CuratorPeer.java failed");
        format!("{out}:{libs}")
    })
}

/// A kazoo or Curator client in a process of its own, obeying one command line at a time.
pub struct Peer {
    child: Child,
    stdin: ChildStdin,
    out: Receiver<String>,
}

impl Peer {
    pub fn kazoo(servers: &str) -> Peer {
        let script = format!("{}/tests/peers/kazoo_peer.py", env!("CARGO_MANIFEST_DIR"));
        Peer::start(Command::new("python3").arg(script).arg(servers))
    }

    pub fn curator(servers: &str) -> Peer {
        let mut c = Command::new("java");
        c.args([
            "-Xmx64m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
        ])
        .arg(curator_classpath())
        .arg("CuratorPeer")
        .arg(servers);
        Peer::start(&mut c)
    }

    fn start(c: &mut Command) -> Peer {
        let mut child = c
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start peer");
        Peer {
            stdin: child.stdin.take().unwrap(),
            out: pump(child.stdout.take().unwrap()),
            child,
        }
    }

    pub fn send(&mut self, line: &str) {
        writeln!(self.stdin, "{line}").expect("write to peer");
        self.stdin.flush().unwrap();
    }

    /// The peer's next answer, which must start with `word`.
    pub fn expect(&mut self, word: &str) -> String {
        let l = self
            .out
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("peer: no {word} within {WAIT:?}"));
        assert!(l.starts_with(word), "peer answered {l:?}, wanted {word}");
        l
    }

    /// Nothing answered within `d` (e.g. it is still waiting for a lock).
    pub fn silent_for(&mut self, d: Duration) -> bool {
        self.out.recv_timeout(d).is_err()
    }

    pub fn ask(&mut self, line: &str, word: &str) -> String {
        self.send(line);
        self.expect(word)
    }
}

impl Drop for Peer {
    fn drop(&mut self) {
        let _ = writeln!(self.stdin, "quit");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A zksh running in the background (killed when dropped).
pub struct Bg {
    pub child: Child,
    pub stdin: Option<ChildStdin>,
    out: Receiver<String>,
    err: Receiver<String>,
}

pub fn spawn(servers: &str, args: &[&str]) -> Bg {
    let mut child = Command::new(env!("CARGO_BIN_EXE_zksh"))
        .env_remove("ZKSH_SERVER")
        .env_remove("ZKSH_AUTH")
        .env("NO_COLOR", "1")
        .arg("-s")
        .arg(servers)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn zksh");
    Bg {
        stdin: child.stdin.take(),
        out: pump(child.stdout.take().unwrap()),
        err: pump(child.stderr.take().unwrap()),
        child,
    }
}

impl Bg {
    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// The next stdout line.
    pub fn line(&mut self) -> String {
        self.out
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("zksh printed nothing within {WAIT:?}: {}", self.stderr()))
    }

    /// Whatever it wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.err.try_iter().collect::<Vec<_>>().join("\n")
    }

    /// All it wrote to stderr, once it has exited (up to the pipe's end).
    pub fn stderr_all(&mut self) -> String {
        self.code();
        let mut all = Vec::new();
        while let Ok(l) = self.err.recv_timeout(WAIT) {
            all.push(l);
        }
        all.join("\n")
    }

    pub fn signal(&self, sig: &str) {
        let st = Command::new("kill")
            .args([&format!("-{sig}"), &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(st.success());
    }

    /// Its exit code, waiting for it up to `WAIT`.
    pub fn code(&mut self) -> i32 {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st.code().unwrap_or(-1);
            }
            assert!(
                Instant::now() < deadline,
                "zksh did not exit within {WAIT:?}"
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    pub fn close_stdin(&mut self) {
        self.stdin.take();
    }
}

impl Drop for Bg {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `f` (a readiness check of state another process makes) until it holds.
pub fn until(what: &str, mut f: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !f() {
        assert!(Instant::now() < deadline, "not within {WAIT:?}: {what}");
        thread::sleep(Duration::from_millis(50));
    }
}
