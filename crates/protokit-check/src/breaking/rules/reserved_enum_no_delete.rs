//! RESERVED_ENUM_NO_DELETE: Checks that reserved ranges and names are not deleted from a given enum.

use protokit_compiler::descriptor::EnumDescriptorProto;

use crate::breaking::deletions::{self, ENUM_MAX};
use crate::breaking::{BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

/// Reserved ranges, inclusive as enums store them.
fn ranges(e: &EnumDescriptorProto) -> Vec<(i64, i64)> {
    e.reserved_range
        .iter()
        .map(|r| {
            (
                i64::from(r.start.unwrap_or(0)),
                i64::from(r.end.unwrap_or(0)),
            )
        })
        .collect()
}

impl BreakingRule for Rule {
    fn check_enum(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, EnumDescriptorProto>,
        cur: &Item<'_, EnumDescriptorProto>,
    ) {
        let owner = format!("enum \"{}\"", prev.desc.name.as_deref().unwrap_or(""));
        deletions::check_ranges(
            cx,
            cur.file,
            &cur.path,
            "reserved range",
            &owner,
            &ranges(prev.desc),
            &ranges(cur.desc),
            ENUM_MAX,
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
    what: "Checks that an enum (matched by full name) keeps every reserved name and every reserved number. Ranges may be split or merged: a previous range is reported only for the numbers no current reserved range covers (`max` is 2147483647). Findings are on the current enum.",
    why: "Reservations keep old value names and numbers from being reused; dropping one allows a new value to collide with data written by older peers.",
    previous: r#"syntax = "proto3";

package acme.v1;

enum Status {
  STATUS_UNSPECIFIED = 0;
  reserved 2 to 4;
  reserved "STATUS_CLOSED";
}
"#,
    example: r#"syntax = "proto3";

package acme.v1;

enum Status {
  STATUS_UNSPECIFIED = 0;
  reserved 2;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

enum Status {
  STATUS_UNSPECIFIED = 0;
  reserved 2, 3 to 4;
  reserved "STATUS_CLOSED";
}
"#,
    example_path: "acme/v1/order.proto",
};
