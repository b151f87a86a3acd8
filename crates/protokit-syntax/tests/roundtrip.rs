//! Every input prints back byte for byte; valid inputs parse without errors.

use protokit_syntax::{parse, Child, Node, NodeKind, SyntaxTree};
use std::path::{Path, PathBuf};

/// Checks the tree's invariants: leaves in order, contiguous, covering the text, equal to the
/// flat token list; node spans cover their children.
pub fn check_tree(tree: &SyntaxTree) {
    assert_eq!(tree.print(), tree.text, "print() must reproduce the input");
    let leaves = tree.root.descendant_tokens();
    assert_eq!(leaves, tree.tokens, "tree leaves must equal the token list");
    let mut at = 0;
    for t in &leaves {
        assert_eq!(t.span.start, at, "tokens must be contiguous");
        assert!(t.span.end > t.span.start, "tokens must not be empty");
        at = t.span.end;
    }
    assert_eq!(at as usize, tree.text.len());
    assert_eq!(tree.root.kind, NodeKind::File);
    check_spans(&tree.root);
    for e in &tree.errors {
        // Error spans must be valid slices of the text.
        assert!(
            tree.text.get(e.span.range()).is_some(),
            "bad error span {e:?}"
        );
    }
}

fn check_spans(node: &Node) {
    let mut prev_end = node.span.start;
    for c in &node.children {
        let span = match c {
            Child::Token(t) => t.span,
            Child::Node(n) => {
                check_spans(n);
                n.span
            }
        };
        assert!(
            span.start >= prev_end,
            "children out of order in {:?}",
            node.kind
        );
        assert!(span.end <= node.span.end, "child outside {:?}", node.kind);
        prev_end = span.end;
    }
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

#[test]
fn handwritten_files_round_trip_without_errors() {
    let mut n = 0;
    for entry in std::fs::read_dir(data_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "proto") {
            let text = std::fs::read_to_string(&path).unwrap();
            let tree = parse(&text);
            check_tree(&tree);
            assert!(
                tree.errors.is_empty(),
                "{}: unexpected errors {:?}",
                path.display(),
                tree.errors
            );
            n += 1;
        }
    }
    assert!(n >= 4);
}

#[test]
fn trivia_everywhere_round_trips() {
    let text = "\u{feff}/*a*/syntax/*b*/=/*c*/\"proto3\"/*d*/;//e\r\n\tmessage\x0bM\x0c{//f\n\
                int32/**/x/**/=/**/1/**/[/**/deprecated/**/=/**/true/**/]/**/;}\r";
    let tree = parse(text);
    check_tree(&tree);
    assert!(tree.errors.is_empty(), "{:?}", tree.errors);
}

#[test]
fn garbage_round_trips() {
    for text in [
        "",
        " ",
        "\n",
        "}",
        "{",
        "message",
        "message {",
        "\"unterminated",
        "/* unterminated",
        "syntax = \"proto3\"; message A { int32 x = 1 [a = { b: [ { c",
        "é ü 日本 \u{0} \u{1} \u{7f} 0x 1e 09 1.5.5 'a\\z'",
        "option (a = 1; option a.(b).c = -foo; option x = -\"s\";",
        "enum E { A = - ; B = 1 [; } service S { rpc ( } extend { }",
        "}}}}{{{{;;;;",
        "message M { oneof o { map<int32, int32> m = 1; optional group G = 2 {} } }",
    ] {
        let tree = parse(text);
        check_tree(&tree);
    }
}

/// Every `.proto` under the googleapis corpus: prints back identically, parses with no error.
#[test]
fn googleapis_corpus() {
    let root = Path::new("/work/shared/corpus/googleapis");
    if !root.is_dir() {
        println!("skipping: {} does not exist", root.display());
        return;
    }
    let mut files = Vec::new();
    collect_protos(root, &mut files);
    let mut failures = Vec::new();
    for path in &files {
        let Ok(bytes) = std::fs::read(path) else {
            continue;
        };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let tree = parse(&text);
        if tree.print() != text {
            failures.push(format!("{}: does not print back", path.display()));
        }
        if let Some(e) = tree.errors.first() {
            failures.push(format!("{}: {e:?}", path.display()));
        }
    }
    println!("parsed {} files", files.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn collect_protos(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_protos(&path, out);
        } else if path.extension().is_some_and(|e| e == "proto") {
            out.push(path);
        }
    }
}
