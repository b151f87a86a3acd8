//! FIELD_SAME_TYPE: Checks that fields have the same types in a given message.
//!
//! Fields (and extensions, paired by extendee and number) are compared by kind as protobuf-go
//! resolves it (a delimited message field in editions is a group); a changed kind is reported as
//! `changed type from "int32" to "int64"`, a changed message, group or enum type with the full
//! type names. Positioned on the current field's type (`type_name` for named types).

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, |cx, p| {
            fields::check_type(cx, p, |_, _| false, |_, _| String::new())
        });
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field keeps its type: the same scalar type, or for message, group and enum fields the same referenced type. Extensions are compared with the extension of the same extendee and number.",
    why: "Generated code exposes a field through its type; changing it breaks every caller that reads or sets the field, even where the wire format happens to be compatible.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  int32 count = 1;\n  Bar bar = 2;\n}\n\nmessage Bar {}\n\nmessage Baz {}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  int64 count = 1;\n  Baz bar = 2;\n}\n\nmessage Bar {}\n\nmessage Baz {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  int32 count = 1;\n  Bar bar = 2;\n  int64 count_64 = 3;\n  Baz baz = 4;\n}\n\nmessage Bar {}\n\nmessage Baz {}\n",
    example_path: "foo/v1/foo.proto",
};
