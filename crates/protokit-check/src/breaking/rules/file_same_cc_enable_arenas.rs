//! FILE_SAME_CC_ENABLE_ARENAS: Checks that files have the same value for the cc_enable_arenas option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("cc_enable_arenas", 31, OptionKind::Bool(true));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `cc_enable_arenas` option. An unset option counts as its default (true), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"cc_enable_arenas\" changed from ... to ....`",
    why: "C++ code generated with and without arena support differs; code that allocates messages on arenas stops compiling or changes behaviour.",
    previous: r#"syntax = "proto3";

package acme.v1;

option cc_enable_arenas = true;

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option cc_enable_arenas = false;

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option cc_enable_arenas = true;

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
