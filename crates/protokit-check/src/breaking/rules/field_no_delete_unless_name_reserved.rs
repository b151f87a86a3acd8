//! FIELD_NO_DELETE_UNLESS_NAME_RESERVED: Checks that fields are not deleted from a given message unless the name is reserved.

use protokit_compiler::descriptor::DescriptorProto;

use crate::breaking::{BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_message(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, DescriptorProto>,
        cur: &Item<'_, DescriptorProto>,
    ) {
        let owner = prev.desc.name.as_deref().unwrap_or("");
        for f in &prev.desc.field {
            if cur.desc.field.iter().any(|c| c.number == f.number) {
                continue;
            }
            let number = f.number.unwrap_or(0);
            let name = f.name.as_deref().unwrap_or("");
            if cur.desc.reserved_name.iter().any(|r| r == name) {
                continue;
            }
            cx.report(
                cur.file,
                &cur.path,
                format!("Previously present field \"{number}\" with name \"{name}\" on message \"{owner}\" was deleted without reserving the name \"{name}\"."),
            );
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that a field number deleted from a message has its previous name reserved (`reserved \"name\";`) in the current message. The finding is on the current message.",
    why: "Without the reservation the name can be reused for a field of another type, and JSON written by older peers (which uses field names) would then be decoded into the wrong field.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
  string note = 2;
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
  reserved 2;
  reserved "note";
}
"#,
    example_path: "acme/v1/order.proto",
};
