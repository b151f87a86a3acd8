//! PACKAGE_SAME_GO_PACKAGE: Checks that all files with a given package have the same value for the go_package option.
//!
//! buf compares the `go_package` file option across the checked files of each package (files
//! without a package form the package `""`). When the files hold more than one value, or one
//! value in some files and none in others, every file of the package is reported: at its
//! `option go_package` statement (`[8, 11]`), or at no location (1:1) when it has none. The
//! message lists the sorted distinct values joined by commas: `Files in package "foo.v1" have
//! multiple values "a,b" for option "go_package" and all values must be equal.`, or `... have both
//! values "a" and no value for option ...`. An empty string counts as unset.

use crate::lint::package_options::{check_same, non_empty, FileOption};
use crate::lint::{Cx, LintRule, Package, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

const OPTION: FileOption = FileOption {
    name: "go_package",
    number: 11,
    get: |o| non_empty(&o.go_package),
};

impl LintRule for Rule {
    fn check_package(&self, cx: &mut Cx<'_>, package: &Package<'_>) {
        check_same(cx, package, &OPTION);
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that all files of a package set the `go_package` file option to the same value: either every file leaves it unset, or every file sets it to one value. An empty string counts as unset. Each file of a package that disagrees is reported, at its option or, when it has none, at the top of the file.",
    why: "The option sets the Go import path of the generated code; files of one protobuf package that disagree split the package's generated code across several places, and code that refers to the package from elsewhere can no longer name it.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\noption go_package = \"example.com/foo/v1;foov1\";\n\nmessage Foo {}\n\n// file: foo/v1/bar.proto\nsyntax = \"proto3\";\n\npackage foo.v1;\n\noption go_package = \"example.com/other/foov1\";\n\nmessage Bar {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\noption go_package = \"example.com/foo/v1;foov1\";\n\nmessage Foo {}\n\n// file: foo/v1/bar.proto\nsyntax = \"proto3\";\n\npackage foo.v1;\n\noption go_package = \"example.com/foo/v1;foov1\";\n\nmessage Bar {}\n",
    example_path: "foo/v1/foo.proto",
};
