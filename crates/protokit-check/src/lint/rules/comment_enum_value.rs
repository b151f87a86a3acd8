//! COMMENT_ENUM_VALUE: Checks that enum values have non-empty comments.
//!
//! See [`super::comment_message`] for what counts as documentation.

use super::comment_message::check;
use crate::lint::{Cx, EnumValue, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_enum_value(&self, cx: &mut Cx<'_>, v: &EnumValue<'_>) {
        check(
            cx,
            v.file,
            v.path,
            "Enum value",
            v.desc.name.as_deref().unwrap_or(""),
        );
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every enum value has a leading comment with some text.",
    why: "Each value is a choice API users make; a comment says when to pick it.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// The color of a foo.\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// The color of a foo.\nenum Color {\n  // Not set.\n  COLOR_UNSPECIFIED = 0;\n}\n",
    example_path: "foo/v1/foo.proto",
};
