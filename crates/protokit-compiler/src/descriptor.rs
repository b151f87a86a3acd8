//! Descriptor types with the field numbers of `google/protobuf/descriptor.proto`.
//!
//! They mirror `prost_types` with one difference: every `options` field is an [`Options`],
//! which keeps the *encoded* options message as raw bytes. prost-types drops unknown fields, so
//! custom options (extensions of `google.protobuf.*Options`) would be lost; raw bytes keep them,
//! and keep protoc's byte order. Encoding one of these structs gives the same bytes as protoc's
//! `CopyTo` + serialization once the options are interpreted (see the linker).
//!
//! Decode the encoded bytes with `prost_types` when typed access to builtin options is enough.

use prost::bytes::{Buf, BufMut};
use prost::encoding::{DecodeContext, WireType};

use protokit_syntax::Span;

/// `google.protobuf.FileDescriptorSet`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct FileDescriptorSet {
    /// Files in dependency order (each after its imports).
    #[prost(message, repeated, tag = "1")]
    pub file: Vec<FileDescriptorProto>,
}

/// `google.protobuf.FileDescriptorProto`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct FileDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub package: Option<String>,
    #[prost(string, repeated, tag = "3")]
    pub dependency: Vec<String>,
    #[prost(message, repeated, tag = "4")]
    pub message_type: Vec<DescriptorProto>,
    #[prost(message, repeated, tag = "5")]
    pub enum_type: Vec<EnumDescriptorProto>,
    #[prost(message, repeated, tag = "6")]
    pub service: Vec<ServiceDescriptorProto>,
    #[prost(message, repeated, tag = "7")]
    pub extension: Vec<FieldDescriptorProto>,
    #[prost(message, optional, tag = "8")]
    pub options: Option<Options>,
    #[prost(message, optional, tag = "9")]
    pub source_code_info: Option<prost_types::SourceCodeInfo>,
    #[prost(int32, repeated, packed = "false", tag = "10")]
    pub public_dependency: Vec<i32>,
    #[prost(int32, repeated, packed = "false", tag = "11")]
    pub weak_dependency: Vec<i32>,
    #[prost(string, optional, tag = "12")]
    pub syntax: Option<String>,
    /// `google.protobuf.Edition` value.
    #[prost(int32, optional, tag = "14")]
    pub edition: Option<i32>,
    #[prost(string, repeated, tag = "15")]
    pub option_dependency: Vec<String>,
}

/// `google.protobuf.DescriptorProto`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct DescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(message, repeated, tag = "2")]
    pub field: Vec<FieldDescriptorProto>,
    #[prost(message, repeated, tag = "3")]
    pub nested_type: Vec<DescriptorProto>,
    #[prost(message, repeated, tag = "4")]
    pub enum_type: Vec<EnumDescriptorProto>,
    #[prost(message, repeated, tag = "5")]
    pub extension_range: Vec<ExtensionRange>,
    #[prost(message, repeated, tag = "6")]
    pub extension: Vec<FieldDescriptorProto>,
    #[prost(message, optional, tag = "7")]
    pub options: Option<Options>,
    #[prost(message, repeated, tag = "8")]
    pub oneof_decl: Vec<OneofDescriptorProto>,
    #[prost(message, repeated, tag = "9")]
    pub reserved_range: Vec<ReservedRange>,
    #[prost(string, repeated, tag = "10")]
    pub reserved_name: Vec<String>,
    /// `google.protobuf.SymbolVisibility` value (editions 2024 `export`/`local`).
    #[prost(int32, optional, tag = "11")]
    pub visibility: Option<i32>,
}

/// `google.protobuf.DescriptorProto.ExtensionRange`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ExtensionRange {
    /// Inclusive.
    #[prost(int32, optional, tag = "1")]
    pub start: Option<i32>,
    /// Exclusive.
    #[prost(int32, optional, tag = "2")]
    pub end: Option<i32>,
    #[prost(message, optional, tag = "3")]
    pub options: Option<Options>,
}

/// `google.protobuf.DescriptorProto.ReservedRange` (also used for enums' reserved ranges,
/// whose `end` is inclusive: `EnumDescriptorProto.EnumReservedRange` has the same shape).
#[derive(Clone, PartialEq, prost::Message)]
pub struct ReservedRange {
    #[prost(int32, optional, tag = "1")]
    pub start: Option<i32>,
    #[prost(int32, optional, tag = "2")]
    pub end: Option<i32>,
}

/// `google.protobuf.FieldDescriptorProto`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct FieldDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub extendee: Option<String>,
    #[prost(int32, optional, tag = "3")]
    pub number: Option<i32>,
    /// `FieldDescriptorProto.Label` value.
    #[prost(int32, optional, tag = "4")]
    pub label: Option<i32>,
    /// `FieldDescriptorProto.Type` value.
    #[prost(int32, optional, tag = "5")]
    pub r#type: Option<i32>,
    #[prost(string, optional, tag = "6")]
    pub type_name: Option<String>,
    #[prost(string, optional, tag = "7")]
    pub default_value: Option<String>,
    #[prost(message, optional, tag = "8")]
    pub options: Option<Options>,
    #[prost(int32, optional, tag = "9")]
    pub oneof_index: Option<i32>,
    #[prost(string, optional, tag = "10")]
    pub json_name: Option<String>,
    #[prost(bool, optional, tag = "17")]
    pub proto3_optional: Option<bool>,
}

/// `google.protobuf.OneofDescriptorProto`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct OneofDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(message, optional, tag = "2")]
    pub options: Option<Options>,
}

/// `google.protobuf.EnumDescriptorProto`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct EnumDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(message, repeated, tag = "2")]
    pub value: Vec<EnumValueDescriptorProto>,
    #[prost(message, optional, tag = "3")]
    pub options: Option<Options>,
    /// Inclusive on both ends.
    #[prost(message, repeated, tag = "4")]
    pub reserved_range: Vec<ReservedRange>,
    #[prost(string, repeated, tag = "5")]
    pub reserved_name: Vec<String>,
    /// `google.protobuf.SymbolVisibility` value.
    #[prost(int32, optional, tag = "6")]
    pub visibility: Option<i32>,
}

/// `google.protobuf.EnumValueDescriptorProto`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct EnumValueDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(int32, optional, tag = "2")]
    pub number: Option<i32>,
    #[prost(message, optional, tag = "3")]
    pub options: Option<Options>,
}

/// `google.protobuf.ServiceDescriptorProto`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ServiceDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(message, repeated, tag = "2")]
    pub method: Vec<MethodDescriptorProto>,
    #[prost(message, optional, tag = "3")]
    pub options: Option<Options>,
}

/// `google.protobuf.MethodDescriptorProto`.
#[derive(Clone, PartialEq, prost::Message)]
pub struct MethodDescriptorProto {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub input_type: Option<String>,
    #[prost(string, optional, tag = "3")]
    pub output_type: Option<String>,
    #[prost(message, optional, tag = "4")]
    pub options: Option<Options>,
    #[prost(bool, optional, tag = "5")]
    pub client_streaming: Option<bool>,
    #[prost(bool, optional, tag = "6")]
    pub server_streaming: Option<bool>,
}

/// An options message (`FileOptions`, `FieldOptions`, …) kept as its encoded bytes.
///
/// While a file is being compiled, `uninterpreted` holds the `option` statements as the parser
/// saw them (protoc's `uninterpreted_option`); the linker interprets them into `encoded`, in
/// protoc's order: builtin fields by field number, then custom options (extensions) in the
/// order they were written. Only `encoded` is serialized. When an image is decoded, every
/// field of the options message lands in `encoded` unchanged.
#[derive(Clone, Default, Debug)]
pub struct Options {
    /// The encoded options message, without its own tag and length.
    pub encoded: Vec<u8>,
    /// Option statements not yet interpreted, in source order.
    pub uninterpreted: Vec<UninterpretedOption>,
    /// The options message as protoc's option interpreter leaves it, when that differs from
    /// `encoded`: builtin fields by number, then one record per custom-option statement in
    /// source order. protoc copies this form wherever it keeps source-retention options
    /// (plugin requests); it is never serialized and not compared.
    pub as_written: Option<Vec<u8>>,
}

impl PartialEq for Options {
    fn eq(&self, other: &Self) -> bool {
        self.encoded == other.encoded && self.uninterpreted == other.uninterpreted
    }
}

impl prost::Message for Options {
    fn encode_raw(&self, buf: &mut impl BufMut) {
        buf.put_slice(&self.encoded);
    }

    fn merge_field(
        &mut self,
        tag: u32,
        wire_type: WireType,
        buf: &mut impl Buf,
        ctx: DecodeContext,
    ) -> Result<(), prost::DecodeError> {
        prost::encoding::encode_key(tag, wire_type, &mut self.encoded);
        match wire_type {
            WireType::Varint => {
                let v = prost::encoding::decode_varint(buf)?;
                prost::encoding::encode_varint(v, &mut self.encoded);
            }
            // Bounds and wire-type checks come from prost's own field decoders, so every
            // error here is one prost constructs itself.
            WireType::SixtyFourBit => {
                let mut v = 0u64;
                prost::encoding::fixed64::merge(wire_type, &mut v, buf, ctx)?;
                self.encoded.extend_from_slice(&v.to_le_bytes());
            }
            WireType::ThirtyTwoBit => {
                let mut v = 0u32;
                prost::encoding::fixed32::merge(wire_type, &mut v, buf, ctx)?;
                self.encoded.extend_from_slice(&v.to_le_bytes());
            }
            WireType::LengthDelimited => {
                let mut b: Vec<u8> = Vec::new();
                prost::encoding::bytes::merge(wire_type, &mut b, buf, ctx)?;
                prost::encoding::encode_varint(b.len() as u64, &mut self.encoded);
                self.encoded.extend_from_slice(&b);
            }
            WireType::StartGroup => {
                // Re-encode the group body field by field until the matching end tag.
                loop {
                    let (t, wt) = prost::encoding::decode_key(buf)?;
                    if wt == WireType::EndGroup {
                        if t != tag {
                            // prost's skip_field rejects a stray end tag with its
                            // "unexpected end group tag" error.
                            return prost::encoding::skip_field(wt, t, buf, ctx);
                        }
                        prost::encoding::encode_key(t, wt, &mut self.encoded);
                        break;
                    }
                    self.merge_field(t, wt, buf, ctx.clone())?;
                }
            }
            WireType::EndGroup => {
                return prost::encoding::skip_field(wire_type, tag, buf, ctx);
            }
        }
        Ok(())
    }

    fn encoded_len(&self) -> usize {
        self.encoded.len()
    }

    fn clear(&mut self) {
        self.encoded.clear();
        self.uninterpreted.clear();
    }
}

/// One `option` statement or `[…]` compact option before interpretation.
#[derive(Clone, PartialEq, Debug)]
pub struct UninterpretedOption {
    /// The name parts: `(foo.bar).baz` is `[("foo.bar", extension), ("baz", field)]`.
    pub name: Vec<NamePart>,
    /// The value.
    pub value: OptionValue,
    /// The whole `name = value` (for errors).
    pub span: Span,
    /// The option name (for "option … unknown" errors).
    pub name_span: Span,
    /// The value (for type and range errors).
    pub value_span: Span,
    /// Index of this option's location in the file's source locations (path
    /// `[…, 999, i]`), which the linker rewrites to the interpreted path as protoc does.
    pub location_index: Option<usize>,
}

/// One part of an option name.
#[derive(Clone, PartialEq, Debug)]
pub struct NamePart {
    /// The identifier, or for an extension the (possibly dotted, possibly `.`-led) type name.
    pub name: String,
    /// Whether it was written in parentheses (an extension).
    pub is_extension: bool,
    /// Where it was written.
    pub span: Span,
}

/// An option's value as written.
#[derive(Clone, PartialEq, Debug)]
pub enum OptionValue {
    /// An identifier (`true`, `SPEED`, `inf`, `nan`, …), with no sign.
    Identifier(String),
    /// A non-negative integer (decimal, hex or octal), or one with an explicit `+`.
    PositiveInt(u64),
    /// A negative integer (`-` followed by an integer up to 2^63).
    NegativeInt(i64),
    /// A float literal, or an integer too large for u64, or `-inf`/`-nan` (sign applied).
    Double(f64),
    /// A string (adjacent literals concatenated, escapes decoded).
    String(Vec<u8>),
    /// A text-format message literal `{ … }`.
    Aggregate(MessageLiteral),
}

/// A text-format message literal (the value of an aggregate option).
#[derive(Clone, PartialEq, Debug, Default)]
pub struct MessageLiteral {
    /// Fields in the order written.
    pub fields: Vec<LiteralField>,
    /// The braces and everything between.
    pub span: Span,
}

/// One `name: value` entry of a [`MessageLiteral`].
#[derive(Clone, PartialEq, Debug)]
pub struct LiteralField {
    /// The field's name.
    pub name: LiteralFieldName,
    /// Its value(s): several for `name: [a, b]`.
    pub values: Vec<LiteralValue>,
    /// Whether the value was written as a list `[…]` (an empty list has no values).
    pub is_list: bool,
    /// Whether a `:` separated name and value (required before scalars in text format).
    pub has_colon: bool,
    /// The field name.
    pub name_span: Span,
}

/// The name of a field in a message literal.
#[derive(Clone, PartialEq, Debug)]
pub enum LiteralFieldName {
    /// A plain field name (or a group's message name).
    Field(String),
    /// `[full.extension.name]`.
    Extension(String),
    /// `[type.googleapis.com/full.Name]` (an expanded `google.protobuf.Any`): the URL prefix
    /// and the message's full name.
    AnyUrl {
        /// E.g. `type.googleapis.com`.
        prefix: String,
        /// E.g. `foo.bar.Baz`.
        full_name: String,
    },
}

/// One value in a message literal.
#[derive(Clone, PartialEq, Debug)]
pub enum LiteralValue {
    /// A scalar, as for an option value (never `Aggregate`).
    Scalar(OptionValue, Span),
    /// A nested message literal.
    Message(MessageLiteral),
}
