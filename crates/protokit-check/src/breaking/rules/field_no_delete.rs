//! FIELD_NO_DELETE: Checks that fields are not deleted from a given message.

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
            cx.report(
                cur.file,
                &cur.path,
                format!("Previously present field \"{number}\" with name \"{name}\" on message \"{owner}\" was deleted."),
            );
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field number of a message (matched by full name in both versions) is still a field of it. Renaming a field or moving it into or out of a oneof is not a deletion here; reserving the number does not help. The finding is on the current message.",
    why: "Generated accessors for the field disappear, so code using them stops compiling, and values that older writers still send are dropped as unknown fields.",
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
  reserved "note";
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
  string note = 2 [deprecated = true];
}
"#,
    example_path: "acme/v1/order.proto",
};
