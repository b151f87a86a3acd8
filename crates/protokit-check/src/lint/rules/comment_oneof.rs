//! COMMENT_ONEOF: Checks that oneofs have non-empty comments.
//!
//! See [`super::comment_message`] for what counts as documentation. The synthetic oneofs of
//! proto3 `optional` fields are skipped.

use super::comment_message::check;
use crate::lint::{Cx, LintRule, Oneof, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_oneof(&self, cx: &mut Cx<'_>, o: &Oneof<'_>) {
        if o.is_synthetic() {
            return;
        }
        check(
            cx,
            o.file,
            o.path,
            "Oneof",
            o.desc.name.as_deref().unwrap_or(""),
        );
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every oneof (not the ones protoc synthesizes for proto3 `optional`) has a leading comment with some text.",
    why: "A oneof says that its fields exclude each other; a comment saying what the choice is about helps everyone who has to set or read it.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// Foo is a foo.\nmessage Foo {\n  oneof key {\n    // The name.\n    string name = 1;\n    // The ID.\n    int64 id = 2;\n  }\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// Foo is a foo.\nmessage Foo {\n  // How the foo is identified.\n  oneof key {\n    // The name.\n    string name = 1;\n    // The ID.\n    int64 id = 2;\n  }\n}\n",
    example_path: "foo/v1/foo.proto",
};
