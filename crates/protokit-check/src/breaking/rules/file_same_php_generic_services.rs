//! FILE_SAME_PHP_GENERIC_SERVICES: Checks that files have the same value for the php_generic_services option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("php_generic_services", 42, OptionKind::Bool(false));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
