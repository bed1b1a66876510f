//! One-shot argv (`zksh -s HOST get /a`): parsed with zksh's options and the one command it
//! names, else with the whole grammar; zkCli spellings (`ls2`, `reconfig -add`) and zksh's own
//! options after the command (`zksh get /a -o json`) are tried when argv does not parse as given;
//! a bad argv ends the process with clap's text, or JSON with `-o json`. REPL lines never see
//! this: their grammar has no global options.

use std::ffi::OsString;

use clap::error::{ContextKind, ContextValue};
use clap::{Arg, Args, CommandFactory, FromArgMatches};

use crate::cli::{Cli, Format};
use crate::command::{self, Command};
use crate::error::Error;

/// Parses argv; zkCli spellings that are not plain clap aliases (`ls2`) work here as on a line.
pub fn parse(argv: Vec<OsString>) -> Cli {
    let e = match try_parse(&argv) {
        Ok(cli) => return cli,
        Err(e) => e,
    };
    let rewritten = match e.get(ContextKind::InvalidSubcommand) {
        Some(ContextValue::String(name)) => command::rewrite_argv_alias(&argv, name),
        _ => command::rewrite_argv_flags(&argv),
    };
    let (argv, e) = match rewritten {
        Some(argv) => match try_parse(&argv) {
            Ok(cli) => return cli,
            Err(e) => (argv, e),
        },
        None => (argv, e),
    };
    // Global flags after the command (`zksh get /a -o json`); help and version are shown as asked.
    let shown = matches!(
        e.kind(),
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion
    );
    if !shown {
        for moved in hoisted(&argv) {
            if let Ok(cli) = try_parse(&moved) {
                return cli;
            }
        }
    }
    argv_error(e, &argv)
}

/// `Cli::try_parse_from`, quicker: first with zksh's options and only the command that argv
/// names, which is all a one-shot command needs. Building all 57 commands was a third of the
/// parse (80,000 of 262,000 instructions, callgrind; issue 10). Whatever that does not parse (an
/// error, help, an alias, no command) is parsed again with every command, so what clap then
/// says is the whole grammar's; what it does parse, the whole grammar parses alike (the root
/// has no positionals, so the command word is the same, and `Cli` takes the command by name).
fn try_parse(argv: &[OsString]) -> std::result::Result<Cli, clap::Error> {
    match named_tree(argv).map(|tree| parse_with(tree, argv)) {
        Some(Ok(cli)) => Ok(cli),
        _ => parse_with(Cli::command(), argv),
    }
}

/// zksh's options and the one command that `argv` names, if it names one by its name.
fn named_tree(argv: &[OsString]) -> Option<clap::Command> {
    let root = options_only();
    let word = command_word(argv, &root)?;
    Command::augment_named(root, word)
}

/// The root command with zksh's options and no command.
fn options_only() -> clap::Command {
    crate::cli::Options::augment_args(clap::Command::new(crate::cli::NAME))
}

/// Parses `argv` with `tree`, which is left to the process's end instead of being freed: its
/// drop was a seventh of the parse (41,000 of 304,000 instructions, callgrind; issue 10).
fn parse_with(tree: clap::Command, argv: &[OsString]) -> std::result::Result<Cli, clap::Error> {
    let tree = Box::leak(Box::new(tree));
    let mut matches = tree.try_get_matches_from_mut(argv)?;
    Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(tree))
}

/// Ends the process on a bad argv: clap's own text, or with `-o json` the JSON error of SPEC §4.
fn argv_error(e: clap::Error, argv: &[OsString]) -> ! {
    use clap::error::ErrorKind;
    let shown = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion);
    // Parse again leniently, only to learn whether JSON output was asked for (also after the
    // command: `zksh get /a --bogus -o json`).
    let asks_json = |argv: &[OsString]| {
        Cli::command()
            .ignore_errors(true)
            .try_get_matches_from(argv)
            .ok()
            .and_then(|m| m.get_one::<Format>("output").copied())
            == Some(Format::Json)
    };
    let json = !shown && (asks_json(argv) || hoisted(argv).iter().any(|a| asks_json(a)));
    if !json {
        e.exit()
    }
    let text = e.render().to_string();
    let msg = text.trim_end().trim_start_matches("error: ");
    eprintln!("{}", Error::usage(msg).to_json());
    std::process::exit(2)
}

/// One global option found after the command: where, and how many words it takes.
struct Found {
    at: usize,
    len: usize,
}

/// Candidate rewrites of `argv`, most likely first: move the global options the command cannot
/// mean (its own flags win), then every one (zksh's own options win). Empty when no global
/// option follows the command.
fn hoisted(argv: &[OsString]) -> Vec<Vec<OsString>> {
    // Built: the commands' own arguments are deferred (see `command::Command`).
    let mut cli = Cli::command();
    cli.build();
    let globals: Vec<&Arg> = cli
        .get_arguments()
        .filter(|a| !a.is_positional() && !matches!(a.get_id().as_str(), "help" | "version"))
        .collect();
    let Some(sub_at) = command_position(argv, &globals) else {
        return Vec::new();
    };
    let Some(sub) = argv[sub_at]
        .to_str()
        .and_then(|name| cli.find_subcommand(name))
    else {
        return Vec::new();
    };
    let own: Vec<&Arg> = sub.get_arguments().collect();
    let mut out: Vec<Vec<OsString>> = Vec::new();
    for own_first in [true, false] {
        let found = scan(argv, sub_at + 1, &globals, &own, own_first);
        if found.is_empty() {
            continue;
        }
        let moved = rewrite(argv, sub_at, &found);
        if !out.contains(&moved) {
            out.push(moved);
        }
    }
    out
}

/// The global options in `argv[from..]`; with `own_first` a spelling the command has is its own.
fn scan(
    argv: &[OsString],
    from: usize,
    globals: &[&Arg],
    own: &[&Arg],
    own_first: bool,
) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = from;
    while i < argv.len() {
        let Some(word) = argv[i].to_str() else {
            i += 1;
            continue;
        };
        if word == "--" {
            break;
        }
        let mine = option(word, own);
        match (option(word, globals), mine) {
            (_, Some(arg)) if own_first => i += tokens(word, arg),
            (Some(arg), _) => {
                let len = tokens(word, arg);
                found.push(Found { at: i, len });
                i += len;
            }
            (None, Some(arg)) => i += tokens(word, arg),
            (None, None) => i += 1,
        }
    }
    found
}

/// The command `argv` names, if it names one: the first word that is neither one of `root`'s
/// options nor an option's value (`zksh -s HOST get /a`: `get`).
fn command_word<'a>(argv: &'a [OsString], root: &clap::Command) -> Option<&'a str> {
    let options: Vec<&Arg> = root
        .get_arguments()
        .filter(|a| !a.is_positional())
        .collect();
    argv.get(command_position(argv, &options)?)?.to_str()
}

/// Where the command name is: the first word that is neither a global option nor its value.
fn command_position(argv: &[OsString], globals: &[&Arg]) -> Option<usize> {
    let mut i = 1;
    while i < argv.len() {
        let word = argv[i].to_str()?;
        match option(word, globals) {
            Some(arg) => i += tokens(word, arg),
            None if word.starts_with('-') => return None,
            None => return Some(i),
        }
    }
    None
}

/// The option `word` spells (`--name`, `--name=v`, `-x`, `-xVALUE`), if one of `args`.
fn option<'a>(word: &str, args: &[&'a Arg]) -> Option<&'a Arg> {
    if let Some(long) = word.strip_prefix("--") {
        let name = long.split('=').next().unwrap_or(long);
        return args.iter().copied().find(|a| {
            a.get_long() == Some(name) || a.get_all_aliases().is_some_and(|al| al.contains(&name))
        });
    }
    let mut chars = word.strip_prefix('-')?.chars();
    let c = chars.next()?;
    args.iter().copied().find(|a| a.get_short() == Some(c))
}

/// How many argv words the option takes: 2 when its value is the next word.
fn tokens(word: &str, arg: &Arg) -> usize {
    let inline = word.contains('=') || (!word.starts_with("--") && word.len() > 2);
    if arg.get_action().takes_values() && !inline {
        2
    } else {
        1
    }
}

fn rewrite(argv: &[OsString], sub_at: usize, moved: &[Found]) -> Vec<OsString> {
    let mut out = argv[..sub_at].to_vec();
    let mut rest = Vec::new();
    let mut i = sub_at;
    while i < argv.len() {
        match moved.iter().find(|f| f.at == i) {
            Some(f) => {
                let end = (i + f.len).min(argv.len());
                out.extend_from_slice(&argv[i..end]);
                i = end;
            }
            None => {
                rest.push(argv[i].clone());
                i += 1;
            }
        }
    }
    out.extend(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<OsString> {
        s.split(' ').map(OsString::from).collect()
    }

    fn first(s: &str) -> Vec<String> {
        hoisted(&argv(s))[0]
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    /// The parse `try_parse` tries first, and the whole grammar's.
    fn both(argv: &[OsString]) -> (Option<String>, Option<String>) {
        let named = named_tree(argv)
            .and_then(|tree| parse_with(tree, argv).ok())
            .map(|cli| format!("{cli:?}"));
        let whole = parse_with(Cli::command(), argv)
            .ok()
            .map(|cli| format!("{cli:?}"));
        (named, whole)
    }

    #[test]
    fn every_command_alone_is_the_whole_grammars_command() {
        let mut whole = Cli::command();
        whole.build();
        for sub in whole.get_subcommands() {
            let name = sub.get_name();
            let mut alone = Command::augment_named(options_only(), name)
                .unwrap_or_else(|| panic!("no grammar of its own for {name}"));
            alone.build();
            let only: Vec<_> = alone.get_subcommands().collect();
            assert_eq!(only.len(), 1, "{name}");
            // The place in `zksh help`'s list is all that may differ: help comes from the whole.
            let shown = |c: &clap::Command| format!("{:?}", c.clone().display_order(0));
            assert_eq!(shown(only[0]), shown(sub), "{name}");
        }
    }

    #[test]
    fn argv_parses_alike_with_its_command_alone_or_every_command() {
        let mut whole = Cli::command();
        whole.build();
        let before = [
            "",
            "-s h:1 ",
            "-q -k --timeout 2s -o json ",
            "--server=h:1 -r ",
        ];
        let mut parsed = 0;
        for sub in whole.get_subcommands() {
            // The command with each required positional given, then with its flags too.
            let required: Vec<&str> = sub
                .get_positionals()
                .filter(|a| a.is_required_set())
                .map(|_| "/a")
                .collect();
            for opts in before {
                for extra in ["", " -R", " -w /b", " -- x"] {
                    let line = format!(
                        "zksh {opts}{} {}{extra}",
                        sub.get_name(),
                        required.join(" ")
                    );
                    let words: Vec<OsString> =
                        line.split_whitespace().map(OsString::from).collect();
                    let (named, all) = both(&words);
                    if all.is_some() {
                        parsed += 1;
                        assert_eq!(named, all, "{line}");
                    }
                }
            }
        }
        assert!(parsed > 200, "only {parsed} argvs parsed");
        // What the first parse leaves alone: no command, an alias, help.
        for line in [
            "zksh",
            "zksh -s h:1",
            "zksh rm /a",
            "zksh ls2 /a",
            "zksh get --help",
        ] {
            let words = argv(line);
            let (named, _) = both(&words);
            assert!(named.is_none(), "{line}");
        }
    }

    #[test]
    fn global_options_after_the_command_move_in_front() {
        assert_eq!(
            first("zksh get /a -o json"),
            ["zksh", "-o", "json", "get", "/a"]
        );
        assert_eq!(
            first("zksh -q get /a --timeout=2s -k"),
            ["zksh", "-q", "--timeout=2s", "-k", "get", "/a"]
        );
        // `ls -s` is ls's own flag: it moves only in the second candidate.
        let all = hoisted(&argv("zksh ls / -s host:1 -o json"));
        assert_eq!(all[0], argv("zksh -o json ls / -s host:1"));
        assert_eq!(all[1], argv("zksh -s host:1 -o json ls /"));
        assert!(hoisted(&argv("zksh ls /")).is_empty());
        assert!(hoisted(&argv("zksh lock /l -- get -o x")).is_empty());
    }
}
