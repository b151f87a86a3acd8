//! ENUM_SAME_TYPE: Checks that enums have the same type (open vs closed).
//!
//! Compares the resolved `features.enum_type` (closed for proto2, open for proto3 and editions
//! unless overridden). Positioned on the current `features.enum_type` option, else the whole
//! enum.

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
        let kind = |e: &Item<'_, EnumDescriptorProto>| {
            if features::resolve(&e.file.proto, &e.path).enum_type == features::ENUM_CLOSED {
                "closed"
            } else {
                "open"
            }
        };
        let (a, b) = (kind(prev), kind(cur));
        if a == b {
            return;
        }
        let name = cur.desc.name.as_deref().unwrap_or("");
        fields::report_element(
            cx,
            cur.file,
            &cur.path,
            &[&[3, 7, 2]],
            format!("Enum \"{name}\" changed from {a} to {b}."),
        );
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every enum stays open or closed (the resolved `features.enum_type`: proto2 enums are closed, proto3 and editions enums open unless overridden).",
    why: "Closed enums treat unknown numbers as unknown fields while open enums keep them, so switching changes what readers see for values they do not know, and changes generated code.",
    previous: "edition = \"2023\";\n\npackage foo.v1;\n\nenum Status {\n  STATUS_UNSPECIFIED = 0;\n}\n",
    example: "edition = \"2023\";\n\npackage foo.v1;\n\nenum Status {\n  option features.enum_type = CLOSED;\n\n  STATUS_UNSPECIFIED = 0;\n}\n",
    use_instead: "edition = \"2023\";\n\npackage foo.v1;\n\nenum Status {\n  option features.enum_type = OPEN;\n\n  STATUS_UNSPECIFIED = 0;\n}\n",
    example_path: "foo/v1/foo.proto",
};
