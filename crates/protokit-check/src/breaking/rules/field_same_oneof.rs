//! FIELD_SAME_ONEOF: Checks that fields have the same oneofs in a given message.
//!
//! Only real oneofs count (a proto3 `optional` field's synthetic oneof is "outside a oneof").
//! buf 1.75.0 prints a stray `q` after the message name when a field moves between two oneofs
//! (`on message "Foo"q moved from oneof "a" to oneof "b".`); so do we. Positioned on the whole
//! current field.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, false, check);
    }
}

fn oneof<'a>(s: &'a fields::Side<'_>) -> Option<&'a str> {
    if s.desc.proto3_optional == Some(true) {
        return None;
    }
    let i = usize::try_from(s.desc.oneof_index?).ok()?;
    Some(
        s.message?
            .desc
            .oneof_decl
            .get(i)?
            .name
            .as_deref()
            .unwrap_or(""),
    )
}

fn check(cx: &mut Cx<'_>, p: &fields::Pair<'_>) {
    let (a, b) = (oneof(&p.prev), oneof(&p.cur));
    if a == b {
        return;
    }
    let d = p.cur.describe();
    let message = match (a, b) {
        (Some(a), Some(b)) => format!("{d}q moved from oneof \"{a}\" to oneof \"{b}\"."),
        (Some(_), None) => format!("{d} moved from inside to outside a oneof."),
        (None, Some(_)) => format!("{d} moved from outside to inside a oneof."),
        (None, None) => return,
    };
    fields::report(cx, &p.cur, &[], message);
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field stays in the same oneof (by oneof name), or stays outside any oneof.",
    why: "Moving a field into or out of a oneof changes the generated API (oneof cases) and the semantics: setting one member of a oneof clears the others.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  oneof kind {\n    string name = 1;\n  }\n  int32 id = 2;\n}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  oneof kind {\n    string name = 1;\n    int32 id = 2;\n  }\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  oneof kind {\n    string name = 1;\n    int64 id_64 = 3;\n  }\n  int32 id = 2;\n}\n",
    example_path: "foo/v1/foo.proto",
};
