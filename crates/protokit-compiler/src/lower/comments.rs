//! Comment attachment as protoc's tokenizer does it (`Tokenizer::NextWithComments`).
//!
//! protoc gathers comments only when its parser steps past a token that ends a declaration
//! (`;`, `{`, `}`) and at the start of the file. The comments between that token and the next
//! one split into: a trailing comment of the previous declaration, detached comment blocks, and
//! a leading comment of the next declaration.

use protokit_syntax::{Token, TokenKind};

/// The comments found after one end-of-declaration token.
#[derive(Default, Debug)]
pub(crate) struct Gathered {
    /// Comment belonging to the declaration just ended (empty: none).
    pub trailing: String,
    /// Blocks belonging to nobody.
    pub detached: Vec<String>,
    /// Comment belonging to the next declaration (empty: none).
    pub leading: String,
}

/// protoc's `CommentCollector`.
struct Collector {
    buffer: String,
    has_comment: bool,
    is_line_comment: bool,
    can_attach_to_prev: bool,
    has_trailing: bool,
    num_comments: usize,
    out: Gathered,
}

impl Collector {
    fn buffer_for_line_comment(&mut self) -> &mut String {
        // Consecutive line comments form one block; a block comment never joins them.
        if self.has_comment && !self.is_line_comment {
            self.flush();
        }
        self.has_comment = true;
        self.is_line_comment = true;
        &mut self.buffer
    }

    fn buffer_for_block_comment(&mut self) -> &mut String {
        if self.has_comment {
            self.flush();
        }
        self.has_comment = true;
        self.is_line_comment = false;
        &mut self.buffer
    }

    fn clear_buffer(&mut self) {
        self.buffer.clear();
        self.has_comment = false;
    }

    fn flush(&mut self) {
        if self.has_comment {
            if self.can_attach_to_prev {
                self.out.trailing.push_str(&self.buffer);
                self.has_trailing = true;
                self.can_attach_to_prev = false;
            } else {
                self.out.detached.push(std::mem::take(&mut self.buffer));
            }
            self.clear_buffer();
            self.num_comments += 1;
        }
    }

    fn detach_from_prev(&mut self) {
        self.can_attach_to_prev = false;
    }

    /// A lone comment between two tokens that share a line belongs to neither.
    fn maybe_detach_comment(&mut self) {
        let count = self.num_comments + usize::from(self.has_comment);
        if count == 1 {
            if self.has_trailing {
                let trailing = std::mem::take(&mut self.out.trailing);
                self.out.detached.insert(0, trailing);
            }
            self.can_attach_to_prev = false;
            self.flush();
        }
    }

    fn finish(mut self) -> Gathered {
        if self.has_comment {
            self.out.leading = std::mem::take(&mut self.buffer);
        }
        self.out
    }
}

/// Comment text as protoc keeps it: after `//`, through the line break.
fn line_comment_text(text: &str, comment: Token, newline: Option<Token>, out: &mut String) {
    out.push_str(
        text.get(comment.span.start as usize + 2..comment.span.end as usize)
            .unwrap_or(""),
    );
    if let Some(nl) = newline {
        out.push_str(&text[nl.span.range()]);
    }
}

/// Block comment text as protoc keeps it: without `/*` and `*/`, and on each continuation line
/// without the leading whitespace and one `*`.
pub(crate) fn block_comment_text(comment: &str, out: &mut String) {
    let b = comment.as_bytes();
    let mut buf: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 2.min(b.len());
    loop {
        while i < b.len() && !matches!(b[i], b'*' | b'/' | b'\n') {
            buf.push(b[i]);
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        match b[i] {
            b'\n' => {
                buf.push(b'\n');
                i += 1;
                while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\r' | 0x0B | 0x0C) {
                    i += 1;
                }
                if i < b.len() && b[i] == b'*' {
                    i += 1;
                    if i < b.len() && b[i] == b'/' {
                        break;
                    }
                }
            }
            b'*' => {
                i += 1;
                if i < b.len() && b[i] == b'/' {
                    break;
                }
                buf.push(b'*');
            }
            _ => {
                buf.push(b'/');
                i += 1;
            }
        }
    }
    out.push_str(&String::from_utf8_lossy(&buf));
}

fn newline_count(text: &str, tok: Token) -> usize {
    text.as_bytes()[tok.span.range()]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// Runs protoc's `NextWithComments` over the trivia starting at `tokens[start]`, up to the
/// next significant token. `at_file_start` is the call before the first token, where nothing
/// can be a trailing comment.
pub(crate) fn gather(text: &str, tokens: &[Token], start: usize, at_file_start: bool) -> Gathered {
    let mut c = Collector {
        buffer: String::new(),
        has_comment: false,
        is_line_comment: false,
        can_attach_to_prev: true,
        has_trailing: false,
        num_comments: 0,
        out: Gathered::default(),
    };
    let kind = |i: usize| tokens.get(i).map(|t| t.kind);
    let skip_ws = |i: &mut usize| {
        while kind(*i) == Some(TokenKind::Whitespace) {
            *i += 1;
        }
    };
    let mut i = start;
    let mut line = 0usize;
    // Before the first token there is no previous line to share.
    let prev_line = (!at_file_start).then_some(0usize);
    let mut trailing_end_line: Option<usize> = None;

    if at_file_start {
        c.detach_from_prev();
    } else {
        skip_ws(&mut i);
        match kind(i) {
            Some(TokenKind::LineComment) => {
                trailing_end_line = Some(line);
                let nl = (kind(i + 1) == Some(TokenKind::Newline)).then(|| tokens[i + 1]);
                line_comment_text(text, tokens[i], nl, c.buffer_for_line_comment());
                i += 1;
                if nl.is_some() {
                    i += 1;
                    line += 1;
                }
                c.flush();
            }
            Some(TokenKind::BlockComment) => {
                let tok = tokens[i];
                block_comment_text(&text[tok.span.range()], c.buffer_for_block_comment());
                line += newline_count(text, tok);
                trailing_end_line = Some(line);
                i += 1;
                skip_ws(&mut i);
                if kind(i) == Some(TokenKind::Newline) {
                    i += 1;
                    line += 1;
                }
                c.flush();
            }
            Some(TokenKind::Newline) => {
                i += 1;
                line += 1;
            }
            _ => return c.finish(),
        }
    }

    loop {
        skip_ws(&mut i);
        match kind(i) {
            Some(TokenKind::LineComment) => {
                let nl = (kind(i + 1) == Some(TokenKind::Newline)).then(|| tokens[i + 1]);
                line_comment_text(text, tokens[i], nl, c.buffer_for_line_comment());
                i += 1;
                if nl.is_some() {
                    i += 1;
                    line += 1;
                }
            }
            Some(TokenKind::BlockComment) => {
                let tok = tokens[i];
                block_comment_text(&text[tok.span.range()], c.buffer_for_block_comment());
                line += newline_count(text, tok);
                i += 1;
                skip_ws(&mut i);
                if kind(i) == Some(TokenKind::Newline) {
                    i += 1;
                    line += 1;
                }
            }
            Some(TokenKind::Newline) => {
                i += 1;
                line += 1;
                c.flush();
                c.detach_from_prev();
            }
            next => {
                let at_end = next.is_none();
                let closes_scope = tokens
                    .get(i)
                    .is_some_and(|t| matches!(&text[t.span.range()], "}" | "]" | ")"));
                if at_end || closes_scope {
                    c.flush();
                }
                if !at_end && (prev_line == Some(line) || trailing_end_line == Some(line)) {
                    c.maybe_detach_comment();
                }
                return c.finish();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(s: &str) -> String {
        let mut out = String::new();
        block_comment_text(s, &mut out);
        out
    }

    #[test]
    fn block_comment_stripping() {
        assert_eq!(block("/* a */"), " a ");
        assert_eq!(block("/* a\n * b\n */"), " a\n b\n");
        assert_eq!(block("/* multi\n line */"), " multi\nline ");
        assert_eq!(block("/**/"), "");
        assert_eq!(block("/* a ** b */"), " a ** b ");
        assert_eq!(block("/* unterminated"), " unterminated");
    }
}
