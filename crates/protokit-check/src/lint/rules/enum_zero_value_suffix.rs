//! ENUM_ZERO_VALUE_SUFFIX: Checks that enum zero values have a consistent suffix
//! (configurable, default `_UNSPECIFIED`).
//!
//! Every value numbered 0 is checked (aliases included, wherever they are in the enum); buf
//! reports at the value's name with `Enum zero value name "FOO_NONE" should be suffixed with
//! "_UNSPECIFIED".`. An empty `enum_zero_value_suffix` means the default, as in buf.

use crate::lint::elements::{child, tag};
use crate::lint::{Cx, EnumValue, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_enum_value(&self, cx: &mut Cx<'_>, v: &EnumValue<'_>) {
        if v.desc.number != Some(0) {
            return;
        }
        let suffix = match cx.config().enum_zero_value_suffix.as_str() {
            "" => "_UNSPECIFIED",
            s => s,
        };
        let name = v.desc.name.as_deref().unwrap_or("");
        if !name.ends_with(suffix) {
            cx.report(
                v.file,
                &child(v.path, &[tag::NAME]),
                format!("Enum zero value name \"{name}\" should be suffixed with \"{suffix}\"."),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that enum values numbered 0 end with the configured suffix, `_UNSPECIFIED` unless `enum_zero_value_suffix` says otherwise.",
    why: "The zero value is what an unset enum field reads as; naming it `..._UNSPECIFIED` makes clear that it means \"not set\" rather than a real choice.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Color {\n  COLOR_NONE = 0;\n  COLOR_RED = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  COLOR_RED = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
