//! ZooKeeper path rules: resolving what the operator typed against the current node, and
//! rejecting invalid paths before any request is sent.

use crate::error::{Error, Result};

/// Resolves `input` (absolute, or relative to `cwd`, with `.` and `..`) to an absolute path.
pub fn resolve(cwd: &str, input: &str) -> Result<String> {
    if input.is_empty() {
        return Err(Error::usage("empty path"));
    }
    if input.contains('\0') {
        return Err(Error::usage(format!(
            "{}: path contains a NUL byte",
            input.escape_debug()
        )));
    }
    if input.len() > 1 && input.ends_with('/') {
        return Err(Error::usage(format!("{input}: path must not end with '/'")));
    }
    let joined;
    let full = if input.starts_with('/') {
        input
    } else {
        joined = if cwd == "/" {
            format!("/{input}")
        } else {
            format!("{cwd}/{input}")
        };
        &joined
    };
    let mut parts: Vec<&str> = Vec::new();
    for (i, seg) in full.split('/').enumerate().skip(1) {
        match seg {
            "" if full != "/" => {
                return Err(Error::usage(format!(
                    "{input}: empty segment ('//') at element {i}"
                )));
            }
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(Error::usage(format!("{input}: '..' goes above the root")));
                }
            }
            s => {
                if let Some(c) = s.chars().find(|c| invalid_char(*c)) {
                    return Err(Error::usage(format!(
                        "{}: character {:?} is not allowed in a ZooKeeper path",
                        input.escape_debug(),
                        c
                    )));
                }
                parts.push(s);
            }
        }
    }
    Ok(format!("/{}", parts.join("/")))
}

/// Checks the chroot suffix of a connect string (`host:port,...[/chroot]`, hosts perhaps
/// prefixed `tcp://`) by the path rules: the client crate would send `/app/..` to the server as
/// it is and the operator would read "node does not exist".
pub fn check_chroot(servers: &str) -> Result<()> {
    let last = servers.rsplit(',').next().unwrap_or(servers);
    // Where the client crate looks for it: the last host, after a tcp:// or tcp+tls:// prefix.
    let last = last
        .strip_prefix("tcp://")
        .or(last.strip_prefix("tcp+tls://"))
        .unwrap_or(last);
    let Some(chroot) = last.find('/').map(|i| &last[i..]) else {
        return Ok(());
    };
    let bad = |why: String| Error::usage(format!("bad server address {servers:?}: chroot {why}"));
    match resolve("/", chroot) {
        Ok(p) if p == chroot => Ok(()),
        Ok(_) => Err(bad(format!("{chroot:?} must not hold '.' or '..'"))),
        Err(e) => Err(bad(e.to_string())),
    }
}

/// Characters the server rejects in a path (same ranges as ZooKeeper's PathUtils). Java
/// checks UTF-16 units, so a character beyond U+FFFF (an emoji) is a pair of surrogates in
/// the rejected 0xd800..=0xf8ff range.
fn invalid_char(c: char) -> bool {
    let u = c as u32;
    matches!(u, 0x00..=0x1f | 0x7f..=0x9f | 0xd800..=0xf8ff | 0xfff0..)
}

/// The parent of an absolute path (`/` for `/a`, `None` for `/`).
pub fn parent(path: &str) -> Option<&str> {
    match path.rfind('/') {
        Some(0) if path.len() > 1 => Some("/"),
        Some(0) | None => None,
        Some(i) => Some(&path[..i]),
    }
}

/// The last element of an absolute path.
pub fn name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or("")
}

/// Joins a child name to an absolute parent path.
pub fn join(parent: &str, child: &str) -> String {
    if parent == "/" {
        format!("/{child}")
    } else {
        format!("{parent}/{child}")
    }
}

/// Proper ancestors of `path`, root excluded, top down: `/a`, `/a/b` for `/a/b/c`.
pub fn ancestors(path: &str) -> Vec<String> {
    let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    (1..parts.len())
        .map(|i| format!("/{}", parts[..i].join("/")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ancestors_exclude_root_and_self() {
        assert_eq!(ancestors("/a/b/c"), ["/a", "/a/b"]);
        assert!(ancestors("/a").is_empty());
    }

    #[test]
    fn resolves_relative_paths() {
        assert_eq!(resolve("/", "a").unwrap(), "/a");
        assert_eq!(resolve("/a/b", "c").unwrap(), "/a/b/c");
        assert_eq!(resolve("/a/b", "..").unwrap(), "/a");
        assert_eq!(resolve("/a/b", "../..").unwrap(), "/");
        assert_eq!(resolve("/a", "./x/../y").unwrap(), "/a/y");
        assert_eq!(resolve("/a", "/").unwrap(), "/");
        assert_eq!(resolve("/a", ".").unwrap(), "/a");
    }

    #[test]
    fn rejects_invalid_paths_naming_the_rule() {
        let msg = |cwd, p| resolve(cwd, p).unwrap_err().to_string();
        assert!(msg("/", "/a//b").contains("empty segment"));
        assert!(msg("/", "/a/").contains("end with '/'"));
        assert!(msg("/", "..").contains("above the root"));
        assert!(msg("/", "a\0b").contains("NUL"));
        assert!(msg("/", "/a\u{1}").contains("not allowed"));
        // The server refused this one with a bare "server error" (found by tests/properties.rs).
        assert!(msg("/", "/g\u{1f574}").contains("not allowed"));
        assert_eq!(
            resolve("/", "/\u{e9}\u{4e2d}\u{fe0f}").unwrap(),
            "/\u{e9}\u{4e2d}\u{fe0f}"
        );
        assert!(matches!(resolve("/", ""), Err(Error::Usage(_))));
    }

    #[test]
    fn chroots_follow_the_path_rules() {
        for ok in ["h", "h:1", "h:1/app", "a:1,b:2/app/x", "tcp://h:1/a", "h/"] {
            assert!(check_chroot(ok).is_ok(), "{ok}");
        }
        for bad in [
            "h/a/..",
            "h:1/..",
            "a,b:2/a/./b",
            "h//a",
            "h/a/",
            "tcp+tls://h/a\0",
            "h/://a",
        ] {
            let e = check_chroot(bad).unwrap_err();
            assert!(
                matches!(e, Error::Usage(_)) && e.to_string().contains("chroot"),
                "{e}"
            );
        }
    }

    #[test]
    fn parent_name_join() {
        assert_eq!(parent("/a/b"), Some("/a"));
        assert_eq!(parent("/a"), Some("/"));
        assert_eq!(parent("/"), None);
        assert_eq!(name("/a/b"), "b");
        assert_eq!(join("/", "a"), "/a");
        assert_eq!(join("/a", "b"), "/a/b");
    }
}
