//! FIELD_SAME_JSTYPE: Checks that fields have the same value for the jstype option.
//!
//! Unset is `JS_NORMAL`. Positioned on the current `jstype` option, else the whole field.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, check);
    }
}

fn jstype(s: &fields::Side<'_>) -> &'static str {
    match crate::breaking::features::option_varint(s.desc.options.as_ref(), 6) {
        Some(1) => "JS_STRING",
        Some(2) => "JS_NUMBER",
        _ => "JS_NORMAL",
    }
}

fn check(cx: &mut Cx<'_>, p: &fields::Pair<'_>) {
    let (a, b) = (jstype(&p.prev), jstype(&p.cur));
    if a == b {
        return;
    }
    let message = format!(
        "{} changed option \"jstype\" from \"{a}\" to \"{b}\".",
        p.cur.describe()
    );
    fields::report(cx, &p.cur, &[&[8, 6]], message);
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field keeps its `jstype` option (unset means `JS_NORMAL`).",
    why: "`jstype` decides whether JavaScript code sees a 64-bit integer as a number or a string; changing it changes the generated JavaScript types.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  int64 id = 1 [jstype = JS_STRING];\n}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  int64 id = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  int64 id = 1 [jstype = JS_STRING];\n}\n",
    example_path: "foo/v1/foo.proto",
};
