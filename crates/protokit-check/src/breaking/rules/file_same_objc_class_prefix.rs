//! FILE_SAME_OBJC_CLASS_PREFIX: Checks that files have the same value for the objc_class_prefix option.

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
