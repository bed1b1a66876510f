//! `--dry-run` for the writes that have no walk of their own to list: the requests a command
//! would send, as a `Planned` reply; nothing is sent. (`deleteall`, `setAcl -R` and `import`
//! list the nodes of their walk instead.)

use clap::Args;

use crate::client::{NodeType, Op};
use crate::reply::{Planned, Reply};

#[derive(Args, Debug, Clone, Default)]
#[group(skip)]
pub struct DryRunArg {
    /// Print what would be sent, send nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// A request as a dry run shows it.
pub fn planned(o: &Op) -> Planned {
    let version = |v: &Option<i32>| v.map(|v| format!("at version {v}")).unwrap_or_default();
    let (op, bytes, detail) = match o {
        Op::Create {
            data,
            acl,
            kind,
            sequential,
            ttl,
            ..
        } => {
            let mut d = vec![
                match kind {
                    NodeType::Persistent => "persistent",
                    NodeType::Ephemeral => "ephemeral",
                    NodeType::Container => "container",
                }
                .to_string(),
            ];
            if *sequential {
                d.push("sequential".into());
            }
            if let Some(t) = ttl {
                d.push(format!("ttl {t:?}"));
            }
            if let Some(a) = acl {
                let entries: Vec<String> = a.iter().map(ToString::to_string).collect();
                d.push(format!("acl {}", entries.join(",")));
            }
            ("create", Some(data.len()), d.join(", "))
        }
        Op::Set {
            data, version: v, ..
        } => ("set", Some(data.len()), version(v)),
        Op::Delete { version: v, .. } => ("delete", None, version(v)),
        Op::Check { version: v, .. } => ("check", None, format!("version {v}")),
    };
    Planned {
        op,
        path: o.path().to_string(),
        bytes,
        detail,
    }
}

/// The reply of a dry run of `ops`.
pub fn reply(ops: &[Op]) -> Reply {
    Reply::Planned(ops.iter().map(planned).collect())
}
