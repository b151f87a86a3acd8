//! PACKAGE_SAME_PHP_NAMESPACE: Checks that all files with a given package have the same value for the php_namespace option.
//!
//! buf compares the `php_namespace` file option across the checked files of each package (files
//! without a package form the package `""`). When the files hold more than one value, or one
//! value in some files and none in others, every file of the package is reported: at its
//! `option php_namespace` statement (`[8, 41]`), or at no location (1:1) when it has none. The
//! message lists the sorted distinct values joined by commas: `Files in package "foo.v1" have
//! multiple values "a,b" for option "php_namespace" and all values must be equal.`, or `... have both
//! values "a" and no value for option ...`. An empty string counts as unset.

use crate::lint::package_options::{check_same, non_empty, FileOption};
use crate::lint::{Cx, LintRule, Package, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

const OPTION: FileOption = FileOption {
    name: "php_namespace",
    number: 41,
    get: |o| non_empty(&o.php_namespace),
};

impl LintRule for Rule {
    fn check_package(&self, cx: &mut Cx<'_>, package: &Package<'_>) {
        check_same(cx, package, &OPTION);
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that all files of a package set the `php_namespace` file option to the same value: either every file leaves it unset, or every file sets it to one value. An empty string counts as unset. Each file of a package that disagrees is reported, at its option or, when it has none, at the top of the file.",
    why: "The option sets the PHP namespace generated classes live in; files of one protobuf package that disagree split the package's generated code across several places, and code that refers to the package from elsewhere can no longer name it.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\noption php_namespace = \"Foo\\\\V1\";\n\nmessage Foo {}\n\n// file: foo/v1/bar.proto\nsyntax = \"proto3\";\n\npackage foo.v1;\n\noption php_namespace = \"Acme\\\\Foo\\\\V1\";\n\nmessage Bar {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\noption php_namespace = \"Foo\\\\V1\";\n\nmessage Foo {}\n\n// file: foo/v1/bar.proto\nsyntax = \"proto3\";\n\npackage foo.v1;\n\noption php_namespace = \"Foo\\\\V1\";\n\nmessage Bar {}\n",
    example_path: "foo/v1/foo.proto",
};
