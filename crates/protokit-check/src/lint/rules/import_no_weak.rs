//! IMPORT_NO_WEAK: Checks that imports are not weak.
//!
//! Deprecated in buf, and in buf 1.75.0 it reports nothing: the ID is still accepted in
//! `use`/`except` (with a deprecation warning) but no check runs under it, weak imports
//! included. protokit does the same, so that swapping `buf lint` for `protokit lint` does not
//! change any result.

use crate::lint::{LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Deprecated: meant to check that no import is `import weak`. buf 1.75.0 accepts the ID but reports nothing for it, and neither does protokit; remove it from `buf.yaml`.",
    why: "Weak imports are a legacy protoc feature that most generators ignore; the rule is kept only so that configurations naming it stay valid.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nimport weak \"google/protobuf/timestamp.proto\";\n\nmessage Foo {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {}\n",
    example_path: "foo/v1/foo.proto",
};
