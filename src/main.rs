//! zksh's entry point: everything happens in `zksh::run`.
//!
//! On Unix `main` is the C entry point itself (`no_main`): std's wrapper around a Rust `fn main`
//! spent about 110,000 instructions of every run reading /proc/self/maps, to place a guard
//! for the main thread's stack: 0.08 ms of CPU in a one-shot `get` (issue 10). What zksh needs
//! of that wrapper, `zksh::start` does.
#![cfg_attr(unix, no_main)]

#[cfg(unix)]
#[unsafe(no_mangle)]
extern "C" fn main(argc: std::ffi::c_int, argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    // SAFETY: argc and argv as the C runtime hands them to `main`.
    let args = unsafe { zksh::start::args(argc, argv) };
    zksh::start::process();
    // `exit` flushes stdout, as returning from a Rust `fn main` would.
    std::process::exit(zksh::run::main(args).into())
}

#[cfg(not(unix))]
fn main() {
    std::process::exit(zksh::run::main(std::env::args_os().collect()).into())
}
