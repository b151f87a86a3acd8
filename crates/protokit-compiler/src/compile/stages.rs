//! The stages the driver calls after resolving: lowering and linking.

use protokit_syntax::SyntaxTree;

pub use crate::link::{link_in, LinkPool, LinkedFile, Lowered};

/// Lowers a parsed file into the form the linker takes.
pub(crate) fn lower(tree: &SyntaxTree, file_name: &str) -> Lowered {
    let lowered = crate::lower::lower(tree, file_name);
    // Every file's locations are kept until the output is written: without the growth slack
    // of pushing them one by one (a large share of a big tree's memory), nor that of their
    // comments, built a piece at a time.
    let mut locations = lowered.locations;
    locations.shrink_to_fit();
    for l in &mut locations {
        for c in [&mut l.leading_comments, &mut l.trailing_comments]
            .into_iter()
            .flatten()
        {
            c.shrink_to_fit();
        }
        for c in &mut l.leading_detached_comments {
            c.shrink_to_fit();
        }
    }
    // Field by field, so this holds whether or not the linker names the lowering's own type.
    Lowered {
        proto: lowered.proto,
        locations,
        errors: lowered.errors,
    }
}
