//! Diagnostics shared by every protokit crate: spans, line/column mapping, diagnostics and
//! their renderers.
//!
//! A [`Diagnostic`] points into a file by display path and byte [`Span`]; renderers in
//! [`render`] look the text up in a [`Files`] (e.g. a [`SourceMap`]) to print positions and
//! snippets:
//!
//! ```
//! use protokit_diagnostics::{render, Diagnostic, SourceMap, Span};
//!
//! let mut files = SourceMap::new();
//! files.insert("a.proto", "syntax = \"proto3\";\nmessage A { foo x = 1; }\n");
//! let d = Diagnostic::error("a.proto", "\"foo\" is not defined.").with_span(Span::new(31, 34));
//! assert_eq!(render::gcc(&d, &files), "a.proto:2:13: \"foo\" is not defined.");
//! assert_eq!(
//!     render::msvs(&d, &files),
//!     "a.proto(2) : error in column=13: \"foo\" is not defined."
//! );
//! let snippet = render::rich(&d, &files, &render::RichOptions::default());
//! assert!(snippet.contains("^^^"));
//! ```

#![warn(missing_docs)]

use std::fmt;

mod diagnostic;
pub mod formats;
pub mod render;
mod source_map;

pub use diagnostic::{Diagnostic, Fix, Label, Severity, TextEdit};
pub use source_map::{Files, SourceMap, SourceText};

/// A half-open byte range `start..end` into a file's text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    /// First byte, inclusive.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from `start` (inclusive) to `end` (exclusive), in bytes.
    pub fn new(start: u32, end: u32) -> Self {
        Span { start, end }
    }

    /// The smallest span covering both `self` and `other`.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Length in bytes.
    pub fn len(self) -> u32 {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The span as a `usize` range, for slicing the file's text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A 1-based, inclusive-start, exclusive-end line/column range, as buf prints findings
/// (`start_line`, `start_column`, `end_line`, `end_column` in `buf lint --error-format json`).
///
/// It is a `SourceCodeInfo.Location.span` plus one on every number; columns count as protoc's
/// tokenizer does (a tab advances to the next multiple of 8).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub struct Position {
    /// First line, 1-based.
    pub start_line: u32,
    /// First column, 1-based.
    pub start_column: u32,
    /// Last line, 1-based.
    pub end_line: u32,
    /// Column just past the end, 1-based.
    pub end_column: u32,
}

impl Position {
    /// From a `SourceCodeInfo.Location.span`: `[start_line, start_col, end_col]` or
    /// `[start_line, start_col, end_line, end_col]`, 0-based. `None` for any other length.
    pub fn from_source_code_info(span: &[i32]) -> Option<Position> {
        let p = |v: i32| u32::try_from(v).ok().map(|v| v + 1);
        match *span {
            [sl, sc, ec] => Some(Position {
                start_line: p(sl)?,
                start_column: p(sc)?,
                end_line: p(sl)?,
                end_column: p(ec)?,
            }),
            [sl, sc, el, ec] => Some(Position {
                start_line: p(sl)?,
                start_column: p(sc)?,
                end_line: p(el)?,
                end_column: p(ec)?,
            }),
            _ => None,
        }
    }
}

/// Maps byte offsets of one file to protoc's 0-based line and column.
///
/// Columns follow protoc's tokenizer: each byte advances the column by one, except a tab,
/// which advances it to the next multiple of 8. Lines end at `\n`. Renderers add 1 to both for
/// `file:line:col` output; `SourceCodeInfo` spans use them as they are.
#[derive(Clone, Debug)]
pub struct LineIndex {
    line_starts: Vec<u32>,
    /// Offsets of tab bytes, sorted; tabs are rare, so columns are computed on demand.
    tabs: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        let mut tabs = Vec::new();
        for (i, b) in text.bytes().enumerate() {
            match b {
                b'\n' => line_starts.push(i as u32 + 1),
                b'\t' => tabs.push(i as u32),
                _ => {}
            }
        }
        LineIndex { line_starts, tabs }
    }

    /// 0-based `(line, column)` of byte `offset` (clamped to the end of the text).
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let first_tab = self.tabs.partition_point(|&t| t < start);
        let mut col = 0u32;
        let mut pos = start;
        for &t in &self.tabs[first_tab..] {
            if t >= offset {
                break;
            }
            col += t - pos;
            col += 8 - col % 8;
            pos = t + 1;
        }
        col += offset.saturating_sub(pos);
        (line as u32, col)
    }

    /// Number of lines (a text without a final newline still counts its last line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_advance_to_multiples_of_eight() {
        let idx = LineIndex::new("a\tb\n\t\tc");
        assert_eq!(idx.line_col(0), (0, 0));
        assert_eq!(idx.line_col(2), (0, 8));
        assert_eq!(idx.line_col(3), (0, 9));
        assert_eq!(idx.line_col(6), (1, 16));
    }
}
