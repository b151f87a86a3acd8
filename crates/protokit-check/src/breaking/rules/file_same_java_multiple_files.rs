//! FILE_SAME_JAVA_MULTIPLE_FILES: Checks that files have the same value for the java_multiple_files option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("java_multiple_files", 10, OptionKind::Bool(false));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
