//! COMMENT_ENUM: Checks that enums have non-empty comments.
//!
//! See [`super::comment_message`] for what counts as documentation.

use super::comment_message::check;
use crate::lint::{Cx, Enum, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_enum(&self, cx: &mut Cx<'_>, e: &Enum<'_>) {
        check(
            cx,
            e.file,
            e.path,
            "Enum",
            e.desc.name.as_deref().unwrap_or(""),
        );
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every enum, nested ones included, has a leading comment with some text.",
    why: "Enum comments end up in generated code and API documentation, where readers look up what the set of values stands for.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Color {\n  // Not set.\n  COLOR_UNSPECIFIED = 0;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// The color of a foo.\nenum Color {\n  // Not set.\n  COLOR_UNSPECIFIED = 0;\n}\n",
    example_path: "foo/v1/foo.proto",
};
