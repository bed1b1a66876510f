//! Looking at whole trees: `tree`, `find`, `grep`, `du`. Each streams one walk of the bulk
//! engine (data read with the children when it is needed) and prints as it goes.

use clap::Args;
use regex::bytes::RegexBuilder;

use crate::bulk::{Order, Step, Walk, Want};
use crate::client::Zk;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::list::{Frame, Hit};
use crate::path;
use crate::reply::{Du, Reply, Walked};

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct TreeArgs {
    /// Levels below the node to show
    #[arg(short = 'd', long, value_name = "DEPTH")]
    pub depth: Option<usize>,
    /// Show URL-encoded names (Dubbo's providers) decoded; JSON keeps the exact names
    #[arg(long)]
    pub decode_names: bool,
    /// The root of the tree to draw (default: the current node)
    #[arg(default_value = ".")]
    pub path: String,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct FindArgs {
    /// [PATH] PATTERN: where to look (default: the current node) and a glob on node names
    #[arg(num_args = 1..=2, required = true, value_names = ["PATH", "PATTERN"])]
    pub args: Vec<String>,
    /// PATTERN is a regular expression (on names) instead of a glob
    #[arg(long)]
    pub regex: bool,
    /// Only nodes of this type: e(phemeral) or p(ersistent)
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
    /// Match and show URL-encoded names (Dubbo's providers) decoded; JSON keeps the exact
    /// paths
    #[arg(long)]
    pub decode_names: bool,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct GrepArgs {
    /// [PATH] PATTERN: where to look (default: the current node) and a regular expression
    #[arg(num_args = 1..=2, required = true, value_names = ["PATH", "PATTERN"])]
    pub args: Vec<String>,
    /// Case-insensitive
    #[arg(short = 'i', long)]
    pub ignore_case: bool,
    /// PATTERN is a fixed string
    #[arg(short = 'F', long)]
    pub fixed: bool,
    /// Print only the paths of matching nodes
    #[arg(short = 'l', long)]
    pub names: bool,
    /// Search values decompressed (gzip, zlib; as detected or as the config's [decode] rules
    /// say)
    #[arg(long)]
    pub decode: bool,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct DuArgs {
    /// The root of the tree to measure (default: the current node)
    #[arg(default_value = ".")]
    pub path: String,
}

/// `[PATH] PATTERN` -> (path, pattern).
fn path_and_pattern(ctx: &Ctx, args: &[String]) -> Result<(String, String)> {
    match args {
        [pattern] => Ok((ctx.cwd.clone(), pattern.clone())),
        [p, pattern] => Ok((ctx.resolve(p)?, pattern.clone())),
        _ => Err(Error::usage("expected [PATH] PATTERN")),
    }
}

/// A shell glob (`*`, `?`, `[...]`) as an anchored regular expression.
pub fn glob_to_regex(glob: &str) -> String {
    let mut re = String::from("^");
    let mut chars = glob.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' => re.push_str(".*"),
            '?' => re.push('.'),
            '[' => {
                re.push('[');
                if chars.peek() == Some(&'!') {
                    chars.next();
                    re.push('^');
                }
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    if c == '\\' || c == '[' {
                        re.push('\\');
                    }
                    re.push(c);
                }
                re.push(']');
            }
            c => re.push_str(&regex::escape(&c.to_string())),
        }
    }
    re.push('$');
    re
}

/// One walk over the tree under `root`: `each` sees every node as found; nodes that cannot be
/// read are collected, and reported (changing the exit code) once the rest is done.
async fn walk_each(
    zk: &Zk,
    root: &str,
    want: Want,
    mut each: impl FnMut(Step) -> Result<()>,
) -> Result<Vec<(String, Error)>> {
    let walk = Walk::new(zk, root, want);
    match walk.drive(async |step| each(step).map(|_| true)).await {
        (_, Some(e)) => Err(e),
        (unreadable, None) => Ok(unreadable),
    }
}

pub async fn tree(ctx: &mut Ctx, a: TreeArgs) -> Result<Reply> {
    let root = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let want = Want {
        max_depth: a.depth,
        leave: true,
        ..Want::names(Order::Depth)
    };
    let mut list = ctx.out.list(Frame::Tree)?.decoding_names(a.decode_names);
    let unreadable = walk_each(&zk, &root, want, |step| match &step {
        Step::Enter(f) => list.tree_node(&f.path, f.depth, f.last, false),
        Step::Unreadable {
            path, depth, last, ..
        } => list.tree_node(path, *depth, *last, true),
        Step::Leave { .. } => list.tree_leave(),
    })
    .await?;
    list.finish()?;
    Ok(Reply::Walked(Walked::new("tree", unreadable)))
}

pub async fn find(ctx: &mut Ctx, a: FindArgs) -> Result<Reply> {
    let (root, pattern) = path_and_pattern(ctx, &a.args)?;
    let re = if a.regex {
        pattern.clone()
    } else {
        glob_to_regex(&pattern)
    };
    let re = regex::Regex::new(&re)
        .map_err(|e| Error::usage(format!("bad pattern {pattern:?}: {e}")))?;
    let kind = match a.kind.as_deref() {
        None => None,
        Some("e" | "ephemeral") => Some("ephemeral"),
        Some("p" | "persistent") => Some("persistent"),
        Some(t) => {
            return Err(Error::usage(format!(
                "--type {t:?}: expected e or p (the server reports containers and TTL nodes \
                 as persistent, so they cannot be told apart)"
            )));
        }
    };
    let zk = ctx.zk().await?;
    let want = Want {
        data: kind.is_some(),
        ..Want::names(Order::Depth)
    };
    let mut list = ctx.out.list(Frame::Array)?.decoding_names(a.decode_names);
    let unreadable = walk_each(&zk, &root, want, |step| {
        let Step::Enter(f) = step else { return Ok(()) };
        let type_ok = kind.is_none_or(|k| f.data.as_ref().is_some_and(|(_, st)| st.kind() == k));
        let name = path::name(&f.path);
        let decoded = crate::decode::names::percent_decoded(name).filter(|_| a.decode_names);
        if !type_ok || !re.is_match(decoded.as_deref().unwrap_or(name)) {
            return Ok(());
        }
        list.path(&f.path)
    })
    .await?;
    list.finish()?;
    Ok(Reply::Walked(Walked::new("find", unreadable)))
}

pub async fn grep(ctx: &mut Ctx, a: GrepArgs) -> Result<Reply> {
    let (root, pattern) = path_and_pattern(ctx, &a.args)?;
    let source = if a.fixed {
        regex::escape(&pattern)
    } else {
        pattern.clone()
    };
    let re = RegexBuilder::new(&source)
        .case_insensitive(a.ignore_case)
        .unicode(false)
        .build()
        .map_err(|e| Error::usage(format!("bad pattern {pattern:?}: {e}")))?;
    let zk = ctx.zk().await?;
    let want = Want {
        data: true,
        ..Want::names(Order::Depth)
    };
    let cfg = ctx.cfg.clone();
    let mut list = ctx.out.list(Frame::Array)?;
    let unreadable = walk_each(&zk, &root, want, |step| {
        let Step::Enter(f) = step else { return Ok(()) };
        let Some((stored, _)) = &f.data else {
            return Ok(());
        };
        let data = if a.decode {
            let rule = cfg.decode.for_path(&f.path);
            crate::decode::unwrap_layers(stored, rule.and_then(|r| r.layers.as_deref())).1
        } else {
            std::borrow::Cow::Borrowed(&stored[..])
        };
        let data = &data[..];
        if !re.is_match(data) {
            return Ok(());
        }
        let binary = crate::output::sanitize::is_binary(data);
        let lines: Vec<String> = if a.names || binary {
            Vec::new()
        } else {
            data.split(|b| *b == b'\n')
                .filter(|l| re.is_match(l))
                .map(|l| String::from_utf8_lossy(l).to_string())
                .collect()
        };
        list.hit(&Hit {
            path: &f.path,
            binary,
            lines,
            names: a.names,
        })
    })
    .await?;
    let hits = list.finish()?;
    Ok(Reply::Walked(Walked {
        // As grep: no match is exit status 1.
        status: (hits == 0).then_some(1),
        ..Walked::new("grep", unreadable)
    }))
}

pub async fn du(ctx: &mut Ctx, a: DuArgs) -> Result<Reply> {
    let root = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let want = Want {
        data: true,
        ..Want::names(Order::Depth)
    };
    // Bytes and node counts per child of the root (the root's own bytes count in the total).
    // The walk is depth-first, so each child's subtree comes whole after it: one row each,
    // names packed in one buffer (a node may have a million children).
    let mut names = String::new();
    let mut rows: Vec<(u64, u64, u32, u32)> = Vec::new();
    let (mut bytes, mut count) = (0u64, 0u64);
    let unreadable = walk_each(&zk, &root, want, |step| {
        let Step::Enter(f) = step else { return Ok(()) };
        let Some((_, stat)) = &f.data else {
            return Ok(());
        };
        let size = stat.data_length.max(0) as u64;
        bytes += size;
        count += 1;
        if f.depth == 1 {
            let start = names.len() as u32;
            names.push_str(path::name(&f.path));
            rows.push((0, 0, start, names.len() as u32 - start));
        }
        if let Some(row) = rows.last_mut().filter(|_| f.depth >= 1) {
            row.0 += size;
            row.1 += 1;
        }
        Ok(())
    })
    .await?;
    let mut du = Du {
        root,
        bytes,
        nodes: count,
        names,
        rows,
        unreadable,
    };
    du.sort();
    Ok(Reply::Du(du))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_become_anchored_regexes() {
        let m = |g: &str, s: &str| regex::Regex::new(&glob_to_regex(g)).unwrap().is_match(s);
        assert!(m("broker-*", "broker-1"));
        assert!(!m("broker-*", "xbroker-1"));
        assert!(m("n?", "n1"));
        assert!(!m("n?", "n12"));
        assert!(m("[ab]x", "bx"));
        assert!(m("[!ab]x", "cx"));
        assert!(m("a.b", "a.b"));
        assert!(!m("a.b", "axb"));
    }
}
