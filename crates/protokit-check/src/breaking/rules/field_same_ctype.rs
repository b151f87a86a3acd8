//! FIELD_SAME_CTYPE: Checks that fields have the same value for the ctype option.
//!
//! Deprecated: a v1 or v1beta1 config that names it gets FIELD_SAME_CPP_STRING_TYPE, which
//! reports under its own ID (as buf 1.75.0 does), so this rule checks nothing itself.

use crate::breaking::{BreakingDocs, BreakingRule};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Deprecated (v1 and v1beta1 configs only): replaced by FIELD_SAME_CPP_STRING_TYPE, which runs in its place and reports under its own ID. Checks that every string field keeps its `ctype` option.",
    why: "The `ctype` option decides the generated C++ string accessors, so changing it breaks C++ callers.",
    previous: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1 [ctype = CORD];\n}\n",
    example: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1;\n}\n",
    use_instead: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1 [ctype = CORD];\n}\n",
    example_path: "foo/v1/foo.proto",
};
