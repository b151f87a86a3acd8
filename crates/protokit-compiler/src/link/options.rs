//! The option-interpretation call site, and reading the few builtin options the linker's
//! checks depend on (whether or not they have been interpreted yet).

use crate::descriptor::{OptionValue, Options};

use super::Linker;

/// Interprets the file's options into their encoded form.
///
/// Integration point for `crate::options::interpret`: it runs after name resolution
/// succeeded, so every type name in this file and its imports is fully qualified, and it can
/// resolve option names through [`super::symbols::Scope`] built from `cx.symbols`,
/// `cx.packages` and `cx.deps`. Until then, uninterpreted options stay as they are and the
/// checks below read them directly.
pub(super) fn interpret(_cx: &mut Linker) {}

/// The value of a builtin varint option (`bool` or enum) with field number `field` and name
/// `name`: from the encoded bytes if interpreted, else from an `option name = …;` statement.
/// Enum values given by name come back through `enum_value`.
pub(crate) fn builtin_varint(
    options: Option<&Options>,
    field: u32,
    name: &str,
    enum_value: impl Fn(&str) -> Option<u64>,
) -> Option<u64> {
    let options = options?;
    let mut value = encoded_varint(&options.encoded, field);
    for o in &options.uninterpreted {
        if let [part] = o.name.as_slice() {
            if !part.is_extension && part.name == name {
                value = match &o.value {
                    OptionValue::Identifier(id) => match id.as_str() {
                        "true" => Some(1),
                        "false" => Some(0),
                        other => enum_value(other),
                    },
                    OptionValue::PositiveInt(v) => Some(*v),
                    _ => value,
                };
            }
        }
    }
    value
}

/// A builtin `bool` option.
pub(crate) fn builtin_bool(options: Option<&Options>, field: u32, name: &str) -> bool {
    builtin_varint(options, field, name, |_| None).is_some_and(|v| v != 0)
}

/// The last varint value of field `field` in an encoded message.
fn encoded_varint(mut buf: &[u8], field: u32) -> Option<u64> {
    let mut value = None;
    while !buf.is_empty() {
        let key = read_varint(&mut buf)?;
        let number = (key >> 3) as u32;
        match key & 7 {
            0 => {
                let v = read_varint(&mut buf)?;
                if number == field {
                    value = Some(v);
                }
            }
            1 => buf = buf.get(8..)?,
            2 => {
                let len = usize::try_from(read_varint(&mut buf)?).ok()?;
                buf = buf.get(len..)?;
            }
            5 => buf = buf.get(4..)?,
            // Groups only appear in custom options; nothing we read lives past one.
            _ => return value,
        }
    }
    value
}

fn read_varint(buf: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = buf.split_first()?;
        *buf = rest;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_encoded_varints() {
        // field 7 (map_entry) = true, then a length-delimited field 999.
        let opts = Options {
            encoded: vec![0x38, 0x01, 0xba, 0x3e, 0x01, 0x00],
            uninterpreted: Vec::new(),
        };
        assert!(builtin_bool(Some(&opts), 7, "map_entry"));
        assert!(!builtin_bool(Some(&opts), 2, "allow_alias"));
    }
}
