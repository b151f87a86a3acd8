//! RPC_SAME_CLIENT_STREAMING: Checks that rpcs have the same client streaming value.
//!
//! Positioned on the whole current RPC.

use crate::breaking::{BreakingDocs, BreakingRule, Cx, MethodItem};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_method(&self, cx: &mut Cx<'_>, prev: &MethodItem<'_>, cur: &MethodItem<'_>) {
        let s = |m: &MethodItem<'_>| m.method.desc.client_streaming == Some(true);
        let (a, b) = (s(prev), s(cur));
        if a == b {
            return;
        }
        let word = |v: bool| if v { "streaming" } else { "unary" };
        let message = format!(
            "RPC \"{}\" on service \"{}\" changed from client {} to client {}.",
            cur.method.desc.name.as_deref().unwrap_or(""),
            cur.service.desc.name.as_deref().unwrap_or(""),
            word(a),
            word(b)
        );
        cx.report(cur.method.file, &cur.method.path, message);
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every RPC keeps its client streaming mode: a unary request may not become a stream, nor a stream unary.",
    why: "Streaming and unary RPCs use different generated stubs and call semantics, so switching the request breaks every client and server of the RPC.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {}\n\nmessage GetBarRequest {}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(stream GetFooRequest) returns (stream GetFooResponse);\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {}\n\nmessage GetBarRequest {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n  rpc StreamFoo(stream GetFooRequest) returns (stream GetFooResponse);\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {}\n\nmessage GetBarRequest {}\n",
    example_path: "foo/v1/foo.proto",
};
