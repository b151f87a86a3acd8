//! FILE_NO_DELETE: Checks that files are not deleted.

use crate::breaking::{BreakingDocs, BreakingRule, Cx};
use crate::image::ImageFile;

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, prev: &ImageFile, cur: Option<&ImageFile>) {
        if cur.is_none() {
            let msg = format!("Previously present file \"{}\" was deleted.", prev.name());
            cx.report_deleted_file(prev, msg);
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
