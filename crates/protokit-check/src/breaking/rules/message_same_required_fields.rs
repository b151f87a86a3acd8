//! MESSAGE_SAME_REQUIRED_FIELDS: Checks that messages have no added or deleted required fields.
//!
//! Required means the `LABEL_REQUIRED` label (as buf reads it; an editions
//! `LEGACY_REQUIRED` field is not counted). A field that stopped being required is reported as
//! deleted on the current message; a newly required field as added, on that field.

use protokit_compiler::descriptor::DescriptorProto;

use crate::breaking::{BreakingDocs, BreakingRule, Cx, Item};
use crate::lint::elements::{child, tag};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

const REQUIRED: i32 = 2;
const WHY: &str = "Required fields must always be sent, so if one side does not know about the required field, this will result in a breakage.";

impl BreakingRule for Rule {
    fn check_message(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, DescriptorProto>,
        cur: &Item<'_, DescriptorProto>,
    ) {
        let required = |m: &DescriptorProto| -> Vec<i32> {
            m.field
                .iter()
                .filter(|f| f.label == Some(REQUIRED))
                .filter_map(|f| f.number)
                .collect()
        };
        let (pr, cr) = (required(prev.desc), required(cur.desc));
        let name = cur.desc.name.as_deref().unwrap_or("");
        for n in pr.iter().filter(|n| !cr.contains(n)) {
            cx.report(
                cur.file,
                &cur.path,
                format!("Message \"{name}\" had required field \"{n}\" deleted. {WHY}"),
            );
        }
        // An added field has no previous location: `ignore` matches the current file only.
        cx.set_against(None);
        for (i, f) in cur.desc.field.iter().enumerate() {
            let Some(n) = f.number.filter(|n| cr.contains(n) && !pr.contains(n)) else {
                continue;
            };
            cx.report(
                cur.file,
                &child(&cur.path, &[tag::MESSAGE_FIELD, i as i32]),
                format!("Message \"{name}\" had required field \"{n}\" added. {WHY}"),
            );
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that messages neither gain nor lose required fields: a field may not become `required`, and a `required` field may not be deleted or made optional.",
    why: "A parser rejects a message that lacks a required field. Old writers do not send a newly required field, and new writers stop sending one that old readers still require.",
    previous: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  required string name = 1;\n  optional string title = 2;\n}\n",
    example: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1;\n  required string title = 2;\n}\n",
    use_instead: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  required string name = 1;\n  optional string title = 2;\n  optional string subtitle = 3;\n}\n",
    example_path: "foo/v1/foo.proto",
};
