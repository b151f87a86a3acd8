//! RPC_RESPONSE_STANDARD_NAME: Checks that RPC response type names are RPCNameResponse or ServiceNameRPCNameResponse (configurable).

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
