//! TLS and SASL settings read once (PEM files, the SASL password), and the diagnosis of a
//! connection that failed before a session started: the client crate only says that no server
//! answered, so a handshake of our own finds out why (unknown CA, not a TLS port, ...).

use std::fmt;
use std::net::{TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore};

use crate::error::{Error, Result};

/// A string that never shows in `Debug` output (passwords, private keys).
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// TLS settings, with the PEM text of the files read once.
#[derive(Clone, Debug)]
pub struct Tls {
    /// PEM of the CAs that may sign the server's certificate.
    pub ca: String,
    /// Where `ca` came from, for messages (`--tls-ca FILE` or the system bundle).
    pub ca_source: String,
    /// Client certificate chain and private key (PEM), for x509 authentication.
    pub identity: Option<(String, Secret)>,
}

/// SASL DIGEST-MD5 credentials.
#[derive(Clone, Debug)]
pub struct Sasl {
    pub user: String,
    pub password: Secret,
}

/// Where distributions keep the system's CA bundle (used when --tls comes without --tls-ca).
const SYSTEM_CA_FILES: &[&str] = &[
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/cert.pem",
];

fn read(flag: &str, file: &str) -> Result<String> {
    std::fs::read_to_string(file).map_err(|e| Error::usage(format!("{flag} {file}: {e}")))
}

fn certs(pem: &str) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_slice_iter(pem.as_bytes())
        .filter_map(|c| c.ok())
        .collect()
}

impl Tls {
    /// Reads --tls-ca (default: `$SSL_CERT_FILE` or the system bundle), --tls-cert and --tls-key,
    /// checking that each holds what it should, so a wrong file is a usage error up front.
    pub fn load(ca: Option<&str>, cert: Option<&str>, key: Option<&str>) -> Result<Tls> {
        let (ca, ca_source) = match ca {
            Some(f) => (read("--tls-ca", f)?, format!("--tls-ca {f}")),
            None => {
                let env = std::env::var("SSL_CERT_FILE").ok();
                let file = env
                    .iter()
                    .map(String::as_str)
                    .chain(SYSTEM_CA_FILES.iter().copied())
                    .find(|f| std::path::Path::new(f).is_file())
                    .ok_or_else(|| {
                        Error::usage("--tls needs --tls-ca FILE (no system CA bundle)")
                    })?;
                (read("--tls-ca", file)?, format!("the system CAs ({file})"))
            }
        };
        if certs(&ca).is_empty() {
            return Err(Error::usage(format!(
                "{ca_source}: no PEM certificate in it"
            )));
        }
        let identity = match (cert, key) {
            (Some(c), Some(k)) => {
                let cert = read("--tls-cert", c)?;
                if certs(&cert).is_empty() {
                    return Err(Error::usage(format!(
                        "--tls-cert {c}: no PEM certificate in it"
                    )));
                }
                let key = read("--tls-key", k)?;
                if PrivateKeyDer::from_pem_slice(key.as_bytes()).is_err() {
                    return Err(Error::usage(format!(
                        "--tls-key {k}: no PEM private key in it"
                    )));
                }
                Some((cert, Secret(key)))
            }
            (None, None) => None,
            _ => return Err(Error::usage("--tls-cert and --tls-key go together")),
        };
        Ok(Tls {
            ca,
            ca_source,
            identity,
        })
    }
}

impl Sasl {
    pub fn new(user: &str, password: String) -> Sasl {
        Sasl {
            user: user.to_string(),
            password: Secret(password),
        }
    }

    /// The password comes from --sasl-password-file (its first line) or `$ZKSH_SASL_PASSWORD`,
    /// never from the command line, where `ps` would show it.
    pub fn load(user: &str, password_file: Option<&str>) -> Result<Sasl> {
        let password = match password_file {
            Some(f) => read("--sasl-password-file", f)?
                .lines()
                .next()
                .unwrap_or_default()
                .to_string(),
            None => std::env::var("ZKSH_SASL_PASSWORD").map_err(|_| {
                Error::usage("--sasl-user needs a password: set $ZKSH_SASL_PASSWORD or use --sasl-password-file FILE")
            })?,
        };
        Ok(Sasl {
            user: user.to_string(),
            password: Secret(password),
        })
    }
}

/// Why connecting failed, as found by [`diagnose`].
#[derive(Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub message: String,
    /// The server refused our credentials (a client certificate): exit 7, not 8.
    pub auth: bool,
}

/// `host:port` pairs of a connect string (`host[:port][,...][/chroot]`, hosts perhaps prefixed
/// `tcp://` or `tcp+tls://`).
fn endpoints(servers: &str) -> Vec<(String, u16)> {
    servers
        .split(',')
        .filter_map(|h| {
            let h = h.trim();
            let h = h
                .strip_prefix("tcp+tls://")
                .or(h.strip_prefix("tcp://"))
                .unwrap_or(h);
            let h = h.split('/').next()?;
            let (host, port) = match h.rsplit_once(':') {
                Some((host, port)) if !host.ends_with(':') => (host, port.parse().ok()?),
                _ => (h, 2181),
            };
            let host = host.trim_start_matches('[').trim_end_matches(']');
            (!host.is_empty()).then(|| (host.to_string(), port))
        })
        .collect()
}

/// Sets up rustls' crypto (aws-lc) before its first use. zksh builds aws-lc without its
/// load-time constructor, a CPU feature probe that every run paid for, TLS or not
/// (.cargo/config.toml); without the probe aws-lc would run its slowest, generic code.
pub fn init_crypto() {
    aws_lc_rs::init();
}

/// After a connection failed, tries a TLS handshake of our own with each server in turn, within
/// `within`, and says what went wrong. With `tls` it finds an unknown CA, a name mismatch, a
/// client certificate the server refuses, or a port that does not speak TLS; without, a TLS port
/// reached in plain text. `None` when nothing more precise can be said.
pub async fn diagnose(servers: &str, tls: Option<&Tls>, within: Duration) -> Option<Diagnosis> {
    init_crypto();
    let config = match tls {
        Some(t) => verifying_config(t)?,
        None => sniffing_config(),
    };
    let servers = servers.to_string();
    let ca_source = tls.map(|t| t.ca_source.clone());
    let has_cert = tls.is_some_and(|t| t.identity.is_some());
    let deadline = Instant::now() + within;
    let probe = tokio::task::spawn_blocking(move || {
        endpoints(&servers).into_iter().find_map(|(host, port)| {
            let left = deadline.checked_duration_since(Instant::now())?;
            let err = handshake(&host, port, config.clone(), left).err()?;
            explain(
                &err,
                &format!("{host}:{port}"),
                ca_source.as_deref(),
                has_cert,
            )
        })
    });
    tokio::time::timeout(within, probe).await.ok()?.ok()?
}

fn verifying_config(tls: &Tls) -> Option<Arc<ClientConfig>> {
    let mut roots = RootCertStore::empty();
    roots.add_parsable_certificates(certs(&tls.ca));
    let builder = ClientConfig::builder().with_root_certificates(roots);
    let config = match &tls.identity {
        None => builder.with_no_client_auth(),
        Some((cert, key)) => {
            let key = PrivateKeyDer::from_pem_slice(key.expose().as_bytes()).ok()?;
            builder.with_client_auth_cert(certs(cert), key).ok()?
        }
    };
    Some(Arc::new(config))
}

/// A config whose verifier refuses every certificate with a marker error: reaching it proves
/// that the server speaks TLS.
fn sniffing_config() -> Arc<ClientConfig> {
    let config = ClientConfig::builder()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Sniffer))
        .with_no_client_auth();
    Arc::new(config)
}

const SNIFFED: &str = "zksh: the server speaks TLS";

#[derive(Debug)]
struct Sniffer;

impl ServerCertVerifier for Sniffer {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> std::result::Result<ServerCertVerified, rustls::Error> {
        Err(rustls::Error::General(SNIFFED.into()))
    }

    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General(SNIFFED.into()))
    }

    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> std::result::Result<HandshakeSignatureValid, rustls::Error> {
        Err(rustls::Error::General(SNIFFED.into()))
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        rustls::crypto::CryptoProvider::get_default()
            .map(|p| p.signature_verification_algorithms.supported_schemes())
            .unwrap_or_default()
    }
}

/// One TLS handshake. (Under TLS 1.3 a refused client certificate would only show on the first
/// read; ZooKeeper 3.8 speaks TLS 1.2 unless told otherwise.)
fn handshake(
    host: &str,
    port: u16,
    config: Arc<ClientConfig>,
    within: Duration,
) -> std::io::Result<()> {
    let addr = (host, port)
        .to_socket_addrs()?
        .next()
        .ok_or(std::io::ErrorKind::NotFound)?;
    let mut sock = TcpStream::connect_timeout(&addr, within)?;
    sock.set_read_timeout(Some(within))?;
    sock.set_write_timeout(Some(within))?;
    let name = ServerName::try_from(host.to_string()).map_err(std::io::Error::other)?;
    let mut conn = rustls::ClientConnection::new(config, name).map_err(std::io::Error::other)?;
    while conn.is_handshaking() {
        conn.complete_io(&mut sock)?;
    }
    Ok(())
}

fn explain(
    err: &std::io::Error,
    addr: &str,
    ca_source: Option<&str>,
    has_cert: bool,
) -> Option<Diagnosis> {
    let tls = err
        .get_ref()
        .and_then(|e| e.downcast_ref::<rustls::Error>());
    let plain = ca_source.is_none();
    let conn = |message: String| {
        Some(Diagnosis {
            message,
            auth: false,
        })
    };
    match tls {
        Some(rustls::Error::General(m)) if m == SNIFFED => conn(format!(
            "{addr} is a TLS port (secureClientPort): add --tls and --tls-ca FILE"
        )),
        _ if plain => None,
        Some(rustls::Error::InvalidCertificate(e)) => conn(match e {
            CertificateError::UnknownIssuer | CertificateError::BadSignature => format!(
                "TLS: the certificate of {addr} is not signed by a CA in {}",
                ca_source.unwrap_or_default()
            ),
            CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. } => {
                format!("TLS: the certificate of {addr} is not valid for that host name")
            }
            e => format!("TLS: the certificate of {addr} is not acceptable: {e}"),
        }),
        Some(rustls::Error::AlertReceived(alert)) if refuses_client(*alert) => Some(Diagnosis {
            message: if has_cert {
                format!(
                    "TLS: {addr} refused the client certificate ({alert:?}): it does not trust the CA that signed --tls-cert"
                )
            } else {
                format!(
                    "TLS: {addr} refused the connection ({alert:?}): it wants a client certificate (--tls-cert, --tls-key)"
                )
            },
            auth: true,
        }),
        Some(rustls::Error::InvalidMessage(_))
        | Some(rustls::Error::InappropriateMessage { .. }) => conn(format!(
            "TLS: {addr} does not speak TLS (is it the plain clientPort?)"
        )),
        Some(e) => conn(format!("TLS handshake with {addr} failed: {e}")),
        None if err.kind() == std::io::ErrorKind::UnexpectedEof
            || err.kind() == std::io::ErrorKind::ConnectionReset =>
        {
            conn(format!(
                "TLS: {addr} closed the connection during the TLS handshake (is it the plain clientPort?)"
            ))
        }
        None => None,
    }
}

/// Alerts by which a server says it did not accept (or did not get) our client certificate.
fn refuses_client(alert: rustls::AlertDescription) -> bool {
    use rustls::AlertDescription as A;
    matches!(
        alert,
        A::BadCertificate
            | A::UnsupportedCertificate
            | A::CertificateRevoked
            | A::CertificateExpired
            | A::CertificateUnknown
            | A::UnknownCA
            | A::AccessDenied
            | A::CertificateRequired
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_of_connect_strings() {
        let e = |s: &str| endpoints(s);
        assert_eq!(e("a:1,b/chroot"), [("a".into(), 1), ("b".into(), 2181)]);
        assert_eq!(e("tcp+tls://h:2281"), [("h".into(), 2281)]);
        assert_eq!(e("[::1]:5"), [("::1".into(), 5)]);
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let s = Sasl {
            user: "bob".into(),
            password: Secret("bobpw".into()),
        };
        assert!(!format!("{s:?}").contains("bobpw"));
    }
}
