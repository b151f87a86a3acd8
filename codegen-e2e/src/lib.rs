//! Code generated at build time by `protokit_codegen::configure()` (see `build.rs`), compiled
//! under `#![deny(warnings)]`; the tests run it against a real tonic server.

#![deny(warnings)]

/// The generated packages: `e2e::echo::v1`, `e2e::common::v1`, `e2e::editions::v1`.
#[allow(missing_docs)]
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}
