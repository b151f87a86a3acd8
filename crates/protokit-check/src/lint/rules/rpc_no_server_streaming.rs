//! RPC_NO_SERVER_STREAMING: Checks that RPCs are not server streaming.
//!
//! buf reports at the whole `rpc` declaration with `RPC "Foo" is server streaming.`.

use crate::lint::{Cx, LintRule, Method, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_method(&self, cx: &mut Cx<'_>, m: &Method<'_>) {
        if m.desc.server_streaming == Some(true) {
            let name = m.desc.name.as_deref().unwrap_or("");
            cx.report(
                m.file,
                m.path,
                format!("RPC \"{name}\" is server streaming."),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that no RPC returns a stream of responses (`returns (stream FooResponse)`).",
    why: "Server streaming needs long-lived connections that many proxies, browsers and serverless platforms handle badly; unary RPCs (with pagination) work everywhere.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage WatchRequest {}\nmessage WatchResponse {}\n\nservice FooService {\n  rpc Watch(WatchRequest) returns (stream WatchResponse);\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage WatchRequest {}\nmessage WatchResponse {}\n\nservice FooService {\n  rpc Watch(WatchRequest) returns (WatchResponse);\n}\n",
    example_path: "foo/v1/foo.proto",
};
