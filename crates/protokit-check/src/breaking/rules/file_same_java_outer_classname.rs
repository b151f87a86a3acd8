//! FILE_SAME_JAVA_OUTER_CLASSNAME: Checks that files have the same value for the java_outer_classname option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("java_outer_classname", 8, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `java_outer_classname` option. An unset option counts as its default (\"\"), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"java_outer_classname\" changed from ... to ....`",
    why: "The Java outer class changes name, so code referring to it (or to types nested in it) breaks.",
    previous: r#"syntax = "proto3";

package acme.v1;

option java_outer_classname = "OrderProto";

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option java_outer_classname = "OrdersProto";

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option java_outer_classname = "OrderProto";

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
