//! FILE_NO_DELETE: Checks that files are not deleted.

use crate::breaking::{BreakingDocs, BreakingRule, Cx};
use crate::image::ImageFile;

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, prev: &ImageFile, cur: Option<&ImageFile>) {
        if cur.is_none() {
            let msg = format!("Previously present file \"{}\" was deleted.", prev.name());
            cx.report_deleted_file(prev, msg);
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every file of the previous module still exists under the same path. The finding has no path and no position (buf prints `<input>:1:1`); `ignore` paths still match the deleted file.",
    why: "Files are what other modules import and what generated code is organised by: importers stop compiling, and generated packages or headers named after the file vanish.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

// Deleting this file, or renaming it, is reported.
message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

// Keep the file at its path; deprecate what it declares instead.
message Order {
  option deprecated = true;
  string id = 1;
}
"#,
    example_path: "acme/v1/order.proto",
};
