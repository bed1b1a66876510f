//! Build script: the git revision zksh is built from, for `zksh --version` and `version`.
//! `$ZKSH_GIT_REV` sets it (for builds from a tarball); without git, or with a repository git
//! cannot read, it is "unknown" and the build goes on.

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
