//! RPC_PASCAL_CASE: Checks that RPCs are PascalCase.
//!
//! buf reports at the RPC's name with `RPC name "get_foo" should be PascalCase, such as
//! "GetFoo".`.

use crate::lint::elements::{child, tag};
use crate::lint::naming::{is_pascal_case, to_pascal_case};
use crate::lint::{Cx, LintRule, Method, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_method(&self, cx: &mut Cx<'_>, m: &Method<'_>) {
        let name = m.desc.name.as_deref().unwrap_or("");
        if !is_pascal_case(name) {
            cx.report(
                m.file,
                &child(m.path, &[tag::NAME]),
                format!(
                    "RPC name \"{name}\" should be PascalCase, such as \"{}\".",
                    to_pascal_case(name)
                ),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that RPC (method) names are PascalCase: an upper-case first letter and no underscores.",
    why: "RPC names become method names and URL paths (`/foo.v1.FooService/GetFoo`); one casing everywhere avoids surprises in generated clients and in HTTP routing.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage GetFooRequest {}\nmessage GetFooResponse {}\n\nservice FooService {\n  rpc get_foo(GetFooRequest) returns (GetFooResponse);\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage GetFooRequest {}\nmessage GetFooResponse {}\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n}\n",
    example_path: "foo/v1/foo.proto",
};
