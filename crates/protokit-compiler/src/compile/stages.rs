//! The stages the driver calls after resolving: lowering and linking.

use protokit_syntax::SyntaxTree;

use crate::descriptor::FileDescriptorProto;
use crate::error::CompileError;
use crate::source_info::PackedLocations;

pub use crate::link::{link_in, LinkPool, LinkedFile, Lowered};

/// A lowered file waiting for its imports to be loaded and linked, its locations packed:
/// every loaded file waits, and a large tree has millions of locations.
pub(crate) struct PackedLowered {
    pub proto: FileDescriptorProto,
    pub locations: PackedLocations,
    pub errors: Vec<CompileError>,
}

impl PackedLowered {
    /// The form the linker takes.
    pub(crate) fn unpack(self) -> Lowered {
        // Field by field, so this holds whether or not the linker names the lowering's own
        // type.
        Lowered {
            proto: self.proto,
            locations: self.locations.unpack(),
            errors: self.errors,
        }
    }
}

/// Lowers a parsed file, packing its locations.
pub(crate) fn lower(tree: &SyntaxTree, file_name: &str) -> PackedLowered {
    let lowered = crate::lower::lower(tree, file_name);
    PackedLowered {
        proto: lowered.proto,
        locations: PackedLocations::new(&lowered.locations),
        errors: lowered.errors,
    }
}
