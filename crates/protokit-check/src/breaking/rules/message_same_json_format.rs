//! MESSAGE_SAME_JSON_FORMAT: Checks that messages have the same JSON format support.
//!
//! Compares the resolved `features.json_format` (`LEGACY_BEST_EFFORT` for proto2, `ALLOW` for
//! proto3 and editions); only `ALLOW` to `LEGACY_BEST_EFFORT` is reported (as buf does), on the
//! current `features.json_format` option, else the whole message.

use protokit_compiler::descriptor::DescriptorProto;

use crate::breaking::{features, fields, BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_message(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, DescriptorProto>,
        cur: &Item<'_, DescriptorProto>,
    ) {
        let json =
            |m: &Item<'_, DescriptorProto>| features::resolve(&m.file.proto, &m.path).json_format;
        if json(prev) != features::JSON_ALLOW || json(cur) == features::JSON_ALLOW {
            return;
        }
        let name = cur.desc.name.as_deref().unwrap_or("");
        fields::report_element(
            cx,
            cur.file,
            &cur.path,
            &[&[7, 12, 6]],
            format!(
                "Message \"{name}\" JSON format support changed from ALLOW to LEGACY_BEST_EFFORT."
            ),
        );
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that no message loses full JSON support: its resolved `features.json_format` may not change from `ALLOW` to `LEGACY_BEST_EFFORT` (which proto2 files have).",
    why: "With `LEGACY_BEST_EFFORT`, field names may conflict in JSON and JSON support is not guaranteed, so clients that exchange the message as JSON can break.",
    previous: "edition = \"2023\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1;\n}\n",
    example: "edition = \"2023\";\n\npackage foo.v1;\n\nmessage Foo {\n  option features.json_format = LEGACY_BEST_EFFORT;\n\n  string name = 1;\n}\n",
    use_instead: "edition = \"2023\";\n\npackage foo.v1;\n\nmessage Foo {\n  option features.json_format = ALLOW;\n\n  string name = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
