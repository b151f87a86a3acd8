//! FILE_SAME_OPTIMIZE_FOR: Checks that files have the same value for the optimize_for option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("optimize_for", 9, OptionKind::OptimizeMode);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `optimize_for` option. An unset option counts as its default (SPEED), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"optimize_for\" changed from ... to ....`",
    why: "Generated C++ and Java code switches between the full and the lite runtime, which are not interchangeable at link time or in APIs (descriptors, reflection).",
    previous: r#"syntax = "proto3";

package acme.v1;

option optimize_for = LITE_RUNTIME;

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option optimize_for = CODE_SIZE;

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option optimize_for = LITE_RUNTIME;

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
