//! PACKAGE_EXTENSION_NO_DELETE: Checks that extensions are not deleted from a given package.

use crate::breaking::deletions::{self, Kind};
use crate::breaking::{BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        deletions::check_package(cx, prev, cur, Kind::Extension);
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that no extension disappears from a package that still exists: extensions are compared by full name across the files of the package, so moving one between files is fine. As in buf, a package is only compared when the current version still declares some extension in it. Positions follow PACKAGE_MESSAGE_NO_DELETE.",
    why: "Code generated per package loses the extension identifier, and extension values in existing data are no longer recognised by name.",
    previous: r#"syntax = "proto2";

package acme.v1;

message Order {
  extensions 100 to 199;
}

extend Order {
  optional string note = 100;
  optional string tag = 101;
}
"#,
    example: r#"syntax = "proto2";

package acme.v1;

message Order {
  extensions 100 to 199;
}

extend Order {
  optional string note = 100;
}
"#,
    use_instead: r#"syntax = "proto2";

package acme.v1;

message Order {
  extensions 100 to 199;
}

extend Order {
  optional string note = 100;
  optional string tag = 101 [deprecated = true];
}
"#,
    example_path: "acme/v1/order.proto",
};
