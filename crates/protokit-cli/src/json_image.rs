//! buf's JSON images (`buf build -o image.json`): the protobuf JSON form of an image
//! (`{"file": [FileDescriptorProto..., each with "bufExtension"]}`), transcoded to the binary
//! form with the descriptors of `google/protobuf/descriptor.proto` itself, then decoded as a
//! binary image.
//!
//! Extension fields of options (`"[foo.bar]"` keys) are dropped: lint reads builtin options
//! only.

use std::collections::HashMap;

use prost::encoding::{encode_key, encode_varint, WireType};
use protokit_compiler::compile::Compiler;
use protokit_compiler::descriptor::{DescriptorProto, EnumDescriptorProto};
use protokit_compiler::resolver::Embedded;
use serde_json::{Map, Value};

/// descriptor.proto's messages and enums by full name (`.google.protobuf.FileDescriptorProto`).
struct Schema {
    messages: HashMap<String, DescriptorProto>,
    enums: HashMap<String, HashMap<String, i32>>,
}

impl Schema {
    fn load() -> Result<Schema, String> {
        let out = Compiler::new(Embedded)
            .compile(&["google/protobuf/descriptor.proto"])
            .map_err(|e| format!("descriptor.proto: {e}"))?;
        let mut schema = Schema {
            messages: HashMap::new(),
            enums: HashMap::new(),
        };
        for f in out.files() {
            let proto = f.proto();
            let prefix = format!(".{}", proto.package.as_deref().unwrap_or(""));
            for m in &proto.message_type {
                schema.add_message(&prefix, m);
            }
            for e in &proto.enum_type {
                schema.add_enum(&prefix, e);
            }
        }
        Ok(schema)
    }

    fn add_message(&mut self, prefix: &str, m: &DescriptorProto) {
        let full = format!("{prefix}.{}", m.name.as_deref().unwrap_or(""));
        for n in &m.nested_type {
            self.add_message(&full, n);
        }
        for e in &m.enum_type {
            self.add_enum(&full, e);
        }
        self.messages.insert(full, m.clone());
    }

    fn add_enum(&mut self, prefix: &str, e: &EnumDescriptorProto) {
        let full = format!("{prefix}.{}", e.name.as_deref().unwrap_or(""));
        let values = e
            .value
            .iter()
            .map(|v| (v.name.clone().unwrap_or_default(), v.number.unwrap_or(0)))
            .collect();
        self.enums.insert(full, values);
    }
}

/// Transcodes a JSON image to an encoded `FileDescriptorSet` (buf's image extension on each
/// file kept as field 8042).
///
/// # Errors
/// Text that is not JSON, or JSON that does not fit the image's schema, named by field.
pub(crate) fn to_binary(text: &str) -> Result<Vec<u8>, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| format!("invalid JSON image: {e}"))?;
    let schema = Schema::load()?;
    let files = match value.get("file") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(files)) => files,
        Some(_) => return Err("invalid JSON image: \"file\" is not a list".to_string()),
    };
    let mut out = Vec::new();
    for file in files {
        let Value::Object(obj) = file else {
            return Err("invalid JSON image: a file is not an object".to_string());
        };
        let mut body = Vec::new();
        let mut rest = obj.clone();
        if let Some(ext) = rest.remove("bufExtension") {
            encode_buf_extension(&ext, &mut body);
        }
        encode_message(
            &schema,
            ".google.protobuf.FileDescriptorProto",
            &rest,
            &mut body,
        )?;
        encode_key(1, WireType::LengthDelimited, &mut out);
        encode_varint(body.len() as u64, &mut out);
        out.extend_from_slice(&body);
    }
    Ok(out)
}

/// `buf.alpha.image.v1.ImageFileExtension`: `is_import` (1), `is_syntax_unspecified` (3),
/// `unused_dependency` (4).
fn encode_buf_extension(ext: &Value, out: &mut Vec<u8>) {
    let mut body = Vec::new();
    for (key, tag) in [("isImport", 1), ("isSyntaxUnspecified", 3)] {
        if ext.get(key).and_then(Value::as_bool) == Some(true) {
            encode_key(tag, WireType::Varint, &mut body);
            encode_varint(1, &mut body);
        }
    }
    if let Some(Value::Array(items)) = ext.get("unusedDependency") {
        for i in items.iter().filter_map(Value::as_i64) {
            encode_key(4, WireType::Varint, &mut body);
            encode_varint(i as u64, &mut body);
        }
    }
    encode_key(8042, WireType::LengthDelimited, out);
    encode_varint(body.len() as u64, out);
    out.extend_from_slice(&body);
}

fn encode_message(
    schema: &Schema,
    type_name: &str,
    obj: &Map<String, Value>,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let message = schema
        .messages
        .get(type_name)
        .ok_or_else(|| format!("invalid JSON image: unknown message type {type_name}"))?;
    for (key, value) in obj {
        if key.starts_with('[') || value.is_null() {
            continue;
        }
        let field = message
            .field
            .iter()
            .find(|f| f.json_name.as_deref() == Some(key) || f.name.as_deref() == Some(key))
            .ok_or_else(|| {
                format!(
                    "invalid JSON image: unknown field \"{key}\" in {}",
                    type_name.trim_start_matches('.')
                )
            })?;
        let repeated = field.label == Some(3);
        match (repeated, value) {
            (true, Value::Array(items)) => {
                for item in items {
                    encode_value(schema, field, item, out)?;
                }
            }
            (true, _) => return Err(format!("invalid JSON image: \"{key}\" is not a list")),
            (false, v) => encode_value(schema, field, v, out)?,
        }
    }
    Ok(())
}

fn encode_value(
    schema: &Schema,
    field: &protokit_compiler::descriptor::FieldDescriptorProto,
    value: &Value,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    let tag = field.number.unwrap_or(0) as u32;
    let name = field.name.as_deref().unwrap_or("");
    let bad = || format!("invalid JSON image: bad value for \"{name}\": {value}");
    let int = || -> Result<i128, String> {
        match value {
            Value::Number(n) => n
                .as_i64()
                .map(i128::from)
                .or_else(|| n.as_u64().map(i128::from))
                .ok_or_else(bad),
            Value::String(s) => s.parse::<i128>().map_err(|_| bad()),
            _ => Err(bad()),
        }
    };
    let float = || -> Result<f64, String> {
        match value {
            Value::Number(n) => n.as_f64().ok_or_else(bad),
            Value::String(s) => match s.as_str() {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                s => s.parse().map_err(|_| bad()),
            },
            _ => Err(bad()),
        }
    };
    match field.r#type.unwrap_or(0) {
        // double
        1 => {
            encode_key(tag, WireType::SixtyFourBit, out);
            out.extend_from_slice(&float()?.to_le_bytes());
        }
        // float
        2 => {
            encode_key(tag, WireType::ThirtyTwoBit, out);
            out.extend_from_slice(&(float()? as f32).to_le_bytes());
        }
        // int64, uint64, int32, uint32: varints (negative int32 sign-extended)
        3 | 4 | 5 | 13 => {
            encode_key(tag, WireType::Varint, out);
            encode_varint(int()? as i64 as u64, out);
        }
        // fixed64, sfixed64
        6 | 16 => {
            encode_key(tag, WireType::SixtyFourBit, out);
            out.extend_from_slice(&(int()? as i64).to_le_bytes());
        }
        // fixed32, sfixed32
        7 | 15 => {
            encode_key(tag, WireType::ThirtyTwoBit, out);
            out.extend_from_slice(&(int()? as i32).to_le_bytes());
        }
        // bool
        8 => {
            let b = value.as_bool().ok_or_else(bad)?;
            encode_key(tag, WireType::Varint, out);
            encode_varint(u64::from(b), out);
        }
        // string
        9 => {
            let s = value.as_str().ok_or_else(bad)?;
            encode_key(tag, WireType::LengthDelimited, out);
            encode_varint(s.len() as u64, out);
            out.extend_from_slice(s.as_bytes());
        }
        // message
        11 => {
            let Value::Object(obj) = value else {
                return Err(bad());
            };
            let mut body = Vec::new();
            encode_message(
                schema,
                field.type_name.as_deref().unwrap_or(""),
                obj,
                &mut body,
            )?;
            encode_key(tag, WireType::LengthDelimited, out);
            encode_varint(body.len() as u64, out);
            out.extend_from_slice(&body);
        }
        // bytes
        12 => {
            let bytes = base64(value.as_str().ok_or_else(bad)?).ok_or_else(bad)?;
            encode_key(tag, WireType::LengthDelimited, out);
            encode_varint(bytes.len() as u64, out);
            out.extend_from_slice(&bytes);
        }
        // enum: a value name or a number
        14 => {
            let n = match value {
                Value::String(s) => *schema
                    .enums
                    .get(field.type_name.as_deref().unwrap_or(""))
                    .and_then(|e| e.get(s))
                    .ok_or_else(bad)?,
                _ => i32::try_from(int()?).map_err(|_| bad())?,
            };
            encode_key(tag, WireType::Varint, out);
            encode_varint(i64::from(n) as u64, out);
        }
        // sint32, sint64
        17 | 18 => {
            let v = int()? as i64;
            encode_key(tag, WireType::Varint, out);
            encode_varint(((v << 1) ^ (v >> 63)) as u64, out);
        }
        _ => return Err(bad()),
    }
    Ok(())
}

/// Standard or URL-safe base64, padding optional.
fn base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transcodes_a_small_image() {
        let json = r#"{"file":[{"name":"a.proto","package":"a.v1","messageType":[{"name":"M","field":[{"name":"x","number":1,"label":"LABEL_OPTIONAL","type":"TYPE_INT32","jsonName":"x"}]}],"sourceCodeInfo":{"location":[{"path":[4,0,1],"span":[2,8,9]}]},"syntax":"proto3","bufExtension":{"isImport":false}}]}"#;
        let bytes = to_binary(json).unwrap();
        let image = protokit_check::image::Image::decode(&bytes).unwrap();
        assert_eq!(image.files.len(), 1);
        let f = &image.files[0];
        assert_eq!(f.name(), "a.proto");
        assert!(!f.is_import);
        assert_eq!(f.proto.message_type[0].field[0].r#type, Some(5));
        assert!(f.position(&[4, 0, 1]).is_some());
        assert!(to_binary(r#"{"file":[{"bogus":1}]}"#).is_err());
        assert_eq!(base64("aGk="), Some(b"hi".to_vec()));
    }
}
