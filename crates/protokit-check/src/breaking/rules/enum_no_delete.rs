//! ENUM_NO_DELETE: Checks that enums are not deleted from a given file.

use crate::breaking::deletions::{self, Kind};
use crate::breaking::{BreakingDocs, BreakingRule, Cx};
use crate::image::ImageFile;

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, prev: &ImageFile, cur: Option<&ImageFile>) {
        deletions::check_file(cx, prev, cur, Kind::Enum);
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that no enum, nested enums included, disappears from a file that still exists. Enums are compared by their name inside the package, so moving an enum to another file is reported too. A top-level enum is reported on the file, a nested one on its enclosing message.",
    why: "Generated code for the file no longer defines the enum, so code that uses it stops compiling; fields of that enum type in older peers no longer have a definition to decode into.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Order {
  Status status = 1;
}

enum Status {
  STATUS_UNSPECIFIED = 0;
  STATUS_OPEN = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

message Order {
  reserved 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message Order {
  Status status = 1 [deprecated = true];
}

enum Status {
  option deprecated = true;
  STATUS_UNSPECIFIED = 0;
  STATUS_OPEN = 1;
}
"#,
    example_path: "acme/v1/order.proto",
};
