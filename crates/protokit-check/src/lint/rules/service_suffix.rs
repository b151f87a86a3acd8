//! SERVICE_SUFFIX: Checks that services have a consistent suffix (configurable, default
//! `Service`).
//!
//! buf reports at the service's name with `Service name "Foo" should be suffixed with
//! "Service".`; the match is case-sensitive. An empty `service_suffix` means the default, as
//! in buf.

use crate::lint::elements::{child, tag};
use crate::lint::{Cx, LintRule, RuleDocs, Service};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_service(&self, cx: &mut Cx<'_>, s: &Service<'_>) {
        let suffix = match cx.config().service_suffix.as_str() {
            "" => "Service",
            s => s,
        };
        let name = s.desc.name.as_deref().unwrap_or("");
        if !name.ends_with(suffix) {
            cx.report(
                s.file,
                &child(s.path, &[tag::NAME]),
                format!("Service name \"{name}\" should be suffixed with \"{suffix}\"."),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that service names end with the configured suffix, `Service` unless `service_suffix` says otherwise (case-sensitive).",
    why: "A fixed suffix tells services apart from messages at a glance and keeps generated client and server type names predictable.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage GetFooRequest {}\nmessage GetFooResponse {}\n\nservice Foo {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage GetFooRequest {}\nmessage GetFooResponse {}\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n",
    example_path: "foo/v1/foo.proto",
};
