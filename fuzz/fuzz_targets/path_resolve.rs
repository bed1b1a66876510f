//! Path resolution: the first line is a path that becomes the current node (if valid), the rest
//! is resolved against it. Ok means a valid absolute path that resolves to itself. The rest is
//! also tried as the chroot of a connect string.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zksh::error::Error;
use zksh::path::{check_chroot, join, name, parent, resolve};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (cwd, input) = text.split_once('\n').unwrap_or(("/", text));
    let cwd = resolve("/", cwd).unwrap_or_else(|_| "/".into());
    match resolve(&cwd, input) {
        Ok(p) => {
            assert!(p.starts_with('/'), "{p:?}");
            assert!(p == "/" || !p.ends_with('/'), "{p:?}");
            assert!(!p.contains('\0'), "{p:?}");
            assert!(
                p == "/"
                    || p[1..]
                        .split('/')
                        .all(|s| !s.is_empty() && s != "." && s != "..")
            );
            assert_eq!(resolve(&cwd, &p).unwrap(), p);
            assert_eq!(resolve("/", &p).unwrap(), p);
            if let Some(up) = parent(&p) {
                assert_eq!(join(up, name(&p)), p);
            }
        }
        Err(Error::Usage(msg)) => assert!(!msg.is_empty()),
        Err(e) => panic!("resolve gave a non-usage error: {e:?}"),
    }
    // The same text as the chroot of a connect string: accepted only in normal form.
    let servers = format!("h:1,tcp://h{input}");
    match check_chroot(&servers) {
        Ok(()) if input.starts_with('/') && !input.contains(',') && !input.contains("://") => {
            assert_eq!(resolve("/", input).unwrap(), input)
        }
        Ok(()) => {}
        Err(Error::Usage(_)) => {}
        Err(e) => panic!("check_chroot gave a non-usage error: {e:?}"),
    }
});
