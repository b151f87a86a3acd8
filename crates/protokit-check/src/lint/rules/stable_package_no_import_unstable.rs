//! STABLE_PACKAGE_NO_IMPORT_UNSTABLE: Checks that all files that have stable versioned packages do not import packages with unstable version packages.
//!
//! A file whose package ends in a stable version (`foo.v1`) must not import a file whose
//! package ends in an unstable one (`alpha`, `beta` or `test` versions). buf reports each such
//! import statement (`[3, i]`): `This file is in stable package "foo.v1", so it should not
//! depend on "bar/v1beta1/bar.proto" from unstable package "bar.v1beta1".`. Packages without
//! a version count as neither.

use std::collections::HashMap;

use crate::lint::elements::tag;
use crate::lint::imports::files_by_name;
use crate::lint::quote::go_quote;
use crate::lint::versions::{package_version, Stability};
use crate::lint::{Cx, LintRule, Module, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_module(&self, cx: &mut Cx<'_>, module: &Module<'_>) {
        let image = module.image;
        let mut by_name: Option<HashMap<&str, usize>> = None;
        for file in image.targets() {
            let package = file.package();
            if package_version(package) != Some(Stability::Stable) {
                continue;
            }
            let by_name = by_name.get_or_insert_with(|| files_by_name(image));
            for (i, dep) in file.proto.dependency.iter().enumerate() {
                let Some(&d) = by_name.get(dep.as_str()) else {
                    continue;
                };
                let dep_package = image.files[d].package();
                if matches!(
                    package_version(dep_package),
                    Some(Stability::Alpha | Stability::Beta | Stability::Test)
                ) {
                    cx.report(
                        file,
                        &[tag::FILE_DEPENDENCY, i as i32],
                        format!(
                            "This file is in stable package {}, so it should not depend on {} from unstable package {}.",
                            go_quote(package),
                            go_quote(dep),
                            go_quote(dep_package)
                        ),
                    );
                }
            }
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that files of a stable versioned package (`foo.v1`) do not import files of an unstable one (`bar.v1beta1`, `bar.v1alpha1`, `bar.v1test`).",
    why: "A stable API promises not to break its clients; when it depends on an alpha or beta package, it inherits every breaking change that package is still allowed to make.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nimport \"bar/v1beta1/bar.proto\";\n\nmessage Foo {\n  bar.v1beta1.Bar bar = 1;\n}\n\n// file: bar/v1beta1/bar.proto\nsyntax = \"proto3\";\n\npackage bar.v1beta1;\n\nmessage Bar {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nimport \"bar/v1/bar.proto\";\n\nmessage Foo {\n  bar.v1.Bar bar = 1;\n}\n\n// file: bar/v1/bar.proto\nsyntax = \"proto3\";\n\npackage bar.v1;\n\nmessage Bar {}\n",
    example_path: "foo/v1/foo.proto",
};
