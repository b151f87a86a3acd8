//! MESSAGE_PASCAL_CASE: Checks that messages are PascalCase.
//!
//! buf reports at the message's name with `Message name "foo_bar" should be PascalCase, such
//! as "FooBar".`; map entry messages are skipped (groups are checked: their names are
//! PascalCase by construction).

use crate::lint::elements::{child, tag};
use crate::lint::naming::{is_pascal_case, to_pascal_case};
use crate::lint::{Cx, LintRule, Message, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_message(&self, cx: &mut Cx<'_>, m: &Message<'_>) {
        if m.is_map_entry {
            return;
        }
        let name = m.desc.name.as_deref().unwrap_or("");
        if !is_pascal_case(name) {
            cx.report(
                m.file,
                &child(m.path, &[tag::NAME]),
                format!(
                    "Message name \"{name}\" should be PascalCase, such as \"{}\".",
                    to_pascal_case(name)
                ),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that message names are PascalCase: they start with an upper-case letter and have no underscores.",
    why: "Generated code in most languages turns message names into type names, and PascalCase is what those languages expect; one style across a schema keeps names predictable.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage foo_bar {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage FooBar {}\n",
    example_path: "foo/v1/foo.proto",
};
