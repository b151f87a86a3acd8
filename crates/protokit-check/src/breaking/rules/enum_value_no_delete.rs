//! ENUM_VALUE_NO_DELETE: Checks that enum values are not deleted from a given enum.

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
            cx.report(
                cur.file,
                &cur.path,
                format!(
                    "Previously present enum value \"{number}\" on enum \"{owner}\" was deleted."
                ),
            );
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every number of an enum (matched by full name) is still the number of some value. Values are compared by number: renaming a value, or keeping one of several aliases, is not a deletion. The finding is on the current enum.",
    why: "Generated constants for the value disappear, and a number that older peers still send decodes to an unknown value (or, for closed enums, to an unknown field).",
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
  STATUS_CLOSED = 2 [deprecated = true];
}
"#,
    example_path: "acme/v1/order.proto",
};
