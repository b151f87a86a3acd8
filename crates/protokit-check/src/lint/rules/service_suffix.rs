//! SERVICE_SUFFIX: Checks that services have a consistent suffix (configurable, default suffix is "Service").

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
