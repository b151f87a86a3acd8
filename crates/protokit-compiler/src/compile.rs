//! The compile driver: names of `.proto` files in, a protoc-identical `FileDescriptorSet` out.
//!
//! [`Compiler`] loads each file through a [`FileResolver`], parses and lowers it, follows its
//! imports, then links every file once all of its imports are linked. Parsing and lowering
//! run in parallel over all files; linking runs in parallel over every file whose imports are
//! done (a topological wavefront). Import problems are reported with protoc's texts:
//!
//! - `x.proto: File not found.`
//! - `a.proto:2:1: Import "x.proto" was not found or had errors.`
//! - `a.proto:2:1: File recursively imports itself: a.proto -> b.proto -> a.proto`
//! - `a.proto:3:1: Import "x.proto" was listed twice.`
//!
//! ```no_run
//! use protokit_compiler::compile::Compiler;
//! use protokit_compiler::resolver::{Embedded, FileResolverExt, IncludePaths};
//!
//! let resolver = IncludePaths::new(["protos"]).or(Embedded);
//! match Compiler::new(resolver).compile(&["acme/v1/shop.proto"]) {
//!     Ok(output) => std::fs::write("shop.binpb", output.encode()).unwrap(),
//!     Err(errors) => {
//!         for e in errors.errors() {
//!             eprintln!("{}", errors.format_gcc(e));
//!         }
//!     }
//! }
//! ```

mod encode;
mod graph;
mod stages;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use protokit_diagnostics::{LineIndex, Span};

use crate::descriptor::{FileDescriptorProto, FileDescriptorSet};
use crate::error::CompileError;

pub use stages::LinkedFile;

use crate::resolver::FileResolver;

/// Compiles `.proto` files, found through a [`FileResolver`], into a descriptor set.
///
/// By default the output includes imports and source info (like `buf build`); switch either
/// off to get what `protoc --descriptor_set_out` writes without `--include_imports` /
/// `--include_source_info`.
pub struct Compiler<R> {
    resolver: R,
    include_source_info: bool,
    include_imports: bool,
    retain_sources: bool,
    retain_options: bool,
}

impl<R: FileResolver> Compiler<R> {
    /// A compiler that loads files through `resolver`.
    pub fn new(resolver: R) -> Self {
        Compiler {
            resolver,
            include_source_info: true,
            include_imports: true,
            retain_sources: true,
            retain_options: false,
        }
    }

    /// Whether each compiled file keeps its text ([`SourceText::text`]) after it is parsed.
    /// Default: yes. Without, the text is dropped once the file is lowered (its line index is
    /// kept, for source info and positions), which saves memory the size of the tree's
    /// sources; files named by errors are read again through the resolver to render them.
    pub fn retain_sources(mut self, yes: bool) -> Self {
        self.retain_sources = yes;
        self
    }

    /// Whether [`CompileOutput::encode`] includes `SourceCodeInfo` (protoc's
    /// `--include_source_info`). Default: yes.
    pub fn include_source_info(mut self, yes: bool) -> Self {
        self.include_source_info = yes;
        self
    }

    /// Whether [`CompileOutput::encode`] includes every imported file, each before the files
    /// that import it (protoc's `--include_imports`). Default: yes.
    pub fn include_imports(mut self, yes: bool) -> Self {
        self.include_imports = yes;
        self
    }

    /// Whether [`CompileOutput::encode`] keeps source-retention options (and their
    /// locations) in every file, instead of stripping them as protoc does by default
    /// (protoc's `--retain_options`). Default: no.
    pub fn retain_options(mut self, yes: bool) -> Self {
        self.retain_options = yes;
        self
    }

    /// The resolver files are loaded through.
    pub fn resolver(&self) -> &R {
        &self.resolver
    }

    /// Compiles `files` (import names such as `foo/bar.proto`, resolved by the resolver) and
    /// everything they import.
    ///
    /// Returns every error of every file when any file has one: syntax, lowering, import and
    /// linking errors, in the order protoc reports them (a file's syntax errors when it is
    /// first reached, its import and linking errors once its imports are built), each file's
    /// errors sorted by position.
    pub fn compile<S: AsRef<str>>(&self, files: &[S]) -> Result<CompileOutput, CompileErrors> {
        let mut inputs: Vec<String> = Vec::new();
        for f in files {
            let f = f.as_ref();
            if !inputs.iter().any(|i| i == f) {
                inputs.push(f.to_string());
            }
        }

        let start = std::time::Instant::now();
        let cpu0 = timing_enabled().then(process_cpu_seconds).flatten();
        let mut link_early = true;
        let mut forced: HashMap<String, graph::Forced> = HashMap::new();
        let (loaded, plan, mut linked, pool, rank, load_done, cpu1, plan_done) = loop {
            let graph::Loaded {
                mut files,
                early,
                pool,
            } = graph::load_all(&self.resolver, &inputs, self.retain_sources, link_early);
            let load_done = start.elapsed();
            let cpu1 = timing_enabled().then(process_cpu_seconds).flatten();
            let plan = with_deep_stack(|| graph::plan(&files, &inputs));
            let plan_done = start.elapsed();
            let Some(linked) = graph::link_all(&mut files, &plan, early, pool.clone(), &forced)
            else {
                // Not expected (see `link_all`); again, each file linked in protoc's plan.
                assert!(link_early, "nothing is linked early");
                link_early = false;
                continue;
            };
            let mut rank = vec![None; linked.len()];
            for (i, id) in plan
                .events
                .iter()
                .filter_map(|e| match e {
                    graph::Event::Build(id) => Some(*id),
                    graph::Event::Errors(_) => None,
                })
                .enumerate()
            {
                rank[id] = Some(i);
            }
            // Clashes between files that do not import each other, which linking one file
            // cannot see (protoc has one pool for the whole run). A clashing file fails in
            // protoc, and so do its own uses of the clashing names and the files importing
            // it: when there are clashes, everything is linked again with those files
            // failing that way (errors only: the output is not written).
            if forced.is_empty() {
                let clashes = crate::link::clashes_between_files(&pool, &rank);
                if !clashes.is_empty() {
                    for (id, error, name) in clashes {
                        let f = forced.entry(files[id].name.clone()).or_default();
                        f.errors.push(error);
                        f.shadowed.extend(name);
                    }
                    link_early = false;
                    continue;
                }
            }
            break (files, plan, linked, pool, rank, load_done, cpu1, plan_done);
        };
        if timing_enabled() {
            let cpu2 = process_cpu_seconds();
            let cpu = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => format!(" ({:.2} CPU-s)", b - a),
                _ => String::new(),
            };
            eprintln!(
                "protokit timing: {} files; load (read, parse, lower) {load_done:.2?}{}, plan \
                 {:.2?}, link {:.2?}{}",
                loaded.len(),
                cpu(cpu0, cpu1),
                plan_done - load_done,
                start.elapsed() - plan_done,
                cpu(cpu1, cpu2),
            );
        }

        // Names a file uses without importing them, defined by a file built earlier (protoc
        // has one pool for the whole run).
        let failed: Vec<bool> = linked
            .iter()
            .map(|o| {
                o.as_ref().is_none_or(|o| {
                    o.file.is_none() || !o.errors.iter().all(CompileError::is_deferred)
                })
            })
            .collect();
        for (id, outcome) in linked.iter_mut().enumerate() {
            if let Some(outcome) = outcome {
                if outcome.errors.iter().any(|e| e.undefined().is_some()) {
                    crate::link::undeclared_in_run(&pool, &rank, &failed, id, &mut outcome.errors);
                }
            }
        }
        drop(pool);

        let mut errors = Vec::new();
        for event in &plan.events {
            match event {
                graph::Event::Errors(list) => errors.extend(list.iter().cloned()),
                graph::Event::Build(id) => {
                    if let Some(outcome) = &linked[*id] {
                        errors.extend(outcome.errors.iter().cloned());
                    }
                }
            }
        }

        if !errors.is_empty() {
            let mut sources: HashMap<String, Arc<SourceText>> = loaded
                .iter()
                .filter_map(|l| l.source.clone().map(|s| (l.name.clone(), s)))
                .collect();
            if !self.retain_sources {
                self.reload_sources(&errors, &mut sources);
            }
            let fixed_positions = loaded
                .iter()
                .filter_map(|l| l.fixed_position.map(|p| (l.name.clone(), p)))
                .collect();
            let input_names: HashSet<&str> = inputs.iter().map(String::as_str).collect();
            let warnings = plan
                .events
                .iter()
                .filter_map(|e| match e {
                    graph::Event::Build(id) => Some(*id),
                    graph::Event::Errors(_) => None,
                })
                .filter(|&id| input_names.contains(loaded[id].name.as_str()))
                .filter_map(|id| {
                    let outcome = linked[id].as_ref()?;
                    let file = outcome
                        .file
                        .as_ref()
                        .filter(|_| outcome.errors.iter().all(CompileError::is_deferred))?;
                    Some(warnings_of(file, loaded[id].source.as_ref()?))
                })
                .flatten()
                .collect();
            return Err(CompileErrors {
                errors,
                warnings,
                sources,
                fixed_positions,
            });
        }

        // protoc's GetTransitiveDependencies: post-order over each file's imports, inputs in
        // command-line order, each file once.
        let by_name: HashMap<&str, usize> = loaded
            .iter()
            .enumerate()
            .map(|(i, l)| (l.name.as_str(), i))
            .collect();
        let mut order = Vec::new();
        with_deep_stack(|| {
            let mut seen = HashSet::new();
            for input in &inputs {
                post_order(by_name[input.as_str()], &loaded, &mut seen, &mut order);
            }
        });
        let input_ids: HashSet<usize> = inputs.iter().map(|n| by_name[n.as_str()]).collect();
        let files = order
            .into_iter()
            .map(|id| {
                let outcome = linked[id]
                    .as_ref()
                    .expect("every reachable file was linked when there are no errors");
                CompiledFile {
                    linked: outcome.file.clone().expect("linked without errors"),
                    source: loaded[id]
                        .source
                        .clone()
                        .expect("linked files have a source"),
                    is_input: input_ids.contains(&id),
                }
            })
            .collect::<Vec<_>>();
        let index: HashMap<&str, usize> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name(), i))
            .collect();
        let inputs = inputs.iter().map(|n| index[n.as_str()]).collect();
        if timing_enabled() {
            eprintln!("protokit timing: compile done at {:.2?}", start.elapsed());
        }

        Ok(CompileOutput {
            files,
            inputs,
            include_source_info: self.include_source_info,
            include_imports: self.include_imports,
            retain_options: self.retain_options,
        })
    }
}

impl<R: FileResolver> Compiler<R> {
    /// Reads again the texts of the files `errors` point into (without
    /// [`Compiler::retain_sources`], loading dropped them).
    fn reload_sources(
        &self,
        errors: &[CompileError],
        sources: &mut HashMap<String, Arc<SourceText>>,
    ) {
        let named = errors
            .iter()
            .flat_map(|e| std::iter::once(e.file()).chain(e.labels().iter().map(|l| l.0.as_str())));
        let mut done = HashSet::new();
        for name in named {
            if !done.insert(name) {
                continue;
            }
            let Some(source) = sources.get_mut(name) else {
                continue;
            };
            if let Ok(Some(file)) = self.resolver.open(name) {
                // Only a file that still has the same text: its line index must match the
                // positions already computed.
                if file.text().len() == source.text_len {
                    *source = Arc::new(SourceText::new(name, file.path(), file.text_arc().clone()));
                }
            }
        }
    }
}

/// Whether `PROTOKIT_TIMING` is set (to anything but `0` or nothing): the driver then prints
/// how long each stage took to stderr, for profiling large trees.
pub fn timing_enabled() -> bool {
    static ENABLED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ENABLED.get_or_init(|| {
        std::env::var_os("PROTOKIT_TIMING").is_some_and(|v| !v.is_empty() && v != "0")
    })
}

/// User plus system CPU time of this process so far, from `/proc/self/stat` (clock ticks,
/// taken as 100 per second); `None` where that file does not exist.
pub fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let mut fields = rest.split(' ').skip(11);
    let utime: f64 = fields.next()?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Runs `f` on a thread with a stack big enough for walks as deep as the longest import chain
/// (the walks recurse once per import; a chain of thousands of files is legal).
fn with_deep_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    const STACK: usize = 1 << 30; // address space only; pages are touched as needed
    std::thread::scope(|s| {
        std::thread::Builder::new()
            .name("protokit-import-graph".into())
            .stack_size(STACK)
            .spawn_scoped(s, f)
            .expect("spawn the import-graph thread")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

fn post_order(
    id: usize,
    loaded: &[graph::LoadedFile],
    seen: &mut HashSet<usize>,
    out: &mut Vec<usize>,
) {
    if !seen.insert(id) {
        return;
    }
    for dep in loaded[id].dep_ids.iter().flatten() {
        {
            post_order(*dep, loaded, seen, out);
        }
    }
    out.push(id);
}

/// One file's text as it was compiled, for rendering positions.
#[derive(Debug)]
pub struct SourceText {
    name: String,
    path: String,
    text: Arc<str>,
    /// The length of the text, kept when the text itself is dropped.
    text_len: usize,
    lines: LineIndex,
}

impl SourceText {
    /// Wraps a file's text; `path` is what diagnostics print for it (see
    /// [`crate::resolver::SourceFile::path`]).
    pub fn new(name: impl Into<String>, path: impl Into<String>, text: Arc<str>) -> Self {
        let lines = LineIndex::new(&text);
        SourceText {
            name: name.into(),
            path: path.into(),
            text_len: text.len(),
            text,
            lines,
        }
    }

    /// `self` without its text (an empty [`SourceText::text`]), line index kept.
    pub(crate) fn without_text(self) -> Self {
        SourceText {
            text: Arc::from(""),
            ..self
        }
    }

    /// The file's import name, e.g. `google/protobuf/any.proto`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the file is, as diagnostics print it (protoc prints the disk path).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The file's text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The file's line index (protoc's 0-based lines and columns).
    pub fn lines(&self) -> &LineIndex {
        &self.lines
    }
}

/// One compiled file: its linked descriptor, locations and source text.
#[derive(Clone)]
pub struct CompiledFile {
    linked: Arc<LinkedFile>,
    source: Arc<SourceText>,
    is_input: bool,
}

impl CompiledFile {
    /// The file's import name.
    pub fn name(&self) -> &str {
        self.source.name()
    }

    /// The linked file (descriptor and source locations).
    pub fn linked(&self) -> &Arc<LinkedFile> {
        &self.linked
    }

    /// The file's descriptor, without `source_code_info`.
    pub fn proto(&self) -> &FileDescriptorProto {
        &self.linked.proto
    }

    /// The file's text.
    pub fn source(&self) -> &Arc<SourceText> {
        &self.source
    }

    /// Whether the file was one of the files passed to [`Compiler::compile`] (rather than only
    /// imported).
    pub fn is_input(&self) -> bool {
        self.is_input
    }

    /// The file's descriptor with its `SourceCodeInfo` filled in, as protoc writes it with
    /// `--include_source_info`.
    pub fn proto_with_source_info(&self) -> FileDescriptorProto {
        let mut proto = self.linked.proto.clone();
        proto.source_code_info = Some(prost_types::SourceCodeInfo {
            location: self
                .linked
                .locations
                .unpack()
                .iter()
                .map(|l| l.to_proto(&self.source.lines))
                .collect(),
        });
        proto
    }
}

impl CompiledFile {
    /// [`CompiledFile::proto_with_source_info`] with source-retention options kept (and their
    /// locations): protoc's `--retain_options`, and what it sends plugins as
    /// `source_file_descriptors`.
    pub fn proto_with_retained_options(&self) -> FileDescriptorProto {
        let (proto, locations) = self.linked.retained();
        let mut proto = proto.into_owned();
        proto.source_code_info = Some(prost_types::SourceCodeInfo {
            location: locations
                .iter()
                .map(|l| l.to_proto(&self.source.lines))
                .collect(),
        });
        proto
    }
}

/// A warning protoc prints while compiling, on standard error, without failing. The one
/// protoc 35.1 warning protokit reproduces is the unused import of an input file,
/// `Import X is unused.` (see [`LinkedFile::unused_imports`](crate::link::LinkedFile::unused_imports)),
/// positioned at the `import` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileWarning {
    file: String,
    display_path: String,
    line: u32,
    column: u32,
    message: String,
}

impl CompileWarning {
    /// The import name of the file it is in.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The 1-based line and column, as protoc prints them.
    pub fn position(&self) -> (u32, u32) {
        (self.line, self.column)
    }

    /// The message, in protoc's words (`Import c.proto is unused.`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// As protoc prints it with `--error_format=gcc` (the default):
    /// `path:line:col: warning: message`, the path as for errors (the disk path as given).
    pub fn format_gcc(&self) -> String {
        format!(
            "{}:{}:{}: warning: {}",
            self.display_path, self.line, self.column, self.message
        )
    }

    /// As protoc prints it with `--error_format=msvs`:
    /// `path(line) : warning in column=col: warning: message` (protoc says "warning" twice).
    pub fn format_msvs(&self) -> String {
        format!(
            "{}({}) : warning in column={}: warning: {}",
            self.display_path, self.line, self.column, self.message
        )
    }
}

/// The warnings of one input file that linked without errors, in import order.
fn warnings_of(file: &LinkedFile, source: &SourceText) -> Vec<CompileWarning> {
    file.unused_imports()
        .iter()
        .filter_map(|&(field, i)| {
            let names = if field == 3 {
                &file.proto.dependency
            } else {
                &file.proto.option_dependency
            };
            let name = names.get(i as usize)?;
            let (line, column) = file
                .locations
                .span_of(&[field, i32::try_from(i).ok()?])
                .map_or((0, 0), |s| source.lines.line_col(s.start));
            Some(CompileWarning {
                file: file.name().to_string(),
                display_path: source.path().to_string(),
                line: line + 1,
                column: column + 1,
                message: format!("Import {name} is unused."),
            })
        })
        .collect()
}

/// The result of a successful [`Compiler::compile`].
pub struct CompileOutput {
    files: Vec<CompiledFile>,
    inputs: Vec<usize>,
    include_source_info: bool,
    include_imports: bool,
    retain_options: bool,
}

impl std::fmt::Debug for CompileOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CompileOutput")
            .field(
                "files",
                &self.files.iter().map(|f| f.name()).collect::<Vec<_>>(),
            )
            .field("include_source_info", &self.include_source_info)
            .field("include_imports", &self.include_imports)
            .finish()
    }
}

impl CompileOutput {
    /// [`CompileOutput::encode`] handed to `f` a piece at a time (the concatenation of the
    /// pieces is the encoded set), stopping at `f`'s first error: for writing a large set while
    /// holding only a few files' bytes at once.
    pub fn encode_each<E>(&self, f: impl FnMut(&[u8]) -> Result<(), E>) -> Result<(), E> {
        let files = self.output_files();
        encode::for_each_part(&files, self.encoding(), f)
    }

    /// protoc's warnings about the input files, in the order protoc builds them (each input
    /// after its imports, inputs in command-line order).
    pub fn warnings(&self) -> Vec<CompileWarning> {
        self.files
            .iter()
            .filter(|f| f.is_input)
            .flat_map(|f| warnings_of(&f.linked, &f.source))
            .collect()
    }

    /// Every compiled file, imports included, each after the files it imports (the order of
    /// protoc's `--include_imports` output).
    pub fn files(&self) -> &[CompiledFile] {
        &self.files
    }

    /// The files of the descriptor set: with imports, [`CompileOutput::files`]; without, the
    /// inputs in protoc's order, which is not the command line's: each input comes after the
    /// inputs it imports, directly or through other inputs (protoc's `WriteDescriptorSet`
    /// walks imports, then `import option`s, from each input in command-line order, but not
    /// into files that are not inputs).
    fn output_files(&self) -> Vec<&CompiledFile> {
        if self.include_imports {
            return self.files.iter().collect();
        }
        let index: HashMap<&str, usize> = self
            .inputs
            .iter()
            .map(|&i| (self.files[i].name(), i))
            .collect();
        let mut seen: HashSet<usize> = HashSet::new();
        let mut out = Vec::with_capacity(self.inputs.len());
        // Iterative post-order (input chains can be long): (file, next import to look at).
        let mut stack: Vec<(usize, usize)> = Vec::new();
        for &input in &self.inputs {
            if !seen.insert(input) {
                continue;
            }
            stack.push((input, 0));
            while let Some((file, next)) = stack.last_mut() {
                let proto = self.files[*file].proto();
                let dep = proto
                    .dependency
                    .iter()
                    .chain(&proto.option_dependency)
                    .nth(*next);
                match dep {
                    Some(dep) => {
                        *next += 1;
                        if let Some(&d) = index.get(dep.as_str()) {
                            if seen.insert(d) {
                                stack.push((d, 0));
                            }
                        }
                    }
                    None => {
                        out.push(&self.files[*file]);
                        stack.pop();
                    }
                }
            }
        }
        out
    }

    /// The files passed to [`Compiler::compile`], in that order.
    pub fn inputs(&self) -> impl Iterator<Item = &CompiledFile> + '_ {
        self.inputs.iter().map(|&i| &self.files[i])
    }

    /// The compiled file named `name`, if it was compiled.
    pub fn file(&self, name: &str) -> Option<&CompiledFile> {
        self.files.iter().find(|f| f.name() == name)
    }

    /// The descriptor set the compiler was configured to produce: all files or only the
    /// inputs, with or without source info and source-retention options.
    pub fn descriptor_set(&self) -> FileDescriptorSet {
        use rayon::prelude::*;
        let files = self.output_files();
        let file = match (self.include_source_info, self.retain_options) {
            (true, true) => files
                .par_iter()
                .map(|f| f.proto_with_retained_options())
                .collect(),
            (true, false) => files
                .par_iter()
                .map(|f| f.proto_with_source_info())
                .collect(),
            (false, true) => files
                .iter()
                .map(|f| f.linked.retained().0.into_owned())
                .collect(),
            (false, false) => files.iter().map(|f| f.proto().clone()).collect(),
        };
        FileDescriptorSet { file }
    }

    fn encoding(&self) -> encode::Encoding {
        encode::Encoding {
            source_info: self.include_source_info,
            retain_options: self.retain_options,
        }
    }

    /// The encoded `FileDescriptorSet`: the bytes `protoc --descriptor_set_out` writes.
    pub fn encode(&self) -> Vec<u8> {
        self.encode_parts().concat()
    }

    /// [`CompileOutput::encode`] in pieces whose concatenation is the encoded set (one file's
    /// key and length, then its bytes, file by file): for writing a large set without holding
    /// a second, contiguous copy of it.
    pub fn encode_parts(&self) -> Vec<Vec<u8>> {
        let files = self.output_files();
        encode::descriptor_set_parts(&files, self.encoding())
    }
}

/// Every error of a failed [`Compiler::compile`], with the texts of the files they are in.
#[derive(Debug)]
pub struct CompileErrors {
    errors: Vec<CompileError>,
    warnings: Vec<CompileWarning>,
    sources: HashMap<String, Arc<SourceText>>,
    /// 1-based positions of files that could not be decoded (so have no text), e.g. of their
    /// first byte that is not UTF-8.
    fixed_positions: Vec<(String, (u32, u32))>,
}

impl CompileErrors {
    /// The errors, in the order protoc reports them.
    pub fn errors(&self) -> &[CompileError] {
        &self.errors
    }

    /// The warnings about the input files that compiled without errors (see
    /// [`CompileOutput::warnings`]), in build order. protoc stops at the first input with
    /// errors, so it prints only those of inputs built before that one.
    pub fn warnings(&self) -> &[CompileWarning] {
        &self.warnings
    }

    /// The text of a file that was loaded, for rendering snippets.
    pub fn source(&self, file: &str) -> Option<&Arc<SourceText>> {
        self.sources.get(file)
    }

    /// The 1-based line and column of an error, as protoc prints them.
    pub fn position(&self, error: &CompileError) -> Option<(u32, u32)> {
        let Some(span) = error.span() else {
            return self
                .fixed_positions
                .iter()
                .find(|(f, _)| f == error.file())
                .map(|(_, p)| *p);
        };
        let source = self.sources.get(error.file())?;
        let (line, col) = source.lines.line_col(span.start);
        Some((line + 1, col + 1))
    }

    /// What diagnostics print for `file`: its disk path when it was read from disk (as
    /// protoc prints it), else its import name.
    pub fn display_path<'a>(&'a self, file: &'a str) -> &'a str {
        self.sources.get(file).map_or(file, |s| s.path())
    }

    /// The error as protoc prints it with `--error_format=gcc`: `file:line:col: message`, or
    /// `file: message` for an error without a position.
    pub fn format_gcc(&self, error: &CompileError) -> String {
        let file = self.display_path(error.file());
        match self.position(error) {
            Some((line, col)) => format!("{file}:{line}:{col}: {}", error.message()),
            None => format!("{file}: {}", error.message()),
        }
    }

    /// The error as protoc prints it with `--error_format=msvs`:
    /// `file(line) : error in column=col: message`.
    pub fn format_msvs(&self, error: &CompileError) -> String {
        let file = self.display_path(error.file());
        match self.position(error) {
            Some((line, col)) => {
                format!(
                    "{file}({line}) : error in column={col}: {}",
                    error.message()
                )
            }
            None => format!("{file}: {}", error.message()),
        }
    }

    /// Consumes the errors.
    pub fn into_errors(self) -> Vec<CompileError> {
        self.errors
    }

    /// The errors as diagnostics, files named by their display paths; render them with
    /// [`protokit_diagnostics::render`], passing `self` as the [`Files`](protokit_diagnostics::Files).
    pub fn diagnostics(&self) -> Vec<protokit_diagnostics::Diagnostic> {
        self.errors
            .iter()
            .map(|e| {
                let mut d = protokit_diagnostics::Diagnostic::error(
                    self.display_path(e.file()),
                    e.message(),
                );
                if let Some(span) = e.span() {
                    d = d.with_span(span);
                }
                for (file, span, text) in e.labels() {
                    d = d.with_label(self.display_path(file), *span, text);
                }
                d
            })
            .collect()
    }
}

impl protokit_diagnostics::Files for CompileErrors {
    fn source(&self, path: &str) -> Option<(&str, &LineIndex)> {
        // Diagnostics name files by display path; most files' display path is their name.
        let source = self
            .sources
            .get(path)
            .filter(|s| s.path() == path)
            .or_else(|| self.sources.values().find(|s| s.path() == path))?;
        Some((source.text(), source.lines()))
    }
}

impl std::fmt::Display for CompileErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for e in &self.errors {
            writeln!(f, "{}", self.format_gcc(e))?;
        }
        Ok(())
    }
}

impl std::error::Error for CompileErrors {}

/// Sorts one file's errors by position, errors without a position first.
fn sort_by_position(errors: &mut [CompileError]) {
    errors.sort_by_key(|e| e.span().map(|s: Span| (s.start, s.end)));
}

#[cfg(test)]
mod tests;

/// For [`Mutex`]es whose holders never panic while holding them.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
