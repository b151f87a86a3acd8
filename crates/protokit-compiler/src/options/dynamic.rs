//! A dynamic message: what protoc builds from an aggregate value, and what it re-reads encoded
//! options into before writing a descriptor set. Serializing it gives protoc's canonical bytes:
//! known fields and extensions by field number, occurrences of a message field merged,
//! repeated scalars packed or not per the field, defaults of fields without presence left
//! out, then fields it does not know, in the order they came.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::types::{ty, FieldInfo, MessageInfo, Types};
use super::wire::{self, WireValue};

/// One value of a field.
#[derive(Clone, Debug)]
pub(crate) enum Val {
    /// Varint types, as their normalized wire value.
    Int(u64),
    F32(u32),
    F64(u64),
    Bytes(Vec<u8>),
    Msg(DynMessage),
}

impl Val {
    fn is_default(&self) -> bool {
        match self {
            Val::Int(v) | Val::F64(v) => *v == 0,
            Val::F32(v) => *v == 0,
            Val::Bytes(b) => b.is_empty(),
            Val::Msg(_) => false,
        }
    }
}

/// A message of a known type.
#[derive(Clone, Debug)]
pub(crate) struct DynMessage {
    pub info: Arc<MessageInfo>,
    /// Set fields by number; a singular field holds one value.
    pub fields: BTreeMap<i32, (Arc<FieldInfo>, Vec<Val>)>,
    /// Records of fields the type does not know, as they came.
    pub unknown: Vec<u8>,
}

/// Deepest nesting re-read or written; deeper input is kept as unknown bytes.
const MAX_DEPTH: usize = 100;

impl DynMessage {
    pub(crate) fn new(info: Arc<MessageInfo>) -> Self {
        DynMessage {
            info,
            fields: BTreeMap::new(),
            unknown: Vec::new(),
        }
    }

    /// protoc's `HasField`: set, and for fields without presence, not the default.
    pub(crate) fn has(&self, f: &FieldInfo) -> bool {
        match self.fields.get(&f.number) {
            None => false,
            Some((_, vals)) if f.repeated => !vals.is_empty(),
            Some((_, vals)) => !(f.implicit && vals.last().is_some_and(Val::is_default)),
        }
    }

    /// Sets a singular field (clearing other members of its oneof) or appends to a repeated one.
    pub(crate) fn set(&mut self, f: &Arc<FieldInfo>, v: Val) {
        if let Some(o) = f.oneof {
            self.fields
                .retain(|n, (g, _)| *n == f.number || g.oneof != Some(o) || g.is_extension);
        }
        let entry = self
            .fields
            .entry(f.number)
            .or_insert_with(|| (f.clone(), Vec::new()));
        if !f.repeated {
            entry.1.clear();
        }
        entry.1.push(v);
    }

    /// The member of oneof `o` that is set, if any.
    pub(crate) fn oneof_member(&self, o: i32) -> Option<&Arc<FieldInfo>> {
        self.fields
            .values()
            .find(|(g, _)| g.oneof == Some(o) && !g.is_extension)
            .map(|(g, _)| g)
    }

    /// Parses `bytes` into this message with protobuf's merge semantics.
    pub(crate) fn merge_wire(&mut self, types: &Types<'_>, bytes: &[u8]) -> bool {
        self.merge_wire_at(types, bytes, 0)
    }

    fn merge_wire_at(&mut self, types: &Types<'_>, bytes: &[u8], depth: usize) -> bool {
        let Some(records) = wire::records(bytes) else {
            return false;
        };
        for r in records {
            if let (true, 1, WireValue::Group(item)) = (self.info.message_set, r.number, r.value) {
                if depth < MAX_DEPTH && self.merge_message_set_item(types, item, depth) {
                    continue;
                }
            }
            let field = types.field_by_number(&self.info, r.number);
            let ok = match field {
                Some(f) if depth < MAX_DEPTH => self.merge_value(types, &f, r.value, depth),
                _ => false,
            };
            if !ok {
                self.unknown.extend_from_slice(r.raw);
            }
        }
        true
    }

    /// Merges a MessageSet item (`type_id` 2, `message` 3) into its extension.
    fn merge_message_set_item(&mut self, types: &Types<'_>, item: &[u8], depth: usize) -> bool {
        let mut type_id = None;
        let mut message = None;
        for r in wire::records(item).unwrap_or_default() {
            match (r.number, r.value) {
                (2, WireValue::Varint(v)) => type_id = i32::try_from(v).ok(),
                (3, WireValue::Len(b)) => message = Some(b),
                _ => {}
            }
        }
        let (Some(type_id), Some(message)) = (type_id, message) else {
            return false;
        };
        match types.field_by_number(&self.info, type_id) {
            Some(f) if f.ty == ty::MESSAGE => {
                self.merge_value(types, &f, WireValue::Len(message), depth)
            }
            _ => false,
        }
    }

    /// Merges one record of known field `f`; false if its wire type does not fit.
    fn merge_value(
        &mut self,
        types: &Types<'_>,
        f: &Arc<FieldInfo>,
        v: WireValue<'_>,
        depth: usize,
    ) -> bool {
        match (f.ty, v) {
            (ty::MESSAGE, WireValue::Len(body)) | (ty::GROUP, WireValue::Group(body)) => {
                let Some(info) = types.message(&f.type_name) else {
                    return false;
                };
                let existing = if f.repeated {
                    None
                } else {
                    self.fields.get_mut(&f.number).and_then(|(_, vals)| {
                        vals.last_mut().and_then(|v| match v {
                            Val::Msg(m) => Some(m),
                            _ => None,
                        })
                    })
                };
                match existing {
                    Some(m) => m.merge_wire_at(types, body, depth + 1),
                    None => {
                        let mut m = DynMessage::new(info);
                        if !m.merge_wire_at(types, body, depth + 1) {
                            return false;
                        }
                        self.set(f, Val::Msg(m));
                        true
                    }
                }
            }
            (ty::STRING | ty::BYTES, WireValue::Len(b)) => {
                self.set(f, Val::Bytes(b.to_vec()));
                true
            }
            (_, WireValue::Len(b)) if f.repeated && !f.is_message() => {
                // A packed run; protobuf accepts it whether or not the field is packed.
                let mut pos = 0;
                let mut vals = Vec::new();
                while pos < b.len() {
                    let one = match scalar_wire(f.ty) {
                        wire::VARINT => read_varint(b, &mut pos).map(WireValue::Varint),
                        wire::FIXED32 => b.get(pos..pos + 4).map(|s| {
                            pos += 4;
                            WireValue::Fixed32(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
                        }),
                        _ => b.get(pos..pos + 8).map(|s| {
                            pos += 8;
                            let mut a = [0u8; 8];
                            a.copy_from_slice(s);
                            WireValue::Fixed64(u64::from_le_bytes(a))
                        }),
                    };
                    match one.and_then(|w| scalar(f.ty, w)) {
                        Some(v) => vals.push(v),
                        None => return false,
                    }
                }
                for v in vals {
                    self.set(f, v);
                }
                true
            }
            (_, w) => match scalar(f.ty, w) {
                Some(v) => {
                    self.set(f, v);
                    true
                }
                None => false,
            },
        }
    }

    /// The canonical encoding.
    pub(crate) fn serialize(&self, out: &mut Vec<u8>) {
        let map_entry = self.info.map_entry;
        if map_entry {
            // Map entries always carry their key and value.
            for f in &self.info.fields {
                if f.number == 1 || f.number == 2 {
                    match self.fields.get(&f.number).and_then(|(_, v)| v.last()) {
                        Some(v) => put_value(out, f, v),
                        None => put_value(out, f, &default_val(f)),
                    }
                }
            }
            for (n, (f, vals)) in &self.fields {
                if *n != 1 && *n != 2 {
                    put_field(out, f, vals, false);
                }
            }
        } else {
            for (f, vals) in self.fields.values() {
                if self.info.message_set && f.is_extension && f.ty == ty::MESSAGE {
                    for v in vals {
                        put_message_set_item(out, f.number, v);
                    }
                } else {
                    put_field(out, f, vals, f.implicit);
                }
            }
        }
        out.extend_from_slice(&self.unknown);
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.serialize(&mut out);
        out
    }

    /// protoc's `FindInitializationErrors`: paths of required fields left unset.
    pub(crate) fn missing_required(&self, prefix: &str, out: &mut Vec<String>) {
        for f in &self.info.fields {
            if f.required && !self.fields.contains_key(&f.number) {
                out.push(format!("{prefix}{}", f.name));
            }
        }
        for (f, vals) in self.fields.values() {
            if !f.is_message() {
                continue;
            }
            let name = if f.is_extension {
                format!("({})", f.full_name)
            } else {
                f.name.clone()
            };
            for (i, v) in vals.iter().enumerate() {
                if let Val::Msg(m) = v {
                    let p = if f.repeated {
                        format!("{prefix}{name}[{i}].")
                    } else {
                        format!("{prefix}{name}.")
                    };
                    m.missing_required(&p, out);
                }
            }
        }
    }
}

/// A MessageSet item: group 1 holding `type_id` (2) and the message (3).
fn put_message_set_item(out: &mut Vec<u8>, number: i32, v: &Val) {
    wire::put_tag(out, 1, wire::START_GROUP);
    wire::put_tag(out, 2, wire::VARINT);
    wire::put_varint(out, number as u32 as u64);
    wire::put_tag(out, 3, wire::LEN);
    put_raw(out, v);
    wire::put_tag(out, 1, wire::END_GROUP);
}

fn default_val(f: &FieldInfo) -> Val {
    match scalar_wire(f.ty) {
        _ if f.is_message() => Val::Msg(DynMessage {
            info: Arc::new(empty_info()),
            fields: BTreeMap::new(),
            unknown: Vec::new(),
        }),
        wire::LEN => Val::Bytes(Vec::new()),
        wire::FIXED32 => Val::F32(0),
        wire::FIXED64 => Val::F64(0),
        _ => Val::Int(0),
    }
}

fn empty_info() -> MessageInfo {
    MessageInfo::empty()
}

fn put_field(out: &mut Vec<u8>, f: &FieldInfo, vals: &[Val], implicit: bool) {
    if f.repeated {
        if f.packed {
            if vals.is_empty() {
                return;
            }
            let mut body = Vec::new();
            for v in vals {
                put_raw(&mut body, v);
            }
            wire::put_len(out, f.number, &body);
        } else {
            for v in vals {
                put_value(out, f, v);
            }
        }
    } else if let Some(v) = vals.last() {
        if !(implicit && v.is_default()) {
            put_value(out, f, v);
        }
    }
}

/// A scalar value without its tag.
fn put_raw(out: &mut Vec<u8>, v: &Val) {
    match v {
        Val::Int(x) => wire::put_varint(out, *x),
        Val::F32(x) => out.extend_from_slice(&x.to_le_bytes()),
        Val::F64(x) => out.extend_from_slice(&x.to_le_bytes()),
        Val::Bytes(b) => {
            wire::put_varint(out, b.len() as u64);
            out.extend_from_slice(b);
        }
        Val::Msg(m) => {
            let body = m.to_bytes();
            wire::put_varint(out, body.len() as u64);
            out.extend_from_slice(&body);
        }
    }
}

pub(crate) fn put_value(out: &mut Vec<u8>, f: &FieldInfo, v: &Val) {
    match v {
        Val::Msg(m) if f.ty == ty::GROUP => {
            wire::put_tag(out, f.number, wire::START_GROUP);
            m.serialize(out);
            wire::put_tag(out, f.number, wire::END_GROUP);
        }
        Val::Msg(_) | Val::Bytes(_) => {
            wire::put_tag(out, f.number, wire::LEN);
            put_raw(out, v);
        }
        Val::Int(_) => {
            wire::put_tag(out, f.number, wire::VARINT);
            put_raw(out, v);
        }
        Val::F32(_) => {
            wire::put_tag(out, f.number, wire::FIXED32);
            put_raw(out, v);
        }
        Val::F64(_) => {
            wire::put_tag(out, f.number, wire::FIXED64);
            put_raw(out, v);
        }
    }
}

/// The wire type of a scalar field type.
pub(crate) fn scalar_wire(t: i32) -> u32 {
    match t {
        ty::DOUBLE | ty::FIXED64 | ty::SFIXED64 => wire::FIXED64,
        ty::FLOAT | ty::FIXED32 | ty::SFIXED32 => wire::FIXED32,
        ty::STRING | ty::BYTES | ty::MESSAGE => wire::LEN,
        ty::GROUP => wire::START_GROUP,
        _ => wire::VARINT,
    }
}

/// A scalar read from the wire, normalized as protobuf stores it; `None` on a wire type
/// mismatch.
fn scalar(t: i32, w: WireValue<'_>) -> Option<Val> {
    Some(match (t, w) {
        (ty::INT32 | ty::ENUM, WireValue::Varint(v)) => Val::Int(v as i32 as i64 as u64),
        (ty::UINT32, WireValue::Varint(v)) => Val::Int(u64::from(v as u32)),
        (ty::SINT32, WireValue::Varint(v)) => Val::Int(u64::from(v as u32)),
        (ty::BOOL, WireValue::Varint(v)) => Val::Int(u64::from(v != 0)),
        (ty::INT64 | ty::UINT64 | ty::SINT64, WireValue::Varint(v)) => Val::Int(v),
        (ty::FLOAT | ty::FIXED32 | ty::SFIXED32, WireValue::Fixed32(v)) => Val::F32(v),
        (ty::DOUBLE | ty::FIXED64 | ty::SFIXED64, WireValue::Fixed64(v)) => Val::F64(v),
        _ => return None,
    })
}

fn read_varint(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*pos)?;
        *pos += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(v);
        }
    }
    None
}

/// Re-reads `bytes` as a `type_name` message and writes it back canonically, as protoc does
/// with options before writing a descriptor set. Bytes that do not parse are kept as they are.
pub(crate) fn canonicalize(types: &Types<'_>, type_name: &str, bytes: &[u8]) -> Vec<u8> {
    let Some(info) = types.message(type_name) else {
        return bytes.to_vec();
    };
    let mut m = DynMessage::new(info);
    if !m.merge_wire(types, bytes) {
        return bytes.to_vec();
    }
    m.to_bytes()
}
