//! Code generated at build time by `protokit_codegen::configure()` (see `build.rs`), compiled
//! under `#![deny(warnings)]` and clippy's pedantic lints; the tests run it against a real
//! tonic server.

#![deny(warnings)]
#![warn(clippy::pedantic, missing_docs)]

/// The generated packages: `e2e::echo::v1`, `e2e::common::v1`, `e2e::editions::v1`.
pub mod generated {
    include!(concat!(env!("OUT_DIR"), "/mod.rs"));
}

/// The outputs of `fixtures/codegen/*` (their golden files), compiled.
pub mod fixtures {
    /// `fixtures/codegen/services` (its package-less file has no docs: `mod.rs` allows that,
    /// as for the packages).
    pub mod services {
        include!(concat!(env!("OUT_DIR"), "/services/mod.rs"));
    }
    /// `fixtures/codegen/editions`.
    pub mod editions {
        include!(concat!(env!("OUT_DIR"), "/editions/mod.rs"));
    }
    /// `fixtures/codegen/options`.
    pub mod options {
        include!(concat!(env!("OUT_DIR"), "/options/mod.rs"));
    }
    /// `fixtures/codegen/split` (`layout=directory`: package `acme.core.v1` spread over four
    /// directories, one include per directory in one module).
    pub mod split {
        include!(concat!(env!("OUT_DIR"), "/split/mod.rs"));
    }
    /// `fixtures/codegen/wkt` (`compile_well_known_types`: `google.protobuf` generated too).
    pub mod wkt {
        include!(concat!(env!("OUT_DIR"), "/wkt/mod.rs"));
    }
}
