//! Splits a REPL or script line into commands and words: POSIX-like quoting, `;` and newlines
//! between commands, `#` comments. Pure, so it is unit-tested without a server.

/// A line that cannot be split (an unterminated quote or a trailing backslash).
#[derive(Debug, PartialEq, Eq)]
pub struct SplitError(pub String);

/// Splits `line` into commands, each a list of words. Empty commands are dropped.
pub fn split(line: &str) -> Result<Vec<Vec<String>>, SplitError> {
    let mut commands = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    // A word exists once anything (even an empty pair of quotes) started it.
    let mut in_word = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(SplitError("unterminated single quote".into())),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some('n') => word.push('\n'),
                            Some('t') => word.push('\t'),
                            Some(c @ ('"' | '\\' | '$' | '`')) => word.push(c),
                            Some('u') => unicode_escape(&mut chars, &mut word),
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err(SplitError("unterminated double quote".into())),
                        },
                        Some(c) => word.push(c),
                        None => return Err(SplitError("unterminated double quote".into())),
                    }
                }
            }
            '\\' => match chars.next() {
                Some(c) => {
                    in_word = true;
                    word.push(c);
                }
                None => return Err(SplitError("trailing backslash".into())),
            },
            '#' if !in_word => {
                // A comment runs to the end of its line; a newline still ends the command.
                if !chars.by_ref().any(|c| c == '\n') {
                    break;
                }
                end_command(&mut commands, &mut words, &mut word, &mut in_word);
            }
            ';' | '\n' => end_command(&mut commands, &mut words, &mut word, &mut in_word),
            c if c.is_whitespace() => end_word(&mut words, &mut word, &mut in_word),
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    end_command(&mut commands, &mut words, &mut word, &mut in_word);
    Ok(commands)
}

/// `\u{HEX}` inside double quotes (how the terminal shows a character it will not print raw);
/// anything else after `\u` stays as typed.
fn unicode_escape(chars: &mut std::str::Chars<'_>, word: &mut String) {
    let rest = chars.as_str();
    let parsed = rest
        .strip_prefix('{')
        .and_then(|r| r.split_once('}'))
        .and_then(|(hex, _)| u32::from_str_radix(hex, 16).ok().map(|u| (hex.len(), u)))
        .and_then(|(n, u)| char::from_u32(u).map(|c| (n, c)));
    match parsed {
        Some((n, c)) => {
            word.push(c);
            chars.nth(n + 1);
        }
        None => word.push_str("\\u"),
    }
}

fn end_word(words: &mut Vec<String>, word: &mut String, in_word: &mut bool) {
    if *in_word {
        words.push(std::mem::take(word));
        *in_word = false;
    }
}

fn end_command(
    commands: &mut Vec<Vec<String>>,
    words: &mut Vec<String>,
    word: &mut String,
    in_word: &mut bool,
) {
    end_word(words, word, in_word);
    if !words.is_empty() {
        commands.push(std::mem::take(words));
    }
}

/// Quotes a word so that `split` gives it back unchanged (used for completion and history).
pub fn quote(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_alphanumeric() || "/_-.:,@=+%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Like `quote`, but safe to show on a terminal: a word with characters the sanitiser escapes is
/// written in double quotes with `\u{HEX}` escapes, which `split` reads back.
pub fn quote_shown(word: &str) -> String {
    use crate::output::sanitize::is_unsafe;
    if !word.chars().any(is_unsafe) {
        return quote(word);
    }
    let mut out = String::from("\"");
    for c in word.chars() {
        match c {
            '"' | '\\' | '$' | '`' => {
                out.push('\\');
                out.push(c);
            }
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Where the word under the cursor starts, for completion: the byte offset just after the last
/// unquoted separator before `pos`.
pub fn word_start(line: &str, pos: usize) -> usize {
    let mut start = 0;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in line[..pos].char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match (quote, c) {
            (_, '\\') if quote != Some('\'') => escaped = true,
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if q == c => quote = None,
            (None, c) if c.is_whitespace() || c == ';' => start = i + c.len_utf8(),
            _ => {}
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(line: &str) -> Vec<String> {
        let mut cmds = split(line).unwrap();
        assert_eq!(cmds.len(), 1, "{line:?}");
        cmds.remove(0)
    }

    #[test]
    fn splits_words_and_quotes() {
        assert_eq!(
            one("create /a 'this is test!'"),
            ["create", "/a", "this is test!"]
        );
        assert_eq!(
            one(r#"set /a "x \"y\" \\ \n""#),
            ["set", "/a", "x \"y\" \\ \n"]
        );
        assert_eq!(one(r"set /a hello\ world"), ["set", "/a", "hello world"]);
        assert_eq!(one("set /a ''"), ["set", "/a", ""]);
        assert_eq!(one("get /a#b"), ["get", "/a#b"]);
    }

    #[test]
    fn separates_commands_and_drops_comments() {
        let cmds = split("create /a; get /a # comment ; not a command\nls /").unwrap();
        assert_eq!(
            cmds,
            vec![vec!["create", "/a"], vec!["get", "/a"], vec!["ls", "/"]]
        );
        assert!(split("   # only a comment").unwrap().is_empty());
        assert_eq!(one("set /a 'a;b'"), ["set", "/a", "a;b"]);
    }

    #[test]
    fn rejects_unterminated_quotes() {
        assert!(split("set /a 'oops").is_err());
        assert!(split("set /a \"oops").is_err());
        assert!(split("set /a oops\\").is_err());
    }

    #[test]
    fn quote_round_trips() {
        for w in [
            "plain",
            "with space",
            "it's",
            "",
            "a;b",
            "#x",
            "new\nline",
            "\"q\"",
        ] {
            assert_eq!(one(&format!("cmd {}", quote(w))), ["cmd", w]);
        }
    }

    #[test]
    fn shown_quotes_round_trip_and_hold_nothing_unsafe() {
        for w in ["/a\u{202E}b\u{2028}c", "x\"$\\\u{200B}", "plain"] {
            let q = quote_shown(w);
            assert!(!q.chars().any(crate::output::sanitize::is_unsafe), "{q}");
            assert_eq!(one(&format!("cmd {q}")), ["cmd", w]);
        }
        assert_eq!(one(r#"cmd "\u{zz}""#), ["cmd", r"\u{zz}"]);
    }

    #[test]
    fn finds_the_word_under_the_cursor() {
        assert_eq!(word_start("ls /ap", 6), 3);
        assert_eq!(word_start("get 'a b", 8), 4);
        assert_eq!(word_start("ls", 2), 0);
        assert_eq!(word_start("ls /a; get /b", 13), 11);
    }
}
