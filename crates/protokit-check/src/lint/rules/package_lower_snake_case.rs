//! PACKAGE_LOWER_SNAKE_CASE: Checks that packages are lower_snake.case.
//!
//! buf converts each dot-separated component of the package to lower_snake_case and
//! reports at the `package` statement, when the result differs, with `Package name
//! "Foo.barBaz" should be lower_snake.case, such as "foo.bar_baz".`. Files without a
//! package are not checked.

use crate::image::ImageFile;
use crate::lint::elements::tag;
use crate::lint::naming::to_lower_snake_case;
use crate::lint::{Cx, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, file: &ImageFile) {
        let name = file.package();
        if name.is_empty() {
            return;
        }
        let want = name
            .split('.')
            .map(to_lower_snake_case)
            .collect::<Vec<_>>()
            .join(".");
        if want != name {
            cx.report(
                file,
                &[tag::FILE_PACKAGE],
                format!("Package name \"{name}\" should be lower_snake.case, such as \"{want}\"."),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every dot-separated component of the package name is lower_snake_case.",
    why: "Packages map to directories, namespaces and modules in generated code; lower-case components avoid case-sensitivity trouble between file systems and languages.",
    example: "syntax = \"proto3\";\n\npackage fooBar.v1;\n\nmessage Foo {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo_bar.v1;\n\nmessage Foo {}\n",
    example_path: "foo_bar/v1/foo.proto",
};
