//! FIELD_WIRE_JSON_COMPATIBLE_TYPE: Checks that fields have wire and JSON compatible types in a given message.
//!
//! Accepted pairs (buf 1.75.0's table): `int32`/`uint32`, `int64`/`uint64`, `fixed32`/`sfixed32`,
//! `fixed64`/`sfixed64`; every other kind change, and every changed message or enum type, is
//! reported.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, |cx, p| {
            fields::check_type(cx, p, compatible, |_, _| {
                fields::WIRE_JSON_SUFFIX.to_string()
            })
        });
    }
}

fn compatible(a: i32, b: i32) -> bool {
    const GROUPS: [&[i32]; 4] = [&[5, 13], &[3, 4], &[7, 15], &[6, 16]];
    GROUPS.iter().any(|g| g.contains(&a) && g.contains(&b))
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field keeps a type that is compatible both on the wire and in the JSON mapping: only `int32`/`uint32`, `int64`/`uint64`, `fixed32`/`sfixed32` and `fixed64`/`sfixed64` may replace each other.",
    why: "JSON encodes 64-bit integers as strings, bytes as base64 and enums as names, so changes that keep the binary encoding (such as `int32` to `int64` or `string` to `bytes`) still break JSON clients.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  int32 count = 1;\n}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  int64 count = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  uint32 count = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
