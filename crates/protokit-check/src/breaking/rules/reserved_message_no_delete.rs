//! RESERVED_MESSAGE_NO_DELETE: Checks that reserved ranges and names are not deleted from a given message.

use protokit_compiler::descriptor::DescriptorProto;

use crate::breaking::deletions::{self, MESSAGE_MAX};
use crate::breaking::{BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

/// Reserved ranges as inclusive `(start, end)` (descriptors store exclusive ends).
fn ranges(m: &DescriptorProto) -> Vec<(i64, i64)> {
    m.reserved_range
        .iter()
        .map(|r| {
            (
                i64::from(r.start.unwrap_or(0)),
                i64::from(r.end.unwrap_or(0)) - 1,
            )
        })
        .collect()
}

impl BreakingRule for Rule {
    fn check_message(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, DescriptorProto>,
        cur: &Item<'_, DescriptorProto>,
    ) {
        let owner = format!("message \"{}\"", prev.desc.name.as_deref().unwrap_or(""));
        deletions::check_ranges(
            cx,
            cur.file,
            &cur.path,
            "reserved range",
            &owner,
            &ranges(prev.desc),
            &ranges(cur.desc),
            MESSAGE_MAX,
        );
        for n in &prev.desc.reserved_name {
            if !cur.desc.reserved_name.contains(n) {
                cx.report(
                    cur.file,
                    &cur.path,
                    format!("Previously present reserved name \"{n}\" on {owner} was deleted."),
                );
            }
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that a message (matched by full name) keeps every reserved name and every reserved number. Ranges may be split or merged: a previous range is reported only for the numbers no current reserved range covers, listed as in buf (`[13,14], [17,20]`; `max` for the largest field number). Using a reserved number for a new field counts as removing the reservation. Findings are on the current message.",
    why: "Reservations keep old field names and numbers from being reused; dropping one allows a new field to collide with data written by older peers.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
  reserved 2 to 4;
  reserved "note";
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
  reserved 2, 3 to 4, 5;
  reserved "note", "memo";
}
"#,
    example_path: "acme/v1/order.proto",
};
