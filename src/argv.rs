//! Global flags after the command in one-shot argv (`zksh get /a -o json`, `zksh ls / -s HOST`):
//! when argv does not parse as given, zksh's own options found after the command move in front
//! of it. REPL lines never see this: their grammar has no global options.

use std::ffi::OsString;

use clap::{Arg, CommandFactory};

use crate::cli::Cli;

/// One global option found after the command: where, and how many words it takes.
struct Found {
    at: usize,
    len: usize,
}

/// Candidate rewrites of `argv`, most likely first: move the global options the command cannot
/// mean (its own flags win), then every one (zksh's own options win). Empty when no global
/// option follows the command.
pub fn hoisted(argv: &[OsString]) -> Vec<Vec<OsString>> {
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
