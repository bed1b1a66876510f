//! Output for commands that print as they walk (`ls -R`, `tree`, `find`, `grep`, `export -`):
//! text gathered and written in chunks, so a million-node listing neither waits for the end nor
//! makes a write per line.

use crate::error::Result;

use super::Output;

const CHUNK: usize = 64 << 10;

pub struct Stream {
    out: Output,
    buf: Vec<u8>,
}

impl Stream {
    pub fn new(out: Output) -> Stream {
        Stream {
            out,
            buf: Vec::with_capacity(CHUNK),
        }
    }

    pub fn push(&mut self, s: &str) -> Result<()> {
        self.bytes(s.as_bytes())
    }

    /// `s` and a newline.
    pub fn line(&mut self, s: &str) -> Result<()> {
        self.buf.extend_from_slice(s.as_bytes());
        self.bytes(b"\n")
    }

    pub fn bytes(&mut self, b: &[u8]) -> Result<()> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<()> {
        if !self.buf.is_empty() {
            self.out.bytes(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<()> {
        self.flush()
    }
}
