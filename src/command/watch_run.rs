//! `watch PATH [-R] -- CMD`: CMD once per event, in the order the events came, one at a time;
//! events that arrive while it runs wait their turn (none is dropped, none runs twice).

use tokio::sync::mpsc;

use super::watching::WatchArgs;
use crate::child::Child;
use crate::client::Persistent;
use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::reply::{Event, Reply};
use crate::signals;
use crate::watch;

pub async fn run(
    ctx: &mut Ctx,
    a: WatchArgs,
    path: String,
    first: Option<Persistent>,
) -> Result<Reply> {
    let _own = signals::Own::start();
    let mut sigs = signals::Listener::new();
    let session = ctx.session().await?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Event>();
    let follow = watch::follow_persistent(
        session.downgrade(),
        path,
        a.recursive,
        false,
        first,
        || {},
        move |d| tx.send(d.event).is_ok(),
    );
    tokio::pin!(follow);
    let deadline = a.timeout.map(|t| tokio::time::Instant::now() + t);
    let mut ran = 0usize;
    loop {
        if a.count.is_some_and(|c| ran >= c) {
            return Ok(Reply::Shown);
        }
        let event = tokio::select! {
            biased;
            s = sigs.next() => return Err(Error::from_signal(s)),
            r = &mut follow => return r.map(|()| Reply::Shown),
            _ = sleep_until(deadline) => return Ok(Reply::Shown),
            e = rx.recv() => match e {
                Some(e) => e,
                None => return Ok(Reply::Shown),
            },
        };
        ran += 1;
        let mut env = vec![
            ("ZKSH_WATCH_TYPE".to_string(), event.kind.clone()),
            ("ZKSH_WATCH_PATH".to_string(), event.path.clone()),
        ];
        if let Some(z) = event.zxid {
            env.push(("ZKSH_WATCH_ZXID".to_string(), z.to_string()));
        }
        let mut child = Child::spawn(&a.cmd, &env, &ctx.cfg.secret_vars)?;
        // The watch stays followed while CMD runs (a reconnect re-arms it meanwhile).
        let mut stop = None;
        let code = loop {
            tokio::select! {
                code = child.wait() => break code,
                s = sigs.next() => {
                    child.signal(s);
                    stop = Some(s);
                }
                r = &mut follow => {
                    child.wait().await;
                    return r.map(|()| Reply::Shown);
                }
            }
        };
        if let Some(s) = stop {
            return Err(Error::from_signal(s));
        }
        // A command that had the terminal got the Ctrl-C itself; as a shell does, take its
        // death by SIGINT as the operator's wish to stop.
        if code == 128 + signals::SIGINT as u8 {
            return Err(Error::Interrupted);
        }
        if code != 0 {
            session.notice(&format!(
                "zksh: watch: {:?} exited {code} for {} {}",
                a.cmd[0], event.kind, event.path
            ));
            if a.stop_on_error {
                return Err(Error::Status(code));
            }
        }
    }
}

async fn sleep_until(deadline: Option<tokio::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d).await,
        None => std::future::pending().await,
    }
}
