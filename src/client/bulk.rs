//! The requests bulk work is made of — multi-read batches (getData / getChildren), getACL and
//! setACL and exists in bulk, atomic multi writes — and what each weighs on the wire. Each
//! sends at call time, and its future borrows only the client, so `bulk::Window` can keep many
//! in flight and send one again after a lost connection. Replies are length-checked: a reply
//! with fewer results than requests is an error, never shifted data.

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

/// What an applied op gave back: the created path for creates, the new stat for sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpResult {
    Created(String),
    Set(Stat),
    Done,
}

/// The node's data and stat, or why it could not be read.
pub type DataReply = Result<(Vec<u8>, Stat)>;

/// One read of a multi-read request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Read {
    Data,
    Children,
}

/// What one read gave.
#[derive(Debug)]
pub enum ReadReply {
    Data(Vec<u8>, Stat),
    Children(Vec<String>),
}

// Sizes on the wire (jute): a string or buffer is a 4-byte length and its bytes; a request is
// preceded by its header (xid, type); each op of a multi by (type, done, err), and the list ends
// with one more such header.
const REQUEST_HEADER: usize = 8;
const MULTI_HEADER: usize = 9;

fn field(len: usize) -> usize {
    4 + len
}

/// Bytes of an ACL list on the wire; `None` is the default world:anyone:cdrwa.
fn acl_size(acl: Option<&[AclEntry]>) -> usize {
    match acl {
        None => 4 + 4 + field(5) + field(6),
        Some(list) => {
            4 + list
                .iter()
                .map(|a| 4 + field(a.scheme.len()) + field(a.id.len()))
                .sum::<usize>()
        }
    }
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

    /// Bytes the op adds to a multi request, before the chroot (which a `Zk` knows:
    /// `Zk::op_size` is exact).
    pub fn weight(&self) -> usize {
        MULTI_HEADER + self.body_size(0)
    }

    /// The op's body on the wire, with the chroot the client prepends to its path.
    fn body_size(&self, chroot: usize) -> usize {
        let path = chroot + self.path().len();
        match self {
            Op::Create { data, acl, ttl, .. } => {
                create_body(path, data.len(), acl.as_deref(), ttl.is_some())
            }
            Op::Set { data, .. } => set_body(path, data.len()),
            Op::Delete { .. } | Op::Check { .. } => field(path) + 4,
        }
    }
}

/// A create's body: path, data, ACL, flags, and the TTL if any.
fn create_body(path: usize, data: usize, acl: Option<&[AclEntry]>, ttl: bool) -> usize {
    field(path) + field(data) + acl_size(acl) + 4 + if ttl { 8 } else { 0 }
}

/// A setData's body: path, data, version.
fn set_body(path: usize, data: usize) -> usize {
    field(path) + field(data) + 4
}

impl Zk {
    /// Bytes `op` adds to a multi request.
    pub fn op_size(&self, op: &Op) -> usize {
        MULTI_HEADER + op.body_size(self.chroot_len)
    }

    /// Bytes of a multi request holding ops of `ops_size` bytes in all.
    pub fn multi_size(ops_size: usize) -> usize {
        REQUEST_HEADER + ops_size + MULTI_HEADER
    }

    /// Refuses a create the server would drop the connection for.
    pub fn check_create(
        &self,
        path: &str,
        data: &[u8],
        acl: Option<&[AclEntry]>,
        ttl: bool,
    ) -> Result<()> {
        let body = create_body(self.chroot_len + path.len(), data.len(), acl, ttl);
        self.check_size(path, REQUEST_HEADER + body)
    }

    /// Refuses a setData the server would drop the connection for.
    pub fn check_set(&self, path: &str, data: &[u8]) -> Result<()> {
        let body = set_body(self.chroot_len + path.len(), data.len());
        self.check_size(path, REQUEST_HEADER + body)
    }

    /// Bytes one read adds to a multi-read request (path and watch flag).
    pub fn read_size(&self, path: &str) -> usize {
        MULTI_HEADER + field(self.chroot_len + path.len()) + 1
    }

    /// Bytes of a setACL request.
    pub fn set_acl_size(&self, path: &str, acl: &[AclEntry]) -> usize {
        REQUEST_HEADER + field(self.chroot_len + path.len()) + acl_size(Some(acl)) + 4
    }

    /// The largest request the server takes (its `jute.maxbuffer`).
    pub fn packet_limit(&self) -> usize {
        self.packet_limit
    }

    /// Refuses, before anything is sent, a request of `size` bytes the server would drop the
    /// connection for.
    pub fn check_size(&self, what: &str, size: usize) -> Result<()> {
        if size <= self.packet_limit {
            return Ok(());
        }
        Err(Error::usage(format!(
            "{what}: the request would be {size} bytes, over the server's packet limit of {} \
             (jute.maxbuffer; --jute-maxbuffer N for a server that raised it)",
            self.packet_limit
        )))
    }

    /// Sends, now, one multi-read request; the future gives one result per read, so a node that
    /// fails (deleted meanwhile, no permission) fails alone.
    pub fn read_batch<'a>(
        &'a self,
        reads: &[(Read, String)],
    ) -> impl Future<Output = Result<Vec<Result<ReadReply>>>> + Send + use<'a> {
        // A snapshot answers at once; the future only hands the answers over.
        let offline = self.snapshot().map(|t| {
            reads
                .iter()
                .map(|(kind, p)| match kind {
                    Read::Data => t.get(p).map(|(d, s)| ReadReply::Data(d, s)),
                    Read::Children => t.children(p).map(|(c, _)| ReadReply::Children(c)),
                })
                .collect::<Vec<_>>()
        });
        let live = self.live.as_ref().filter(|_| offline.is_none());
        let mut reader = live.map(zk::Client::new_multi_reader);
        let bad = reader.as_mut().and_then(|reader| {
            reads.iter().find_map(|(kind, p)| {
                let added = match kind {
                    Read::Data => reader.add_get_data(p),
                    Read::Children => reader.add_get_children(p),
                };
                added.err().map(|e| map_err(e, p))
            })
        });
        let sent = reader.filter(|_| bad.is_none()).map(|mut r| r.commit());
        let paths: Vec<String> = reads.iter().map(|(_, p)| p.clone()).collect();
        async move {
            let first = paths.first().map(String::as_str).unwrap_or("/");
            let results = match (bad, sent, offline) {
                (_, _, Some(answers)) => return Ok(answers),
                (Some(e), _, _) => return Err(e),
                (None, Some(sent), _) => self.req(first, sent).await?,
                (None, None, None) => unreachable!("a batch is either refused or sent"),
            };
            if results.len() != paths.len() {
                return Err(short_reply("multi-read", results.len(), paths.len()));
            }
            Ok(results
                .into_iter()
                .zip(&paths)
                .map(|(r, p)| match r {
                    zk::MultiReadResult::Error { err } => Err(map_err(err, p)),
                    zk::MultiReadResult::Data { data, stat } => {
                        Ok(ReadReply::Data(data, stat.into()))
                    }
                    zk::MultiReadResult::Children { children } => Ok(ReadReply::Children(children)),
                    _ => Err(Error::other(format!("{p}: unexpected multi-read reply"))),
                })
                .collect())
        }
    }

    /// Awaits single requests sent already, in order, each with the request timeout and the
    /// error mapping; a chunk of them with one lost to the connection is lost as a whole, so
    /// the window sends the chunk again (every such request is safe to repeat).
    async fn each_reply<T, U>(
        &self,
        sent: Vec<(
            String,
            impl Future<Output = std::result::Result<T, zk::Error>>,
        )>,
        map: impl Fn(T) -> U,
    ) -> Result<Vec<Result<U>>> {
        let mut out = Vec::with_capacity(sent.len());
        for (p, reply) in sent {
            match self.req(&p, reply).await {
                Err(e @ Error::Connection(_)) => return Err(e),
                r => out.push(r.map(&map)),
            }
        }
        Ok(out)
    }

    /// Sends, now, a getACL for every path; the future gives the results in order.
    pub fn acl_batch<'a>(
        &'a self,
        paths: &[String],
    ) -> impl Future<Output = Result<Vec<Result<Vec<AclEntry>>>>> + Send + use<'a> {
        let offline = self
            .snapshot()
            .map(|t| paths.iter().map(|p| t.acl(p).map(|(a, _)| a)).collect());
        let sent = match (&self.live, &offline) {
            (Some(c), None) => paths.iter().map(|p| (p.clone(), c.get_acl(p))).collect(),
            _ => Vec::new(),
        };
        let live = self.each_reply(sent, |(acl, _): (Vec<zk::Acl>, zk::Stat)| {
            acl.iter().map(super::from_zk_acl).collect()
        });
        async move {
            match offline {
                Some(answers) => Ok(answers),
                None => live.await,
            }
        }
    }

    /// Sends, now, a setACL for every (path, ACL); the future gives the results in order.
    pub fn set_acl_batch<'a>(
        &'a self,
        items: &[(String, Vec<AclEntry>)],
    ) -> impl Future<Output = Result<Vec<Result<()>>>> + Send + use<'a> {
        let refused = self.snapshot().map(|_| {
            items
                .iter()
                .map(|(p, _)| Err(super::offline::read_only(p)))
                .collect()
        });
        let sent = match (&self.live, &refused) {
            (Some(c), None) => items
                .iter()
                .map(|(p, acl)| {
                    let list: Vec<zk::Acl> = acl.iter().map(to_zk_acl).collect();
                    (p.clone(), c.set_acl(p, &list, None))
                })
                .collect(),
            _ => Vec::new(),
        };
        let live = self.each_reply(sent, |_| ());
        async move {
            match refused {
                Some(r) => Ok(r),
                None => live.await,
            }
        }
    }

    /// Sends, now, an exists (stat) request for every path; `None` for a node that is gone.
    pub fn stat_batch<'a>(
        &'a self,
        paths: &[String],
    ) -> impl Future<Output = Result<Vec<Result<Option<Stat>>>>> + Send + use<'a> {
        let offline = self
            .snapshot()
            .map(|t| paths.iter().map(|p| Ok(t.stat(p))).collect());
        let sent = match (&self.live, &offline) {
            (Some(c), None) => paths.iter().map(|p| (p.clone(), c.check_stat(p))).collect(),
            _ => Vec::new(),
        };
        let live = self.each_reply(sent, |s: Option<zk::Stat>| s.map(Stat::from));
        async move {
            match offline {
                Some(answers) => Ok(answers),
                None => live.await,
            }
        }
    }

    /// Sends, now, one atomic multi request. On failure nothing was applied, and the error
    /// names the op that failed, by index, when the server said which.
    pub fn multi<'a>(
        &'a self,
        ops: &[Op],
    ) -> impl Future<Output = std::result::Result<Vec<OpResult>, (Option<usize>, Error)>> + Send + use<'a>
    {
        let mut writer = self.live.as_ref().map(zk::Client::new_multi_writer);
        let bad = match writer.as_mut() {
            None => Some((
                Some(0),
                super::offline::read_only(ops.first().map_or("/", Op::path)),
            )),
            Some(w) => ops.iter().enumerate().find_map(|(i, op)| {
                add_op(w, op)
                    .err()
                    .map(|e| (Some(i), map_err(e, op.path())))
            }),
        };
        let sent = writer.filter(|_| bad.is_none()).map(|mut w| w.commit());
        let paths: Vec<String> = ops.iter().map(|op| op.path().to_string()).collect();
        async move {
            let sent = match (bad, sent) {
                (Some(e), _) => return Err(e),
                (None, Some(sent)) => sent,
                (None, None) => unreachable!("a batch is either refused or sent"),
            };
            let first = paths.first().map(String::as_str).unwrap_or("/");
            let results = match tokio::time::timeout(self.request_timeout, sent).await {
                Err(_) => return Err((None, lost())),
                Ok(Ok(results)) => results,
                Ok(Err(zk::MultiWriteError::OperationFailed { index, source })) => {
                    let at = paths.get(index).map(String::as_str).unwrap_or(first);
                    return Err((Some(index), map_err(source, at)));
                }
                Ok(Err(zk::MultiWriteError::RequestFailed { source })) => {
                    return Err((None, map_err(source, first)));
                }
            };
            if results.len() != paths.len() {
                return Err((None, short_reply("multi", results.len(), paths.len())));
            }
            Ok(results
                .into_iter()
                .map(|r| match r {
                    zk::MultiWriteResult::Create { path, .. } => OpResult::Created(path),
                    zk::MultiWriteResult::SetData { stat } => OpResult::Set(stat.into()),
                    _ => OpResult::Done,
                })
                .collect())
        }
    }
}

fn short_reply(what: &str, got: usize, sent: usize) -> Error {
    Error::other(format!(
        "the server answered a {what} request of {sent} ops with {got} results"
    ))
}

fn add_op(writer: &mut zk::MultiWriter<'_>, op: &Op) -> std::result::Result<(), zk::Error> {
    match op {
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
    }
}
