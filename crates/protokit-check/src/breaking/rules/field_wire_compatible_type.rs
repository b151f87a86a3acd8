//! FIELD_WIRE_COMPATIBLE_TYPE: Checks that fields have wire-compatible types in a given message.
//!
//! Kinds that share a wire encoding are accepted (buf 1.75.0's table, found by running it on
//! every pair): `int32`, `uint32`, `int64`, `uint64` and `bool`; `sint32` and `sint64`; `fixed32`
//! and `sfixed32`; `fixed64` and `sfixed64`; `string` to `bytes` (not back, which
//! buf reports with a note on UTF-8). Enums and integers
//! are not interchangeable for buf. Changed message or enum types are always reported.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, |cx, p| {
            fields::check_type(cx, p, compatible, suffix)
        });
    }
}

fn suffix(a: i32, b: i32) -> String {
    if a == 12 && b == 9 {
        format!("{} {BYTES_NOTE}", fields::WIRE_SUFFIX)
    } else {
        fields::WIRE_SUFFIX.to_string()
    }
}

/// buf's extra warning for `bytes` to `string`.
const BYTES_NOTE: &str = "Note that while string and bytes are compatible if the data is valid UTF-8, there is no way to enforce that a bytes field is UTF-8, so these fields may be incompatible.";

fn compatible(a: i32, b: i32) -> bool {
    const GROUPS: [&[i32]; 4] = [&[3, 4, 5, 8, 13], &[6, 16], &[7, 15], &[17, 18]];
    (a == 9 && b == 12) || GROUPS.iter().any(|g| g.contains(&a) && g.contains(&b))
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field keeps a type with the same wire encoding: integer types of the varint family may replace each other (`int32`, `uint32`, `int64`, `uint64`, `bool`), as may `sint32`/`sint64`, `fixed32`/`sfixed32`, `fixed64`/`sfixed64`, and `string` may become `bytes`. A different message or enum type is always reported.",
    why: "Data written by the old schema must still parse with the new one. Changing to a type with another wire encoding makes old data unreadable or silently wrong.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  int32 count = 1;\n}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  sint32 count = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  int64 count = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
