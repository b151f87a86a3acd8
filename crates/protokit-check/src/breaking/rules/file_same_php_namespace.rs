//! FILE_SAME_PHP_NAMESPACE: Checks that files have the same value for the php_namespace option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("php_namespace", 41, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `php_namespace` option. An unset option counts as its default (\"\"), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"php_namespace\" changed from ... to ....`",
    why: "Generated PHP classes move to another namespace, breaking every `use` of them. Values are quoted as buf does (Go's `%q`: backslashes doubled).",
    previous: r#"syntax = "proto3";

package acme.v1;

option php_namespace = "Acme\\V1";

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option php_namespace = "Acme\\Orders\\V1";

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option php_namespace = "Acme\\V1";

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
