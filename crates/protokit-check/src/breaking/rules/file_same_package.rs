//! FILE_SAME_PACKAGE: Checks that files have the same package.

use crate::breaking::file_options::report_at;
use crate::breaking::{BreakingDocs, BreakingRule, Cx};
use crate::image::ImageFile;
use crate::lint::elements::tag;

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, prev: &ImageFile, cur: Option<&ImageFile>) {
        let Some(cur) = cur else { return };
        if prev.package() != cur.package() {
            let msg = format!(
                "File package changed from \"{}\" to \"{}\".",
                prev.package(),
                cur.package()
            );
            report_at(cx, cur, &[tag::FILE_PACKAGE], msg);
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that a file keeps its package. A missing package counts as `\"\"`. The finding is on the current `package` statement, or on the file when it has none.",
    why: "Every full name in the file changes: generated code moves, RPC paths and Any type URLs change, and importers no longer resolve the types.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v2;

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
