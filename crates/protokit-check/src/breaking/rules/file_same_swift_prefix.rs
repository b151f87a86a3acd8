//! FILE_SAME_SWIFT_PREFIX: Checks that files have the same value for the swift_prefix option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("swift_prefix", 39, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `swift_prefix` option. An unset option counts as its default (\"\"), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"swift_prefix\" changed from ... to ....`",
    why: "Every generated Swift type is renamed.",
    previous: r#"syntax = "proto3";

package acme.v1;

option swift_prefix = "ACM";

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option swift_prefix = "ACO";

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option swift_prefix = "ACM";

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
