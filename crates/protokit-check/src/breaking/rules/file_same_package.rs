//! FILE_SAME_PACKAGE: Checks that files have the same package.

use crate::breaking::file_options::report_at;
use crate::breaking::{BreakingDocs, BreakingRule, Cx};
use crate::image::ImageFile;
use crate::lint::elements::tag;

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, prev: &ImageFile, cur: Option<&ImageFile>) {
        let Some(cur) = cur else { return };
        if prev.package() != cur.package() {
            let msg = format!(
                "File package changed from \"{}\" to \"{}\".",
                prev.package(),
                cur.package()
            );
            report_at(cx, cur, &[tag::FILE_PACKAGE], msg);
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
