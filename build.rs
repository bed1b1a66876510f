//! Links the zksh binary as a position-dependent executable on Linux (issue 10: one-shot
//! start-up at the floor). As a PIE, the dynamic loader applies ~22,700 relative relocations at
//! every start and copies each page of `.data.rel.ro` it writes (~110 page faults, most of the
//! start-up gap to a plain program on the same client crate); fixed at link time, those pages
//! stay shared and untouched. The cost is ASLR for the binary's own text and data (libraries,
//! heap and stacks are still randomised).

fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
