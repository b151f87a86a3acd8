//! MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT: Checks that messages have the same value for the message_set_wire_format option.
//!
//! Deprecated with no replacement. buf 1.75.0 cannot load message sets at all (protobuf-go
//! rejects them), so the rule never reports; neither does ours.

use crate::breaking::{BreakingDocs, BreakingRule};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Deprecated: checks that messages keep the `message_set_wire_format` option. buf cannot load message sets, so the rule never reports.",
    why: "Message sets encode their extensions differently from ordinary messages, so switching the option makes existing data unreadable.",
    previous: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1;\n}\n",
    example: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1;\n  optional string title = 2;\n}\n",
    use_instead: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
