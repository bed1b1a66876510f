//! `hotspots [PATH] --top N`: the widest nodes, the largest values, the deepest paths and the
//! biggest subtrees, found in one depth-first walk of the bulk engine — on a live ensemble, or
//! on a snapshot (`--snapshot`) with no server load at all.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use clap::Args;

use crate::bulk::{Order, Step, Walk, Want};
use crate::context::Ctx;
use crate::error::Result;
use crate::output::forensics::{Hotspots, Spot, Subtree};
use crate::reply::{Reply, Walked};

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct HotspotsArgs {
    /// Where to look (default: the current node)
    #[arg(default_value = ".")]
    pub path: String,
    /// How many of each to show
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub top: usize,
}

/// The N largest (key, path) seen, kept as a min-heap so a path is only copied when it enters.
struct Top {
    n: usize,
    heap: BinaryHeap<Reverse<(u64, u64, String)>>,
}

impl Top {
    fn new(n: usize) -> Top {
        Top {
            n,
            heap: BinaryHeap::new(),
        }
    }

    /// Offers `key` (and `extra`, shown beside it) for `path`.
    fn offer(&mut self, key: u64, extra: u64, path: &str) {
        if self.n == 0 || key == 0 {
            return;
        }
        if self.heap.len() < self.n {
            self.heap.push(Reverse((key, extra, path.to_string())));
        } else if self.heap.peek().is_some_and(|Reverse((k, _, _))| key > *k) {
            self.heap.pop();
            self.heap.push(Reverse((key, extra, path.to_string())));
        }
    }

    /// Largest first; ties by path.
    fn sorted(self) -> Vec<(u64, u64, String)> {
        let mut v: Vec<_> = self.heap.into_iter().map(|Reverse(x)| x).collect();
        v.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
        v
    }
}

fn spots(t: Top) -> Vec<Spot> {
    t.sorted()
        .into_iter()
        .map(|(value, _, path)| Spot { path, value })
        .collect()
}

pub async fn hotspots(ctx: &mut Ctx, a: HotspotsArgs) -> Result<Reply> {
    let root = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let want = Want {
        data: true,
        leave: true,
        ..Want::names(Order::Depth)
    };
    let (mut wide, mut large, mut deep, mut big) = (
        Top::new(a.top),
        Top::new(a.top),
        Top::new(a.top),
        Top::new(a.top),
    );
    // Per open node on the walk's path: (nodes, bytes) of its subtree so far.
    let mut open: Vec<(u64, u64)> = Vec::new();
    let (mut nodes, mut bytes) = (0u64, 0u64);
    let walk = Walk::new(&zk, &root, want);
    let (unreadable, failed) = walk
        .drive(async |step| {
            match step {
                Step::Enter(f) => {
                    let Some((_, stat)) = &f.data else {
                        return Ok(true);
                    };
                    let size = stat.data_length.max(0) as u64;
                    nodes += 1;
                    bytes += size;
                    wide.offer(stat.num_children.max(0) as u64, 0, &f.path);
                    large.offer(size, 0, &f.path);
                    deep.offer(f.depth as u64, 0, &f.path);
                    open.push((1, size));
                }
                Step::Leave { path, .. } => {
                    let Some((n, b)) = open.pop() else {
                        return Ok(true);
                    };
                    if let Some(up) = open.last_mut() {
                        up.0 += n;
                        up.1 += b;
                        // The walk's root is trivially the biggest: only what is below it counts.
                        big.offer(n, b, &path);
                    }
                }
                Step::Unreadable { .. } => {}
            }
            Ok(true)
        })
        .await;
    if let Some(e) = failed {
        return Err(e);
    }
    let reply = Hotspots {
        path: root,
        nodes,
        bytes,
        widest: spots(wide),
        largest: spots(large),
        deepest: spots(deep),
        biggest: big
            .sorted()
            .into_iter()
            .map(|(nodes, bytes, path)| Subtree { path, nodes, bytes })
            .collect(),
    };
    crate::output::forensics::hotspots(ctx.out, &reply)?;
    Ok(Reply::Walked(Walked::new("hotspots", unreadable)))
}
