//! STABLE_PACKAGE_NO_IMPORT_UNSTABLE: Checks that all files that have stable versioned packages do not import packages with unstable version packages.

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
