//! MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR: Checks that messages do not change the no_standard_descriptor_accessor option from false or unset to true.
//!
//! Reported only for false (or unset) to true, on the current option.

use protokit_compiler::descriptor::DescriptorProto;

use crate::breaking::{features, fields, BreakingDocs, BreakingRule, Cx, Item};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_message(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, DescriptorProto>,
        cur: &Item<'_, DescriptorProto>,
    ) {
        // buf's finding has no previous location, so `ignore` matches the current file only.
        cx.set_against(None);
        let set = |m: &DescriptorProto| features::option_varint(m.options.as_ref(), 2) == Some(1);
        if set(prev.desc) || !set(cur.desc) {
            return;
        }
        fields::report_element(
            cx,
            cur.file,
            &cur.path,
            &[&[7, 2]],
            "Message option \"no_standard_descriptor_accessor\" changed from \"false\" to \"true\"."
                .to_string(),
        );
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that no message turns on the `no_standard_descriptor_accessor` option.",
    why: "With the option on, generated code no longer has the standard `descriptor()` accessor, which breaks callers that use it.",
    previous: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1;\n}\n",
    example: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  option no_standard_descriptor_accessor = true;\n\n  optional string name = 1;\n}\n",
    use_instead: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional string name = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
