//! EXTENSION_MESSAGE_NO_DELETE: Checks that extension ranges are not deleted from a given message.

use protokit_compiler::descriptor::DescriptorProto;

use crate::breaking::deletions::{self, MESSAGE_MAX};
use crate::breaking::{BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

/// Extension ranges as inclusive `(start, end)` (descriptors store exclusive ends).
fn ranges(m: &DescriptorProto) -> Vec<(i64, i64)> {
    m.extension_range
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
            "extension range",
            &owner,
            &ranges(prev.desc),
            &ranges(cur.desc),
            MESSAGE_MAX,
        );
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that a message (matched by full name) keeps every number of its extension ranges. Ranges may be split or merged: a previous range is reported only for the numbers no current extension range covers, e.g. `Previously present extension range \"[100,199]\" on message \"Order\" is missing values: [150,199] were removed.` Findings are on the current message.",
    why: "Extensions declared elsewhere (often in other modules) use numbers inside the ranges; narrowing a range makes those extensions invalid.",
    previous: r#"syntax = "proto2";

package acme.v1;

message Order {
  extensions 100 to 199;
}
"#,
    example: r#"syntax = "proto2";

package acme.v1;

message Order {
  extensions 100 to 149;
}
"#,
    use_instead: r#"syntax = "proto2";

package acme.v1;

message Order {
  extensions 100 to 149, 150 to 299;
}
"#,
    example_path: "acme/v1/order.proto",
};
