//! FILE_SAME_JAVA_STRING_CHECK_UTF8: Checks that files have the same value for the java_string_check_utf8 option.

use crate::breaking::file_options::{file_option_rule, OptionKind};
use crate::breaking::BreakingDocs;

file_option_rule!("java_string_check_utf8", 27, OptionKind::Bool(false));

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Deprecated (v1beta1 and v1 configs only). buf 1.75.0 no longer runs this rule: naming it in `breaking.use` turns on FIELD_SAME_JAVA_UTF8_VALIDATION instead, which reports the change of `java_string_check_utf8` on each string field whose Java UTF-8 validation it changes (proto2 strings; proto3 strings are always validated). Were it run, it would compare the effective value of the file option (default false).",
    why: "Generated Java code validates UTF-8 in string fields only with this option; turning it off or on changes what parsing accepts.",
    previous: r#"syntax = "proto2";

package acme.v1;

option java_string_check_utf8 = true;

message Order {
  optional string id = 1;
}
"#,
    example: r#"syntax = "proto2";

package acme.v1;

option java_string_check_utf8 = false;

message Order {
  optional string id = 1;
}
"#,
    use_instead: r#"syntax = "proto2";

package acme.v1;

option java_string_check_utf8 = true;

message Order {
  optional string id = 1;
  optional string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
