//! The descriptor as protoc writes it back out (`FileDescriptor::CopyTo` +
//! `CopyJsonNameTo`): JSON names everywhere, defaults re-formatted by type, labels set,
//! `syntax` as protoc writes it.

use crate::descriptor::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto};

use super::build::MAX_FIELD_NUMBER;
use super::options::builtin_bool;
use super::{At, Linker};
use crate::format::{
    c_escape, c_unescape, parse_float, parse_int, simple_dtoa, simple_ftoa, to_json_name,
};

/// `MessageOptions.message_set_wire_format`.
pub(crate) const MESSAGE_SET_WIRE_FORMAT: u32 = 1;

/// `FieldDescriptorProto.Label.LABEL_OPTIONAL`.
const LABEL_OPTIONAL: i32 = 1;

/// Replaces the parser's `max` sentinel (an `end` of `-1` or `0`) in message extension and
/// reserved ranges with protoc's bound: 2^29 (exclusive), or 2^31-1 for message sets.
pub(super) fn adjust_range_sentinels(file: &mut FileDescriptorProto) {
    fn visit(m: &mut DescriptorProto) {
        let max = if builtin_bool(
            m.options.as_ref(),
            MESSAGE_SET_WIRE_FORMAT,
            "message_set_wire_format",
        ) {
            i32::MAX
        } else {
            MAX_FIELD_NUMBER + 1
        };
        for r in &mut m.extension_range {
            if matches!(r.end, Some(e) if e <= 0) {
                r.end = Some(max);
            }
        }
        for r in &mut m.reserved_range {
            if matches!(r.end, Some(e) if e <= 0) {
                r.end = Some(max);
            }
        }
        for n in &mut m.nested_type {
            visit(n);
        }
    }
    for m in &mut file.message_type {
        visit(m);
    }
}

impl Linker {
    /// Brings the descriptor into the form protoc writes.
    pub(super) fn normalize(&mut self) {
        self.emit_hints();
        let mut proto = std::mem::take(&mut self.proto);
        match proto.syntax.as_deref() {
            None | Some("proto2") | Some("") => proto.syntax = None,
            _ => {}
        }
        let mut bad = Vec::new();
        for (i, m) in proto.message_type.iter_mut().enumerate() {
            message(m, &[4, i as i32], &mut bad);
        }
        for (i, f) in proto.extension.iter_mut().enumerate() {
            field(f, &[7, i as i32], &mut bad);
        }
        for s in &mut proto.service {
            for m in &mut s.method {
                m.client_streaming = m.client_streaming.filter(|&b| b);
                m.server_streaming = m.server_streaming.filter(|&b| b);
            }
        }
        self.proto = proto;
        for (path, message) in bad {
            self.error(&path, At::Part(7), message);
        }
    }
}

fn message(m: &mut DescriptorProto, path: &[i32], bad: &mut Vec<(Vec<i32>, String)>) {
    for (i, f) in m.field.iter_mut().enumerate() {
        field(f, &[path, &[2, i as i32]].concat(), bad);
    }
    for (i, f) in m.extension.iter_mut().enumerate() {
        field(f, &[path, &[6, i as i32]].concat(), bad);
    }
    for (i, n) in m.nested_type.iter_mut().enumerate() {
        message(n, &[path, &[3, i as i32]].concat(), bad);
    }
}

fn field(f: &mut FieldDescriptorProto, path: &[i32], bad: &mut Vec<(Vec<i32>, String)>) {
    if f.label.is_none() {
        f.label = Some(LABEL_OPTIONAL);
    }
    if f.json_name.is_none() {
        f.json_name = Some(to_json_name(f.name()));
    }
    f.proto3_optional = f.proto3_optional.filter(|&b| b);
    if let (Some(default), Some(t)) = (f.default_value.as_deref(), f.r#type) {
        match format_default(t, default) {
            Ok(Some(v)) => f.default_value = Some(v),
            Ok(None) => {}
            Err(message) => bad.push((path.to_vec(), message)),
        }
    }
}

/// The default as `FieldDescriptor::DefaultValueAsString` writes it. `Ok(None)`: keep as is.
fn format_default(ty: i32, v: &str) -> Result<Option<String>, String> {
    let unparsable = || format!("Couldn't parse default value \"{v}\".");
    let int = |lo: i128, hi: i128| -> Result<Option<String>, String> {
        match parse_int(v) {
            Some(n) if (lo..=hi).contains(&n) => Ok(Some(n.to_string())),
            _ => Err(unparsable()),
        }
    };
    match ty {
        // double
        1 => parse_float(v)
            .map(|d| Some(simple_dtoa(d)))
            .ok_or_else(unparsable),
        // float: the parser writes the value as a double (`SimpleDtoa`), which protoc then
        // reads back with `strtof`.
        2 => parse_float(v)
            .map(|d| {
                let f = simple_dtoa(d).parse::<f32>().unwrap_or(d as f32);
                Some(simple_ftoa(f))
            })
            .ok_or_else(unparsable),
        // int64, sfixed64, sint64
        3 | 16 | 18 => int(i128::from(i64::MIN), i128::from(i64::MAX)),
        // uint64, fixed64
        4 | 6 => int(0, i128::from(u64::MAX)),
        // int32, sfixed32, sint32
        5 | 15 | 17 => int(i128::from(i32::MIN), i128::from(i32::MAX)),
        // uint32, fixed32
        7 | 13 => int(0, i128::from(u32::MAX)),
        // bool
        8 => match v {
            "true" | "false" => Ok(None),
            _ => Err("Boolean default must be true or false.".into()),
        },
        // bytes: the parser keeps them C-escaped; protoc unescapes and escapes again.
        12 => Ok(c_unescape(v).map(|b| c_escape(&b))),
        _ => Ok(None),
    }
}
