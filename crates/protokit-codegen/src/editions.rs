//! Lowering editions files to what prost-build understands.
//!
//! prost-build only knows `proto2` and `proto3` (it panics on `editions`). Each field of an
//! editions file is rewritten, from its resolved features, into the proto3 spelling prost-build
//! generates the same code for:
//!
//! | feature | lowered to |
//! |---|---|
//! | `field_presence = EXPLICIT` (singular scalar or enum, not in a oneof) | `proto3_optional` (an `Option<T>` field) |
//! | `field_presence = IMPLICIT` | a plain proto3 field |
//! | `field_presence = LEGACY_REQUIRED` | `LABEL_REQUIRED` (prost's `required`) |
//! | `repeated_field_encoding = PACKED / EXPANDED` | an explicit `[packed = true/false]` |
//! | `message_encoding = DELIMITED` | `TYPE_GROUP` (prost's `group`) |
//! | `enum_type = CLOSED` | the field defaults to the enum's first value, as in proto2 |
//! | `utf8_validation` | prost always validates `string` fields (no equivalent for `NONE`) |

use std::collections::HashMap;

use protokit_compiler::descriptor as ir;

const EDITION_PROTO2: i32 = 998;
const EDITION_PROTO3: i32 = 999;

/// The resolved features prost-build's output depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Features {
    /// 1 explicit, 2 implicit, 3 legacy required.
    presence: u64,
    /// 1 open, 2 closed.
    enum_type: u64,
    /// 1 packed, 2 expanded.
    repeated: u64,
    /// 1 length-prefixed, 2 delimited.
    message_encoding: u64,
}

impl Features {
    fn defaults(edition: i32) -> Features {
        match edition {
            EDITION_PROTO2 => Features {
                presence: 1,
                enum_type: 2,
                repeated: 2,
                message_encoding: 1,
            },
            EDITION_PROTO3 => Features {
                presence: 2,
                enum_type: 1,
                repeated: 1,
                message_encoding: 1,
            },
            _ => Features {
                presence: 1,
                enum_type: 1,
                repeated: 1,
                message_encoding: 1,
            },
        }
    }

    /// These features overridden by the `FeatureSet` (field `number`) of an options message.
    fn merge(mut self, options: Option<&ir::Options>, number: u64) -> Features {
        let Some(options) = options else { return self };
        for set in length_delimited(&options.encoded, number) {
            for (field, value) in varints(set) {
                match field {
                    1 => self.presence = value,
                    2 => self.enum_type = value,
                    3 => self.repeated = value,
                    5 => self.message_encoding = value,
                    _ => {}
                }
            }
        }
        self
    }
}

fn varint(buf: &mut &[u8]) -> Option<u64> {
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

/// Walks the top-level fields of an encoded message: (number, wire type, payload).
fn fields(mut buf: &[u8]) -> Vec<(u64, u64, &[u8], u64)> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let Some(key) = varint(&mut buf) else { break };
        let (number, wire) = (key >> 3, key & 7);
        match wire {
            0 => {
                let Some(v) = varint(&mut buf) else { break };
                out.push((number, wire, &[][..], v));
            }
            1 | 5 => {
                let n = if wire == 1 { 8 } else { 4 };
                if buf.len() < n {
                    break;
                }
                buf = &buf[n..];
            }
            2 => {
                let Some(len) = varint(&mut buf) else { break };
                let Ok(len) = usize::try_from(len) else { break };
                if buf.len() < len {
                    break;
                }
                out.push((number, wire, &buf[..len], 0));
                buf = &buf[len..];
            }
            // Groups do not occur in options messages we read.
            _ => break,
        }
    }
    out
}

fn length_delimited(buf: &[u8], number: u64) -> impl Iterator<Item = &[u8]> {
    fields(buf)
        .into_iter()
        .filter(move |(n, w, _, _)| *n == number && *w == 2)
        .map(|(_, _, b, _)| b)
}

fn varints(buf: &[u8]) -> impl Iterator<Item = (u64, u64)> + '_ {
    fields(buf)
        .into_iter()
        .filter(|(_, w, _, _)| *w == 0)
        .map(|(n, _, _, v)| (n, v))
}

fn edition_of(file: &ir::FileDescriptorProto) -> i32 {
    match file.syntax.as_deref() {
        Some("editions") => file.edition.unwrap_or(1000),
        Some("proto3") => EDITION_PROTO3,
        _ => EDITION_PROTO2,
    }
}

/// What lowering needs to know about an enum: whether it is closed, and its first value.
#[derive(Clone, Debug)]
pub(crate) struct EnumInfo {
    closed: bool,
    first: Option<(String, i32)>,
}

/// Every enum of `files` by fully-qualified name (`.pkg.Outer.Enum`).
pub(crate) fn enums(files: &[ir::FileDescriptorProto]) -> HashMap<String, EnumInfo> {
    fn walk_enum(
        e: &ir::EnumDescriptorProto,
        scope: &str,
        parent: Features,
        out: &mut HashMap<String, EnumInfo>,
    ) {
        let f = parent.merge(e.options.as_ref(), 7);
        let first = e
            .value
            .first()
            .map(|v| (v.name.clone().unwrap_or_default(), v.number.unwrap_or(0)));
        out.insert(
            format!("{scope}.{}", e.name.as_deref().unwrap_or("")),
            EnumInfo {
                closed: f.enum_type == 2,
                first,
            },
        );
    }
    fn walk_message(
        m: &ir::DescriptorProto,
        scope: &str,
        parent: Features,
        out: &mut HashMap<String, EnumInfo>,
    ) {
        let f = parent.merge(m.options.as_ref(), 12);
        let scope = format!("{scope}.{}", m.name.as_deref().unwrap_or(""));
        for e in &m.enum_type {
            walk_enum(e, &scope, f, out);
        }
        for n in &m.nested_type {
            walk_message(n, &scope, f, out);
        }
    }
    let mut out = HashMap::new();
    for file in files {
        let f = Features::defaults(edition_of(file)).merge(file.options.as_ref(), 50);
        let scope = match file.package.as_deref() {
            Some(p) if !p.is_empty() => format!(".{p}"),
            _ => String::new(),
        };
        for e in &file.enum_type {
            walk_enum(e, &scope, f, &mut out);
        }
        for m in &file.message_type {
            walk_message(m, &scope, f, &mut out);
        }
    }
    out
}

/// Rewrites `out` (the prost-types copy of `file`) into proto3 when `file` is an editions
/// file; proto2 and proto3 files are left as they are.
pub(crate) fn lower(
    file: &ir::FileDescriptorProto,
    out: &mut prost_types::FileDescriptorProto,
    enums: &HashMap<String, EnumInfo>,
) {
    if file.syntax.as_deref() != Some("editions") {
        return;
    }
    let features = Features::defaults(edition_of(file)).merge(file.options.as_ref(), 50);
    out.syntax = Some("proto3".to_string());
    for (m, o) in file.message_type.iter().zip(out.message_type.iter_mut()) {
        lower_message(m, o, features, enums);
    }
}

fn lower_message(
    m: &ir::DescriptorProto,
    out: &mut prost_types::DescriptorProto,
    parent: Features,
    enums: &HashMap<String, EnumInfo>,
) {
    use prost_types::field_descriptor_proto::{Label, Type};
    let features = parent.merge(m.options.as_ref(), 12);
    let is_map_entry = |type_name: &str| {
        // Map entry messages are nested in this message and named `<Field>Entry`.
        let short = type_name.rsplit('.').next().unwrap_or("");
        m.nested_type.iter().any(|n| {
            n.name.as_deref() == Some(short)
                && n.options.as_ref().is_some_and(|o| {
                    // MessageOptions.map_entry = 7.
                    varints(&o.encoded).any(|(num, v)| num == 7 && v == 1)
                })
        })
    };
    for (f, o) in m.field.iter().zip(out.field.iter_mut()) {
        let mut fe = features;
        if let Some(i) = f.oneof_index {
            if let Some(oneof) = m.oneof_decl.get(usize::try_from(i).unwrap_or(usize::MAX)) {
                fe = fe.merge(oneof.options.as_ref(), 1);
            }
        }
        let fe = fe.merge(f.options.as_ref(), 21);
        if o.r#type() == Type::Message
            && fe.message_encoding == 2
            && !is_map_entry(o.type_name.as_deref().unwrap_or(""))
        {
            o.r#type = Some(Type::Group as i32);
        }
        let ty = o.r#type();
        let label = o.label();
        if label == Label::Repeated {
            if !matches!(ty, Type::Message | Type::Group | Type::String | Type::Bytes) {
                o.options.get_or_insert_with(Default::default).packed = Some(fe.repeated == 1);
            }
        } else if fe.presence == 3 {
            o.label = Some(Label::Required as i32);
        } else if (fe.presence == 1 || ty == Type::Group)
            && o.oneof_index.is_none()
            && ty != Type::Message
        {
            // prost-build makes proto3 groups non-optional unless marked so.
            o.proto3_optional = Some(true);
        }
        if ty == Type::Enum && o.default_value.is_none() && label != Label::Repeated {
            if let Some(info) = enums.get(o.type_name.as_deref().unwrap_or("")) {
                if let (true, Some((name, number))) = (info.closed, &info.first) {
                    if *number != 0 {
                        o.default_value = Some(name.clone());
                    }
                }
            }
        }
    }
    for (n, o) in m.nested_type.iter().zip(out.nested_type.iter_mut()) {
        // Map entries stay as they are: prost-build reads their key and value as maps.
        if !is_map_entry(n.name.as_deref().unwrap_or("")) {
            lower_message(n, o, features, enums);
        }
    }
}
