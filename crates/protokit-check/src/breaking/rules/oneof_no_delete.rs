//! ONEOF_NO_DELETE: Checks that oneofs are not deleted from a given message.

use protokit_compiler::descriptor::DescriptorProto;

use crate::breaking::{BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

/// Whether oneof `index` of `m` is the synthetic oneof of a proto3 `optional` field.
fn synthetic(m: &DescriptorProto, index: usize) -> bool {
    m.field
        .iter()
        .any(|f| f.proto3_optional == Some(true) && f.oneof_index == Some(index as i32))
}

impl BreakingRule for Rule {
    fn check_message(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, DescriptorProto>,
        cur: &Item<'_, DescriptorProto>,
    ) {
        let owner = prev.desc.name.as_deref().unwrap_or("");
        for (i, o) in prev.desc.oneof_decl.iter().enumerate() {
            // buf does not track the synthetic oneofs of proto3 `optional` fields.
            if synthetic(prev.desc, i) || cur.desc.oneof_decl.iter().any(|c| c.name == o.name) {
                continue;
            }
            let name = o.name.as_deref().unwrap_or("");
            cx.report(
                cur.file,
                &cur.path,
                format!("Previously present oneof \"{name}\" on message \"{owner}\" was deleted."),
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
