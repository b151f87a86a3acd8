//! EXTENSION_NO_DELETE: Checks that extensions are not deleted from a given file.

use crate::breaking::deletions::{self, Kind};
use crate::breaking::{BreakingDocs, BreakingRule, Cx};
use crate::image::ImageFile;

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, prev: &ImageFile, cur: Option<&ImageFile>) {
        deletions::check_file(cx, prev, cur, Kind::Extension);
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that no extension, nested extensions included, disappears from a file that still exists. Extensions are compared by name inside the package (their numbers may change under this rule). A top-level extension is reported on the file, one declared inside a message on that message.",
    why: "Generated code exposes each extension as a named identifier of its file; code that reads or sets a deleted extension no longer compiles, and its values in stored or in-flight data are no longer recognised.",
    previous: r#"syntax = "proto2";

package acme.v1;

message Order {
  extensions 100 to 199;
}

extend Order {
  optional string note = 100;
}
"#,
    example: r#"syntax = "proto2";

package acme.v1;

message Order {
  extensions 100 to 199;
}
"#,
    use_instead: r#"syntax = "proto2";

package acme.v1;

message Order {
  extensions 100 to 199;
}

extend Order {
  optional string note = 100 [deprecated = true];
}
"#,
    example_path: "acme/v1/order.proto",
};
