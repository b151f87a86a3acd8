//! The messages of `google/protobuf/compiler/plugin.proto`, with its field numbers.
//!
//! The request's files are protokit's own descriptor IR, so options (custom ones included)
//! reach the plugin as the exact bytes protoc sends. The response's string fields are decoded
//! as bytes: protoc does not check that they are UTF-8, so neither may we.

use protokit_compiler::descriptor::FileDescriptorProto;

/// `google.protobuf.compiler.Version`.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct Version {
    #[prost(int32, optional, tag = "1")]
    pub major: Option<i32>,
    #[prost(int32, optional, tag = "2")]
    pub minor: Option<i32>,
    #[prost(int32, optional, tag = "3")]
    pub patch: Option<i32>,
    #[prost(string, optional, tag = "4")]
    pub suffix: Option<String>,
}

/// `google.protobuf.compiler.CodeGeneratorRequest`.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct CodeGeneratorRequest {
    #[prost(string, repeated, tag = "1")]
    pub file_to_generate: Vec<String>,
    #[prost(string, optional, tag = "2")]
    pub parameter: Option<String>,
    #[prost(message, optional, tag = "3")]
    pub compiler_version: Option<Version>,
    #[prost(message, repeated, tag = "15")]
    pub proto_file: Vec<FileDescriptorProto>,
    #[prost(message, repeated, tag = "17")]
    pub source_file_descriptors: Vec<FileDescriptorProto>,
}

/// `google.protobuf.compiler.CodeGeneratorResponse`.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct CodeGeneratorResponse {
    #[prost(bytes = "vec", optional, tag = "1")]
    pub error: Option<Vec<u8>>,
    #[prost(uint64, optional, tag = "2")]
    pub supported_features: Option<u64>,
    #[prost(int32, optional, tag = "3")]
    pub minimum_edition: Option<i32>,
    #[prost(int32, optional, tag = "4")]
    pub maximum_edition: Option<i32>,
    #[prost(message, repeated, tag = "15")]
    pub file: Vec<ResponseFile>,
}

/// `google.protobuf.compiler.CodeGeneratorResponse.File`.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct ResponseFile {
    #[prost(bytes = "vec", optional, tag = "1")]
    pub name: Option<Vec<u8>>,
    #[prost(bytes = "vec", optional, tag = "2")]
    pub insertion_point: Option<Vec<u8>>,
    #[prost(bytes = "vec", optional, tag = "15")]
    pub content: Option<Vec<u8>>,
    #[prost(message, optional, tag = "16")]
    pub generated_code_info: Option<GeneratedCodeInfo>,
}

/// `google.protobuf.GeneratedCodeInfo` (prost-types' lacks `semantic`, which must survive).
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct GeneratedCodeInfo {
    #[prost(message, repeated, tag = "1")]
    pub annotation: Vec<Annotation>,
}

/// `google.protobuf.GeneratedCodeInfo.Annotation`.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct Annotation {
    #[prost(int32, repeated, tag = "1")]
    pub path: Vec<i32>,
    #[prost(string, optional, tag = "2")]
    pub source_file: Option<String>,
    #[prost(int32, optional, tag = "3")]
    pub begin: Option<i32>,
    #[prost(int32, optional, tag = "4")]
    pub end: Option<i32>,
    #[prost(int32, optional, tag = "5")]
    pub semantic: Option<i32>,
}

/// `CodeGeneratorResponse.FEATURE_PROTO3_OPTIONAL`.
pub(crate) const FEATURE_PROTO3_OPTIONAL: u64 = 1;
/// `CodeGeneratorResponse.FEATURE_SUPPORTS_EDITIONS`.
pub(crate) const FEATURE_SUPPORTS_EDITIONS: u64 = 2;
