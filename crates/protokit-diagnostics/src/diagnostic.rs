//! The diagnostic type every protokit crate reports.

use std::fmt;

use crate::{Position, Span};

/// How serious a diagnostic is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Severity {
    /// Compilation or the check fails.
    Error,
    /// Worth fixing, but does not fail compilation (protoc's `warning:`).
    Warning,
    /// For information only.
    Info,
}

impl Severity {
    /// The lowercase name: `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary location attached to a diagnostic, e.g. "first defined here". It may be in a
/// different file than the diagnostic itself.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Label {
    /// The file's display path (the key it has in a [`crate::Files`]).
    pub file: String,
    /// Where in that file, in bytes.
    pub span: Span,
    /// What the location is, e.g. `first defined here`. May be empty.
    pub message: String,
}

impl Label {
    /// A label at `span` of `file`.
    pub fn new(file: impl Into<String>, span: Span, message: impl Into<String>) -> Self {
        Label {
            file: file.into(),
            span,
            message: message.into(),
        }
    }
}

/// Replace the bytes `span` of a file with `replacement` (an empty span inserts, an empty
/// replacement deletes).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TextEdit {
    /// The bytes replaced.
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

impl TextEdit {
    /// Replaces `span` with `replacement`.
    pub fn new(span: Span, replacement: impl Into<String>) -> Self {
        TextEdit {
            span,
            replacement: replacement.into(),
        }
    }
}

/// A suggested fix: text edits to the diagnostic's file that resolve it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Fix {
    /// What the fix does, e.g. `rename to "foo_bar"`.
    pub message: String,
    /// The edits; they do not overlap.
    pub edits: Vec<TextEdit>,
}

impl Fix {
    /// A fix described by `message` made of `edits`.
    pub fn new(message: impl Into<String>, edits: Vec<TextEdit>) -> Self {
        Fix {
            message: message.into(),
            edits,
        }
    }

    /// `text` with the edits applied.
    ///
    /// # Errors
    /// `None` when two edits overlap or an edit is out of bounds or not on a `char` boundary.
    pub fn apply(&self, text: &str) -> Option<String> {
        let mut edits: Vec<&TextEdit> = self.edits.iter().collect();
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let mut out = String::with_capacity(text.len());
        let mut pos = 0usize;
        for e in edits {
            let r = e.span.range();
            if r.start < pos || r.end > text.len() || r.start > r.end {
                return None;
            }
            out.push_str(text.get(pos..r.start)?);
            text.get(r.clone())?;
            out.push_str(&e.replacement);
            pos = r.end;
        }
        out.push_str(text.get(pos..)?);
        Some(out)
    }
}

/// One finding: a compile error, a protoc warning, a lint or breaking-change finding.
///
/// `file` is the display path of the file the diagnostic is about (as protoc prints it, e.g.
/// `protos//a.proto` for `-Iprotos/`) and the key under which renderers find its text in a
/// [`crate::Files`]. Spans are byte ranges into that text; renderers turn them into 1-based
/// lines and protoc columns.
///
/// Build one with [`Diagnostic::error`], [`Diagnostic::warning`] or [`Diagnostic::new`] and
/// the `with_*` methods:
///
/// ```
/// use protokit_diagnostics::{Diagnostic, Span};
///
/// let d = Diagnostic::error("a.proto", "\"Foo\" is already defined in file \"b.proto\".")
///     .with_span(Span::new(30, 33))
///     .with_label("b.proto", Span::new(8, 11), "first defined here");
/// assert_eq!(d.labels.len(), 1);
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The rule or error ID, e.g. `FIELD_LOWER_SNAKE_CASE`; `None` for compile errors.
    pub rule: Option<String>,
    /// The message, without position or severity (protoc's wording for compile errors).
    pub message: String,
    /// Display path of the file it is about.
    pub file: String,
    /// Where in `file`; `None` for a diagnostic about the whole file (e.g. it cannot be read).
    pub span: Option<Span>,
    /// Line/column range, for diagnostics that come from a descriptor's `SourceCodeInfo`
    /// rather than from source text (lint and breaking findings on images). Renderers prefer
    /// it over `span` when both are set.
    pub position: Option<Position>,
    /// Secondary locations, in the order they should be shown.
    pub labels: Vec<Label>,
    /// A suggested fix, if one can be made mechanically.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic of `severity` about `file`, with no span, labels, rule or fix.
    pub fn new(severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            rule: None,
            message: message.into(),
            file: file.into(),
            span: None,
            position: None,
            labels: Vec::new(),
            fix: None,
        }
    }

    /// An error about `file`.
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Error, file, message)
    }

    /// A warning about `file`.
    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic::new(Severity::Warning, file, message)
    }

    /// Sets the primary span.
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = Some(span);
        self
    }

    /// Sets the line/column range.
    pub fn with_position(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// Sets the rule or error ID.
    pub fn with_rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }

    /// Adds a secondary label at `span` of `file`.
    pub fn with_label(
        mut self,
        file: impl Into<String>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        self.labels.push(Label::new(file, span, message));
        self
    }

    /// Sets the suggested fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

impl fmt::Display for Diagnostic {
    /// `file: message` (with `warning: ` or `info: ` before the message when it is not an
    /// error); use the renderers in [`crate::render`] for positions.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.severity {
            Severity::Error => write!(f, "{}: {}", self.file, self.message),
            s => write!(f, "{}: {s}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for Diagnostic {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fix_applies_sorted_non_overlapping_edits() {
        let fix = Fix::new(
            "rename",
            vec![
                TextEdit::new(Span::new(8, 11), "bar_baz"),
                TextEdit::new(Span::new(0, 0), "// x\n"),
            ],
        );
        assert_eq!(
            fix.apply("message Foo {}").as_deref(),
            Some("// x\nmessage bar_baz {}")
        );
        let overlapping = Fix::new(
            "bad",
            vec![
                TextEdit::new(Span::new(0, 5), ""),
                TextEdit::new(Span::new(3, 4), ""),
            ],
        );
        assert_eq!(overlapping.apply("abcdefg"), None);
        let out_of_bounds = Fix::new("bad", vec![TextEdit::new(Span::new(3, 40), "")]);
        assert_eq!(out_of_bounds.apply("abc"), None);
    }

    #[test]
    fn display_without_position() {
        assert_eq!(
            Diagnostic::error("x.proto", "File not found.").to_string(),
            "x.proto: File not found."
        );
        assert_eq!(
            Diagnostic::warning("x.proto", "Import y.proto is unused.").to_string(),
            "x.proto: warning: Import y.proto is unused."
        );
    }
}
