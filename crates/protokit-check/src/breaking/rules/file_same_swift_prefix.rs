//! FILE_SAME_SWIFT_PREFIX: Checks that files have the same value for the swift_prefix option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("swift_prefix", 39, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
