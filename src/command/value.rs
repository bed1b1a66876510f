//! Where a node value comes from: a literal, `-` (all of stdin), `@FILE`, `--base64`, `--hex`.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};

use base64::Engine;
use clap::Args;

use crate::error::{Error, Result};

/// Set when the script itself comes from stdin: a `-` value would then read (and lose) the rest
/// of the script, so it is refused.
pub static STDIN_IS_SCRIPT: AtomicBool = AtomicBool::new(false);

/// Set while `ui` owns the terminal: its keys are the ui's, so nothing may read stdin or hand
/// it to a child (`$EDITOR` from the command pane) meanwhile.
pub static STDIN_IS_UI: AtomicBool = AtomicBool::new(false);

/// Set when stdin is a terminal: it can be read to its end (Ctrl-D) again and again.
pub static STDIN_IS_TTY: AtomicBool = AtomicBool::new(false);

/// Set once a command has read stdin (not a terminal) to its end: a second reader would get
/// nothing and write an empty value without a word, so it is refused.
static STDIN_READ: AtomicBool = AtomicBool::new(false);

/// Stdin belongs to one reader. `what` names the command that wants it (`value '-'`,
/// `import -`, `txn`, `edit`); it is refused (a usage error) when stdin is the script or an
/// earlier command already read it.
pub fn claim_stdin(what: &str) -> Result<()> {
    refuse_if_script(what)?;
    if !STDIN_IS_TTY.load(Ordering::Relaxed) && STDIN_READ.swap(true, Ordering::Relaxed) {
        return Err(Error::usage(format!(
            "{what}: stdin was already read by an earlier '-'; use @FILE or a file name"
        )));
    }
    Ok(())
}

/// Refuses `what` (which would read stdin, or hand it to a child such as `$EDITOR`) when stdin
/// is the script: it would swallow the script's remaining lines.
pub fn refuse_if_script(what: &str) -> Result<()> {
    if STDIN_IS_UI.load(Ordering::Relaxed) {
        return Err(Error::usage(format!(
            "{what}: the ui owns the terminal, so stdin cannot be read here; use @FILE or a file name (and the ui's `e` key to edit)"
        )));
    }
    if STDIN_IS_SCRIPT.load(Ordering::Relaxed) {
        return Err(Error::usage(format!(
            "{what}: stdin is the script here, so it cannot also be read as input; use @FILE or a file name"
        )));
    }
    Ok(())
}

/// All of stdin, raw, for the one reader allowed (see `claim_stdin`).
pub fn read_stdin(what: &str) -> Result<Vec<u8>> {
    claim_stdin(what)?;
    let mut buf = Vec::new();
    std::io::stdin().lock().read_to_end(&mut buf)?;
    Ok(buf)
}

#[derive(Args, Debug, Clone, Default)]
#[group(skip)]
pub struct ValueArgs {
    /// Value: literal text, '-' for all of stdin (raw bytes), @FILE for a file's bytes
    #[arg(allow_hyphen_values = true)]
    pub value: Option<String>,
    /// Value given in base64 (binary-safe)
    #[arg(long = "base64", value_name = "B64", conflicts_with = "value")]
    pub base64: Option<String>,
    /// Value given in hex (binary-safe)
    #[arg(long = "hex", value_name = "HEX", conflicts_with_all = ["value", "base64"])]
    pub hex: Option<String>,
    /// Refuse the value unless it is JSON (checked before --encode; exit 2, nothing sent)
    #[arg(long)]
    pub json: bool,
    /// Compress the value before sending it
    #[arg(long, value_enum, value_name = "ENC")]
    pub encode: Option<Compress>,
}

/// `--encode`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compress {
    Gzip,
    Zlib,
}

impl ValueArgs {
    /// The value's bytes as they are sent (checked by --json, compressed by --encode), or
    /// `None` when none was given.
    pub fn read(&self) -> Result<Option<Vec<u8>>> {
        let Some(data) = self.read_plain()? else {
            return Ok(None);
        };
        if self.json {
            crate::decode::json::check(&data).map_err(|e| {
                Error::usage(format!(
                    "--json: the value is not JSON ({e}); nothing was sent"
                ))
            })?;
        }
        Ok(Some(match self.encode {
            Some(Compress::Gzip) => crate::decode::encode(&data, &[crate::decode::Layer::Gzip]),
            Some(Compress::Zlib) => crate::decode::encode(&data, &[crate::decode::Layer::Zlib]),
            None => data,
        }))
    }

    /// The value's bytes as given.
    fn read_plain(&self) -> Result<Option<Vec<u8>>> {
        let data = if let Some(b) = &self.base64 {
            base64::engine::general_purpose::STANDARD
                .decode(b.trim())
                .map_err(|e| Error::usage(format!("--base64: {e}")))?
        } else if let Some(h) = &self.hex {
            decode_hex(h)?
        } else {
            match self.value.as_deref() {
                None => return Ok(None),
                Some("-") => read_stdin("value '-'")?,
                Some(v) if v.starts_with('@') && v.len() > 1 => {
                    std::fs::read(&v[1..]).map_err(|e| Error::usage(format!("{}: {e}", &v[1..])))?
                }
                Some(v) => v.as_bytes().to_vec(),
            }
        };
        Ok(Some(data))
    }
}

fn decode_hex(h: &str) -> Result<Vec<u8>> {
    let h: String = h.chars().filter(|c| !c.is_whitespace()).collect();
    let h = h.strip_prefix("0x").unwrap_or(&h);
    if !h.len().is_multiple_of(2) {
        return Err(Error::usage("--hex: odd number of digits"));
    }
    (0..h.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&h[i..i + 2], 16)
                .map_err(|_| Error::usage(format!("--hex: bad digits {:?}", &h[i..i + 2])))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_binary_literals() {
        let v = |b: Option<&str>, h: Option<&str>| {
            ValueArgs {
                base64: b.map(Into::into),
                hex: h.map(Into::into),
                ..Default::default()
            }
            .read()
        };
        assert_eq!(v(Some("AP8="), None).unwrap().unwrap(), vec![0, 255]);
        assert_eq!(v(None, Some("00ff 10")).unwrap().unwrap(), vec![0, 255, 16]);
        assert!(v(None, Some("abc")).is_err());
        assert!(v(Some("!!"), None).is_err());
    }

    #[test]
    fn literal_and_missing() {
        let v = ValueArgs {
            value: Some("x y".into()),
            ..Default::default()
        };
        assert_eq!(v.read().unwrap().unwrap(), b"x y");
        assert!(ValueArgs::default().read().unwrap().is_none());
    }

    #[test]
    fn json_is_checked_before_it_is_compressed() {
        let v = |value: &str, encode| ValueArgs {
            value: Some(value.into()),
            json: true,
            encode,
            ..Default::default()
        };
        let e = v("{bad", Some(Compress::Gzip)).read().unwrap_err();
        assert_eq!(e.exit_code(), 2, "{e}");
        let sent = v(r#"{"a":1}"#, Some(Compress::Gzip))
            .read()
            .unwrap()
            .unwrap();
        let d = crate::decode::decode(&sent, &Default::default());
        assert_eq!(d.encoding(), "gzip+json");
        assert_eq!(v("[]", None).read().unwrap().unwrap(), b"[]");
    }
}
