//! `commands!`: the `Command` enum, and a clap builder for each of its commands alone.
//!
//! A one-shot `zksh get /a` needs clap's grammar for `get` only. Building all 57 commands (each a
//! `clap::Command`, pushed into a vector that grows by copying) was a third of the argv parse:
//! 80,000 of its 262,000 instructions and a dozen fresh heap pages (callgrind, perf; issue 10).
//! So the one list of commands generates, beside the enum, an enum per command holding only
//! that variant, with the same attributes: clap's derive gives it exactly the subcommand the
//! full enum has (name, aliases, about, arguments), and `Command::augment_named` adds just that
//! one to a root. Parsing with it gives the same `Command` (the full enum's `FromArgMatches`
//! matches the subcommand by name); whatever it cannot parse is parsed again with every
//! command, so errors, suggestions and help stay the full grammar's (see `argv::try_parse`).

macro_rules! commands {
    (
        #[command $shared:tt]
        pub enum $Enum:ident {
            $( $(#[$meta:meta])* $Variant:ident $( ( $Args:ty ) )? ),* $(,)?
        }
    ) => {
        // No doc comment: clap would make it the root command's `about`.
        #[derive(clap::Subcommand, Debug, Clone)]
        #[command $shared]
        pub enum $Enum {
            $( $(#[$meta])* $Variant $( ( $Args ) )? ),*
        }

        /// One enum per command, each holding only that command (see `command::named`).
        #[allow(dead_code)]
        mod alone {
            use super::*;
            $(
                #[derive(clap::Subcommand)]
                #[command $shared]
                pub enum $Variant {
                    $(#[$meta])* $Variant $( ( $Args ) )?
                }
            )*
        }

        impl $Enum {
            /// `root` with the one command that `word` names (its name or an alias) as its only
            /// subcommand; `None` when no command has that name.
            pub fn augment_named(root: clap::Command, word: &str) -> Option<clap::Command> {
                use clap::Subcommand;
                // Called through pointers: inlined into one function, the 57 builders made a
                // 12 KiB stack frame, three fresh stack pages for every one-shot run.
                type Named = (fn(&str) -> bool, fn(clap::Command) -> clap::Command);
                const ALL: &[Named] = &[
                    $( (alone::$Variant::has_subcommand, alone::$Variant::augment_subcommands), )*
                ];
                ALL.iter().find(|(has, _)| has(word)).map(|(_, augment)| augment(root))
            }
        }
    };
}
