//! FIELD_SAME_LABEL: Checks that fields have the same labels in a given message.
//!
//! Deprecated: a v1 or v1beta1 config that names it gets FIELD_SAME_CARDINALITY,
//! FIELD_WIRE_COMPATIBLE_CARDINALITY and FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY, which report
//! under their own IDs (as buf 1.75.0 does), so this rule checks nothing itself.

use crate::breaking::{BreakingDocs, BreakingRule};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Deprecated (v1 and v1beta1 configs only): replaced by FIELD_SAME_CARDINALITY, FIELD_WIRE_COMPATIBLE_CARDINALITY and FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY, which run in its place and report under their own IDs. Checks that every field keeps its label.",
    why: "The label (optional, required, repeated) decides both the wire behaviour and the generated accessors.",
    previous: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1;\n}\n",
    example: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  repeated string name = 1;\n}\n",
    use_instead: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1;\n  repeated string names = 2;\n}\n",
    example_path: "foo/v1/foo.proto",
};
