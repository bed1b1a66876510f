//! What the recipe commands give back: the node `lock` (without CMD) holds, and the contenders
//! of a lock or election (`locks`, `elect --list`).

use serde::Serialize;

use crate::recipe::Dialect;

/// The lock node zksh holds (`lock PATH` without a command).
#[derive(Clone, Debug, Serialize)]
pub struct Held {
    pub path: String,
    pub node: String,
    pub dialect: Dialect,
    /// The node's czxid: a fencing token that only grows.
    pub zxid: i64,
    /// Hex, as ZooKeeper's tools print it.
    pub session_id: String,
}

/// One contender of a lock or an election.
#[derive(Clone, Debug, Serialize)]
pub struct Contender {
    /// 0 holds the lock (or leads).
    pub position: usize,
    /// `holder`/`waiter` for a lock, `leader`/`candidate` for an election.
    pub role: &'static str,
    pub node: String,
    pub dialect: Dialect,
    /// The node's data: the identifier (kazoo, LeaderLatch), the holder's IP (Curator).
    #[serde(skip)]
    pub data: Vec<u8>,
    /// The owner's session, hex.
    pub session: String,
    /// Milliseconds since the node was created (by the server's clock against ours).
    pub age_ms: i64,
    /// The owner's address, when some member's `cons` knows the session.
    pub client: Option<String>,
}

/// Every contender in the order the library ranks them.
#[derive(Clone, Debug, Serialize)]
pub struct Contenders {
    pub path: String,
    pub contenders: Vec<Contender>,
}
