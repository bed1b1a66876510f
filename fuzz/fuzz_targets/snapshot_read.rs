//! The snapshot reader and the tree it loads: arbitrary bytes (plain, or behind gzip or
//! snappy-java when the first byte says so) give a tree or an error with an offset, never a
//! panic, a hang or a huge allocation.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zksh::client::offline::Tree;
use zksh::offline::snapshot::{self, Compression};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let c = match mode % 3 {
        0 => Compression::None,
        1 => Compression::Gzip,
        _ => Compression::Snappy,
    };
    let mut tree = Tree::new();
    match snapshot::read(rest, c, &mut tree) {
        Ok(_) if !tree.is_empty() => {
            tree.finish_load();
            for p in ["/", "/zookeeper", "/a/b"] {
                if let Some(i) = tree.lookup(p) {
                    let _ = tree.stat(i);
                    let _ = tree.children(i);
                    let _ = tree.descendants(i);
                }
            }
        }
        Ok(_) => {}
        Err(e) => assert!(e.offset <= rest.len() as u64 * 1100 + 64, "{e}"),
    }
});
