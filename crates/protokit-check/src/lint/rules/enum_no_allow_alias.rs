//! ENUM_NO_ALLOW_ALIAS: Checks that enums do not have the allow_alias option set.
//!
//! Only `allow_alias = true` is reported, at the option statement (`EnumOptions.allow_alias`,
//! path `…, 3, 2`): `Enum option "allow_alias" on enum "Foo" must be false.`.

use prost_types::EnumOptions;

use crate::lint::elements::{child, tag};
use crate::lint::{Cx, DecodeOptions, Enum, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

/// `EnumOptions.allow_alias`.
const ALLOW_ALIAS: i32 = 2;

impl LintRule for Rule {
    fn check_enum(&self, cx: &mut Cx<'_>, e: &Enum<'_>) {
        let allow = e
            .desc
            .options
            .as_ref()
            .and_then(EnumOptions::decode_options)
            .and_then(|o| o.allow_alias);
        if allow == Some(true) {
            let name = e.desc.name.as_deref().unwrap_or("");
            cx.report(
                e.file,
                &child(e.path, &[tag::ENUM_OPTIONS, ALLOW_ALIAS]),
                format!("Enum option \"allow_alias\" on enum \"{name}\" must be false."),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that no enum sets `option allow_alias = true;`.",
    why: "Aliases give one number several names; JSON and text formats then print only one of them, and renaming a value becomes a breaking change in disguise.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Color {\n  option allow_alias = true;\n  COLOR_UNSPECIFIED = 0;\n  COLOR_RED = 1;\n  COLOR_CRIMSON = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Color {\n  COLOR_UNSPECIFIED = 0;\n  COLOR_RED = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
