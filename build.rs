//! Build script.
//!
//! - The git revision zksh is built from, for `zksh --version` and `version`. `$ZKSH_GIT_REV`
//!   sets it (for builds from a tarball); without git, or with a repository git cannot read, it
//!   is "unknown" and the build goes on.
//! - On Linux the binary is linked position-dependent (issue 10: one-shot start-up at the
//!   floor). As a PIE, the dynamic loader applies ~22,700 relative relocations at every start
//!   and copies each page of `.data.rel.ro` it writes (~110 page faults, most of the start-up
//!   gap to a plain program on the same client crate); fixed at link time, those pages stay
//!   shared and untouched. The cost is ASLR for the binary's own text and data (libraries, heap
//!   and stacks are still randomised).
//! - Release builds lay out the functions a one-shot command runs side by side at the start of
//!   .text (`link/startup.order`, made by `scripts/startup-order`; issue 10): a one-shot `get`
//!   then faults in about 14 pages of code instead of 54 scattered over 7 MB. Only where the
//!   linker takes lld's `--symbol-ordering-file` (rustc's own lld, the default on x86_64 Linux
//!   since Rust 1.90), which a test link finds out; elsewhere the build goes on without it.

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !s.is_empty()).then_some(s)
}

/// Builds again when `git_path` (a file in the git directory) changes, if it exists: cargo
/// would rerun this script on every build for a missing one.
fn watch(git_path: &str) {
    if let Some(f) = git(&["rev-parse", "--git-path", git_path])
        && std::path::Path::new(&f).exists()
    {
        println!("cargo:rerun-if-changed={f}");
    }
}

/// The linker flags that order start-up code by `list`, if a test link with them succeeds: GNU
/// ld and gold refuse the option, and a failed link of zksh would say less than this quiet probe.
/// The probe links as rustc will link zksh: same target, same `RUSTFLAGS`, same linker setting.
fn symbol_ordering(list: &Path) -> Option<[String; 2]> {
    let flags = [
        format!("-Wl,--symbol-ordering-file={}", list.display()),
        // A function the list names that this build does not have (renamed, another version
        // of a dependency) only stays where it was; lld would warn about each one.
        "-Wl,--no-warn-symbol-ordering".to_string(),
    ];
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR")?);
    let src = out.join("probe.rs");
    std::fs::write(&src, "fn main() {}\n").ok()?;
    let target = std::env::var("TARGET").ok()?;
    let mut rustc = Command::new(std::env::var_os("RUSTC")?);
    rustc
        .arg("--target")
        .arg(&target)
        .arg("-o")
        .arg(out.join("probe"));
    if let Ok(encoded) = std::env::var("CARGO_ENCODED_RUSTFLAGS") {
        rustc.args(encoded.split('\x1f').filter(|f| !f.is_empty()));
    }
    let var = format!(
        "CARGO_TARGET_{}_LINKER",
        target.to_uppercase().replace('-', "_")
    );
    println!("cargo:rerun-if-env-changed={var}");
    if let Ok(linker) = std::env::var(var) {
        rustc.arg("-C").arg(format!("linker={linker}"));
    }
    for f in &flags {
        rustc.arg("-C").arg(format!("link-arg={f}"));
    }
    let ok = rustc.arg(&src).output().is_ok_and(|o| o.status.success());
    ok.then_some(flags)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
        let list = Path::new(&std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default())
            .join("link/startup.order");
        println!("cargo:rerun-if-changed={}", list.display());
        println!("cargo:rerun-if-env-changed=CARGO_ENCODED_RUSTFLAGS");
        let release = std::env::var("PROFILE").as_deref() == Ok("release");
        if let Some(flags) = (release && list.exists())
            .then(|| symbol_ordering(&list))
            .flatten()
        {
            for f in flags {
                println!("cargo:rustc-link-arg-bins={f}");
            }
        }
    }
    println!("cargo:rerun-if-env-changed=ZKSH_GIT_REV");
    let rev = std::env::var("ZKSH_GIT_REV")
        .ok()
        .filter(|r| !r.trim().is_empty())
        .or_else(|| {
            let rev = git(&["rev-parse", "--short=12", "HEAD"])?;
            // HEAD moves when it is switched, or when the branch it names gets a commit.
            watch("HEAD");
            watch("packed-refs");
            if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
                watch(&branch);
            }
            Some(rev)
        });
    println!(
        "cargo:rustc-env=ZKSH_GIT_REV={}",
        rev.unwrap_or_else(|| "unknown".into())
    );
}
