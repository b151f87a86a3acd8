//! A small parser for option statements (`name = value`), so tests can build uninterpreted
//! options without the lowering stage.

use protokit_diagnostics::Span;

use crate::descriptor::{
    LiteralField, LiteralFieldName, LiteralValue, MessageLiteral, NamePart, OptionValue,
    UninterpretedOption,
};

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Int(String),
    Float(String),
    Str(Vec<u8>),
    Punct(char),
}

struct Lexer {
    toks: Vec<(Tok, u32, u32)>,
    pos: usize,
}

fn lex(text: &str, base: u32) -> Lexer {
    let b = text.as_bytes();
    let mut i = 0;
    let mut toks = Vec::new();
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            toks.push((Tok::Ident(text[start..i].to_string()), start, i));
        } else if c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
        {
            let mut float = false;
            if c == b'0' && matches!(b.get(i + 1), Some(b'x' | b'X')) {
                i += 2;
                while i < b.len() && b[i].is_ascii_hexdigit() {
                    i += 1;
                }
            } else {
                while i < b.len() {
                    let d = b[i];
                    if d.is_ascii_digit() {
                        i += 1;
                    } else if d == b'.' {
                        float = true;
                        i += 1;
                    } else if d == b'e' || d == b'E' {
                        float = true;
                        i += 1;
                        if matches!(b.get(i), Some(b'+' | b'-')) {
                            i += 1;
                        }
                    } else {
                        break;
                    }
                }
            }
            let t = text[start..i].to_string();
            toks.push((if float { Tok::Float(t) } else { Tok::Int(t) }, start, i));
        } else if c == b'"' || c == b'\'' {
            i += 1;
            let mut s = Vec::new();
            while i < b.len() && b[i] != c {
                if b[i] == b'\\' {
                    i += 1;
                    let e = b[i];
                    i += 1;
                    match e {
                        b'n' => s.push(b'\n'),
                        b't' => s.push(b'\t'),
                        b'r' => s.push(b'\r'),
                        b'a' => s.push(7),
                        b'b' => s.push(8),
                        b'f' => s.push(12),
                        b'v' => s.push(11),
                        b'x' | b'X' => {
                            let mut v = 0u32;
                            let mut n = 0;
                            while n < 2 && i < b.len() && b[i].is_ascii_hexdigit() {
                                v = v * 16 + (b[i] as char).to_digit(16).unwrap_or(0);
                                i += 1;
                                n += 1;
                            }
                            s.push(v as u8);
                        }
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            let mut n = 1;
                            while n < 3 && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                                v = v * 8 + u32::from(b[i] - b'0');
                                i += 1;
                                n += 1;
                            }
                            s.push(v as u8);
                        }
                        b'u' => {
                            let hex = text.get(i..i + 4).unwrap_or("0");
                            let c = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32);
                            let mut buf = [0u8; 4];
                            s.extend_from_slice(c.unwrap_or('?').encode_utf8(&mut buf).as_bytes());
                            i += 4;
                        }
                        other => s.push(other),
                    }
                } else {
                    s.push(b[i]);
                    i += 1;
                }
            }
            i += 1;
            toks.push((Tok::Str(s), start, i));
        } else {
            i += 1;
            toks.push((Tok::Punct(c as char), start, i));
        }
    }
    let toks = toks
        .into_iter()
        .map(|(t, s, e)| (t, base + s as u32, base + e as u32))
        .collect();
    Lexer { toks, pos: 0 }
}

impl Lexer {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }
    fn next(&mut self) -> Option<(Tok, u32, u32)> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn start(&self) -> u32 {
        self.toks.get(self.pos).map_or(0, |t| t.1)
    }
    fn prev_end(&self) -> u32 {
        self.toks.get(self.pos.wrapping_sub(1)).map_or(0, |t| t.2)
    }
}

fn parse_int(t: &str) -> Option<u64> {
    if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        u64::from_str_radix(h, 16).ok()
    } else if t.len() > 1 && t.starts_with('0') {
        u64::from_str_radix(&t[1..], 8).ok()
    } else {
        t.parse().ok()
    }
}

/// Parses `name = value` (optionally `option name = value;`) found at byte `base` of a file.
pub(crate) fn parse_option(text: &str, base: u32) -> UninterpretedOption {
    let mut lx = lex(text, base);
    if lx.peek() == Some(&Tok::Ident("option".into())) {
        lx.pos += 1;
    }
    let name_start = lx.start();
    let mut name = Vec::new();
    loop {
        let s = lx.start();
        if lx.eat('(') {
            let mut n = String::new();
            while !lx.eat(')') {
                match lx.next() {
                    Some((Tok::Ident(i), ..)) => n.push_str(&i),
                    Some((Tok::Punct('.'), ..)) => n.push('.'),
                    _ => break,
                }
            }
            name.push(NamePart {
                name: n,
                is_extension: true,
                span: Span::new(s, lx.prev_end()),
            });
        } else if let Some((Tok::Ident(i), s, e)) = lx.next() {
            name.push(NamePart {
                name: i,
                is_extension: false,
                span: Span::new(s, e),
            });
        }
        if !lx.eat('.') {
            break;
        }
    }
    let name_span = Span::new(name_start, lx.prev_end());
    lx.eat('=');
    let value_start = lx.start();
    let value = if lx.peek() == Some(&Tok::Punct('{')) {
        lx.pos += 1;
        OptionValue::Aggregate(literal(&mut lx, '}', value_start))
    } else {
        scalar(&mut lx)
    };
    let value_span = Span::new(value_start, lx.prev_end());
    UninterpretedOption {
        name,
        value,
        span: Span::new(name_start, lx.prev_end()),
        name_span,
        value_span,
        location_index: None,
    }
}

fn scalar(lx: &mut Lexer) -> OptionValue {
    let neg = lx.eat('-');
    if !neg {
        lx.eat('+');
    }
    match lx.next() {
        Some((Tok::Int(t), ..)) => match parse_int(&t) {
            Some(v) if neg && v <= 1 << 63 => {
                OptionValue::NegativeInt((v as i128).wrapping_neg() as i64)
            }
            Some(v) if !neg => OptionValue::PositiveInt(v),
            _ => {
                let d: f64 = t.parse().unwrap_or(0.0);
                OptionValue::Double(if neg { -d } else { d })
            }
        },
        Some((Tok::Float(t), ..)) => {
            let d: f64 = t.parse().unwrap_or(0.0);
            OptionValue::Double(if neg { -d } else { d })
        }
        Some((Tok::Ident(i), ..)) if neg => match i.to_ascii_lowercase().as_str() {
            "inf" | "infinity" => OptionValue::Double(f64::NEG_INFINITY),
            "nan" => OptionValue::Double(-f64::NAN),
            _ => OptionValue::Identifier(format!("-{i}")),
        },
        Some((Tok::Ident(i), ..)) => OptionValue::Identifier(i),
        Some((Tok::Str(s), ..)) => {
            let mut s = s;
            while let Some(Tok::Str(more)) = lx.peek().cloned() {
                s.extend(more);
                lx.pos += 1;
            }
            OptionValue::String(s)
        }
        _ => OptionValue::Identifier(String::new()),
    }
}

fn literal(lx: &mut Lexer, close: char, start: u32) -> MessageLiteral {
    let mut fields = Vec::new();
    while lx.peek().is_some() && !lx.eat(close) {
        let ns = lx.start();
        let name = if lx.eat('[') {
            let mut n = String::new();
            while !lx.eat(']') {
                match lx.next() {
                    Some((Tok::Ident(i), ..)) => n.push_str(&i),
                    Some((Tok::Punct(c), ..)) => n.push(c),
                    _ => break,
                }
            }
            match n.rsplit_once('/') {
                Some((prefix, full)) => LiteralFieldName::AnyUrl {
                    prefix: prefix.to_string(),
                    full_name: full.to_string(),
                },
                None => LiteralFieldName::Extension(n),
            }
        } else {
            match lx.next() {
                Some((Tok::Ident(i), ..)) => LiteralFieldName::Field(i),
                _ => break,
            }
        };
        let name_span = Span::new(ns, lx.prev_end());
        let has_colon = lx.eat(':');
        let mut values = Vec::new();
        let is_list = lx.eat('[');
        if is_list {
            while !lx.eat(']') {
                values.push(value(lx));
                lx.eat(',');
            }
        } else {
            values.push(value(lx));
        }
        if !lx.eat(',') {
            lx.eat(';');
        }
        fields.push(LiteralField {
            name,
            values,
            is_list,
            has_colon,
            name_span,
        });
    }
    MessageLiteral {
        fields,
        span: Span::new(start, lx.prev_end()),
    }
}

fn value(lx: &mut Lexer) -> LiteralValue {
    let s = lx.start();
    if lx.eat('{') {
        return LiteralValue::Message(literal(lx, '}', s));
    }
    if lx.eat('<') {
        return LiteralValue::Message(literal(lx, '>', s));
    }
    let v = scalar(lx);
    LiteralValue::Scalar(v, Span::new(s, lx.prev_end()))
}
