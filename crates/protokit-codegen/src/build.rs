//! The build-script API: `protokit_codegen::configure()…compile_protos(…)`, a replacement for
//! tonic-build / tonic-prost-build that needs no protoc.

use std::path::{Path, PathBuf};

use protokit_compiler::compile::Compiler;
use protokit_compiler::resolver::{Embedded, FileResolverExt, IncludePaths};

use crate::options::Options;

/// Starts a build-script configuration with default [`Options`] and `$OUT_DIR` as output.
///
/// ```no_run
/// // build.rs
/// fn main() -> std::io::Result<()> {
///     protokit_codegen::configure()
///         .opt("client_trait")
///         .compile_protos(&["proto/a.proto"], &["proto"])
/// }
/// ```
/// and in the crate: `mod gen { include!(concat!(env!("OUT_DIR"), "/mod.rs")); }`.
pub fn configure() -> Builder {
    Builder {
        options: Options::default(),
        out_dir: None,
        option_errors: Vec::new(),
        emit_rerun_if_changed: true,
    }
}

/// A build-script configuration (see [`configure`]).
#[derive(Clone, Debug)]
pub struct Builder {
    options: Options,
    out_dir: Option<PathBuf>,
    option_errors: Vec<String>,
    emit_rerun_if_changed: bool,
}

impl Builder {
    /// Applies one option string, `KEY[=VALUE]` as for `protokit generate --opt` (see
    /// [`Options`]). A bad option is reported by [`Builder::compile_protos`].
    #[must_use]
    pub fn opt(mut self, option: &str) -> Self {
        if let Err(e) = self.options.set(option) {
            self.option_errors.push(e.to_string());
        }
        self
    }

    /// Replaces all options.
    #[must_use]
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Whether to generate clients (default true).
    #[must_use]
    pub fn build_client(mut self, yes: bool) -> Self {
        self.options.no_client = !yes;
        self
    }

    /// Whether to generate servers (default true).
    #[must_use]
    pub fn build_server(mut self, yes: bool) -> Self {
        self.options.no_server = !yes;
        self
    }

    /// Whether clients get the `connect` constructor, which needs tonic's `transport`
    /// feature (default true).
    #[must_use]
    pub fn build_transport(mut self, yes: bool) -> Self {
        self.options.no_transport = !yes;
        self
    }

    /// Writes to `dir` instead of `$OUT_DIR`.
    #[must_use]
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (default true).
    #[must_use]
    pub fn emit_rerun_if_changed(mut self, yes: bool) -> Self {
        self.emit_rerun_if_changed = yes;
        self
    }

    /// Compiles `protos` (paths of `.proto` files under one of `includes`, or import names)
    /// with protokit's compiler, generates code for them and every file they import except
    /// the well-known types, and writes `mod.rs` and one `<package>.rs` per package to the
    /// output directory (or what the `layout` and `mod_file` options ask for; files whose
    /// content is unchanged are not rewritten). Prints
    /// `cargo:rerun-if-changed` for every input and import read from disk.
    ///
    /// # Errors
    /// Bad options, compile errors (in protoc's `file:line:col: message` form), a missing
    /// `$OUT_DIR`, code generation or I/O errors.
    pub fn compile_protos<P: AsRef<Path>, I: AsRef<Path>>(
        &self,
        protos: &[P],
        includes: &[I],
    ) -> std::io::Result<()> {
        let fail = |m: String| std::io::Error::other(m);
        if let Some(e) = self.option_errors.first() {
            return Err(fail(e.clone()));
        }
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => PathBuf::from(
                std::env::var_os("OUT_DIR")
                    .ok_or_else(|| fail("OUT_DIR is not set (not in a build script?)".into()))?,
            ),
        };
        let include_paths = IncludePaths::new(includes.iter().map(AsRef::as_ref));
        // Inputs may be disk paths under an include directory, or import names already.
        let names: Vec<String> = protos
            .iter()
            .map(|p| {
                let p = p.as_ref();
                includes
                    .iter()
                    .find_map(|i| p.strip_prefix(i.as_ref()).ok())
                    .unwrap_or(p)
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        let compiled = Compiler::new(include_paths.or(Embedded))
            .include_imports(true)
            .include_source_info(true)
            .compile(&names)
            .map_err(|errors| {
                let lines: Vec<String> = errors
                    .errors()
                    .iter()
                    .map(|e| errors.format_gcc(e))
                    .collect();
                fail(lines.join("\n"))
            })?;
        if self.emit_rerun_if_changed {
            for f in compiled.files() {
                let path = Path::new(f.source().path());
                if path.exists() {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
            }
        }
        let files: Vec<_> = compiled
            .files()
            .iter()
            .map(|f| f.proto_with_source_info())
            .collect();
        let targets = crate::default_targets(&files, &self.options);
        let generated =
            crate::generate(&files, &targets, &self.options).map_err(|e| fail(e.to_string()))?;
        std::fs::create_dir_all(&out_dir)?;
        for (name, code) in generated {
            let path = out_dir.join(name);
            if std::fs::read(&path).ok().as_deref() != Some(code.as_bytes()) {
                // (`layout=directory` writes under subdirectories.)
                let dir = path.parent().unwrap_or(&out_dir);
                std::fs::create_dir_all(dir)?;
                let tmp = dir.join(format!(".{}.protokit-tmp", std::process::id()));
                std::fs::write(&tmp, code)?;
                std::fs::rename(&tmp, &path)?;
            }
        }
        Ok(())
    }
}
