//! FIELD_NO_DESCRIPTOR: Checks that field names are not any capitalization of "descriptor"
//! with any number of prefix or suffix underscores (v1beta1 only).
//!
//! Extensions are checked too. buf reports at the field's name with `Field name "Descriptor"
//! cannot be any capitalization of "descriptor" with any number of prefix or suffix
//! underscores.`.

use crate::lint::elements::{child, tag};
use crate::lint::{Cx, Field, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_field(&self, cx: &mut Cx<'_>, f: &Field<'_>) {
        let name = f.desc.name.as_deref().unwrap_or("");
        if name.trim_matches('_').eq_ignore_ascii_case("descriptor") {
            cx.report(
                f.file,
                &child(f.path, &[tag::NAME]),
                format!("Field name \"{name}\" cannot be any capitalization of \"descriptor\" with any number of prefix or suffix underscores."),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that no field is named `descriptor` in any capitalization, with or without leading or trailing underscores. Only in `buf.yaml` v1beta1.",
    why: "Generated Python code gives every message a `DESCRIPTOR` attribute, and some generators clash with fields named after it.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string descriptor = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string foo_descriptor = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
