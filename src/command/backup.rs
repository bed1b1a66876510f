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

use clap::Args;
use serde_json::json;

use crate::bulk::acls::AclWriter;
use crate::bulk::record::absolute;
use crate::bulk::{Item, Record, Records, Silent, Tally, Writer};
use crate::client::{Op, Zk};
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::output::file::AtomicFile;
use crate::output::list::Frame;
use crate::output::stream::Stream;
use crate::reply::{Exported, Reply, Report, Walked};
use crate::signals;

use super::export_file::{FORMAT, Source};

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct ExportArgs {
    /// The root of the tree to save
    pub path: String,
    /// File to write ('-' or none: stdout); replaced only once the export is complete
    pub file: Option<String>,
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
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

pub async fn export(ctx: &mut Ctx, a: ExportArgs) -> Result<Reply> {
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
    let written = match sink {
        Sink::Stdout(out) => out.finish().map(|_| true)?,
        // An export that misses nodes must not replace a good backup.
        Sink::File(_) if !unreadable.is_empty() => false,
        Sink::File(f) => f.commit().map(|_| true)?,
    };
    Ok(Reply::Exported(Exported {
        root,
        file: a.file.filter(|f| f != "-"),
        written,
        nodes: count,
        ephemerals_skipped: ephemerals,
        unreadable,
    }))
}

pub async fn import(ctx: &mut Ctx, a: ImportArgs) -> Result<Reply> {
    let source = Source::open(&a.file, "import -")?;
    let zk = ctx.zk().await?;
    // First pass: every node checked, and the largest request measured, before anything is
    // sent. On a thread of its own: a big file takes seconds, and the session must be kept.
    let (source, header, largest) = {
        let zk = zk.clone();
        tokio::task::spawn_blocking(move || {
            let mut largest: Option<(usize, String)> = None;
            let header = source.each(|n| {
                // The create's size with the path relative: the root's length is added below.
                let size = Zk::multi_size(zk.op_size(&n.create_op("")));
                if largest.as_ref().is_none_or(|(s, _)| size > *s) {
                    largest = Some((size, n.path));
                }
                Ok(())
            });
            (source, header, largest)
        })
        .await
        .map_err(|e| Error::other(e.to_string()))?
    };
    let header = header?;
    let root = match &a.path {
        Some(p) => ctx.resolve(p)?,
        None => header.root.clone(),
    };
    if let Some((size, rel)) = largest {
        zk.check_size(&absolute(&root, &rel), size + root.len())?;
    }
    if a.dry_run {
        return print_dry_run(ctx, &source, &root);
    }
    let total = header.count - usize::from(root == "/");
    let progress = ctx.progress("import", Some(total));
    let mut report = restore(&zk, &root, source, a.overwrite, &progress, total).await?;
    progress.finish();
    report.rerun = Some("run the import again with --overwrite to finish".into());
    if report.is_clean() {
        ctx.out.note(&format!("imported {} nodes", report.done));
    }
    Ok(Reply::Report(report))
}

/// Lists the nodes the file would create; the file was checked whole before, so the listing
/// cannot end half-way.
fn print_dry_run(ctx: &Ctx, source: &Source, root: &str) -> Result<Reply> {
    let mut list = ctx.out.list(Frame::DryRun)?;
    source.each(|n| list.path(&absolute(root, &n.path)))?;
    list.finish()?;
    Ok(Reply::Walked(Walked {
        notice: Some(format!(
            "dry run: would create the nodes above under {root}"
        )),
        ..Walked::new("import --dry-run", Vec::new())
    }))
}

/// Creates the file's nodes under `root` as they are read (the root itself skipped when it is
/// the server's `/`, which always exists); with `overwrite`, nodes that exist get their data
/// and ACL set instead.
async fn restore(
    zk: &Zk,
    root: &str,
    source: Source,
    overwrite: bool,
    progress: &dyn Tally,
    total: usize,
) -> Result<Report> {
    let _bulk = signals::Bulk::start();
    let mut report = Report::new("import");
    report.total = Some(total);
    let mut writer = Restore::new(zk, root, progress, report);
    let skip_root = root == "/";
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Record>(1024);
    let reader = tokio::task::spawn_blocking(move || {
        let read = source.each(|n| {
            if skip_root && n.path == "/" {
                return Ok(());
            }
            tx.blocking_send(n).map_err(|_| Error::Interrupted)
        });
        (source, read)
    });
    while let Some(n) = rx.recv().await {
        if !writer.push(&n).await {
            break;
        }
    }
    drop(rx);
    let (source, read) = reader.await.map_err(|e| Error::other(e.to_string()))?;
    let (mut report, existing) = writer.finish().await;
    if let Err(e) = read.map(|_| ()).or_else(|e| match e {
        Error::Interrupted => Ok(()),
        e => Err(e),
    }) {
        report.stopped.get_or_insert(e);
    }
    if !overwrite || report.stopped.is_some() || existing.is_empty() {
        return Ok(report);
    }
    let mut old = Vec::new();
    source.each(|n| {
        if existing.contains(&absolute(root, &n.path)) {
            old.push(n);
        }
        Ok(())
    })?;
    Ok(overwrite_all(zk, root, old.iter(), progress, report).await)
}

/// Creates records under a root as they come, parents first.
pub struct Restore<'a> {
    writer: Writer<'a>,
    root: String,
}

impl<'a> Restore<'a> {
    pub fn new(zk: &'a Zk, root: &str, progress: &'a dyn Tally, report: Report) -> Restore<'a> {
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
    progress: &dyn Tally,
    mut report: Report,
) -> Report {
    report
        .failed
        .retain(|(_, e)| !matches!(e, Error::NodeExists { .. }));
    let mut sets = Writer::new(zk, &Silent, Report::new("import"));
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
