//! Text formats protoc uses: JSON names, default values (C's `%g`, `SimpleDtoa`/`SimpleFtoa`,
//! `CEscape`), so descriptors, errors and plugin messages match protoc's byte for byte. Lowering,
//! linking and the CLI share them.

/// protoc's `ToJsonName`: drops underscores and upper-cases the character after each one.
pub(crate) fn to_json_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper_next = false;
    for c in name.chars() {
        if c == '_' {
            upper_next = true;
        } else if upper_next {
            out.push(c.to_ascii_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// C's `printf("%.{precision}g", v)` for finite `v`.
pub(crate) fn format_g(v: f64, precision: usize) -> String {
    let p = precision.max(1);
    if v == 0.0 {
        return if v.is_sign_negative() { "-0" } else { "0" }.to_string();
    }
    // `{:e}` rounds to `p` significant digits exactly as glibc does (round-half-even on the
    // exact binary value), and tells us the exponent after rounding, which decides the style.
    let sci = format!("{:.*e}", p - 1, v);
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if exp < -4 || exp >= p as i32 {
        let mantissa = strip_fraction_zeros(mantissa);
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.unsigned_abs())
    } else {
        let decimals = (p as i32 - 1 - exp).max(0) as usize;
        strip_fraction_zeros(&format!("{:.*}", decimals, v)).to_string()
    }
}

fn strip_fraction_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

/// protoc's `SimpleDtoa`: `%.15g`, or `%.17g` when that does not read back as the same value.
pub(crate) fn simple_dtoa(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    let s = format_g(v, 15);
    if s.parse::<f64>().ok() == Some(v) {
        s
    } else {
        format_g(v, 17)
    }
}

/// protoc's `SimpleFtoa`: `%.6g`, or `%.9g` when that does not read back as the same float.
pub(crate) fn simple_ftoa(v: f32) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf" } else { "-inf" }.into();
    }
    let s = format_g(f64::from(v), 6);
    // protoc's read-back reports subnormal floats as out of range, so they always get 9 digits.
    let subnormal = v != 0.0 && v.abs() < f32::MIN_POSITIVE;
    if !subnormal && s.parse::<f32>().ok() == Some(v) {
        s
    } else {
        format_g(f64::from(v), 9)
    }
}

/// absl's `CEscape`: `\n \r \t \" \' \\` by name, other bytes outside `0x20..=0x7e` as
/// three octal digits.
pub fn c_escape(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        match b {
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b'"' => out.push_str("\\\""),
            b'\'' => out.push_str("\\'"),
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7e => out.push(b as char),
            _ => {
                out.push('\\');
                out.push(char::from(b'0' + (b >> 6)));
                out.push(char::from(b'0' + ((b >> 3) & 7)));
                out.push(char::from(b'0' + (b & 7)));
            }
        }
    }
    out
}

/// protoc's `UnescapeCEscapeString`: the inverse of [`c_escape`], also accepting `\x` hex,
/// `\a \b \f \v \?` and shorter octal escapes. Returns `None` on a malformed escape.
pub(crate) fn c_unescape(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' {
            out.push(b[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = *b.get(i)?;
        i += 1;
        match c {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'v' => out.push(11),
            b'\\' | b'\'' | b'"' | b'?' => out.push(c),
            b'0'..=b'7' => {
                let mut v = u32::from(c - b'0');
                for _ in 0..2 {
                    match b.get(i) {
                        Some(d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push(v as u8);
            }
            b'x' | b'X' => {
                let mut v = 0u32;
                let start = i;
                while i < b.len() && i - start < 2 && b[i].is_ascii_hexdigit() {
                    v = v * 16 + (b[i] as char).to_digit(16)?;
                    i += 1;
                }
                if i == start {
                    return None;
                }
                out.push(v as u8);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Parses an integer default as `strtol(s, 0)` would (sign, then decimal, `0x` hex or
/// leading-`0` octal), requiring the whole string to be consumed.
pub(crate) fn parse_int(s: &str) -> Option<i128> {
    let (neg, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let v = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i128::from_str_radix(hex, 16).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        i128::from_str_radix(&digits[1..], 8).ok()?
    } else {
        if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        digits.parse::<i128>().ok()?
    };
    Some(if neg { -v } else { v })
}

/// Parses a floating-point default as protoc does (`inf`, `-inf`, `nan`, else `strtod`).
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let v = match body {
        "inf" | "infinity" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            if body.starts_with("0x") || body.starts_with("0X") {
                u64::from_str_radix(&body[2..], 16).ok()? as f64
            } else if body.is_empty()
                || !body
                    .bytes()
                    .all(|c| c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-'))
            {
                return None;
            } else {
                body.parse::<f64>().ok()?
            }
        }
    };
    Some(if neg { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_format_matches_c() {
        assert_eq!(format_g(0.1, 15), "0.1");
        assert_eq!(format_g(1e40, 15), "1e+40");
        assert_eq!(format_g(123456.0, 6), "123456");
        assert_eq!(format_g(1234567.0, 6), "1.23457e+06");
        assert_eq!(format_g(0.0001, 6), "0.0001");
        assert_eq!(format_g(0.00001, 6), "1e-05");
        assert_eq!(format_g(-2.5, 6), "-2.5");
        assert_eq!(format_g(100.0, 15), "100");
        assert_eq!(simple_dtoa(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(simple_ftoa(0.1), "0.1");
        assert_eq!(simple_ftoa(3.4028235e38), "3.40282347e+38");
        assert_eq!(simple_dtoa(-0.0), "-0");
        assert_eq!(simple_dtoa(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn escapes_round_trip() {
        let raw = b"a\x00\x01\n\"'\\\xff z";
        let esc = c_escape(raw);
        assert_eq!(esc, "a\\000\\001\\n\\\"\\'\\\\\\377 z");
        assert_eq!(c_unescape(&esc).as_deref(), Some(&raw[..]));
        assert_eq!(c_unescape("\\x41\\101\\?").as_deref(), Some(&b"AA?"[..]));
    }

    #[test]
    fn json_names() {
        assert_eq!(to_json_name("foo_bar_baz"), "fooBarBaz");
        assert_eq!(to_json_name("_foo__bar_"), "FooBar");
        assert_eq!(to_json_name("FooBar"), "FooBar");
    }

    #[test]
    fn ints() {
        assert_eq!(parse_int("0x10"), Some(16));
        assert_eq!(parse_int("-010"), Some(-8));
        assert_eq!(parse_int("0"), Some(0));
        assert_eq!(parse_int("12a"), None);
        assert_eq!(parse_int(""), None);
    }
}

#[cfg(test)]
mod printf_tests {
    use super::*;

    /// `%g` against Python's (C-compatible) `%g` on a spread of doubles.
    #[test]
    fn g_format_matches_python_printf() {
        let mut values: Vec<f64> = vec![
            0.1,
            0.5,
            1.0,
            1.5,
            9.999_999_5,
            99_999.95,
            123_456.5,
            1e-5,
            1.234_5e-7,
            1e15,
            1e16,
            1e17,
            1e21,
            1e22,
            1e100,
            1e-300,
            5e-324,
            2.5,
            3.5,
            0.000_123_456_789,
            f64::MAX,
            f64::MIN_POSITIVE,
            1.0 / 3.0,
            2.0 / 3.0,
            100.0,
            1_234_567.0,
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..300 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let v = f64::from_bits(x);
            if v.is_finite() {
                values.push(v);
            }
            values.push((x % 1_000_000) as f64 / 1000.0);
        }
        let list: Vec<String> = values.iter().map(|v| format!("{v:e}")).collect();
        let script = format!(
            "vals=[{}]\nfor v in vals:\n    print('%.15g|%.17g|%.6g|%.9g' % (v, v, v, v))",
            list.join(",")
        );
        let Ok(out) = std::process::Command::new("python")
            .args(["-c", &script])
            .output()
        else {
            eprintln!("skipping: no python");
            return;
        };
        if !out.status.success() {
            eprintln!("skipping: python failed");
            return;
        }
        let text = String::from_utf8_lossy(&out.stdout);
        for (v, line) in values.iter().zip(text.lines()) {
            let ours = format!(
                "{}|{}|{}|{}",
                format_g(*v, 15),
                format_g(*v, 17),
                format_g(*v, 6),
                format_g(*v, 9)
            );
            assert_eq!(ours, line, "value {v:e}");
        }
    }
}
