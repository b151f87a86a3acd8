//! Source locations as protoc records them, before they become `SourceCodeInfo`.

use protokit_diagnostics::{LineIndex, Span};

/// One `SourceCodeInfo.Location`, with a byte span instead of line/column.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Location {
    /// Path of field numbers and indices from the `FileDescriptorProto` to the element.
    pub path: Vec<i32>,
    /// Bytes the element covers (protoc: first to last token of the element).
    pub span: Span,
    /// Comment block right before the element, markers stripped as protoc does.
    pub leading_comments: Option<String>,
    /// Comment right after the element.
    pub trailing_comments: Option<String>,
    /// Comment blocks before the leading one, separated from it by blank lines.
    pub leading_detached_comments: Vec<String>,
}

impl Location {
    /// A location with no comments.
    pub fn new(path: Vec<i32>, span: Span) -> Self {
        Location {
            path,
            span,
            ..Default::default()
        }
    }

    /// Converts to protoc's form: span `[start_line, start_col, end_line, end_col]`, 0-based,
    /// with `end_line` left out when it equals `start_line`.
    pub fn to_proto(&self, lines: &LineIndex) -> prost_types::source_code_info::Location {
        let (sl, sc) = lines.line_col(self.span.start);
        let (el, ec) = lines.line_col(self.span.end);
        let span = if sl == el {
            vec![sl as i32, sc as i32, ec as i32]
        } else {
            vec![sl as i32, sc as i32, el as i32, ec as i32]
        };
        prost_types::source_code_info::Location {
            path: self.path.clone(),
            span,
            leading_comments: self.leading_comments.clone(),
            trailing_comments: self.trailing_comments.clone(),
            leading_detached_comments: self.leading_detached_comments.clone(),
        }
    }
}
