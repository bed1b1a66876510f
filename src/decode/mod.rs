//! The one decode step between a node's stored bytes and what people read: compression layers
//! (gzip, zlib) peeled off, then the plain bytes told apart as JSON, UTF-8 text or binary —
//! detected, or as a per-path rule (`rules`) or the operator (`get --as`) says. `get`, `grep`,
//! `edit` and the JSON output call `decode` (or `unwrap_layers`) here and nowhere else.
//!
//! Pure and bounded: no layer may inflate past `MAX_DECODED` bytes (a zip bomb stops there and
//! says so), at most `MAX_LAYERS` layers are peeled, and corrupt or truncated streams end in
//! an error, never a hang (the decoders only ever move forward through their input).

pub mod json;
pub mod names;
pub mod rules;

use std::borrow::Cow;
use std::fmt;
use std::io::{Read, Write};

pub use rules::Rules;

/// The most bytes one layer may inflate to: far above any sane ZooKeeper value (1 MiB stored
/// by default), far below what hurts.
pub const MAX_DECODED: usize = 16 << 20;
/// Compression layers peeled at most (gzip inside gzip happens; deeper is an attack).
pub const MAX_LAYERS: usize = 3;

/// A compression layer, named as in encodings (`gzip+json`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layer {
    Gzip,
    Zlib,
}

/// What the plain bytes are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Json,
    Text,
    Binary,
}

/// An encoding as rules and flags name it: the layers outermost first and the kind, each
/// detected when `None`. `"gzip+json"`, `"zlib"`, `"text"`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Encoding {
    pub layers: Option<Vec<Layer>>,
    pub kind: Option<Kind>,
}

impl Layer {
    pub fn name(self) -> &'static str {
        match self {
            Layer::Gzip => "gzip",
            Layer::Zlib => "zlib",
        }
    }
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Json => "json",
            Kind::Text => "text",
            Kind::Binary => "binary",
        }
    }
}

impl std::str::FromStr for Encoding {
    type Err = String;

    /// `LAYER[+LAYER...][+KIND]` or `KIND`: layers gzip, zlib; kinds json, text, binary.
    fn from_str(s: &str) -> Result<Encoding, String> {
        let mut layers = Vec::new();
        let mut kind = None;
        for part in s.split('+') {
            let part = part.trim().to_ascii_lowercase();
            if kind.is_some() {
                return Err(format!("{s:?}: the kind ({}) comes last", part));
            }
            match part.as_str() {
                "gzip" => layers.push(Layer::Gzip),
                "zlib" => layers.push(Layer::Zlib),
                "json" => kind = Some(Kind::Json),
                "text" => kind = Some(Kind::Text),
                "binary" => kind = Some(Kind::Binary),
                _ => {
                    return Err(format!(
                        "{s:?}: unknown encoding {part:?} (expected gzip, zlib, json, text, \
                         binary, joined with '+', e.g. gzip+json)"
                    ));
                }
            }
        }
        if layers.len() > MAX_LAYERS {
            return Err(format!("{s:?}: at most {MAX_LAYERS} compression layers"));
        }
        Ok(Encoding {
            layers: Some(layers),
            kind,
        })
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<&str> = match &self.layers {
            Some(l) => l.iter().map(|l| l.name()).collect(),
            None => vec!["auto"],
        };
        parts.extend(self.kind.map(Kind::name));
        f.write_str(&parts.join("+"))
    }
}

/// A value as decoded.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The layers peeled, outermost first.
    pub layers: Vec<Layer>,
    pub kind: Kind,
    /// The bytes under the layers.
    pub plain: Cow<'a, [u8]>,
    /// What could not be done as asked or as the bytes looked (a corrupt gzip, a value over
    /// `MAX_DECODED`, a rule's JSON that does not parse): the value is shown as far as it got.
    pub problem: Option<String>,
}

impl Decoded<'_> {
    /// The encoding found, as rules name it: `gzip+json`, `text`.
    pub fn encoding(&self) -> String {
        let mut parts: Vec<&str> = self.layers.iter().map(|l| l.name()).collect();
        parts.push(self.kind.name());
        parts.join("+")
    }

    /// Whether showing it decoded differs from showing the stored bytes.
    pub fn changed(&self) -> bool {
        !self.layers.is_empty() || self.kind == Kind::Json
    }

    /// The plain bytes as text (JSON and text are UTF-8).
    pub fn text(&self) -> Option<&str> {
        match self.kind {
            Kind::Json | Kind::Text => std::str::from_utf8(&self.plain).ok(),
            Kind::Binary => None,
        }
    }
}

/// The layers peeled off `data` (as `layers` says, else as its magic bytes show), the plain
/// bytes under them, and what went wrong when a layer could not be peeled.
pub fn unwrap_layers<'a>(
    data: &'a [u8],
    layers: Option<&[Layer]>,
) -> (Vec<Layer>, Cow<'a, [u8]>, Option<String>) {
    let mut peeled = Vec::new();
    let mut plain = Cow::Borrowed(data);
    let mut problem = None;
    for i in 0..MAX_LAYERS {
        let (layer, sure) = match layers {
            Some(l) => match l.get(i) {
                Some(l) => (*l, true),
                None => break,
            },
            None => match sniff(&plain) {
                Some(found) => found,
                None => break,
            },
        };
        match inflate(layer, &plain) {
            Ok(bytes) => {
                peeled.push(layer);
                plain = Cow::Owned(bytes);
            }
            // A zlib header is two bytes that text can start with ("x^"): only a stream that
            // inflates counts, and one that does not is no problem worth a word.
            Err(e) => {
                if sure || matches!(e, Inflate::TooLarge) {
                    problem = Some(format!("not decoded as {}: {e}", layer.name()));
                }
                break;
            }
        }
    }
    (peeled, plain, problem)
}

/// Decodes `data`: layers peeled, then the plain bytes classified; `hint` fixes either.
pub fn decode<'a>(data: &'a [u8], hint: &Encoding) -> Decoded<'a> {
    let (layers, plain, mut problem) = unwrap_layers(data, hint.layers.as_deref());
    let kind = match hint.kind {
        Some(Kind::Json) => match json::check(&plain) {
            Ok(()) => Kind::Json,
            Err(e) => {
                problem.get_or_insert(format!("not JSON: {e}"));
                plain_kind(&plain)
            }
        },
        Some(k) => k,
        None if json::looks_like(&plain) && json::check(&plain).is_ok() => Kind::Json,
        None => plain_kind(&plain),
    };
    Decoded {
        layers,
        kind,
        plain,
        problem,
    }
}

/// Text or binary, as the terminal shows them: binary is not UTF-8, or holds a NUL.
fn plain_kind(data: &[u8]) -> Kind {
    if std::str::from_utf8(data).is_err() || data.contains(&0) {
        Kind::Binary
    } else {
        Kind::Text
    }
}

/// The layer `data` starts like, and whether its magic is a sure sign. gzip: 1f 8b, deflate.
/// zlib: deflate with a window of at most 32 KiB, no preset dictionary, header checksum.
fn sniff(data: &[u8]) -> Option<(Layer, bool)> {
    match data {
        [0x1f, 0x8b, 8, ..] => Some((Layer::Gzip, true)),
        [cmf, flg, _, ..]
            if cmf & 0x0f == 8
                && cmf >> 4 <= 7
                && flg & 0x20 == 0
                && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0 =>
        {
            Some((Layer::Zlib, false))
        }
        _ => None,
    }
}

/// Why a layer did not inflate.
#[derive(Debug)]
pub enum Inflate {
    TooLarge,
    Corrupt(String),
}

impl fmt::Display for Inflate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Inflate::TooLarge => write!(
                f,
                "it inflates past {} MiB (a zip bomb, or not meant to be shown)",
                MAX_DECODED >> 20
            ),
            Inflate::Corrupt(e) => write!(f, "corrupt or truncated stream ({e})"),
        }
    }
}

/// One layer inflated, whole and checked (gzip's CRC, zlib's Adler-32), or why not. Bytes
/// after the stream make it no stream of that kind: writing it back would lose them.
pub fn inflate(layer: Layer, data: &[u8]) -> Result<Vec<u8>, Inflate> {
    let mut out = Vec::new();
    let cap = MAX_DECODED as u64 + 1;
    let corrupt = |e: std::io::Error| Inflate::Corrupt(e.to_string());
    let rest = match layer {
        Layer::Gzip => {
            let mut d = flate2::bufread::MultiGzDecoder::new(data);
            (&mut d).take(cap).read_to_end(&mut out).map_err(corrupt)?;
            d.into_inner().len()
        }
        Layer::Zlib => {
            let mut d = flate2::bufread::ZlibDecoder::new(data);
            (&mut d).take(cap).read_to_end(&mut out).map_err(corrupt)?;
            d.into_inner().len()
        }
    };
    if out.len() as u64 >= cap {
        return Err(Inflate::TooLarge);
    }
    if rest > 0 {
        return Err(Inflate::Corrupt(format!("{rest} bytes after the stream")));
    }
    Ok(out)
}

/// `plain` wrapped in `layers` (outermost first), as `set --encode` and `edit` write it.
pub fn encode(plain: &[u8], layers: &[Layer]) -> Vec<u8> {
    let mut data = plain.to_vec();
    for layer in layers.iter().rev() {
        let level = flate2::Compression::default();
        // Writing into a Vec cannot fail.
        data = match layer {
            Layer::Gzip => {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), level);
                e.write_all(&data).and_then(|_| e.finish())
            }
            Layer::Zlib => {
                let mut e = flate2::write::ZlibEncoder::new(Vec::new(), level);
                e.write_all(&data).and_then(|_| e.finish())
            }
        }
        .unwrap_or_default();
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(data: &[u8]) -> Decoded<'_> {
        decode(data, &Encoding::default())
    }

    #[test]
    fn detects_layers_and_kinds() {
        let doc = br#"{"a": [1, 2.50, "x"], "big": 12345678901234567890123}"#;
        let d = auto(doc);
        assert_eq!((d.encoding().as_str(), d.changed()), ("json", true));
        let gz = encode(doc, &[Layer::Gzip]);
        let d = auto(&gz);
        assert_eq!(d.encoding(), "gzip+json");
        assert_eq!(&d.plain[..], doc);
        assert_eq!(
            auto(&encode(b"hello\n", &[Layer::Zlib])).encoding(),
            "zlib+text"
        );
        let twice = encode(b"x", &[Layer::Gzip, Layer::Zlib]);
        assert_eq!(auto(&twice).encoding(), "gzip+zlib+text");
        assert_eq!(auto(b"plain").encoding(), "text");
        assert!(!auto(b"plain").changed());
        assert_eq!(auto(b"\xff\xfe").encoding(), "binary");
        assert_eq!(auto(b"a\0b").encoding(), "binary");
        assert_eq!(
            auto(b"42").encoding(),
            "text",
            "only objects and arrays are sniffed"
        );
        assert_eq!(auto(b"{not json").encoding(), "text");
        assert_eq!(auto(b"").encoding(), "text");
    }

    #[test]
    fn text_that_looks_like_zlib_stays_text() {
        // "x^" is a valid zlib header.
        let d = auto(b"x^2 + y^2");
        assert_eq!(d.encoding(), "text");
        assert!(d.problem.is_none());
    }

    #[test]
    fn corrupt_and_truncated_streams_are_shown_as_stored() {
        let gz = encode(b"hello world, hello world", &[Layer::Gzip]);
        let cut = &gz[..gz.len() - 6];
        let d = auto(cut);
        assert_eq!(d.encoding(), "binary");
        assert!(d.problem.as_deref().unwrap().contains("gzip"), "{d:?}");
        let mut flipped = gz.clone();
        let n = flipped.len();
        flipped[n - 8] ^= 0xff; // the CRC
        assert!(auto(&flipped).problem.is_some());
        let mut trailing = gz.clone();
        trailing.extend_from_slice(b"junk");
        assert!(auto(&trailing).layers.is_empty());
        let mut z = encode(b"zzzz", &[Layer::Zlib]);
        let n = z.len();
        z[n - 1] ^= 1; // the Adler-32
        let d = auto(&z);
        assert!(d.layers.is_empty() && d.problem.is_none(), "{d:?}");
    }

    #[test]
    fn a_zip_bomb_stops_at_the_cap() {
        // 64 MiB of zeros gzip'd to about 64 KiB: inflating stops at MAX_DECODED.
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            e.write_all(&zeros).unwrap();
        }
        let bomb = e.finish().unwrap();
        assert!(bomb.len() < 1 << 20);
        let d = auto(&bomb);
        assert!(d.layers.is_empty());
        assert!(d.problem.unwrap().contains("16 MiB"));
        assert!(matches!(
            inflate(Layer::Gzip, &bomb),
            Err(Inflate::TooLarge)
        ));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = encode(b"x", &[Layer::Gzip; 5]);
        let d = auto(&deep);
        assert_eq!(d.layers.len(), MAX_LAYERS);
        assert_eq!(d.kind, Kind::Binary);
    }

    #[test]
    fn hints_fix_layers_and_kinds() {
        let e: Encoding = "gzip+json".parse().unwrap();
        let gz = encode(b"[1]", &[Layer::Gzip]);
        assert_eq!(decode(&gz, &e).encoding(), "gzip+json");
        // The rule says gzip, the value is not: shown as it is, with the reason.
        let d = decode(b"[1]", &e);
        assert!(d.layers.is_empty() && d.problem.is_some(), "{d:?}");
        let text: Encoding = "text".parse().unwrap();
        assert_eq!(decode(b"[1]", &text).encoding(), "text");
        let d = decode(b"[1", &"json".parse().unwrap());
        assert_eq!(d.kind, Kind::Text);
        assert!(d.problem.unwrap().starts_with("not JSON"));
    }

    #[test]
    fn encodings_parse_and_print() {
        let e: Encoding = "GZIP+json".parse().unwrap();
        assert_eq!(e.to_string(), "gzip+json");
        assert_eq!("zlib".parse::<Encoding>().unwrap().kind, None);
        assert!("json+gzip".parse::<Encoding>().is_err());
        assert!("lz4".parse::<Encoding>().unwrap_err().contains("lz4"));
        assert!("gzip+gzip+gzip+gzip".parse::<Encoding>().is_err());
        assert_eq!(Encoding::default().to_string(), "auto");
    }

    proptest::proptest! {
        /// Whatever the bytes — random, or a real stream with bytes flipped, cut or added —
        /// decoding ends, within the cap, without a panic.
        #[test]
        fn any_bytes_decode_within_bounds(
            junk in proptest::collection::vec(proptest::num::u8::ANY, 0..512),
            flips in proptest::collection::vec((0usize..4096, proptest::num::u8::ANY), 0..8),
            cut in 0usize..4096,
            layered in proptest::bool::ANY,
        ) {
            let layers: &[Layer] = if layered { &[Layer::Gzip, Layer::Zlib] } else { &[Layer::Gzip] };
            let mut stream = encode(&junk, layers);
            for (at, b) in flips {
                let n = stream.len();
                stream[at % n] ^= b;
            }
            stream.truncate(cut.max(2));
            for data in [&junk[..], &stream[..]] {
                let d = auto(data);
                proptest::prop_assert!(d.plain.len() <= MAX_DECODED);
                proptest::prop_assert!(d.layers.len() <= MAX_LAYERS);
                if let Some(t) = d.text().filter(|_| d.kind == Kind::Json) {
                    json::pretty(t, &|_, s| s.to_string());
                }
            }
        }
    }

    #[test]
    fn round_trips_through_encode() {
        for layers in [
            &[][..],
            &[Layer::Gzip],
            &[Layer::Zlib],
            &[Layer::Gzip, Layer::Zlib],
        ] {
            let data = encode(b"some value", layers);
            let (found, plain, problem) = unwrap_layers(&data, None);
            assert_eq!(
                (&found[..], &plain[..], problem),
                (layers, &b"some value"[..], None)
            );
        }
    }
}
