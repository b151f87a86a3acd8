//! Comment ignores: `// buf:lint:ignore RULE_ID` (and our `// protokit:lint:ignore RULE_ID`)
//! in the leading comments of an element or of any declaration enclosing it.
//!
//! buf's semantics: only leading comments count (not trailing or detached ones); each comment
//! line is trimmed, and a line starting with the marker names one rule ID, the first word
//! after the marker; IDs are case-sensitive.

use crate::image::ImageFile;

const MARKERS: [&str; 2] = ["buf:lint:ignore", "protokit:lint:ignore"];

/// Whether a leading comment on `path` or on one of its prefixes ignores `rule`.
pub fn is_ignored(file: &ImageFile, path: &[i32], rule: &str) -> bool {
    (1..=path.len()).any(|n| {
        file.location(&path[..n])
            .and_then(|l| l.leading_comments)
            .is_some_and(|c| comment_ignores(c, rule))
    })
}

/// Whether `comment` may hold an ignore line (a cheap test before [`comment_ignores`]).
pub(crate) fn may_ignore(comment: &str) -> bool {
    comment.contains(":lint:ignore")
}

/// Whether comment text `comment` (markers already stripped, as in `SourceCodeInfo`) holds an
/// ignore line for `rule`.
pub fn comment_ignores(comment: &str, rule: &str) -> bool {
    comment.lines().any(|line| {
        let line = line.trim();
        MARKERS.iter().any(|m| {
            line.strip_prefix(m)
                .filter(|rest| rest.starts_with(char::is_whitespace))
                .and_then(|rest| rest.split_whitespace().next())
                == Some(rule)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::comment_ignores;

    #[test]
    fn first_word_after_the_marker() {
        assert!(comment_ignores(" buf:lint:ignore FOO_BAR\n", "FOO_BAR"));
        assert!(comment_ignores(
            " docs\n buf:lint:ignore FOO_BAR trailing words\n",
            "FOO_BAR"
        ));
        assert!(comment_ignores(
            " protokit:lint:ignore FOO_BAR\n",
            "FOO_BAR"
        ));
        assert!(!comment_ignores(" buf:lint:ignore foo_bar\n", "FOO_BAR"));
        assert!(!comment_ignores(
            " buf:lint:ignore OTHER FOO_BAR\n",
            "FOO_BAR"
        ));
        assert!(!comment_ignores(" buf:lint:ignoreFOO_BAR\n", "FOO_BAR"));
        assert!(!comment_ignores(
            " see buf:lint:ignore FOO_BAR\n",
            "FOO_BAR"
        ));
    }
}
