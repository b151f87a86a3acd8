//! The stages the driver calls after resolving: lowering and linking.

use protokit_syntax::SyntaxTree;

pub(crate) use crate::link::{link_packed_in, PackedLowered};
pub use crate::link::{LinkPool, LinkedFile};

/// Lowers a parsed file, packing its locations: every loaded file waits for its imports to
/// be loaded and linked, and a large tree has millions of locations.
pub(crate) fn lower(tree: &SyntaxTree, file_name: &str) -> PackedLowered {
    let lowered = crate::lower::lower(tree, file_name);
    lowered.into()
}
