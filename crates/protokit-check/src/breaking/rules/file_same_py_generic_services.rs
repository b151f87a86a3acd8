//! FILE_SAME_PY_GENERIC_SERVICES: Checks that files have the same value for the py_generic_services option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("py_generic_services", 18, OptionKind::Bool(false));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
