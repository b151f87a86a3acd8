//! The stages the driver calls after resolving: lowering and linking.

use protokit_syntax::SyntaxTree;

pub use crate::link::{link_in, LinkPool, LinkedFile, Lowered};

/// Lowers a parsed file into the form the linker takes.
pub(crate) fn lower(tree: &SyntaxTree, file_name: &str) -> Lowered {
    let lowered = crate::lower::lower(tree, file_name);
    // Field by field, so this holds whether or not the linker names the lowering's own type.
    Lowered {
        proto: lowered.proto,
        locations: lowered.locations,
        errors: lowered.errors,
    }
}
