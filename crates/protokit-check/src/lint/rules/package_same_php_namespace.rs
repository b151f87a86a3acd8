//! PACKAGE_SAME_PHP_NAMESPACE: Checks that all files with a given package have the same value for the php_namespace option.

use crate::lint::{LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "",
    why: "",
    example: "",
    use_instead: "",
    example_path: "",
};
