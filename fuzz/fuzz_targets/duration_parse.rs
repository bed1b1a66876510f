//! `--session-timeout`/`--connect-timeout`/`--timeout` values: errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zksh::cli::parse_duration;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_duration(text);
    }
});
