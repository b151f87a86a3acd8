//! FILE_SAME_PHP_CLASS_PREFIX: Checks that files have the same value for the php_class_prefix option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("php_class_prefix", 40, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `php_class_prefix` option. An unset option counts as its default (\"\"), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"php_class_prefix\" changed from ... to ....`",
    why: "Every generated PHP class is renamed.",
    previous: r#"syntax = "proto3";

package acme.v1;

option php_class_prefix = "Acme";

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option php_class_prefix = "Acm";

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option php_class_prefix = "Acme";

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
