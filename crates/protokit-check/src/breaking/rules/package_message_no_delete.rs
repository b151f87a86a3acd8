//! PACKAGE_MESSAGE_NO_DELETE: Checks that messages are not deleted from a given package.

use crate::breaking::deletions::{self, Kind};
use crate::breaking::{BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        deletions::check_package(cx, prev, cur, Kind::Message);
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that no message disappears from a package that still exists: messages are compared by full name across all files of the package, so moving one to another file is fine. As in buf, a package is only compared when the current version still declares some message in it. A deletion is reported on the enclosing message wherever it now lives, else on the current file of the old path, else (that file is gone too) with no path.",
    why: "Generated code in languages organised by package (Go, Java with java_multiple_files, C#) loses the type, and readers that resolve it by full name (Any, JSON, reflection) no longer find it.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
  message Line {
    string sku = 1;
  }
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
  message Line {
    option deprecated = true;
    string sku = 1;
  }
}
"#,
    example_path: "acme/v1/order.proto",
};
