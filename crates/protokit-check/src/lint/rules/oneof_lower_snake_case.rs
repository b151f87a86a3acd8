//! ONEOF_LOWER_SNAKE_CASE: Checks that oneof names are lower_snake_case.
//!
//! buf reports at the oneof's name with `Oneof name "fooBar" should be lower_snake_case,
//! such as "foo_bar".`; the synthetic oneofs protoc makes for proto3 `optional` fields
//! (named `_field`) are skipped.

use crate::lint::elements::{child, tag};
use crate::lint::naming::{is_lower_snake_case, to_lower_snake_case};
use crate::lint::{Cx, LintRule, Oneof, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_oneof(&self, cx: &mut Cx<'_>, o: &Oneof<'_>) {
        if o.is_synthetic() {
            return;
        }
        let name = o.desc.name.as_deref().unwrap_or("");
        if !is_lower_snake_case(name) {
            cx.report(
                o.file,
                &child(o.path, &[tag::NAME]),
                format!(
                    "Oneof name \"{name}\" should be lower_snake_case, such as \"{}\".",
                    to_lower_snake_case(name)
                ),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that oneof names are lower_snake_case, like field names. The oneofs protoc synthesizes for proto3 `optional` fields are not checked.",
    why: "Oneofs become fields, enums or accessors in generated code named after the oneof; lower_snake_case keeps them consistent with the fields around them.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  oneof FooKind {\n    string name = 1;\n    int64 id = 2;\n  }\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  oneof foo_kind {\n    string name = 1;\n    int64 id = 2;\n  }\n}\n",
    example_path: "foo/v1/foo.proto",
};
