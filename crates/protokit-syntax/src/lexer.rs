//! The lexer: splits a file's text into tokens, trivia included, the way protoc's tokenizer
//! does (same token boundaries, same error texts), plus helpers that decode literal tokens.

use crate::tree::{Span, Token, TokenKind};

/// A lexical error: an ill-formed literal, comment or character.
///
/// Messages use protoc's wording (for example `"0x" must be followed by hex digits.`), so that
/// users recognise them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LexError {
    message: String,
    span: Span,
    /// Index of the token during whose scanning the error was found; the parser uses it to
    /// report lexical errors at the moment protoc would.
    token: usize,
}

impl LexError {
    /// What went wrong, in protoc's wording.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Where: usually an empty span at the offending character, or the offending token.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The index (in the token list returned with it) of the token the error belongs to.
    pub fn token_index(&self) -> usize {
        self.token
    }
}

/// Splits `text` into tokens. Every byte of the input belongs to exactly one token, so
/// concatenating the tokens' texts gives back `text`; ill-formed input gives tokens too (of
/// kind [`TokenKind::Unknown`] when nothing else fits) together with [`LexError`]s.
pub fn lex(text: &str) -> (Vec<Token>, Vec<LexError>) {
    let mut lx = Lexer {
        b: text.as_bytes(),
        text,
        pos: 0,
        tokens: Vec::with_capacity(text.len() / 3 + 8),
        errors: Vec::new(),
    };
    lx.run();
    (lx.tokens, lx.errors)
}

struct Lexer<'a> {
    b: &'a [u8],
    text: &'a str,
    pos: usize,
    tokens: Vec<Token>,
    errors: Vec<LexError>,
}

fn is_letter(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

fn is_ident_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn is_octal(c: u8) -> bool {
    (b'0'..=b'7').contains(&c)
}

/// A byte protoc's tokenizer rejects as an "invalid control character".
fn is_control(c: u8) -> bool {
    c < 0x20 && !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

impl Lexer<'_> {
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    fn error(&mut self, at: usize, end: usize, message: impl Into<String>) {
        self.errors.push(LexError {
            message: message.into(),
            span: Span::new(at as u32, end as u32),
            token: self.tokens.len(),
        });
    }

    fn push(&mut self, kind: TokenKind, end: usize) {
        self.tokens.push(Token {
            kind,
            span: Span::new(self.pos as u32, end as u32),
        });
        self.pos = end;
    }

    fn run(&mut self) {
        // A UTF-8 byte order mark at the very start is ignored like whitespace.
        if self.text.starts_with('\u{feff}') {
            self.push(TokenKind::Whitespace, 3);
        }
        while self.pos < self.b.len() {
            let start = self.pos;
            let c = self.b[start];
            match c {
                b'\n' => self.push(TokenKind::Newline, start + 1),
                b'\r' if self.at(start + 1) == b'\n' => self.push(TokenKind::Newline, start + 2),
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                    let mut j = start + 1;
                    while j < self.b.len() {
                        match self.b[j] {
                            b' ' | b'\t' | 0x0b | 0x0c => j += 1,
                            b'\r' if self.at(j + 1) != b'\n' => j += 1,
                            _ => break,
                        }
                    }
                    self.push(TokenKind::Whitespace, j);
                }
                b'/' if self.at(start + 1) == b'/' => {
                    let mut j = start + 2;
                    while j < self.b.len() {
                        let c = self.b[j];
                        // protoc's tokenizer also stops at a NUL byte, then rejects it.
                        if c == b'\n' || c == 0 || (c == b'\r' && self.at(j + 1) == b'\n') {
                            break;
                        }
                        j += 1;
                    }
                    self.push(TokenKind::LineComment, j);
                }
                b'/' if self.at(start + 1) == b'*' => self.block_comment(),
                b'"' | b'\'' => self.string(c),
                b'0'..=b'9' => self.number(false),
                b'.' if self.at(start + 1).is_ascii_digit() => {
                    if let Some(prev) = self.tokens.last() {
                        if prev.kind == TokenKind::Ident && prev.span.end as usize == start {
                            self.error(
                                start,
                                start,
                                "Need space between identifier and decimal point.",
                            );
                        }
                    }
                    self.number(true)
                }
                c if is_letter(c) => {
                    let mut j = start + 1;
                    while j < self.b.len() && is_ident_char(self.b[j]) {
                        j += 1;
                    }
                    self.push(TokenKind::Ident, j);
                }
                c if is_control(c) => {
                    self.error(
                        start,
                        start,
                        "Invalid control characters encountered in text.",
                    );
                    let mut j = start + 1;
                    while j < self.b.len() && is_control(self.b[j]) {
                        j += 1;
                    }
                    self.push(TokenKind::Unknown, j);
                }
                c if c < 0x80 => self.push(TokenKind::Symbol, start + 1),
                _ => {
                    // One whole character, so that spans stay on character boundaries; protoc
                    // complains once per byte.
                    let len = self.text[start..].chars().next().map_or(1, char::len_utf8);
                    for k in 0..len {
                        let byte = self.b[start + k];
                        self.error(
                            start,
                            start + len,
                            format!("Interpreting non ascii codepoint {byte}."),
                        );
                    }
                    self.push(TokenKind::Unknown, start + len);
                }
            }
        }
    }

    fn block_comment(&mut self) {
        let start = self.pos;
        let mut j = start + 2;
        loop {
            if j >= self.b.len() || self.b[j] == 0 {
                self.error(j, j, "End-of-file inside block comment.");
                self.error(start, start + 2, "  Comment started here.");
                break;
            }
            match self.b[j] {
                b'*' if self.at(j + 1) == b'/' => {
                    j += 2;
                    break;
                }
                b'/' if self.at(j + 1) == b'*' => {
                    self.error(
                        j + 1,
                        j + 1,
                        "\"/*\" inside block comment.  Block comments cannot be nested.",
                    );
                    j += 1;
                }
                _ => j += 1,
            }
        }
        self.push(TokenKind::BlockComment, j);
    }

    fn string(&mut self, delim: u8) {
        let mut j = self.pos + 1;
        loop {
            if j >= self.b.len() || self.b[j] == 0 {
                self.error(j, j, "Unexpected end of string.");
                break;
            }
            let c = self.b[j];
            if c == b'\n' {
                self.error(
                    j,
                    j,
                    "Multiline strings are not allowed. Did you miss a \"?.",
                );
                break;
            }
            if c == delim {
                j += 1;
                break;
            }
            if c != b'\\' {
                j += 1;
                continue;
            }
            j += 1;
            let e = self.at(j);
            match e {
                b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'\\' | b'?' | b'\'' | b'"' => {
                    j += 1
                }
                b'0'..=b'7' => j += 1,
                b'x' | b'X' => {
                    j += 1;
                    if self.at(j).is_ascii_hexdigit() {
                        j += 1;
                    } else {
                        self.error(j, j, "Expected hex digits for escape sequence.");
                    }
                }
                b'u' => {
                    j += 1;
                    for _ in 0..4 {
                        if self.at(j).is_ascii_hexdigit() {
                            j += 1;
                        } else {
                            self.error(j, j, "Expected four hex digits for \\u escape sequence.");
                            break;
                        }
                    }
                }
                b'U' => {
                    j += 1;
                    let mut ok = true;
                    for k in 0..8 {
                        let d = self.at(j);
                        let good = match k {
                            0 | 1 => d == b'0',
                            2 => d == b'0' || d == b'1',
                            _ => d.is_ascii_hexdigit(),
                        };
                        if !good {
                            ok = false;
                            break;
                        }
                        j += 1;
                    }
                    if !ok {
                        self.error(
                            j,
                            j,
                            "Expected eight hex digits up to 10ffff for \\U escape sequence",
                        );
                    }
                }
                _ => self.error(j, j, "Invalid escape sequence in string literal."),
            }
        }
        self.push(TokenKind::String, j);
    }

    /// protoc's `ConsumeNumber`; the first character (a digit, or `.` then a digit) is at `pos`.
    fn number(&mut self, started_with_dot: bool) {
        let start = self.pos;
        let started_with_zero = self.b[start] == b'0';
        let mut j = if started_with_dot {
            start + 2
        } else {
            start + 1
        };
        let mut is_float = false;
        if started_with_zero && matches!(self.at(j), b'x' | b'X') {
            j += 1;
            if !self.at(j).is_ascii_hexdigit() {
                self.error(j, j, "\"0x\" must be followed by hex digits.");
            }
            while self.at(j).is_ascii_hexdigit() {
                j += 1;
            }
        } else if started_with_zero && self.at(j).is_ascii_digit() {
            while is_octal(self.at(j)) {
                j += 1;
            }
            if self.at(j).is_ascii_digit() {
                self.error(j, j, "Numbers starting with leading zero must be in octal.");
                while self.at(j).is_ascii_digit() {
                    j += 1;
                }
            }
        } else {
            if started_with_dot {
                is_float = true;
            }
            while self.at(j).is_ascii_digit() {
                j += 1;
            }
            if !started_with_dot && self.at(j) == b'.' {
                is_float = true;
                j += 1;
                while self.at(j).is_ascii_digit() {
                    j += 1;
                }
            }
            if matches!(self.at(j), b'e' | b'E') {
                is_float = true;
                j += 1;
                if matches!(self.at(j), b'-' | b'+') {
                    j += 1;
                }
                if !self.at(j).is_ascii_digit() {
                    self.error(j, j, "\"e\" must be followed by exponent.");
                }
                while self.at(j).is_ascii_digit() {
                    j += 1;
                }
            }
        }
        if is_letter(self.at(j)) {
            self.error(j, j, "Need space between number and identifier.");
        } else if self.at(j) == b'.' {
            if is_float {
                self.error(
                    j,
                    j,
                    "Already saw decimal point or exponent; can't have another one.",
                );
            } else {
                self.error(j, j, "Hex and octal numbers must be integers.");
            }
        }
        let kind = if is_float {
            TokenKind::Float
        } else {
            TokenKind::Int
        };
        self.push(kind, j);
    }
}

/// The value of an integer literal token (decimal, `0x` hex or `0` octal), as protoc's
/// `Tokenizer::ParseInteger` computes it: `None` if it overflows `u64` or has a digit invalid
/// for its base (such as `09`).
pub fn parse_int(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    let (base, digits) = if b.len() >= 2 && b[0] == b'0' && (b[1] == b'x' || b[1] == b'X') {
        (16, &b[2..])
    } else if b.first() == Some(&b'0') {
        (8, b)
    } else {
        (10, b)
    };
    let mut v: u64 = 0;
    for &c in digits {
        let d = (c as char).to_digit(base)?;
        v = v.checked_mul(u64::from(base))?.checked_add(u64::from(d))?;
    }
    Some(v)
}

/// The value of a float literal token (`1.5`, `.5`, `5.`, `1e10`, `1E+5`…), or of an integer
/// literal used where a float is expected (hex and octal included), the way protoc reads them.
/// A dangling exponent (`1e`, an error already reported by the lexer) is ignored.
pub fn parse_float(text: &str) -> f64 {
    if text.starts_with(|c: char| c.is_ascii_digit()) && !text.contains(['.', 'e', 'E']) {
        if let Some(v) = parse_int(text) {
            // Integers beyond u64 fall through to the decimal parse below.
            return v as f64;
        }
    }
    let mut t = text;
    while !t.is_empty() {
        if let Ok(v) = t.parse::<f64>() {
            return v;
        }
        t = &t[..t.len() - 1];
    }
    0.0
}

/// The bytes a string literal token denotes: quotes removed and escapes decoded as protoc's
/// `Tokenizer::ParseStringAppend` decodes them (octal `\ooo`, hex `\xHH`, `\uXXXX` and
/// `\UXXXXXXXX` to UTF-8, surrogate pairs joined; `\X` works like `\x`, as in protoc). Adjacent literals are concatenated by the
/// caller. Unterminated literals (an error already reported) decode up to their end.
pub fn unescape_string(token_text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(token_text.len());
    unescape_string_into(token_text, &mut out);
    out
}

/// Like [`unescape_string`], appending to `out`.
pub fn unescape_string_into(token_text: &str, out: &mut Vec<u8>) {
    let b = token_text.as_bytes();
    if b.is_empty() {
        return;
    }
    let quote = b[0];
    let n = b.len();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 1;
    while i < n {
        let c = b[i];
        if c == b'\\' && i + 1 < n {
            i += 1;
            let e = b[i];
            match e {
                b'0'..=b'7' => {
                    let mut code = u32::from(e - b'0');
                    for _ in 0..2 {
                        if is_octal(at(i + 1)) {
                            i += 1;
                            code = code * 8 + u32::from(b[i] - b'0');
                        }
                    }
                    out.push(code as u8);
                }
                b'x' | b'X' => {
                    let mut code = 0u32;
                    for _ in 0..2 {
                        if at(i + 1).is_ascii_hexdigit() {
                            i += 1;
                            code = code * 16 + (b[i] as char).to_digit(16).unwrap_or(0);
                        }
                    }
                    out.push(code as u8);
                }
                b'u' | b'U' => {
                    let len = if e == b'u' { 4 } else { 8 };
                    match read_hex(b, i + 1, len) {
                        None => out.push(e),
                        Some(mut cp) => {
                            let mut end = i + 1 + len;
                            if (0xd800..0xdc00).contains(&cp)
                                && at(end) == b'\\'
                                && at(end + 1) == b'u'
                            {
                                if let Some(trail) = read_hex(b, end + 2, 4) {
                                    if (0xdc00..0xe000).contains(&trail) {
                                        cp = 0x10000 + ((cp - 0xd800) << 10) + (trail - 0xdc00);
                                        end += 6;
                                    }
                                }
                            }
                            append_utf8(cp, out);
                            i = end - 1;
                        }
                    }
                }
                _ => out.push(match e {
                    b'a' => 0x07,
                    b'b' => 0x08,
                    b'f' => 0x0c,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'v' => 0x0b,
                    b'\\' => b'\\',
                    b'?' => b'?',
                    b'\'' => b'\'',
                    b'"' => b'"',
                    _ => b'?',
                }),
            }
        } else if c == quote && i + 1 == n {
            // The closing quote.
        } else {
            out.push(c);
        }
        i += 1;
    }
}

fn read_hex(b: &[u8], from: usize, len: usize) -> Option<u32> {
    let digits = b.get(from..from + len)?;
    let mut v = 0u32;
    for &d in digits {
        v = v * 16 + (d as char).to_digit(16)?;
    }
    Some(v)
}

/// UTF-8 encoding as protoc writes it: surrogates are encoded like any other code point, and
/// values beyond `0x1fffff` are written back as a `\U` escape.
fn append_utf8(cp: u32, out: &mut Vec<u8>) {
    if cp <= 0x7f {
        out.push(cp as u8);
    } else if cp <= 0x7ff {
        out.push(0xc0 | (cp >> 6) as u8);
        out.push(0x80 | (cp & 0x3f) as u8);
    } else if cp <= 0xffff {
        out.push(0xe0 | (cp >> 12) as u8);
        out.push(0x80 | ((cp >> 6) & 0x3f) as u8);
        out.push(0x80 | (cp & 0x3f) as u8);
    } else if cp <= 0x1f_ffff {
        out.push(0xf0 | (cp >> 18) as u8);
        out.push(0x80 | ((cp >> 12) & 0x3f) as u8);
        out.push(0x80 | ((cp >> 6) & 0x3f) as u8);
        out.push(0x80 | (cp & 0x3f) as u8);
    } else {
        out.extend_from_slice(format!("\\U{cp:08x}").as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        let (toks, _) = lex(text);
        toks.iter()
            .map(|t| (t.kind, &text[t.span.range()]))
            .collect()
    }

    fn errors(text: &str) -> Vec<(String, u32)> {
        lex(text)
            .1
            .iter()
            .map(|e| (e.message().to_string(), e.span().start))
            .collect()
    }

    #[test]
    fn numbers() {
        use TokenKind::*;
        for (src, kind) in [
            ("1.5", Float),
            (".5", Float),
            ("5.", Float),
            ("1e10", Float),
            ("1E+5", Float),
            ("1.5e-3", Float),
            ("0x1F", Int),
            ("017", Int),
            ("0", Int),
            ("123", Int),
            ("0.5", Float),
        ] {
            assert_eq!(kinds(src), vec![(kind, src)], "{src}");
            assert!(errors(src).is_empty(), "{src}");
        }
        assert_eq!(kinds("1.5f"), vec![(Float, "1.5"), (Ident, "f")]);
        assert_eq!(
            errors("1.5f"),
            vec![("Need space between number and identifier.".into(), 3)]
        );
        assert_eq!(
            errors("0x;"),
            vec![("\"0x\" must be followed by hex digits.".into(), 2)]
        );
        assert_eq!(
            errors("09"),
            vec![(
                "Numbers starting with leading zero must be in octal.".into(),
                1
            )]
        );
        assert_eq!(
            errors("1e;"),
            vec![("\"e\" must be followed by exponent.".into(), 2)]
        );
        assert_eq!(
            errors("0x1.5"),
            vec![("Hex and octal numbers must be integers.".into(), 3)]
        );
        assert_eq!(
            errors("1.5.3")[0].0,
            "Already saw decimal point or exponent; can't have another one."
        );
        assert_eq!(
            errors("foo.5")[0].0,
            "Need space between identifier and decimal point."
        );
    }

    #[test]
    fn strings_and_comments() {
        use TokenKind::*;
        assert_eq!(
            kinds("'a\\'b' \"c\"//x\r\n/*y*/"),
            vec![
                (String, "'a\\'b'"),
                (Whitespace, " "),
                (String, "\"c\""),
                (LineComment, "//x"),
                (Newline, "\r\n"),
                (BlockComment, "/*y*/")
            ]
        );
        assert_eq!(
            kinds("\"abc\nx"),
            vec![(String, "\"abc"), (Newline, "\n"), (Ident, "x")]
        );
        assert_eq!(
            errors("\"abc\nx")[0].0,
            "Multiline strings are not allowed. Did you miss a \"?."
        );
        assert_eq!(
            errors("\"a\\qb\""),
            vec![("Invalid escape sequence in string literal.".into(), 3)]
        );
        assert_eq!(
            errors("/* a"),
            vec![
                ("End-of-file inside block comment.".into(), 4),
                ("  Comment started here.".into(), 0)
            ]
        );
        assert_eq!(
            kinds("a\u{1}\u{2}é"),
            vec![(Ident, "a"), (Unknown, "\u{1}\u{2}"), (Unknown, "é")]
        );
    }

    #[test]
    fn literal_values() {
        assert_eq!(parse_int("0x1f"), Some(31));
        assert_eq!(parse_int("017"), Some(15));
        assert_eq!(parse_int("09"), None);
        assert_eq!(parse_int("18446744073709551615"), Some(u64::MAX));
        assert_eq!(parse_int("18446744073709551616"), None);
        assert_eq!(parse_float("1e"), 1.0);
        assert_eq!(parse_float(".5"), 0.5);
        assert_eq!(parse_float("0x10"), 16.0);
        assert_eq!(
            unescape_string(r#""a\n\x41\101\u00e9\ud83d\ude00\?""#),
            "a\nAAé😀?".as_bytes()
        );
        assert_eq!(unescape_string("'it''"), b"it'");
    }
}
