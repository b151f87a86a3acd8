//! Finding `.proto` files by their import name.
//!
//! The compiler never touches the file system itself: it asks a [`FileResolver`] for each
//! file by its *import name* (the string written in `import "…";`, e.g.
//! `google/protobuf/any.proto`, and the name recorded in `FileDescriptorProto.name`). A
//! resolver answers with the file's text and a *display path* that diagnostics print.
//!
//! Implementations:
//! - [`IncludePaths`]: protoc's `-I`/`--proto_path` roots, searched in order, with protoc's
//!   rules for turning a command-line disk path into an import name
//!   ([`IncludePaths::virtual_name`]).
//! - [`InMemory`]: a map from import name to text (tests, git trees, stdin).
//! - [`Embedded`]: the well-known types and `google/protobuf/compiler/plugin.proto`, compiled
//!   into the binary.
//! - [`Chain`]: one resolver, then another as the fallback, e.g. the include paths and then
//!   the embedded well-known types (as protoc finds its own `include/` directory last).
//!
//! ```
//! use protokit_compiler::resolver::{Embedded, FileResolver, FileResolverExt, InMemory};
//!
//! let mut files = InMemory::new();
//! files.insert("a.proto", "syntax = \"proto3\";\nimport \"google/protobuf/any.proto\";\n");
//! let resolver = files.or(Embedded);
//! let any = resolver.open("google/protobuf/any.proto").unwrap().unwrap();
//! assert!(any.text().contains("message Any"));
//! assert!(resolver.open("missing.proto").unwrap().is_none());
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::io;
use std::path::Path;
use std::sync::Arc;

/// One source file found by a [`FileResolver`].
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SourceFile {
    name: String,
    path: String,
    text: Arc<str>,
}

impl SourceFile {
    /// A file with import name `name`, display path `path` and contents `text`.
    pub fn new(
        name: impl Into<String>,
        path: impl Into<String>,
        text: impl Into<Arc<str>>,
    ) -> Self {
        SourceFile {
            name: name.into(),
            path: path.into(),
            text: text.into(),
        }
    }

    /// A file from raw bytes, which must be UTF-8.
    ///
    /// # Errors
    /// A [`ResolveError`] (see [`ResolveError::invalid_utf8_position`]) naming `path` and the
    /// 1-based line and protoc column (tabs advance to the next multiple of 8) of the first
    /// byte that is not part of a valid UTF-8 sequence.
    pub fn from_bytes(
        name: impl Into<String>,
        path: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Result<Self, ResolveError> {
        let name = name.into();
        let path = path.into();
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(name, path, text)),
            Err(e) => {
                let bytes = e.as_bytes();
                let offset = e.utf8_error().valid_up_to();
                // The prefix up to the bad byte is valid UTF-8 by construction.
                let prefix = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
                let (line, column) =
                    protokit_diagnostics::LineIndex::new(prefix).line_col(offset as u32);
                Err(ResolveError::new(Kind::InvalidUtf8 {
                    name,
                    path,
                    offset,
                    byte: bytes[offset],
                    line: line + 1,
                    column: column + 1,
                }))
            }
        }
    }

    /// The import name, e.g. `google/protobuf/any.proto`: what `FileDescriptorProto.name`
    /// records and what other files import.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the file is, for diagnostics, as protoc prints it: the `-I` root joined with the
    /// import name (`protos/a/b.proto` for `-Iprotos`, `protos//a/b.proto` for `-Iprotos/`),
    /// or just the import name for files that are not on disk.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The file's text, shared.
    pub fn text_arc(&self) -> &Arc<str> {
        &self.text
    }
}

/// Looks up `.proto` files by import name.
///
/// Resolvers are shared by the compiler's worker threads, hence `Send + Sync`.
pub trait FileResolver: Send + Sync {
    /// Opens the file whose import name is `name` (e.g. `google/protobuf/any.proto`).
    ///
    /// Returns `Ok(None)` when this resolver has no such file (protoc then reports
    /// `File not found.`), so that a fallback can be tried.
    ///
    /// # Errors
    /// A [`ResolveError`] when the file exists but cannot be used: the name is not a valid
    /// import name (protoc's `Backslashes, consecutive slashes, ".", or ".." are not allowed
    /// in the virtual path`), it cannot be read (permission denied, I/O error), or it is not
    /// valid UTF-8. An error stops the search: fallbacks are not tried.
    fn open(&self, name: &str) -> Result<Option<SourceFile>, ResolveError>;
}

impl<T: FileResolver + ?Sized> FileResolver for &T {
    fn open(&self, name: &str) -> Result<Option<SourceFile>, ResolveError> {
        (**self).open(name)
    }
}

impl<T: FileResolver + ?Sized> FileResolver for Box<T> {
    fn open(&self, name: &str) -> Result<Option<SourceFile>, ResolveError> {
        (**self).open(name)
    }
}

impl<T: FileResolver + ?Sized> FileResolver for Arc<T> {
    fn open(&self, name: &str) -> Result<Option<SourceFile>, ResolveError> {
        (**self).open(name)
    }
}

/// Combinators for every [`FileResolver`].
pub trait FileResolverExt: FileResolver + Sized {
    /// This resolver, then `fallback` for the names it does not have.
    fn or<B: FileResolver>(self, fallback: B) -> Chain<Self, B> {
        Chain::new(self, fallback)
    }
}

impl<T: FileResolver> FileResolverExt for T {}

/// Asks `first`, and `second` only for names `first` does not have (`Ok(None)`).
///
/// An error from `first` is returned as it is, without asking `second`, as protoc stops at an
/// unreadable file instead of looking further.
#[derive(Clone, Debug)]
pub struct Chain<A, B> {
    first: A,
    second: B,
}

impl<A, B> Chain<A, B> {
    /// `first`, then `second`.
    pub fn new(first: A, second: B) -> Self {
        Chain { first, second }
    }

    /// The resolver asked first.
    pub fn first(&self) -> &A {
        &self.first
    }

    /// The fallback.
    pub fn second(&self) -> &B {
        &self.second
    }
}

impl<A: FileResolver, B: FileResolver> FileResolver for Chain<A, B> {
    fn open(&self, name: &str) -> Result<Option<SourceFile>, ResolveError> {
        match self.first.open(name)? {
            Some(file) => Ok(Some(file)),
            None => self.second.open(name),
        }
    }
}

/// Files held in memory, by import name. The display path of each file is its name.
#[derive(Clone, Debug, Default)]
pub struct InMemory {
    files: BTreeMap<String, Arc<str>>,
}

impl InMemory {
    /// An empty set of files.
    pub fn new() -> Self {
        InMemory::default()
    }

    /// Adds (or replaces) the file `name` with `text`.
    pub fn insert(&mut self, name: impl Into<String>, text: impl Into<Arc<str>>) -> &mut Self {
        self.files.insert(name.into(), text.into());
        self
    }

    /// Adds (or replaces) the file `name` with raw `bytes`, which must be UTF-8.
    ///
    /// # Errors
    /// As [`SourceFile::from_bytes`]; nothing is added then.
    pub fn insert_bytes(
        &mut self,
        name: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Result<&mut Self, ResolveError> {
        let name = name.into();
        let file = SourceFile::from_bytes(name.clone(), name, bytes)?;
        self.files.insert(file.name, file.text);
        Ok(self)
    }

    /// The import names held, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl<N: Into<String>, T: Into<Arc<str>>> FromIterator<(N, T)> for InMemory {
    fn from_iter<I: IntoIterator<Item = (N, T)>>(iter: I) -> Self {
        let mut files = InMemory::new();
        for (name, text) in iter {
            files.insert(name, text);
        }
        files
    }
}

impl FileResolver for InMemory {
    fn open(&self, name: &str) -> Result<Option<SourceFile>, ResolveError> {
        Ok(self
            .files
            .get(name)
            .map(|text| SourceFile::new(name, name, text.clone())))
    }
}

/// The well-known types and `google/protobuf/compiler/plugin.proto`, compiled into the binary
/// from the workspace's `proto/` directory. The display path of each file is its name.
///
/// These are protokit's own files; their descriptors are identical to protoc 35.1's copies
/// (`proto/check_wkt.py` verifies it).
#[derive(Clone, Copy, Debug, Default)]
pub struct Embedded;

macro_rules! embedded_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../proto/", $name)))),*]
    };
}

/// (import name, text) of every embedded file, sorted by name.
static EMBEDDED: &[(&str, &str)] = embedded_files![
    "google/protobuf/any.proto",
    "google/protobuf/api.proto",
    "google/protobuf/compiler/plugin.proto",
    "google/protobuf/cpp_features.proto",
    "google/protobuf/descriptor.proto",
    "google/protobuf/duration.proto",
    "google/protobuf/empty.proto",
    "google/protobuf/field_mask.proto",
    "google/protobuf/go_features.proto",
    "google/protobuf/java_features.proto",
    "google/protobuf/source_context.proto",
    "google/protobuf/struct.proto",
    "google/protobuf/timestamp.proto",
    "google/protobuf/type.proto",
    "google/protobuf/wrappers.proto",
];

impl Embedded {
    /// The embedded files as (import name, text), sorted by name.
    pub fn files() -> impl Iterator<Item = (&'static str, &'static str)> {
        EMBEDDED.iter().copied()
    }

    /// The text of the embedded file `name`, if there is one.
    pub fn get(name: &str) -> Option<&'static str> {
        EMBEDDED
            .binary_search_by(|(n, _)| (*n).cmp(name))
            .ok()
            .map(|i| EMBEDDED[i].1)
    }
}

impl FileResolver for Embedded {
    fn open(&self, name: &str) -> Result<Option<SourceFile>, ResolveError> {
        Ok(Embedded::get(name).map(|text| SourceFile::new(name, name, text)))
    }
}

/// One `-I` root: import names starting with `virtual_prefix` are looked up under `disk`.
#[derive(Clone, PartialEq, Eq, Debug)]
struct Mapping {
    /// Canonical virtual prefix; empty for a plain `-I<dir>`.
    virtual_prefix: String,
    /// Canonical disk path (see [`canonicalize`]); empty for `-I.`.
    disk: String,
}

/// protoc's `-I`/`--proto_path` roots, searched in the order given: the first root that has
/// the file wins.
///
/// Paths are compared as text, as protoc does (its `DiskSourceTree`): `.` components and
/// repeated slashes are dropped, but `..`, symlinks and absolute-versus-relative spellings are
/// not reconciled. File system paths that are not UTF-8 are not supported.
#[derive(Clone, Debug, Default)]
pub struct IncludePaths {
    mappings: Vec<Mapping>,
}

impl IncludePaths {
    /// Roots `dirs`, in search order (`-Ia -Ib` is `["a", "b"]`).
    pub fn new<P: AsRef<Path>>(dirs: impl IntoIterator<Item = P>) -> Self {
        let mut paths = IncludePaths::default();
        for dir in dirs {
            paths.push(dir);
        }
        paths
    }

    /// Adds root `dir` after the existing ones (`-I<dir>`).
    pub fn push(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.push_mapped("", dir)
    }

    /// Adds a root that serves import names under `virtual_prefix` from `dir`, after the
    /// existing ones (protoc's `-I<virtual_prefix>=<dir>`): with `-Ifoo=protos`, the import
    /// `foo/a.proto` is read from `protos/a.proto`.
    pub fn push_mapped(&mut self, virtual_prefix: &str, dir: impl AsRef<Path>) -> &mut Self {
        self.mappings.push(Mapping {
            virtual_prefix: virtual_prefix.to_owned(),
            disk: canonicalize(&dir.as_ref().to_string_lossy()),
        });
        self
    }

    /// Adds the roots of one `--proto_path`/`-I` argument as protoc parses it: several roots
    /// separated by `:` (`;` on Windows), each either `<dir>` or `<virtual>=<dir>`.
    ///
    /// Returns protoc's warnings, e.g. `nonexist: warning: directory does not exist.`.
    ///
    /// # Errors
    /// protoc's message for an empty root: `--proto_path passed empty directory name.  (Use
    /// "." for current directory.)`; no root of the argument is added then.
    pub fn push_proto_path_arg(&mut self, arg: &str) -> Result<Vec<String>, String> {
        let sep = if cfg!(windows) { ';' } else { ':' };
        let mut roots = Vec::new();
        let mut warnings = Vec::new();
        for part in arg.split(sep).filter(|p| !p.is_empty()) {
            let (virtual_prefix, disk) = match part.split_once('=') {
                Some((v, d)) => (v, d),
                None => ("", part),
            };
            if disk.is_empty() {
                return Err(
                    "--proto_path passed empty directory name.  (Use \".\" for current directory.)"
                        .to_owned(),
                );
            }
            if !Path::new(disk).exists() {
                warnings.push(format!("{disk}: warning: directory does not exist."));
            }
            roots.push((virtual_prefix, disk));
        }
        for (virtual_prefix, disk) in roots {
            self.push_mapped(virtual_prefix, disk);
        }
        Ok(warnings)
    }

    /// The roots' disk paths, in search order, canonicalized as protoc does.
    pub fn roots(&self) -> impl Iterator<Item = &str> {
        self.mappings.iter().map(|m| m.disk.as_str())
    }

    /// Maps a `.proto` file named on the command line to its import name, like protoc's
    /// `MakeProtoProtoPathRelative`.
    ///
    /// - A path that exists on disk is made relative to the first root that is a textual
    ///   prefix of it (`-Iprotos protos/a/b.proto` → `a/b.proto`). It is an error if an
    ///   earlier root also has a file with that import name (the input would be shadowed).
    /// - A path that is under no root, or that does not exist on disk, is taken as an import
    ///   name if some root has it (`-Iprotos a/b.proto` → `a/b.proto`).
    ///
    /// # Errors
    /// A [`ResolveError`] whose `Display` is protoc's message, one of:
    /// - `Could not make proto path relative: <path>: No such file or directory`
    /// - `<path>: File does not reside within any path specified using --proto_path (or
    ///   -I).  You must specify a --proto_path which encompasses this file.  …`
    /// - `<path>: Input is shadowed in the --proto_path by "<other>".  Either use the latter
    ///   file as your input or reorder the --proto_path so that the former file's location
    ///   comes first.`
    /// - `Could not map to virtual file: <path>: <reason>`
    pub fn virtual_name(&self, disk_path: &str) -> Result<String, ResolveError> {
        if !Path::new(disk_path).exists() {
            return if self.find_virtual(disk_path) {
                Ok(disk_path.to_owned())
            } else {
                Err(ResolveError::new(Kind::InputNotFound {
                    input: disk_path.to_owned(),
                }))
            };
        }

        let canonical = canonicalize(disk_path);
        let found = self.mappings.iter().enumerate().find_map(|(i, m)| {
            apply_mapping(&canonical, &m.disk, &m.virtual_prefix).map(|v| (i, v))
        });
        let Some((index, virtual_name)) = found else {
            return if self.find_virtual(disk_path) {
                Ok(disk_path.to_owned())
            } else {
                Err(ResolveError::new(Kind::NotInProtoPath {
                    input: disk_path.to_owned(),
                }))
            };
        };

        for earlier in &self.mappings[..index] {
            if let Some(shadow) =
                apply_mapping(&virtual_name, &earlier.virtual_prefix, &earlier.disk)
            {
                if Path::new(&disk_name(&shadow)).exists() {
                    return Err(ResolveError::new(Kind::Shadowed {
                        input: disk_path.to_owned(),
                        shadowing: shadow,
                    }));
                }
            }
        }

        if let Err(e) = std::fs::File::open(disk_path) {
            return Err(ResolveError::new(Kind::CannotMap {
                input: disk_path.to_owned(),
                reason: os_reason(&e),
            }));
        }
        Ok(virtual_name)
    }

    /// [`IncludePaths::virtual_name`] of each of `disk_paths`, in order, looked up in
    /// parallel (each lookup is a few file-system calls; a large tree names thousands of
    /// inputs).
    pub fn virtual_names<S: AsRef<str> + Sync>(
        &self,
        disk_paths: &[S],
    ) -> Vec<Result<String, ResolveError>> {
        use rayon::prelude::*;
        disk_paths
            .par_iter()
            .map(|p| self.virtual_name(p.as_ref()))
            .collect()
    }

    /// Whether some root has a file for import name `name` that can be opened, as protoc's
    /// `VirtualFileToDiskFile` checks it (the file is opened, not read: its text is read once,
    /// when it is compiled).
    fn find_virtual(&self, name: &str) -> bool {
        if name != canonicalize(name) || contains_parent_reference(name) {
            return false;
        }
        for m in &self.mappings {
            let Some(path) = apply_mapping(name, &m.virtual_prefix, &m.disk) else {
                continue;
            };
            match std::fs::File::open(disk_name(&path)) {
                Ok(file) if file.metadata().is_ok_and(|m| m.is_dir()) => continue,
                Ok(_) => return true,
                Err(e) if skippable(&e, &path) => continue,
                Err(_) => return false,
            }
        }
        false
    }
}

impl FileResolver for IncludePaths {
    /// Looks `name` up under each root in order, as protoc's `DiskSourceTree` does: a path
    /// that does not exist or is a directory is skipped; a file that exists but is not
    /// readable ends the search with an error.
    fn open(&self, name: &str) -> Result<Option<SourceFile>, ResolveError> {
        if name != canonicalize(name) || contains_parent_reference(name) {
            return Err(ResolveError::new(Kind::InvalidName {
                name: name.to_owned(),
            }));
        }
        for m in &self.mappings {
            let Some(path) = apply_mapping(name, &m.virtual_prefix, &m.disk) else {
                continue;
            };
            match std::fs::read(disk_name(&path)) {
                Ok(bytes) => return SourceFile::from_bytes(name, path, bytes).map(Some),
                Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                    return Err(ResolveError::new(Kind::PermissionDenied {
                        name: name.to_owned(),
                        path,
                    }));
                }
                Err(e) if skippable(&e, &path) => continue,
                Err(e) => {
                    return Err(ResolveError::new(Kind::Io {
                        name: name.to_owned(),
                        path,
                        kind: e.kind(),
                        reason: os_reason(&e),
                    }))
                }
            }
        }
        Ok(None)
    }
}

/// Whether a failed read means "this root does not have the file": it does not exist, a
/// path component is not a directory, or it is a directory (protoc skips those too).
fn skippable(e: &io::Error, path: &str) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory | io::ErrorKind::IsADirectory
    ) || Path::new(&disk_name(path)).is_dir()
}

/// The path to hand to the OS for a mapped path: protoc's mapping of `-I.` yields a bare
/// relative name, which is fine; an empty path means the current directory.
fn disk_name(path: &str) -> &str {
    if path.is_empty() {
        "."
    } else {
        path
    }
}

/// The OS's reason without Rust's ` (os error N)` suffix, as `strerror` prints it.
fn os_reason(e: &io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => text[..i].to_owned(),
        _ => text,
    }
}

/// protoc's `CanonicalizePath`: drops `.` components and repeated `/`, keeping a leading and
/// a trailing `/`. On Windows, backslashes become `/` first (except a leading `\\`).
fn canonicalize(path: &str) -> String {
    let path: std::borrow::Cow<'_, str> = if cfg!(windows) {
        if let Some(rest) = path.strip_prefix("\\\\") {
            format!("\\\\{}", rest.replace('\\', "/")).into()
        } else {
            path.replace('\\', "/").into()
        }
    } else {
        path.into()
    };
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let mut result = parts.join("/");
    if path.starts_with('/') {
        result.insert(0, '/');
    }
    if path.ends_with('/') && !result.is_empty() && !result.ends_with('/') {
        result.push('/');
    }
    result
}

/// protoc's `ContainsParentReference`.
fn contains_parent_reference(path: &str) -> bool {
    path == ".." || path.starts_with("../") || path.ends_with("/..") || path.contains("/../")
}

/// Whether `path` is absolute on Windows (`C:…` or `\\…`), which protoc checks on every
/// platform.
fn is_windows_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with("\\\\") || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
}

/// protoc's `ApplyMapping`: if `filename` starts with the path `old_prefix`, replaces that
/// prefix with `new_prefix`. An empty `old_prefix` matches any relative path. Names with `..`
/// after the prefix never match.
fn apply_mapping(filename: &str, old_prefix: &str, new_prefix: &str) -> Option<String> {
    let join = |rest: &str| {
        let mut result = new_prefix.to_owned();
        if !result.is_empty() {
            result.push('/');
        }
        result.push_str(rest);
        result
    };
    if old_prefix.is_empty() {
        if contains_parent_reference(filename)
            || filename.starts_with('/')
            || is_windows_absolute(filename)
        {
            return None;
        }
        return Some(join(filename));
    }
    let rest = filename.strip_prefix(old_prefix)?;
    if rest.is_empty() {
        return Some(new_prefix.to_owned());
    }
    let after = if let Some(r) = rest.strip_prefix('/') {
        r
    } else if old_prefix.ends_with('/') {
        rest
    } else {
        return None;
    };
    if contains_parent_reference(after) {
        return None;
    }
    Some(join(after))
}

/// Why a file could not be resolved.
///
/// `Display` prints the whole line as protoc prints it (e.g. `nope/../a.proto: Backslashes,
/// consecutive slashes, ".", or ".." are not allowed in the virtual path`); the accessors
/// give its parts.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ResolveError {
    kind: Kind,
}

#[derive(Clone, PartialEq, Eq, Debug)]
enum Kind {
    InvalidName {
        name: String,
    },
    PermissionDenied {
        name: String,
        path: String,
    },
    Io {
        name: String,
        path: String,
        kind: io::ErrorKind,
        reason: String,
    },
    InvalidUtf8 {
        name: String,
        path: String,
        offset: usize,
        byte: u8,
        line: u32,
        column: u32,
    },
    InputNotFound {
        input: String,
    },
    NotInProtoPath {
        input: String,
    },
    Shadowed {
        input: String,
        shadowing: String,
    },
    CannotMap {
        input: String,
        reason: String,
    },
}

impl ResolveError {
    fn new(kind: Kind) -> Self {
        ResolveError { kind }
    }

    /// The import name that was looked up, or for [`IncludePaths::virtual_name`] errors the
    /// path given on the command line.
    pub fn name(&self) -> &str {
        match &self.kind {
            Kind::InvalidName { name }
            | Kind::PermissionDenied { name, .. }
            | Kind::Io { name, .. }
            | Kind::InvalidUtf8 { name, .. } => name,
            Kind::InputNotFound { input }
            | Kind::NotInProtoPath { input }
            | Kind::Shadowed { input, .. }
            | Kind::CannotMap { input, .. } => input,
        }
    }

    /// The display path of the file on disk the error is about, when there is one.
    pub fn path(&self) -> Option<&str> {
        match &self.kind {
            Kind::PermissionDenied { path, .. }
            | Kind::Io { path, .. }
            | Kind::InvalidUtf8 { path, .. } => Some(path),
            Kind::CannotMap { input, .. } => Some(input),
            _ => None,
        }
    }

    /// The message without the file prefix, e.g. `File does not reside within any path …`
    /// or `invalid UTF-8 (byte 0xe9)`.
    pub fn message(&self) -> String {
        match &self.kind {
            Kind::InvalidName { .. } => "Backslashes, consecutive slashes, \".\", or \"..\" are \
                                         not allowed in the virtual path"
                .to_owned(),
            Kind::PermissionDenied { path, .. } => {
                format!("Read access is denied for file: {path}")
            }
            Kind::Io { reason, .. } => reason.clone(),
            Kind::InvalidUtf8 { byte, .. } => {
                format!(
                    "file is not valid UTF-8: byte 0x{byte:02x} is not part of a valid sequence"
                )
            }
            Kind::InputNotFound { .. } => "No such file or directory".to_owned(),
            Kind::NotInProtoPath { .. } => "File does not reside within any path specified \
                using --proto_path (or -I).  You must specify a --proto_path which encompasses \
                this file.  Note that the proto_path must be an exact prefix of the .proto file \
                names -- protoc is too dumb to figure out when two paths (e.g. absolute and \
                relative) are equivalent (it's harder than you think)."
                .to_owned(),
            Kind::Shadowed { shadowing, .. } => format!(
                "Input is shadowed in the --proto_path by \"{shadowing}\".  Either use the \
                 latter file as your input or reorder the --proto_path so that the former \
                 file's location comes first."
            ),
            Kind::CannotMap { reason, .. } => reason.clone(),
        }
    }

    /// For an invalid UTF-8 file: the byte offset of the first bad byte and its 1-based line
    /// and column (protoc columns: a tab advances to the next multiple of 8).
    pub fn invalid_utf8_position(&self) -> Option<(usize, u32, u32)> {
        match &self.kind {
            Kind::InvalidUtf8 {
                offset,
                line,
                column,
                ..
            } => Some((*offset, *line, *column)),
            _ => None,
        }
    }

    /// The I/O error kind, for errors that came from the OS.
    pub fn io_kind(&self) -> Option<io::ErrorKind> {
        match &self.kind {
            Kind::PermissionDenied { .. } => Some(io::ErrorKind::PermissionDenied),
            Kind::Io { kind, .. } => Some(*kind),
            Kind::InputNotFound { .. } => Some(io::ErrorKind::NotFound),
            _ => None,
        }
    }
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::InvalidName { name } | Kind::PermissionDenied { name, .. } => {
                write!(f, "{name}: {}", self.message())
            }
            Kind::Io { path, .. } => write!(f, "{path}: {}", self.message()),
            Kind::InvalidUtf8 {
                path, line, column, ..
            } => write!(f, "{path}:{line}:{column}: {}", self.message()),
            Kind::InputNotFound { input } => {
                write!(
                    f,
                    "Could not make proto path relative: {input}: {}",
                    self.message()
                )
            }
            Kind::NotInProtoPath { input } | Kind::Shadowed { input, .. } => {
                write!(f, "{input}: {}", self.message())
            }
            Kind::CannotMap { input, .. } => {
                write!(
                    f,
                    "Could not map to virtual file: {input}: {}",
                    self.message()
                )
            }
        }
    }
}

impl std::error::Error for ResolveError {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(root: &Path, name: &str, text: &str) {
        let path = root.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn s(p: &Path) -> String {
        p.to_str().unwrap().to_owned()
    }

    #[test]
    fn canonicalize_like_protoc() {
        assert_eq!(canonicalize("./a//b/./c.proto"), "a/b/c.proto");
        assert_eq!(canonicalize("/x/./y/"), "/x/y/");
        assert_eq!(canonicalize("."), "");
        assert_eq!(canonicalize("a/"), "a/");
        assert_eq!(canonicalize("a/../b"), "a/../b");
    }

    #[test]
    fn apply_mapping_like_protoc() {
        assert_eq!(
            apply_mapping("foo/bar", "", "baz").as_deref(),
            Some("baz/foo/bar")
        );
        assert_eq!(
            apply_mapping("foo/bar", "foo", "baz").as_deref(),
            Some("baz/bar")
        );
        assert_eq!(apply_mapping("foo", "foo", "bar").as_deref(), Some("bar"));
        assert_eq!(apply_mapping("foo/bar", "baz", "qux"), None);
        assert_eq!(apply_mapping("foobar", "foo", "baz"), None);
        assert_eq!(
            apply_mapping("a/b.proto", "", "").as_deref(),
            Some("a/b.proto")
        );
        assert_eq!(
            apply_mapping("a/b.proto", "a/", "x").as_deref(),
            Some("x/b.proto")
        );
        assert_eq!(apply_mapping("/abs.proto", "", "x"), None);
        assert_eq!(apply_mapping("../up.proto", "", "x"), None);
        assert_eq!(apply_mapping("a/../up.proto", "a", "x"), None);
    }

    #[test]
    fn first_root_wins_and_display_path_joins_root() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "a/x.proto", "// from a\n");
        write(dir.path(), "b/x.proto", "// from b\n");
        write(dir.path(), "b/y.proto", "// only b\n");
        let a = dir.path().join("a");
        let b = dir.path().join("b");
        let paths = IncludePaths::new([&a, &b]);

        let x = paths.open("x.proto").unwrap().unwrap();
        assert_eq!(x.text(), "// from a\n");
        assert_eq!(x.name(), "x.proto");
        assert_eq!(x.path(), format!("{}/x.proto", s(&a)));
        let y = paths.open("y.proto").unwrap().unwrap();
        assert_eq!(y.text(), "// only b\n");
        assert!(paths.open("z.proto").unwrap().is_none());

        // A trailing slash on the root is kept, as protoc prints it.
        let slashed = IncludePaths::new([format!("{}/", s(&a))]);
        let x = slashed.open("x.proto").unwrap().unwrap();
        assert_eq!(x.path(), format!("{}//x.proto", s(&a)));
    }

    #[test]
    fn mapped_roots() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "x.proto", "x");
        let mut paths = IncludePaths::default();
        paths.push_mapped("foo", dir.path());
        assert!(paths.open("x.proto").unwrap().is_none());
        let f = paths.open("foo/x.proto").unwrap().unwrap();
        assert_eq!(f.path(), format!("{}/x.proto", s(dir.path())));
        assert_eq!(
            paths
                .virtual_name(&format!("{}/x.proto", s(dir.path())))
                .unwrap(),
            "foo/x.proto"
        );
    }

    #[test]
    fn invalid_import_names() {
        let paths = IncludePaths::new(["."]);
        for name in ["../a.proto", "./a.proto", "a//b.proto", "a/../b.proto"] {
            let e = paths.open(name).unwrap_err();
            assert_eq!(
                e.to_string(),
                format!(
                    "{name}: Backslashes, consecutive slashes, \".\", or \"..\" are not allowed \
                     in the virtual path"
                )
            );
        }
    }

    #[test]
    fn directories_are_skipped() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("r/d.proto")).unwrap();
        write(dir.path(), "s/d.proto", "found");
        let only_r = IncludePaths::new([dir.path().join("r")]);
        assert!(only_r.open("d.proto").unwrap().is_none());
        let both = IncludePaths::new([dir.path().join("r"), dir.path().join("s")]);
        assert_eq!(both.open("d.proto").unwrap().unwrap().text(), "found");
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_file_is_an_error() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "secret.proto", "x");
        let path = dir.path().join("secret.proto");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).unwrap();
        if fs::read(&path).is_ok() {
            eprintln!("skipped: running with privileges that ignore file modes");
            return;
        }
        let paths = IncludePaths::new([dir.path()]);
        let e = paths.open("secret.proto").unwrap_err();
        assert_eq!(e.io_kind(), Some(io::ErrorKind::PermissionDenied));
        assert_eq!(
            e.to_string(),
            format!("secret.proto: Read access is denied for file: {}", s(&path))
        );
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.proto");
        fs::write(&path, b"syntax = \"proto3\";\n\t// caf\xe9\n").unwrap();
        let paths = IncludePaths::new([dir.path()]);
        let e = paths.open("bad.proto").unwrap_err();
        // Line 2; the tab takes the column to 8, then "// caf" is 6 more.
        assert_eq!(e.invalid_utf8_position(), Some((26, 2, 15)));
        assert_eq!(e.path(), Some(s(&path).as_str()));
        assert_eq!(
            e.to_string(),
            format!(
                "{}:2:15: file is not valid UTF-8: byte 0xe9 is not part of a valid sequence",
                s(&path)
            )
        );
        let mut mem = InMemory::new();
        assert!(mem.insert_bytes("x.proto", vec![b'a', 0xff]).is_err());
        assert!(mem.is_empty());
    }

    #[test]
    fn virtual_name_like_protoc() {
        let dir = tempfile::tempdir().unwrap();
        let root = s(dir.path());
        write(dir.path(), "a/x.proto", "a");
        write(dir.path(), "b/x.proto", "b");
        write(dir.path(), "b/only_b.proto", "b");

        let a = format!("{root}/a");
        let b = format!("{root}/b");
        let paths = IncludePaths::new([&a]);
        assert_eq!(
            paths.virtual_name(&format!("{a}/x.proto")).unwrap(),
            "x.proto"
        );
        assert_eq!(
            paths.virtual_name(&format!("{root}/./a//x.proto")).unwrap(),
            "x.proto"
        );
        // Not on disk as given, but an import name some root has.
        assert_eq!(paths.virtual_name("x.proto").unwrap(), "x.proto");

        let e = paths
            .virtual_name(&format!("{b}/only_b.proto"))
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{b}/only_b.proto: File does not reside within any path specified using \
                 --proto_path (or -I).  You must specify a --proto_path which encompasses this \
                 file.  Note that the proto_path must be an exact prefix of the .proto file \
                 names -- protoc is too dumb to figure out when two paths (e.g. absolute and \
                 relative) are equivalent (it's harder than you think)."
            )
        );

        let e = paths.virtual_name("missing.proto").unwrap_err();
        assert_eq!(
            e.to_string(),
            "Could not make proto path relative: missing.proto: No such file or directory"
        );

        let both = IncludePaths::new([&a, &b]);
        let e = both.virtual_name(&format!("{b}/x.proto")).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{b}/x.proto: Input is shadowed in the --proto_path by \"{a}/x.proto\".  Either \
                 use the latter file as your input or reorder the --proto_path so that the \
                 former file's location comes first."
            )
        );
        assert_eq!(
            both.virtual_name(&format!("{b}/only_b.proto")).unwrap(),
            "only_b.proto"
        );
    }

    #[test]
    fn proto_path_args() {
        let dir = tempfile::tempdir().unwrap();
        let root = s(dir.path());
        let mut paths = IncludePaths::default();
        let warnings = paths
            .push_proto_path_arg(&format!("{root}:v={root}:{root}/nonexist"))
            .unwrap();
        assert_eq!(
            warnings,
            [format!(
                "{root}/nonexist: warning: directory does not exist."
            )]
        );
        assert_eq!(paths.roots().count(), 3);
        assert_eq!(
            paths.push_proto_path_arg("v=").unwrap_err(),
            "--proto_path passed empty directory name.  (Use \".\" for current directory.)"
        );
        assert_eq!(paths.roots().count(), 3);
    }

    #[test]
    fn chain_falls_back_only_on_none() {
        let mut first = InMemory::new();
        first.insert("google/protobuf/any.proto", "// shadowing copy\n");
        let chain = first.or(Embedded);
        assert_eq!(
            chain
                .open("google/protobuf/any.proto")
                .unwrap()
                .unwrap()
                .text(),
            "// shadowing copy\n"
        );
        assert!(chain
            .open("google/protobuf/timestamp.proto")
            .unwrap()
            .unwrap()
            .text()
            .contains("message Timestamp"));

        let failing = IncludePaths::new(["."]).or(Embedded);
        assert!(failing.open("../google/protobuf/any.proto").is_err());
    }

    #[test]
    fn embedded_files_are_sorted_and_complete() {
        let names: Vec<_> = Embedded::files().map(|(n, _)| n).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        assert_eq!(names.len(), 15);
        for (name, text) in Embedded::files() {
            assert!(text.contains("\npackage "), "{name}");
            assert_eq!(Embedded::get(name), Some(text));
        }
        assert_eq!(Embedded::get("google/protobuf/nope.proto"), None);
    }
}
