//! The value decoder: any bytes decode within bounds (never past the inflate cap, never more
//! layers than allowed) and without a panic, and decoded JSON lays out and compacts back to
//! the same JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zksh::decode::{self, Encoding, Kind, MAX_DECODED, MAX_LAYERS};

fuzz_target!(|data: &[u8]| {
    let d = decode::decode(data, &Encoding::default());
    assert!(d.plain.len() <= MAX_DECODED && d.layers.len() <= MAX_LAYERS);
    if let (Kind::Json, Some(text)) = (d.kind, d.text()) {
        let pretty = decode::json::pretty(text, &|_, s| s.to_string());
        let compact = decode::json::compact(text);
        assert_eq!(decode::json::compact(&pretty), compact);
        decode::json::check(compact.as_bytes()).expect("compacted JSON still parses");
    }
});
