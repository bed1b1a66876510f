//! `contexts` (list the config file's contexts, the current one marked) and `use NAME` (switch
//! to another context: its servers, credentials and rails, under the same other flags).

use std::sync::Arc;

use clap::Args;

use crate::config::Config;
use crate::context::Ctx;
use crate::contexts::Loaded;
use crate::error::Result;
use crate::reply::{ContextRow, Reply};

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct UseArgs {
    /// A context of the config file
    pub name: String,
}

pub fn contexts(ctx: &Ctx) -> Result<Reply> {
    let loaded = Loaded::read()?;
    let current = ctx.cfg.context.as_ref().map(|(n, _)| n.as_str());
    let rows = loaded
        .file
        .contexts
        .iter()
        .map(|(name, c)| ContextRow {
            current: current == Some(name.as_str()),
            name: name.clone(),
            servers: c.servers.clone().unwrap_or_default(),
            read_only: c.read_only,
            protect: c.protect.clone(),
        })
        .collect();
    Ok(Reply::Contexts {
        file: loaded.shown_path(),
        rows,
    })
}

/// Switches context: the flags that say where and as whom to connect (-s, $ZKSH_SERVER, auth,
/// TLS, SASL, timeouts) give way to the context's; the rest (-o, -k, --no-write, ...) stay.
pub async fn use_context(ctx: &mut Ctx, a: UseArgs) -> Result<Reply> {
    let cfg = under(ctx, &a.name)?;
    let servers = cfg.connect.servers.clone();
    ctx.out = cfg.output();
    ctx.cfg = Arc::new(cfg);
    ctx.reconnect(servers.clone()).await?;
    Ok(Reply::done("use", [servers]))
}

/// The configuration of context `name` under this shell's flags, but for those that say where
/// and as whom to connect.
pub fn under(ctx: &Ctx, name: &str) -> Result<Config> {
    let mut flags = (*ctx.cfg.flags.0).clone();
    flags.server = None;
    flags.auth.clear();
    flags.auth_file = None;
    flags.tls = false;
    (flags.tls_ca, flags.tls_cert, flags.tls_key) = (None, None, None);
    (flags.sasl_user, flags.sasl_password_file) = (None, None);
    (flags.session_timeout, flags.connect_timeout) = (None, None);
    Config::with_context(&flags, Some(name))
}
