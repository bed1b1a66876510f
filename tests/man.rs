//! man/ holds the man pages generated from the clap definitions with clap_mangen: `zksh.1` (the
//! program's options and the list of commands) and one `zksh-COMMAND.1` per command, git-style;
//! this fails when they drift from the CLI. Regenerate with
//! `ZKSH_UPDATE_MAN=1 cargo test --test man`.

use clap::CommandFactory;

/// What clap does not know, at the end of `zksh.1`.
const EXTRA: &str = r#".SH "EXIT STATUS"
.TP
0
success
.TP
1
other failure
.TP
2
usage error (bad flag, bad path syntax, a value \fBset \-\-json\fR refuses)
.TP
3
node does not exist
.TP
4
node already exists
.TP
5
version mismatch
.TP
6
node not empty
.TP
7
not authorised
.TP
8
connection lost, timed out, or session expired
.TP
130
interrupted (Ctrl\-C)
.TP
129, 143
stopped by SIGHUP, SIGTERM (a bulk operation reports what it did first)
.SH ENVIRONMENT
.TP
\fBZKSH_CONFIG\fR
the config file (default \fI$XDG_CONFIG_HOME/zksh/config.toml\fR, \fI~/.config/zksh/config.toml\fR)
.TP
\fBZKSH_CONTEXT\fR
the context to use, as \fB\-\-context\fR
.TP
\fBZKSH_SERVER\fR
servers, as \fB\-s\fR
.TP
\fBZKSH_AUTH\fR
SCHEME:CRED lines, as \fB\-\-auth\fR
.TP
\fBZKSH_SASL_PASSWORD\fR
the password of \fB\-\-sasl\-user\fR
.TP
\fBZKSH_JUTE_MAXBUFFER\fR
as \fB\-\-jute\-maxbuffer\fR
.TP
\fBZKSH_HISTORY\fR
the REPL's history file (default \fI$XDG_STATE_HOME/zksh/history\fR)
.TP
\fBVISUAL\fR, \fBEDITOR\fR
the editor of \fBedit\fR
.TP
\fBNO_COLOR\fR
no colour with \fB\-\-color auto\fR
.TP
\fBZOOKEEPER_HOME\fR, \fBZK_JAVA_OPTS\fR
the server \fB\-\-sandbox\fR starts, and its JVM options
.SH FILES
.TP
\fI~/.config/zksh/config.toml\fR
contexts (\fB[contexts.NAME]\fR) and per\-path value encodings (\fB[decode]\fR, e.g.
\fB"/app/**" = "gzip+json"\fR)
.SH VALUES
On a terminal \fBget\fR shows a value decoded (gzip and zlib inflated, JSON pretty and
coloured) and says so on stderr; a pipe or file gets the exact stored bytes unless
\fB\-\-decode\fR or \fB\-\-as\fR asks otherwise. See \fBzksh\-get\fR(1).
.SH "SEE ALSO"
\fBzksh\-get\fR(1), \fBzkCli.sh\fR, https://zookeeper.apache.org/
"#;

/// Every page: (file name, roff). The version is the crate's alone: the git revision in
/// `--version` would make the pages drift with every commit.
fn pages() -> Vec<(String, Vec<u8>)> {
    let version = env!("CARGO_PKG_VERSION");
    let cmd = zksh::cli::Cli::command().version(version);
    let mut pages = Vec::new();
    let mut render = |file: String, cmd: clap::Command| {
        let mut buf = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut buf).unwrap();
        pages.push((file, buf));
    };
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        // clap takes owned names only with its `string` feature; a test can leak a few.
        let name: &'static str = Box::leak(format!("zksh-{}", sub.get_name()).into_boxed_str());
        let page = sub
            .clone()
            .name(name)
            .bin_name(format!("zksh {}", sub.get_name()));
        render(format!("{name}.1"), page);
    }
    render("zksh.1".into(), cmd);
    pages
        .last_mut()
        .unwrap()
        .1
        .extend_from_slice(EXTRA.as_bytes());
    pages
}

#[test]
fn man_pages_match_the_clap_definition() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("man");
    let update = std::env::var_os("ZKSH_UPDATE_MAN").is_some();
    let pages = pages();
    let mut drifted = Vec::new();
    for (file, roff) in &pages {
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, roff).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(&roff[..]) {
            drifted.push(file.clone());
        }
    }
    // A page of a command that is gone is drift too.
    let expected: Vec<&str> = pages.iter().map(|(f, _)| f.as_str()).collect();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".1") && !expected.contains(&name.as_str()) {
            if update {
                std::fs::remove_file(entry.path()).unwrap();
            } else {
                drifted.push(name);
            }
        }
    }
    assert!(
        drifted.is_empty(),
        "man pages drifted from the CLI: {drifted:?}; run ZKSH_UPDATE_MAN=1 cargo test --test man"
    );
}

#[test]
fn the_main_page_names_every_command() {
    let main = pages().pop().unwrap().1;
    let main = String::from_utf8(main).unwrap();
    for c in ["get", "set", "edit", "grep", "deleteall"] {
        assert!(
            main.contains(&format!("zksh\\-{c}(1)")),
            "{c} missing from zksh.1"
        );
    }
}
