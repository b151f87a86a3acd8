//! Encoding the descriptor set straight from the linked files, one file per task.
//!
//! Building a `FileDescriptorSet` first means cloning every descriptor and converting every
//! source location into a prost `Location` (a `Vec` for the path, one for the span, a copy
//! of each comment) only to encode and drop them; on a large tree that is most of the
//! output's cost. Here each file's descriptor is encoded as it is, and its `SourceCodeInfo`
//! is written from the locations directly, in the bytes prost would produce for the same
//! message (fields in number order, `path` and `span` packed, comments as set).

use prost::encoding::{encode_varint, encoded_len_varint};
use prost::Message;

use super::CompiledFile;
use crate::source_info::PackedLocations;

/// `FileDescriptorProto.source_code_info`.
const SOURCE_CODE_INFO: u64 = 9;
/// `FileDescriptorSet.file`.
const FILE: u64 = 1;

/// What goes into each encoded file.
#[derive(Clone, Copy)]
pub(super) struct Encoding {
    /// `SourceCodeInfo` (protoc's `--include_source_info`).
    pub source_info: bool,
    /// Source-retention options kept (protoc's `--retain_options`).
    pub retain_options: bool,
}

/// The encoded `FileDescriptorSet` of `files`, with or without source info, in pieces whose
/// concatenation is the whole set: each file's key and length, then its bytes. Kept apart so
/// a writer can stream them without a second copy of the whole set in memory.
pub(super) fn descriptor_set_parts(files: &[&CompiledFile], encoding: Encoding) -> Vec<Vec<u8>> {
    use rayon::prelude::*;
    let encoded: Vec<Vec<u8>> = files.par_iter().map(|f| file_bytes(f, encoding)).collect();
    let mut parts = Vec::with_capacity(encoded.len() * 2);
    for bytes in encoded {
        let mut key = Vec::with_capacity(11);
        encode_varint(FILE << 3 | 2, &mut key);
        encode_varint(bytes.len() as u64, &mut key);
        parts.push(key);
        parts.push(bytes);
    }
    parts
}

/// [`descriptor_set_parts`], handed to `f` piece by piece: files are encoded in parallel a
/// batch at a time, so that only a few batches' bytes are held at once, and the next batches
/// are encoded while `f` takes the current one (`f` runs on the calling thread).
pub(super) fn for_each_part<E>(
    files: &[&CompiledFile],
    encoding: Encoding,
    mut f: impl FnMut(&[u8]) -> Result<(), E>,
) -> Result<(), E> {
    use rayon::prelude::*;
    const BATCH: usize = 64;
    /// Batches encoded ahead of `f`.
    const AHEAD: usize = 2;
    let hand_out = |encoded: Vec<Vec<u8>>, f: &mut dyn FnMut(&[u8]) -> Result<(), E>| {
        for bytes in encoded {
            let mut key = Vec::with_capacity(11);
            encode_varint(FILE << 3 | 2, &mut key);
            encode_varint(bytes.len() as u64, &mut key);
            f(&key)?;
            f(&bytes)?;
        }
        Ok(())
    };
    if files.len() <= BATCH {
        let encoded = files.par_iter().map(|f| file_bytes(f, encoding)).collect();
        return hand_out(encoded, &mut f);
    }
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Vec<u8>>>(AHEAD);
        scope.spawn(move || {
            for batch in files.chunks(BATCH) {
                let encoded = batch.par_iter().map(|f| file_bytes(f, encoding)).collect();
                // The receiver is gone when `f` failed: nothing more to encode.
                if tx.send(encoded).is_err() {
                    return;
                }
            }
        });
        for encoded in rx {
            hand_out(encoded, &mut f)?;
        }
        Ok(())
    })
}

/// One encoded `FileDescriptorProto`.
fn file_bytes(file: &CompiledFile, encoding: Encoding) -> Vec<u8> {
    let Encoding {
        source_info,
        retain_options,
    } = encoding;
    if retain_options {
        // Rare: the general path.
        return if source_info {
            file.proto_with_retained_options().encode_to_vec()
        } else {
            file.linked.retained().0.encode_to_vec()
        };
    }
    let proto = &file.linked.proto;
    if !source_info {
        return proto.encode_to_vec();
    }
    if proto.source_code_info.is_some() {
        // Not produced by the linker; the general path keeps whatever it holds.
        return file.proto_with_source_info().encode_to_vec();
    }
    let info = source_code_info(&file.linked.locations, &file.source.lines);
    let without = proto.encode_to_vec();
    // Fields come out in number order, so source info goes before the first field after it.
    let split = first_field_after(&without, SOURCE_CODE_INFO).unwrap_or(without.len());
    let mut out = Vec::with_capacity(without.len() + info.len() + 6);
    out.extend_from_slice(&without[..split]);
    length_delimited(&mut out, SOURCE_CODE_INFO, &info);
    out.extend_from_slice(&without[split..]);
    out
}

/// The offset of the first top-level field numbered above `number` in an encoded message
/// (`None` when there is none, or the bytes do not parse).
fn first_field_after(bytes: &[u8], number: u64) -> Option<usize> {
    let mut pos = 0;
    while pos < bytes.len() {
        let start = pos;
        let key = read_varint(bytes, &mut pos)?;
        if key >> 3 > number {
            return Some(start);
        }
        match key & 7 {
            0 => {
                read_varint(bytes, &mut pos)?;
            }
            1 => pos += 8,
            2 => {
                let len = usize::try_from(read_varint(bytes, &mut pos)?).ok()?;
                pos = pos.checked_add(len)?;
            }
            5 => pos += 4,
            _ => return None,
        }
    }
    None
}

fn read_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// An encoded `SourceCodeInfo` (without its own key and length).
fn source_code_info(
    locations: &PackedLocations,
    lines: &protokit_diagnostics::LineIndex,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(locations.len() * 16);
    let mut body = Vec::with_capacity(64);
    locations.for_each(|l| {
        body.clear();
        let (sl, sc) = lines.line_col(l.span.start);
        let (el, ec) = lines.line_col(l.span.end);
        let (sl, sc, el, ec) = (sl as i32, sc as i32, el as i32, ec as i32);
        packed_int32(&mut body, 1, l.path.iter().copied());
        if sl == el {
            packed_int32(&mut body, 2, [sl, sc, ec].into_iter());
        } else {
            packed_int32(&mut body, 2, [sl, sc, el, ec].into_iter());
        }
        if let Some(c) = l.leading_comments {
            length_delimited(&mut body, 3, c.as_bytes());
        }
        if let Some(c) = l.trailing_comments {
            length_delimited(&mut body, 4, c.as_bytes());
        }
        for c in l.leading_detached_comments() {
            length_delimited(&mut body, 6, c.as_bytes());
        }
        // SourceCodeInfo.location = 1.
        length_delimited(&mut out, 1, &body);
    });
    out
}

/// A packed repeated `int32` field (nothing when empty), as prost writes it: negative values
/// sign-extended to ten bytes.
fn packed_int32(out: &mut Vec<u8>, number: u64, values: impl Iterator<Item = i32> + Clone) {
    let len: usize = values
        .clone()
        .map(|v| encoded_len_varint(i64::from(v) as u64))
        .sum();
    if len == 0 {
        return;
    }
    encode_varint(number << 3 | 2, out);
    encode_varint(len as u64, out);
    for v in values {
        encode_varint(i64::from(v) as u64, out);
    }
}

fn length_delimited(out: &mut Vec<u8>, number: u64, bytes: &[u8]) {
    encode_varint(number << 3 | 2, out);
    encode_varint(bytes.len() as u64, out);
    out.extend_from_slice(bytes);
}
