//! FILE_SAME_OPTIMIZE_FOR: Checks that files have the same value for the optimize_for option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("optimize_for", 9, OptionKind::OptimizeMode);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
