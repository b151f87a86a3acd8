//! FILE_SAME_RUBY_PACKAGE: Checks that files have the same value for the ruby_package option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("ruby_package", 45, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
