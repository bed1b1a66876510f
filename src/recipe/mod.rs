//! Lock and election recipes as kazoo and Curator spell them: node names, which children count
//! as contenders, their order, and whom a waiter watches. Pure (no I/O), so every rule is
//! unit-tested against the libraries' own behaviour.
//!
//! - kazoo (`Lock`, and `Election`, which is a `Lock`): ephemeral-sequential
//!   `<32 hex>__lock__<seq>`; a child is a contender when its name ends in `__lock__` and a
//!   10-digit sequence (regex `__lock__(-?\d{10})$`); contenders are ordered by that sequence,
//!   compared as text; a waiter watches the contender with the largest sequence below its own.
//! - Curator (`InterProcessMutex`, `LeaderSelector`: lock name `lock-`; `LeaderLatch`:
//!   `latch-`): ephemeral-sequential `_c_<UUID>-<lock name><seq>` under container parents;
//!   *every* child is ordered by the text after the last occurrence of the lock name (the whole
//!   name when it has none), a stable sort; the first holds it, a waiter watches the one just
//!   before it.

pub mod cons;

use std::cmp::Ordering;

/// Whose rules a lock directory follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    Kazoo,
    Curator,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Kazoo => "kazoo",
            Dialect::Curator => "curator",
        }
    }
}

/// Where a contender stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rank {
    /// It holds the lock (leads).
    Holds,
    /// It waits for this one (its predecessor) to go.
    Waits(String),
    /// It is not among the children: its node is gone (session trouble).
    Gone,
}

/// The lock an empty directory gets: Curator's (see README, "Recipes").
pub const DEFAULT_DIALECT: Dialect = Dialect::Curator;

/// One recipe's node naming: a dialect and its lock name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recipe {
    pub dialect: Dialect,
    /// `__lock__` (kazoo), `lock-` (Curator's mutex), `latch-` (Curator's LeaderLatch).
    pub lock_name: &'static str,
}

pub const KAZOO_LOCK: &str = "__lock__";
pub const CURATOR_LOCK: &str = "lock-";
pub const CURATOR_LATCH: &str = "latch-";

/// Curator's `ProtectedUtils`: `_c_` + a 36-character UUID + `-`.
const PROTECTED_PREFIX: &str = "_c_";
const PROTECTED_LEN: usize = 3 + 36 + 1;

impl Recipe {
    pub const KAZOO: Recipe = Recipe {
        dialect: Dialect::Kazoo,
        lock_name: KAZOO_LOCK,
    };
    pub const CURATOR_MUTEX: Recipe = Recipe {
        dialect: Dialect::Curator,
        lock_name: CURATOR_LOCK,
    };
    pub const CURATOR_LATCH: Recipe = Recipe {
        dialect: Dialect::Curator,
        lock_name: CURATOR_LATCH,
    };

    /// The name our node is created with, before the server appends the sequence.
    pub fn prefix(self, uuid: [u8; 16]) -> String {
        match self.dialect {
            Dialect::Kazoo => format!("{}{}", hex(&uuid), self.lock_name),
            Dialect::Curator => format!("{PROTECTED_PREFIX}{}-{}", canonical(uuid), self.lock_name),
        }
    }

    /// The name with placeholders, as a dry run shows it.
    pub fn template(self) -> String {
        match self.dialect {
            Dialect::Kazoo => format!("<32 hex>{}", self.lock_name),
            Dialect::Curator => format!("{PROTECTED_PREFIX}<UUID>-{}", self.lock_name),
        }
    }

    /// Whether parents are made as containers (Curator) or persistent nodes (kazoo).
    pub fn container_parents(self) -> bool {
        self.dialect == Dialect::Curator
    }

    /// The contenders among `children`, in the order the library ranks them: the holder first.
    pub fn order(self, children: &[String]) -> Vec<String> {
        let mut v: Vec<&String> = match self.dialect {
            Dialect::Kazoo => children.iter().filter(|c| kazoo_seq(c).is_some()).collect(),
            Dialect::Curator => children.iter().collect(),
        };
        // Both libraries sort stably (Python's sorted, Java's Collections.sort).
        v.sort_by(|a, b| self.compare(a, b));
        v.into_iter().cloned().collect()
    }

    /// Like `order`, without the children that are no contender of this recipe at all (for
    /// listings: Curator ranks every child, but only its own nodes hold or wait).
    pub fn members(self, children: &[String]) -> Vec<String> {
        let mut v = self.order(children);
        v.retain(|c| self.is_member(c));
        v
    }

    fn is_member(self, name: &str) -> bool {
        match self.dialect {
            Dialect::Kazoo => kazoo_seq(name).is_some(),
            Dialect::Curator => curator_name(name) == Some(self.lock_name),
        }
    }

    fn compare(self, a: &str, b: &str) -> Ordering {
        match self.dialect {
            Dialect::Kazoo => kazoo_seq(a).cmp(&kazoo_seq(b)),
            // Java's String.compareTo compares UTF-16 units; these names are ASCII.
            Dialect::Curator => sort_key(a, self.lock_name).cmp(sort_key(b, self.lock_name)),
        }
    }

    /// Where `ours` stands among `children`.
    pub fn rank(self, children: &[String], ours: &str) -> Rank {
        if !children.iter().any(|c| c == ours) {
            return Rank::Gone;
        }
        let before = match self.dialect {
            Dialect::Kazoo => {
                let Some(mine) = kazoo_seq(ours) else {
                    return Rank::Gone;
                };
                // kazoo: the contender with the largest sequence below ours.
                children
                    .iter()
                    .filter(|c| kazoo_seq(c).is_some_and(|s| s < mine))
                    .max_by(|a, b| self.compare(a, b))
                    .cloned()
            }
            Dialect::Curator => {
                let sorted = self.order(children);
                let i = sorted.iter().position(|c| c == ours).unwrap_or(0);
                i.checked_sub(1).map(|p| sorted[p].clone())
            }
        };
        before.map_or(Rank::Holds, Rank::Waits)
    }
}

/// The sequence text kazoo's contender regex `__lock__(-?\d{10})$` captures.
fn kazoo_seq(name: &str) -> Option<&str> {
    let tail_at = name.len().checked_sub(10)?;
    let (head, digits) = name.split_at_checked(tail_at)?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let head = head.strip_suffix('-').unwrap_or(head);
    head.ends_with(KAZOO_LOCK).then(|| &name[head.len()..])
}

/// Curator's `standardFixForSorting`: the text after the last occurrence of the lock name, or
/// the whole name when it has none.
fn sort_key<'a>(name: &'a str, lock_name: &str) -> &'a str {
    match name.rfind(lock_name) {
        Some(i) => &name[i + lock_name.len()..],
        None => name,
    }
}

/// The lock name of a Curator-made node (`_c_<UUID>-lock-0000000001` -> `lock-`), if it is one.
fn curator_name(name: &str) -> Option<&'static str> {
    let protected = name.len() > PROTECTED_LEN
        && name.starts_with(PROTECTED_PREFIX)
        && name.as_bytes()[PROTECTED_LEN - 1] == b'-';
    let rest = if protected {
        &name[PROTECTED_LEN..]
    } else {
        name
    };
    [CURATOR_LOCK, CURATOR_LATCH].into_iter().find(|l| {
        rest.strip_prefix(l)
            .is_some_and(|s| s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// Which recipe made a node, if one of the two did.
pub fn classify(name: &str) -> Option<Recipe> {
    if kazoo_seq(name).is_some() {
        return Some(Recipe::KAZOO);
    }
    curator_name(name).map(|l| Recipe {
        dialect: Dialect::Curator,
        lock_name: l,
    })
}

/// The recipes found among `children`, each once, in order of first appearance.
pub fn found(children: &[String]) -> Vec<Recipe> {
    let mut v: Vec<Recipe> = Vec::new();
    for r in children.iter().filter_map(|c| classify(c)) {
        if !v.contains(&r) {
            v.push(r);
        }
    }
    v
}

/// Lowercase hex, as Python's `uuid4().hex`.
fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Java's `UUID.toString()`: 8-4-4-4-12 lowercase hex.
fn canonical(u: [u8; 16]) -> String {
    let h = hex(&u);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// A random (version 4) UUID, from the operating system's generator.
pub fn random_uuid() -> std::io::Result<[u8; 16]> {
    use std::io::Read;
    let mut u = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut u)?;
    u[6] = (u[6] & 0x0f) | 0x40;
    u[8] = (u[8] & 0x3f) | 0x80;
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    const K1: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f0__lock__0000000001";
    const K2: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa__lock__0000000002";
    const K3: &str = "00000000000000000000000000000000__lock__0000000003";
    const C1: &str = "_c_0b1d6a38-5b7e-4d1f-9c1e-8d2f8b9d1a11-lock-0000000001";
    const C2: &str = "_c_ffffffff-5b7e-4d1f-9c1e-8d2f8b9d1a11-lock-0000000002";
    const C3: &str = "_c_00000000-5b7e-4d1f-9c1e-8d2f8b9d1a11-lock-0000000003";

    #[test]
    fn prefixes_look_like_the_libraries_names() {
        let u = [0xab; 16];
        assert_eq!(
            Recipe::KAZOO.prefix(u),
            format!("{}__lock__", "ab".repeat(16))
        );
        assert_eq!(
            Recipe::CURATOR_MUTEX.prefix(u),
            "_c_abababab-abab-abab-abab-abababababab-lock-"
        );
        assert_eq!(
            Recipe::CURATOR_LATCH.prefix(u),
            "_c_abababab-abab-abab-abab-abababababab-latch-"
        );
        let r = random_uuid().unwrap();
        assert_eq!(r[6] >> 4, 4);
        assert_eq!(r[8] >> 6, 2);
    }

    #[test]
    fn kazoo_orders_by_sequence_and_ignores_other_names() {
        let c = names(&[K3, C1, K1, "other", K2, "x__lock__123"]);
        assert_eq!(Recipe::KAZOO.order(&c), names(&[K1, K2, K3]));
        assert_eq!(Recipe::KAZOO.rank(&c, K1), Rank::Holds);
        assert_eq!(Recipe::KAZOO.rank(&c, K3), Rank::Waits(K2.into()));
        assert_eq!(Recipe::KAZOO.rank(&c, "gone"), Rank::Gone);
        // kazoo's regex takes a negative sequence (a wrapped counter) too, compared as text.
        assert_eq!(kazoo_seq("x__lock__-000000001"), None);
        assert_eq!(kazoo_seq("x__lock__-0000000001"), Some("-0000000001"));
    }

    #[test]
    fn curator_sorts_every_child_by_the_text_after_the_lock_name() {
        let c = names(&[C3, C1, C2]);
        assert_eq!(Recipe::CURATOR_MUTEX.order(&c), names(&[C1, C2, C3]));
        assert_eq!(Recipe::CURATOR_MUTEX.rank(&c, C1), Rank::Holds);
        assert_eq!(Recipe::CURATOR_MUTEX.rank(&c, C3), Rank::Waits(C2.into()));
        // A kazoo node has no `lock-`: Curator sorts it by its whole name (its random hex),
        // so one beginning with zeros comes before every Curator node: Curator mis-sorts it.
        let mixed = names(&[C1, K3, K2]);
        assert_eq!(Recipe::CURATOR_MUTEX.order(&mixed), names(&[K3, C1, K2]));
        assert_eq!(
            Recipe::CURATOR_MUTEX.rank(&mixed, C1),
            Rank::Waits(K3.into())
        );
        assert_eq!(Recipe::CURATOR_MUTEX.members(&mixed), names(&[C1]));
        // And stock kazoo does not see Curator's nodes at all.
        assert_eq!(Recipe::KAZOO.order(&names(&[C1, C2])), Vec::<String>::new());
    }

    #[test]
    fn nodes_are_classified_by_their_recipe() {
        assert_eq!(classify(K1), Some(Recipe::KAZOO));
        assert_eq!(classify(C1), Some(Recipe::CURATOR_MUTEX));
        let latch = "_c_0b1d6a38-5b7e-4d1f-9c1e-8d2f8b9d1a11-latch-0000000007";
        assert_eq!(classify(latch), Some(Recipe::CURATOR_LATCH));
        assert_eq!(classify("lock-0000000001"), Some(Recipe::CURATOR_MUTEX));
        assert_eq!(classify("config"), None);
        assert_eq!(classify("_c_short-lock-1"), None);
        assert_eq!(
            found(&names(&[C1, "x", K1, C2])),
            vec![Recipe::CURATOR_MUTEX, Recipe::KAZOO]
        );
    }
}
