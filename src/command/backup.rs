//! `export` and `import`: a documented, binary-safe JSON format for backup and restore.
//!
//! ```json
//! {"format":"zksh-export","version":1,"root":"/app","nodes":[
//! {"path":"/","type":"persistent","data":"<base64>","acl":["world:anyone:cdrwa"]},
//! {"path":"/a","type":"ttl","data":"","acl":["digest:bob:HASH:cdrwa"],"ttl_ms":60000}
//! ],"ephemerals_skipped":0}
//! ```
//! Paths are relative to `root` (the root itself is `/`), parents before children; data is
//! base64; ACL entries use zkCli's syntax; ephemeral nodes are skipped and counted.

use std::io::{BufWriter, Write};

use clap::Args;
use serde::Deserialize;
use serde_json::json;

use crate::apply::{self, Applied};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::io_err;
use crate::path;
use crate::snapshot::{self, Node};

pub const FORMAT: &str = "zksh-export";

#[derive(Args, Debug, Clone)]
pub struct ExportArgs {
    pub path: String,
    /// File to write ('-' or none: stdout)
    pub file: Option<String>,
}

#[derive(Args, Debug, Clone)]
pub struct ImportArgs {
    /// Export file ('-' = stdin)
    pub file: String,
    /// Where to restore (default: the exported root)
    pub path: Option<String>,
    /// Set data and ACL of nodes that already exist (default: they fail)
    #[arg(long)]
    pub overwrite: bool,
    /// Check the file and print what would be created, change nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// An export file as read back.
#[derive(Deserialize, Debug)]
pub struct ExportFile {
    pub format: String,
    pub version: u32,
    pub root: String,
    pub nodes: Vec<Node>,
}

pub async fn export(ctx: &mut Ctx, a: ExportArgs) -> Result<()> {
    let root = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let sink: Box<dyn Write> = match a.file.as_deref() {
        None | Some("-") => Box::new(std::io::stdout().lock()),
        Some(f) => {
            Box::new(std::fs::File::create(f).map_err(|e| Error::usage(format!("{f}: {e}")))?)
        }
    };
    let mut w = BufWriter::new(sink);
    write!(
        w,
        "{{\"format\":\"{FORMAT}\",\"version\":1,\"root\":{},\"nodes\":[",
        json!(root)
    )
    .map_err(io_err)?;
    let mut count = 0usize;
    let total = zk.count_descendants(&root).await? + 1;
    let progress = ctx.progress("export", Some(total));
    let report = snapshot::read_tree(&zk, &root, &progress, |n| {
        let sep = if count == 0 { "\n" } else { ",\n" };
        count += 1;
        write!(
            w,
            "{sep}{}",
            serde_json::to_string(&n).map_err(|e| Error::other(e.to_string()))?
        )
        .map_err(io_err)
    })
    .await?;
    writeln!(
        w,
        "\n],\"ephemerals_skipped\":{}}}",
        report.ephemerals_skipped
    )
    .map_err(io_err)?;
    w.flush().map_err(io_err)?;
    ctx.out.note(&format!(
        "exported {count} nodes{}",
        if report.ephemerals_skipped > 0 {
            format!(" ({} ephemeral skipped)", report.ephemerals_skipped)
        } else {
            String::new()
        }
    ));
    super::recursive::report_skipped(ctx, report.unreadable)
}

/// Reads and checks an export file before anything is sent: format, version, paths, and that
/// every node's parent comes before it.
pub fn read_export(file: &str) -> Result<ExportFile> {
    let text = if file == "-" {
        super::value::read_stdin("import -")?
    } else {
        std::fs::read(file).map_err(|e| Error::usage(format!("{file}: {e}")))?
    };
    parse_export(&text, file)
}

/// Parses and checks the bytes of an export file; `name` only labels the errors. Pure, so the
/// fuzzer and property tests reach it without a file.
pub fn parse_export(text: &[u8], name: &str) -> Result<ExportFile> {
    let bad = |why: String| Error::usage(format!("{name}: not a valid zksh export: {why}"));
    let parsed: ExportFile = serde_json::from_slice(text).map_err(|e| bad(e.to_string()))?;
    if parsed.format != FORMAT || parsed.version != 1 {
        return Err(bad(format!(
            "format {:?} version {}",
            parsed.format, parsed.version
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for n in &parsed.nodes {
        let resolved = path::resolve("/", &n.path).map_err(|e| bad(e.to_string()))?;
        if resolved != n.path {
            return Err(bad(format!("node path {:?} is not in normal form", n.path)));
        }
        // The root ("/") may be absent (it then must exist); any other parent must come first.
        if let Some(parent) = path::parent(&n.path).filter(|p| *p != "/" && !seen.contains(*p)) {
            return Err(bad(format!(
                "node {:?} comes before its parent {parent:?} (or the parent is missing)",
                n.path
            )));
        }
        if !seen.insert(n.path.clone()) {
            return Err(bad(format!("node {:?} appears twice", n.path)));
        }
    }
    Ok(parsed)
}

pub async fn import(ctx: &mut Ctx, a: ImportArgs) -> Result<()> {
    let file = read_export(&a.file)?;
    let root = match &a.path {
        Some(p) => ctx.resolve(p)?,
        None => file.root.clone(),
    };
    // The server's root always exists: restoring onto "/" can only update it.
    let nodes: Vec<Node> = file
        .nodes
        .into_iter()
        .filter(|n| !(root == "/" && n.path == "/"))
        .collect();
    if a.dry_run {
        let list: Vec<String> = nodes
            .iter()
            .map(|n| snapshot::absolute(&root, &n.path))
            .collect();
        if ctx.out.json {
            return ctx
                .out
                .json(&json!({ "dry_run": true, "count": list.len(), "nodes": list }));
        }
        let text: String = list
            .iter()
            .map(|p| format!("{}\n", ctx.out.name(p)))
            .collect();
        ctx.out.bytes(text.as_bytes())?;
        ctx.out.note(&format!(
            "dry run: would create {} nodes under {root}",
            list.len()
        ));
        return Ok(());
    }
    let zk = ctx.zk().await?;
    let progress = ctx.progress("import", Some(nodes.len()));
    let done = apply::apply(&zk, &root, &nodes, a.overwrite, &progress).await?;
    let rerun = "run the import again with --overwrite to finish";
    report_applied(ctx, done, "imported", ("import", rerun))
}

/// Prints what a bulk write did; failures are listed, the first sets the exit code. When it
/// stopped early (the connection failed for good), says how far it got and how to finish.
pub fn report_applied(
    ctx: &Ctx,
    done: Applied,
    verb: &str,
    (what, rerun): (&str, &str),
) -> Result<()> {
    if ctx.out.json {
        let failed: Vec<_> = done
            .failed
            .iter()
            .map(|(p, e)| json!({ "path": p, "error": e.to_json()["error"] }))
            .collect();
        let mut v =
            json!({ "created": done.created, "overwritten": done.overwritten, "failed": failed });
        if let Some(stop) = &done.stopped {
            v["stopped"] = json!(true);
            v["in_doubt"] = json!(stop.in_doubt);
        }
        ctx.out.json(&v)?;
    } else {
        ctx.out.errors(done.failed.iter().map(|(_, e)| e));
        let mut msg = format!("{verb} {} nodes", done.created);
        if done.overwritten > 0 {
            msg.push_str(&format!(", overwrote {}", done.overwritten));
        }
        if !done.failed.is_empty() {
            msg.push_str(&format!(", {} failed (listed above)", done.failed.len()));
        }
        if let Some(stop) = &done.stopped {
            msg = stop.summary(what, done.created + done.overwritten, done.total, rerun);
        }
        ctx.out.note(&msg);
    }
    if let Some(stop) = done.stopped {
        return Err(stop.error);
    }
    match done.failed.first() {
        Some((_, e)) => Err(Error::Status(e.exit_code())),
        None => Ok(()),
    }
}
