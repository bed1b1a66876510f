//! Reads a member's `cons` answer into (session id, client address) pairs, so `locks` can say
//! where a holder connects from.

/// `(session id, client address)` for every connection line of a `cons` answer, such as
/// ` /127.0.0.1:54360[1](queued=0,recved=1,sent=1,sid=0x1000a1b2c3d0000,lop=SESS,...)`.
pub fn sessions(answer: &str) -> Vec<(i64, String)> {
    answer
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            let addr = l.strip_prefix('/')?.split('[').next()?;
            let sid = l
                .split(['(', ',', ')'])
                .find_map(|f| f.strip_prefix("sid=0x"))?;
            let sid = u64::from_str_radix(sid, 16).ok()? as i64;
            Some((sid, addr.to_string()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_lines_give_session_and_address() {
        let a = " /127.0.0.1:54360[1](queued=0,recved=1,sent=1,sid=0x1000a1b2c3d0000,lop=SESS,est=1,to=30000)\n \
                 /[0:0:0:0:0:0:0:1]:40000[0](queued=0,recved=1,sent=0)\n\n";
        assert_eq!(
            sessions(a),
            vec![(0x1000a1b2c3d0000, "127.0.0.1:54360".to_string())]
        );
        assert_eq!(sessions(" /10.0.0.2:1[1](sid=0xffffffffffffffff)")[0].0, -1);
    }
}
