//! The export-file reader: arbitrary bytes give a usage error or a checked file, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zksh::command::parse_export;
use zksh::error::Error;

fuzz_target!(|data: &[u8]| {
    match parse_export(data, "fuzz") {
        Ok(file) => {
            for n in &file.nodes {
                assert!(n.path.starts_with('/'));
            }
        }
        Err(Error::Usage(_)) => {}
        Err(e) => panic!("parse_export gave a non-usage error: {e:?}"),
    }
});
