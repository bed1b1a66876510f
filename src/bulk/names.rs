//! The child names of one node, packed into one buffer: a frontier that holds a million names
//! costs their bytes plus four per name, not a `String` (and an allocation) each.

#[derive(Default)]
pub struct Names {
    buf: String,
    ends: Vec<u32>,
}

impl Names {
    /// The names, sorted (byte order, as `ls` prints them).
    pub fn sorted(mut names: Vec<String>) -> Names {
        names.sort_unstable();
        let mut out = Names {
            buf: String::with_capacity(names.iter().map(String::len).sum()),
            ends: Vec::with_capacity(names.len()),
        };
        for n in names {
            out.push(&n);
        }
        out
    }

    pub fn one(name: &str) -> Names {
        let mut out = Names::default();
        out.push(name);
        out
    }

    fn push(&mut self, name: &str) {
        self.buf.push_str(name);
        self.ends.push(self.buf.len() as u32);
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.buf[start..self.ends[i] as usize]
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
}
