//! PACKAGE_SERVICE_NO_DELETE: Checks that services are not deleted from a given package.

use crate::breaking::deletions::{self, Kind};
use crate::breaking::{BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        deletions::check_package(cx, prev, cur, Kind::Service);
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that no service disappears from a package that still exists: services are compared by full name across the files of the package, so moving one between files is fine. Unlike messages, enums and extensions, a package is compared even when it has no service left. Positions follow PACKAGE_MESSAGE_NO_DELETE.",
    why: "Clients built against the previous version call the service by its full name (`/acme.v1.OrderService/...`) and get \"unimplemented\".",
    previous: r#"syntax = "proto3";

package acme.v1;

message Empty {}

service OrderService {
  rpc Ping(Empty) returns (Empty);
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

message Empty {}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message Empty {}

service OrderService {
  option deprecated = true;
  rpc Ping(Empty) returns (Empty);
}
"#,
    example_path: "acme/v1/order.proto",
};
