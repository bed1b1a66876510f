//! The floor for `zksh export`/`import`: the plainest fast use of the `zookeeper-client` crate.
//!
//! `floor HOST:PORT read ROOT`    walks the tree under ROOT level by level, with a getChildren and
//!                                a getData per node and WINDOW of each in flight (pipelined: the
//!                                crate sends a request when it is called, so the futures of a
//!                                whole window are made before the first is awaited).
//! `floor HOST:PORT write ROOT N` creates ROOT and N nodes below it, breadth first with FANOUT
//!                                children per node, in `multi` requests of BATCH creates with
//!                                several multis in flight.
//!
//! `floor HOST:PORT get PATH`    the floor for a one-shot `zksh get`: connect (failing eagerly),
//!                                one getData, print the value, exit. `FLOOR_RUNTIME=multi` runs
//!                                it on a multi-thread runtime with one worker, as zksh's batch
//!                                mode does, to show what that runtime costs.
//!
//! read and write print `NODES nodes in SECS s: RATE nodes/s` (connect excluded) on stdout.

use std::collections::VecDeque;
use std::time::Instant;

use zookeeper_client::{Acls, Client, CreateMode};

const WINDOW: usize = 1000;
const BATCH: usize = 1000;
const MULTIS_IN_FLIGHT: usize = 8;
const FANOUT: usize = 100;
const DATA: &[u8] = b"benchval";

type Error = Box<dyn std::error::Error>;

fn child(parent: &str, name: &str) -> String {
    if parent == "/" {
        format!("/{name}")
    } else {
        format!("{parent}/{name}")
    }
}

async fn read(zk: &Client, root: &str) -> Result<usize, Error> {
    let mut nodes = 0usize;
    let mut level = vec![root.to_string()];
    while !level.is_empty() {
        let mut next = Vec::new();
        let mut pending = VecDeque::with_capacity(WINDOW + 1);
        for path in level {
            let data = zk.get_data(&path);
            let children = zk.list_children(&path);
            pending.push_back((path, data, children));
            if pending.len() >= WINDOW {
                let (path, data, children) = pending.pop_front().unwrap();
                data.await?;
                next.extend(children.await?.iter().map(|c| child(&path, c)));
                nodes += 1;
            }
        }
        for (path, data, children) in pending {
            data.await?;
            next.extend(children.await?.iter().map(|c| child(&path, c)));
            nodes += 1;
        }
        level = next;
    }
    Ok(nodes)
}

/// Paths of n nodes below root, breadth first (parents before children), FANOUT per parent.
fn tree_paths(root: &str, n: usize) -> Vec<String> {
    let mut paths: Vec<String> = Vec::with_capacity(n);
    let mut i = 0;
    while paths.len() < n {
        let parent = if i == 0 {
            root.to_string()
        } else {
            paths[i - 1].clone()
        };
        for c in 0..FANOUT {
            if paths.len() == n {
                break;
            }
            paths.push(child(&parent, &format!("n{c}")));
        }
        i += 1;
    }
    paths
}

async fn write(zk: &Client, root: &str, n: usize) -> Result<usize, Error> {
    let options = CreateMode::Persistent.with_acls(Acls::anyone_all());
    let paths = tree_paths(root, n);
    zk.create(root, DATA, &options).await?;
    let mut pending = VecDeque::new();
    for batch in paths.chunks(BATCH) {
        let mut writer = zk.new_multi_writer();
        for p in batch {
            writer.add_create(p, DATA, &options)?;
        }
        pending.push_back(writer.commit());
        if pending.len() >= MULTIS_IN_FLIGHT {
            pending.pop_front().unwrap().await?;
        }
    }
    for multi in pending {
        multi.await?;
    }
    Ok(n + 1)
}

/// `n` transactions for a transaction log: `root` and 1000 children, then n setData requests
/// over the children in turn, each its own transaction, IN_FLIGHT at a time.
async fn txns(zk: &Client, root: &str, n: usize) -> Result<usize, Error> {
    const CHILDREN: usize = 1000;
    const IN_FLIGHT: usize = 1000;
    let options = CreateMode::Persistent.with_acls(Acls::anyone_all());
    zk.create(root, DATA, &options).await?;
    let paths: Vec<String> = (0..CHILDREN).map(|c| child(root, &format!("n{c}"))).collect();
    let mut writer = zk.new_multi_writer();
    for p in &paths {
        writer.add_create(p, DATA, &options)?;
    }
    writer.commit().await?;
    let mut pending = VecDeque::new();
    for i in 0..n {
        pending.push_back(zk.set_data(&paths[i % CHILDREN], DATA, None));
        if pending.len() >= IN_FLIGHT {
            pending.pop_front().unwrap().await?;
        }
    }
    for set in pending {
        set.await?;
    }
    Ok(n)
}

fn main() -> Result<(), Error> {
    let rt = match std::env::var("FLOOR_RUNTIME").as_deref() {
        Ok("multi") => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?,
        _ => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?,
    };
    rt.block_on(run())
}

async fn run() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage =
        "usage: floor HOST:PORT read ROOT | floor HOST:PORT write ROOT N | floor HOST:PORT txns ROOT N | floor HOST:PORT get PATH";
    let (server, mode, root) = match &args[..] {
        [s, m, r, ..] => (s, m.as_str(), r),
        _ => return Err(usage.into()),
    };
    let zk = Client::connector()
        .with_fail_eagerly()
        .connect(server)
        .await?;
    if mode == "get" {
        use std::io::Write;
        let (data, _) = zk.get_data(root).await?;
        std::io::stdout().write_all(&data)?;
        return Ok(());
    }
    let start = Instant::now();
    let nodes = match (mode, args.get(3)) {
        ("read", None) => read(&zk, root).await?,
        ("write", Some(n)) => write(&zk, root, n.parse()?).await?,
        ("txns", Some(n)) => txns(&zk, root, n.parse()?).await?,
        _ => return Err(usage.into()),
    };
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{nodes} nodes in {secs:.3} s: {:.0} nodes/s",
        nodes as f64 / secs
    );
    Ok(())
}
