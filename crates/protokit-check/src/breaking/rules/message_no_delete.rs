//! MESSAGE_NO_DELETE: Checks that messages are not deleted from a given file.

use crate::breaking::deletions::{self, Kind};
use crate::breaking::{BreakingDocs, BreakingRule, Cx};
use crate::image::ImageFile;

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, prev: &ImageFile, cur: Option<&ImageFile>) {
        deletions::check_file(cx, prev, cur, Kind::Message);
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that no message, nested messages and map entries included, disappears from a file that still exists. Messages are compared by their name inside the package; a message moved to another file of the package is still reported here (PACKAGE_MESSAGE_NO_DELETE accepts that). A deleted top-level message is reported on the file, a nested one on its enclosing message.",
    why: "Generated code names each message after its file (Java outer classes, Go and C++ headers, Python modules). Code that refers to a deleted message no longer compiles, and peers that still send it cannot be decoded by name.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
  Item item = 2;
}

message Item {
  string sku = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
  reserved 2;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
  Item item = 2 [deprecated = true];
}

// Deprecated: no longer set.
message Item {
  option deprecated = true;
  string sku = 1;
}
"#,
    example_path: "acme/v1/order.proto",
};
