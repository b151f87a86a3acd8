//! FILE_SAME_PHP_GENERIC_SERVICES: Checks that files have the same value for the php_generic_services option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("php_generic_services", 42, OptionKind::Bool(false));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Deprecated (v1beta1 and v1 configs only). The option `php_generic_services` was removed from descriptor.proto, so no source file can set it, and buf 1.75.0 runs no rule for this ID (with it alone in `breaking.use` buf fails with an internal error, \"resultRules was empty\"). Were it run, it would compare the effective value of option field 42 (default false).",
    why: "PHP never had generic services; the option was a no-op, and comparing it protects nothing today.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

// php_generic_services can no longer be written in a .proto file.
message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
}
"#,
    example_path: "acme/v1/order.proto",
};
