//! MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR: Checks that messages do not change the no_standard_descriptor_accessor option from false or unset to true.

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
