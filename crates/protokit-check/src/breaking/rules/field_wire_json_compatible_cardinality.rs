//! FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY: Checks that fields have wire and JSON compatible cardinalities in a given message.
//!
//! Cardinality is `map`, `repeated`, `required` (proto2 `required` or editions
//! `LEGACY_REQUIRED`), `optional with explicit presence` or `optional with implicit presence`
//! (resolved from the syntax, `proto3_optional`, oneofs and `features.field_presence`).
//! Positioned on the whole current field.
//! Only explicit and implicit presence may replace each other.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, |cx, p| {
            fields::check_cardinality(cx, p, fields::both_optional)
        });
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field keeps a cardinality that is compatible on the wire and in JSON: optional fields may switch between explicit and implicit presence; maps, repeated, required and optional fields may not change into each other.",
    why: "Besides the wire format, JSON encodes a map as an object and a repeated field as an array, so even a map to repeated-entries change breaks JSON clients.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  map<string, string> labels = 1;\n}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  repeated LabelsEntry labels = 1;\n\n  message LabelsEntry {\n    string key = 1;\n    string value = 2;\n  }\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  map<string, string> labels = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
