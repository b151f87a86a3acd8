//! COMMENT_SERVICE: Checks that services have non-empty comments.
//!
//! See [`super::comment_message`] for what counts as documentation.

use super::comment_message::check;
use crate::lint::{Cx, LintRule, RuleDocs, Service};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_service(&self, cx: &mut Cx<'_>, s: &Service<'_>) {
        check(
            cx,
            s.file,
            s.path,
            "Service",
            s.desc.name.as_deref().unwrap_or(""),
        );
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every service has a leading comment with some text.",
    why: "Service comments become the documentation of generated clients and servers; they are the entry point of an API.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// Request of GetFoo.\nmessage GetFooRequest {}\n// Response of GetFoo.\nmessage GetFooResponse {}\n\nservice FooService {\n  // Gets a foo.\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// Request of GetFoo.\nmessage GetFooRequest {}\n// Response of GetFoo.\nmessage GetFooResponse {}\n\n// Manages foos.\nservice FooService {\n  // Gets a foo.\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n",
    example_path: "foo/v1/foo.proto",
};
