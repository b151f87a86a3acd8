//! FIELD_SAME_UTF8_VALIDATION: Checks that string fields have the same UTF8 validation mode.
//!
//! For `string` fields (map keys and values included, reported on the entry's field): the
//! resolved `features.utf8_validation` (`NONE` in proto2, `VERIFY` in proto3 and editions unless
//! overridden). Positioned on the current `features.utf8_validation` option, else the whole
//! field.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, check);
    }
}

fn mode(s: &fields::Side<'_>) -> Option<&'static str> {
    if s.desc.r#type != Some(fields::ty::STRING) {
        return None;
    }
    Some(
        if s.features().utf8_validation == crate::breaking::features::UTF8_VERIFY {
            "VERIFY"
        } else {
            "NONE"
        },
    )
}

fn check(cx: &mut Cx<'_>, p: &fields::Pair<'_>) {
    let (Some(a), Some(b)) = (mode(&p.prev), mode(&p.cur)) else {
        return;
    };
    if a == b {
        return;
    }
    let message = format!(
        "{} changed UTF8 validation from {a} to {b}.",
        p.cur.describe()
    );
    fields::report(cx, &p.cur, &[&[8, 21, 4]], message);
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every string field keeps its resolved UTF-8 validation mode (`features.utf8_validation`, `NONE` for proto2 and `VERIFY` for proto3 and editions by default).",
    why: "With `VERIFY`, parsers reject strings that are not valid UTF-8; turning it on makes data that parsed before fail, and turning it off lets invalid strings reach code that assumes valid UTF-8.",
    previous: "edition = \"2023\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1;\n}\n",
    example: "edition = \"2023\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1 [features.utf8_validation = NONE];\n}\n",
    use_instead: "edition = \"2023\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1;\n  bytes raw_name = 2;\n}\n",
    example_path: "foo/v1/foo.proto",
};
