//! PACKAGE_NO_DELETE: Checks that packages are not deleted.

use crate::breaking::{BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        for (pkg, files) in &prev.packages {
            if cur.packages.contains_key(pkg) {
                continue;
            }
            // buf prints no path; `ignore` matches the package's first previous file by path.
            if let Some(first) = files.iter().min_by_key(|f| f.name()) {
                cx.report_deleted_file(
                    first,
                    format!("Previously present package \"{pkg}\" was deleted."),
                );
            }
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every package of the previous module still has at least one file in the current one (files without a package form the package `\"\"`). The finding has no path and no position; `ignore` paths match the package's first previous file.",
    why: "Everything generated for the package disappears at once: imports of its generated code and every full name in it (RPC paths, Any type URLs) break.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
}
"#,
    example: r#"syntax = "proto3";

package acme.v2;

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
}
"#,
    example_path: "acme/v1/order.proto",
};
