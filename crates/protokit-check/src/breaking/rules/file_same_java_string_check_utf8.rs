//! FILE_SAME_JAVA_STRING_CHECK_UTF8: Checks that files have the same value for the java_string_check_utf8 option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("java_string_check_utf8", 27, OptionKind::Bool(false));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
