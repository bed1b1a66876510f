//! Child names packed into one buffer, sorted: a million names cost their bytes plus four
//! each, not a `String` (and an allocation) each. The walk's frontier holds them; the ui's
//! opened nodes too, inserting and removing in place as live changes come.

#[derive(Default)]
pub struct Names {
    buf: String,
    ends: Vec<u32>,
}

impl Names {
    /// The names, sorted in byte order (as `ls` prints them).
    pub fn sorted(mut names: Vec<String>) -> Names {
        names.sort_unstable();
        names.dedup();
        let mut out = Names {
            buf: String::with_capacity(names.iter().map(String::len).sum()),
            ends: Vec::with_capacity(names.len()),
        };
        for n in names {
            out.buf.push_str(&n);
            out.ends.push(out.buf.len() as u32);
        }
        out
    }

    pub fn one(name: &str) -> Names {
        Names::sorted(vec![name.to_string()])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn start(&self, i: usize) -> usize {
        if i == 0 { 0 } else { self.ends[i - 1] as usize }
    }

    pub fn get(&self, i: usize) -> &str {
        &self.buf[self.start(i)..self.ends[i] as usize]
    }

    /// Where `name` is (`Ok`) or would go (`Err`).
    pub fn find(&self, name: &str) -> Result<usize, usize> {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.get(mid).cmp(name) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    /// Adds `name` in its place; false when it is there already.
    pub fn insert(&mut self, name: &str) -> bool {
        let Err(i) = self.find(name) else {
            return false;
        };
        let at = self.start(i);
        self.buf.insert_str(at, name);
        self.ends.insert(i, at as u32);
        for e in &mut self.ends[i..] {
            *e += name.len() as u32;
        }
        true
    }

    /// Removes `name`; false when it was not there.
    pub fn remove(&mut self, name: &str) -> bool {
        let Ok(i) = self.find(name) else {
            return false;
        };
        let (start, end) = (self.start(i), self.ends[i] as usize);
        self.buf.replace_range(start..end, "");
        self.ends.remove(i);
        for e in &mut self.ends[i..] {
            *e -= (end - start) as u32;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_and_indexed() {
        let n = Names::sorted(vec!["b".into(), "a".into(), "c10".into(), "".into()]);
        assert_eq!(n.len(), 4);
        let all: Vec<&str> = (0..n.len()).map(|i| n.get(i)).collect();
        assert_eq!(all, ["", "a", "b", "c10"]);
        assert_eq!(Names::one("/x").get(0), "/x");
    }

    #[test]
    fn sorted_insert_remove_find() {
        let mut n = Names::sorted(vec!["b".into(), "d".into(), "a".into()]);
        assert_eq!(n.find("b"), Ok(1));
        assert_eq!(n.find("c"), Err(2));
        assert!(n.insert("c"));
        assert!(!n.insert("c"));
        assert!(n.insert("0"));
        assert!(n.insert("zz"));
        let all: Vec<&str> = (0..n.len()).map(|i| n.get(i)).collect();
        assert_eq!(all, ["0", "a", "b", "c", "d", "zz"]);
        assert!(n.remove("a"));
        assert!(!n.remove("a"));
        assert!(n.remove("zz"));
        let all: Vec<&str> = (0..n.len()).map(|i| n.get(i)).collect();
        assert_eq!(all, ["0", "b", "c", "d"]);
    }
}
