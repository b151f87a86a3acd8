//! Resolved editions features of messages, fields and enums, as protoc 35.1 computes them.
//!
//! Breaking rules compare *resolved* values, so that `syntax = "proto2"` → `edition = "2023"`
//! migrations that keep the behaviour are not reported: a proto2 `required` field and an
//! editions field with `features.field_presence = LEGACY_REQUIRED` are both required, a proto2
//! enum and an editions enum with `features.enum_type = CLOSED` are both closed.
//!
//! The edition defaults are those of protoc 35.1 (`EDITION_LEGACY` for proto2,
//! `EDITION_PROTO3` for proto3, 2023 and 2024), then every `features` option along the
//! element's path (file, enclosing messages, oneof, the element) overrides them. The
//! `FeatureSet` is read from the raw option bytes (the `features` field number differs per
//! options message), with the `(pb.cpp)` (1000) and `(pb.java)` (1001) extensions.

use protokit_compiler::descriptor::{FileDescriptorProto, Options};

/// `FeatureSet.field_presence` values.
pub(crate) mod presence {
    pub(crate) const EXPLICIT: i32 = 1;
    pub(crate) const IMPLICIT: i32 = 2;
    pub(crate) const LEGACY_REQUIRED: i32 = 3;
}

/// `FeatureSet.enum_type`: `CLOSED`.
pub(crate) const ENUM_CLOSED: i32 = 2;
/// `FeatureSet.utf8_validation`: `VERIFY`.
pub(crate) const UTF8_VERIFY: i32 = 2;
/// `FeatureSet.message_encoding`: `DELIMITED`.
pub(crate) const DELIMITED: i32 = 2;
/// `FeatureSet.json_format`: `ALLOW`.
pub(crate) const JSON_ALLOW: i32 = 1;
/// `pb.JavaFeatures.utf8_validation`: `VERIFY`.
pub(crate) const JAVA_VERIFY: i32 = 2;

/// Field numbers of `features` in each options message.
pub(crate) mod features_tag {
    pub(crate) const FILE: u32 = 50;
    pub(crate) const MESSAGE: u32 = 12;
    pub(crate) const FIELD: u32 = 21;
    pub(crate) const ONEOF: u32 = 1;
    pub(crate) const ENUM: u32 = 7;
}

/// The resolved features rules compare. Values are the `FeatureSet` enum numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Features {
    /// 1 EXPLICIT, 2 IMPLICIT, 3 LEGACY_REQUIRED.
    pub field_presence: i32,
    /// 1 OPEN, 2 CLOSED.
    pub enum_type: i32,
    /// 2 VERIFY, 3 NONE.
    pub utf8_validation: i32,
    /// 1 LENGTH_PREFIXED, 2 DELIMITED.
    pub message_encoding: i32,
    /// 1 ALLOW, 2 LEGACY_BEST_EFFORT.
    pub json_format: i32,
    /// `(pb.cpp).string_type`: 1 VIEW, 2 CORD, 3 STRING.
    pub cpp_string_type: i32,
    /// `(pb.java).utf8_validation`: 1 DEFAULT, 2 VERIFY.
    pub java_utf8_validation: i32,
    /// Whether the file uses editions: proto2 and proto3 files cannot set features, so
    /// their options are not read.
    editions: bool,
}

#[derive(Clone, PartialEq, prost::Message)]
struct RawFeatureSet {
    #[prost(int32, optional, tag = "1")]
    field_presence: Option<i32>,
    #[prost(int32, optional, tag = "2")]
    enum_type: Option<i32>,
    #[prost(int32, optional, tag = "4")]
    utf8_validation: Option<i32>,
    #[prost(int32, optional, tag = "5")]
    message_encoding: Option<i32>,
    #[prost(int32, optional, tag = "6")]
    json_format: Option<i32>,
    #[prost(message, optional, tag = "1000")]
    cpp: Option<RawLang>,
    #[prost(message, optional, tag = "1001")]
    java: Option<RawLang>,
}

/// `pb.CppFeatures` / `pb.JavaFeatures`: field 2 is `string_type` / `utf8_validation`.
#[derive(Clone, PartialEq, prost::Message)]
struct RawLang {
    #[prost(int32, optional, tag = "2")]
    two: Option<i32>,
}

impl Features {
    /// The defaults of `file`'s syntax or edition.
    pub(crate) fn defaults(file: &FileDescriptorProto) -> Features {
        let legacy = Features {
            field_presence: presence::EXPLICIT,
            enum_type: ENUM_CLOSED,
            utf8_validation: 3,
            message_encoding: 1,
            json_format: 2,
            cpp_string_type: 3,
            java_utf8_validation: 1,
            editions: false,
        };
        match file.syntax.as_deref() {
            Some("proto3") => Features {
                field_presence: presence::IMPLICIT,
                enum_type: 1,
                utf8_validation: UTF8_VERIFY,
                json_format: JSON_ALLOW,
                ..legacy
            },
            Some("editions") => {
                let edition = file.edition.unwrap_or(1000);
                Features {
                    field_presence: presence::EXPLICIT,
                    enum_type: 1,
                    utf8_validation: UTF8_VERIFY,
                    json_format: JSON_ALLOW,
                    // EDITION_2024 = 1001 made `string_view` the default.
                    cpp_string_type: if edition >= 1001 { 1 } else { 3 },
                    editions: true,
                    ..legacy
                }
            }
            _ => legacy,
        }
    }

    /// Overrides the features set in the options message `options`, whose `features`
    /// field is number `tag`.
    pub(crate) fn merge(&mut self, options: Option<&Options>, tag: u32) {
        let Some(options) = options.filter(|_| self.editions) else {
            return;
        };
        for bytes in length_delimited(&options.encoded, tag) {
            let Ok(raw) = <RawFeatureSet as prost::Message>::decode(bytes) else {
                continue;
            };
            let set = |dst: &mut i32, v: Option<i32>| {
                if let Some(v) = v.filter(|&v| v != 0) {
                    *dst = v;
                }
            };
            set(&mut self.field_presence, raw.field_presence);
            set(&mut self.enum_type, raw.enum_type);
            set(&mut self.utf8_validation, raw.utf8_validation);
            set(&mut self.message_encoding, raw.message_encoding);
            set(&mut self.json_format, raw.json_format);
            set(&mut self.cpp_string_type, raw.cpp.and_then(|c| c.two));
            set(&mut self.java_utf8_validation, raw.java.and_then(|c| c.two));
        }
    }
}

/// The payloads of every length-delimited field `number` in an encoded message.
pub(crate) fn length_delimited(mut buf: &[u8], number: u32) -> Vec<&[u8]> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let Some(key) = read_varint(&mut buf) else {
            break;
        };
        let (n, wire) = ((key >> 3) as u32, key & 7);
        match wire {
            0 => {
                if read_varint(&mut buf).is_none() {
                    break;
                }
            }
            1 | 5 => {
                let len = if wire == 1 { 8 } else { 4 };
                if buf.len() < len {
                    break;
                }
                buf = &buf[len..];
            }
            2 => {
                let Some(len) = read_varint(&mut buf).and_then(|l| usize::try_from(l).ok()) else {
                    break;
                };
                if buf.len() < len {
                    break;
                }
                if n == number {
                    out.push(&buf[..len]);
                }
                buf = &buf[len..];
            }
            // Groups do not occur in options messages protoc writes.
            _ => break,
        }
    }
    out
}

/// The last varint value of field `number` in an encoded message (what was read before a
/// malformed tail, if any).
pub(crate) fn varint(mut buf: &[u8], number: u32) -> Option<u64> {
    let mut last = None;
    while !buf.is_empty() {
        let Some(key) = read_varint(&mut buf) else {
            return last;
        };
        let (n, wire) = ((key >> 3) as u32, key & 7);
        let rest = match wire {
            0 => {
                let Some(v) = read_varint(&mut buf) else {
                    return last;
                };
                if n == number {
                    last = Some(v);
                }
                Some(buf)
            }
            1 => buf.get(8..),
            5 => buf.get(4..),
            2 => read_varint(&mut buf)
                .and_then(|l| usize::try_from(l).ok())
                .and_then(|l| buf.get(l..)),
            _ => None,
        };
        let Some(rest) = rest else {
            return last;
        };
        buf = rest;
    }
    last
}

fn read_varint(buf: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for i in 0..10 {
        let (&b, rest) = buf.split_first()?;
        *buf = rest;
        v |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// The varint option `number` of `options`, if set.
pub(crate) fn option_varint(options: Option<&Options>, number: u32) -> Option<u64> {
    varint(&options?.encoded, number)
}

/// The resolved features of the element at `path` in `file` (a message, field, extension or
/// enum; nested anywhere). Unknown path steps stop the walk where they are.
pub(crate) fn resolve(file: &FileDescriptorProto, path: &[i32]) -> Features {
    let mut f = Features::defaults(file);
    f.merge(file.options.as_ref(), features_tag::FILE);
    let mut msg = None;
    let mut rest = path;
    while let [t, i, tail @ ..] = rest {
        let Ok(i) = usize::try_from(*i) else { break };
        match (msg, *t) {
            (None, 4) => {
                let Some(m) = file.message_type.get(i) else {
                    break;
                };
                f.merge(m.options.as_ref(), features_tag::MESSAGE);
                msg = Some(m);
            }
            (Some(p), 3) => {
                let Some(m) = p.nested_type.get(i) else { break };
                f.merge(m.options.as_ref(), features_tag::MESSAGE);
                msg = Some(m);
            }
            (None, 5) => {
                if let Some(e) = file.enum_type.get(i) {
                    f.merge(e.options.as_ref(), features_tag::ENUM);
                }
                break;
            }
            (Some(p), 4) => {
                if let Some(e) = p.enum_type.get(i) {
                    f.merge(e.options.as_ref(), features_tag::ENUM);
                }
                break;
            }
            (None, 7) => {
                if let Some(x) = file.extension.get(i) {
                    field_features(&mut f, x);
                }
                break;
            }
            (Some(p), 6) => {
                if let Some(x) = p.extension.get(i) {
                    field_features(&mut f, x);
                }
                break;
            }
            (Some(p), 2) => {
                if let Some(x) = p.field.get(i) {
                    if x.proto3_optional != Some(true) {
                        let oneof = x
                            .oneof_index
                            .and_then(|o| usize::try_from(o).ok())
                            .and_then(|o| p.oneof_decl.get(o));
                        if let Some(o) = oneof {
                            f.merge(o.options.as_ref(), features_tag::ONEOF);
                        }
                    }
                    field_features(&mut f, x);
                }
                break;
            }
            _ => break,
        }
        rest = tail;
    }
    f
}

fn field_features(f: &mut Features, x: &protokit_compiler::descriptor::FieldDescriptorProto) {
    f.merge(x.options.as_ref(), features_tag::FIELD);
    // proto2/proto3 spellings of the same features.
    if x.label == Some(2) {
        f.field_presence = presence::LEGACY_REQUIRED;
    }
    if x.proto3_optional == Some(true) {
        f.field_presence = presence::EXPLICIT;
    }
    if x.r#type == Some(10) {
        f.message_encoding = DELIMITED;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_fields() {
        // field 1 varint 5, field 21 bytes [8, 3], field 6 varint 1
        let buf = [8, 5, 0xaa, 1, 2, 8, 3, 48, 1];
        assert_eq!(length_delimited(&buf, 21), vec![&[8u8, 3][..]]);
        assert_eq!(varint(&buf, 6), Some(1));
        assert_eq!(varint(&buf, 1), Some(5));
        assert_eq!(varint(&buf[..3], 1), Some(5));
        assert_eq!(length_delimited(&[0xaa, 1, 9], 21), Vec::<&[u8]>::new());
    }

    #[test]
    fn merges_features() {
        let file = FileDescriptorProto {
            syntax: Some("editions".into()),
            edition: Some(1000),
            ..Default::default()
        };
        let mut f = Features::defaults(&file);
        assert_eq!(f.cpp_string_type, 3);
        // features (21) { field_presence: IMPLICIT, [pb.java] { utf8_validation: VERIFY } }
        let opts = Options {
            encoded: vec![0xaa, 1, 7, 8, 2, 0xca, 0x3e, 2, 16, 2],
            ..Default::default()
        };
        f.merge(Some(&opts), features_tag::FIELD);
        assert_eq!(f.field_presence, presence::IMPLICIT);
        assert_eq!(f.java_utf8_validation, JAVA_VERIFY);
    }
}
