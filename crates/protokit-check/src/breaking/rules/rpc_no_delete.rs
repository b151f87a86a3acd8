//! RPC_NO_DELETE: Checks that rpcs are not deleted from a given service.

use protokit_compiler::descriptor::ServiceDescriptorProto;

use crate::breaking::{BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_service(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, ServiceDescriptorProto>,
        cur: &Item<'_, ServiceDescriptorProto>,
    ) {
        let owner = prev.desc.name.as_deref().unwrap_or("");
        for m in &prev.desc.method {
            if cur.desc.method.iter().any(|c| c.name == m.name) {
                continue;
            }
            let name = m.name.as_deref().unwrap_or("");
            cx.report(
                cur.file,
                &cur.path,
                format!("Previously present RPC \"{name}\" on service \"{owner}\" was deleted."),
            );
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every RPC of a service (matched by full name) still exists under the same name. The finding is on the current service.",
    why: "Clients generated from the previous version still call the RPC and get \"unimplemented\"; server code implementing it no longer matches the generated interface.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Req {}
message Resp {}

service OrderService {
  rpc GetOrder(Req) returns (Resp);
  rpc CancelOrder(Req) returns (Resp);
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

message Req {}
message Resp {}

service OrderService {
  rpc GetOrder(Req) returns (Resp);
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message Req {}
message Resp {}

service OrderService {
  rpc GetOrder(Req) returns (Resp);
  rpc CancelOrder(Req) returns (Resp) {
    option deprecated = true;
  }
}
"#,
    example_path: "acme/v1/order.proto",
};
