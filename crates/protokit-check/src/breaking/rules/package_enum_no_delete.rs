//! PACKAGE_ENUM_NO_DELETE: Checks that enums are not deleted from a given package.

use crate::breaking::deletions::{self, Kind};
use crate::breaking::{BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        deletions::check_package(cx, prev, cur, Kind::Enum);
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that no enum disappears from a package that still exists: enums are compared by full name across all files of the package, so moving one between files is fine. As in buf, a package is only compared when the current version still declares some enum in it. Positions follow PACKAGE_MESSAGE_NO_DELETE.",
    why: "Code generated per package loses the enum type, and readers that look it up by full name no longer find it.",
    previous: r#"syntax = "proto3";

package acme.v1;

enum Status {
  STATUS_UNSPECIFIED = 0;
}

enum Channel {
  CHANNEL_UNSPECIFIED = 0;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

enum Status {
  STATUS_UNSPECIFIED = 0;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

enum Status {
  STATUS_UNSPECIFIED = 0;
}

enum Channel {
  option deprecated = true;
  CHANNEL_UNSPECIFIED = 0;
}
"#,
    example_path: "acme/v1/order.proto",
};
