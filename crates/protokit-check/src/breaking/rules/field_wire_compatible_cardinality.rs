//! FIELD_WIRE_COMPATIBLE_CARDINALITY: Checks that fields have wire-compatible cardinalities in a given message.
//!
//! Cardinality is `map`, `repeated`, `required` (proto2 `required` or editions
//! `LEGACY_REQUIRED`), `optional with explicit presence` or `optional with implicit presence`
//! (resolved from the syntax, `proto3_optional`, oneofs and `features.field_presence`).
//! Positioned on the whole current field.
//! Explicit and implicit presence are wire compatible, and so are `map` and `repeated`.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, |cx, p| {
            fields::check_cardinality(cx, p, compatible)
        });
    }
}

fn compatible(a: &str, b: &str) -> bool {
    let list = |c: &str| c == "map" || c == "repeated";
    fields::both_optional(a, b) || (list(a) && list(b))
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field keeps a wire-compatible cardinality: optional fields may switch between explicit and implicit presence and a map may become a repeated field of its entry type, but a field may not become repeated, required or optional.",
    why: "Readers of the old schema must still parse data of the new one: a repeated field read as a single value keeps only the last element, and a missing required field fails parsing.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1;\n}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  repeated string name = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
