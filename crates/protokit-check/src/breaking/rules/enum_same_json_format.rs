//! ENUM_SAME_JSON_FORMAT: Checks that enums have the same JSON format support.
//!
//! Compares the resolved `features.json_format` (`LEGACY_BEST_EFFORT` for proto2, `ALLOW` for
//! proto3 and editions); only `ALLOW` to `LEGACY_BEST_EFFORT` is reported (as buf does), on the
//! current `features.json_format` option, else the whole enum.

use protokit_compiler::descriptor::EnumDescriptorProto;

use crate::breaking::{features, fields, BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_enum(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, EnumDescriptorProto>,
        cur: &Item<'_, EnumDescriptorProto>,
    ) {
        let json = |e: &Item<'_, EnumDescriptorProto>| {
            features::resolve(&e.file.proto, &e.path).json_format
        };
        if json(prev) != features::JSON_ALLOW || json(cur) == features::JSON_ALLOW {
            return;
        }
        let name = cur.desc.name.as_deref().unwrap_or("");
        fields::report_element(
            cx,
            cur.file,
            &cur.path,
            &[&[3, 7, 6]],
            format!(
                "Enum \"{name}\" JSON format support changed from ALLOW to LEGACY_BEST_EFFORT."
            ),
        );
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that no enum loses full JSON support: its resolved `features.json_format` may not change from `ALLOW` to `LEGACY_BEST_EFFORT` (which proto2 files have).",
    why: "With `LEGACY_BEST_EFFORT`, value names may conflict in JSON and JSON support is not guaranteed, so JSON clients can break.",
    previous: "edition = \"2023\";\n\npackage foo.v1;\n\nenum Status {\n  STATUS_UNSPECIFIED = 0;\n}\n",
    example: "edition = \"2023\";\n\npackage foo.v1;\n\nenum Status {\n  option features.json_format = LEGACY_BEST_EFFORT;\n\n  STATUS_UNSPECIFIED = 0;\n}\n",
    use_instead: "edition = \"2023\";\n\npackage foo.v1;\n\nenum Status {\n  STATUS_UNSPECIFIED = 0;\n  STATUS_OK = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
