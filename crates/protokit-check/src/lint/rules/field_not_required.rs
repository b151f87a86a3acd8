//! FIELD_NOT_REQUIRED: Checks that fields are not configured to be required.
//!
//! A field is required when its label is `LABEL_REQUIRED` (proto2) or, in editions, when its
//! own `features.field_presence` is `LEGACY_REQUIRED` (protoc allows that feature only on
//! fields). Fields nested in groups are checked like any other. buf reports at the field's
//! name with `Field named "foo" should not be required.`.

use crate::lint::elements::{child, tag};
use crate::lint::{varint_at, Cx, DecodeOptions, Field, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

const LABEL_REQUIRED: i32 = 2;
const LEGACY_REQUIRED: i32 = 3;

/// The part of `FieldOptions` this rule reads: `features` (21) → `field_presence` (1).
#[derive(Clone, PartialEq, prost::Message)]
struct FieldOptions {
    #[prost(message, optional, tag = "21")]
    features: Option<FeatureSet>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct FeatureSet {
    #[prost(int32, optional, tag = "1")]
    field_presence: Option<i32>,
}

impl LintRule for Rule {
    fn check_field(&self, cx: &mut Cx<'_>, f: &Field<'_>) {
        let required = f.desc.label == Some(LABEL_REQUIRED)
            || f.desc.options.as_ref().and_then(|o| {
                // `features.field_presence` (21, 1), without decoding every field's options.
                match varint_at(&o.encoded, &[21, 1]) {
                    Ok(v) => v.map(|v| v as i32),
                    Err(()) => FieldOptions::decode_options(o)?.features?.field_presence,
                }
            }) == Some(LEGACY_REQUIRED);
        if required {
            let name = f.desc.name.as_deref().unwrap_or("");
            cx.report(
                f.file,
                &child(f.path, &[tag::NAME]),
                format!("Field named \"{name}\" should not be required."),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that no field is required: no proto2 `required` label and no editions `features.field_presence = LEGACY_REQUIRED`.",
    why: "A required field can never be removed or made optional without breaking every reader that still requires it; protobuf's own guidance is to never use them.",
    example: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  required string name = 1;\n}\n",
    use_instead: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
