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

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
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
