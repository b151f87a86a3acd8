//! FILE_SAME_CSHARP_NAMESPACE: Checks that files have the same value for the csharp_namespace option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("csharp_namespace", 37, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
