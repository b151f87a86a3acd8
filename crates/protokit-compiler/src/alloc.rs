//! The memory allocator protokit's binary uses.
//!
//! Compiling a large tree makes tens of millions of small allocations (names, paths, source
//! locations, option records) from several threads; glibc's allocator spent about a third of
//! the CPU time of a googleapis build in `malloc`/`free`. mimalloc's thread-local free lists
//! make those cheap. A library must not pick the process's allocator, so this only names it:
//! the binary installs it with
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOC: protokit_compiler::alloc::Allocator = protokit_compiler::alloc::Allocator;
//! ```

/// The allocator to install as the `#[global_allocator]` of a protokit binary.
pub use mimalloc::MiMalloc as Allocator;
