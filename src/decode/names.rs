//! URL-encoded node names, as Dubbo registers its providers
//! (`dubbo%3A%2F%2F10.0.0.1%3A20880%2Fcom.foo.Api%3Fversion%3D1.0`), shown decoded on request
//! (`ls --decode-names`, `tree`, `find`). Only the text shown changes: paths stay exact.

/// `name` with its `%XX` escapes decoded, when it has any and they decode to UTF-8; `None`
/// leaves it as it is. `+` stays `+`: it is a space only in form bodies, not in names.
pub fn percent_decoded(name: &str) -> Option<String> {
    if !name.contains('%') {
        return None;
    }
    let b = name.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    let mut any = false;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        match (
            b[i],
            b.get(i + 1).and_then(|c| hex(*c)),
            b.get(i + 2).and_then(|c| hex(*c)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                any = true;
                i += 3;
            }
            (c, _, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    if !any {
        return None;
    }
    String::from_utf8(out).ok()
}

/// Each name of `path` decoded as `percent_decoded` does.
pub fn path_decoded(path: &str) -> String {
    path.split('/')
        .map(|n| percent_decoded(n).unwrap_or_else(|| n.to_string()))
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_dubbo_names() {
        assert_eq!(
            percent_decoded("dubbo%3A%2F%2F10.0.0.1%3A20880%2Fcom.foo.Api%3Fv%3D1%26x%3Da+b")
                .unwrap(),
            "dubbo://10.0.0.1:20880/com.foo.Api?v=1&x=a+b"
        );
        assert_eq!(percent_decoded("plain"), None);
        assert_eq!(percent_decoded("100%"), None);
        assert_eq!(percent_decoded("%zz"), None);
        assert_eq!(percent_decoded("%C3%A9t%C3%A9").unwrap(), "été");
        assert_eq!(percent_decoded("%ff"), None, "not UTF-8: left as it is");
        assert_eq!(
            path_decoded("/dubbo/a%2Fb/providers"),
            "/dubbo/a/b/providers"
        );
    }
}
