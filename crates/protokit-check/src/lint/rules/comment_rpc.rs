//! COMMENT_RPC: Checks that RPCs have non-empty comments.
//!
//! See [`super::comment_message`] for what counts as documentation.

use super::comment_message::check;
use crate::lint::{Cx, LintRule, Method, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_method(&self, cx: &mut Cx<'_>, m: &Method<'_>) {
        check(
            cx,
            m.file,
            m.path,
            "RPC",
            m.desc.name.as_deref().unwrap_or(""),
        );
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every RPC has a leading comment with some text.",
    why: "RPC comments document what a call does, its errors and side effects in generated clients and API references.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// Request of GetFoo.\nmessage GetFooRequest {}\n// Response of GetFoo.\nmessage GetFooResponse {}\n\n// Manages foos.\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// Request of GetFoo.\nmessage GetFooRequest {}\n// Response of GetFoo.\nmessage GetFooResponse {}\n\n// Manages foos.\nservice FooService {\n  // Gets a foo by name.\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n",
    example_path: "foo/v1/foo.proto",
};
