//! ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED: Checks that enum values are not deleted from a given enum unless the number is reserved.

use std::collections::BTreeMap;

use protokit_compiler::descriptor::EnumDescriptorProto;

use crate::breaking::{BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_enum(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, EnumDescriptorProto>,
        cur: &Item<'_, EnumDescriptorProto>,
    ) {
        let owner = prev.desc.name.as_deref().unwrap_or("");
        // Values are deleted by number; aliases share one.
        let mut by_number: BTreeMap<i32, Vec<&str>> = BTreeMap::new();
        for v in &prev.desc.value {
            by_number
                .entry(v.number.unwrap_or(0))
                .or_default()
                .push(v.name.as_deref().unwrap_or(""));
        }
        for (number, names) in by_number {
            if cur.desc.value.iter().any(|v| v.number == Some(number)) {
                continue;
            }
            let _ = names;
            let reserved = cur
                .desc
                .reserved_range
                .iter()
                .any(|r| r.start.unwrap_or(0) <= number && number <= r.end.unwrap_or(0));
            if reserved {
                continue;
            }
            cx.report(
                cur.file,
                &cur.path,
                format!("Previously present enum value \"{number}\" on enum \"{owner}\" was deleted without reserving the number \"{number}\"."),
            );
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that an enum number that disappears is covered by a reserved range of the current enum. The finding is on the current enum.",
    why: "The binary encoding carries only the number: a reused number makes data from older peers mean a different value.",
    previous: r#"syntax = "proto3";

package acme.v1;

enum Status {
  STATUS_UNSPECIFIED = 0;
  STATUS_OPEN = 1;
  STATUS_CLOSED = 2;
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

enum Status {
  STATUS_UNSPECIFIED = 0;
  STATUS_OPEN = 1;
  reserved "STATUS_CLOSED";
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

enum Status {
  STATUS_UNSPECIFIED = 0;
  STATUS_OPEN = 1;
  reserved 2;
  reserved "STATUS_CLOSED";
}
"#,
    example_path: "acme/v1/order.proto",
};
