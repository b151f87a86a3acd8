//! FILE_SAME_JAVA_GENERIC_SERVICES: Checks that files have the same value for the java_generic_services option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("java_generic_services", 17, OptionKind::Bool(false));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `java_generic_services` option. An unset option counts as its default (false), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"java_generic_services\" changed from ... to ....`",
    why: "The generic Java service classes generated for the file appear or disappear, breaking code built on them.",
    previous: r#"syntax = "proto3";

package acme.v1;

option java_generic_services = true;

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option java_generic_services = false;

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option java_generic_services = true;

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
