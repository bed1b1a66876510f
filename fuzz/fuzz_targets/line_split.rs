//! The REPL/script line splitter: never panics, and a split line quoted back together splits
//! to the same words; `word_start` is safe at char boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zksh::line::{quote, split, word_start};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // A few cursor positions: every one would make each input quadratic and the fuzzer slow.
    let step = text.len() / 8 + 1;
    for i in (0..=text.len()).step_by(step).chain([text.len()]) {
        if text.is_char_boundary(i) {
            assert!(word_start(text, i) <= i);
        }
    }
    let Ok(commands) = split(text) else { return };
    for words in commands {
        let joined: Vec<String> = words.iter().map(|w| quote(w)).collect();
        let again = split(&joined.join(" ")).expect("a quoted line splits");
        assert_eq!(again, vec![words]);
    }
});
