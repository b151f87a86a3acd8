//! ONEOF_NO_DELETE: Checks that oneofs are not deleted from a given message.

use protokit_compiler::descriptor::DescriptorProto;

use crate::breaking::{BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

/// Whether oneof `index` of `m` is the synthetic oneof of a proto3 `optional` field.
fn synthetic(m: &DescriptorProto, index: usize) -> bool {
    m.field
        .iter()
        .any(|f| f.proto3_optional == Some(true) && f.oneof_index == Some(index as i32))
}

impl BreakingRule for Rule {
    fn check_message(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, DescriptorProto>,
        cur: &Item<'_, DescriptorProto>,
    ) {
        let owner = prev.desc.name.as_deref().unwrap_or("");
        for (i, o) in prev.desc.oneof_decl.iter().enumerate() {
            // buf does not track the synthetic oneofs of proto3 `optional` fields.
            if synthetic(prev.desc, i) || cur.desc.oneof_decl.iter().any(|c| c.name == o.name) {
                continue;
            }
            let name = o.name.as_deref().unwrap_or("");
            cx.report(
                cur.file,
                &cur.path,
                format!("Previously present oneof \"{name}\" on message \"{owner}\" was deleted."),
            );
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every oneof of a message (matched by full name) still exists under the same name; its fields may move out of it without this rule reporting. The synthetic oneofs of proto3 `optional` fields are not tracked. The finding is on the current message.",
    why: "Generated code exposes each oneof as a case enum or sum type named after it; code that switches on it stops compiling.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Order {
  oneof payment {
    string card = 1;
    string voucher = 2;
  }
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

message Order {
  string card = 1;
  string voucher = 2;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message Order {
  oneof payment {
    string card = 1;
    string voucher = 2;
    string wallet = 3;
  }
}
"#,
    example_path: "acme/v1/order.proto",
};
