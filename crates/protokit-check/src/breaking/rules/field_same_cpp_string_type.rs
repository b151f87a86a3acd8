//! FIELD_SAME_CPP_STRING_TYPE: Checks that fields have the same C++ string type, based on ctype field option or (pb.cpp).string_type feature.
//!
//! For `string` and `bytes` fields: the `ctype` option when set (`STRING`, `CORD`,
//! `STRING_PIECE`), else the resolved `(pb.cpp).string_type` feature (`STRING` before edition
//! 2024, `VIEW` from 2024). Map keys and values are not checked (buf
//! does not report them, although protoc copies the map field's features to them). Positioned on the current `ctype` option, else the current
//! `features.(pb.cpp).string_type` option, else the whole field.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, check);
    }
}

fn string_type(s: &fields::Side<'_>) -> Option<&'static str> {
    let t = s.desc.r#type?;
    if t != fields::ty::STRING && t != fields::ty::BYTES || s.in_map_entry() {
        return None;
    }
    if let Some(c) = crate::breaking::features::option_varint(s.desc.options.as_ref(), 1) {
        return Some(match c {
            1 => "CORD",
            2 => "STRING_PIECE",
            _ => "STRING",
        });
    }
    Some(match s.features().cpp_string_type {
        1 => "VIEW",
        2 => "CORD",
        _ => "STRING",
    })
}

fn check(cx: &mut Cx<'_>, p: &fields::Pair<'_>) {
    let (Some(a), Some(b)) = (string_type(&p.prev), string_type(&p.cur)) else {
        return;
    };
    if a == b {
        return;
    }
    let message = format!(
        "{} changed C++ string type from \"{a}\" to \"{b}\".",
        p.cur.describe()
    );
    fields::report(cx, &p.cur, &[&[8, 1], &[8, 21, 1000, 2]], message);
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every string and bytes field keeps its C++ string type: the `ctype` option, or in editions the resolved `(pb.cpp).string_type` feature.",
    why: "The C++ string type decides the generated C++ accessors (`std::string`, `absl::Cord`, `absl::string_view`), so changing it breaks C++ callers.",
    previous: "edition = \"2023\";\n\npackage foo.v1;\n\nimport \"google/protobuf/cpp_features.proto\";\n\nmessage Foo {\n  string name = 1;\n}\n",
    example: "edition = \"2023\";\n\npackage foo.v1;\n\nimport \"google/protobuf/cpp_features.proto\";\n\nmessage Foo {\n  string name = 1 [features.(pb.cpp).string_type = CORD];\n}\n",
    use_instead: "edition = \"2023\";\n\npackage foo.v1;\n\nimport \"google/protobuf/cpp_features.proto\";\n\nmessage Foo {\n  string name = 1 [features.(pb.cpp).string_type = STRING];\n}\n",
    example_path: "foo/v1/foo.proto",
};
