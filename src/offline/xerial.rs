//! The snappy stream format of snappy-java (`SnappyOutputStream`), which ZooKeeper's
//! `.snappy` snapshots use: an 8-byte magic, two version ints, then blocks of (4-byte
//! big-endian length, raw snappy bytes). Not the snappy "framing" format, so `snap::read` does
//! not do it; each block is decoded with `snap::raw`.

use std::io::{self, Read};

const MAGIC: [u8; 8] = [0x82, b'S', b'N', b'A', b'P', b'P', b'Y', 0];
/// snappy-java's blocks are 32 KiB by default; a block claiming more than this is refused.
const MAX_BLOCK: usize = 64 << 20;

pub struct Decoder<R> {
    inner: R,
    out: Vec<u8>,
    pos: usize,
    started: bool,
    raw: Vec<u8>,
}

impl<R: Read> Decoder<R> {
    pub fn new(inner: R) -> Decoder<R> {
        Decoder {
            inner,
            out: Vec::new(),
            pos: 0,
            started: false,
            raw: Vec::new(),
        }
    }

    /// Fills `buf` completely, or returns false on a clean end before its first byte.
    fn exact(&mut self, buf: &mut [u8]) -> io::Result<bool> {
        let mut got = 0;
        while got < buf.len() {
            match self.inner.read(&mut buf[got..]) {
                Ok(0) if got == 0 => return Ok(false),
                Ok(0) => return Err(bad("the snappy stream ends inside a block")),
                Ok(n) => got += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }

    /// Decodes the next block into `out`; false at the end of the stream.
    fn next_block(&mut self) -> io::Result<bool> {
        if !self.started {
            let mut head = [0u8; 16];
            if !self.exact(&mut head)? || head[..8] != MAGIC {
                return Err(bad("not a snappy-java stream (bad magic)"));
            }
            self.started = true;
        }
        let mut len = [0u8; 4];
        if !self.exact(&mut len)? {
            return Ok(false);
        }
        // A concatenated stream starts over with its own header.
        if len == MAGIC[..4] {
            let mut rest = [0u8; 12];
            if !self.exact(&mut rest)? || rest[..4] != MAGIC[4..] {
                return Err(bad("damaged snappy-java header"));
            }
            return self.next_block();
        }
        let n = u32::from_be_bytes(len) as usize;
        if n > MAX_BLOCK {
            return Err(bad("impossible snappy block length"));
        }
        self.raw.resize(n, 0);
        let mut raw = std::mem::take(&mut self.raw);
        let full = self.exact(&mut raw);
        self.raw = raw;
        if !full? && n > 0 {
            return Err(bad("the snappy stream ends inside a block"));
        }
        let size = snap::raw::decompress_len(&self.raw).map_err(|e| bad(&e.to_string()))?;
        if size > MAX_BLOCK {
            return Err(bad("impossible snappy block size"));
        }
        self.out.resize(size, 0);
        snap::raw::Decoder::new()
            .decompress(&self.raw, &mut self.out)
            .map_err(|e| bad(&e.to_string()))?;
        self.pos = 0;
        Ok(true)
    }
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

impl<R: Read> Read for Decoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.out.len() {
            if !self.next_block()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_blocks_and_refuses_garbage() {
        let mut file = MAGIC.to_vec();
        file.extend([0, 0, 0, 1, 0, 0, 0, 1]);
        for part in [&b"hello "[..], b"world"] {
            let c = snap::raw::Encoder::new().compress_vec(part).unwrap();
            file.extend((c.len() as u32).to_be_bytes());
            file.extend(c);
        }
        let mut s = String::new();
        Decoder::new(&file[..]).read_to_string(&mut s).unwrap();
        assert_eq!(s, "hello world");
        let mut v = Vec::new();
        assert!(Decoder::new(&file[..20]).read_to_end(&mut v).is_err());
        assert!(
            Decoder::new(&b"garbage garbage garbage"[..])
                .read_to_end(&mut v)
                .is_err()
        );
    }
}
