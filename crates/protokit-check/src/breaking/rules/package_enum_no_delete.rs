//! PACKAGE_ENUM_NO_DELETE: Checks that enums are not deleted from a given package.

use crate::breaking::deletions::{self, Kind};
use crate::breaking::{BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        deletions::check_package(cx, prev, cur, Kind::Enum);
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
