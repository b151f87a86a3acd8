//! SERVICE_NO_DELETE: Checks that services are not deleted from a given file.

use crate::breaking::deletions::{self, Kind};
use crate::breaking::{BreakingDocs, BreakingRule, Cx};
use crate::image::ImageFile;

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, prev: &ImageFile, cur: Option<&ImageFile>) {
        deletions::check_file(cx, prev, cur, Kind::Service);
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that no service disappears from a file that still exists. Services are compared by name inside the package; moving a service to another file is reported too. The finding is on the current file, without a position.",
    why: "Clients generated from the previous version call RPCs of the deleted service and get \"unimplemented\"; generated server and client code that references the service no longer compiles.",
    previous: r#"syntax = "proto3";

package acme.v1;

message GetOrderRequest {}
message GetOrderResponse {}

service OrderService {
  rpc GetOrder(GetOrderRequest) returns (GetOrderResponse);
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

message GetOrderRequest {}
message GetOrderResponse {}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message GetOrderRequest {}
message GetOrderResponse {}

service OrderService {
  option deprecated = true;
  rpc GetOrder(GetOrderRequest) returns (GetOrderResponse);
}
"#,
    example_path: "acme/v1/order.proto",
};
