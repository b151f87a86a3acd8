//! Fuzz target: any UTF-8 text must parse without panicking, and the lossless tree must give
//! back the input byte for byte, with a consistent token list and in-bounds spans.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protokit_syntax::{Child, Node};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let tree = protokit_syntax::parse(text);
    assert_eq!(tree.print(), text, "print() must round-trip the input");

    // The flat token list tiles the text and equals the tree's leaves.
    let mut at = 0u32;
    for t in &tree.tokens {
        assert_eq!(t.span.start, at, "tokens must be contiguous: {t:?}");
        assert!(t.span.end > t.span.start, "empty token: {t:?}");
        at = t.span.end;
    }
    assert_eq!(at as usize, text.len(), "tokens must cover the whole text");
    assert_eq!(
        tree.root.descendant_tokens(),
        tree.tokens,
        "tree leaves != token list"
    );
    assert_eq!(
        tree.root.span.range(),
        0..text.len(),
        "root must cover the text"
    );
    check_spans(&tree.root);

    for e in &tree.errors {
        assert!(
            e.span.start <= e.span.end && e.span.end as usize <= text.len(),
            "{e:?}"
        );
        assert!(text.is_char_boundary(e.span.start as usize), "{e:?}");
        assert!(text.is_char_boundary(e.span.end as usize), "{e:?}");
    }
});

/// Every child lies inside its parent's span.
fn check_spans(node: &Node) {
    for c in &node.children {
        let span = match c {
            Child::Token(t) => t.span,
            Child::Node(n) => {
                check_spans(n);
                n.span
            }
        };
        assert!(
            node.span.start <= span.start && span.end <= node.span.end,
            "child {span:?} outside its parent {:?} {:?}",
            node.kind,
            node.span
        );
    }
}
