//! EXTENSION_NO_DELETE: Checks that extensions are not deleted from a given file.

use crate::breaking::deletions::{self, Kind};
use crate::breaking::{BreakingDocs, BreakingRule, Cx};
use crate::image::ImageFile;

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, prev: &ImageFile, cur: Option<&ImageFile>) {
        deletions::check_file(cx, prev, cur, Kind::Extension);
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
