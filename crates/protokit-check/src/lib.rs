//! protokit's rule framework for lint and breaking-change detection, with buf's rule IDs,
//! categories, configuration (`buf.yaml` v1beta1, v1, v2) and comment ignores.
//!
//! Rules never look at syntax: they see an [`image::Image`] (descriptors with
//! `SourceCodeInfo`), whether it came from our compiler, from protoc through plugin mode or
//! from a descriptor-set file. Findings are [`protokit_diagnostics::Diagnostic`]s with the rule
//! ID in `rule` and a 1-based line/column range in `position`.
//!
//! ```
//! use protokit_check::{image::Image, lint, config::LintConfig};
//! use protokit_compiler::compile::Compiler;
//! use protokit_compiler::resolver::{Embedded, FileResolverExt, InMemory};
//!
//! let mut files = InMemory::new();
//! files.insert("foo/v1/a.proto", "syntax = \"proto3\";\npackage foo.v1;\nmessage bad_name {}\n");
//! let out = Compiler::new(files.or(Embedded)).include_source_info(true).compile(&["foo/v1/a.proto"]).unwrap();
//! let image = Image::from_compile_output(&out);
//! let findings = lint::run(&image, &LintConfig::default()).unwrap();
//! assert_eq!(findings[0].rule.as_deref(), Some("MESSAGE_PASCAL_CASE"));
//! ```

#![warn(missing_docs)]

pub mod breaking;
pub mod config;
pub mod image;
pub mod lint;
