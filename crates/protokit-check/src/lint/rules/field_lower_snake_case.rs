//! FIELD_LOWER_SNAKE_CASE: Checks that field names are lower_snake_case.
//!
//! buf reports at the field's name with `Field name "fooBar" should be lower_snake_case,
//! such as "foo_bar".`. Extensions (file- and message-level) are checked too; a name is
//! lower_snake_case when buf's conversion leaves it unchanged (so `foo_2bar` and `a1b2` pass).

use crate::lint::elements::{child, tag};
use crate::lint::naming::{is_lower_snake_case, to_lower_snake_case};
use crate::lint::{Cx, Field, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_field(&self, cx: &mut Cx<'_>, f: &Field<'_>) {
        let name = f.desc.name.as_deref().unwrap_or("");
        if !is_lower_snake_case(name) {
            cx.report(
                f.file,
                &child(f.path, &[tag::NAME]),
                format!(
                    "Field name \"{name}\" should be lower_snake_case, such as \"{}\".",
                    to_lower_snake_case(name)
                ),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that field names, extensions included, are lower_snake_case: lower-case words separated by single underscores, no leading or trailing underscore.",
    why: "protoc derives JSON names and accessors from field names assuming lower_snake_case; other styles give odd JSON names and accessors and can collide after conversion.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string displayName = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string display_name = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
