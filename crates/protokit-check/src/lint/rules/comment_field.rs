//! COMMENT_FIELD: Checks that fields have non-empty comments.
//!
//! See [`super::comment_message`] for what counts as documentation. Extensions are checked;
//! the fields of map entries are not, nor proto2 `group` fields (their comment documents the
//! group's message, which COMMENT_MESSAGE checks); editions' delimited fields are.

use super::comment_message::check;
use crate::lint::{Cx, DecodeOptions, Field, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

const TYPE_GROUP: i32 = 10;

impl LintRule for Rule {
    fn check_field(&self, cx: &mut Cx<'_>, f: &Field<'_>) {
        if f.desc.r#type == Some(TYPE_GROUP) && f.file.proto.edition.is_none() {
            return;
        }
        let in_map_entry = !f.is_extension
            && f.parent.is_some_and(|m| {
                m.options
                    .as_ref()
                    .and_then(prost_types::MessageOptions::decode_options)
                    .and_then(|o| o.map_entry)
                    == Some(true)
            });
        if in_map_entry {
            return;
        }
        check(
            cx,
            f.file,
            f.path,
            "Field",
            f.desc.name.as_deref().unwrap_or(""),
        );
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every field and extension has a leading comment with some text. Trailing comments, detached comments and lines that only hold `buf:lint:ignore` do not count.",
    why: "Field comments end up in generated code and API documentation; they are where units, formats and the meaning of an unset value get written down.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// Foo is a foo.\nmessage Foo {\n  string name = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// Foo is a foo.\nmessage Foo {\n  // The display name, at most 64 characters.\n  string name = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
