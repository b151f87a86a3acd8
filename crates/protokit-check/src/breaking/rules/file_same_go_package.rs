//! FILE_SAME_GO_PACKAGE: Checks that files have the same value for the go_package option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("go_package", 11, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `go_package` option. An unset option counts as its default (\"\"), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"go_package\" changed from ... to ....`",
    why: "Generated Go code moves to another import path or package name, so every Go import of it breaks.",
    previous: r#"syntax = "proto3";

package acme.v1;

option go_package = "example.com/acme/v1;acmev1";

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option go_package = "example.com/acme/orders/v1;ordersv1";

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option go_package = "example.com/acme/v1;acmev1";

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
