//! FIELD_SAME_UTF8_VALIDATION: Checks that string fields have the same UTF8 validation mode.

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
