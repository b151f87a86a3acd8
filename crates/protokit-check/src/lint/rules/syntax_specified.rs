//! SYNTAX_SPECIFIED: Checks that all files have a syntax specified.
//!
//! A file has one when it declares `syntax = "...";` (explicit `proto2` included) or
//! `edition = "...";`. Images made by `buf build` record that in their file extension
//! (`is_syntax_unspecified`, kept without source info too); otherwise, with source info, it is
//! whether the `syntax` statement has a location, and without, whether the descriptor names a
//! syntax or an edition (an explicit `proto2` then looks unspecified). buf's finding has
//! no source location (1:1-1:1): `Files must have a syntax explicitly specified. If no syntax
//! is specified, the file defaults to "proto2".`.

use super::file_lower_snake_case::NO_LOCATION;
use crate::image::ImageFile;
use crate::lint::elements::tag;
use crate::lint::{Cx, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, file: &ImageFile) {
        let p = &file.proto;
        let declared = match file.syntax_unspecified {
            Some(unspecified) => !unspecified,
            None => {
                p.edition.is_some()
                    || p.syntax.as_deref().is_some_and(|s| !s.is_empty())
                    || file.location(&[tag::FILE_SYNTAX]).is_some()
            }
        };
        if !declared {
            cx.report(
                file,
                NO_LOCATION,
                "Files must have a syntax explicitly specified. If no syntax is specified, the file defaults to \"proto2\".",
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every file starts with a `syntax` or `edition` declaration.",
    why: "Without one a file silently is proto2, which few readers expect; saying it explicitly avoids surprises about presence, defaults and enums.",
    example: "package foo.v1;\n\nmessage Foo {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {}\n",
    example_path: "foo/v1/foo.proto",
};
