//! The ACL parser: never panics, and what it accepts prints back to text that parses the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zksh::acl::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(list) = parse(text) {
        let shown: Vec<String> = list.iter().map(|a| a.to_string()).collect();
        assert_eq!(parse(&shown.join(",")).expect("a printed ACL parses"), list);
    }
});
