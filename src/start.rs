//! What a process needs before zksh runs, done by hand because `main` is the C entry point
//! (see `main.rs`): argv, and the part of std's own start-up that zksh relies on.
//!
//! Left out of std's start-up: the handler that prints "thread 'main' has overflowed its
//! stack" before aborting. A stack overflow (always a bug) still stops the process, by SIGSEGV.

use std::ffi::{CStr, OsString, c_char, c_int};
use std::os::unix::ffi::OsStrExt;

/// The arguments as `main` received them.
///
/// # Safety
/// `argv` must point to `argc` valid NUL-terminated strings, as the C runtime passes them.
pub unsafe fn args(argc: c_int, argv: *const *const c_char) -> Vec<OsString> {
    (0..usize::try_from(argc).unwrap_or(0))
        .map(|i| {
            // SAFETY: the caller's promise: argv[i] for i < argc is a C string.
            let arg = unsafe { CStr::from_ptr(*argv.add(i)) };
            std::ffi::OsStr::from_bytes(arg.to_bytes()).to_os_string()
        })
        .collect()
}

/// std's start-up, the parts zksh depends on; called first, on the only thread.
pub fn process() {
    open_standard_fds();
    // A closed pipe is an error on the write (EPIPE), so `zksh ls -R / | head` ends quietly
    // instead of being killed. std resets it for the processes zksh starts.
    // SAFETY: setting a signal's disposition; no other thread exists yet.
    unsafe { libc::signal(libc::SIGPIPE, libc::SIG_IGN) };
}

/// Opens /dev/null on any of fds 0-2 that the caller closed (`zksh ... >&-`): else the first
/// file zksh opens would take that number, and output meant for stdout would be written into it.
fn open_standard_fds() {
    for fd in 0..3 {
        // SAFETY: fcntl(2) F_GETFD on a plain number only asks whether it is open; open(2) of a
        // constant path takes the lowest free number, which is `fd`.
        unsafe {
            if libc::fcntl(fd, libc::F_GETFD) == -1 {
                libc::open(c"/dev/null".as_ptr(), libc::O_RDWR);
            }
        }
    }
}
