//! ZooKeeper's quota records (StatsTrack), kept exactly as zkCli 3.8 writes and reads them.

use std::collections::BTreeMap;
use std::fmt;

pub const COUNT: &str = "count";
pub const BYTES: &str = "bytes";
pub const COUNT_HARD: &str = "countHardLimit";
pub const BYTES_HARD: &str = "byteHardLimit";

/// ZooKeeper's StatsTrack: `key=value` pairs, where a missing key reads as -1. It prints as
/// `count=C,bytes=B` and, when there are more keys, `=;key=value...` in key order: the odd `=`
/// keeps the string readable by 3.4's parser, and zkCli.sh reads back exactly this.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StatsTrack(BTreeMap<String, i64>);

impl StatsTrack {
    /// Parses as the server does: pairs separated by `,` or `;`; an empty value is -1; broken
    /// pairs are skipped.
    pub fn parse(s: &str) -> StatsTrack {
        let mut m = BTreeMap::new();
        for pair in s.split([',', ';']).filter(|p| !p.is_empty()) {
            // Java's split("=") drops trailing empty fields, so "bytes=5=" is bytes 5.
            let mut kv = pair.split('=');
            let (Some(k), Some(v)) = (kv.next(), kv.next()) else {
                continue;
            };
            let v = if v.is_empty() { Ok(-1) } else { v.parse() };
            if let (false, Ok(v)) = (k.is_empty(), v) {
                m.insert(k.to_string(), v);
            }
        }
        StatsTrack(m)
    }

    pub fn get(&self, key: &str) -> i64 {
        self.0.get(key).copied().unwrap_or(-1)
    }

    pub fn set(&mut self, key: &str, v: i64) {
        self.0.insert(key.to_string(), v);
    }

    /// Every key, the two zkCli always prints included.
    pub fn entries(&self) -> impl Iterator<Item = (&str, i64)> {
        let always = [COUNT, BYTES]
            .into_iter()
            .filter(|k| !self.0.contains_key(*k));
        always
            .map(|k| (k, -1))
            .chain(self.0.iter().map(|(k, v)| (k.as_str(), *v)))
    }
}

impl fmt::Display for StatsTrack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{COUNT}={},{BYTES}={}", self.get(COUNT), self.get(BYTES))?;
        let rest: Vec<_> = self
            .0
            .iter()
            .filter(|(k, _)| *k != COUNT && *k != BYTES)
            .collect();
        if !rest.is_empty() {
            f.write_str("=")?;
        }
        for (k, v) in rest {
            write!(f, ";{k}={v}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_track_prints_as_zookeeper_3_8() {
        let mut q = StatsTrack::default();
        for (k, v) in [(COUNT, -1), (BYTES, -1), (COUNT_HARD, 2), (BYTES_HARD, -1)] {
            q.set(k, v);
        }
        assert_eq!(
            q.to_string(),
            "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=2"
        );
        assert_eq!(
            StatsTrack::parse("count=3,bytes=0").to_string(),
            "count=3,bytes=0"
        );
        assert_eq!(StatsTrack::default().to_string(), "count=-1,bytes=-1");
    }

    #[test]
    fn stats_track_parses_what_it_prints_and_old_formats() {
        let s = "count=5,bytes=100=;byteHardLimit=10;countHardLimit=-1";
        let t = StatsTrack::parse(s);
        assert_eq!(t.get(BYTES), 100);
        assert_eq!(t.get(BYTES_HARD), 10);
        assert_eq!(t.to_string(), s);
        assert_eq!(StatsTrack::parse("count=1,bytes=").get(BYTES), -1);
        assert_eq!(StatsTrack::parse("garbage").get(COUNT), -1);
    }
}
