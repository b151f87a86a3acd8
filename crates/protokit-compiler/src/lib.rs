//! The protokit compiler: `.proto` files to `google.protobuf.FileDescriptorSet`s identical to
//! `protoc --include_source_info`.

#![warn(missing_docs)]

pub mod alloc;
pub mod compile;
#[allow(missing_docs)] // fields mirror descriptor.proto one to one
pub mod descriptor;
pub mod error;
pub mod format;
pub mod link;
pub mod lower;
pub(crate) mod options;
pub mod resolver;
pub mod source_info;
