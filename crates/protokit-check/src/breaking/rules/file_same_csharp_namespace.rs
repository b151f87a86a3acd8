//! FILE_SAME_CSHARP_NAMESPACE: Checks that files have the same value for the csharp_namespace option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("csharp_namespace", 37, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `csharp_namespace` option. An unset option counts as its default (\"\"), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"csharp_namespace\" changed from ... to ....`",
    why: "Generated C# types move to another namespace, so every `using` of them breaks.",
    previous: r#"syntax = "proto3";

package acme.v1;

option csharp_namespace = "Acme.V1";

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option csharp_namespace = "Acme.Orders.V1";

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option csharp_namespace = "Acme.V1";

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
