//! completions/ holds generated shell completion scripts; this fails when they drift from the
//! clap definition. Regenerate with `ZKSH_UPDATE_COMPLETIONS=1 cargo test --test completions`.

use clap::CommandFactory;
use clap_complete::Shell;

#[test]
fn completions_match_the_clap_definition() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("ZKSH_UPDATE_COMPLETIONS").is_some();
    let mut drifted = Vec::new();
    for (shell, file) in [
        (Shell::Bash, "zksh.bash"),
        (Shell::Zsh, "_zksh"),
        (Shell::Fish, "zksh.fish"),
        (Shell::Elvish, "zksh.elv"),
        (Shell::PowerShell, "_zksh.ps1"),
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut zksh::cli::Cli::command(), "zksh", &mut buf);
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &buf).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&buf[..]) {
            drifted.push(file);
        }
    }
    assert!(
        drifted.is_empty(),
        "completions drifted from the CLI: {drifted:?}; run ZKSH_UPDATE_COMPLETIONS=1 cargo test --test completions"
    );
}
