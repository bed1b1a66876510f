//! `edit PATH`: the value in `$VISUAL`/`$EDITOR`, written back only if changed, and only if the
//! node is still at the version that was read (compare-and-set). A compressed value is edited
//! decompressed and written back compressed the same way; a JSON value must still be JSON.

use std::io::Write;

use clap::Args;

use crate::context::Ctx;
use crate::decode;
use crate::error::{Error, Result};
use crate::reply::Reply;

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct EditArgs {
    /// Edit the stored bytes as they are (no decompression, no JSON check)
    #[arg(long)]
    pub raw: bool,
    /// Node whose value to edit
    pub path: String,
    #[command(flatten)]
    pub dry: super::dry_run::DryRunArg,
}

/// How the value was stored: the layers to put back, and whether it was JSON.
struct Stored {
    layers: Vec<decode::Layer>,
    json: bool,
}

/// The text the editor gets, and how to store what comes back.
fn for_editor(ctx: &Ctx, path: &str, data: &[u8], raw: bool) -> (Vec<u8>, Stored) {
    if raw {
        let stored = Stored {
            layers: Vec::new(),
            json: false,
        };
        return (data.to_vec(), stored);
    }
    let rule = ctx.cfg.decode.for_path(path).cloned().unwrap_or_default();
    let d = decode::decode(data, &rule);
    if let Some(p) = &d.problem {
        ctx.out.note(&format!("{path}: {p}"));
    }
    if !d.layers.is_empty() {
        ctx.out.note(&format!(
            "{path}: editing it decoded ({}); it is written back the same way (--raw edits the \
             stored bytes)",
            d.encoding()
        ));
    }
    let stored = Stored {
        layers: d.layers.clone(),
        json: d.kind == decode::Kind::Json,
    };
    (d.plain.into_owned(), stored)
}

/// `$VISUAL`, else `$EDITOR`, else `vi`; an empty variable counts as unset.
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into())
}

/// Runs the editor on `file` and waits for it; gives its name (for messages) and exit status.
pub async fn run_editor(file: &std::path::Path) -> Result<(String, std::process::ExitStatus)> {
    let editor = editor();
    // The editor may be a command with arguments ("code -w"): let the shell split it.
    let status = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(file)
        .status()
        .await
        .map_err(|e| Error::other(format!("cannot run editor {editor:?}: {e}")))?;
    Ok((editor, status))
}

pub async fn edit(ctx: &mut Ctx, a: EditArgs) -> Result<Reply> {
    let path = ctx.resolve(&a.path)?;
    // The editor reads the terminal through stdin; a script there would be typed into it.
    super::value::refuse_if_script("edit")?;
    let zk = ctx.zk().await?;
    let (stored_bytes, stat) = zk.get(&path).await?;
    let (data, stored) = for_editor(ctx, &path, &stored_bytes, a.raw);
    // tempfile: mode 0600, an unpredictable name, created with O_EXCL (never through a link).
    let mut tmp = tempfile::Builder::new()
        .prefix("zksh-edit-")
        .suffix(if stored.json { ".json" } else { ".txt" })
        .tempfile()?;
    tmp.write_all(&data)?;
    tmp.flush()?;
    let (editor, status) = run_editor(tmp.path()).await?;
    if !status.success() {
        return Err(Error::other(format!(
            "editor {editor:?} failed ({status}); nothing written; your text is in {}",
            keep(tmp)
        )));
    }
    // By path: an editor may replace the file rather than write into it.
    let edited = std::fs::read(tmp.path())?;
    if edited == data {
        ctx.out.note("no change");
        return Ok(Reply::done("edit", [path]));
    }
    if stored.json
        && let Err(e) = decode::json::check(&edited)
    {
        return Err(Error::other(format!(
            "{path} held JSON and the edited text is not JSON ({e}); nothing written; your \
             text is in {}",
            keep(tmp)
        )));
    }
    let edited = decode::encode(&edited, &stored.layers);
    if a.dry.dry_run {
        return Ok(super::dry_run::reply(&[crate::client::Op::Set {
            path,
            data: edited,
            version: Some(stat.version),
        }]));
    }
    match zk.set(&path, &edited, Some(stat.version)).await {
        Ok(stat) => Ok(Reply::Written {
            path,
            stat,
            show: false,
        }),
        Err(Error::BadVersion { path }) => Err(Error::other(format!(
            "{path} changed while you edited it (version {} is gone); nothing written; your text is in {}",
            stat.version,
            keep(tmp)
        ))),
        Err(e) => Err(e),
    }
}

/// Keeps the edited text for the operator when it could not be written back.
fn keep(tmp: tempfile::NamedTempFile) -> String {
    match tmp.keep() {
        Ok((_, p)) => p.display().to_string(),
        Err(e) => format!("(lost: {e})"),
    }
}
