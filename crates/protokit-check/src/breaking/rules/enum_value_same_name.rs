//! ENUM_VALUE_SAME_NAME: Checks that enum values have the same name.
//!
//! Values are compared by number as sets of names (aliases included): a number whose previous
//! names are not all among its current names is reported once per current value with that number,
//! on that value's number, listing the sorted names (`changed name from "A", "B" to "B"`;
//! buf says `names` when both sides have several).

use std::collections::BTreeMap;

use protokit_compiler::descriptor::EnumDescriptorProto;

use crate::breaking::{BreakingDocs, BreakingRule, Cx, Item};
use crate::lint::elements::{child, tag};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_enum(
        &self,
        cx: &mut Cx<'_>,
        prev: &Item<'_, EnumDescriptorProto>,
        cur: &Item<'_, EnumDescriptorProto>,
    ) {
        // buf's finding has no previous location, so `ignore` matches the current file only.
        cx.set_against(None);
        let (pn, cn) = (names(prev.desc), names(cur.desc));
        let quote = |v: &[&str]| {
            v.iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let enum_name = cur.desc.name.as_deref().unwrap_or("");
        for (i, v) in cur.desc.value.iter().enumerate() {
            let n = v.number.unwrap_or(0);
            let (Some(p), Some(c)) = (pn.get(&n), cn.get(&n)) else {
                continue;
            };
            if p.iter().all(|name| c.contains(name)) {
                continue;
            }
            cx.report(
                cur.file,
                &child(
                    &cur.path,
                    &[tag::ENUM_VALUE, i as i32, tag::ENUM_VALUE_NUMBER],
                ),
                format!(
                    "Enum value \"{n}\" on enum \"{enum_name}\" changed {} from {} to {}.",
                    if p.len() > 1 && c.len() > 1 {
                        "names"
                    } else {
                        "name"
                    },
                    quote(p),
                    quote(c)
                ),
            );
        }
    }
}

fn names(e: &EnumDescriptorProto) -> BTreeMap<i32, Vec<&str>> {
    let mut m: BTreeMap<i32, Vec<&str>> = BTreeMap::new();
    for v in &e.value {
        m.entry(v.number.unwrap_or(0))
            .or_default()
            .push(v.name.as_deref().unwrap_or(""));
    }
    for v in m.values_mut() {
        v.sort_unstable();
    }
    m
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every enum value number keeps its name. With aliases, every previous name of a number must still be one of its current names; adding an alias is fine.",
    why: "The JSON and text formats write enum values by name, and generated code names constants after them, so a rename breaks JSON clients and source code.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Status {\n  STATUS_UNSPECIFIED = 0;\n  STATUS_OK = 1;\n}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Status {\n  STATUS_UNSPECIFIED = 0;\n  STATUS_SUCCESS = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nenum Status {\n  option allow_alias = true;\n\n  STATUS_UNSPECIFIED = 0;\n  STATUS_OK = 1;\n  STATUS_SUCCESS = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
