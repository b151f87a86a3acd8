//! The stages the driver calls after resolving: lowering and linking.
//!
//! TODO(integration): `crate::lower` is being written concurrently; until it lands, this file
//! holds a stand-in with its agreed signature that only reads `syntax`, `package` and
//! `import` statements, so the driver's import handling can be exercised; its output is not
//! protoc's.

use protokit_diagnostics::Span;
use protokit_syntax::SyntaxTree;

use crate::descriptor::FileDescriptorProto;
use crate::error::CompileError;
use crate::source_info::Location;

pub use crate::link::{link, LinkedFile, Lowered};

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
