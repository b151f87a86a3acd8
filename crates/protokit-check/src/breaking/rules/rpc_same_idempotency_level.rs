//! RPC_SAME_IDEMPOTENCY_LEVEL: Checks that rpcs have the same value for the idempotency_level option.

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
