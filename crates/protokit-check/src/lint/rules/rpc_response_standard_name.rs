//! RPC_RESPONSE_STANDARD_NAME: Checks that RPC response type names are RPCNameResponse or ServiceNameRPCNameResponse (configurable).
//!
//! The response type's simple name (its last component, so a nested `Outer.GetResponse` counts
//! as `GetResponse`) must be `<Rpc>Response` or `<Service><Rpc>Response`. buf reports at the
//! response type (`[6, s, 2, m, 3]`): `RPC response type "Foo" should be named "GetResponse" or
//! "FooServiceGetResponse".`. With `rpc_allow_google_protobuf_empty_responses`,
//! `google.protobuf.Empty` responses are accepted.

use crate::lint::elements::{child, tag};
use crate::lint::{Cx, LintRule, Method, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_method(&self, cx: &mut Cx<'_>, m: &Method<'_>) {
        let full = m.desc.output_type.as_deref().unwrap_or("");
        let full = full.strip_prefix('.').unwrap_or(full);
        if full == "google.protobuf.Empty" && cx.config().rpc_allow_google_protobuf_empty_responses
        {
            return;
        }
        let simple = full.rsplit('.').next().unwrap_or(full);
        let rpc = m.desc.name.as_deref().unwrap_or("");
        let service = m.service.name.as_deref().unwrap_or("");
        let short = format!("{rpc}Response");
        let long = format!("{service}{rpc}Response");
        if simple != short && simple != long {
            cx.report(
                m.file,
                &child(m.path, &[tag::METHOD_OUTPUT]),
                format!(
                    "RPC response type \"{simple}\" should be named \"{short}\" or \"{long}\"."
                ),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that the response type of every RPC is named after it: `<Rpc>Response` or `<Service><Rpc>Response` (only the type's own name counts, not the messages it is nested in). With `rpc_allow_google_protobuf_empty_responses: true`, `google.protobuf.Empty` is accepted too.",
    why: "A response type dedicated to one RPC, named after it, can gain fields for that RPC alone without changing any other RPC's contract; the name makes the pairing obvious.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (Foo);\n}\n\nmessage GetFooRequest {}\n\nmessage Foo {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {}\n",
    example_path: "foo/v1/foo.proto",
};
