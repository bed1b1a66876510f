//! Session commands: `session` (id, timeout, connected member, state, watches) and `addauth`.

use clap::Args;

use crate::context::Ctx;
use crate::error::Result;
use crate::fourlw;
use crate::reply::{Reply, SessionInfo};

#[derive(Args, Debug, Clone)]
#[group(skip)]
pub struct AddauthArgs {
    /// Auth scheme (digest, ...)
    pub scheme: String,
    /// Credentials (digest: user:password); never stored in history
    pub cred: String,
}

pub async fn session(ctx: &mut Ctx) -> Result<Reply> {
    let session = ctx.session().await?;
    let zk = ctx.zk().await?;
    let id = zk.session_id();
    // The crate does not say which member it talks to; the members' `cons` lists do.
    let sid = format!("sid={id:#x}");
    let answers = fourlw::ask_all(&ctx.servers, "cons", std::time::Duration::from_secs(2)).await;
    let server = answers
        .into_iter()
        .find(|(_, r)| r.as_ref().is_ok_and(|t| t.contains(&sid)))
        .map(|(m, _)| m)
        .unwrap_or_else(|| "unknown (4lw `cons` not allowed?)".into());
    let watches = session.list_watches().len();
    Ok(Reply::Session(SessionInfo {
        id,
        timeout_ms: zk.session_timeout().as_millis() as u64,
        server,
        state: zk.state(),
        watches,
    }))
}

pub async fn addauth(ctx: &mut Ctx, a: AddauthArgs) -> Result<Reply> {
    ctx.session()
        .await?
        .add_auth(&a.scheme, a.cred.as_bytes())
        .await?;
    Ok(Reply::done("addauth", []))
}
