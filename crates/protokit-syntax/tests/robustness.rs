//! No input makes the parser panic, loop or overflow the stack, and every input round-trips.

use proptest::prelude::*;
use protokit_syntax::{parse, Child, Node};

fn check(text: &str) {
    let tree = parse(text);
    assert_eq!(tree.print(), text);
    assert_eq!(tree.root.descendant_tokens(), tree.tokens);
    for e in &tree.errors {
        assert!(text.get(e.span.range()).is_some(), "bad error span {e:?}");
    }
}

/// Pieces of proto syntax, so that random inputs get deep into the grammar.
const PIECES: &[&str] = &[
    "syntax",
    "edition",
    "=",
    "\"proto2\"",
    "\"proto3\"",
    "\"2023\"",
    "\"2024\"",
    ";",
    "message",
    "M",
    "{",
    "}",
    "enum",
    "E",
    "service",
    "S",
    "rpc",
    "(",
    ")",
    "returns",
    "stream",
    "option",
    "extend",
    "oneof",
    "map",
    "<",
    ">",
    ",",
    "optional",
    "repeated",
    "required",
    "group",
    "G",
    "int32",
    "string",
    "1",
    "-",
    "0x1F",
    "1.5",
    "[",
    "]",
    "default",
    "json_name",
    ":",
    ".",
    "reserved",
    "extensions",
    "to",
    "max",
    "import",
    "public",
    "weak",
    "package",
    "export",
    "local",
    "inf",
    "/",
    "// c\n",
    "/* c */",
    " ",
    "\n",
    "'s'",
    "\"unterminated",
    "é",
    "\u{1}",
    "/*",
    "09",
    "1e",
    "x",
];

fn piece_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.join(" "))
}

fn piece_soup_tight() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|v| v.concat())
}

proptest! {
    // 2000 cases each by default; PROPTEST_CASES=… runs more.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_ascii_round_trips(text in "[ -~\t\r\n]{0,200}") {
        check(&text);
    }

    #[test]
    fn random_unicode_round_trips(text in any::<String>()) {
        check(&text);
    }

    #[test]
    fn random_bytes_round_trip(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_token_soup_round_trips(text in piece_soup()) {
        check(&text);
    }

    #[test]
    fn random_tight_token_soup_round_trips(text in piece_soup_tight()) {
        check(&text);
    }
}

fn depth(node: &Node) -> usize {
    1 + node
        .children
        .iter()
        .filter_map(|c| match c {
            Child::Node(n) => Some(depth(n)),
            Child::Token(_) => None,
        })
        .max()
        .unwrap_or(0)
}

fn deep_inputs() -> Vec<String> {
    let n = 500;
    vec![
        format!(
            "syntax = \"proto3\";\n{}{}",
            "message A { ".repeat(n),
            "}".repeat(n)
        ),
        format!("syntax = \"proto3\";\n{}", "message A { ".repeat(n)),
        format!(
            "syntax = \"proto2\";\nmessage A {{ {}{} }}",
            "optional group G = 1 { ".repeat(n),
            "}".repeat(n)
        ),
        format!(
            "syntax = \"proto3\";\noption (a) = {{{}{};",
            "a { ".repeat(n),
            "}".repeat(n + 1)
        ),
        format!(
            "syntax = \"proto3\";\noption (a) = {{ a: {}{} }};",
            "[".repeat(n),
            "]".repeat(n)
        ),
        format!(
            "syntax = \"proto3\";\noption (a) = {{ {} }};",
            "a < ".repeat(n)
        ),
        "{".repeat(100_000),
        "}".repeat(100_000),
        "message A { ".repeat(20_000),
        format!("option (a) = {};", "{".repeat(100_000)),
    ]
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for text in deep_inputs() {
        let tree = parse(&text);
        assert_eq!(tree.print(), text);
        assert!(!tree.errors.is_empty());
        assert!(depth(&tree.root) < 1000);
    }
    let text = format!(
        "syntax = \"proto3\";\n{}{}",
        "message A { ".repeat(500),
        "}".repeat(500)
    );
    let tree = parse(&text);
    assert_eq!(
        tree.errors[0].message,
        "Reached maximum recursion limit for nested messages."
    );
}

#[test]
fn deep_nesting_fits_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            for text in deep_inputs() {
                let tree = parse(&text);
                assert_eq!(tree.print(), text);
                drop(tree);
            }
        })
        .unwrap();
    handle.join().unwrap();
}
