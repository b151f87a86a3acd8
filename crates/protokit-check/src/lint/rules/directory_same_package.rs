//! DIRECTORY_SAME_PACKAGE: Checks that all files in a given directory are in the same package.
//!
//! When the checked files of one directory have more than one package (no package counts as
//! a package of its own), buf reports every one of them at its package statement (no
//! location, 1:1, for files without one). The message lists the sorted packages joined by
//! commas: `Multiple packages "a,b" detected within directory "d".`; when some files have no
//! package it is `Package "a" and file with no package detected within directory "d".` (one
//! package) or `Multiple packages "a,b" and file with no package detected within directory
//! "d".`.

use crate::lint::elements::tag;
use crate::lint::quote::go_quote;
use crate::lint::{Cx, Directory, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_directory(&self, cx: &mut Cx<'_>, dir: &Directory<'_>) {
        let mut packages: Vec<&str> = dir.files.iter().map(|f| f.package()).collect();
        packages.sort_unstable();
        packages.dedup();
        if packages.len() < 2 {
            return;
        }
        let no_package = packages.first() == Some(&"");
        let named = if no_package {
            &packages[1..]
        } else {
            &packages[..]
        };
        let message = match (no_package, named.len()) {
            (true, 1) => format!(
                "Package {} and file with no package detected within directory {}.",
                go_quote(named[0]),
                go_quote(dir.path)
            ),
            (true, _) => format!(
                "Multiple packages {} and file with no package detected within directory {}.",
                go_quote(&named.join(",")),
                go_quote(dir.path)
            ),
            (false, _) => format!(
                "Multiple packages {} detected within directory {}.",
                go_quote(&named.join(",")),
                go_quote(dir.path)
            ),
        };
        for f in &dir.files {
            cx.report(f, &[tag::FILE_PACKAGE], message.clone());
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that all files in one directory have the same package (a file without a package counts as a package of its own). Every file of a directory with several packages is reported.",
    why: "Many generators (Go's above all) turn a directory into one output package; files of different protobuf packages in one directory generate code that clashes or cannot be built.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {}\n\n// file: foo/v1/bar.proto\nsyntax = \"proto3\";\n\npackage foo.v2;\n\nmessage Bar {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {}\n\n// file: foo/v2/bar.proto\nsyntax = \"proto3\";\n\npackage foo.v2;\n\nmessage Bar {}\n",
    example_path: "foo/v1/foo.proto",
};
