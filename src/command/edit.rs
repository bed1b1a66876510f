//! `edit PATH`: the value in `$VISUAL`/`$EDITOR`, written back only if changed, and only if the
//! node is still at the version that was read (compare-and-set).

use clap::Args;

use crate::context::Ctx;
use crate::error::{Error, Result};

#[derive(Args, Debug, Clone)]
pub struct EditArgs {
    pub path: String,
}

pub async fn edit(ctx: &mut Ctx, a: EditArgs) -> Result<()> {
    let path = ctx.resolve(&a.path)?;
    // The editor reads the terminal through stdin; a script there would be typed into it.
    super::value::refuse_if_script("edit")?;
    let zk = ctx.zk().await?;
    let (data, stat) = zk.get(&path).await?;
    let dir = std::env::temp_dir().join(format!("zksh-edit-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let file = dir.join(
        crate::path::name(&path).replace(|c: char| !c.is_ascii_alphanumeric() && c != '.', "_")
            + ".txt",
    );
    std::fs::write(&file, &data)?;
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| "vi".into());
    // The editor may be a command with arguments ("code -w"): let the shell split it.
    let status = tokio::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{editor} \"$1\""))
        .arg("sh")
        .arg(&file)
        .status()
        .await
        .map_err(|e| Error::other(format!("cannot run editor {editor:?}: {e}")))?;
    if !status.success() {
        return Err(Error::other(format!(
            "editor {editor:?} failed ({status}); nothing written; your text is in {}",
            file.display()
        )));
    }
    let edited = std::fs::read(&file)?;
    if edited == data {
        let _ = std::fs::remove_dir_all(&dir);
        ctx.out.note("no change");
        return Ok(());
    }
    match zk.set(&path, &edited, Some(stat.version)).await {
        Ok(_) => {
            let _ = std::fs::remove_dir_all(&dir);
            Ok(())
        }
        Err(Error::BadVersion { path }) => Err(Error::other(format!(
            "{path} changed while you edited it (version {} is gone); nothing written; your text is in {}",
            stat.version,
            file.display()
        ))),
        Err(e) => Err(e),
    }
}
