//! The one bulk engine every tree command uses (`ls -R`, `tree`, `find`, `grep`, `du`,
//! `deleteall`, `setAcl -R`, `cp`, `mv`, `export`, `import`, `diff`):
//!
//! - `walk`: a streaming walk with a bounded frontier, reading through multi-read batches;
//! - `window`: the one sliding window of requests in flight, which also sends again what a
//!   dropped connection lost while the session lives;
//! - `write`: batched `multi` writes sized by their bytes on the wire, with exact per-op
//!   failures and read-back of writes whose reply was lost;
//! - `acls`: setACL in bulk (it has no multi form);
//! - `record`: whole nodes as export files and copies carry them;
//! - `Tally`: where the engine counts what it settled (the progress line is one; it draws,
//!   the engine does not). The report it ends with is `reply::Report`.
//!
//! No other module keeps a window loop, a batch splitter or a test for a lost connection.

pub mod acls;
pub mod names;
pub mod record;
pub mod stats;
pub mod walk;
pub mod window;
pub mod write;

pub use record::{Item, Record, Records};
pub use walk::{Found, Order, Step, Walk, Want};
pub use write::Writer;

/// Where the engine counts the nodes it settled: the progress line, or nothing.
pub trait Tally: Sync {
    fn add(&self, n: usize);
}

/// Counts nothing (a pass whose progress another pass shows).
pub struct Silent;

impl Tally for Silent {
    fn add(&self, _: usize) {}
}
