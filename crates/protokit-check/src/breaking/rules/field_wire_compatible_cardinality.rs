//! FIELD_WIRE_COMPATIBLE_CARDINALITY: Checks that fields have wire-compatible cardinalities in a given message.

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
