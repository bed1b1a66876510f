//! The script's reader: a thread of its own reads the script, splits each line into commands
//! and parses them, and hands the lines to the runtime over a bounded channel.
//!
//! A thread, because a blocking read on the runtime's only thread would stop the client's
//! pings, and a script that pauses between lines for longer than the session timeout (a
//! coprocess, `tail -f cmds | zksh`) would find its session expired. Parsing there too, because
//! parsing is most of a batched script's CPU (about 50,000 of 60,000 instructions a create
//! line, callgrind): on its own core it runs ahead while the runtime sends what was parsed.
//! Parsing ahead is safe: parsing a line reads nothing that running the lines before it can
//! change (no stdin, no files, no clock: an age such as `--since 2h` is counted when its command
//! runs).
//!
//! Lines travel in chunks: all those already read, up to 256, so the two threads do not wake
//! each other once a line; a chunk goes as soon as the next line would have to wait for its
//! writer.

use std::io::BufRead;

use tokio::sync::mpsc;

use crate::command::{self, Parsed};
use crate::error::{Error, Result};
use crate::line;

/// Script text: the whole `-c` text (one unit, so a quoted value may span its lines), or a file
/// or stdin read line by line.
pub enum Source {
    Text(Vec<u8>),
    Lines(std::io::BufReader<Box<dyn std::io::Read + Send>>),
}

impl Source {
    pub fn lines(r: impl std::io::Read + Send + 'static) -> Source {
        Source::Lines(std::io::BufReader::with_capacity(64 * 1024, Box::new(r)))
    }
}

/// One line of the script, as the reader hands it over.
pub struct Line {
    /// Its number, from 1 (`-c` text is line 1).
    pub n: usize,
    /// Its commands, each parsed; or why the line could not be read or split.
    pub commands: Result<Vec<Result<Parsed>>>,
}

/// Lines as the reader thread hands them over, several at a time.
pub type Lines = mpsc::Receiver<Vec<Line>>;

/// Starts the reader thread on `source`.
pub fn spawn(source: Source) -> Lines {
    let (tx, rx) = mpsc::channel(16);
    std::thread::spawn(move || match source {
        Source::Text(t) => {
            let _ = tx.blocking_send(vec![parsed(Ok(t), 1)]);
        }
        Source::Lines(mut r) => {
            let (mut n, mut done) = (0, false);
            while !done {
                let mut chunk = Vec::new();
                while !done && chunk.len() < 256 {
                    let mut text = Vec::new();
                    let read = match r.read_until(b'\n', &mut text) {
                        Ok(0) => {
                            done = true;
                            break;
                        }
                        Ok(_) => {
                            if text.last() == Some(&b'\n') {
                                text.pop();
                            }
                            Ok(text)
                        }
                        Err(e) => {
                            done = true;
                            Err(e)
                        }
                    };
                    n += 1;
                    chunk.push(parsed(read, n));
                    if r.buffer().is_empty() {
                        break;
                    }
                }
                if !chunk.is_empty() && tx.blocking_send(chunk).is_err() {
                    break;
                }
            }
        }
    });
    rx
}

fn parsed(text: std::io::Result<Vec<u8>>, n: usize) -> Line {
    let commands = split(text, n).map(|words| words.into_iter().map(command::parse).collect());
    Line { n, commands }
}

/// One line's commands; a byte-order mark (which some editors write) before the first line is
/// not part of it.
fn split(text: std::io::Result<Vec<u8>>, n: usize) -> Result<Vec<Vec<String>>> {
    let mut bytes = text?;
    if n == 1 && bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    let t =
        String::from_utf8(bytes).map_err(|_| Error::usage(format!("line {n}: not valid UTF-8")))?;
    line::split(&t).map_err(|e| Error::usage(e.0))
}
