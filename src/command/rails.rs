//! Safety rails, checked before a command sends anything: `--no-write` and read-only contexts
//! refuse every write (exit 7); a context's protected paths need `--force` in scripts and the
//! context's name typed in the REPL; `confirm = true` makes the REPL ask before every write.

use std::sync::Arc;

use super::Command;
use crate::config::Config;
use crate::context::Ctx;
use crate::error::{Error, Result};

/// What a command would change: `None` for a read; else the paths it writes (as typed, still
/// to resolve), and whether its own `--force` was given.
pub struct Writes<'a> {
    pub what: &'static str,
    pub paths: Vec<&'a str>,
    pub forced: bool,
}

impl Command {
    /// The writes of this command, or `None` when it changes nothing on the server.
    pub fn writes(&self) -> Option<Writes<'_>> {
        fn w<'a>(what: &'static str, paths: Vec<&'a str>, forced: bool) -> Option<Writes<'a>> {
            Some(Writes {
                what,
                paths,
                forced,
            })
        }
        match self {
            // A dry run sends nothing.
            Command::Create(a) if !a.dry.dry_run => w("create", vec![&a.path], false),
            Command::Set(a) if !a.dry.dry_run => w("set", vec![&a.path], false),
            Command::Delete(a) if !a.dry.dry_run => w(
                "delete",
                a.paths.iter().map(String::as_str).collect(),
                a.force,
            ),
            Command::Deleteall(a) if !a.dry_run => w("deleteall", vec![&a.path], a.force),
            Command::SetAcl(a) if !a.dry_run => w("setAcl", vec![&a.path], a.force),
            Command::Setquota(a) if !a.dry.dry_run => w("setquota", vec![&a.path], false),
            Command::Delquota(a) if !a.dry.dry_run => w("delquota", vec![&a.path], false),
            Command::Reconfig(a) if !a.dry.dry_run => {
                w("reconfig", vec!["/zookeeper/config"], false)
            }
            Command::Cp(a) if !a.dry.dry_run => w("cp", vec![&a.dst], false),
            Command::Mv(a) if !a.dry.dry_run => w("mv", vec![&a.src, &a.dst], false),
            Command::Import(a) if !a.dry_run => {
                w("import", a.path.iter().map(String::as_str).collect(), false)
            }
            // Its ops' paths are known once they are parsed: `txn` checks them then.
            Command::Txn(a) if !a.dry.dry_run => w("txn", Vec::new(), false),
            Command::Edit(a) if !a.dry.dry_run => w("edit", vec![&a.path], false),
            // A lock or a campaign creates its node (and the directory).
            Command::Lock(a) if !a.c.dry.dry_run => w("lock", vec![&a.path], false),
            Command::Elect(a) if !a.list && !a.c.dry.dry_run => w("elect", vec![&a.path], false),
            Command::Locks(a) if a.revoke.is_some() && !a.dry_run => {
                w("locks --revoke", vec![&a.path], false)
            }
            // Resetting a server's statistics or trace mask is a change too.
            Command::FourLetter(a) if matches!(a.word.as_str(), "crst" | "srst" | "stmk") => {
                w("4lw", Vec::new(), false)
            }
            _ => None,
        }
    }
}

/// Checks the rails for `cmd` before it runs.
pub fn check(ctx: &mut Ctx, cmd: &Command) -> Result<()> {
    let Some(w) = cmd.writes() else {
        return Ok(());
    };
    let paths = w
        .paths
        .iter()
        .filter(|p| !p.contains("://"))
        .map(|p| ctx.resolve(p))
        .collect::<Result<Vec<_>>>()?;
    let rails = ctx.cfg.clone();
    check_in(ctx, &rails, w.what, &paths, w.forced)
}

/// The rails of `rails` (this shell's configuration, or another context's for `cp` to
/// `ctx://NAME/...`) for a write of `what` to `paths` (resolved), asking through this shell;
/// `forced`: the command's own --force.
pub fn check_in(
    ctx: &mut Ctx,
    rails: &Arc<Config>,
    what: &str,
    paths: &[String],
    forced: bool,
) -> Result<()> {
    if rails.no_write {
        let why = match &rails.context {
            Some((name, _)) if !rails.flags.0.no_write => {
                format!("context {name} is read-only")
            }
            _ => "--no-write is on".to_string(),
        };
        return Err(Error::Refused(format!(
            "{what}: refused, {why}; nothing was sent"
        )));
    }
    if let Some(p) = paths
        .iter()
        .find(|p| rails.protect.iter().any(|q| under(p, q)))
    {
        return confirm_protected(ctx, rails, what, p, forced);
    }
    if rails.confirm_writes
        && let Some(ask) = ctx.confirm.as_mut()
    {
        let on = match paths {
            [] => String::new(),
            [p] => format!(" {p}"),
            [p, ..] => format!(" {p} and {} more", paths.len() - 1),
        };
        if !matches!(
            ask(&format!("{what}{on}? [y/N]")).as_str(),
            "y" | "Y" | "yes"
        ) {
            return Err(Error::other(format!(
                "{what}: not confirmed; nothing was sent"
            )));
        }
    }
    Ok(())
}

/// The protected paths among `paths` (`txn`'s ops, once parsed): as `check_in` does for them.
pub fn check_protected(ctx: &mut Ctx, what: &str, paths: &[String]) -> Result<()> {
    let rails = ctx.cfg.clone();
    match paths
        .iter()
        .find(|p| rails.protect.iter().any(|q| under(p, q)))
    {
        Some(p) => confirm_protected(ctx, &rails, what, p, false),
        None => Ok(()),
    }
}

/// A write to protected `p`: `--force` in scripts, the context's name typed in the REPL.
fn confirm_protected(
    ctx: &mut Ctx,
    rails: &Config,
    what: &str,
    p: &str,
    forced: bool,
) -> Result<()> {
    let name = rails
        .context
        .as_ref()
        .map_or(String::new(), |(n, _)| n.clone());
    let rule = format!(
        "{p} is protected in context {name} (protect = {:?})",
        rails.protect
    );
    let ask = match ctx.confirm.as_mut() {
        Some(ask) if ctx.interactive => ask,
        _ if rails.force || forced => return Ok(()),
        _ => {
            return Err(Error::Refused(format!(
                "{what}: {rule}; use --force to write there; nothing was sent"
            )));
        }
    };
    let answer = ask(&format!("{what}: {rule}. Type the context name to go on:"));
    if answer != name {
        return Err(Error::other(format!(
            "{what}: not confirmed; nothing was sent"
        )));
    }
    Ok(())
}

/// Whether `path` is `prefix` or below it.
fn under(path: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    prefix.is_empty()
        || path == prefix
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_means_at_or_below_on_name_boundaries() {
        assert!(under("/kafka", "/kafka"));
        assert!(under("/kafka/x", "/kafka/"));
        assert!(!under("/kafka2", "/kafka"));
        assert!(under("/anything", "/"));
    }
}
