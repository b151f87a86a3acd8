//! Renderers: a [`Diagnostic`] plus the source text ([`Files`]) to text.
//!
//! - [`gcc`]: protoc's default `--error_format=gcc`, `path:line:col: message`.
//! - [`msvs`]: protoc's `--error_format=msvs`, `path(line) : error in column=col: message`.
//! - [`rich`]: a terminal snippet with the source line(s) underlined, labels and fix, via
//!   `annotate-snippets`.
//!
//! Lines and columns are 1-based in all output. Columns are protoc's: one per byte, and a
//! tab advances to the next multiple of 8 (see [`crate::LineIndex`]).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Patch, Renderer, Snippet};

use crate::{Diagnostic, Files, Severity, Span};

/// 1-based `(line, column)` of the start of `span` in `file`, with protoc's columns; `None`
/// when `files` does not have the file. Offsets past the end of the text count as the end.
pub fn line_col(files: &dyn Files, file: &str, span: Span) -> Option<(u32, u32)> {
    let (text, index) = files.source(file)?;
    let offset = span.start.min(text.len() as u32);
    let (line, col) = index.line_col(offset);
    Some((line + 1, col + 1))
}

/// protoc's `--error_format` choices.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum ErrorFormat {
    /// `path:line:col: message` (protoc's default).
    #[default]
    Gcc,
    /// `path(line) : error in column=col: message` (Visual Studio).
    Msvs,
}

impl ErrorFormat {
    /// Parses a `--error_format` value (`gcc` or `msvs`).
    ///
    /// # Errors
    /// protoc's message for other values: `Unknown error format: <name>`.
    pub fn from_name(name: &str) -> Result<Self, String> {
        match name {
            "gcc" => Ok(ErrorFormat::Gcc),
            "msvs" => Ok(ErrorFormat::Msvs),
            _ => Err(format!("Unknown error format: {name}")),
        }
    }

    /// Renders `diagnostic` in this format (one line, no trailing newline).
    pub fn render(self, diagnostic: &Diagnostic, files: &dyn Files) -> String {
        match self {
            ErrorFormat::Gcc => gcc(diagnostic, files),
            ErrorFormat::Msvs => msvs(diagnostic, files),
        }
    }
}

/// The message part, after the position, as protoc prints it: `: message` for errors and
/// `: warning: message` for warnings (`: info: message` for our informational diagnostics).
fn write_message(out: &mut String, d: &Diagnostic) {
    use fmt::Write;
    let _ = match d.severity {
        Severity::Error => write!(out, ": {}", d.message),
        s => write!(out, ": {s}: {}", d.message),
    };
}

/// One line in protoc's `gcc` format, as protoc 35.1 prints it:
/// `path:line:col: message`, or `path:line:col: warning: message` for warnings.
///
/// A diagnostic without a span, or whose file `files` does not have, prints `path: message`.
/// Labels, rule IDs and fixes are not shown (protoc has none).
pub fn gcc(d: &Diagnostic, files: &dyn Files) -> String {
    let mut out = d.file.clone();
    if let Some((line, col)) = d.span.and_then(|s| line_col(files, &d.file, s)) {
        out.push_str(&format!(":{line}:{col}"));
    }
    write_message(&mut out, d);
    out
}

/// One line in protoc's `msvs` format, as protoc 35.1 prints it:
/// `path(line) : error in column=col: message`, or for warnings
/// `path(line) : warning in column=col: warning: message` (protoc repeats `warning:`).
///
/// A diagnostic without a span, or whose file `files` does not have, prints `path: message`.
pub fn msvs(d: &Diagnostic, files: &dyn Files) -> String {
    let mut out = d.file.clone();
    if let Some((line, col)) = d.span.and_then(|s| line_col(files, &d.file, s)) {
        out.push_str(&format!("({line}) : {} in column={col}", d.severity));
    }
    write_message(&mut out, d);
    out
}

/// Options for [`rich`].
#[derive(Clone, Copy, Debug)]
pub struct RichOptions {
    /// Emit ANSI colors (only when asked: off by default).
    pub color: bool,
    /// Draw with Unicode box characters instead of ASCII.
    pub unicode: bool,
    /// Terminal width in columns, for trimming long lines.
    pub term_width: usize,
}

impl Default for RichOptions {
    fn default() -> Self {
        RichOptions {
            color: false,
            unicode: false,
            term_width: 140,
        }
    }
}

/// A file's text with tabs expanded to protoc's tab stops (multiples of 8), so that the
/// snippet renderer's columns and layout agree with protoc's; spans are mapped onto it.
struct TabExpanded<'a> {
    original: &'a str,
    text: std::borrow::Cow<'a, str>,
    /// For each tab: its offset in `original` and the spaces it became.
    tabs: Vec<(usize, usize)>,
}

impl<'a> TabExpanded<'a> {
    fn new(original: &'a str) -> Self {
        if !original.contains('\t') {
            return TabExpanded {
                original,
                text: original.into(),
                tabs: Vec::new(),
            };
        }
        let mut text = String::with_capacity(original.len() + 64);
        let mut tabs = Vec::new();
        let mut col = 0usize;
        for (i, c) in original.char_indices() {
            match c {
                '\t' => {
                    let width = 8 - col % 8;
                    text.extend(std::iter::repeat_n(' ', width));
                    tabs.push((i, width));
                    col += width;
                }
                '\n' => {
                    text.push(c);
                    col = 0;
                }
                _ => {
                    text.push(c);
                    col += c.len_utf8();
                }
            }
        }
        TabExpanded {
            original,
            text: text.into(),
            tabs,
        }
    }

    /// Byte offset in the expanded text of `offset` (a `char` boundary) of the original.
    fn map(&self, offset: usize) -> usize {
        let before = self.tabs.partition_point(|&(t, _)| t < offset);
        offset
            + self.tabs[..before]
                .iter()
                .map(|&(_, w)| w - 1)
                .sum::<usize>()
    }

    /// `span` of the original, clamped and widened to `char` boundaries, in the expanded text.
    fn range(&self, span: Span) -> Range<usize> {
        let r = char_range(self.original, span);
        self.map(r.start)..self.map(r.end)
    }
}

/// `span` clamped to `text` and widened to `char` boundaries.
fn char_range(text: &str, span: Span) -> Range<usize> {
    let mut start = (span.start as usize).min(text.len());
    let mut end = (span.end as usize).clamp(start, text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// A terminal rendering with the source lines, in the style of rustc:
///
/// ```text
/// error[RULE_ID]: message
///  --> path:line:col
///   |
/// 3 |   string Foo = 1;
///   |          ^^^
///   |
///  ::: other.proto:1:9
///   |
/// 1 | message Foo {}
///   |         --- first defined here
/// help: fix message
/// ```
///
/// The `-->` line uses protoc's line and column. Labels in the same file annotate the same
/// snippet; labels in other files get a snippet each (or a `note:` line when `files` lacks
/// the file). The fix, if any, is shown as a `help:` with the edited lines. Ends without a
/// newline.
pub fn rich(d: &Diagnostic, files: &dyn Files, options: &RichOptions) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let mut title = level.primary_title(d.message.as_str());
    if let Some(rule) = &d.rule {
        title = title.id(rule.as_str());
    }
    let mut group = Group::with_title(title);

    // Labels grouped by file, in first-appearance order, the diagnostic's own file first.
    let mut order: Vec<&str> = vec![d.file.as_str()];
    let mut by_file: BTreeMap<&str, Vec<&crate::Label>> = BTreeMap::new();
    for label in &d.labels {
        if !order.contains(&label.file.as_str()) {
            order.push(&label.file);
        }
        by_file.entry(&label.file).or_default().push(label);
    }

    let mut notes = Vec::new();
    for (i, file) in order.iter().enumerate() {
        let labels = by_file.get(file).map(Vec::as_slice).unwrap_or(&[]);
        let primary = if i == 0 { d.span } else { None };
        let Some((text, _)) = files.source(file) else {
            if i == 0 {
                group = group.element(Origin::path(*file));
            }
            for l in labels {
                notes.push(format!("{}: {}", l.file, l.message));
            }
            continue;
        };
        if primary.is_none() && labels.is_empty() {
            group = group.element(Origin::path(*file));
            continue;
        }
        let expanded = TabExpanded::new(text);
        let mut snippet = Snippet::source(expanded.text.clone())
            .line_start(1)
            .path(*file)
            .fold(true);
        if let Some(span) = primary {
            snippet = snippet.annotation(AnnotationKind::Primary.span(expanded.range(span)));
        }
        for l in labels {
            let mut a = AnnotationKind::Context.span(expanded.range(l.span));
            if !l.message.is_empty() {
                a = a.label(l.message.as_str());
            }
            snippet = snippet.annotation(a);
        }
        group = group.element(snippet);
    }
    for note in &notes {
        group = group.element(Level::NOTE.message(note.as_str()));
    }

    let mut report = vec![group];
    if let Some(fix) = &d.fix {
        let mut help = Group::with_title(Level::HELP.secondary_title(fix.message.as_str()));
        if let Some((text, _)) = files.source(&d.file) {
            if !fix.edits.is_empty() {
                let expanded = TabExpanded::new(text);
                let mut snippet = Snippet::source(expanded.text.clone())
                    .line_start(1)
                    .path(d.file.as_str());
                for e in &fix.edits {
                    snippet =
                        snippet.patch(Patch::new(expanded.range(e.span), e.replacement.as_str()));
                }
                help = help.element(snippet);
            }
        }
        report.push(help);
    }

    let renderer = if options.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .term_width(options.term_width)
    .decor_style(if options.unicode {
        DecorStyle::Unicode
    } else {
        DecorStyle::Ascii
    });
    renderer.render(&report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Fix, SourceMap, TextEdit};

    fn files() -> SourceMap {
        let mut m = SourceMap::new();
        m.insert(
            "a.proto",
            "syntax = \"proto3\";\n\tmessage A { \tfoo x = 1; }\n",
        );
        m.insert("b.proto", "message Foo {}\nmessage Bar {}\n");
        m.insert("eof.proto", "syntax = \"proto3\";\nmessage A {");
        m.insert("empty.proto", "");
        m
    }

    /// Offset of the first occurrence of `needle` in file `path`.
    fn at(m: &SourceMap, path: &str, needle: &str, len: usize) -> Span {
        let start = m.get(path).unwrap().text().find(needle).unwrap() as u32;
        Span::new(start, start + len as u32)
    }

    #[test]
    fn gcc_matches_protoc_with_tabs() {
        let m = files();
        // protoc 35.1: a/tab.proto:2:25: "foo" is not defined.
        let d = Diagnostic::error("a.proto", "\"foo\" is not defined.")
            .with_span(at(&m, "a.proto", "foo", 3));
        assert_eq!(gcc(&d, &m), "a.proto:2:25: \"foo\" is not defined.");
        let w = Diagnostic::warning("a.proto", "Import b.proto is unused.")
            .with_span(Span::new(19, 20));
        assert_eq!(
            gcc(&w, &m),
            "a.proto:2:1: warning: Import b.proto is unused."
        );
    }

    #[test]
    fn gcc_without_span_or_source() {
        let m = files();
        let d = Diagnostic::error("nope.proto", "File not found.");
        assert_eq!(gcc(&d, &m), "nope.proto: File not found.");
        // A span into a file the map lacks cannot be placed.
        let d = Diagnostic::error("nope.proto", "x").with_span(Span::new(3, 4));
        assert_eq!(gcc(&d, &m), "nope.proto: x");
    }

    #[test]
    fn end_of_file_and_empty_file() {
        let m = files();
        // protoc 35.1: eof.proto:2:12: Reached end of input in message definition (missing '}').
        let end = m.get("eof.proto").unwrap().text().len() as u32;
        let d = Diagnostic::error(
            "eof.proto",
            "Reached end of input in message definition (missing '}').",
        )
        .with_span(Span::new(end, end));
        assert_eq!(
            gcc(&d, &m),
            "eof.proto:2:12: Reached end of input in message definition (missing '}')."
        );
        // Past the end is clamped to the end.
        let d2 = Diagnostic::error("eof.proto", "x").with_span(Span::new(end + 10, end + 12));
        assert_eq!(gcc(&d2, &m), "eof.proto:2:12: x");
        let e = Diagnostic::error("empty.proto", "x").with_span(Span::new(0, 0));
        assert_eq!(gcc(&e, &m), "empty.proto:1:1: x");
        assert_eq!(msvs(&e, &m), "empty.proto(1) : error in column=1: x");
        let r = rich(&e, &m, &RichOptions::default());
        assert!(r.starts_with("error: x\n --> empty.proto:1:1"), "{r}");
        let r = rich(&d, &m, &RichOptions::default());
        assert!(r.contains("--> eof.proto:2:12"), "{r}");
    }

    #[test]
    fn msvs_matches_protoc() {
        let m = files();
        // protoc 35.1 --error_format=msvs:
        //   r/main.proto(3) : error in column=1: Import "../a/x.proto" was not found or had errors.
        //   r/m2.proto(2) : warning in column=1: warning: Import d.proto is unused.
        let d = Diagnostic::error("a.proto", "\"foo\" is not defined.")
            .with_span(at(&m, "a.proto", "foo", 3));
        assert_eq!(
            msvs(&d, &m),
            "a.proto(2) : error in column=25: \"foo\" is not defined."
        );
        let w = Diagnostic::warning("a.proto", "Import b.proto is unused.")
            .with_span(Span::new(19, 20));
        assert_eq!(
            msvs(&w, &m),
            "a.proto(2) : warning in column=1: warning: Import b.proto is unused."
        );
        let n = Diagnostic::error("nope.proto", "File not found.");
        assert_eq!(msvs(&n, &m), "nope.proto: File not found.");
        assert_eq!(
            ErrorFormat::from_name("msvs").unwrap().render(&n, &m),
            msvs(&n, &m)
        );
        assert_eq!(
            ErrorFormat::from_name("json").unwrap_err(),
            "Unknown error format: json"
        );
    }

    #[test]
    fn rich_snippet_with_labels_across_files() {
        let m = files();
        let d = Diagnostic::error("b.proto", "\"Bar\" is already defined.")
            .with_rule("DUPLICATE")
            .with_span(at(&m, "b.proto", "Bar", 3))
            .with_label("b.proto", at(&m, "b.proto", "Foo", 3), "similar name here")
            .with_label("a.proto", at(&m, "a.proto", "A", 1), "first defined here")
            .with_label("gone.proto", Span::new(0, 1), "also here");
        let out = rich(&d, &m, &RichOptions::default());
        let expected = "\
error[DUPLICATE]: \"Bar\" is already defined.
 --> b.proto:2:9
  |
1 | message Foo {}
  |         --- similar name here
2 | message Bar {}
  |         ^^^
  |
 ::: a.proto:2:17
  |
2 |         message A {     foo x = 1; }
  |                 - first defined here
  |
  = note: gone.proto: also here";
        assert_eq!(out, expected, "\n{out}");
        assert!(!out.contains('\u{1b}'), "no color unless asked");
        let colored = rich(
            &d,
            &m,
            &RichOptions {
                color: true,
                ..RichOptions::default()
            },
        );
        assert!(colored.contains('\u{1b}'));
    }

    #[test]
    fn rich_multi_line_span_and_fix() {
        let mut m = SourceMap::new();
        m.insert("m.proto", "message A {\n  int32 x = 1;\n}\nmessage b {}\n");
        let text = m.get("m.proto").unwrap().text().to_owned();
        let end = text.find('}').unwrap() as u32 + 1;
        let d = Diagnostic::warning("m.proto", "message is empty-ish").with_span(Span::new(0, end));
        let out = rich(&d, &m, &RichOptions::default());
        assert!(
            out.starts_with("warning: message is empty-ish\n --> m.proto:1:1"),
            "{out}"
        );
        assert!(out.contains("1 | / message A {"), "{out}");
        assert!(out.contains("3 | | }"), "{out}");

        let b = text.find("b {").unwrap() as u32;
        let d = Diagnostic::warning("m.proto", "message name should be PascalCase")
            .with_rule("MESSAGE_PASCAL_CASE")
            .with_span(Span::new(b, b + 1))
            .with_fix(Fix::new(
                "rename to \"B\"",
                vec![TextEdit::new(Span::new(b, b + 1), "B")],
            ));
        let out = rich(&d, &m, &RichOptions::default());
        assert!(out.contains("help: rename to \"B\""), "{out}");
        assert!(out.contains("message B {}"), "{out}");
        assert_eq!(
            gcc(&d, &m),
            "m.proto:4:9: warning: message name should be PascalCase"
        );
    }

    #[test]
    fn rich_without_span_or_source() {
        let m = files();
        // The header's indent varies between annotate-snippets releases; compare without it.
        let trimmed = |d: &Diagnostic| {
            rich(d, &m, &RichOptions::default())
                .lines()
                .map(str::trim_start)
                .collect::<Vec<_>>()
                .join("\n")
        };
        let d = Diagnostic::error("nope.proto", "File not found.");
        assert_eq!(trimmed(&d), "error: File not found.\n--> nope.proto");
        let d = Diagnostic::error("a.proto", "whole file problem");
        assert_eq!(trimmed(&d), "error: whole file problem\n--> a.proto");
    }

    #[test]
    fn rich_survives_spans_inside_utf8_and_out_of_range() {
        let mut m = SourceMap::new();
        m.insert("u.proto", "// café\nmessage É {}");
        for span in [Span::new(6, 7), Span::new(17, 18), Span::new(100, 200)] {
            let d = Diagnostic::error("u.proto", "x").with_span(span);
            let _ = rich(&d, &m, &RichOptions::default());
        }
    }
}
