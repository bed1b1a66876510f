//! `export` and `import`: a documented, binary-safe JSON format for backup and restore.
//!
//! ```json
//! {"format":"zksh-export","version":1,"root":"/app","nodes":[
//! {"path":"/","type":"persistent","data":"<base64>","acl":["world:anyone:cdrwa"]},
//! {"path":"/a","type":"ttl","data":"","acl":["digest:bob:HASH:cdrwa"],"ttl_ms":60000}
//! ],"ephemerals_skipped":0}
//! ```
//! Paths are relative to `root` (the root itself is `/`), depth-first with children sorted
//! (so parents come before children); data is base64; ACL entries use zkCli's syntax;
//! ephemeral nodes are skipped and counted. The server reports containers and TTL nodes as
//! persistent, so a live export names only `persistent`; a file may also name `container`,
//! and `ttl` with `ttl_ms`.

use std::collections::HashSet;
use std::io::Read;

use clap::Args;
use serde::Deserialize;
use serde_json::json;

use crate::bulk::acls::AclWriter;
use crate::bulk::record::{KINDS, absolute};
use crate::bulk::{Item, Record, Records, Report, Writer, report};
use crate::client::{Op, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::file::AtomicFile;
use crate::output::progress::Progress;
use crate::output::stream::Stream;
use crate::{path, signals};

pub const FORMAT: &str = "zksh-export";

#[derive(Args, Debug, Clone)]
pub struct ExportArgs {
    /// The root of the tree to save
    pub path: String,
    /// File to write ('-' or none: stdout); replaced only once the export is complete
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
    pub nodes: Vec<Record>,
}

/// Where an export goes: stdout as it streams, or a file replaced only on success.
enum Sink {
    Stdout(Stream),
    File(AtomicFile),
}

impl Sink {
    fn push(&mut self, s: &str) -> Result<()> {
        match self {
            Sink::Stdout(out) => out.push(s),
            Sink::File(f) => f.write(s.as_bytes()),
        }
    }
}

pub async fn export(ctx: &mut Ctx, a: ExportArgs) -> Result<()> {
    let root = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let total = zk.count_descendants(&root).await? + 1;
    let mut sink = match a.file.as_deref() {
        None | Some("-") => Sink::Stdout(Stream::new(ctx.out)),
        Some(f) => Sink::File(AtomicFile::create(f)?),
    };
    let head = format!(
        "{{\"format\":\"{FORMAT}\",\"version\":1,\"root\":{},\"nodes\":[",
        json!(root)
    );
    sink.push(&head)?;
    let progress = ctx.progress("export", Some(total));
    let mut records = Records::new(&zk, &root);
    let (mut count, mut ephemerals, mut unreadable) = (0usize, 0usize, Vec::new());
    while let Some(item) = records.next().await? {
        match item {
            Item::Node(n, _) => {
                let sep = if count == 0 { "\n" } else { ",\n" };
                let line = serde_json::to_string(&n).map_err(|e| Error::other(e.to_string()))?;
                sink.push(&format!("{sep}{line}"))?;
                count += 1;
                progress.add(1);
            }
            Item::Ephemeral(_) => ephemerals += 1,
            Item::Unreadable(p, e) => unreadable.push((p, e)),
        }
    }
    progress.finish();
    sink.push(&format!("\n],\"ephemerals_skipped\":{ephemerals}}}\n"))?;
    let skipped = match ephemerals {
        0 => String::new(),
        n => format!(" ({n} ephemeral skipped)"),
    };
    match sink {
        Sink::Stdout(out) => out.finish()?,
        // An export that misses nodes must not replace a good backup.
        Sink::File(_) if !unreadable.is_empty() => {
            ctx.out
                .note("the export is incomplete, so its file was not written");
        }
        Sink::File(f) => f.commit()?,
    }
    if unreadable.is_empty() {
        ctx.out.note(&format!("exported {count} nodes{skipped}"));
    }
    report::unreadable(ctx, "export", &unreadable)
}

/// Reads and checks an export file before anything is sent: format, version, paths, and that
/// every node's parent comes before it.
pub fn read_export(file: &str) -> Result<ExportFile> {
    let mut text = Vec::new();
    if file == "-" {
        std::io::stdin().lock().read_to_end(&mut text)?;
    } else {
        text = std::fs::read(file).map_err(|e| Error::usage(format!("{file}: {e}")))?;
    }
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
        if !KINDS.contains(&n.kind.as_str()) {
            return Err(bad(format!(
                "node {:?} has type {:?}; expected one of {}",
                n.path,
                n.kind,
                KINDS.join(", ")
            )));
        }
        if (n.kind == "ttl") != n.ttl_ms.is_some() {
            return Err(bad(format!(
                "node {:?}: a ttl node needs ttl_ms, and only a ttl node has one",
                n.path
            )));
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
    let nodes: Vec<Record> = file
        .nodes
        .into_iter()
        .filter(|n| !(root == "/" && n.path == "/"))
        .collect();
    if a.dry_run {
        return print_dry_run(ctx, &root, &nodes);
    }
    let zk = ctx.zk().await?;
    let progress = ctx.progress("import", Some(nodes.len()));
    let mut report = restore(&zk, &root, &nodes, a.overwrite, &progress).await?;
    progress.finish();
    report.rerun = Some("run the import again with --overwrite to finish".into());
    if report.is_clean() {
        ctx.out.note(&format!("imported {} nodes", report.done));
    }
    report.finish(ctx)
}

fn print_dry_run(ctx: &Ctx, root: &str, nodes: &[Record]) -> Result<()> {
    let list: Vec<String> = nodes.iter().map(|n| absolute(root, &n.path)).collect();
    if ctx.out.json {
        return ctx
            .out
            .json(&json!({ "dry_run": true, "count": list.len(), "nodes": list }));
    }
    let mut s = Stream::new(ctx.out);
    for p in &list {
        s.line(&ctx.out.name(p))?;
    }
    s.finish()?;
    ctx.out.note(&format!(
        "dry run: would create {} nodes under {root}",
        list.len()
    ));
    Ok(())
}

/// Creates `nodes` under `root`; with `overwrite`, nodes that exist get their data and ACL set
/// instead. Every request is checked against the server's packet limit before anything is sent.
async fn restore(
    zk: &Zk,
    root: &str,
    nodes: &[Record],
    overwrite: bool,
    progress: &Progress,
) -> Result<Report> {
    for n in nodes {
        let op = n.create_op(root);
        zk.check_size(op.path(), Zk::multi_size(zk.op_size(&op)))?;
    }
    let _bulk = signals::Bulk::start();
    let mut report = Report::new("import");
    report.total = Some(nodes.len());
    let mut writer = Restore::new(zk, root, progress, report);
    for n in nodes {
        if !writer.push(n).await {
            break;
        }
    }
    let (report, existing) = writer.finish().await;
    if !overwrite || report.stopped.is_some() || existing.is_empty() {
        return Ok(report);
    }
    let old = nodes
        .iter()
        .filter(|n| existing.contains(&absolute(root, &n.path)));
    Ok(overwrite_all(zk, root, old, progress, report).await)
}

/// Creates records under a root as they come, parents first.
pub struct Restore<'a> {
    writer: Writer<'a>,
    root: String,
}

impl<'a> Restore<'a> {
    pub fn new(zk: &'a Zk, root: &str, progress: &'a Progress, report: Report) -> Restore<'a> {
        Restore {
            writer: Writer::new(zk, progress, report),
            root: root.to_string(),
        }
    }

    /// False once the writer has stopped.
    pub async fn push(&mut self, n: &Record) -> bool {
        self.writer.push(n.create_op(&self.root)).await
    }

    /// The report, and apart from it the nodes that existed already (for `--overwrite`).
    pub async fn finish(self) -> (Report, HashSet<String>) {
        let mut report = self.writer.finish().await;
        let (exist, failed): (Vec<_>, Vec<_>) = std::mem::take(&mut report.failed)
            .into_iter()
            .partition(|(_, e)| matches!(e, Error::NodeExists { .. }));
        report.failed = failed;
        let existing: HashSet<String> = exist.iter().map(|(p, _)| p.clone()).collect();
        // Without --overwrite they stay failures; the caller decides.
        report.failed.extend(exist);
        (report, existing)
    }
}

/// Sets data, then ACL, of nodes that exist already (`--overwrite`); a node counts as done
/// once both are set.
pub async fn overwrite_all<'r>(
    zk: &Zk,
    root: &str,
    nodes: impl Iterator<Item = &'r Record> + Clone,
    progress: &Progress,
    mut report: Report,
) -> Report {
    report
        .failed
        .retain(|(_, e)| !matches!(e, Error::NodeExists { .. }));
    let hidden = Progress::hidden();
    let mut sets = Writer::new(zk, &hidden, Report::new("import"));
    for n in nodes.clone() {
        let (path, data) = (absolute(root, &n.path), n.data.clone());
        if !sets
            .push(Op::Set {
                path,
                data,
                version: None,
            })
            .await
        {
            break;
        }
    }
    let sets = sets.finish().await;
    let mut acls = AclWriter::new(zk, progress, Report::new("import"));
    let failed: std::collections::HashSet<&String> = sets.failed.iter().map(|(p, _)| p).collect();
    if sets.stopped.is_none() {
        for n in nodes {
            let path = absolute(root, &n.path);
            if !failed.contains(&path) && !acls.push(path, n.acl.clone()).await {
                break;
            }
        }
    }
    let acls = acls.finish().await;
    report.done += acls.done;
    report.failed.extend(sets.failed);
    report.failed.extend(acls.failed);
    report.in_doubt.extend(sets.in_doubt);
    report.in_doubt.extend(acls.in_doubt);
    report.stopped = sets.stopped.or(acls.stopped);
    report
}
