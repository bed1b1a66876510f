//! Reading export files as a stream: each node is checked and handed on as it is parsed, so a
//! million-node file is never held whole. Checks: the header (format, version), normal paths,
//! each node after its parent, no node twice, known node types. Parents and duplicates are
//! tracked by a hash of each path, eight bytes a node.

use std::collections::HashSet;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufReader, Read, Seek};

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::bulk::Record;
use crate::bulk::record::KINDS;
use crate::error::{Error, Result};
use crate::path;

pub const FORMAT: &str = "zksh-export";

/// An export file read whole (for diff, tests and the fuzzer).
#[derive(Deserialize, Debug)]
pub struct ExportFile {
    pub format: String,
    pub version: u32,
    pub root: String,
    pub nodes: Vec<Record>,
}

/// An export file's root and node count.
pub struct Header {
    pub root: String,
    pub count: usize,
}

/// An export file that can be read more than once: stdin is spooled to a temporary file.
pub struct Source {
    pub name: String,
    file: std::fs::File,
}

impl Source {
    /// Opens `name` (`-`: stdin, for `what`: `import -`, `diff @-`).
    pub fn open(name: &str, what: &str) -> Result<Source> {
        let file = if name == "-" {
            super::value::claim_stdin(what)?;
            let mut tmp = tempfile::tempfile()?;
            std::io::copy(&mut std::io::stdin().lock(), &mut tmp)?;
            tmp
        } else {
            std::fs::File::open(name).map_err(|e| Error::usage(format!("{name}: {e}")))?
        };
        Ok(Source {
            name: name.to_string(),
            file,
        })
    }

    /// Streams every node to `each`, checked, in file order.
    pub fn each(&self, each: impl FnMut(Record) -> Result<()>) -> Result<Header> {
        let mut file = &self.file;
        file.rewind()?;
        each_node(BufReader::new(file), &self.name, each)
    }
}

/// Parses and checks the bytes of an export file; `name` only labels the errors.
pub fn parse_export(text: &[u8], name: &str) -> Result<ExportFile> {
    let mut nodes = Vec::new();
    let header = each_node(text, name, |n| {
        nodes.push(n);
        Ok(())
    })?;
    Ok(ExportFile {
        format: FORMAT.into(),
        version: 1,
        root: header.root,
        nodes,
    })
}

/// Streams the checked nodes of an export file to `each`. An error of `each` ends the read
/// and is returned as it is.
pub fn each_node(
    reader: impl Read,
    name: &str,
    mut each: impl FnMut(Record) -> Result<()>,
) -> Result<Header> {
    let bad = |why: String| Error::usage(format!("{name}: not a valid zksh export: {why}"));
    let mut check = Check::default();
    let mut failed = None;
    let parsed = {
        let mut take = |n: Record| -> std::result::Result<(), String> {
            check.node(&n)?;
            each(n).map_err(|e| {
                let msg = e.to_string();
                failed = Some(e);
                msg
            })
        };
        let mut de = serde_json::Deserializer::from_reader(reader);
        de::Deserializer::deserialize_map(&mut de, FileVisitor { take: &mut take })
            .and_then(|h| de.end().map(|_| h))
    };
    if let Some(e) = failed {
        return Err(e);
    }
    let (format, version, root, count) = parsed.map_err(|e| bad(e.to_string()))?;
    if format.as_deref() != Some(FORMAT) || version != Some(1) {
        return Err(bad(format!("format {format:?} version {version:?}")));
    }
    let root = root.ok_or_else(|| bad("no root".into()))?;
    Ok(Header { root, count })
}

/// What the checks remember: a hash of every path seen.
#[derive(Default)]
struct Check {
    seen: HashSet<u64>,
}

fn hash(p: &str) -> u64 {
    let mut h = DefaultHasher::new();
    p.hash(&mut h);
    h.finish()
}

impl Check {
    fn node(&mut self, n: &Record) -> std::result::Result<(), String> {
        let resolved = path::resolve("/", &n.path).map_err(|e| e.to_string())?;
        if resolved != n.path {
            return Err(format!("node path {:?} is not in normal form", n.path));
        }
        // The root ("/") may be absent (it then must exist); any other parent must come first.
        if let Some(parent) = path::parent(&n.path).filter(|p| *p != "/")
            && !self.seen.contains(&hash(parent))
        {
            return Err(format!(
                "node {:?} comes before its parent {parent:?} (or the parent is missing)",
                n.path
            ));
        }
        if !self.seen.insert(hash(&n.path)) {
            return Err(format!("node {:?} appears twice", n.path));
        }
        if !KINDS.contains(&n.kind.as_str()) {
            return Err(format!(
                "node {:?} has type {:?}; expected one of {}",
                n.path,
                n.kind,
                KINDS.join(", ")
            ));
        }
        if (n.kind == "ttl") != n.ttl_ms.is_some() {
            return Err(format!(
                "node {:?}: a ttl node needs ttl_ms, and only a ttl node has one",
                n.path
            ));
        }
        Ok(())
    }
}

type Take<'f> = dyn FnMut(Record) -> std::result::Result<(), String> + 'f;

/// The top-level object: header fields kept, `nodes` streamed, anything else skipped.
struct FileVisitor<'a, 'f> {
    take: &'a mut Take<'f>,
}

impl<'de> Visitor<'de> for FileVisitor<'_, '_> {
    type Value = (Option<String>, Option<u32>, Option<String>, usize);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a zksh export object")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        let (mut format, mut version, mut root, mut count) = (None, None, None, 0);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => format = Some(map.next_value()?),
                "version" => version = Some(map.next_value()?),
                "root" => root = Some(map.next_value()?),
                "nodes" => {
                    count = map.next_value_seed(Nodes {
                        take: &mut *self.take,
                    })?
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok((format, version, root, count))
    }
}

/// The `nodes` array, one record at a time.
struct Nodes<'a, 'f> {
    take: &'a mut Take<'f>,
}

impl<'de> DeserializeSeed<'de> for Nodes<'_, '_> {
    type Value = usize;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> std::result::Result<usize, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Nodes<'_, '_> {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of nodes")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<usize, A::Error> {
        let mut n = 0;
        while let Some(record) = seq.next_element::<Record>()? {
            (self.take)(record).map_err(de::Error::custom)?;
            n += 1;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_stream_in_order_and_are_checked() {
        let ok = br#"{"format":"zksh-export","version":1,"root":"/r","nodes":[
            {"path":"/","type":"persistent","data":"","acl":[]},
            {"path":"/a","type":"persistent","data":"eA==","acl":[]},
            {"path":"/a/b","type":"container","data":"","acl":[]}],"ephemerals_skipped":0}"#;
        let f = parse_export(ok, "x").unwrap();
        assert_eq!(f.root, "/r");
        let paths: Vec<&str> = f.nodes.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(paths, ["/", "/a", "/a/b"]);
        assert_eq!(f.nodes[1].data, b"x");
        for (bad, why) in [
            (
                r#"{"format":"zksh-export","version":1,"root":"/r","nodes":[{"path":"/a/b","type":"persistent","data":"","acl":[]}]}"#,
                "before its parent",
            ),
            (
                r#"{"format":"zksh-export","version":1,"root":"/r","nodes":[{"path":"/a","type":"odd","data":"","acl":[]}]}"#,
                "has type",
            ),
            (
                r#"{"format":"zksh-export","version":2,"root":"/r","nodes":[]}"#,
                "version",
            ),
            (
                r#"{"format":"zksh-export","version":1,"root":"/r","nodes":[] } x"#,
                "trailing",
            ),
        ] {
            let e = parse_export(bad.as_bytes(), "x").unwrap_err().to_string();
            assert!(
                e.contains("not a valid zksh export") && e.contains(why),
                "{e}"
            );
        }
    }
}
