//! FILE_LOWER_SNAKE_CASE: Checks that filenames are lower_snake_case.
//!
//! Only the file's base name is checked, without its directory and without the `.proto`
//! extension (`a.b.proto` → `a_b.proto`). buf's finding has no source location (it prints
//! 1:1-1:1) and so no comment can ignore it: `Filename "fooBar.proto" should be
//! lower_snake_case.proto, such as "foo_bar.proto".`.

use crate::image::ImageFile;
use crate::lint::naming::to_lower_snake_case;
use crate::lint::{Cx, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

/// A `SourceCodeInfo` path no location has (nor any of its prefixes): findings reported on
/// it have no position and no comment ignores, as buf's file-level findings.
pub(crate) const NO_LOCATION: &[i32] = &[-1];

impl LintRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, file: &ImageFile) {
        let base = file.name().rsplit('/').next().unwrap_or("");
        let stem = base.strip_suffix(".proto").unwrap_or(base);
        let want = to_lower_snake_case(stem);
        if want != stem {
            cx.report(
                file,
                NO_LOCATION,
                format!(
                    "Filename \"{base}\" should be lower_snake_case.proto, such as \"{want}.proto\"."
                ),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that the base name of every `.proto` file (without directory and extension) is lower_snake_case.",
    why: "Generated file names follow the `.proto` file names; lower-case names avoid clashes on case-insensitive file systems and match the usual layout of protobuf repositories.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {}\n",
    use_instead: "// file: foo/v1/foo_bar.proto\nsyntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {}\n",
    example_path: "foo/v1/fooBar.proto",
};
