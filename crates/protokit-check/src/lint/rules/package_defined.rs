//! PACKAGE_DEFINED: Checks that all files have a package defined.
//!
//! buf reports `Files must have a package defined.` for every checked file without a
//! `package` statement, at no location (buf prints 1:1).

use crate::image::ImageFile;
use crate::lint::elements::tag;
use crate::lint::{Cx, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, file: &ImageFile) {
        if file.package().is_empty() {
            // The file has no package statement, so this path has no location.
            cx.report(
                file,
                &[tag::FILE_PACKAGE],
                "Files must have a package defined.",
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every file has a `package` statement. The finding is at the top of the file, since there is no statement to point at.",
    why: "Without a package, every type lands in one global namespace shared with every other package-less file anywhere, so names collide as soon as two schemas are used together, and generators cannot derive a language package from the protobuf package.",
    example: "syntax = \"proto3\";\n\nmessage Foo {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {}\n",
    example_path: "foo/v1/foo.proto",
};
