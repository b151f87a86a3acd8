//! SERVICE_PASCAL_CASE: Checks that services are PascalCase.
//!
//! buf reports at the service's name with `Service name "foo_service" should be PascalCase,
//! such as "FooService".`.

use crate::lint::elements::{child, tag};
use crate::lint::naming::{is_pascal_case, to_pascal_case};
use crate::lint::{Cx, LintRule, RuleDocs, Service};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_service(&self, cx: &mut Cx<'_>, s: &Service<'_>) {
        let name = s.desc.name.as_deref().unwrap_or("");
        if !is_pascal_case(name) {
            cx.report(
                s.file,
                &child(s.path, &[tag::NAME]),
                format!(
                    "Service name \"{name}\" should be PascalCase, such as \"{}\".",
                    to_pascal_case(name)
                ),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that service names are PascalCase: an upper-case first letter and no underscores.",
    why: "Services turn into client and server types in generated code; PascalCase keeps them consistent with messages and with the conventions of the generated languages.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage GetFooRequest {}\nmessage GetFooResponse {}\n\nservice foo_service {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage GetFooRequest {}\nmessage GetFooResponse {}\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n",
    example_path: "foo/v1/foo.proto",
};
