//! What the `FILE_SAME_*` option rules share: reading one `FileOptions` field from the
//! encoded options and comparing its effective value.
//!
//! buf 1.75.0 compares effective values: an unset option equals the option explicitly set to
//! its default (`cc_enable_arenas` unset is `true`, `optimize_for` unset is `SPEED`, strings
//! unset are `""`). A change is reported on the option statement of the current file
//! (`[8, <field number>]`) or, when the current file does not set the option, on the file
//! without a position: `File option "go_package" changed from "x/a" to "".`

use prost::encoding::{decode_key, decode_varint, skip_field, DecodeContext, WireType};

use crate::breaking::Cx;
use crate::image::ImageFile;
use crate::lint::elements::tag;

/// The type and default of a `FileOptions` field.
#[derive(Clone, Copy, Debug)]
pub(crate) enum OptionKind {
    /// A `bool` with its default.
    Bool(bool),
    /// A `string` (default `""`).
    Str,
    /// `optimize_for` (`OptimizeMode`, default `SPEED`).
    OptimizeMode,
}

/// The last value of field `number` in an encoded message: a varint, or the bytes of a
/// length-delimited field. `None` when unset or when the bytes do not decode.
enum Raw {
    Varint(u64),
    Bytes(Vec<u8>),
}

fn last_value(mut buf: &[u8], number: u32) -> Option<Raw> {
    let mut found = None;
    while !buf.is_empty() {
        let (t, wt) = decode_key(&mut buf).ok()?;
        if t == number && wt == WireType::Varint {
            found = Some(Raw::Varint(decode_varint(&mut buf).ok()?));
        } else if t == number && wt == WireType::LengthDelimited {
            let len = usize::try_from(decode_varint(&mut buf).ok()?).ok()?;
            let bytes = buf.get(..len)?.to_vec();
            buf = &buf[len..];
            found = Some(Raw::Bytes(bytes));
        } else {
            skip_field(wt, t, &mut buf, DecodeContext::default()).ok()?;
        }
    }
    found
}

/// The effective value of `FileOptions` field `number` of `file`, as buf prints it.
fn value(file: &ImageFile, number: u32, kind: OptionKind) -> String {
    let raw = file
        .proto
        .options
        .as_ref()
        .and_then(|o| last_value(&o.encoded, number));
    match (kind, raw) {
        (OptionKind::Bool(_), Some(Raw::Varint(v))) => (v != 0).to_string(),
        (OptionKind::Bool(d), _) => d.to_string(),
        (OptionKind::Str, Some(Raw::Bytes(b))) => String::from_utf8_lossy(&b).into_owned(),
        (OptionKind::Str, _) => String::new(),
        (OptionKind::OptimizeMode, Some(Raw::Varint(v))) => match v {
            1 => "SPEED".to_string(),
            2 => "CODE_SIZE".to_string(),
            3 => "LITE_RUNTIME".to_string(),
            n => n.to_string(),
        },
        (OptionKind::OptimizeMode, _) => "SPEED".to_string(),
    }
}

/// Reports when the effective value of option `name` (field `number`) differs between the
/// previous file and its current counterpart.
pub(crate) fn check(
    cx: &mut Cx<'_>,
    prev: &ImageFile,
    cur: Option<&ImageFile>,
    name: &str,
    number: u32,
    kind: OptionKind,
) {
    let Some(cur) = cur else { return };
    let before = value(prev, number, kind);
    let after = value(cur, number, kind);
    if before == after {
        return;
    }
    let msg = format!(
        "File option \"{name}\" changed from {} to {}.",
        go_quote(&before),
        go_quote(&after)
    );
    report_at(cx, cur, &[tag::FILE_OPTIONS, number as i32], msg);
}

/// `s` quoted as Go's `%q` does (buf words its messages with it): backslashes, quotes and
/// control characters escaped, printable Unicode kept.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
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
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reports at `path` of `file` when it has a location there, else on the file as a whole.
pub(crate) fn report_at(cx: &mut Cx<'_>, file: &ImageFile, path: &[i32], msg: String) {
    if file.location(path).is_some() {
        cx.report(file, path, msg);
    } else {
        cx.report_file(file, msg);
    }
}

/// Declares the rule struct of one `FILE_SAME_*` option rule.
macro_rules! file_option_rule {
    ($name:literal, $number:literal, $kind:expr) => {
        pub(crate) static RULE: Rule = Rule;

        pub(crate) struct Rule;

        impl $crate::breaking::BreakingRule for Rule {
            fn check_file(
                &self,
                cx: &mut $crate::breaking::Cx<'_>,
                prev: &$crate::image::ImageFile,
                cur: Option<&$crate::image::ImageFile>,
            ) {
                $crate::breaking::file_options::check(cx, prev, cur, $name, $number, $kind);
            }
        }
    };
}
pub(crate) use file_option_rule;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_value_wins_and_skips_others() {
        // field 1 = "ab", field 10 = 1, field 1 = "c"
        let bytes = [0x0a, 2, b'a', b'b', 0x50, 1, 0x0a, 1, b'c'];
        assert!(matches!(last_value(&bytes, 1), Some(Raw::Bytes(b)) if b == b"c"));
        assert!(matches!(last_value(&bytes, 10), Some(Raw::Varint(1))));
        assert!(last_value(&bytes, 11).is_none());
        assert!(last_value(&[0x0a, 5, b'a'], 1).is_none());
    }

    #[test]
    fn quotes_like_go() {
        assert_eq!(go_quote(r"Acme\V1"), r#""Acme\\V1""#);
        assert_eq!(go_quote("a\"b\n\u{1}é"), r#""a\"b\n\x01é""#);
    }
}
