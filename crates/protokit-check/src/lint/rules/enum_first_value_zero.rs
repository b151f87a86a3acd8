//! ENUM_FIRST_VALUE_ZERO: Checks that all first values of enums have a numeric value of 0.

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
