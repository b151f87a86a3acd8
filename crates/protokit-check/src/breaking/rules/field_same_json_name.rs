//! FIELD_SAME_JSON_NAME: Checks that fields have the same value for the json_name option.
//!
//! The JSON name is the descriptor's `json_name` (protoc always fills it), else the default
//! lowerCamelCase of the field name, so renaming a field changes it too. Extensions are not
//! checked. Positioned on the current `json_name` option, else the whole field.

use std::borrow::Cow;

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, false, check);
    }
}

fn check(cx: &mut Cx<'_>, p: &fields::Pair<'_>) {
    let (a, b) = (json_name(p.prev.desc), json_name(p.cur.desc));
    if a == b {
        return;
    }
    let message = format!(
        "{} changed option \"json_name\" from \"{a}\" to \"{b}\".",
        p.cur.describe()
    );
    fields::report(cx, &p.cur, &[&[10]], message);
}

fn json_name(f: &protokit_compiler::descriptor::FieldDescriptorProto) -> Cow<'_, str> {
    if let Some(j) = &f.json_name {
        return Cow::Borrowed(j);
    }
    // protoc's ToJsonName: drop underscores, upper-case the letter after each.
    let mut out = String::new();
    let mut upper = false;
    for c in f.name.as_deref().unwrap_or("").chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field keeps its JSON name: the explicit `json_name` option or, without one, the lowerCamelCase form of the field name.",
    why: "The JSON mapping uses the JSON name as the object key, so changing it (also by renaming the field) breaks every JSON client.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string display_name = 1;\n}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string display_name = 1 [json_name = \"name\"];\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string display_name = 1 [json_name = \"displayName\"];\n}\n",
    example_path: "foo/v1/foo.proto",
};
