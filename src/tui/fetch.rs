//! Reads in the background, each one a task that reports to the ui loop: one node's children
//! (one getChildren: ZooKeeper has no paged listing, so the names are sorted and packed here,
//! off the loop), the stats of the rows on screen (the bulk engine's batched stats), and the
//! selected node's value and ACL.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;

use crate::acl::AclEntry;
use crate::bulk::names::Names;
use crate::client::Zk;
use crate::error::Result;
use crate::reply::Stat;
use crate::session::Session;

/// What a background read (or the watch) reports.
pub enum Msg {
    Children {
        path: String,
        listed: Result<(Names, Stat)>,
    },
    Stats {
        asked: Vec<String>,
        got: Result<Vec<(String, Option<Stat>)>>,
    },
    AllStats {
        path: String,
        got: Result<Vec<(String, Stat)>>,
    },
    Preview {
        path: String,
        got: Result<(Vec<u8>, Stat, Option<Vec<AclEntry>>)>,
    },
    /// A node event from the subtree's watch.
    Event(crate::reply::Event),
    /// The watch was set again after a gap: what is shown may be stale.
    Rearmed,
    /// A session notice (state change, new session), text.
    Notice(String),
}

pub type Tx = UnboundedSender<Msg>;

/// The live client, waiting a while for one during a reconnect.
async fn zk(session: &Session) -> Result<Zk> {
    session.zk(Duration::from_secs(30)).await
}

pub fn children(session: &Session, tx: &Tx, path: String) {
    let (session, tx) = (session.clone(), tx.clone());
    tokio::spawn(async move {
        let listed = match zk(&session).await {
            Ok(zk) => zk
                .children(&path)
                .await
                .map(|(names, stat)| (Names::sorted(names), stat)),
            Err(e) => Err(e),
        };
        let _ = tx.send(Msg::Children { path, listed });
    });
}

pub fn stats(session: &Session, tx: &Tx, asked: Vec<String>) {
    let (session, tx) = (session.clone(), tx.clone());
    tokio::spawn(async move {
        let mut got = Vec::with_capacity(asked.len());
        let r = match zk(&session).await {
            Ok(zk) => {
                crate::bulk::stats::stats(&zk, &asked, |p, s| {
                    got.push((p.to_string(), s));
                    Ok(())
                })
                .await
            }
            Err(e) => Err(e),
        };
        let _ = tx.send(Msg::Stats {
            asked,
            got: r.map(|_| got),
        });
    });
}

/// Every child's stat of `path` (to sort by one), through the same batched stats.
pub fn all_stats(session: &Session, tx: &Tx, path: String, names: Vec<String>) {
    let (session, tx) = (session.clone(), tx.clone());
    tokio::spawn(async move {
        let paths: Vec<String> = names.iter().map(|n| crate::path::join(&path, n)).collect();
        let mut got = Vec::with_capacity(paths.len());
        let r = match zk(&session).await {
            Ok(zk) => {
                crate::bulk::stats::stats(&zk, &paths, |p, s| {
                    if let Some(s) = s {
                        got.push((crate::path::name(p).to_string(), s));
                    }
                    Ok(())
                })
                .await
            }
            Err(e) => Err(e),
        };
        let _ = tx.send(Msg::AllStats {
            path,
            got: r.map(|_| got),
        });
    });
}

pub fn preview(session: &Session, tx: &Tx, path: String) {
    let (session, tx) = (session.clone(), tx.clone());
    tokio::spawn(async move {
        let got = match zk(&session).await {
            Ok(zk) => {
                let (data, acl) = tokio::join!(zk.get(&path), zk.get_acl(&path));
                data.map(|(d, s)| (d, s, acl.ok().map(|(a, _)| a)))
            }
            Err(e) => Err(e),
        };
        let _ = tx.send(Msg::Preview { path, got });
    });
}
