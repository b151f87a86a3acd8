//! Literal decoding as protoc's tokenizer and parser do it: integers, floats, strings, and the
//! text forms protoc's parser stores for default values.

/// An integer literal's value (decimal, `0x` hex or `0` octal, read as protoc's
/// `Tokenizer::ParseInteger` does): `None` when it is malformed or greater than `max`.
pub(crate) fn parse_bounded_int(text: &str, max: u64) -> Option<u64> {
    protokit_syntax::parse_int(text).filter(|&v| v <= max)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::{c_escape, simple_dtoa};

    #[test]
    fn integers_like_protoc() {
        assert_eq!(parse_bounded_int("0x1F", u64::MAX), Some(31));
        assert_eq!(parse_bounded_int("017", u64::MAX), Some(15));
        assert_eq!(parse_bounded_int("08", u64::MAX), None);
        assert_eq!(parse_bounded_int("0", 5), Some(0));
        assert_eq!(parse_bounded_int("2147483648", i32::MAX as u64), None);
        assert_eq!(
            parse_bounded_int("18446744073709551615", u64::MAX),
            Some(u64::MAX)
        );
        assert_eq!(parse_bounded_int("18446744073709551616", u64::MAX), None);
    }

    #[test]
    fn strings_unescape() {
        let mut out = Vec::new();
        protokit_syntax::unescape_string_into(r#""a\n\x41\101\u00e9\U0001F600\q""#, &mut out);
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
