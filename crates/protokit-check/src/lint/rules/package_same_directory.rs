//! PACKAGE_SAME_DIRECTORY: Checks that all files with a given package are in the same directory.
//!
//! When the checked files of one package (files without a package form the package `""`)
//! are in more than one directory, buf reports every one of them at its package statement
//! (no location, 1:1, for files without one): `Multiple directories "bar/v1,foo/v1" contain
//! files with package "foo.v1".`, the directories sorted and joined by commas, `.` for the
//! module root.

use crate::lint::elements::tag;
use crate::lint::quote::go_quote;
use crate::lint::{Cx, LintRule, Package, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_package(&self, cx: &mut Cx<'_>, package: &Package<'_>) {
        let mut dirs: Vec<&str> = package
            .files
            .iter()
            .map(|f| f.name().rsplit_once('/').map_or(".", |(d, _)| d))
            .collect();
        dirs.sort_unstable();
        dirs.dedup();
        if dirs.len() < 2 {
            return;
        }
        let message = format!(
            "Multiple directories {} contain files with package {}.",
            go_quote(&dirs.join(",")),
            go_quote(package.name)
        );
        for f in &package.files {
            cx.report(f, &[tag::FILE_PACKAGE], message.clone());
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that all files of a package are in one directory. Every file of a package spread over several directories is reported.",
    why: "Generators for Go and other languages map one directory to one output package; a protobuf package split across directories produces code that does not compile or cannot be imported as one unit.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {}\n\n// file: bar/v1/bar.proto\nsyntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Bar {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {}\n\n// file: foo/v1/bar.proto\nsyntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Bar {}\n",
    example_path: "foo/v1/foo.proto",
};
