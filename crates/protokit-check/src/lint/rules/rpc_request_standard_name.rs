//! RPC_REQUEST_STANDARD_NAME: Checks that RPC request type names are RPCNameRequest or ServiceNameRPCNameRequest (configurable).

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
