//! Four-letter words (`srvr`, `cons`, `mntr`, ...) sent to ensemble members over plain TCP,
//! all members in parallel, each bounded by a timeout.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// `host:port` of every member in a connect string (default port 2181, chroot dropped).
pub fn members(servers: &str) -> Vec<String> {
    let hosts = servers.split('/').next().unwrap_or("");
    hosts
        .split(',')
        .filter(|h| !h.is_empty())
        .map(|h| {
            let has_port = h
                .rsplit_once(':')
                .is_some_and(|(_, p)| p.parse::<u16>().is_ok())
                && !h.ends_with(']');
            if has_port {
                h.to_string()
            } else {
                format!("{h}:2181")
            }
        })
        .collect()
}

/// Sends `word` to one member and returns its whole answer.
pub async fn ask(member: &str, word: &str, timeout: Duration) -> Result<String, String> {
    let talk = async {
        let mut s = tokio::net::TcpStream::connect(member)
            .await
            .map_err(|e| e.to_string())?;
        s.write_all(word.as_bytes())
            .await
            .map_err(|e| e.to_string())?;
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).await.map_err(|e| e.to_string())?;
        Ok(String::from_utf8_lossy(&buf).to_string())
    };
    tokio::time::timeout(timeout, talk)
        .await
        .map_err(|_| "no answer".to_string())?
}

/// Sends `word` to every member at once; answers come back in member order.
pub async fn ask_all(
    servers: &str,
    word: &str,
    timeout: Duration,
) -> Vec<(String, Result<String, String>)> {
    let members = members(servers);
    let tasks: Vec<_> = members
        .iter()
        .map(|m| {
            let (m, w) = (m.clone(), word.to_string());
            tokio::spawn(async move { ask(&m, &w, timeout).await })
        })
        .collect();
    let mut out = Vec::new();
    for (m, t) in members.into_iter().zip(tasks) {
        out.push((m, t.await.unwrap_or_else(|e| Err(e.to_string()))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_get_default_ports_and_lose_the_chroot() {
        assert_eq!(members("zk1,zk2:2182/app"), ["zk1:2181", "zk2:2182"]);
        assert_eq!(members("127.0.0.1:1234"), ["127.0.0.1:1234"]);
    }
}
