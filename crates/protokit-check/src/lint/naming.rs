//! Name-case predicates and conversions, as buf's lint rules compute them.
//!
//! buf's snake case: delimiters (`_`, `.`, `-`, whitespace) at either end are dropped and a run
//! of them inside becomes one `_`; an upper-case letter starts a new word (gets a `_` before
//! it) when it follows a lower-case letter, or when the character after it is neither
//! upper-case, a digit nor a delimiter (so `HTTPServer` → `http_server`, `foo2Bar` →
//! `foo2_bar`, `A1b2C3` → `a1b2c3`, `fOO` → `f_oo`). Digits never start a word.
//!
//! buf's PascalCase: delimiters are dropped and the first letter of the name and of each
//! delimited part is upper-cased; every other letter keeps its case (`fooBAR` → `FooBAR`,
//! `FOO__BAR` → `FOOBAR`).
//!
//! A name *is* in a case when converting it gives the same name.

fn is_delimiter(c: char) -> bool {
    matches!(c, '.' | '-' | '_' | ' ' | '\t' | '\n' | '\r')
}

/// `foo_bar` with buf's word boundaries, case kept (`HTTPServer` → `HTTP_Server`).
fn snake_words(name: &str) -> String {
    let chars: Vec<char> = name.trim_matches(is_delimiter).chars().collect();
    let mut out = String::with_capacity(chars.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if is_delimiter(c) {
            if !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if i > 0 && c.is_uppercase() && !out.ends_with('_') {
            let next_starts_no_word = chars
                .get(i + 1)
                .is_some_and(|&n| !n.is_uppercase() && !n.is_ascii_digit() && !is_delimiter(n));
            if next_starts_no_word || chars[i - 1].is_lowercase() {
                out.push('_');
            }
        }
        out.push(c);
    }
    out
}

/// The words of `name` as buf's snake case splits them, case kept (`HTTPServer` →
/// `["HTTP", "Server"]`).
pub fn words(name: &str) -> Vec<String> {
    snake_words(name)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// buf's PascalCase of `name`: `FooBar` for `foo_bar`, `FooBAR` for `fooBAR`.
pub fn to_pascal_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut start_word = true;
    for c in name.trim_matches(is_delimiter).chars() {
        if is_delimiter(c) {
            start_word = true;
            continue;
        }
        if start_word {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        start_word = false;
    }
    out
}

/// buf's lower_snake_case of `name`: `foo_bar` for `FooBar`, `http_server` for `HTTPServer`.
pub fn to_lower_snake_case(name: &str) -> String {
    snake_words(name).to_lowercase()
}

/// buf's UPPER_SNAKE_CASE of `name`: `FOO_BAR` for `FooBar`.
pub fn to_upper_snake_case(name: &str) -> String {
    snake_words(name).to_uppercase()
}

/// Whether `name` is PascalCase: it starts with an upper-case letter and has no delimiter.
pub fn is_pascal_case(name: &str) -> bool {
    // ASCII fast path: no delimiter, and the first character is not lower-case.
    if name.is_ascii() {
        return !name.starts_with(|c: char| c.is_ascii_lowercase())
            && !name.chars().any(is_delimiter);
    }
    to_pascal_case(name) == name
}

/// Whether `name` is lower_snake_case as buf sees it (`foo_2bar` and `a1b2` are).
pub fn is_lower_snake_case(name: &str) -> bool {
    // ASCII fast path (no allocation): only `[a-z0-9_]`, no `_` at either end, no `__`.
    if name.is_ascii() {
        return name
            .bytes()
            .all(|b| matches!(b, b'a'..=b'z' | b'0'..=b'9' | b'_'))
            && plain_underscores(name);
    }
    to_lower_snake_case(name) == name
}

/// Whether `name` is UPPER_SNAKE_CASE as buf sees it (`FOO2BAR` and `ID` are).
pub fn is_upper_snake_case(name: &str) -> bool {
    // ASCII fast path: only `[A-Z0-9_]`, no `_` at either end, no `__` (with no lower-case
    // letter, no upper-case one starts a word).
    if name.is_ascii() {
        return name
            .bytes()
            .all(|b| matches!(b, b'A'..=b'Z' | b'0'..=b'9' | b'_'))
            && plain_underscores(name);
    }
    to_upper_snake_case(name) == name
}

/// No `_` at either end and no `__`.
fn plain_underscores(name: &str) -> bool {
    !name.starts_with('_') && !name.ends_with('_') && !name.contains("__")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Suggestions buf 1.75.0 prints for these names (recorded with `buf lint`).
    #[test]
    fn buf_suggestions() {
        let lower = [
            ("HTTPServer", "http_server"),
            ("foo2Bar", "foo2_bar"),
            ("_foo", "foo"),
            ("FOO__BAR", "foo_bar"),
            ("fooBAR", "foo_bar"),
            ("Foo_Bar", "foo_bar"),
            ("fOO", "f_oo"),
            ("A1b2C3", "a1b2c3"),
            ("X_", "x"),
            ("foo__bar", "foo_bar"),
            ("ABCdef", "ab_cdef"),
            ("aB1cD", "a_b1c_d"),
            ("Foo1bar", "foo1bar"),
            ("foo1BAR", "foo1bar"),
            ("HTTP2Server", "http2_server"),
            ("Http2server", "http2server"),
            ("__x", "x"),
            ("x9Y", "x9y"),
            ("foo_", "foo"),
            ("a1B2", "a1b2"),
            ("fooBARBaz", "foo_bar_baz"),
            ("x_y_Z", "x_y_z"),
            ("getHTTPResponseCode", "get_http_response_code"),
            ("ID", "id"),
            ("fooBar_", "foo_bar"),
            ("fooBar", "foo_bar"),
            ("FOO2BAR", "foo2bar"),
            ("Foo2Bar", "foo2_bar"),
            ("aBC", "a_bc"),
            ("ABc", "a_bc"),
            ("a.b", "a_b"),
        ];
        for (name, want) in lower {
            assert_eq!(to_lower_snake_case(name), want, "{name}");
            assert_eq!(to_upper_snake_case(name), want.to_uppercase(), "{name}");
        }
        let pascal = [
            ("a1_2b", "A12b"),
            ("X_", "X"),
            ("foo__bar", "FooBar"),
            ("aB1cD", "AB1cD"),
            ("foo1BAR", "Foo1BAR"),
            ("__x", "X"),
            ("foo2Bar", "Foo2Bar"),
            ("x9Y", "X9Y"),
            ("_foo", "Foo"),
            ("FOO__BAR", "FOOBAR"),
            ("fooBAR", "FooBAR"),
            ("foo_bar_baz", "FooBarBaz"),
            ("Foo_Bar", "FooBar"),
            ("fOO", "FOO"),
            ("get_thing", "GetThing"),
        ];
        for (name, want) in pascal {
            assert_eq!(to_pascal_case(name), want, "{name}");
        }
    }

    #[test]
    fn fast_paths_agree_with_conversions() {
        let alphabet = ['a', 'B', '1', '_', '.', '-', ' ', 'z', 'Z', '9'];
        let mut names = vec![String::new()];
        for _ in 0..4 {
            names = names
                .iter()
                .flat_map(|n| alphabet.iter().map(move |c| format!("{n}{c}")))
                .collect();
            for n in &names {
                assert_eq!(
                    is_lower_snake_case(n),
                    to_lower_snake_case(n) == *n,
                    "{n:?}"
                );
                assert_eq!(
                    is_upper_snake_case(n),
                    to_upper_snake_case(n) == *n,
                    "{n:?}"
                );
                assert_eq!(is_pascal_case(n), to_pascal_case(n) == *n, "{n:?}");
            }
        }
    }

    #[test]
    fn predicates() {
        for ok in [
            "foo_2bar",
            "foo2_bar",
            "a1_2b",
            "foo_bar1",
            "foo1_bar",
            "foo_bar_baz",
            "x",
        ] {
            assert!(is_lower_snake_case(ok), "{ok}");
        }
        for bad in ["_foo", "foo_", "foo__bar", "fooBar", "ID", "Foo"] {
            assert!(!is_lower_snake_case(bad), "{bad}");
        }
        for ok in ["ID", "FOO2BAR", "FOO_2BAR", "HTTP_CODE_"] {
            assert_eq!(is_upper_snake_case(ok), ok != "HTTP_CODE_", "{ok}");
        }
        for ok in ["HTTPServer", "A1b2C3", "Foo1bar", "X9Y"] {
            assert!(is_pascal_case(ok), "{ok}");
        }
        for bad in ["X_", "Foo_Bar", "fOO", "_Foo"] {
            assert!(!is_pascal_case(bad), "{bad}");
        }
    }
}
