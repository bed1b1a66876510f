//! ACLs as operators write them (zkCli syntax `scheme:id:perms[,...]`, perms from `crwda`), and
//! the digest helper (`user:password` -> `user:base64(sha1)`) as ZooKeeper computes it.

use base64::Engine;
use sha1::{Digest, Sha1};

use crate::error::{Error, Result};

/// One ACL entry, independent of the client crate.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AclEntry {
    pub scheme: String,
    pub id: String,
    /// Bit set: READ 1, WRITE 2, CREATE 4, DELETE 8, ADMIN 16.
    pub perms: i32,
}

const PERMS: [(char, i32); 5] = [('c', 4), ('d', 8), ('r', 1), ('w', 2), ('a', 16)];

/// `cdrwa`-style letters for a permission set, in zkCli's order.
pub fn perms_text(p: i32) -> String {
    PERMS
        .iter()
        .filter(|(_, b)| p & b != 0)
        .map(|(c, _)| *c)
        .collect()
}

impl std::fmt::Display for AclEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.scheme, self.id, perms_text(self.perms))
    }
}

/// In export files an entry is its zkCli text, `scheme:id:perms`.
impl serde::Serialize for AclEntry {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for AclEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let mut list = parse(&text).map_err(serde::de::Error::custom)?;
        match (list.pop(), list.is_empty()) {
            (Some(entry), true) => Ok(entry),
            _ => Err(serde::de::Error::custom(format!(
                "{text:?}: expected one ACL entry"
            ))),
        }
    }
}

/// Parses `scheme:id:perms[,scheme:id:perms...]`. The id is everything between the first and
/// the last ':' (digest ids hold a ':' themselves); `auth::perms` and `world:anyone:perms` work.
pub fn parse(s: &str) -> Result<Vec<AclEntry>> {
    let bad = |why: &str| {
        Error::usage(format!(
            "bad ACL {s:?}: {why} (expected scheme:id:perms, e.g. world:anyone:cdrwa)"
        ))
    };
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim) {
        let (scheme, rest) = part.split_once(':').ok_or_else(|| bad("missing ':'"))?;
        let (id, letters) = rest
            .rsplit_once(':')
            .ok_or_else(|| bad("missing permissions"))?;
        if scheme.is_empty() {
            return Err(bad("empty scheme"));
        }
        let mut perms = 0;
        for c in letters.chars() {
            let (_, bit) = PERMS
                .iter()
                .find(|(l, _)| *l == c.to_ascii_lowercase())
                .ok_or_else(|| bad(&format!("unknown permission {c:?}")))?;
            perms |= bit;
        }
        if letters.is_empty() {
            return Err(bad("no permissions"));
        }
        out.push(AclEntry {
            scheme: scheme.to_string(),
            id: id.to_string(),
            perms,
        });
    }
    Ok(out)
}

/// `user:password` -> `user:base64(sha1(user:password))`, the id a digest ACL names.
pub fn digest(user_password: &str) -> Result<String> {
    let (user, _) = user_password
        .split_once(':')
        .ok_or_else(|| Error::usage("digest: expected user:password"))?;
    let hash = Sha1::digest(user_password.as_bytes());
    Ok(format!(
        "{user}:{}",
        base64::engine::general_purpose::STANDARD.encode(hash)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_zkcli_syntax() {
        let a = parse("world:anyone:cdrwa").unwrap();
        assert_eq!(
            a,
            [AclEntry {
                scheme: "world".into(),
                id: "anyone".into(),
                perms: 31
            }]
        );
        let a = parse("digest:bob:abc=:rw,ip:10.0.0.0/8:r,auth::crwda").unwrap();
        assert_eq!(a[0].id, "bob:abc=");
        assert_eq!(a[0].perms, 3);
        assert_eq!(a[1].to_string(), "ip:10.0.0.0/8:r");
        assert_eq!(a[2].to_string(), "auth::cdrwa");
        assert!(parse("world:anyone").is_err());
        assert!(parse("world:anyone:x").is_err());
        assert!(parse(":x:r").is_err());
    }

    #[test]
    fn digest_matches_zookeeper() {
        // From ZooKeeper's documentation: super:test -> D/InIHSb7yEEbrWz8b9l71RjZJU=
        assert_eq!(
            digest("super:test").unwrap(),
            "super:D/InIHSb7yEEbrWz8b9l71RjZJU="
        );
    }
}
