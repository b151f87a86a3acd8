//! The stages the driver calls after resolving: lowering and linking.
//!
//! TODO(integration): the `lower` and `link` modules are being written concurrently;
//! until they land, this file holds stand-ins with their agreed signatures. The `lower`
//! stand-in only reads `syntax`, `package` and `import` statements, so the driver's import
//! handling can be exercised; its output is not protoc's.

use protokit_diagnostics::Span;
use protokit_syntax::SyntaxTree;

use crate::descriptor::FileDescriptorProto;
use crate::error::CompileError;
use crate::source_info::Location;

/// One file after lowering (stand-in for `crate::lower::Lowered`).
pub struct Lowered {
    /// The file's descriptor, options not yet interpreted.
    pub proto: FileDescriptorProto,
    /// Source locations.
    pub locations: Vec<Location>,
    /// Lowering errors.
    pub errors: Vec<CompileError>,
}

/// A linked file (stand-in for `crate::link::LinkedFile`).
#[derive(Debug)]
pub struct LinkedFile {
    /// The file's descriptor, as protoc builds it (no `source_code_info`).
    pub proto: FileDescriptorProto,
    /// The file's source locations, in protoc's order.
    pub locations: Vec<Location>,
}

/// Stand-in for `crate::lower::lower`.
pub(crate) fn lower(tree: &SyntaxTree, file_name: &str) -> Lowered {
    let text = &tree.text;
    let mut proto = FileDescriptorProto {
        name: Some(file_name.to_string()),
        ..Default::default()
    };
    let mut locations = Vec::new();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let stmt = trimmed.trim_end();
        let span = Span::new(
            (start + indent) as u32,
            (start + indent + stmt.len()) as u32,
        );
        if let Some(rest) = stmt.strip_prefix("import ") {
            let rest = rest.trim_start();
            let (kind, rest) = if let Some(r) = rest.strip_prefix("public ") {
                (1, r)
            } else if let Some(r) = rest.strip_prefix("weak ") {
                (2, r)
            } else {
                (0, rest)
            };
            let name = rest.trim().trim_end_matches(';').trim().trim_matches('"');
            let i = proto.dependency.len() as i32;
            proto.dependency.push(name.to_string());
            match kind {
                1 => proto.public_dependency.push(i),
                2 => proto.weak_dependency.push(i),
                _ => {}
            }
            locations.push(Location::new(vec![3, i], span));
        } else if let Some(rest) = stmt.strip_prefix("package ") {
            proto.package = Some(rest.trim_end_matches(';').trim().to_string());
        } else if let Some(rest) = stmt.strip_prefix("syntax") {
            let value = rest.trim_start_matches([' ', '=']).trim_end_matches(';');
            let value = value.trim().trim_matches('"');
            if value != "proto2" {
                proto.syntax = Some(value.to_string());
            }
        }
    }
    Lowered {
        proto,
        locations,
        errors: Vec::new(),
    }
}

/// Stand-in for `crate::link::link`.
pub(crate) fn link(
    lowered: Lowered,
    _file_name: &str,
    _deps: Vec<std::sync::Arc<LinkedFile>>,
) -> (LinkedFile, Vec<CompileError>) {
    (
        LinkedFile {
            proto: lowered.proto,
            locations: lowered.locations,
        },
        lowered.errors,
    )
}
