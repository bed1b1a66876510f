//! Bulk requests: multi-read batches of getData, pipelined getACL, and atomic multi writes
//! (create/set/delete/check). Each sends at call time so callers keep several in flight.

use std::future::Future;
use std::time::Duration;

use zookeeper_client as zk;

use super::{NodeType, Stat, Zk, lost, map_err, to_zk_acl};
use crate::acl::AclEntry;
use crate::error::{Error, Result};

/// One operation of an atomic multi request.
#[derive(Clone, Debug)]
pub enum Op {
    Create {
        path: String,
        data: Vec<u8>,
        acl: Option<Vec<AclEntry>>,
        kind: NodeType,
        sequential: bool,
        ttl: Option<Duration>,
    },
    Set {
        path: String,
        data: Vec<u8>,
        version: Option<i32>,
    },
    Delete {
        path: String,
        version: Option<i32>,
    },
    Check {
        path: String,
        version: i32,
    },
}

impl Op {
    pub fn path(&self) -> &str {
        match self {
            Op::Create { path, .. }
            | Op::Set { path, .. }
            | Op::Delete { path, .. }
            | Op::Check { path, .. } => path,
        }
    }

    /// Roughly what the op weighs in a request, to keep batches under the 1 MiB packet limit.
    pub fn weight(&self) -> usize {
        let data = match self {
            Op::Create { data, acl, .. } => data.len() + acl.as_ref().map_or(24, |a| a.len() * 48),
            Op::Set { data, .. } => data.len(),
            _ => 0,
        };
        self.path().len() + data + 32
    }
}

/// What an applied op gave back: the created path for creates, the new stat for sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpResult {
    Created(String),
    Set(Stat),
    Done,
}

/// The node's data and stat, or why it could not be read.
pub type DataReply = Result<(Vec<u8>, Stat)>;

impl Zk {
    /// Sends, now, one multi-read request for the data of every path; the future collects the
    /// replies, one result per path.
    pub fn data_batch<'a>(
        &'a self,
        paths: &'a [String],
    ) -> impl Future<Output = Result<Vec<DataReply>>> + 'a {
        self.multi_read(
            paths,
            |reader, p| reader.add_get_data(p),
            |reply| match reply {
                zk::MultiReadResult::Data { data, stat } => Some((data, stat.into())),
                _ => None,
            },
        )
    }

    /// Sends, now, one multi-read request with one op per path (`add`); the future turns each
    /// reply into a result (`take`), so a node that fails (deleted meanwhile, no permission)
    /// fails alone.
    pub(super) fn multi_read<'a, T: 'a>(
        &'a self,
        paths: &'a [String],
        add: impl Fn(&mut zk::MultiReader<'a>, &str) -> std::result::Result<(), zk::Error>,
        take: impl Fn(zk::MultiReadResult) -> Option<T> + 'a,
    ) -> impl Future<Output = Result<Vec<Result<T>>>> + 'a {
        let mut reader = self.client.new_multi_reader();
        let bad = paths
            .iter()
            .find_map(|p| add(&mut reader, p).err().map(|e| map_err(e, p)));
        let sent = bad.is_none().then(|| reader.commit());
        async move {
            let first = paths.first().map(String::as_str).unwrap_or("/");
            let results = match (bad, sent) {
                (Some(e), _) => return Err(e),
                (None, Some(sent)) => self.req(first, sent).await?,
                (None, None) => unreachable!("a batch is either rejected or sent"),
            };
            Ok(results
                .into_iter()
                .zip(paths)
                .map(|(r, p)| match r {
                    zk::MultiReadResult::Error { err } => Err(map_err(err, p)),
                    other => take(other)
                        .ok_or_else(|| Error::other(format!("{p}: unexpected multi-read reply"))),
                })
                .collect())
        }
    }

    /// Sends, now, a getACL for every path; the futures resolve in order.
    pub fn acl_pipelined<'a>(
        &'a self,
        paths: impl IntoIterator<Item = &'a String>,
    ) -> Vec<impl Future<Output = Result<Vec<AclEntry>>> + 'a> {
        paths
            .into_iter()
            .map(|p| {
                let sent = self.client.get_acl(p);
                async move {
                    let (acl, _) = self.req(p, sent).await?;
                    Ok(acl.iter().map(super::from_zk_acl).collect())
                }
            })
            .collect()
    }

    /// Sends, now, a setACL for every (path, ACL); the futures resolve in order.
    pub fn set_acls_pipelined<'a>(
        &'a self,
        items: impl IntoIterator<Item = &'a (String, Vec<AclEntry>)>,
    ) -> Vec<impl Future<Output = Result<()>> + 'a> {
        items
            .into_iter()
            .map(|(p, acl)| {
                let list: Vec<zk::Acl> = acl.iter().map(to_zk_acl).collect();
                let sent = self.client.set_acl(p, &list, None);
                async move { self.req(p, sent).await.map(|_| ()) }
            })
            .collect()
    }

    /// Sends, now, one atomic multi request. On failure nothing was applied, and the error
    /// names the op that failed, by index, when the server said which.
    pub fn multi<'a>(
        &'a self,
        ops: &'a [Op],
    ) -> impl Future<Output = std::result::Result<Vec<OpResult>, (Option<usize>, Error)>> + 'a {
        let mut writer = self.client.new_multi_writer();
        let mut bad = None;
        for (i, op) in ops.iter().enumerate() {
            let r = match op {
                Op::Create {
                    path,
                    data,
                    acl,
                    kind,
                    sequential,
                    ttl,
                } => {
                    let acls: Vec<zk::Acl> = acl
                        .as_deref()
                        .unwrap_or_default()
                        .iter()
                        .map(to_zk_acl)
                        .collect();
                    let list = if acl.is_some() {
                        zk::Acls::new(&acls)
                    } else {
                        zk::Acls::anyone_all()
                    };
                    let mut options = super::create_mode(*kind, *sequential).with_acls(list);
                    if let Some(t) = ttl {
                        options = options.with_ttl(*t);
                    }
                    writer.add_create(path, data, &options)
                }
                Op::Set {
                    path,
                    data,
                    version,
                } => writer.add_set_data(path, data, *version),
                Op::Delete { path, version } => writer.add_delete(path, *version),
                Op::Check { path, version } => writer.add_check_version(path, *version),
            };
            if let Err(e) = r {
                bad = Some((Some(i), map_err(e, op.path())));
                break;
            }
        }
        let sent = bad.is_none().then(|| writer.commit());
        async move {
            let sent = match (bad, sent) {
                (Some(e), _) => return Err(e),
                (None, Some(sent)) => sent,
                (None, None) => unreachable!("a batch is either rejected or sent"),
            };
            let first = ops.first().map(Op::path).unwrap_or("/");
            match tokio::time::timeout(self.request_timeout, sent).await {
                Err(_) => Err((None, lost())),
                Ok(Ok(results)) => Ok(results
                    .into_iter()
                    .map(|r| match r {
                        zk::MultiWriteResult::Create { path, .. } => OpResult::Created(path),
                        zk::MultiWriteResult::SetData { stat } => OpResult::Set(stat.into()),
                        _ => OpResult::Done,
                    })
                    .collect()),
                Ok(Err(zk::MultiWriteError::OperationFailed { index, source })) => Err((
                    Some(index),
                    map_err(source, ops.get(index).map(Op::path).unwrap_or(first)),
                )),
                Ok(Err(zk::MultiWriteError::RequestFailed { source })) => {
                    Err((None, map_err(source, first)))
                }
            }
        }
    }
}
