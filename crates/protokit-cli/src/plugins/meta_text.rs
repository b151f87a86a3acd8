//! `GeneratedCodeInfo` in protobuf's text format, for `.pb.meta` files that plugins write as
//! text (plugin file contents are strings, so text is what generators using the public plugin
//! protocol emit). protoc rewrites such a file in text after an insertion; so do we, printing
//! as protoc's `TextFormat` does.

use super::messages::{Annotation, GeneratedCodeInfo};

/// `GeneratedCodeInfo.Annotation.Semantic` value names.
const SEMANTICS: [&str; 3] = ["NONE", "SET", "ALIAS"];

/// protoc's `TextFormat::PrintToString` of `info`.
pub(crate) fn print(info: &GeneratedCodeInfo) -> Vec<u8> {
    let mut out = String::new();
    for a in &info.annotation {
        out.push_str("annotation {\n");
        for p in &a.path {
            out.push_str(&format!("  path: {p}\n"));
        }
        if let Some(file) = &a.source_file {
            out.push_str(&format!(
                "  source_file: \"{}\"\n",
                super::c_escape(file.as_bytes())
            ));
        }
        if let Some(begin) = a.begin {
            out.push_str(&format!("  begin: {begin}\n"));
        }
        if let Some(end) = a.end {
            out.push_str(&format!("  end: {end}\n"));
        }
        if let Some(semantic) = a.semantic {
            match usize::try_from(semantic)
                .ok()
                .and_then(|i| SEMANTICS.get(i))
            {
                Some(name) => out.push_str(&format!("  semantic: {name}\n")),
                None => out.push_str(&format!("  semantic: {semantic}\n")),
            }
        }
        out.push_str("}\n");
    }
    out.into_bytes()
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Int(i64),
    Str(Vec<u8>),
    Punct(u8),
}

fn tokens(text: &[u8]) -> Option<Vec<Token>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let c = text[i];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => i += 1,
            b'#' => {
                while i < text.len() && text[i] != b'\n' {
                    i += 1;
                }
            }
            b'{' | b'}' | b'<' | b'>' | b':' | b',' | b';' | b'[' | b']' => {
                out.push(Token::Punct(c));
                i += 1;
            }
            b'"' | b'\'' => {
                let (s, next) = string(text, i)?;
                // Adjacent strings are one value.
                if let Some(Token::Str(prev)) = out.last_mut() {
                    if i > 0
                        && matches!(
                            text[..i].iter().rev().find(|b| !b.is_ascii_whitespace()),
                            Some(b'"' | b'\'')
                        )
                    {
                        prev.extend_from_slice(&s);
                        i = next;
                        continue;
                    }
                }
                out.push(Token::Str(s));
                i = next;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                i += 1;
                while i < text.len() && (text[i].is_ascii_alphanumeric()) {
                    i += 1;
                }
                let word = std::str::from_utf8(&text[start..i]).ok()?;
                let (negative, digits) = match word.strip_prefix('-') {
                    Some(d) => (true, d),
                    None => (false, word),
                };
                let value =
                    if let Some(hex) = digits.strip_prefix("0x").or(digits.strip_prefix("0X")) {
                        i64::from_str_radix(hex, 16).ok()?
                    } else if digits.len() > 1 && digits.starts_with('0') {
                        i64::from_str_radix(&digits[1..], 8).ok()?
                    } else {
                        digits.parse().ok()?
                    };
                out.push(Token::Int(if negative { -value } else { value }));
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < text.len() && (text[i].is_ascii_alphanumeric() || text[i] == b'_') {
                    i += 1;
                }
                out.push(Token::Ident(
                    String::from_utf8_lossy(&text[start..i]).into_owned(),
                ));
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A quoted string starting at `start`, with C escapes; returns it and the index after it.
fn string(text: &[u8], start: usize) -> Option<(Vec<u8>, usize)> {
    let quote = text[start];
    let mut out = Vec::new();
    let mut i = start + 1;
    loop {
        let c = *text.get(i)?;
        i += 1;
        match c {
            b'\n' => return None,
            c if c == quote => return Some((out, i)),
            b'\\' => {
                let e = *text.get(i)?;
                i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b't' => out.push(b'\t'),
                    b'r' => out.push(b'\r'),
                    b'a' => out.push(7),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'v' => out.push(11),
                    b'0'..=b'7' => {
                        let mut v = u32::from(e - b'0');
                        for _ in 0..2 {
                            match text.get(i) {
                                Some(&d @ b'0'..=b'7') => {
                                    v = v * 8 + u32::from(d - b'0');
                                    i += 1;
                                }
                                _ => break,
                            }
                        }
                        out.push(v as u8);
                    }
                    b'x' => {
                        let mut v = 0u32;
                        let mut n = 0;
                        while n < 2 {
                            match text.get(i).and_then(|d| (*d as char).to_digit(16)) {
                                Some(d) => {
                                    v = v * 16 + d;
                                    i += 1;
                                    n += 1;
                                }
                                None => break,
                            }
                        }
                        if n == 0 {
                            return None;
                        }
                        out.push(v as u8);
                    }
                    other => out.push(other),
                }
            }
            other => out.push(other),
        }
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn eat(&mut self, punct: u8) -> bool {
        if self.peek() == Some(&Token::Punct(punct)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn separator(&mut self) {
        let _ = self.eat(b',') || self.eat(b';');
    }

    /// One value or a `[a, b]` list, after the field name and `:`.
    fn values(&mut self, mut one: impl FnMut(Token) -> Option<()>) -> Option<()> {
        if self.eat(b'[') {
            if self.eat(b']') {
                return Some(());
            }
            loop {
                one(self.next()?)?;
                if self.eat(b']') {
                    return Some(());
                }
                if !self.eat(b',') {
                    return None;
                }
            }
        }
        one(self.next()?)
    }

    fn annotation(&mut self, close: u8) -> Option<Annotation> {
        let mut a = Annotation::default();
        loop {
            if self.eat(close) {
                return Some(a);
            }
            let Token::Ident(name) = self.next()? else {
                return None;
            };
            if !self.eat(b':') {
                return None;
            }
            let int = |t: Token| match t {
                Token::Int(v) => i32::try_from(v).ok(),
                _ => None,
            };
            match name.as_str() {
                "path" => self.values(|t| {
                    a.path.push(int(t)?);
                    Some(())
                })?,
                "source_file" => match self.next()? {
                    Token::Str(s) => a.source_file = Some(String::from_utf8(s).ok()?),
                    _ => return None,
                },
                "begin" => a.begin = Some(int(self.next()?)?),
                "end" => a.end = Some(int(self.next()?)?),
                "semantic" => {
                    a.semantic = Some(match self.next()? {
                        Token::Ident(n) => SEMANTICS.iter().position(|s| *s == n)? as i32,
                        Token::Int(v) => i32::try_from(v).ok()?,
                        _ => return None,
                    })
                }
                _ => return None,
            }
            self.separator();
        }
    }
}

/// Parses a text-format `GeneratedCodeInfo`; `None` when it is not one.
pub(crate) fn parse(text: &[u8]) -> Option<GeneratedCodeInfo> {
    let mut p = Parser {
        tokens: tokens(text)?,
        pos: 0,
    };
    let mut info = GeneratedCodeInfo::default();
    while p.peek().is_some() {
        if p.next()? != Token::Ident("annotation".into()) {
            return None;
        }
        let _ = p.eat(b':');
        let close = if p.eat(b'{') {
            b'}'
        } else if p.eat(b'<') {
            b'>'
        } else {
            return None;
        };
        info.annotation.push(p.annotation(close)?);
        p.separator();
    }
    Some(info)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let text = b"annotation {\n  path: 4\n  path: 0\n  source_file: \"x.proto\"\n  begin: 0\n  end: 5\n  semantic: SET\n}\nannotation {\n  path: 9\n  begin: 20\n  end: 21\n}\n";
        let info = parse(text).unwrap();
        assert_eq!(info.annotation.len(), 2);
        assert_eq!(print(&info), text.to_vec());
        let loose = parse(b"# c\nannotation: < path: [1, 2] source_file: 'a' \"b\" begin: 0x10 >;")
            .unwrap();
        assert_eq!(loose.annotation[0].path, [1, 2]);
        assert_eq!(loose.annotation[0].source_file.as_deref(), Some("ab"));
        assert_eq!(loose.annotation[0].begin, Some(16));
        assert!(parse(b"annotation { nope: 1 }").is_none());
        assert!(parse(b"\x0a\x02").is_none());
    }
}
