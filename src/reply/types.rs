//! The domain types replies are made of: a node's stat and a watch event, in zksh's own shapes
//! (the client module converts the crate's into these), so rendering needs no client code.

use serde::Serialize;

/// The node metadata ZooKeeper keeps.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Stat {
    pub czxid: i64,
    pub mzxid: i64,
    pub pzxid: i64,
    pub ctime: i64,
    pub mtime: i64,
    pub version: i32,
    pub cversion: i32,
    pub aversion: i32,
    pub ephemeral_owner: i64,
    pub data_length: i32,
    pub num_children: i32,
}

impl Stat {
    /// `persistent` or `ephemeral`: all the server tells clients (it reports containers and
    /// TTL nodes with ephemeralOwner 0, like persistent ones).
    pub fn kind(&self) -> &'static str {
        if self.ephemeral_owner == 0 {
            "persistent"
        } else {
            "ephemeral"
        }
    }
}

/// A node event or a session state change, as zksh prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    /// `NodeCreated`, `NodeDeleted`, `NodeDataChanged`, `NodeChildrenChanged`, or for session
    /// events the state (`Disconnected`, `SyncConnected`, `Expired`, ...).
    pub kind: String,
    /// Empty for session events.
    pub path: String,
    pub session: bool,
    /// The transaction that caused a node event, when the server says (ZooKeeper 3.9+).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zxid: Option<i64>,
}
