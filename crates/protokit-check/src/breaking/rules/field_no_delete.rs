//! FIELD_NO_DELETE: Checks that fields are not deleted from a given message.

use protokit_compiler::descriptor::DescriptorProto;

use crate::breaking::{BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_message(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, DescriptorProto>,
        cur: &Item<'_, DescriptorProto>,
    ) {
        let owner = prev.desc.name.as_deref().unwrap_or("");
        for f in &prev.desc.field {
            if cur.desc.field.iter().any(|c| c.number == f.number) {
                continue;
            }
            let number = f.number.unwrap_or(0);
            let name = f.name.as_deref().unwrap_or("");
            cx.report(
                cur.file,
                &cur.path,
                format!("Previously present field \"{number}\" with name \"{name}\" on message \"{owner}\" was deleted."),
            );
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
