//! PROTOVALIDATE: Checks that protovalidate rules are valid and all CEL expressions compile.
//!
//! Not implemented yet: protokit lists the rule (it is in buf's `STANDARD` category) and
//! reports it as not supported when a config names it.

use crate::lint::RuleDocs;

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that protovalidate rules (the `buf.validate` options) are valid and that all their CEL expressions compile.",
    why: "Invalid validation rules fail at runtime, in every language, instead of at build time.",
    example: "",
    use_instead: "",
    example_path: "",
};
