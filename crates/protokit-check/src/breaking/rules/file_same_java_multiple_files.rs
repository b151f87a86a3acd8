//! FILE_SAME_JAVA_MULTIPLE_FILES: Checks that files have the same value for the java_multiple_files option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("java_multiple_files", 10, OptionKind::Bool(false));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `java_multiple_files` option. An unset option counts as its default (false), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"java_multiple_files\" changed from ... to ....`",
    why: "Generated Java types move between top-level classes and nested classes of the outer class, so every Java import of them breaks.",
    previous: r#"syntax = "proto3";

package acme.v1;

option java_multiple_files = true;

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option java_multiple_files = false;

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option java_multiple_files = true;

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
