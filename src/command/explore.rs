//! Looking at whole trees: `tree`, `find`, `grep`, `du`. All walk with the pipelined walker;
//! data comes in multi-read batches.

use std::collections::BTreeMap;

use clap::Args;
use regex::bytes::RegexBuilder;
use serde_json::json;

use crate::client::Zk;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::snapshot::fetch_data;
use crate::{path, tree};

#[derive(Args, Debug, Clone)]
pub struct TreeArgs {
    /// Levels below the node to show
    #[arg(short = 'd', long, value_name = "DEPTH")]
    pub depth: Option<usize>,
    #[arg(default_value = ".")]
    pub path: String,
}

#[derive(Args, Debug, Clone)]
pub struct FindArgs {
    /// [PATH] PATTERN: where to look (default: the current node) and a glob on node names
    #[arg(num_args = 1..=2, required = true, value_names = ["PATH", "PATTERN"])]
    pub args: Vec<String>,
    /// PATTERN is a regular expression (on names) instead of a glob
    #[arg(long)]
    pub regex: bool,
    /// Only nodes of this type: e(phemeral), p(ersistent), c(ontainer), t(tl)
    #[arg(long = "type", value_name = "TYPE")]
    pub kind: Option<String>,
}

#[derive(Args, Debug, Clone)]
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
}

#[derive(Args, Debug, Clone)]
pub struct DuArgs {
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

/// All paths under `root`, in walk order, with depth; unreadable subtrees reported.
async fn collect(
    ctx: &Ctx,
    zk: &Zk,
    root: &str,
    depth: Option<usize>,
) -> Result<Vec<(String, usize)>> {
    let mut nodes = Vec::new();
    let skipped = tree::walk(zk, root, depth, |p, d| {
        nodes.push((p.to_string(), d));
        Ok(())
    })
    .await?;
    ctx.out.errors(&skipped);
    Ok(nodes)
}

pub async fn tree(ctx: &mut Ctx, a: TreeArgs) -> Result<()> {
    let root = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let nodes = collect(ctx, &zk, &root, a.depth).await?;
    // The walk is breadth-first; drawing needs depth-first, so index children by parent.
    let mut children: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (p, _) in nodes.iter().skip(1) {
        children
            .entry(path::parent(p).unwrap_or("/"))
            .or_default()
            .push(p);
    }
    if ctx.out.json {
        fn node(p: &str, children: &BTreeMap<&str, Vec<&str>>) -> serde_json::Value {
            let kids: Vec<_> = children
                .get(p)
                .map(|c| c.iter().map(|k| node(k, children)).collect())
                .unwrap_or_default();
            json!({ "name": path::name(p), "path": p, "children": kids })
        }
        return ctx.out.json(&node(&root, &children));
    }
    let mut text = format!("{}\n", ctx.out.name(&root));
    // An explicit stack: deep chains must not recurse.
    let mut stack: Vec<(&str, String, bool)> = children
        .get(root.as_str())
        .map(|c| {
            c.iter()
                .rev()
                .enumerate()
                .map(|(i, k)| (*k, String::new(), i == 0))
                .collect()
        })
        .unwrap_or_default();
    while let Some((p, prefix, last)) = stack.pop() {
        text.push_str(&format!(
            "{prefix}{}{}\n",
            if last { "└── " } else { "├── " },
            ctx.out.name(path::name(p))
        ));
        let inner = format!("{prefix}{}", if last { "    " } else { "│   " });
        if let Some(kids) = children.get(p) {
            for (i, k) in kids.iter().rev().enumerate() {
                stack.push((k, inner.clone(), i == 0));
            }
        }
        if text.len() > 1 << 16 {
            ctx.out.bytes(text.as_bytes())?;
            text.clear();
        }
    }
    ctx.out.bytes(text.as_bytes())
}

pub async fn find(ctx: &mut Ctx, a: FindArgs) -> Result<()> {
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
        Some("c" | "container") => Some("container"),
        Some("t" | "ttl") => Some("ttl"),
        Some(t) => return Err(Error::usage(format!("--type {t:?}: expected e, p, c or t"))),
    };
    let zk = ctx.zk().await?;
    let mut found: Vec<String> = collect(ctx, &zk, &root, None)
        .await?
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| re.is_match(path::name(p)))
        .collect();
    if let Some(kind) = kind {
        let mut keep = Vec::new();
        fetch_data(&zk, &found, |p, r| {
            if r.is_ok_and(|(_, s)| s.kind() == kind) {
                keep.push(p.to_string());
            }
            Ok(())
        })
        .await?;
        found = keep;
    }
    if ctx.out.json {
        return ctx.out.json(&json!(found));
    }
    let text: String = found
        .iter()
        .map(|p| format!("{}\n", ctx.out.name(p)))
        .collect();
    ctx.out.bytes(text.as_bytes())
}

pub async fn grep(ctx: &mut Ctx, a: GrepArgs) -> Result<()> {
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
    let paths: Vec<String> = collect(ctx, &zk, &root, None)
        .await?
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    let out = ctx.out;
    let mut hits: Vec<serde_json::Value> = Vec::new();
    let mut text = String::new();
    fetch_data(&zk, &paths, |p, r| {
        let Ok((data, _)) = r else { return Ok(()) };
        if !re.is_match(&data) {
            return Ok(());
        }
        let binary = crate::output::sanitize::is_binary(&data);
        let lines: Vec<String> = if a.names || binary {
            Vec::new()
        } else {
            data.split(|b| *b == b'\n')
                .filter(|l| re.is_match(l))
                .map(|l| String::from_utf8_lossy(l).to_string())
                .collect()
        };
        if out.json {
            hits.push(json!({ "path": p, "binary": binary, "lines": lines }));
        } else if a.names {
            text.push_str(&format!("{}\n", out.name(p)));
        } else if binary {
            text.push_str(&format!("{}: binary value matches\n", out.name(p)));
        } else {
            for l in lines {
                text.push_str(&format!("{}: {}\n", out.name(p), out.name(&l)));
            }
        }
        Ok(())
    })
    .await?;
    let matched = if out.json {
        !hits.is_empty()
    } else {
        !text.is_empty()
    };
    if out.json {
        out.json(&json!(hits))?;
    } else {
        out.bytes(text.as_bytes())?;
    }
    // As grep: no match is exit status 1.
    if matched {
        Ok(())
    } else {
        Err(Error::Status(1))
    }
}

pub async fn du(ctx: &mut Ctx, a: DuArgs) -> Result<()> {
    let root = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let paths: Vec<String> = collect(ctx, &zk, &root, None)
        .await?
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    // Bytes and node counts per child of the root (the root's own bytes count in the total).
    let mut per_child: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    let (mut bytes, mut count) = (0u64, 0u64);
    fetch_data(&zk, &paths, |p, r| {
        let Ok((_, stat)) = r else { return Ok(()) };
        let size = stat.data_length.max(0) as u64;
        bytes += size;
        count += 1;
        if p != root {
            let rest = &p[root.len()..];
            let rest = rest.strip_prefix('/').unwrap_or(rest);
            let child = rest.split('/').next().unwrap_or(rest);
            let e = per_child.entry(child.to_string()).or_default();
            e.0 += size;
            e.1 += 1;
        }
        Ok(())
    })
    .await?;
    let mut rows: Vec<(String, (u64, u64))> = per_child.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if ctx.out.json {
        let list: Vec<_> = rows
            .iter()
            .map(|(n, (b, c))| json!({ "name": n, "bytes": b, "nodes": c }))
            .collect();
        return ctx
            .out
            .json(&json!({ "path": root, "bytes": bytes, "nodes": count, "children": list }));
    }
    let mut text: String = rows
        .iter()
        .map(|(n, (b, c))| format!("{b:>12} {c:>9}  {}\n", ctx.out.name(&path::join(&root, n))))
        .collect();
    text.push_str(&format!(
        "{bytes:>12} {count:>9}  {} (total)\n",
        ctx.out.name(&root)
    ));
    ctx.out.bytes(text.as_bytes())
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
