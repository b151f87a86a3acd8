//! ENUM_VALUE_UPPER_SNAKE_CASE: Checks that enum values are UPPER_SNAKE_CASE.
//!
//! buf reports at the value's name with `Enum value name "fooBar" should be
//! UPPER_SNAKE_CASE, such as "FOO_BAR".`; a name is UPPER_SNAKE_CASE when buf's conversion
//! leaves it unchanged (so `FOO2BAR` and `ID` pass).

use crate::lint::elements::{child, tag};
use crate::lint::naming::{is_upper_snake_case, to_upper_snake_case};
use crate::lint::{Cx, EnumValue, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_enum_value(&self, cx: &mut Cx<'_>, v: &EnumValue<'_>) {
        let name = v.desc.name.as_deref().unwrap_or("");
        if !is_upper_snake_case(name) {
            cx.report(
                v.file,
                &child(v.path, &[tag::NAME]),
                format!(
                    "Enum value name \"{name}\" should be UPPER_SNAKE_CASE, such as \"{}\".",
                    to_upper_snake_case(name)
                ),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that enum value names are UPPER_SNAKE_CASE: upper-case words separated by single underscores, with no leading or trailing underscore.",
    why: "Enum values become constants in generated code, and constants are upper case in most languages; it also keeps values visually apart from fields.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  colorRed = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  COLOR_RED = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
