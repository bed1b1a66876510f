//! The requests the lock and election recipes need beyond plain ones: a contender node that
//! reports its stat (czxid: the fencing token), parents made as containers (Curator) or
//! persistent nodes (kazoo).

use zookeeper_client as zk;

use super::{Stat, Zk};
use crate::error::{Error, Result};

impl Zk {
    /// Creates the ephemeral-sequential node `prefix<seq>` holding `data` (open ACL, as both
    /// libraries by default); returns its path and stat.
    pub async fn create_contender(&self, prefix: &str, data: &[u8]) -> Result<(String, Stat)> {
        self.check_create(prefix, data, None, false)?;
        let options = zk::CreateMode::EphemeralSequential.with_acls(zk::Acls::anyone_all());
        let (stat, seq) = self
            .req(prefix, self.client(prefix)?.create(prefix, data, &options))
            .await?;
        Ok((format!("{prefix}{seq}"), stat.into()))
    }

    /// Makes `path` and its missing ancestors, as containers or persistent empty nodes; ones
    /// that exist already (or appear meanwhile) are fine.
    pub async fn make_dirs(&self, path: &str, containers: bool) -> Result<()> {
        if path == "/" || self.stat(path).await?.is_some() {
            return Ok(());
        }
        let mode = if containers {
            zk::CreateMode::Container
        } else {
            zk::CreateMode::Persistent
        };
        let options = mode.with_acls(zk::Acls::anyone_all());
        let mut missing = vec![path.to_string()];
        while let Some(parent) = crate::path::parent(missing.last().map_or("/", |s| s)) {
            if parent == "/" || self.stat(parent).await?.is_some() {
                break;
            }
            missing.push(parent.to_string());
        }
        for p in missing.iter().rev() {
            match self.req(p, self.client(p)?.create(p, b"", &options)).await {
                Ok(_) | Err(Error::NodeExists { .. }) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}
