//! ENUM_FIRST_VALUE_ZERO: Checks that all first values of enums have a numeric value of 0.
//!
//! buf reports at the first value's number with `First enum value "FOO_ONE" should have a
//! numeric value of 0` (no final period); closed enums (proto2, editions) are checked too.

use crate::lint::elements::{child, tag};
use crate::lint::{Cx, EnumValue, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_enum_value(&self, cx: &mut Cx<'_>, v: &EnumValue<'_>) {
        if v.index != 0 || v.desc.number == Some(0) {
            return;
        }
        let name = v.desc.name.as_deref().unwrap_or("");
        cx.report(
            v.file,
            &child(v.path, &[tag::ENUM_VALUE_NUMBER]),
            format!("First enum value \"{name}\" should have a numeric value of 0"),
        );
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that the first value of every enum is numbered 0.",
    why: "The first value is the default of proto2 and editions fields, and 0 is the default of proto3 fields; when both are the same value, every syntax agrees on what an unset field means.",
    example: "syntax = \"proto2\";\n\npackage foo.v1;\n\nenum Color {\n  COLOR_RED = 1;\n  COLOR_UNSPECIFIED = 0;\n}\n",
    use_instead: "syntax = \"proto2\";\n\npackage foo.v1;\n\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  COLOR_RED = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
