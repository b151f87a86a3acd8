//! ENUM_ZERO_VALUE_SUFFIX: Checks that enum zero values have a consistent suffix (configurable, default suffix is "_UNSPECIFIED").

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
