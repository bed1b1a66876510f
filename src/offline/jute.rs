//! Jute's binary encoding as ZooKeeper writes it to disk (big-endian ints and longs, buffers and
//! strings as a 4-byte length then the bytes, -1 for null), read from any stream with the byte
//! offset and a running Adler32 kept, so every error names where the file went wrong. Lengths
//! are never trusted for an allocation: a bogus length in a short file is a truncation error,
//! not a gigabyte reserved.

use std::io::{self, Read};

/// Adler32, as java.util.zip.Adler32 computes it (the seal of snapshots, each log record's CRC).
#[derive(Clone, Copy, Debug)]
pub struct Adler32 {
    a: u32,
    b: u32,
}

const MOD: u32 = 65521;
/// The most bytes that can be summed before `b` could overflow a u32.
const NMAX: usize = 5552;

impl Default for Adler32 {
    fn default() -> Self {
        Adler32 { a: 1, b: 0 }
    }
}

impl Adler32 {
    pub fn update(&mut self, data: &[u8]) {
        let (mut a, mut b) = (self.a, self.b);
        for chunk in data.chunks(NMAX) {
            for &x in chunk {
                a += u32::from(x);
                b += a;
            }
            a %= MOD;
            b %= MOD;
        }
        self.a = a;
        self.b = b;
    }

    pub fn value(&self) -> u32 {
        (self.b << 16) | self.a
    }

    pub fn of(data: &[u8]) -> u32 {
        let mut s = Adler32::default();
        s.update(data);
        s.value()
    }
}

/// A format error at a byte offset of the (decompressed) stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bad {
    pub offset: u64,
    pub what: String,
}

impl Bad {
    pub fn at(offset: u64, what: impl Into<String>) -> Bad {
        Bad {
            offset,
            what: what.into(),
        }
    }
}

impl std::fmt::Display for Bad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.what)
    }
}

pub type Parsed<T> = Result<T, Bad>;

/// A buffered reader that counts offsets and checksums what it consumes.
pub struct Reader<R> {
    inner: R,
    buf: Vec<u8>,
    start: usize,
    end: usize,
    /// Offset of `buf[start]` in the stream.
    offset: u64,
    sum: Adler32,
    eof: bool,
}

const BUF: usize = 256 << 10;

impl<R: Read> Reader<R> {
    pub fn new(inner: R) -> Reader<R> {
        Reader {
            inner,
            buf: vec![0; BUF],
            start: 0,
            end: 0,
            offset: 0,
            sum: Adler32::default(),
            eof: false,
        }
    }

    /// A reader over bytes already in memory (one record): no buffer of its own to fill.
    pub fn bytes(data: &[u8]) -> Reader<io::Empty> {
        Reader {
            inner: io::empty(),
            buf: data.to_vec(),
            start: 0,
            end: data.len(),
            offset: 0,
            sum: Adler32::default(),
            eof: true,
        }
    }

    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The Adler32 of every byte consumed so far.
    pub fn checksum(&self) -> u32 {
        self.sum.value()
    }

    /// Refills so that at least `n` bytes (n ≤ BUF) are buffered, unless the stream ends first.
    fn fill(&mut self, n: usize) -> Parsed<()> {
        if self.end - self.start >= n || self.eof {
            return Ok(());
        }
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        while self.end < n {
            match self.inner.read(&mut self.buf[self.end..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(k) => self.end += k,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Bad::at(self.offset + self.end as u64, e.to_string())),
            }
        }
        Ok(())
    }

    /// True when no byte is left.
    pub fn at_end(&mut self) -> Parsed<bool> {
        self.fill(1)?;
        Ok(self.start == self.end)
    }

    /// The next `n` bytes (n ≤ 256 KiB), consumed; `what` names them in a truncation error.
    pub fn take(&mut self, n: usize, what: &str) -> Parsed<&[u8]> {
        self.fill(n)?;
        if self.end - self.start < n {
            return Err(self.truncated(what));
        }
        let s = self.start;
        self.start += n;
        self.offset += n as u64;
        self.sum.update(&self.buf[s..s + n]);
        Ok(&self.buf[s..s + n])
    }

    fn truncated(&self, what: &str) -> Bad {
        Bad::at(
            self.offset,
            format!("the file ends inside {what} (truncated?)"),
        )
    }

    pub fn int(&mut self, what: &str) -> Parsed<i32> {
        let b = self.take(4, what)?;
        Ok(i32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    pub fn long(&mut self, what: &str) -> Parsed<i64> {
        let b = self.take(8, what)?;
        let mut a = [0; 8];
        a.copy_from_slice(b);
        Ok(i64::from_be_bytes(a))
    }

    pub fn byte(&mut self, what: &str) -> Parsed<u8> {
        Ok(self.take(1, what)?[0])
    }

    /// A buffer into `out` (cleared first); null (-1) reads as empty. At most `max` bytes.
    pub fn buffer_into(&mut self, out: &mut Vec<u8>, max: usize, what: &str) -> Parsed<()> {
        out.clear();
        let at = self.offset;
        let len = self.int(what)?;
        if len < -1 || len as i64 > max as i64 {
            return Err(Bad::at(at, format!("{what}: impossible length {len}")));
        }
        let mut left = len.max(0) as usize;
        while left > 0 {
            let n = left.min(BUF).min(self.buf.len().max(1));
            let chunk = self.take(n, what)?;
            out.extend_from_slice(chunk);
            left -= n;
        }
        Ok(())
    }

    pub fn buffer(&mut self, max: usize, what: &str) -> Parsed<Vec<u8>> {
        let mut v = Vec::new();
        self.buffer_into(&mut v, max, what)?;
        Ok(v)
    }

    /// A string (UTF-8 as Java writes it; invalid bytes are replaced, never trusted).
    pub fn string(&mut self, max: usize, what: &str) -> Parsed<String> {
        let v = self.buffer(max, what)?;
        Ok(match String::from_utf8(v) {
            Ok(s) => s,
            Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
        })
    }

    /// A vector's count: -1 (null) is empty; more than `max` elements is refused.
    pub fn count(&mut self, max: usize, what: &str) -> Parsed<usize> {
        let at = self.offset;
        let n = self.int(what)?;
        if n < -1 || n as i64 > max as i64 {
            return Err(Bad::at(at, format!("{what}: impossible count {n}")));
        }
        Ok(n.max(0) as usize)
    }
}

/// Largest buffer a record may hold: ZooKeeper refuses packets over `jute.maxbuffer` (1 MiB by
/// default); servers may raise it, so allow far more, but not unbounded.
pub const MAX_BUFFER: usize = 256 << 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adler32_matches_known_values() {
        assert_eq!(Adler32::of(b""), 1);
        assert_eq!(Adler32::of(b"Wikipedia"), 0x11E6_0398);
        let big = vec![0xffu8; 100_000];
        // Summing in pieces gives the same as at once.
        let mut s = Adler32::default();
        s.update(&big[..7]);
        s.update(&big[7..]);
        assert_eq!(s.value(), Adler32::of(&big));
    }

    #[test]
    fn truncation_and_bad_lengths_name_the_offset() {
        let mut r = Reader::new(&[0u8, 0, 0, 9, 1, 2][..]);
        let e = r.buffer(100, "data").unwrap_err();
        assert_eq!(e.offset, 4);
        assert!(e.what.contains("truncated"), "{e}");
        let mut r = Reader::new(&[0xffu8, 0xff, 0xff, 0xf0][..]);
        assert!(r.buffer(100, "data").unwrap_err().what.contains("length"));
        let mut r = Reader::new(&[0x7fu8, 0xff, 0xff, 0xff][..]);
        assert!(
            r.buffer(MAX_BUFFER, "d")
                .unwrap_err()
                .what
                .contains("length")
        );
    }

    #[test]
    fn reads_ints_longs_and_strings() {
        let mut b = vec![0, 0, 0, 7];
        b.extend(5i64.to_be_bytes());
        b.extend([0, 0, 0, 2, b'h', b'i', 0xff, 0xff, 0xff, 0xff]);
        let mut r = Reader::new(&b[..]);
        assert_eq!(r.int("i").unwrap(), 7);
        assert_eq!(r.long("l").unwrap(), 5);
        assert_eq!(r.string(10, "s").unwrap(), "hi");
        assert_eq!(r.buffer(10, "n").unwrap(), b"");
        assert!(r.at_end().unwrap());
        assert_eq!(r.offset(), b.len() as u64);
        assert_eq!(r.checksum(), Adler32::of(&b));
    }
}
