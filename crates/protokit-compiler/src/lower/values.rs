//! Literal decoding as protoc's tokenizer and parser do it: integers, floats, strings, and the
//! text forms protoc's parser stores for default values.

/// Parses an unsigned integer literal (decimal, `0x` hex or `0` octal) as protoc's
/// `Tokenizer::ParseInteger` does: `None` when it is malformed or greater than `max`.
pub(crate) fn parse_integer(text: &str, max: u64) -> Option<u64> {
    let bytes = text.as_bytes();
    let (base, digits): (u64, &[u8]) = if bytes.len() >= 2 && bytes[0] == b'0' {
        if bytes[1] == b'x' || bytes[1] == b'X' {
            (16, &bytes[2..])
        } else {
            (8, &bytes[1..])
        }
    } else {
        (10, bytes)
    };
    let mut value: u64 = 0;
    for &b in digits {
        let digit = match b {
            b'0'..=b'9' => u64::from(b - b'0'),
            b'a'..=b'f' => u64::from(b - b'a' + 10),
            b'A'..=b'F' => u64::from(b - b'A' + 10),
            _ => return None,
        };
        if digit >= base {
            return None;
        }
        value = value.checked_mul(base)?.checked_add(digit)?;
    }
    (value <= max).then_some(value)
}

/// Parses a float literal as protoc's `Tokenizer::ParseFloat` (strtod, with a dangling
/// exponent marker tolerated).
pub(crate) fn parse_float(text: &str) -> f64 {
    let t = text.trim_end_matches(['f', 'F']);
    if let Ok(v) = t.parse::<f64>() {
        return v;
    }
    // "1e" / "1e+" are reported by the lexer; strtod reads the longest valid prefix.
    let t = t.trim_end_matches(['e', 'E', '+', '-']);
    t.parse::<f64>().unwrap_or(0.0)
}

/// Whether protoc would read this integer token as a float once it overflows `u64`: decimal
/// literals fall back to a double, octal and hex ones are "Integer out of range.".
pub(crate) fn integer_as_double(text: &str) -> Option<f64> {
    if text.starts_with('0') {
        return None;
    }
    text.parse::<f64>().ok()
}

fn hex_value(b: u8) -> Option<u32> {
    match b {
        b'0'..=b'9' => Some(u32::from(b - b'0')),
        b'a'..=b'f' => Some(u32::from(b - b'a' + 10)),
        b'A'..=b'F' => Some(u32::from(b - b'A' + 10)),
        _ => None,
    }
}

fn push_utf8(code: u32, out: &mut Vec<u8>) {
    // Lone surrogates are encoded like any other code point, as protoc does.
    if code < 0x80 {
        out.push(code as u8);
    } else if code < 0x800 {
        out.push(0xC0 | (code >> 6) as u8);
        out.push(0x80 | (code & 0x3F) as u8);
    } else if code < 0x10000 {
        out.push(0xE0 | (code >> 12) as u8);
        out.push(0x80 | ((code >> 6) & 0x3F) as u8);
        out.push(0x80 | (code & 0x3F) as u8);
    } else {
        out.push(0xF0 | (code >> 18) as u8);
        out.push(0x80 | ((code >> 12) & 0x3F) as u8);
        out.push(0x80 | ((code >> 6) & 0x3F) as u8);
        out.push(0x80 | (code & 0x3F) as u8);
    }
}

/// Reads `n` hex digits at `at`, if all are there.
fn hex_digits(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let mut v = 0u32;
    for i in 0..n {
        v = v * 16 + hex_value(*b.get(at + i)?)?;
    }
    Some(v)
}

/// Appends the bytes of one quoted string literal (quotes included in `text`) with escapes
/// decoded, as protoc's `Tokenizer::ParseStringAppend`. Malformed escapes were reported by the
/// lexer; they decode to something harmless here.
pub(crate) fn unescape_append(text: &str, out: &mut Vec<u8>) {
    let b = text.as_bytes();
    if b.is_empty() {
        return;
    }
    let quote = b[0];
    let mut i = 1;
    while i < b.len() {
        let c = b[i];
        if c == b'\\' && i + 1 < b.len() {
            i += 1;
            let e = b[i];
            match e {
                b'0'..=b'7' => {
                    let mut code = u32::from(e - b'0');
                    for _ in 0..2 {
                        match b.get(i + 1) {
                            Some(&d @ b'0'..=b'7') => {
                                i += 1;
                                code = code * 8 + u32::from(d - b'0');
                            }
                            _ => break,
                        }
                    }
                    out.push(code as u8);
                }
                b'x' | b'X' => {
                    let mut code = 0u32;
                    for _ in 0..2 {
                        match b.get(i + 1).and_then(|&d| hex_value(d)) {
                            Some(d) => {
                                i += 1;
                                code = code * 16 + d;
                            }
                            None => break,
                        }
                    }
                    out.push(code as u8);
                }
                b'u' | b'U' => match fetch_unicode(b, i) {
                    Some((code, next)) => {
                        push_utf8(code, out);
                        i = next - 1;
                    }
                    None => out.push(e),
                },
                _ => out.push(match e {
                    b'a' => 7,
                    b'b' => 8,
                    b'f' => 12,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'v' => 11,
                    b'\\' | b'?' | b'\'' | b'"' => e,
                    _ => b'?',
                }),
            }
        } else if c == quote && i + 1 == b.len() {
            // The closing quote.
        } else {
            out.push(c);
        }
        i += 1;
    }
}

/// Decodes `\uXXXX` (with a following low surrogate combined) or `\UXXXXXXXX` at `at` (the
/// `u`/`U`): the code point and the index just past the escape.
fn fetch_unicode(b: &[u8], at: usize) -> Option<(u32, usize)> {
    if b[at] == b'u' {
        let code = hex_digits(b, at + 1, 4)?;
        let next = at + 5;
        if (0xD800..0xDC00).contains(&code)
            && b.get(next) == Some(&b'\\')
            && b.get(next + 1) == Some(&b'u')
        {
            if let Some(low) = hex_digits(b, next + 2, 4) {
                if (0xDC00..0xE000).contains(&low) {
                    let combined = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    return Some((combined, next + 6));
                }
            }
        }
        Some((code, next))
    } else {
        let code = hex_digits(b, at + 1, 8)?;
        (code <= 0x10FFFF).then_some((code, at + 9))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{c_escape, simple_dtoa};

    #[test]
    fn integers_like_protoc() {
        assert_eq!(parse_integer("0x1F", u64::MAX), Some(31));
        assert_eq!(parse_integer("017", u64::MAX), Some(15));
        assert_eq!(parse_integer("08", u64::MAX), None);
        assert_eq!(parse_integer("0", 5), Some(0));
        assert_eq!(parse_integer("2147483648", i32::MAX as u64), None);
        assert_eq!(
            parse_integer("18446744073709551615", u64::MAX),
            Some(u64::MAX)
        );
        assert_eq!(parse_integer("18446744073709551616", u64::MAX), None);
    }

    #[test]
    fn strings_unescape() {
        let mut out = Vec::new();
        unescape_append(r#""a\n\x41\101\u00e9\U0001F600\q""#, &mut out);
        assert_eq!(out, "a\nAA\u{e9}\u{1F600}?".as_bytes());
        assert_eq!(c_escape(b"\x01a\x02\"\\\xff"), "\\001a\\002\\\"\\\\\\377");
    }

    #[test]
    fn dtoa_like_protoc() {
        assert_eq!(simple_dtoa(1.5), "1.5");
        assert_eq!(simple_dtoa(0.1), "0.1");
        assert_eq!(simple_dtoa(1e20), "1e+20");
        assert_eq!(simple_dtoa(1e10), "10000000000");
        assert_eq!(simple_dtoa(123456789012345680.0), "1.2345678901234568e+17");
        assert_eq!(simple_dtoa(0.0001), "0.0001");
        assert_eq!(simple_dtoa(0.00001), "1e-05");
        assert_eq!(simple_dtoa(f64::INFINITY), "inf");
        assert_eq!(simple_dtoa(f64::NAN), "nan");
    }
}
