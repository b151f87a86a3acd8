//! Linking: what protoc's `DescriptorBuilder` does to one parsed file.
//!
//! [`link`] takes a file as the parser produced it ([`Lowered`]: type names as written,
//! defaults as written, no JSON names, options uninterpreted) and its already linked imports,
//! and returns the file as `protoc --descriptor_set_out` writes it (`FileDescriptor::CopyTo`
//! + `CopyJsonNameTo`, source-retention options stripped), in these phases:
//!
//! 1. **Symbols**: the package (and each parent package), messages, fields, oneofs, enums,
//!    enum values (siblings of their enum, C++ scoping), services, methods and extensions, with
//!    protoc's duplicate-definition errors, also against the symbols of every file imported
//!    directly or indirectly; and the checks protoc makes while building (field numbers,
//!    reserved and extension ranges, reserved names, map entry name clashes, …).
//! 2. **Name resolution** with protoc's scoping rules (innermost scope first; the first
//!    component of a dotted name decides the scope; leading `.` for absolute names), visible
//!    files being the file, its imports and whatever those re-export with `import public`.
//!    Field types, extendees and method types become fully qualified (`.pkg.Msg`); enum
//!    defaults, duplicate field and extension numbers are checked.
//! 3. **Options**: `crate::options` interprets them, seeing the imports through the linker's
//!    symbol tables.
//! 4. **Validation**: proto3 and editions rules, JSON name clashes, enum aliases and value
//!    names, field options (`packed`, `lazy`, `jstype`, …), map keys, message sets, lite
//!    imports, feature targets, extension declarations; edition 2024's naming style and
//!    symbol visibility; `targets` and `feature_support` windows of language features and
//!    custom options (`checks/`).
//! 5. **Output**: source-retention options (and their locations) removed, `json_name` on
//!    every field, defaults re-formatted by type (C's `%g`, `CEscape`), labels and types
//!    always set, `syntax`/`edition` as protoc writes them.
//!
//! Like protoc, options are interpreted only when phases 1–2 found no error, and validation
//! only runs when interpretation found none either. Errors carry protoc's messages and
//! positions; those protoc prints without a position have no span.
//!
//! The differential tests (`tests.rs`) compare the result with protoc 35.1 byte for byte,
//! source info included, on the fixtures under `fixtures/compiler/link/` and
//! `fixtures/compiler/valid/` and (ignored, for manual runs) on the googleapis corpus.

mod build;
mod checks;
mod declarations;
mod normalize;
mod options;
mod pool;
mod resolve;
mod retention;
mod symbols;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use protokit_diagnostics::Span;

use crate::descriptor::FileDescriptorProto;
use crate::error::CompileError;
pub use crate::lower::Lowered;
use crate::source_info::PackedLocations;

pub use pool::LinkPool;
pub(crate) use symbols::Symbol;

/// A file after linking: its final descriptor and source locations, and the symbols it
/// defines, for linking the files that import it.
///
/// Files are shared between their importers through `Arc`, so an imported file is linked once
/// and its symbol table is never copied.
#[derive(Debug)]
pub struct LinkedFile {
    /// The descriptor as protoc writes it with `--descriptor_set_out` (without
    /// `source_code_info`; see [`LinkedFile::source_code_info`]).
    pub proto: FileDescriptorProto,
    /// Source locations in protoc's order, option locations rewritten as protoc does
    /// (packed: every linked file's are kept until the output is written).
    pub locations: PackedLocations,
    name: Arc<str>,
    /// Every symbol the file defines, by full name without a leading dot. Packages are kept
    /// apart in `packages`: many files may share one.
    symbols: FxMap<Box<str>, Symbol>,
    /// The package and each parent package (`a.b.c`, `a.b`, `a`).
    packages: Vec<Box<str>>,
    deps: Vec<Arc<LinkedFile>>,
    public_deps: Vec<Arc<LinkedFile>>,
    /// Extension declarations of its messages (source-retention options, so no longer in
    /// `proto`), for checking extensions declared in other files.
    declarations: FxMap<Box<str>, Vec<declarations::RangeDeclarations>>,
    /// Its extensions by extendee and number.
    extensions: options::ExtensionIndex,
    /// What removing source-retention options took away (`None` when nothing was removed).
    retained: Option<Box<retention::Retained>>,
    /// Its place in the [`LinkPool`] it was linked in, if any.
    reach: Option<pool::Reach>,
    /// Whether it declares custom options (extensions of `google.protobuf.*Options`).
    declares_custom_options: bool,
    /// The files it imports directly or indirectly that declare custom options, in load
    /// order: what [`symbols::transitive_deps`] filtered to those would give, built from the
    /// imports' own lists (so not a walk over every imported file, which is quadratic in the
    /// length of an import chain).
    custom_option_files: Vec<Arc<LinkedFile>>,
    /// See [`LinkedFile::unused_imports`].
    unused_imports: Vec<(i32, u32)>,
}

impl LinkedFile {
    /// The imports protoc 35.1 warns about as unused (`Import X is unused.`), each as the
    /// field number of its list in `FileDescriptorProto` (3 for `dependency`, 15 for
    /// edition 2024's `option_dependency`) and its index there, plain imports first, each
    /// list in order; empty when linking found an error. Following
    /// protoc's `DescriptorBuilder`, an import is unused when no name resolution or option
    /// interpretation of this file found a symbol in it; `import public` statements and
    /// imports of files that themselves have `import public` are never reported; weak imports
    /// are. (protoc prints them in no fixed order, and only for the files named on its
    /// command line.)
    pub fn unused_imports(&self) -> &[(i32, u32)] {
        &self.unused_imports
    }

    /// The file's name as imported (`google/protobuf/empty.proto`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The imports it was linked against, in import order (imports that failed are absent).
    pub fn deps(&self) -> &[Arc<LinkedFile>] {
        &self.deps
    }

    /// The imports it re-exports with `import public`.
    pub fn public_deps(&self) -> &[Arc<LinkedFile>] {
        &self.public_deps
    }

    /// The symbol this file defines under `full_name` (no leading dot), if any.
    pub(crate) fn symbol(&self, full_name: &str) -> Option<&Symbol> {
        self.symbols.get(full_name)
    }

    /// Whether the file is in package `name` or one of its sub-packages.
    pub(crate) fn in_package(&self, name: &str) -> bool {
        self.packages.iter().any(|p| &**p == name)
    }

    /// `SourceCodeInfo` as protoc writes it with `--include_source_info`, given the line index
    /// of the file's text.
    pub fn source_code_info(
        &self,
        lines: &protokit_diagnostics::LineIndex,
    ) -> prost_types::SourceCodeInfo {
        prost_types::SourceCodeInfo {
            location: self
                .locations
                .unpack()
                .iter()
                .map(|l| l.to_proto(lines))
                .collect(),
        }
    }
}

/// protoc's duplicate-definition errors between files of one run that linking each file
/// against its own imports cannot see: protoc keeps every file it builds in one pool, so a
/// name defined by two files is an error in the one built second even when neither imports
/// the other, and a nested name (a field, a nested message, a oneof) clashing with an
/// imported file's is reported too (linking checks only names directly in the package).
///
/// `rank[id]` is file `id`'s place in protoc's build order (each input after its imports,
/// inputs in command-line order), `None` for files not built. Returns `(file id, error, the
/// clashing symbol's full name)` triples (no name for packages and notes), each error in the
/// file built later, with protoc's messages:
/// `"p.M" is already defined in file "a.proto".`, `"p.M" is already defined (as something
/// other than a package) in file "a.proto".` and, for enum values, protoc's note on C++
/// scoping. Clashes of names directly in the package with an imported file are left out:
/// linking reported them.
pub(crate) fn clashes_between_files(
    pool: &LinkPool,
    rank: &[Option<usize>],
) -> Vec<(usize, CompileError, Option<String>)> {
    struct Def<'a> {
        rank: usize,
        id: u32,
        file: &'a Arc<LinkedFile>,
        name: &'a str,
        /// `None` for a package.
        symbol: Option<&'a Symbol>,
    }
    let mut out = Vec::new();
    for (hash, symbol_ids, package_ids) in pool.shared_names() {
        let mut defs: Vec<Def<'_>> = Vec::new();
        for (ids, packages) in [(&symbol_ids, false), (&package_ids, true)] {
            for &id in ids.iter() {
                let (Some(file), Some(Some(rank))) = (pool.file(id), rank.get(id as usize)) else {
                    continue;
                };
                if packages {
                    for p in file.packages.iter().filter(|p| pool::hash(p) == hash) {
                        defs.push(Def {
                            rank: *rank,
                            id,
                            file,
                            name: p,
                            symbol: None,
                        });
                    }
                } else {
                    for (n, s) in file.symbols.iter().filter(|(n, _)| pool::hash(n) == hash) {
                        defs.push(Def {
                            rank: *rank,
                            id,
                            file,
                            name: n,
                            symbol: Some(s),
                        });
                    }
                }
            }
        }
        defs.sort_by(|a, b| a.name.cmp(b.name).then(a.rank.cmp(&b.rank)));
        for group in defs.chunk_by(|a, b| a.name == b.name) {
            for (k, later) in group.iter().enumerate() {
                let clashing: Vec<&Def<'_>> = group[..k]
                    .iter()
                    .filter(|e| {
                        e.rank < later.rank && (later.symbol.is_some() || e.symbol.is_some())
                    })
                    .collect();
                let Some(first) = clashing.first() else {
                    continue;
                };
                let reached =
                    |e: &&Def<'_>| later.file.reach.as_ref().is_some_and(|r| r.contains(e.id));
                let checked_by_link = match later.symbol {
                    None => true,
                    Some(s) => in_package_scope(s),
                };
                if checked_by_link && clashing.iter().any(reached) {
                    continue;
                }
                let file = later.file;
                let error = |span: Option<Span>, message: String| match span {
                    Some(s) => CompileError::new(file.name(), s, message),
                    None => CompileError::without_span(file.name(), message),
                };
                let other = first.file.name();
                match later.symbol {
                    None => {
                        let span = file.locations.span_of(&[2]);
                        out.push((
                            later.id as usize,
                            error(
                                span,
                                format!(
                                    "\"{}\" is already defined (as something other than a \
                                     package) in file \"{other}\".",
                                    later.name
                                ),
                            ),
                            None,
                        ));
                    }
                    Some(symbol) => {
                        // protoc has no position for oneof names.
                        let span = if matches!(symbol.kind, symbols::SymbolKind::Oneof) {
                            None
                        } else {
                            let name: Vec<i32> = symbol.path.iter().copied().chain([1]).collect();
                            file.locations.span_of(&name).or_else(|| {
                                file.locations
                                    .span_of(&symbol.path)
                                    .map(|s| Span::new(s.start, s.start))
                            })
                        };
                        out.push((
                            later.id as usize,
                            error(
                                span,
                                format!(
                                    "\"{}\" is already defined in file \"{other}\".",
                                    later.name
                                ),
                            ),
                            Some(later.name.to_string()),
                        ));
                        if let symbols::SymbolKind::EnumValue { parent } = &symbol.kind {
                            let (scope, value) = match later.name.rfind('.') {
                                Some(dot) => (&later.name[..dot], &later.name[dot + 1..]),
                                None => ("", later.name),
                            };
                            let where_ = if scope.is_empty() {
                                "the global scope".to_string()
                            } else {
                                format!("\"{scope}\"")
                            };
                            let enum_name = parent.rsplit('.').next().unwrap_or(parent);
                            out.push((
                                later.id as usize,
                                error(
                                    span,
                                    format!(
                                        "Note that enum values use C++ scoping rules, meaning \
                                         that enum values are siblings of their type, not \
                                         children of it.  Therefore, \"{value}\" must be \
                                         unique within {where_}, not just within \
                                         \"{enum_name}\"."
                                    ),
                                ),
                                None,
                            ));
                        }
                    }
                }
            }
        }
    }
    out
}

/// protoc's "seems to be defined in" for lookups that failed among a file's imports: protoc
/// keeps every file it builds in one pool, so a name that a file built earlier in the run
/// defines (one the failing file does not import) is named in the error, as
/// `"p.M" seems to be defined in "a.proto", which is not imported by "b.proto".  To use it
/// here, please add the necessary import.`, before the "is resolved to" note if there is one.
///
/// `rank[id]` is file `id`'s place in protoc's build order (`None`: not built); `failed[id]`
/// whether it has errors (protoc keeps only files built without errors). `errors` holds each
/// file's errors; the ones carrying an [`Undefined`](crate::error::Undefined) lookup are
/// rewritten when a file ranked before theirs defines one of the names the lookup tried (the
/// last such name, as protoc remembers the last).
pub(crate) fn undeclared_in_run(
    pool: &LinkPool,
    rank: &[Option<usize>],
    failed: &[bool],
    id: usize,
    errors: &mut Vec<CompileError>,
) {
    let Some(Some(own_rank)) = rank.get(id) else {
        return;
    };
    let earlier = |fid: u32| -> Option<(usize, &Arc<LinkedFile>)> {
        let r = (*rank.get(fid as usize)?)?;
        (r < *own_rank && !failed.get(fid as usize).copied().unwrap_or(true)).then_some(())?;
        Some((r, pool.file(fid)?))
    };
    let owner = |name: &str| -> Option<Arc<str>> {
        let symbol = pool
            .ids_listing(pool::Table::Symbols, name)
            .into_iter()
            .filter_map(earlier)
            .filter(|(_, f)| f.symbol(name).is_some())
            .min_by_key(|(r, _)| *r);
        let found = symbol.or_else(|| {
            pool.ids_listing(pool::Table::Packages, name)
                .into_iter()
                .filter_map(earlier)
                .filter(|(_, f)| f.in_package(name))
                .min_by_key(|(r, _)| *r)
        });
        found.map(|(_, f)| f.name.clone())
    };
    let mut i = 0;
    while i < errors.len() {
        let Some(u) = errors[i].undefined() else {
            i += 1;
            continue;
        };
        let undeclared = u
            .tried
            .iter()
            .rev()
            .find_map(|name| owner(name).map(|file| (name.clone(), file)));
        let Some(undeclared) = undeclared else {
            i += 1;
            continue;
        };
        let name = u.name.clone();
        let nf = symbols::NotFound {
            undeclared: Some(undeclared),
            resolved: u.resolved.clone(),
            tried: Vec::new(),
        };
        let old = errors.remove(i);
        let messages = nf.messages(&name, old.file());
        for (k, message) in messages.into_iter().enumerate() {
            let e = match old.span() {
                Some(span) => CompileError::new(old.file(), span, message),
                None => CompileError::without_span(old.file(), message),
            };
            errors.insert(i + k, e);
            i += 1;
        }
    }
}

/// Whether linking checks `symbol` against imported files: names directly in the file's
/// package (top-level messages, enums, services, extensions and the values of top-level
/// enums).
fn in_package_scope(symbol: &Symbol) -> bool {
    match symbol.kind {
        symbols::SymbolKind::EnumValue { .. } => symbol.path.len() == 4 && symbol.path[0] == 5,
        _ => symbol.path.len() == 2,
    }
}

/// Links one file, as protoc's `DescriptorBuilder::BuildFile` does.
///
/// `deps` are the file's direct imports that were built without errors, in import order
/// (duplicates and failed imports left out: the driver reports those), followed by the files
/// of its `import option` statements (edition 2024), which only option interpretation sees.
/// Which of them are public comes from `lowered.proto.public_dependency`, matched by file
/// name.
///
/// Returns the linked file, usable as a dependency even when there are errors, and every
/// error found, each at the position protoc reports it.
pub fn link(
    lowered: Lowered,
    file_name: &str,
    deps: Vec<Arc<LinkedFile>>,
) -> (LinkedFile, Vec<CompileError>) {
    link_with(None, lowered.into(), file_name, deps, None, true)
}

/// [`link`], for a driver linking many files: the file gets id `id` in `pool`, which makes
/// the checks against everything it imports directly or indirectly one lookup each instead of
/// a walk over those files (linear rather than quadratic in the length of an import chain).
/// Its imports must have been linked in the same pool and registered with [`LinkPool::add`];
/// register the result the same way before linking the files importing it. Same results as
/// [`link`].
pub fn link_in(
    pool: &Arc<LinkPool>,
    id: usize,
    lowered: Lowered,
    file_name: &str,
    deps: Vec<Arc<LinkedFile>>,
) -> (LinkedFile, Vec<CompileError>) {
    link_with(
        Some((pool, id)),
        lowered.into(),
        file_name,
        deps,
        None,
        true,
    )
}

/// A lowered file with its locations packed.
pub(crate) struct PackedLowered {
    pub proto: FileDescriptorProto,
    pub locations: PackedLocations,
    pub errors: Vec<CompileError>,
}

impl From<Lowered> for PackedLowered {
    fn from(lowered: Lowered) -> Self {
        PackedLowered {
            proto: lowered.proto,
            locations: PackedLocations::new(&lowered.locations),
            errors: lowered.errors,
        }
    }
}

/// [`link_in`], for a file whose locations are packed already.
///
/// `shadowed` names symbols of this file that an earlier file of the run already defines (see
/// [`clashes_between_files`]): protoc never added them to its pool, so name resolution does
/// not find them here either and reports them as defined in that file instead.
///
/// `direct_input`: whether the file was named as an input; protoc checks the `targets` of
/// the options and features a file sets only for those.
pub(crate) fn link_packed_in(
    pool: &Arc<LinkPool>,
    id: usize,
    lowered: PackedLowered,
    file_name: &str,
    deps: Vec<Arc<LinkedFile>>,
    shadowed: Option<&FxSet<String>>,
    direct_input: bool,
) -> (LinkedFile, Vec<CompileError>) {
    link_with(
        Some((pool, id)),
        lowered,
        file_name,
        deps,
        shadowed,
        direct_input,
    )
}

fn link_with(
    pool: Option<(&Arc<LinkPool>, usize)>,
    lowered: PackedLowered,
    file_name: &str,
    deps: Vec<Arc<LinkedFile>>,
    shadowed: Option<&FxSet<String>>,
    direct_input: bool,
) -> (LinkedFile, Vec<CompileError>) {
    let reach = pool.and_then(|(p, id)| p.reach(id, &deps));
    let pool = pool.filter(|_| reach.is_some()).map(|(p, _)| p.clone());
    let PackedLowered {
        mut proto,
        locations,
        errors,
    } = lowered;
    if proto.name.is_none() {
        proto.name = Some(file_name.to_string());
    }
    let public_names: Vec<&str> = proto
        .public_dependency
        .iter()
        .filter_map(|&i| proto.dependency.get(usize::try_from(i).ok()?))
        .map(String::as_str)
        .collect();
    let public_deps: Vec<Arc<LinkedFile>> = deps
        .iter()
        .filter(|d| public_names.contains(&d.name()))
        .cloned()
        .collect();

    let mut cx = Linker {
        file_name: Arc::from(file_name),
        proto,
        locations,
        errors,
        symbols: FxMap::default(),
        packages: Vec::new(),
        deps,
        public_deps,
        hints: Vec::new(),
        declarations: FxMap::default(),
        pool,
        reach,
        transitive: std::cell::OnceCell::new(),
        retained: None,
        custom_option_files: Vec::new(),
        used: FxSet::default(),
        shadowed: shadowed.cloned().unwrap_or_default(),
        direct_input,
    };
    cx.custom_option_files = custom_option_files(&cx.deps);
    cx.run();
    let Linker {
        file_name,
        proto,
        locations,
        errors,
        symbols,
        packages,
        deps,
        public_deps,
        declarations,
        reach,
        retained,
        custom_option_files,
        used,
        ..
    } = cx;
    let unused_imports = if errors.iter().all(CompileError::is_deferred) {
        unused_imports(&proto, &deps, &used)
    } else {
        Vec::new()
    };
    let declares_custom_options = checks::declares_custom_options(&proto);
    let extensions = options::extension_index(&proto, &symbols);
    (
        LinkedFile {
            extensions,
            proto,
            locations,
            name: file_name,
            symbols,
            packages,
            deps,
            public_deps,
            declarations,
            reach,
            retained,
            declares_custom_options,
            custom_option_files,
            unused_imports,
        },
        errors,
    )
}

/// See [`LinkedFile::unused_imports`]; `used` holds the addresses of the files symbols were
/// found in.
fn unused_imports(
    proto: &FileDescriptorProto,
    deps: &[Arc<LinkedFile>],
    used: &FxSet<usize>,
) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    for (field, names) in [(3, &proto.dependency), (15, &proto.option_dependency)] {
        for (i, name) in names.iter().enumerate() {
            let Ok(index) = u32::try_from(i) else { break };
            let public = || {
                proto
                    .public_dependency
                    .iter()
                    .any(|&p| u32::try_from(p) == Ok(index))
            };
            if field == 3 && public() {
                continue;
            }
            let Some(dep) = deps.iter().find(|d| d.name() == name) else {
                continue;
            };
            if dep.public_deps.is_empty() && !used.contains(&(Arc::as_ptr(dep) as usize)) {
                out.push((field, index));
            }
        }
    }
    out
}

/// See [`LinkedFile::custom_option_files`]. Walking imports in load order visits each
/// import's closure before the import itself, skipping files already visited (whose whole
/// closure was visited with them), so the filtered walk is each import's own filtered list,
/// then the import, without the files already listed.
fn custom_option_files(deps: &[Arc<LinkedFile>]) -> Vec<Arc<LinkedFile>> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for d in deps {
        let own = d.declares_custom_options.then_some(d);
        for f in d.custom_option_files.iter().chain(own) {
            if seen.insert(Arc::as_ptr(f)) {
                out.push(f.clone());
            }
        }
    }
    out
}

/// The state of linking one file.
pub(crate) struct Linker {
    pub(crate) file_name: Arc<str>,
    pub(crate) proto: FileDescriptorProto,
    pub(crate) locations: PackedLocations,
    pub(crate) errors: Vec<CompileError>,
    pub(crate) symbols: FxMap<Box<str>, Symbol>,
    pub(crate) packages: Vec<Box<str>>,
    pub(crate) deps: Vec<Arc<LinkedFile>>,
    pub(crate) public_deps: Vec<Arc<LinkedFile>>,
    /// Messages that get protoc's "Suggested field numbers" note: (message path, full name,
    /// where the first reason was reported, how many numbers to suggest).
    pub(crate) hints: Vec<(Vec<i32>, String, Option<Span>, usize)>,
    pub(crate) declarations: FxMap<Box<str>, Vec<declarations::RangeDeclarations>>,
    /// The pool the file is linked in and its place there; `None` when linked on its own.
    pub(crate) pool: Option<Arc<LinkPool>>,
    pub(crate) reach: Option<pool::Reach>,
    /// Every file imported directly or indirectly, in load order, computed on first need
    /// (only when the pool cannot answer alone).
    transitive: std::cell::OnceCell<Vec<Arc<LinkedFile>>>,
    pub(crate) retained: Option<Box<retention::Retained>>,
    /// See [`LinkedFile::custom_option_files`].
    pub(crate) custom_option_files: Vec<Arc<LinkedFile>>,
    /// The imported files (by address) whose symbols name resolution or option
    /// interpretation found, as protoc's `FindSymbol` and `FindSymbolNotEnforcingDeps` record
    /// them for its unused-import warning.
    pub(crate) used: FxSet<usize>,
    /// Own symbols name resolution does not see (see [`link_packed_in`]).
    pub(crate) shadowed: FxSet<String>,
    /// Whether the file is one of the run's inputs (see [`link_packed_in`]).
    pub(crate) direct_input: bool,
}

/// Which part of an element an error points at (protoc's `ErrorLocation`), as the field
/// number of that part in the element's descriptor message.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum At {
    /// The element as a whole (its first token).
    Whole,
    /// The part with this field number (`1` the name, `3` a field's number, …).
    Part(i32),
    /// A field's type: `type_name` (6) if written, else `type` (5).
    Type,
    /// No position (protoc prints just the file name for some errors).
    Nowhere,
}

/// The name of any element.
pub(crate) const NAME: At = At::Part(1);

impl Linker {
    fn run(&mut self) {
        let had_lowering_errors = !self.errors.is_empty();
        normalize::adjust_range_sentinels(&mut self.proto);
        let before = self.errors.len();
        self.build_symbols();
        self.cross_link();
        if self.errors.len() == before && !had_lowering_errors {
            self.interpret_options();
            self.declarations = declarations::of_file(&self.proto);
            if self.errors.len() == before {
                self.validate();
                self.check_declarations();
            }
            // Deferred errors (protoc's, after the file is built) keep the file as built.
            if self
                .errors
                .iter()
                .skip(before)
                .all(CompileError::is_deferred)
            {
                self.strip_source_retention();
            }
        }
        self.normalize();
    }

    /// Interprets options into their encoded form, as protoc does right after cross-linking:
    /// every type name of this file and its imports is fully qualified by then.
    fn interpret_options(&mut self) {
        self.check_explicit_map_entry();
        options::interpret(self);
    }

    /// Records an error about the element at `path` (a location path), at the part `at`.
    pub(crate) fn error(&mut self, path: &[i32], at: At, message: impl Into<String>) {
        let error = match self.span_of(path, at) {
            Some(span) => CompileError::new(&*self.file_name, span, message),
            None => CompileError::without_span(&*self.file_name, message),
        };
        self.errors.push(error);
    }

    /// The span protoc reports for part `at` of the element at `path`: that part's location,
    /// else the start of the element's location. `None` where protoc has no position: for
    /// elements the parser synthesized (map entries) and for [`At::Nowhere`].
    pub(crate) fn span_of(&self, path: &[i32], at: At) -> Option<Span> {
        let part = match at {
            At::Nowhere => return None,
            At::Whole => None,
            At::Part(f) => Some(f),
            At::Type => {
                if self.find_location(&[path, &[6]].concat()).is_some() {
                    Some(6)
                } else {
                    Some(5)
                }
            }
        };
        if let Some(f) = part {
            if let Some(span) = self.find_location(&[path, &[f]].concat()) {
                return Some(span);
            }
        }
        let span = self.find_location(path)?;
        Some(if part.is_some() {
            Span::new(span.start, span.start)
        } else {
            span
        })
    }

    /// protoc's option interpreter refuses `option map_entry = …;` written by hand.
    fn check_explicit_map_entry(&mut self) {
        fn visit(m: &crate::descriptor::DescriptorProto, out: &mut Vec<Span>) {
            if let Some(o) = &m.options {
                for u in &o.uninterpreted {
                    if let [part] = u.name.as_slice() {
                        if !part.is_extension && part.name == "map_entry" {
                            out.push(part.span);
                        }
                    }
                }
            }
            for n in &m.nested_type {
                visit(n, out);
            }
        }
        let mut spans = Vec::new();
        for m in &self.proto.message_type {
            visit(m, &mut spans);
        }
        for span in spans {
            self.errors.push(CompileError::new(
                &*self.file_name,
                span,
                "map_entry should not be set explicitly. Use map<KeyType, ValueType> instead.",
            ));
        }
    }

    /// The imports whose types this file may use: `deps` minus those only named by
    /// `import option` (edition 2024), which only option interpretation sees.
    pub(crate) fn type_deps(&self) -> Vec<Arc<LinkedFile>> {
        if self.proto.option_dependency.is_empty() {
            return self.deps.clone();
        }
        self.deps
            .iter()
            .filter(|d| {
                self.proto.dependency.iter().any(|n| n == d.name())
                    || !self.proto.option_dependency.iter().any(|n| n == d.name())
            })
            .cloned()
            .collect()
    }

    /// The first file imported directly or indirectly (in protoc's load order) for which
    /// `pred` holds. `pred` may only hold for files that `tables` list under `name`.
    pub(crate) fn find_imported(
        &self,
        tables: &[pool::Table],
        name: &str,
        pred: impl Fn(&LinkedFile) -> bool,
    ) -> Option<Arc<LinkedFile>> {
        if let (Some(p), Some(reach)) = (&self.pool, &self.reach) {
            match p.find(reach, tables, name, &pred) {
                pool::Lookup::None => return None,
                pool::Lookup::One(f) => return Some(f.clone()),
                pool::Lookup::Many => {}
            }
        }
        self.transitive
            .get_or_init(|| symbols::transitive_deps(&self.deps))
            .iter()
            .find(|f| pred(f))
            .cloned()
    }

    fn find_location(&self, path: &[i32]) -> Option<Span> {
        self.locations.span_of(path)
    }
}

/// `HashMap` with a fast non-cryptographic hasher (names come from the files being compiled,
/// and a slow hasher shows up in profiles of large trees).
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// `HashSet` with [`FxHasher`].
pub(crate) type FxSet<K> = std::collections::HashSet<K, BuildHasherDefault<FxHasher>>;

/// The Fx hash (rustc's): one multiply-rotate per word.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}
