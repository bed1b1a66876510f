//! The ensemble's dynamic configuration: reading `/zookeeper/config` and changing the membership
//! (reconfig), with the server's reconfig refusals mapped into clear errors.

use zookeeper_client as zk;

use super::{Stat, Watch, Zk, map_err};
use crate::error::{Error, Result};

const CONFIG: &str = "/zookeeper/config";

/// A membership change, as zkCli's `reconfig` flags give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reconfig {
    /// `-add` server strings (`server.N=host:p1:p2;cport`) and `-remove` server ids.
    Incremental {
        add: Vec<String>,
        remove: Vec<String>,
    },
    /// `-members` / `-file`: the whole new membership.
    New { members: Vec<String> },
}

fn reconfig_err(e: zk::Error) -> Error {
    match e {
        zk::Error::ReconfigDisabled => Error::other(
            "reconfig is disabled on the server (it needs reconfigEnabled=true in zoo.cfg)",
        ),
        // KeeperException.NewConfigNoQuorum and ReconfigInProgress, unknown to the crate.
        zk::Error::UnexpectedErrorCode(-13) => Error::other(
            "reconfig: no quorum of the new configuration is connected and up to date with the leader",
        ),
        zk::Error::UnexpectedErrorCode(-14) => {
            Error::other("reconfig: another reconfiguration is in progress")
        }
        zk::Error::BadArguments(_) => Error::usage(
            "reconfig: the server rejected the change (check the server strings and ids)",
        ),
        e => map_err(e, CONFIG),
    }
}

fn strs(v: &[String]) -> impl Iterator<Item = &str> + Clone {
    v.iter().map(String::as_str)
}

impl Zk {
    /// The dynamic configuration (`/zookeeper/config`) and its stat; never under the chroot.
    pub async fn config(&self) -> Result<(Vec<u8>, Stat)> {
        if let Some(t) = self.snapshot() {
            return t.get(CONFIG);
        }
        let (data, stat) = self.req(CONFIG, self.client(CONFIG)?.get_config()).await?;
        Ok((data, stat.into()))
    }

    /// Like `config`, leaving a one-shot watch on the configuration.
    pub async fn config_watch(&self) -> Result<(Vec<u8>, Stat, Watch)> {
        let (data, stat, w) = self
            .req(CONFIG, self.client(CONFIG)?.get_and_watch_config())
            .await?;
        Ok((data, stat.into(), Watch(w)))
    }

    /// Changes the membership; with `version`, only if the configuration is at that version.
    /// Returns the configuration committed.
    pub async fn reconfig(
        &self,
        change: &Reconfig,
        version: Option<i64>,
    ) -> Result<(Vec<u8>, Stat)> {
        let update = match change {
            Reconfig::Incremental { add, remove } => zk::EnsembleUpdate::Incremental {
                joinings: strs(add),
                leavings: strs(remove),
            },
            Reconfig::New { members } => zk::EnsembleUpdate::New {
                ensemble: strs(members),
            },
        };
        let sent = self.client(CONFIG)?.update_ensemble(update, version);
        match tokio::time::timeout(self.request_timeout, sent).await {
            Ok(Ok((data, stat))) => Ok((data, stat.into())),
            Ok(Err(e)) => Err(reconfig_err(e)),
            Err(_) => Err(Error::Connection(format!(
                "reconfig: no reply within {:?}; it may or may not have been applied",
                self.request_timeout
            ))),
        }
    }
}
