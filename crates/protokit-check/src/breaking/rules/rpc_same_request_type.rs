//! RPC_SAME_REQUEST_TYPE: Checks that rpcs are have the same request type.
//!
//! Compares full type names; positioned on the current request type.

use crate::breaking::{BreakingDocs, BreakingRule, Cx, MethodItem};
use crate::lint::elements::{child, tag};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_method(&self, cx: &mut Cx<'_>, prev: &MethodItem<'_>, cur: &MethodItem<'_>) {
        let t = |m: &MethodItem<'_>| {
            m.method
                .desc
                .input_type
                .as_deref()
                .unwrap_or("")
                .trim_start_matches('.')
                .to_string()
        };
        let (a, b) = (t(prev), t(cur));
        if a == b {
            return;
        }
        let message = format!(
            "RPC \"{}\" on service \"{}\" changed request type from \"{a}\" to \"{b}\".",
            cur.method.desc.name.as_deref().unwrap_or(""),
            cur.service.desc.name.as_deref().unwrap_or(""),
        );
        cx.report(
            cur.method.file,
            &child(&cur.method.path, &[tag::METHOD_INPUT]),
            message,
        );
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every RPC keeps its request message type.",
    why: "Clients and servers encode and decode the request with the generated type; a different type breaks generated code and, unless the messages happen to be compatible, the wire.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {}\n\nmessage GetBarRequest {}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetBarRequest) returns (GetBarRequest);\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {}\n\nmessage GetBarRequest {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n  rpc GetBar(GetBarRequest) returns (GetFooResponse);\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {}\n\nmessage GetBarRequest {}\n",
    example_path: "foo/v1/foo.proto",
};
