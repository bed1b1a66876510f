//! The transaction-log reader and the replay: arbitrary bytes give transactions (applied to a
//! small tree) or an error with an offset, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zksh::client::offline::{Tree, apply};
use zksh::offline::snapshot::{Sink, StatPersisted};
use zksh::offline::txnlog::Log;

fuzz_target!(|data: &[u8]| {
    let Ok(log) = Log::open(data) else { return };
    let mut tree = Tree::new();
    let st = StatPersisted::default();
    tree.node(b"", b"", -1, &st).unwrap();
    tree.node(b"/a", b"x", -1, &st).unwrap();
    tree.finish_load();
    for txn in log {
        match txn {
            Ok(t) => apply(&mut tree, &t),
            Err(e) => {
                assert!(e.offset <= data.len() as u64, "{e}");
                break;
            }
        }
    }
    let _ = tree.lookup("/a");
});
