//! FIELD_SAME_CARDINALITY: Checks that fields have the same cardinalities in a given message.
//!
//! Cardinality is `map`, `repeated`, `required` (proto2 `required` or editions
//! `LEGACY_REQUIRED`), `optional with explicit presence` or `optional with implicit presence`
//! (resolved from the syntax, `proto3_optional`, oneofs and `features.field_presence`).
//! Positioned on the whole current field.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, |cx, p| {
            fields::check_cardinality(cx, p, |_, _| false)
        });
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field keeps its cardinality: map, repeated, required, optional with explicit presence or optional with implicit presence. Editions features are compared as resolved values, so a proto2 `required` field that became `features.field_presence = LEGACY_REQUIRED` is unchanged.",
    why: "Cardinality decides the generated accessors (a list, a map, a has-method or none); changing it breaks code that uses the field.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1;\n}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  repeated string name = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1;\n  repeated string names = 2;\n}\n",
    example_path: "foo/v1/foo.proto",
};
