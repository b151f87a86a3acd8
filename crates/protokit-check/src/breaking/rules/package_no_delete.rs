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
            // buf prints no path; `ignore` matches the package's (first) previous file.
            if let Some(first) = files.first() {
                cx.report_deleted_file(
                    first,
                    format!("Previously present package \"{pkg}\" was deleted."),
                );
            }
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "",
    why: "",
    previous: "",
    example: "",
    use_instead: "",
    example_path: "",
};
