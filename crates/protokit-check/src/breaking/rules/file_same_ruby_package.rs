//! FILE_SAME_RUBY_PACKAGE: Checks that files have the same value for the ruby_package option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("ruby_package", 45, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `ruby_package` option. An unset option counts as its default (\"\"), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"ruby_package\" changed from ... to ....`",
    why: "Generated Ruby classes move to another module, breaking every reference to them.",
    previous: r#"syntax = "proto3";

package acme.v1;

option ruby_package = "Acme::V1";

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option ruby_package = "Acme::Orders::V1";

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option ruby_package = "Acme::V1";

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
