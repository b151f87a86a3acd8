//! RPC_NO_CLIENT_STREAMING: Checks that RPCs are not client streaming.
//!
//! buf reports at the whole `rpc` declaration with `RPC "Foo" is client streaming.`.

use crate::lint::{Cx, LintRule, Method, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_method(&self, cx: &mut Cx<'_>, m: &Method<'_>) {
        if m.desc.client_streaming == Some(true) {
            let name = m.desc.name.as_deref().unwrap_or("");
            cx.report(
                m.file,
                m.path,
                format!("RPC \"{name}\" is client streaming."),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that no RPC takes a stream of requests (`rpc Foo(stream FooRequest)`).",
    why: "Client streaming is poorly supported by browsers, proxies and many HTTP stacks, and is hard to retry and load-balance; unary RPCs work everywhere.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage UploadRequest {}\nmessage UploadResponse {}\n\nservice FooService {\n  rpc Upload(stream UploadRequest) returns (UploadResponse);\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage UploadRequest {}\nmessage UploadResponse {}\n\nservice FooService {\n  rpc Upload(UploadRequest) returns (UploadResponse);\n}\n",
    example_path: "foo/v1/foo.proto",
};
