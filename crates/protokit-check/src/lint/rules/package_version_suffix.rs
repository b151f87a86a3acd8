//! PACKAGE_VERSION_SUFFIX: Checks that the last component of all packages is a version of the form v\d+, v\d+test.*, v\d+(alpha|beta)\d+, or v\d+p\d+(alpha|beta)\d+, where numbers are >=1.
//!
//! buf reports at the package statement: `Package name "foo" should be suffixed with a
//! correctly formed version, such as "foo.v1".`. A package of a single component (`v1`) is
//! never versioned; files without a package are not checked. See [`package_version`] for the
//! exact grammar (the numbers after `alpha`/`beta` may be left out).

use crate::image::ImageFile;
use crate::lint::elements::tag;
use crate::lint::versions::package_version;
use crate::lint::{Cx, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, file: &ImageFile) {
        let package = file.package();
        if package.is_empty() || package_version(package).is_some() {
            return;
        }
        cx.report(
            file,
            &[tag::FILE_PACKAGE],
            format!(
                "Package name \"{package}\" should be suffixed with a correctly formed version, such as \"{package}.v1\"."
            ),
        );
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that the last component of every package is a version: `v1`, `v1beta1`, `v1alpha`, `v1p1beta1`, `v1test`, `v1test_foo` and so on, with numbers of at least 1. A package of one component, such as `v1`, is not versioned.",
    why: "A version in the package lets a new, incompatible version of an API live next to the old one (`foo.v2` beside `foo.v1`) instead of breaking its clients in place; `alpha`, `beta` and `test` mark what is not stable yet.",
    example: "syntax = \"proto3\";\n\npackage foo;\n\nmessage Foo {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {}\n",
    example_path: "foo/foo.proto",
};
