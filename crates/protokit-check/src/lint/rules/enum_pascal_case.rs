//! ENUM_PASCAL_CASE: Checks that enums are PascalCase.
//!
//! buf reports at the enum's name with `Enum name "foo_kind" should be PascalCase, such as
//! "FooKind".`, for top-level and nested enums alike.

use crate::lint::elements::{child, tag};
use crate::lint::naming::{is_pascal_case, to_pascal_case};
use crate::lint::{Cx, Enum, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_enum(&self, cx: &mut Cx<'_>, e: &Enum<'_>) {
        let name = e.desc.name.as_deref().unwrap_or("");
        if !is_pascal_case(name) {
            cx.report(
                e.file,
                &child(e.path, &[tag::NAME]),
                format!(
                    "Enum name \"{name}\" should be PascalCase, such as \"{}\".",
                    to_pascal_case(name)
                ),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that enum names are PascalCase: they start with an upper-case letter and contain no underscores.",
    why: "Enums become types in generated code; PascalCase matches the type naming of nearly every target language and of the rest of the schema.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum color_kind {\n  COLOR_KIND_UNSPECIFIED = 0;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum ColorKind {\n  COLOR_KIND_UNSPECIFIED = 0;\n}\n",
    example_path: "foo/v1/foo.proto",
};
