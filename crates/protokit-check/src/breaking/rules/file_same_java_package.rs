//! FILE_SAME_JAVA_PACKAGE: Checks that files have the same value for the java_package option.

use crate::breaking::{BreakingDocs, BreakingRule};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
