//! Per-path decoding rules from the config file's `[decode]` table (`"/app/**" = "gzip+json"`):
//! a value at a matching path is decoded as the rule says instead of as it looks. Globs are
//! shell-like on whole paths: `*` and `?` stay within one name, `**` spans any number of them.
//! When several rules match, the longest pattern wins (the most specific; ties go to the one
//! first in sort order), so the table's own order never matters.

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use super::Encoding;
use crate::error::{Error, Result};

/// A rule that does not compile: its glob, and why.
#[derive(Debug)]
pub struct RuleError {
    pub glob: String,
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "[decode] {:?}: {}", self.glob, self.message)
    }
}

/// Compiled rules; empty when the config file has none.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    set: Option<GlobSet>,
    /// (pattern, encoding), in the order the set was built.
    rules: Vec<(String, Encoding)>,
}

impl Rules {
    /// Compiles `glob = encoding` pairs; a bad glob or encoding is named in the error.
    pub fn new(pairs: Vec<(String, String)>) -> std::result::Result<Rules, RuleError> {
        if pairs.is_empty() {
            return Ok(Rules::default());
        }
        let mut builder = GlobSetBuilder::new();
        let mut rules = Vec::with_capacity(pairs.len());
        for (glob, enc) in pairs {
            let fail = |message: String| RuleError {
                glob: glob.clone(),
                message,
            };
            if !glob.starts_with('/') {
                return Err(fail("a rule's glob is an absolute path".into()));
            }
            let g = GlobBuilder::new(&glob)
                .literal_separator(true)
                .build()
                .map_err(|e| fail(e.kind().to_string()))?;
            let enc: Encoding = enc.parse().map_err(fail)?;
            builder.add(g);
            rules.push((glob, enc));
        }
        let set = builder.build().map_err(|e| RuleError {
            glob: String::new(),
            message: e.to_string(),
        })?;
        Ok(Rules {
            set: Some(set),
            rules,
        })
    }

    /// The encoding the rules give `path` (an absolute path, the chroot not included), if any.
    pub fn for_path(&self, path: &str) -> Option<&Encoding> {
        let set = self.set.as_ref()?;
        set.matches(path)
            .into_iter()
            .map(|i| &self.rules[i])
            .min_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)))
            .map(|(_, e)| e)
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

impl crate::contexts::Loaded {
    /// The file's `[decode]` rules, compiled; a bad one is a usage error naming the file, the
    /// line and the rule (the file is read again for the line, on that error only).
    pub fn decode_rules(&self) -> Result<Rules> {
        Rules::new(self.file.decode.clone().into_iter().collect()).map_err(|e| {
            let text = self
                .path
                .as_ref()
                .and_then(|p| std::fs::read_to_string(p).ok())
                .unwrap_or_default();
            let at = line_of(&text, &e.glob)
                .map(|l| format!(":{l}"))
                .unwrap_or_default();
            Error::usage(format!("{}{at}: {e}", self.shown_path()))
        })
    }
}

/// The line (from 1) where `key` is set in a TOML text, quoted or bare.
fn line_of(text: &str, key: &str) -> Option<usize> {
    let quoted = [format!("\"{key}\""), format!("'{key}'"), key.to_string()];
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            quoted.iter().any(|q| {
                l.strip_prefix(q.as_str())
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            })
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(pairs: &[(&str, &str)]) -> Rules {
        Rules::new(
            pairs
                .iter()
                .map(|(g, e)| (g.to_string(), e.to_string()))
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn the_most_specific_rule_wins() {
        let r = rules(&[
            ("/app/**", "gzip+json"),
            ("/app/raw/*", "text"),
            ("/*/cfg", "zlib"),
        ]);
        let enc = |p: &str| r.for_path(p).map(|e| e.to_string());
        assert_eq!(enc("/app/a/b").as_deref(), Some("gzip+json"));
        assert_eq!(enc("/app/raw/x").as_deref(), Some("text"));
        assert_eq!(
            enc("/app/raw/x/y").as_deref(),
            Some("gzip+json"),
            "* stays in one name"
        );
        assert_eq!(enc("/svc/cfg").as_deref(), Some("zlib"));
        assert_eq!(enc("/app/cfg").as_deref(), Some("gzip+json"));
        assert_eq!(enc("/app"), None, "/app/** is what is below /app");
        assert_eq!(enc("/other"), None);
        assert!(Rules::default().for_path("/a").is_none());
    }

    #[test]
    fn bad_rules_are_named() {
        let e = Rules::new(vec![("/a/[".into(), "gzip".into())]).unwrap_err();
        assert!(e.to_string().contains("\"/a/[\""), "{e}");
        let e = Rules::new(vec![("/a".into(), "lz4".into())]).unwrap_err();
        let e = e.to_string();
        assert!(e.contains("lz4") && e.contains("\"/a\""), "{e}");
        assert!(Rules::new(vec![("a/**".into(), "gzip".into())]).is_err());
    }

    #[test]
    fn the_line_of_a_rule_is_found() {
        let text = "default = \"dev\"\n[decode]\n\"/app/**\" = \"gzip+json\"\n  '/b' = \"zlib\"\n";
        assert_eq!(line_of(text, "/app/**"), Some(3));
        assert_eq!(line_of(text, "/b"), Some(4));
        assert_eq!(line_of(text, "/c"), None);
    }
}
