//! `acl audit [PATH]`: walks a tree's ACLs (live, or a snapshot's) and reports world-writable
//! nodes, children more open to the world than their parent, nodes the current identity cannot
//! read, and digest ids that no credential given matches. Exit 1 when anything is found, so CI
//! can gate on it.

use clap::{Args, Subcommand};

use crate::acl::{self, AclEntry};
use crate::bulk::{Order, Step, Walk, Want};
use crate::context::Ctx;
use crate::error::Result;
use crate::output::forensics::{AclAudit, Finding};
use crate::path;
use crate::reply::{Reply, Walked};

const READ: i32 = 1;

#[derive(Subcommand, Debug, Clone)]
pub enum AclCommand {
    /// Report risky ACLs below a node (exit 1 when something is found)
    Audit(AuditArgs),
}

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct AuditArgs {
    /// Where to start (default: the current node)
    #[arg(default_value = ".")]
    pub path: String,
}

/// Who zksh is: the digest ids of the credentials given (--auth, $ZKSH_AUTH, --auth-file).
pub struct Identity {
    pub digests: Vec<String>,
}

impl Identity {
    pub fn from_auths(auths: &[(String, Vec<u8>)]) -> Identity {
        let digests = auths
            .iter()
            .filter(|(scheme, _)| scheme == "digest")
            .filter_map(|(_, cred)| acl::digest(&String::from_utf8_lossy(cred)).ok())
            .collect();
        Identity { digests }
    }

    /// Whether an ACL lets this identity read (world, or a digest id it has).
    pub fn can_read(&self, list: &[AclEntry]) -> bool {
        list.iter().any(|a| {
            a.perms & READ != 0
                && ((a.scheme == "world" && a.id == "anyone")
                    || (a.scheme == "digest" && self.digests.contains(&a.id)))
        })
    }
}

/// What world:anyone may do under an ACL.
fn world(list: &[AclEntry]) -> i32 {
    list.iter()
        .filter(|a| a.scheme == "world" && a.id == "anyone")
        .fold(0, |p, a| p | a.perms)
}

/// The findings for one node whose ACL is `list`, below a parent whose ACL is `parent`.
pub fn check(
    path: &str,
    list: &[AclEntry],
    parent: Option<&[AclEntry]>,
    me: &Identity,
    offline: bool,
) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut add = |kind: &'static str, detail: String| {
        found.push(Finding {
            kind,
            path: path.to_string(),
            detail,
        })
    };
    let w = world(list);
    let writes = w & !READ;
    if writes != 0 {
        add(
            "world-writable",
            format!("world:anyone:{}", acl::perms_text(w)),
        );
    }
    if let Some(p) = parent {
        let more = w & !world(p);
        if more != 0 {
            add(
                "more-open-than-parent",
                format!(
                    "world:anyone may {} here, not on the parent",
                    acl::perms_text(more)
                ),
            );
        }
    }
    // Live, the walk itself finds what cannot be read; offline, the ACL tells.
    if offline && !me.can_read(list) {
        add("unreadable", "the current identity cannot read it".into());
    }
    for a in list.iter().filter(|a| a.scheme == "digest") {
        if !me.digests.contains(&a.id) {
            add(
                "unknown-digest",
                format!("digest:{} matches no credential given (--auth)", a.id),
            );
        }
    }
    found
}

pub async fn acl(ctx: &mut Ctx, c: AclCommand) -> Result<Reply> {
    match c {
        AclCommand::Audit(a) => audit(ctx, a).await,
    }
}

async fn audit(ctx: &mut Ctx, a: AuditArgs) -> Result<Reply> {
    let root = ctx.resolve(&a.path)?;
    let zk = ctx.zk().await?;
    let me = Identity::from_auths(&ctx.cfg.connect.auths);
    let offline = zk.snapshot().is_some();
    let above = match path::parent(&root) {
        Some(p) => zk.get_acl(p).await.ok().map(|(l, _)| l),
        None => None,
    };
    let want = Want {
        acl: true,
        ..Want::names(Order::Depth)
    };
    // The ACLs of the nodes on the walk's current path, by depth.
    let mut stack: Vec<Vec<AclEntry>> = Vec::new();
    let mut findings = Vec::new();
    let mut nodes = 0u64;
    let (_, failed) = Walk::new(&zk, &root, want)
        .drive(async |step| {
            match step {
                Step::Enter(f) => {
                    let list = f.acl.unwrap_or_default();
                    stack.truncate(f.depth);
                    let parent = stack.last().map(Vec::as_slice).or(above.as_deref());
                    findings.extend(check(&f.path, &list, parent, &me, offline));
                    stack.push(list);
                    nodes += 1;
                }
                Step::Unreadable { path, error, .. } => findings.push(Finding {
                    kind: "unreadable",
                    path,
                    detail: error.to_string(),
                }),
                Step::Leave { .. } => {}
            }
            Ok(true)
        })
        .await;
    if let Some(e) = failed {
        return Err(e);
    }
    let clean = findings.is_empty();
    let reply = AclAudit {
        path: root,
        nodes,
        findings,
    };
    crate::output::forensics::acl_audit(ctx.out, &reply)?;
    // Nodes that could not be read are findings, already shown: exit 1 for any finding.
    let mut end = Walked::new("acl audit", Vec::new());
    end.status = (!clean).then_some(1);
    Ok(Reply::Walked(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(path: &str, acl: &str, parent: Option<&str>, offline: bool) -> Vec<&'static str> {
        let me = Identity::from_auths(&[("digest".into(), b"bob:pw".to_vec())]);
        let list = acl::parse(acl).unwrap();
        let parent = parent.map(|p| acl::parse(p).unwrap());
        check(path, &list, parent.as_deref(), &me, offline)
            .into_iter()
            .map(|f| f.kind)
            .collect()
    }

    #[test]
    fn each_rule() {
        let bob = acl::digest("bob:pw").unwrap();
        assert_eq!(
            kinds("/a", "world:anyone:cdrwa", None, true),
            ["world-writable"]
        );
        assert!(kinds("/a", "world:anyone:r", Some("world:anyone:r"), true).is_empty());
        assert_eq!(
            kinds(
                "/a/b",
                "world:anyone:r",
                Some(&format!("digest:{bob}:cdrwa")),
                true
            ),
            ["more-open-than-parent"]
        );
        assert!(kinds("/a", &format!("digest:{bob}:cdrwa"), None, true).is_empty());
        assert_eq!(
            kinds("/a", "digest:eve:abc=:cdrwa", None, true),
            ["unreadable", "unknown-digest"]
        );
        assert_eq!(
            kinds("/a", "digest:eve:abc=:cdrwa", None, false),
            ["unknown-digest"]
        );
    }
}
