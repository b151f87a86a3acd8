//! COMMENT_MESSAGE: Checks that messages have non-empty comments.
//!
//! The COMMENT_* rules share buf's notion of documentation: the element's *leading* comment
//! (trailing and detached comments do not count) with every line that starts with
//! `buf:lint:ignore` (or our `protokit:lint:ignore`) removed, still holding a
//! non-whitespace character. Elements without a source location (all of them in an image
//! built without source info) are not checked, as buf does. They report at the whole element
//! with `<Kind> "<name>" should
//! have a non-empty comment for documentation.`. This rule skips map entry messages; groups
//! are messages too, documented by the comment before the `group` line.

use crate::image::ImageFile;
use crate::lint::{Cx, LintRule, Message, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

/// Whether the element at `path` has a leading comment that documents it (see the module
/// docs); `None` when the element has no source location.
pub(crate) fn documented(file: &ImageFile, path: &[i32]) -> Option<bool> {
    let location = file.location(path)?;
    let Some(comment) = location.leading_comments else {
        return Some(false);
    };
    Some(comment.lines().any(|line| {
        let line = line.trim();
        !line.is_empty()
            && !line.starts_with("buf:lint:ignore")
            && !line.starts_with("protokit:lint:ignore")
    }))
}

/// Reports `<kind> "<name>" should have a non-empty comment for documentation.` at `path`
/// when the element has a location and is not documented.
pub(crate) fn check(cx: &mut Cx<'_>, file: &ImageFile, path: &[i32], kind: &str, name: &str) {
    if documented(file, path) == Some(false) {
        cx.report(
            file,
            path,
            format!("{kind} \"{name}\" should have a non-empty comment for documentation."),
        );
    }
}

impl LintRule for Rule {
    fn check_message(&self, cx: &mut Cx<'_>, m: &Message<'_>) {
        if m.is_map_entry {
            return;
        }
        check(
            cx,
            m.file,
            m.path,
            "Message",
            m.desc.name.as_deref().unwrap_or(""),
        );
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every message (nested ones and groups included, map entries excluded) has a leading comment with some text. Trailing comments, detached comments and lines that only hold `buf:lint:ignore` do not count.",
    why: "Comments on messages end up in generated code and API documentation; an undocumented message leaves every consumer guessing what it represents.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {} // A trailing comment does not count.\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\n// Foo is a foo.\nmessage Foo {}\n",
    example_path: "foo/v1/foo.proto",
};
