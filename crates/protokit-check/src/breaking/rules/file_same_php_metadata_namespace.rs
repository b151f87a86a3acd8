//! FILE_SAME_PHP_METADATA_NAMESPACE: Checks that files have the same value for the php_metadata_namespace option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("php_metadata_namespace", 44, OptionKind::Str);

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that each file keeps the effective value of the `php_metadata_namespace` option. An unset option counts as its default (\"\"), so writing the default explicitly or removing an explicit default is not a change. The finding is on the current option statement, or on the file when the current version no longer sets it: `File option \"php_metadata_namespace\" changed from ... to ....`",
    why: "The generated PHP metadata class moves, breaking code and autoloading that refer to it. Values are quoted as buf does (Go's `%q`: backslashes doubled).",
    previous: r#"syntax = "proto3";

package acme.v1;

option php_metadata_namespace = "Acme\\V1\\Metadata";

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

option php_metadata_namespace = "Acme\\Orders\\Metadata";

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

option php_metadata_namespace = "Acme\\V1\\Metadata";

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
