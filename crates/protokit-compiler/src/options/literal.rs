//! Aggregate option values: a text-format message literal parsed into a [`DynMessage`] with
//! the checks and messages of protoc's `TextFormat::Parser`, which protoc runs on the text
//! between the braces.

use std::sync::Arc;

use crate::descriptor::{
    LiteralField, LiteralFieldName, LiteralValue, MessageLiteral, OptionValue,
};

use super::dynamic::{DynMessage, Val};
use super::schema::Symbol;
use super::types::{ty, FieldInfo, Lookup, MessageInfo, Types};
use super::wire;

/// URL prefixes protoc's text parser accepts for expanded `google.protobuf.Any` values.
const ANY_PREFIXES: [&str; 2] = ["type.googleapis.com", "type.googleprod.com"];

/// Deepest literal nesting accepted (protoc's text parser stops at 100 too).
const MAX_DEPTH: usize = 100;

/// Parses `lit` as a message of type `info`; the error is the text parser's message.
pub(crate) fn parse(
    types: &Types<'_>,
    info: Arc<MessageInfo>,
    lit: &MessageLiteral,
) -> Result<DynMessage, String> {
    let m = parse_message(types, info, lit, 0)?;
    let mut missing = Vec::new();
    m.missing_required("", &mut missing);
    if !missing.is_empty() {
        return Err(format!(
            "Message missing required fields: {}",
            missing.join(", ")
        ));
    }
    Ok(m)
}

fn parse_message(
    types: &Types<'_>,
    info: Arc<MessageInfo>,
    lit: &MessageLiteral,
    depth: usize,
) -> Result<DynMessage, String> {
    if depth > MAX_DEPTH {
        return Err("Message is too deep".to_string());
    }
    let mut m = DynMessage::new(info);
    for field in &lit.fields {
        parse_field(types, &mut m, field, depth)?;
    }
    Ok(m)
}

fn parse_field(
    types: &Types<'_>,
    m: &mut DynMessage,
    field: &LiteralField,
    depth: usize,
) -> Result<(), String> {
    let (f, written) = match &field.name {
        LiteralFieldName::Field(name) => {
            let f = m.info.field_by_name(name).cloned().or_else(|| {
                // Groups may be named by their type name, which is the field name capitalized.
                let lower = name.to_ascii_lowercase();
                m.info
                    .field_by_name(&lower)
                    .filter(|f| {
                        f.ty == ty::GROUP && f.type_name.rsplit('.').next() == Some(name.as_str())
                    })
                    .cloned()
            });
            match f {
                Some(f) => (f, name.clone()),
                None => {
                    return Err(format!(
                        "Message type \"{}\" has no field named \"{name}\".",
                        m.info.full_name
                    ))
                }
            }
        }
        LiteralFieldName::Extension(name) => {
            let found = match types.lookup_scoped(name, &m.info.full_name) {
                // MessageSet items may be named by their message type, standing for the
                // type's own optional extension of this set carrying that type.
                Lookup::Found(Symbol::Message(t)) if m.info.message_set => {
                    let own_type = format!(".{}", t.full_name);
                    t.proto
                        .extension
                        .iter()
                        .find(|x| {
                            x.extendee().trim_start_matches('.') == m.info.full_name
                                && x.r#type == Some(ty::MESSAGE)
                                && x.label == Some(1)
                                && x.type_name() == own_type
                        })
                        .and_then(|x| types.extension_by_number(&m.info.full_name, x.number()))
                }
                Lookup::Found(Symbol::Field(x)) if x.is_extension => {
                    let extendee = x.proto.extendee();
                    if extendee.strip_prefix('.').unwrap_or(extendee) == m.info.full_name {
                        types.extension_by_number(&m.info.full_name, x.proto.number())
                    } else {
                        None
                    }
                }
                _ => None,
            };
            match found {
                Some(f) => (f, name.clone()),
                None => {
                    return Err(format!(
                        "Extension \"{name}\" is not defined or is not an extension of \"{}\".",
                        m.info.full_name
                    ))
                }
            }
        }
        LiteralFieldName::AnyUrl { prefix, full_name } => {
            return parse_any(types, m, field, prefix, full_name, depth);
        }
    };

    if !f.repeated && m.has(&f) {
        return Err(format!(
            "Non-repeated field \"{written}\" is specified multiple times."
        ));
    }
    if let Some(o) = f.oneof {
        if let Some(other) = m.oneof_member(o) {
            if other.number != f.number {
                return Err(format!(
                    "Field \"{written}\" is specified along with field \"{}\", another member of oneof \"{}\".",
                    other.name,
                    m.info.oneof_names.get(o as usize).map_or("", String::as_str)
                ));
            }
        }
    }

    if field.is_list && !f.repeated {
        return Err(if f.is_message() {
            "Expected \"{\", found \"[\".".to_string()
        } else {
            format!("{}, got: [", expected(&f))
        });
    }
    if !f.is_message() && !field.has_colon && !field.is_list {
        let found = field.values.first().map_or(String::new(), token_text);
        return Err(format!("Expected \":\", found \"{found}\"."));
    }
    if field.is_list && field.values.is_empty() {
        // `name: []` sets nothing, but still makes the field present as a (zero-length)
        // repeated field.
        return Ok(());
    }
    for v in &field.values {
        let val = value(types, &f, v, depth)?;
        m.set(&f, val);
    }
    Ok(())
}

fn parse_any(
    types: &Types<'_>,
    m: &mut DynMessage,
    field: &LiteralField,
    prefix: &str,
    full_name: &str,
    depth: usize,
) -> Result<(), String> {
    let url = format!("{prefix}/{full_name}");
    if m.info.full_name != "google.protobuf.Any" {
        return Err("Extension name contains \"/\"".to_string());
    }
    let inner = ANY_PREFIXES
        .contains(&prefix)
        .then(|| {
            types.note_used(full_name);
            types.message(full_name)
        })
        .flatten();
    let Some(inner) = inner else {
        return Err(format!(
            "Could not find type \"{url}\" stored in google.protobuf.Any."
        ));
    };
    let (Some(type_url), Some(value)) = (m.info.field_by_number(1), m.info.field_by_number(2))
    else {
        return Err(format!(
            "Could not find type \"{url}\" stored in google.protobuf.Any."
        ));
    };
    let (type_url, value) = (type_url.clone(), value.clone());
    if m.has(&type_url) || m.has(&value) {
        return Err("Non-repeated Any specified multiple times.".to_string());
    }
    let Some(LiteralValue::Message(lit)) = field.values.first() else {
        let found = field.values.first().map_or(String::new(), token_text);
        return Err(format!("Expected \"{{\", found \"{found}\"."));
    };
    let msg = parse_message(types, inner, lit, depth + 1)?;
    m.set(&type_url, Val::Bytes(url.into_bytes()));
    m.set(&value, Val::Bytes(msg.to_bytes()));
    Ok(())
}

/// The text of a value's first token, for "found …" messages.
fn token_text(v: &LiteralValue) -> String {
    match v {
        LiteralValue::Message(_) => "{".to_string(),
        LiteralValue::Scalar(v, _) => scalar_token(v, false),
    }
}

/// The token protoc's text parser stops at for `v`: the `-` itself, unless the field's
/// parser consumes a leading `-` (`signed`) and stops at what follows it. Numbers are shown
/// in decimal, strings double-quoted: the literal's original spelling is not kept.
fn scalar_token(v: &OptionValue, signed: bool) -> String {
    let negative = match v {
        OptionValue::NegativeInt(_) => true,
        OptionValue::Double(d) => d.is_sign_negative(),
        OptionValue::Identifier(s) => s.starts_with('-'),
        _ => false,
    };
    if negative && !signed {
        return "-".to_string();
    }
    match v {
        OptionValue::Identifier(s) => s.trim_start_matches('-').to_string(),
        OptionValue::PositiveInt(n) => n.to_string(),
        OptionValue::NegativeInt(n) => n.unsigned_abs().to_string(),
        OptionValue::Double(d) if d.is_nan() => "nan".to_string(),
        OptionValue::Double(d) if d.is_infinite() => "inf".to_string(),
        OptionValue::Double(d) => format!("{:?}", d.abs()),
        OptionValue::String(b) => format!("\"{}\"", String::from_utf8_lossy(b)),
        OptionValue::Aggregate(_) => "{".to_string(),
    }
}

fn expected(f: &FieldInfo) -> &'static str {
    match f.ty {
        ty::INT32 | ty::SINT32 | ty::SFIXED32 | ty::INT64 | ty::SINT64 | ty::SFIXED64 => {
            "Expected integer"
        }
        ty::UINT32 | ty::FIXED32 | ty::UINT64 | ty::FIXED64 => "Expected integer",
        ty::FLOAT | ty::DOUBLE => "Expected double",
        ty::STRING | ty::BYTES => "Expected string",
        ty::BOOL => "Expected identifier",
        ty::ENUM => "Expected integer or identifier",
        _ => "Expected value",
    }
}

fn value(
    types: &Types<'_>,
    f: &Arc<FieldInfo>,
    v: &LiteralValue,
    depth: usize,
) -> Result<Val, String> {
    let scalar = match v {
        LiteralValue::Message(lit) => {
            if !f.is_message() {
                return Err(format!("{}, got: {{", expected(f)));
            }
            let Some(info) = types.message(&f.type_name) else {
                return Err(format!(
                    "Message type \"{}\" has no field named \"{}\".",
                    f.type_name, f.name
                ));
            };
            return Ok(Val::Msg(parse_message(types, info, lit, depth + 1)?));
        }
        LiteralValue::Scalar(s, _) => s,
    };
    if f.is_message() {
        return Err(format!(
            "Expected \"{{\", found \"{}\".",
            scalar_token(scalar, false)
        ));
    }
    let signed = matches!(
        f.ty,
        ty::INT32
            | ty::SINT32
            | ty::SFIXED32
            | ty::INT64
            | ty::SINT64
            | ty::SFIXED64
            | ty::FLOAT
            | ty::DOUBLE
            | ty::ENUM
    );
    let got = || format!("{}, got: {}", expected(f), scalar_token(scalar, signed));
    let out_of_range = |n: &dyn std::fmt::Display| format!("Integer out of range ({n})");
    Ok(match f.ty {
        ty::INT32 | ty::SINT32 | ty::SFIXED32 | ty::INT64 | ty::SINT64 | ty::SFIXED64 => {
            let wide = matches!(f.ty, ty::INT64 | ty::SINT64 | ty::SFIXED64);
            let v: i64 = match scalar {
                OptionValue::PositiveInt(n) => {
                    let max = if wide {
                        i64::MAX as u64
                    } else {
                        i32::MAX as u64
                    };
                    if *n > max {
                        return Err(out_of_range(n));
                    }
                    *n as i64
                }
                OptionValue::NegativeInt(n) => {
                    if !wide && *n < i64::from(i32::MIN) {
                        return Err(out_of_range(&n.unsigned_abs()));
                    }
                    *n
                }
                _ => return Err(got()),
            };
            match f.ty {
                ty::INT32 | ty::INT64 => Val::Int(v as u64),
                ty::SINT32 => Val::Int(wire::zigzag32(v as i32)),
                ty::SINT64 => Val::Int(wire::zigzag64(v)),
                ty::SFIXED32 => Val::F32(v as i32 as u32),
                _ => Val::F64(v as u64),
            }
        }
        ty::UINT32 | ty::FIXED32 | ty::UINT64 | ty::FIXED64 => {
            let OptionValue::PositiveInt(n) = scalar else {
                return Err(got());
            };
            let wide = matches!(f.ty, ty::UINT64 | ty::FIXED64);
            if !wide && *n > u64::from(u32::MAX) {
                return Err(out_of_range(n));
            }
            match f.ty {
                ty::FIXED32 => Val::F32(*n as u32),
                ty::FIXED64 => Val::F64(*n),
                _ => Val::Int(*n),
            }
        }
        ty::FLOAT | ty::DOUBLE => {
            let d = match scalar {
                OptionValue::PositiveInt(n) => *n as f64,
                OptionValue::NegativeInt(n) => -((n.unsigned_abs()) as f64),
                OptionValue::Double(d) => *d,
                OptionValue::Identifier(s) => match s.to_ascii_lowercase().as_str() {
                    "inf" | "infinity" => f64::INFINITY,
                    "nan" => f64::NAN,
                    _ => return Err(got()),
                },
                _ => return Err(got()),
            };
            if f.ty == ty::FLOAT {
                Val::F32(float_bits(d))
            } else {
                Val::F64(double_bits(d))
            }
        }
        ty::BOOL => match scalar {
            OptionValue::PositiveInt(n) => {
                if *n > 1 {
                    return Err(out_of_range(n));
                }
                Val::Int(*n)
            }
            OptionValue::Identifier(s) => match s.as_str() {
                "true" | "True" | "t" => Val::Int(1),
                "false" | "False" | "f" => Val::Int(0),
                _ => {
                    return Err(format!(
                        "Invalid value for boolean field \"{}\". Value: \"{s}\".",
                        f.name
                    ))
                }
            },
            _ => return Err(got()),
        },
        ty::STRING | ty::BYTES => match scalar {
            OptionValue::String(b) => Val::Bytes(b.clone()),
            _ => return Err(got()),
        },
        ty::ENUM => {
            let e = types.enum_type(&f.type_name);
            let unknown = |v: &dyn std::fmt::Display| {
                format!(
                    "Unknown enumeration value of \"{v}\" for field \"{}\".",
                    f.name
                )
            };
            let number = match scalar {
                // After a `-`, only an integer will do.
                OptionValue::Identifier(s) if s.starts_with('-') => {
                    return Err(format!(
                        "Expected integer, got: {}",
                        scalar_token(scalar, true)
                    ))
                }
                OptionValue::Double(d) if d.is_sign_negative() => {
                    return Err(format!(
                        "Expected integer, got: {}",
                        scalar_token(scalar, true)
                    ))
                }
                OptionValue::Identifier(s) => {
                    match e
                        .as_ref()
                        .and_then(|e| e.proto.value.iter().find(|v| v.name() == s))
                    {
                        Some(v) => v.number(),
                        None => return Err(unknown(s)),
                    }
                }
                OptionValue::PositiveInt(n) => {
                    let Ok(n) = i32::try_from(*n) else {
                        return Err(out_of_range(n));
                    };
                    n
                }
                OptionValue::NegativeInt(n) => {
                    let Ok(n) = i32::try_from(*n) else {
                        return Err(out_of_range(&n.unsigned_abs()));
                    };
                    n
                }
                _ => return Err(got()),
            };
            if !matches!(scalar, OptionValue::Identifier(_))
                && f.closed_enum
                && !e
                    .as_ref()
                    .is_some_and(|e| e.proto.value.iter().any(|v| v.number() == number))
            {
                return Err(unknown(&number));
            }
            Val::Int(number as i64 as u64)
        }
        _ => return Err(got()),
    })
}

/// A double as a float, keeping a NaN's sign as protobuf's text parser does.
pub(crate) fn float_bits(d: f64) -> u32 {
    if d.is_nan() {
        if d.is_sign_negative() {
            0xffc0_0000
        } else {
            0x7fc0_0000
        }
    } else {
        (d as f32).to_bits()
    }
}

pub(crate) fn double_bits(d: f64) -> u64 {
    if d.is_nan() {
        if d.is_sign_negative() {
            0xfff8_0000_0000_0000
        } else {
            0x7ff8_0000_0000_0000
        }
    } else {
        d.to_bits()
    }
}
