//! FIELD_SAME_DEFAULT: Checks that fields have the same default value, if a default is specified.
//!
//! Defaults are the `default_value`, else the type's zero value (an enum's first value).
//! They are compared across types as buf does: numbers (bools and enum numbers included) by
//! value, strings and bytes by content, and any two zero values are equal. Printed as Go prints
//! them (`1e+06`, `"a\"b"`, `[0x1,0x2]`, `Enum.VALUE`). Repeated, message and group fields are
//! skipped. Positioned on the current `default = value` option (protoc's location covers
//! only the value; the start is rebuilt assuming `default = ` is spelled with single spaces),
//! else the whole field.

use crate::breaking::{fields, BreakingDocs, BreakingRule, Cx, Index};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_images(&self, cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>) {
        fields::for_each_pair(cx, prev, cur, true, check);
    }
}

/// A default value, normalised for comparison across types.
#[derive(Clone, Debug)]
enum Value {
    Bool(bool),
    Int(i128),
    /// The value and whether the field is a `float`: buf compares a `float` with anything in
    /// 32-bit precision (a `float` `0.1` equals a `double` `0.1`) and prints it so.
    Float(f64, bool),
    Str(Vec<u8>),
    Bytes(Vec<u8>),
    /// Enum simple name, value name, number.
    Enum(String, String, i32),
}

impl Value {
    fn number(&self) -> Option<f64> {
        match *self {
            Value::Bool(b) => Some(f64::from(u8::from(b))),
            Value::Int(i) => Some(i as f64),
            Value::Float(f, _) => Some(f),
            Value::Enum(_, _, n) => Some(f64::from(n)),
            Value::Str(_) | Value::Bytes(_) => None,
        }
    }

    fn int(&self) -> Option<i128> {
        match *self {
            Value::Bool(b) => Some(i128::from(b)),
            Value::Int(i) => Some(i),
            Value::Enum(_, _, n) => Some(i128::from(n)),
            _ => None,
        }
    }

    fn bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Str(b) | Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    fn is_zero(&self) -> bool {
        self.number().is_some_and(|n| n == 0.0) || self.bytes().is_some_and(<[u8]>::is_empty)
    }

    /// buf's equality: numbers of any kind by value, strings and bytes by content, and any
    /// two zero values (so `0` equals `""`); NaN equals NaN.
    fn same(&self, other: &Value) -> bool {
        if self.is_zero() && other.is_zero() {
            return true;
        }
        if let (Some(a), Some(b)) = (self.int(), other.int()) {
            return a == b;
        }
        if let (Some(a), Some(b)) = (self.number(), other.number()) {
            let is32 = |v: &Value| matches!(v, Value::Float(_, true));
            if is32(self) || is32(other) {
                let (a, b) = (a as f32, b as f32);
                return a == b || (a.is_nan() && b.is_nan());
            }
            return a == b || (a.is_nan() && b.is_nan());
        }
        match (self.bytes(), other.bytes()) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Bool(b) => write!(f, "{b}"),
            Value::Int(i) => write!(f, "{i}"),
            Value::Float(v, is32) => f.write_str(&go_float(*v, *is32)),
            Value::Str(s) => f.write_str(&go_quote(&String::from_utf8_lossy(s))),
            Value::Bytes(b) => {
                let parts: Vec<String> = b.iter().map(|x| format!("{x:#x}")).collect();
                write!(f, "[{}]", parts.join(","))
            }
            Value::Enum(e, v, _) => write!(f, "{e}.{v}"),
        }
    }
}

/// The field's default: its `default_value`, else its type's zero (an enum's first value).
fn value(s: &fields::Side<'_>) -> Option<Value> {
    if s.desc.label == Some(3) {
        return None;
    }
    let t = s.desc.r#type?;
    let d = s.desc.default_value.as_deref();
    Some(match t {
        8 => Value::Bool(d == Some("true")),
        1 | 2 => {
            let v = match d {
                None => 0.0,
                Some("inf") => f64::INFINITY,
                Some("-inf") => f64::NEG_INFINITY,
                Some("nan") | Some("-nan") => f64::NAN,
                Some(x) => x.parse::<f64>().ok()?,
            };
            Value::Float(v, t == 2)
        }
        3 | 4 | 5 | 6 | 7 | 13 | 15 | 16 | 17 | 18 => Value::Int(match d {
            None => 0,
            Some(x) => x.parse().ok()?,
        }),
        9 => Value::Str(d.unwrap_or("").as_bytes().to_vec()),
        12 => Value::Bytes(d.map(unescape).unwrap_or_default()),
        14 => {
            let e = s.ix.enums.get(s.type_ref())?;
            let name = e.desc.name.clone().unwrap_or_default();
            let v = match d {
                Some(n) => e.desc.value.iter().find(|v| v.name.as_deref() == Some(n))?,
                None => e.desc.value.first()?,
            };
            Value::Enum(
                name,
                v.name.clone().unwrap_or_default(),
                v.number.unwrap_or(0),
            )
        }
        _ => return None,
    })
}

/// Undoes protoc's C escaping of a `bytes` default.
fn unescape(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' || i + 1 == b.len() {
            out.push(b[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = b[i];
        i += 1;
        match c {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'a' => out.push(7),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'v' => out.push(11),
            b'0'..=b'7' => {
                let mut v = u32::from(c - b'0');
                for _ in 0..2 {
                    match b.get(i) {
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
                for _ in 0..2 {
                    match b.get(i).and_then(|d| (*d as char).to_digit(16)) {
                        Some(d) => {
                            v = v * 16 + d;
                            i += 1;
                        }
                        None => break,
                    }
                }
                out.push(v as u8);
            }
            other => out.push(other),
        }
    }
    out
}

/// Go's `%v` of a float: the shortest representation, in `%e` form (`1e+06`) when the
/// decimal exponent is below -4 or at least 6 (Go's `%g` with shortest precision).
fn go_float(v: f64, is32: bool) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "+Inf" } else { "-Inf" }.into();
    }
    // Rust's `{:e}` gives the shortest round-tripping digits for the type.
    let e = if is32 {
        format!("{:e}", v as f32)
    } else {
        format!("{v:e}")
    };
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (neg, mant) = match mant.strip_prefix('-') {
        Some(m) => (true, m),
        None => (false, mant),
    };
    let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
    let sign = if neg { "-" } else { "" };
    if digits.bytes().all(|d| d == b'0') {
        return format!("{sign}0");
    }
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let es = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}e{es}{:02}", exp.unsigned_abs());
    }
    let point = exp + 1;
    let s = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        let (a, b) = digits.split_at(point as usize);
        format!("{a}.{b}")
    };
    format!("{sign}{s}")
}

/// Go's `strconv.Quote`.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            ' ' => out.push(' '),
            c if !c.is_control() && !c.is_whitespace() => out.push(c),
            c if (c as u32) < 0x80 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

fn check(cx: &mut Cx<'_>, p: &fields::Pair<'_>) {
    let (Some(a), Some(b)) = (value(&p.prev), value(&p.cur)) else {
        return;
    };
    if a.same(&b) {
        return;
    }
    let message = format!(
        "{} changed default value from {a} to {b}.",
        p.cur.describe()
    );
    // protoc's location covers the value only; buf's covers `default = value`, which we
    // rebuild assuming that usual spelling.
    let path = crate::lint::elements::child(&p.cur.path, &[7]);
    match p.cur.file.position(&path) {
        Some(mut pos) => {
            if pos.start_column > 10 {
                pos.start_column -= 10;
            }
            fields::report_position(cx, p.cur.file, Some(pos), message);
        }
        None => fields::report(cx, &p.cur, &[], message),
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every field keeps its default value, comparing explicit `default` options and the implicit zero values (or an enum's first value) of fields without one.",
    why: "Readers of the old and new schema see a different value for an unset field, so behaviour changes silently for data that does not set it.",
    previous: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional int32 page_size = 1 [default = 10];\n}\n",
    example: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional int32 page_size = 1 [default = 20];\n}\n",
    use_instead: "syntax = \"proto2\";\n\npackage foo.v1;\n\nmessage Foo {\n  optional int32 page_size = 1 [default = 10];\n  optional int32 max_page_size = 2 [default = 20];\n}\n",
    example_path: "foo/v1/foo.proto",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_go() {
        assert_eq!(go_float(1e6, false), "1e+06");
        assert_eq!(go_float(123456.0, false), "123456");
        assert_eq!(go_float(1234567.0, false), "1.234567e+06");
        assert_eq!(go_float(0.0001, false), "0.0001");
        assert_eq!(go_float(0.00001, false), "1e-05");
        assert_eq!(go_float(1.5e10, true), "1.5e+10");
        assert_eq!(go_float(0.30000001192092896, true), "0.3");
        assert!(Value::Float(0.3, true).same(&Value::Float(0.30000001192092896, false)));
        assert!(!Value::Float(0.3, false).same(&Value::Float(0.30000001192092896, false)));
        assert_eq!(go_float(-2.5, false), "-2.5");
        assert_eq!(go_float(1e100, false), "1e+100");
        assert_eq!(go_quote("q\"x\t\u{7f}ÿ"), "\"q\\\"x\\t\\x7fÿ\"");
        assert_eq!(unescape("\\001a\\\""), vec![1, b'a', b'"']);
        assert_eq!(format!("{}", Value::Bytes(vec![1, 0x61])), "[0x1,0x61]");
    }

    #[test]
    fn compares_like_buf() {
        assert!(Value::Int(0).same(&Value::Str(Vec::new())));
        assert!(Value::Bool(true).same(&Value::Int(1)));
        assert!(!Value::Str(b"5".to_vec()).same(&Value::Int(5)));
        assert!(Value::Str(b"a".to_vec()).same(&Value::Bytes(b"a".to_vec())));
        assert!(Value::Float(f64::NAN, false).same(&Value::Float(f64::NAN, false)));
        assert!(!Value::Int(-1).same(&Value::Int(i128::from(u64::MAX))));
    }
}
