//! FIELD_SAME_NAME: Checks that fields have the same names in a given message.
//!
//! Fields are paired by number; extensions by extendee and number, and named by their full
//! names. Positioned on the current field's name.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, check);
    }
}

fn check(cx: &mut Cx<'_>, p: &fields::Pair<'_>) {
    let (a, b) = (p.prev.name(), p.cur.name());
    if a == b {
        return;
    }
    let message = format!(
        "{} \"{}\" on message \"{}\" changed name from \"{a}\" to \"{b}\".",
        p.cur.noun(),
        p.cur.number(),
        p.cur.on_message()
    );
    fields::report(cx, &p.cur, &[&[1]], message);
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field keeps its name (fields are matched by number). Extensions are matched by extendee and number and compared by full name.",
    why: "Generated code names accessors after the field, and the JSON and text formats use the name, so a rename breaks source code and JSON clients even though the binary encoding is unchanged.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1;\n}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string title = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1 [deprecated = true];\n  string title = 2;\n}\n",
    example_path: "foo/v1/foo.proto",
};
