//! ENUM_NO_ALLOW_ALIAS: Checks that enums do not have the allow_alias option set.

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
