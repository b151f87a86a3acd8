//! Protobuf wire format: the few encoders and a lenient record reader.

/// Wire type numbers.
pub(crate) const VARINT: u32 = 0;
pub(crate) const FIXED64: u32 = 1;
pub(crate) const LEN: u32 = 2;
pub(crate) const START_GROUP: u32 = 3;
pub(crate) const END_GROUP: u32 = 4;
pub(crate) const FIXED32: u32 = 5;

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn put_tag(out: &mut Vec<u8>, number: i32, wire_type: u32) {
    put_varint(out, ((number as u32 as u64) << 3) | u64::from(wire_type));
}

pub(crate) fn put_len(out: &mut Vec<u8>, number: i32, payload: &[u8]) {
    put_tag(out, number, LEN);
    put_varint(out, payload.len() as u64);
    out.extend_from_slice(payload);
}

pub(crate) fn zigzag32(v: i32) -> u64 {
    u64::from(((v << 1) ^ (v >> 31)) as u32)
}

pub(crate) fn zigzag64(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

/// One field record's value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum WireValue<'b> {
    Varint(u64),
    Fixed64(u64),
    Len(&'b [u8]),
    /// The group's body, without its end tag.
    Group(&'b [u8]),
    Fixed32(u32),
}

/// One field record: its number, value and the raw bytes (tag included).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Record<'b> {
    pub number: i32,
    pub value: WireValue<'b>,
    pub raw: &'b [u8],
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

/// Deepest group nesting read; deeper input counts as malformed rather than exhausting the
/// stack.
const MAX_GROUP_DEPTH: usize = 100;

/// Reads the record at `pos`; for a group, up to and including its end tag.
fn read_record<'b>(b: &'b [u8], pos: &mut usize) -> Option<Record<'b>> {
    read_record_at(b, pos, 0)
}

fn read_record_at<'b>(b: &'b [u8], pos: &mut usize, depth: usize) -> Option<Record<'b>> {
    if depth > MAX_GROUP_DEPTH {
        return None;
    }
    let start = *pos;
    let key = read_varint(b, pos)?;
    let number = i32::try_from(key >> 3).ok()?;
    if number == 0 {
        return None;
    }
    let value = match (key & 7) as u32 {
        VARINT => WireValue::Varint(read_varint(b, pos)?),
        FIXED64 => {
            let bytes = b.get(*pos..*pos + 8)?;
            *pos += 8;
            WireValue::Fixed64(u64::from_le_bytes(bytes.try_into().ok()?))
        }
        LEN => {
            let len = usize::try_from(read_varint(b, pos)?).ok()?;
            let end = pos.checked_add(len)?;
            let bytes = b.get(*pos..end)?;
            *pos = end;
            WireValue::Len(bytes)
        }
        START_GROUP => {
            let body_start = *pos;
            loop {
                let before = *pos;
                let k = read_varint(b, pos)?;
                if (k & 7) as u32 == END_GROUP {
                    if k >> 3 != key >> 3 {
                        return None;
                    }
                    break WireValue::Group(&b[body_start..before]);
                }
                *pos = before;
                read_record_at(b, pos, depth + 1)?;
            }
        }
        FIXED32 => {
            let bytes = b.get(*pos..*pos + 4)?;
            *pos += 4;
            WireValue::Fixed32(u32::from_le_bytes(bytes.try_into().ok()?))
        }
        _ => return None,
    };
    Some(Record {
        number,
        value,
        raw: &b[start..*pos],
    })
}

/// Splits `b` into records; `None` if it is not well-formed.
pub(crate) fn records(b: &[u8]) -> Option<Vec<Record<'_>>> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < b.len() {
        out.push(read_record(b, &mut pos)?);
    }
    Some(out)
}
