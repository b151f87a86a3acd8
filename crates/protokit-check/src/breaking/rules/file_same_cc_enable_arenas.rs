//! FILE_SAME_CC_ENABLE_ARENAS: Checks that files have the same value for the cc_enable_arenas option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("cc_enable_arenas", 31, OptionKind::Bool(true));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
