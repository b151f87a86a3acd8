//! PACKAGE_DIRECTORY_MATCH: Checks that all files are in a directory that matches their package name.
//!
//! The directory of a file (relative to its module root, `.` at the root) must be its package
//! with `.` replaced by `/`. buf reports at the package statement: `Files with package
//! "foo.v1" must be within a directory "foo/v1" relative to root but were in directory
//! "bar".`. Files without a package are not checked.

use crate::image::ImageFile;
use crate::lint::elements::tag;
use crate::lint::quote::go_quote;
use crate::lint::{Cx, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, file: &ImageFile) {
        let package = file.package();
        if package.is_empty() {
            return;
        }
        let expected = package.replace('.', "/");
        let dir = file.name().rsplit_once('/').map_or(".", |(d, _)| d);
        if dir != expected {
            cx.report(
                file,
                &[tag::FILE_PACKAGE],
                format!(
                    "Files with package {} must be within a directory {} relative to root but were in directory {}.",
                    go_quote(package),
                    go_quote(&expected),
                    go_quote(dir)
                ),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that each file lives in the directory its package names, relative to the module root: package `foo.v1` in directory `foo/v1`.",
    why: "When directories mirror packages, the import path of a file tells where its types live and the package tells where to find the file; many generators (Go, Java) also lay out their output that way.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage bar.v1;\n\nmessage Foo {}\n",
    example_path: "bar/v1/foo.proto",
};
