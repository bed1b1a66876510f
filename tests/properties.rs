//! Property tests: the pure parsers (line splitting, path resolution, ACLs, durations, export
//! files) on random input, and export -> import of random trees against the real server.

mod common;
use common::*;

use base64::Engine;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use zksh::acl::{self, AclEntry};
use zksh::bulk::Record as Node;
use zksh::command::parse_export;
use zksh::error::Error;
use zksh::line::{quote, split};
use zksh::path::resolve;

/// A valid resolved path: absolute, no empty segment, no trailing '/', no '.'/'..', no NUL.
fn valid(p: &str) -> bool {
    p.starts_with('/')
        && !p.contains('\0')
        && (p == "/"
            || p[1..]
                .split('/')
                .all(|s| !s.is_empty() && s != "." && s != ".."))
}

/// One node name within ZooKeeper's rules: printable (non-ASCII too), no '/', not '.' or '..'.
fn zk_name() -> impl Strategy<Value = String> {
    "[a-z0-9_.\\- ]{1,8}|[\\PC&&[^/]]{1,8}".prop_filter("a name ZooKeeper accepts", |n| {
        n != "." && n != ".." && resolve("/", &format!("/{n}")).is_ok()
    })
}

/// Path-like text: segments that are names, '', '.', '..', or odd characters, joined by '/'.
fn path_text() -> impl Strategy<Value = String> {
    let seg = prop_oneof![
        zk_name(),
        Just(String::new()),
        Just(".".to_string()),
        Just("..".to_string()),
        "[\\x00-\\x1f\u{7f}-\u{9f}\u{e000}\u{fff5}]{1,2}",
    ];
    (
        any::<bool>(),
        prop::collection::vec(seg, 0..6),
        any::<bool>(),
    )
        .prop_map(|(abs, segs, end)| {
            let mut p = segs.join("/");
            if abs {
                p.insert(0, '/');
            }
            if end {
                p.push('/');
            }
            p
        })
}

proptest! {
    #[test]
    fn split_quote_join_split_is_stable(line in any::<String>()) {
        if let Ok(commands) = split(&line) {
            let joined: Vec<String> = commands
                .iter()
                .map(|w| w.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" "))
                .collect();
            prop_assert_eq!(split(&joined.join("; ")).unwrap(), commands);
        }
    }

    #[test]
    fn quoted_words_split_back_exactly(cmds in prop::collection::vec(
        prop::collection::vec(any::<String>(), 1..5), 1..4)
    ) {
        let line: Vec<String> = cmds
            .iter()
            .map(|w| w.iter().map(|w| quote(w)).collect::<Vec<_>>().join(" "))
            .collect();
        prop_assert_eq!(split(&line.join("\n")).unwrap(), cmds);
    }

    #[test]
    fn resolved_paths_are_valid_and_idempotent(cwd in path_text(), p in path_text()) {
        let cwd = resolve("/", &cwd).unwrap_or_else(|_| "/".into());
        match resolve(&cwd, &p) {
            Ok(r) => {
                prop_assert!(valid(&r), "{:?} -> {:?}", p, r);
                prop_assert_eq!(resolve(&cwd, &r).unwrap(), r.clone());
                prop_assert_eq!(resolve("/elsewhere", &r).unwrap(), r);
            }
            Err(e) => prop_assert!(matches!(e, Error::Usage(_)), "{:?}", e),
        }
    }

    #[test]
    fn chroots_are_accepted_only_in_normal_form(p in path_text()) {
        // A ',' would start another host: the chroot is what follows the last one.
        let p = p.replace(',', "");
        let chroot = if p.starts_with('/') { p } else { format!("/{p}") };
        match zksh::path::check_chroot(&format!("a:1,127.0.0.1:2181{chroot}")) {
            Ok(()) => prop_assert_eq!(resolve("/", &chroot).unwrap(), chroot),
            Err(e) => prop_assert!(matches!(e, Error::Usage(_)), "{:?}", e),
        }
    }

    #[test]
    fn resolve_never_panics_on_any_text(cwd in any::<String>(), p in any::<String>()) {
        let cwd = resolve("/", &cwd).unwrap_or_else(|_| "/".into());
        match resolve(&cwd, &p) {
            Ok(r) => prop_assert!(valid(&r)),
            Err(e) => prop_assert!(matches!(e, Error::Usage(_))),
        }
    }

    #[test]
    fn printed_acls_parse_back(entries in prop::collection::vec(
        ("[a-z][a-z0-9]{0,7}", "[^,]{0,20}", 1..32i32)
            .prop_map(|(scheme, id, perms)| AclEntry { scheme, id, perms }),
        1..4)
    ) {
        let text: Vec<String> = entries.iter().map(|a| a.to_string()).collect();
        prop_assert_eq!(acl::parse(&text.join(",")).unwrap(), entries);
    }

    #[test]
    fn acl_parse_never_panics(s in any::<String>()) {
        if let Err(e) = acl::parse(&s) {
            prop_assert!(matches!(e, Error::Usage(_)));
        }
    }

    #[test]
    fn durations_never_panic(s in prop_oneof![
        any::<String>(),
        "([0-9]{1,30} ?(ns|us|ms|s|m|h|d|w|M|y|min|sec|days) ?){1,4}",
    ]) {
        let _ = zksh::cli::parse_duration(&s);
    }

    #[test]
    fn export_parse_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Err(e) = parse_export(&bytes, "x") {
            prop_assert!(matches!(e, Error::Usage(_)));
        }
    }

    #[test]
    fn export_files_round_trip_and_survive_damage(
        nodes in tree(12),
        cut in any::<prop::sample::Index>(),
        flip in any::<(prop::sample::Index, u8)>(),
    ) {
        let text = export_text("/r", &nodes);
        let parsed = parse_export(text.as_bytes(), "x").unwrap();
        prop_assert_eq!(&parsed.nodes, &nodes);
        let truncated = &text.as_bytes()[..cut.index(text.len())];
        prop_assert!(matches!(parse_export(truncated, "x"), Err(Error::Usage(_))));
        let mut damaged = text.into_bytes();
        let i = flip.0.index(damaged.len());
        damaged[i] ^= flip.1;
        if let Ok(f) = parse_export(&damaged, "x") {
            prop_assert!(f.nodes.iter().all(|n| valid(&n.path)));
        }
    }
}

/// An export file's text for `nodes` under `root`, as `zksh export` writes it.
fn export_text(root: &str, nodes: &[Node]) -> String {
    serde_json::json!({
        "format": "zksh-export", "version": 1, "root": root, "nodes": nodes,
        "ephemerals_skipped": 0,
    })
    .to_string()
}

/// ACLs that keep the test able to read, write below and delete every node.
fn acl_list() -> impl Strategy<Value = Vec<AclEntry>> {
    let entry = |s: &str| acl::parse(s).unwrap().remove(0);
    prop_oneof![
        Just(vec![entry("world:anyone:cdrwa")]),
        prop::sample::subsequence(vec!['c', 'd', 'w'], 0..=3).prop_map(move |extra| {
            let perms: String = "ra".chars().chain(extra).collect();
            vec![
                entry(&format!("world:anyone:{perms}")),
                entry("ip:127.0.0.1:cdrwa"),
            ]
        }),
    ]
}

/// Random persistent trees of up to `max` nodes: relative paths ("/" first), parents before
/// children, unique names among siblings, binary data (empty and NUL included), random ACLs.
fn tree(max: usize) -> impl Strategy<Value = Vec<Node>> {
    let data = prop_oneof![
        Just(Vec::new()),
        Just(vec![0u8]),
        prop::collection::vec(any::<u8>(), 0..200),
    ];
    let node = (any::<prop::sample::Index>(), zk_name(), data, acl_list());
    prop::collection::vec(node, 1..max).prop_map(|raw| {
        let mut nodes: Vec<Node> = Vec::new();
        for (i, (parent, name, data, acl)) in raw.into_iter().enumerate() {
            let path = if i == 0 {
                "/".to_string()
            } else {
                zksh::path::join(&nodes[parent.index(nodes.len())].path, &name)
            };
            if nodes.iter().any(|n| n.path == path) {
                continue;
            }
            nodes.push(Node {
                path,
                kind: "persistent".into(),
                data,
                acl,
                ttl_ms: None,
            });
        }
        nodes
    })
}

/// The exact bytes `zksh get PATH` writes to a pipe.
fn raw_get(path: &str) -> Vec<u8> {
    let out = zksh().args(["get", path]).output().unwrap();
    assert!(
        out.status.success(),
        "get {path}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Creates `nodes` under `root` with plain `create` commands (not import: that is under test).
fn create_tree(root: &str, nodes: &[Node]) {
    let mut script = String::new();
    for n in nodes {
        let acl: Vec<String> = n.acl.iter().map(|a| a.to_string()).collect();
        let b64 = base64::engine::general_purpose::STANDARD.encode(&n.data);
        script.push_str(&format!(
            "create --acl {} --base64 {} {}\n",
            quote(&acl.join(",")),
            quote(&b64),
            quote(&zksh::bulk::record::absolute(root, &n.path)),
        ));
    }
    let out = zksh().write_stdin(script).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Deletes a test's trees when dropped, also when an assertion failed.
struct Trees(Vec<String>);

impl Drop for Trees {
    fn drop(&mut self) {
        for r in &self.0 {
            let _ = zksh().args(["deleteall", "--force", r]).output();
        }
    }
}

/// `zksh export`, `zksh import` into another root, then `zksh diff`: no difference, and the
/// picked nodes read back byte for byte.
fn round_trip(nodes: &[Node], picks: &[prop::sample::Index]) -> Result<(), TestCaseError> {
    let trees = Trees(vec![root("prop-src"), root("prop-dst")]);
    let (src, dst) = (&trees.0[0], &trees.0[1]);
    create_tree(src, nodes);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("export.json");
    let f = file.to_str().unwrap();
    ok(&["export", src, f]);
    let exported = parse_export(&std::fs::read(&file).unwrap(), f).unwrap();
    prop_assert_eq!(exported.nodes.len(), nodes.len());
    ok(&["import", f, dst]);
    let (code, out, err) = run(&["diff", src, dst]);
    prop_assert_eq!((code, out.as_str()), (0, ""), "{}", err);
    for pick in picks {
        let n = &nodes[pick.index(nodes.len())];
        let copy = raw_get(&zksh::bulk::record::absolute(dst, &n.path));
        prop_assert_eq!(&copy, &n.data, "{}", n.path);
        prop_assert_eq!(raw_get(&zksh::bulk::record::absolute(src, &n.path)), copy);
    }
    Ok(())
}

#[test]
fn export_then_import_reproduces_random_trees() {
    // A runner of its own: the proptest! macro lets $PROPTEST_CASES raise the case count, and
    // each case here is a few hundred requests to the shared server.
    let config = Config {
        cases: 8,
        max_shrink_iters: 16,
        failure_persistence: None,
        ..Config::default()
    };
    let picks = prop::collection::vec(any::<prop::sample::Index>(), 3);
    TestRunner::new(config)
        .run(&(tree(30), picks), |(nodes, picks)| {
            round_trip(&nodes, &picks)
        })
        .unwrap();
}
