//! ENUM_VALUE_PREFIX: Checks that enum values are prefixed with ENUM_NAME_UPPER_SNAKE_CASE.
//!
//! The prefix is the enum's own name (not its parents') in buf's UPPER_SNAKE_CASE plus `_`
//! (`HTTPCode` → `HTTP_CODE_`); a value equal to the prefix (`HTTP_CODE_`) passes, one
//! equal to the name without the underscore (`HTTP_CODE`) does not. buf reports at the
//! value's name with `Enum value name "FOO" should be prefixed with "COLOR_".`.

use crate::lint::elements::{child, tag};
use crate::lint::naming::to_upper_snake_case;
use crate::lint::{Cx, EnumValue, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_enum_value(&self, cx: &mut Cx<'_>, v: &EnumValue<'_>) {
        // Values of an enum come one after another: the prefix is computed once per enum
        // name (per worker thread), not once per value.
        thread_local! {
            static PREFIX: std::cell::RefCell<(String, String)> =
                const { std::cell::RefCell::new((String::new(), String::new())) };
        }
        PREFIX.with_borrow_mut(|(enum_name, prefix)| {
            let parent = v.parent.name.as_deref().unwrap_or("");
            if prefix.is_empty() || enum_name != parent {
                parent.clone_into(enum_name);
                *prefix = to_upper_snake_case(parent);
                prefix.push('_');
            }
            let name = v.desc.name.as_deref().unwrap_or("");
            if !name.starts_with(prefix.as_str()) {
                cx.report(
                    v.file,
                    &child(v.path, &[tag::NAME]),
                    format!("Enum value name \"{name}\" should be prefixed with \"{prefix}\"."),
                );
            }
        });
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every enum value name starts with the enum's name in UPPER_SNAKE_CASE followed by an underscore, e.g. `COLOR_` for enum `Color`.",
    why: "Enum values are scoped like siblings of their enum (C++ rules), so two enums in one package cannot both have a `NONE`; prefixing makes values unique and self-describing.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  RED = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  COLOR_RED = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
