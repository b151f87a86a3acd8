//! FILE_SAME_CC_GENERIC_SERVICES: Checks that files have the same value for the cc_generic_services option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("cc_generic_services", 16, OptionKind::Bool(false));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
