//! protokit's Rust code generator: an image (descriptors from protokit's compiler, from an
//! image file or from protoc) and [`Options`] → Rust sources, one per proto package.
//!
//! Messages, enums and oneofs come from prost-build (`Config::generate`, no protoc involved);
//! services from our own tonic 0.14 emitter. The output is a map of output path → Rust source:
//!
//! - `<package>.rs` per proto package (`_.rs` for files without a package), each starting with
//!   an `@generated` header naming protokit;
//! - `mod.rs`, nesting `pub mod a { pub mod b { include!("a.b.rs"); } }` for every package
//!   (module names escaped as prost escapes them: `google.type` → `google::r#type`), so that
//!   `mod gen;` (or `include!` of it in a build script's output) is all a user writes.
//!
//! Options `layout=directory` (`<dir>/<package>.rs` per directory of `.proto` files, all of a
//! package's files included in its one module) and `mod_file=false|only` split that output
//! for generators run once per directory or per target (see [`Layout`], [`ModFile`]).
//!
//! Service code: `<service>_client::<Service>Client<T>` and `<service>_server::{<Service>,
//! <Service>Server<T>, SERVICE_NAME}` with tonic-build's API, except that server traits use
//! no `async_trait` (methods return `impl Future<…> + Send`, implementers write `async fn`),
//! client methods colliding with the client's own methods are renamed (see
//! [`CLIENT_RESERVED`]), deprecated RPCs and services get `#[deprecated]`, and comments become
//! docs rustdoc will not run as doctests.
//!
//! Editions files are lowered to proto3 per field before prost-build sees them (see the
//! `editions` module's table).

#![warn(missing_docs)]

mod build;
mod docs;
mod editions;
mod groups;
mod layout;
pub mod options;
mod service;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use prost::Message;
use prost_build::Module;
use protokit_compiler::descriptor::FileDescriptorProto;

pub use build::{configure, Builder};
pub use options::{Layout, ModFile, OptionError, Options};
pub use service::CLIENT_RESERVED;

/// Code generation failed: a file to generate is missing from the descriptors, or
/// prost-build rejected them.
#[derive(Clone, Debug)]
pub struct Error {
    message: String,
}

impl Error {
    fn new(message: impl Into<String>) -> Self {
        Error {
            message: message.into(),
        }
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Generates Rust for the files named in `to_generate` (file names such as `a/b.proto`);
/// `files` holds them and every file they import (an image with its imports, as
/// `Compiler::include_imports` or `buf build` produce). Files with `SourceCodeInfo` get their
/// comments as docs.
///
/// Returns output path (relative to the output directory, `/`-separated) → Rust source: one
/// `<package>.rs` per package that has generated code (`<dir>/<package>.rs` per directory
/// with [`Layout::Directory`]), and `mod.rs` (unless [`ModFile::Skip`]; alone with
/// [`ModFile::Only`]). The output only depends on the inputs (same bytes for the same image
/// and options).
///
/// With `compile_well_known_types`, the well-known types among `files` are generated too
/// (into `google.protobuf.rs`): the code of the other files refers to them there instead of
/// to `::prost_types`, so without them it would not compile.
///
/// # Errors
/// A name in `to_generate` that is not in `files`, descriptors prost-build cannot handle, or
/// (with [`Layout::Directory`]) a file name with an empty, `.` or `..` directory component.
pub fn generate<S: AsRef<str>>(
    files: &[FileDescriptorProto],
    to_generate: &[S],
    options: &Options,
) -> Result<BTreeMap<String, String>, Error> {
    let mut to_generate: Vec<&str> = to_generate.iter().map(AsRef::as_ref).collect();
    if options.compile_well_known_types {
        let wkt: BTreeSet<&str> = protokit_compiler::resolver::Embedded::files()
            .map(|(n, _)| n)
            .collect();
        for f in files {
            if let Some(name) = f.name.as_deref() {
                if wkt.contains(name) && !to_generate.contains(&name) {
                    to_generate.push(name);
                }
            }
        }
    }
    let to_generate = to_generate.as_slice();
    if options.mod_file == ModFile::Only {
        let units = layout::units_with_code(files, to_generate, options)?;
        let descriptor_set = options.file_descriptor_set.then(|| descriptor_set(files));
        return Ok(BTreeMap::from([(
            "mod.rs".to_string(),
            layout::mod_rs(&units, descriptor_set.as_deref()),
        )]));
    }
    let by_name: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| Some((f.name.as_deref()?, i)))
        .collect();
    let mut units = layout::Units::default();
    let mut targets = Vec::new();
    for &name in to_generate {
        let &i = by_name
            .get(name)
            .ok_or_else(|| Error::new(format!("{name}: not among the compiled files")))?;
        let key = units.add(
            name,
            files[i].package.as_deref().unwrap_or(""),
            options.layout,
        )?;
        targets.push((i, key));
    }
    let threads = rayon::current_num_threads();
    let generated = groups::generate(files, &targets, options, threads, GROUPS_PER_THREAD)?;

    let mut jobs: Vec<(Module, String, String, String)> = Vec::new();
    for (module, code) in generated {
        let Some(unit) = units.by_key.get(&module) else {
            continue;
        };
        jobs.push((module, unit.file.clone(), unit.sources.join(", "), code));
    }
    let formatted: Vec<(usize, Result<String, Error>)> = jobs
        .iter()
        .enumerate()
        .map(|(i, (_, file, sources, code))| (i, format_file(file, sources, code)))
        .collect();
    let mut out = BTreeMap::new();
    let mut written = Vec::new();
    for ((key, file, _, _), (_, code)) in jobs.into_iter().zip(formatted) {
        out.insert(file, code?);
        written.extend(units.by_key.get(&key));
    }
    if options.mod_file == ModFile::Write {
        let descriptor_set = options.file_descriptor_set.then(|| descriptor_set(files));
        out.insert(
            "mod.rs".to_string(),
            layout::mod_rs(written, descriptor_set.as_deref()),
        );
    }
    Ok(out)
}

/// One output file: prost-build's code (laid out line by line by prost-build; the service
/// emitter lays out its own) under our header.
fn format_file(_file: &str, sources: &str, code: &str) -> Result<String, Error> {
    Ok(format!(
        "// @generated by protokit from {sources}. DO NOT EDIT.\n{code}"
    ))
}

/// Groups of files per thread for prost-build: a few, so that one large group does not
/// leave a thread idle at the end, and not many, as each group repeats the messages it
/// reaches in other groups.
const GROUPS_PER_THREAD: usize = 4;

/// [`generate`] for the input files of a compilation (`Compiler::include_imports(true)` and
/// `include_source_info(true)` give complete descriptors and docs).
///
/// # Errors
/// As [`generate`].
pub fn generate_compiled(
    output: &protokit_compiler::compile::CompileOutput,
    options: &Options,
) -> Result<BTreeMap<String, String>, Error> {
    let files: Vec<FileDescriptorProto> = output
        .files()
        .iter()
        .map(|f| f.proto_with_source_info())
        .collect();
    let inputs: Vec<&str> = output.inputs().map(|f| f.name()).collect();
    generate(&files, &inputs, options)
}

pub(crate) fn prost_config(options: &Options) -> prost_build::Config {
    use options::ProstOption as P;
    let mut config = prost_build::Config::new();
    // prost-build would also format the code of imports, which we drop; we format ours.
    config.format(false);
    for (which, path, value) in &options.prost {
        let paths = [path.as_str()];
        match which {
            P::Bytes => {
                config.bytes(paths);
            }
            P::BTreeMap => {
                config.btree_map(paths);
            }
            P::Boxed => {
                config.boxed(path);
            }
            P::DisableComments => {
                config.disable_comments(paths);
            }
            P::SkipDebug => {
                config.skip_debug(paths);
            }
            P::TypeAttribute => {
                config.type_attribute(path, value);
            }
            P::FieldAttribute => {
                config.field_attribute(path, value);
            }
            P::EnumAttribute => {
                config.enum_attribute(path, value);
            }
            P::MessageAttribute => {
                config.message_attribute(path, value);
            }
            P::ExternPath => {
                config.extern_path(path, value);
            }
        }
    }
    if options.compile_well_known_types {
        config.compile_well_known_types();
    }
    if options.enable_type_names {
        config.enable_type_names();
    }
    if !(options.no_client && options.no_server) {
        config.service_generator(Box::new(service::ServiceEmitter {
            options: options.clone(),
        }));
    }
    config
}

/// Every file of the image, without source info, as an encoded `FileDescriptorSet`.
fn descriptor_set(files: &[FileDescriptorProto]) -> Vec<u8> {
    let set = protokit_compiler::descriptor::FileDescriptorSet {
        file: files
            .iter()
            .map(|f| FileDescriptorProto {
                source_code_info: None,
                ..f.clone()
            })
            .collect(),
    };
    set.encode_to_vec()
}

/// The names of `files` a build script generates by default: all but the well-known types
/// (which map to `::prost_types`) unless `compile_well_known_types` is set.
pub(crate) fn default_targets(files: &[FileDescriptorProto], options: &Options) -> Vec<String> {
    let wkt: BTreeSet<&str> = protokit_compiler::resolver::Embedded::files()
        .map(|(n, _)| n)
        .collect();
    files
        .iter()
        .filter_map(|f| f.name.clone())
        .filter(|n| options.compile_well_known_types || !wkt.contains(n.as_str()))
        .collect()
}
