//! FILE_SAME_CC_GENERIC_SERVICES: Checks that files have the same value for the cc_generic_services option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("cc_generic_services", 16, OptionKind::Bool(false));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `cc_generic_services` option. An unset option counts as its default (false), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"cc_generic_services\" changed from ... to ....`",
    why: "The generic C++ service classes generated for the file appear or disappear, breaking code built on them.",
    previous: r#"syntax = "proto3";

package acme.v1;

option cc_generic_services = true;

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option cc_generic_services = false;

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option cc_generic_services = true;

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
