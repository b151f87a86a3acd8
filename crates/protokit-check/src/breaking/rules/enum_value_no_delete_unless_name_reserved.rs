//! ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED: Checks that enum values are not deleted from a given enum unless the name is reserved.

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
            let mut names = names;
            if names
                .iter()
                .all(|n| cur.desc.reserved_name.iter().any(|r| r == n))
            {
                continue;
            }
            names.sort_unstable();
            names.dedup();
            let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
            let noun = if quoted.len() == 1 { "name" } else { "names" };
            cx.report(
                cur.file,
                &cur.path,
                format!(
                    "Previously present enum value \"{number}\" on enum \"{owner}\" was deleted without reserving the {noun} {}.",
                    quoted.join(", ")
                ),
            );
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that when an enum number disappears, every name it had (aliases included) is reserved in the current enum. The finding lists the names and is on the current enum.",
    why: "JSON encodes enum values by name: a reused name would let older JSON decode to a value with a different meaning.",
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
  reserved 2;
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
