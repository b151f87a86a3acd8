//! RPC_REQUEST_STANDARD_NAME: Checks that RPC request type names are RPCNameRequest or ServiceNameRPCNameRequest (configurable).
//!
//! The request type's simple name (its last component, so a nested `Outer.GetRequest` counts
//! as `GetRequest`) must be `<Rpc>Request` or `<Service><Rpc>Request`. buf reports at the
//! request type (`[6, s, 2, m, 2]`): `RPC request type "Foo" should be named "GetRequest" or
//! "FooServiceGetRequest".`. With `rpc_allow_google_protobuf_empty_requests`,
//! `google.protobuf.Empty` requests are accepted.

use crate::lint::elements::{child, tag};
use crate::lint::{Cx, LintRule, Method, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_method(&self, cx: &mut Cx<'_>, m: &Method<'_>) {
        let full = m.desc.input_type.as_deref().unwrap_or("");
        let full = full.strip_prefix('.').unwrap_or(full);
        if full == "google.protobuf.Empty" && cx.config().rpc_allow_google_protobuf_empty_requests {
            return;
        }
        let simple = full.rsplit('.').next().unwrap_or(full);
        let rpc = m.desc.name.as_deref().unwrap_or("");
        let service = m.service.name.as_deref().unwrap_or("");
        let short = format!("{rpc}Request");
        let long = format!("{service}{rpc}Request");
        if simple != short && simple != long {
            cx.report(
                m.file,
                &child(m.path, &[tag::METHOD_INPUT]),
                format!("RPC request type \"{simple}\" should be named \"{short}\" or \"{long}\"."),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that the request type of every RPC is named after it: `<Rpc>Request` or `<Service><Rpc>Request` (only the type's own name counts, not the messages it is nested in). With `rpc_allow_google_protobuf_empty_requests: true`, `google.protobuf.Empty` is accepted too.",
    why: "A request type dedicated to one RPC, named after it, can gain fields for that RPC alone without changing any other RPC's contract; the name makes the pairing obvious.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(Foo) returns (GetFooResponse);\n}\n\nmessage Foo {}\n\nmessage GetFooResponse {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {}\n",
    example_path: "foo/v1/foo.proto",
};
