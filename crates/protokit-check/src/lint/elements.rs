//! The elements rules see, one at a time, each with its `SourceCodeInfo` path.

use protokit_compiler::descriptor::{
    DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto, FieldDescriptorProto,
    MethodDescriptorProto, OneofDescriptorProto, ServiceDescriptorProto,
};

use crate::image::{Image, ImageFile};

/// Field numbers of `descriptor.proto` used to build `SourceCodeInfo` paths.
pub mod tag {
    /// `FileDescriptorProto.package`.
    pub const FILE_PACKAGE: i32 = 2;
    /// `FileDescriptorProto.dependency`.
    pub const FILE_DEPENDENCY: i32 = 3;
    /// `FileDescriptorProto.message_type`.
    pub const FILE_MESSAGE: i32 = 4;
    /// `FileDescriptorProto.enum_type`.
    pub const FILE_ENUM: i32 = 5;
    /// `FileDescriptorProto.service`.
    pub const FILE_SERVICE: i32 = 6;
    /// `FileDescriptorProto.extension`.
    pub const FILE_EXTENSION: i32 = 7;
    /// `FileDescriptorProto.options`.
    pub const FILE_OPTIONS: i32 = 8;
    /// `FileDescriptorProto.public_dependency`.
    pub const FILE_PUBLIC_DEPENDENCY: i32 = 10;
    /// `FileDescriptorProto.weak_dependency`.
    pub const FILE_WEAK_DEPENDENCY: i32 = 11;
    /// `FileDescriptorProto.syntax`.
    pub const FILE_SYNTAX: i32 = 12;
    /// `FileDescriptorProto.edition`.
    pub const FILE_EDITION: i32 = 14;
    /// `name` of every element type but the file.
    pub const NAME: i32 = 1;
    /// `DescriptorProto.field`.
    pub const MESSAGE_FIELD: i32 = 2;
    /// `DescriptorProto.nested_type`.
    pub const MESSAGE_NESTED: i32 = 3;
    /// `DescriptorProto.enum_type`.
    pub const MESSAGE_ENUM: i32 = 4;
    /// `DescriptorProto.extension`.
    pub const MESSAGE_EXTENSION: i32 = 6;
    /// `DescriptorProto.options`.
    pub const MESSAGE_OPTIONS: i32 = 7;
    /// `DescriptorProto.oneof_decl`.
    pub const MESSAGE_ONEOF: i32 = 8;
    /// `FieldDescriptorProto.extendee`.
    pub const FIELD_EXTENDEE: i32 = 2;
    /// `FieldDescriptorProto.number`.
    pub const FIELD_NUMBER: i32 = 3;
    /// `FieldDescriptorProto.label`.
    pub const FIELD_LABEL: i32 = 4;
    /// `FieldDescriptorProto.type`.
    pub const FIELD_TYPE: i32 = 5;
    /// `FieldDescriptorProto.type_name`.
    pub const FIELD_TYPE_NAME: i32 = 6;
    /// `FieldDescriptorProto.options`.
    pub const FIELD_OPTIONS: i32 = 8;
    /// `EnumDescriptorProto.value`.
    pub const ENUM_VALUE: i32 = 2;
    /// `EnumDescriptorProto.options`.
    pub const ENUM_OPTIONS: i32 = 3;
    /// `EnumValueDescriptorProto.number`.
    pub const ENUM_VALUE_NUMBER: i32 = 2;
    /// `ServiceDescriptorProto.method`.
    pub const SERVICE_METHOD: i32 = 2;
    /// `MethodDescriptorProto.input_type`.
    pub const METHOD_INPUT: i32 = 2;
    /// `MethodDescriptorProto.output_type`.
    pub const METHOD_OUTPUT: i32 = 3;
    /// `MethodDescriptorProto.client_streaming`.
    pub const METHOD_CLIENT_STREAMING: i32 = 5;
    /// `MethodDescriptorProto.server_streaming`.
    pub const METHOD_SERVER_STREAMING: i32 = 6;
}

/// `path` with `more` appended.
pub fn child(path: &[i32], more: &[i32]) -> Vec<i32> {
    let mut p = Vec::with_capacity(path.len() + more.len());
    p.extend_from_slice(path);
    p.extend_from_slice(more);
    p
}

/// A message, nested or not.
#[derive(Clone, Copy, Debug)]
pub struct Message<'a> {
    /// The file it is in.
    pub file: &'a ImageFile,
    /// Its descriptor.
    pub desc: &'a DescriptorProto,
    /// Its `SourceCodeInfo` path.
    pub path: &'a [i32],
    /// Fully-qualified name without the leading dot, e.g. `foo.v1.Outer.Inner`.
    pub full_name: &'a str,
    /// Whether it is a map field's synthesized entry message.
    pub is_map_entry: bool,
}

/// A field: of a message, or an extension (declared in an `extend` block at file or message
/// level).
#[derive(Clone, Copy, Debug)]
pub struct Field<'a> {
    /// The file it is in.
    pub file: &'a ImageFile,
    /// Its descriptor.
    pub desc: &'a FieldDescriptorProto,
    /// Its `SourceCodeInfo` path.
    pub path: &'a [i32],
    /// Fully-qualified name without the leading dot.
    pub full_name: &'a str,
    /// The message it is a field of, or for an extension the message its `extend` block is
    /// nested in (`None` for a file-level extension).
    pub parent: Option<&'a DescriptorProto>,
    /// Whether it is an extension.
    pub is_extension: bool,
}

/// A oneof of a message (synthetic proto3 `optional` oneofs included; see
/// [`Oneof::is_synthetic`]).
#[derive(Clone, Copy, Debug)]
pub struct Oneof<'a> {
    /// The file it is in.
    pub file: &'a ImageFile,
    /// Its descriptor.
    pub desc: &'a OneofDescriptorProto,
    /// Its `SourceCodeInfo` path.
    pub path: &'a [i32],
    /// The message it belongs to.
    pub message: &'a DescriptorProto,
    /// Its index in `message.oneof_decl`.
    pub index: usize,
}

impl Oneof<'_> {
    /// Whether protoc synthesized it for a proto3 `optional` field (its only field has
    /// `proto3_optional` set).
    pub fn is_synthetic(&self) -> bool {
        let members: Vec<_> = self
            .message
            .field
            .iter()
            .filter(|f| f.oneof_index == Some(self.index as i32))
            .collect();
        members.len() == 1 && members[0].proto3_optional == Some(true)
    }
}

/// An enum, nested or not.
#[derive(Clone, Copy, Debug)]
pub struct Enum<'a> {
    /// The file it is in.
    pub file: &'a ImageFile,
    /// Its descriptor.
    pub desc: &'a EnumDescriptorProto,
    /// Its `SourceCodeInfo` path.
    pub path: &'a [i32],
    /// Fully-qualified name without the leading dot.
    pub full_name: &'a str,
}

/// A value of an enum.
#[derive(Clone, Copy, Debug)]
pub struct EnumValue<'a> {
    /// The file it is in.
    pub file: &'a ImageFile,
    /// Its descriptor.
    pub desc: &'a EnumValueDescriptorProto,
    /// Its `SourceCodeInfo` path.
    pub path: &'a [i32],
    /// The enum it belongs to.
    pub parent: &'a EnumDescriptorProto,
    /// The enum's `SourceCodeInfo` path.
    pub parent_path: &'a [i32],
    /// Its index in `parent.value`.
    pub index: usize,
}

/// A service.
#[derive(Clone, Copy, Debug)]
pub struct Service<'a> {
    /// The file it is in.
    pub file: &'a ImageFile,
    /// Its descriptor.
    pub desc: &'a ServiceDescriptorProto,
    /// Its `SourceCodeInfo` path.
    pub path: &'a [i32],
    /// Fully-qualified name without the leading dot.
    pub full_name: &'a str,
}

/// An RPC of a service.
#[derive(Clone, Copy, Debug)]
pub struct Method<'a> {
    /// The file it is in.
    pub file: &'a ImageFile,
    /// Its descriptor.
    pub desc: &'a MethodDescriptorProto,
    /// Its `SourceCodeInfo` path.
    pub path: &'a [i32],
    /// The service it belongs to.
    pub service: &'a ServiceDescriptorProto,
    /// Fully-qualified name without the leading dot, e.g. `foo.v1.FooService.Get`.
    pub full_name: &'a str,
}

/// All checked files that share a package (files with no package share `""`).
#[derive(Clone, Debug)]
pub struct Package<'a> {
    /// The package name.
    pub name: &'a str,
    /// The files, in image order.
    pub files: Vec<&'a ImageFile>,
}

/// All checked files in one directory (of their names: `foo/v1` for `foo/v1/a.proto`, `.`
/// for files at the root).
#[derive(Clone, Debug)]
pub struct Directory<'a> {
    /// The directory, relative to the module root.
    pub path: &'a str,
    /// The files, in image order.
    pub files: Vec<&'a ImageFile>,
}

/// The whole image, for rules that need relations between files (import cycles, request
/// types used by several RPCs).
#[derive(Clone, Copy, Debug)]
pub struct Module<'a> {
    /// The image, imports included.
    pub image: &'a Image,
}
