//! FIELD_SAME_JAVA_UTF8_VALIDATION: Checks that fields have the same Java string UTF8 validation, based on java_string_check_utf8 file option or (pb.java).utf8_validation feature.
//!
//! For `string` fields: `VERIFY` when the resolved `(pb.java).utf8_validation` is `VERIFY` (or, in
//! proto2 and proto3, the file option `java_string_check_utf8` is true), otherwise the resolved
//! core `utf8_validation` (`VERIFY` or `NONE`). Positioned on the current
//! `features.(pb.java).utf8_validation` option, else the current file's
//! `java_string_check_utf8` option, else the whole field.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, check);
    }
}

fn mode(s: &fields::Side<'_>) -> Option<&'static str> {
    use crate::breaking::features::{option_varint, JAVA_VERIFY, UTF8_VERIFY};
    if s.desc.r#type != Some(fields::ty::STRING) {
        return None;
    }
    let f = s.features();
    let legacy = s.file.proto.syntax.as_deref() != Some("editions")
        && option_varint(s.file.proto.options.as_ref(), 27) == Some(1);
    Some(
        if f.java_utf8_validation == JAVA_VERIFY || legacy || f.utf8_validation == UTF8_VERIFY {
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
        "{} changed Java string UTF8 validation from \"{a}\" to \"{b}\".",
        p.cur.describe()
    );
    // A change that comes from the file's `java_string_check_utf8` is reported on that
    // option when the field has no Java feature of its own.
    let own = crate::lint::elements::child(&p.cur.path, &[8, 21, 1001, 2]);
    if p.cur.file.location(&own).is_none() && p.cur.file.location(&[8, 27]).is_some() {
        cx.report(p.cur.file, &[8, 27], message);
        return;
    }
    fields::report(cx, &p.cur, &[&[8, 21, 1001, 2]], message);
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every string field keeps the UTF-8 validation the Java runtime applies: the `java_string_check_utf8` file option in proto2 and proto3, or in editions the `(pb.java).utf8_validation` feature together with `features.utf8_validation`.",
    why: "Generated Java code rejects invalid UTF-8 when validation is on; changing it makes data that parsed before fail, or lets invalid strings through.",
    previous: "edition = \"2023\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1;\n}\n",
    example: "edition = \"2023\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1 [features.utf8_validation = NONE];\n}\n",
    use_instead: "edition = \"2023\";\n\npackage foo.v1;\n\nimport \"google/protobuf/java_features.proto\";\n\nmessage Foo {\n  string name = 1 [features.utf8_validation = NONE, features.(pb.java).utf8_validation = VERIFY];\n}\n",
    example_path: "foo/v1/foo.proto",
};
