//! FILE_SAME_PHP_METADATA_NAMESPACE: Checks that files have the same value for the php_metadata_namespace option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("php_metadata_namespace", 44, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
