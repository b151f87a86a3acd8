//! `protokit breaking`: buf's breaking-change rules comparing an input with an `--against`
//! input, a drop-in for `buf breaking` 1.75.0.
//!
//! As buf: each side is resolved like `protokit lint`'s input (a workspace directory, a
//! `.proto` file, an image, a git reference) and becomes one image per targeted module (its
//! files plus what they import), modules in path order; image *i* of the input is compared
//! with image *i* of the against input using the input module's `breaking` configuration
//! (`--config` overrides it; `--against-config` only changes how the against input is read).
//! Both sides must have the same number of modules. `--path`/`--exclude-path` filter both
//! sides; `--limit-to-input-files` limits the against input to the input's files instead.
//! Imports are compared unless `--exclude-imports`.
//!
//! Exit codes as buf: 0 when nothing is reported, 100 when there are findings (compile errors
//! on either side are findings of type `COMPILE`; the against input is not read when the
//! input does not compile), 1 for usage, configuration and I/O errors, printed to stderr as
//! `Failure: MESSAGE`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::process::ExitCode;
use std::sync::Arc;

use protokit_check::breaking::{self, registry, BreakingConfig};
use protokit_check::config;
use protokit_check::image::{Image, ImageFile};
use protokit_compiler::compile::{CompileErrors, CompileOutput, CompiledFile, Compiler};
use protokit_compiler::descriptor::FileDescriptorProto;
use protokit_compiler::resolver::{Embedded, FileResolver, FileResolverExt};
use protokit_diagnostics::formats::{self, FormatContext, OutputFormat, RuleInfo};
use protokit_diagnostics::{Diagnostic, Files, LineIndex};

use crate::input::{self, InputRef, PathFilter};

/// Arguments of `protokit breaking`, as `buf breaking`'s.
#[derive(clap::Args)]
pub(crate) struct BreakingArgs {
    /// The input to check (default `.`): a directory (its buf.yaml/buf.work.yaml, or the
    /// nearest one above it, defines the modules), a `.proto` file, an image (`.binpb`), or a
    /// git reference (`.git#branch=main`, `#tag=v1`, `#commit=SHA`, `#ref=HEAD~1`, with
    /// optional `,subdir=DIR`, `,recurse_submodules=true`).
    #[arg(value_name = "INPUT")]
    input: Option<String>,
    /// Required. The input to check against, in the same forms as INPUT, e.g.
    /// `.git#branch=main`.
    #[arg(long, value_name = "AGAINST_INPUT")]
    against: Option<String>,
    /// The buf.yaml file or data (YAML or JSON) to use for configuration.
    #[arg(long, value_name = "FILE|DATA")]
    config: Option<String>,
    /// The buf.yaml file or data to use to read the against input.
    #[arg(long, value_name = "FILE|DATA")]
    against_config: Option<String>,
    /// Limit to specific files or directories, e.g. "proto/a/a.proto", "proto/a". Repeatable.
    #[arg(long = "path", value_name = "PATH", value_delimiter = ',')]
    paths: Vec<String>,
    /// Exclude specific files or directories. Repeatable.
    #[arg(long = "exclude-path", value_name = "PATH", value_delimiter = ',')]
    exclude_paths: Vec<String>,
    /// Exclude imports from breaking change detection.
    #[arg(long)]
    exclude_imports: bool,
    /// Only check against the files of the input: the against input contains only the files
    /// of the input (overrides --path for the against input).
    #[arg(long)]
    limit_to_input_files: bool,
    /// The format for findings printed to stdout: text, json, msvs, junit, github-actions,
    /// gitlab-code-quality, sarif or pretty.
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    error_format: String,
    /// Not supported by protokit (there is no registry): use --against.
    #[arg(long, hide = true)]
    against_registry: bool,
    /// Accepted for buf compatibility (symlinks are followed).
    #[arg(long, hide = true)]
    disable_symlinks: bool,
}

pub(crate) fn run(args: BreakingArgs) -> ExitCode {
    match run_inner(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("Failure: {message}");
            ExitCode::FAILURE
        }
    }
}

const FINDINGS: u8 = 100;

fn run_inner(args: &BreakingArgs) -> Result<ExitCode, String> {
    let format = OutputFormat::from_name(&args.error_format)
        .filter(|f| f.supports_breaking())
        .ok_or_else(|| format!("--error-format: invalid format: \"{}\"", args.error_format))?;
    if args.against_registry {
        return Err(
            "--against-registry is not supported by protokit: there is no registry; use --against"
                .to_string(),
        );
    }
    let Some(against) = args.against.as_deref() else {
        return Err("Must set --against or --against-registry".to_string());
    };
    let input = input::parse_input(args.input.as_deref().unwrap_or("."))?;
    let against = input::parse_input(against)?;
    let filter = PathFilter {
        paths: args.paths.clone(),
        exclude_paths: args.exclude_paths.clone(),
    };
    let with_sources = format == OutputFormat::Pretty;
    let against_config = args.against_config.as_deref();

    let t = Stage::start();
    // The against input is read while the input compiles; its files that are the same as
    // the input's (and import only such files) then take the input's compiled descriptors
    // instead of being compiled again. With --limit-to-input-files the against input depends
    // on the input's files, so it is read afterwards.
    let mut cur_warnings = Vec::new();
    let (current, against_side) = if args.limit_to_input_files {
        let current = build_with(
            &input,
            &filter,
            args.config.as_deref(),
            true,
            &mut cur_warnings,
        );
        (current, None)
    } else {
        std::thread::scope(|s| {
            let handle = std::thread::Builder::new()
                .name("protokit-against".into())
                .spawn_scoped(s, || {
                    let mut warnings = Vec::new();
                    let prepared = prepare(&against, &filter, against_config, &mut warnings);
                    (prepared, warnings)
                });
            let current = build_with(
                &input,
                &filter,
                args.config.as_deref(),
                true,
                &mut cur_warnings,
            );
            let previous = match handle {
                Ok(h) => h
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(e) => (Err(format!("spawn a thread: {e}")), Vec::new()),
            };
            (current, Some(previous))
        })
    };
    print_warnings(&cur_warnings);
    let current = match current? {
        Built::Images(side) => side,
        Built::Errors(findings, sources) => return Ok(print(format, &findings, &*sources)),
    };
    let (prepared, against_warnings) = match against_side {
        Some(prepared) => prepared,
        None => {
            let against_filter = PathFilter {
                paths: current.target_paths.clone(),
                exclude_paths: args.exclude_paths.clone(),
            };
            let mut warnings = Vec::new();
            let prepared = prepare(&against, &against_filter, against_config, &mut warnings);
            (prepared, warnings)
        }
    };
    print_warnings(&against_warnings);
    let t = t.next("input (against read meanwhile)");
    let previous = match finish(prepared?, false, current.output.as_ref())? {
        Built::Images(side) => side,
        Built::Errors(findings, sources) => return Ok(print(format, &findings, &*sources)),
    };
    let t = t.next("against");
    if current.modules.len() != previous.modules.len() {
        return Err(format!(
            "input contained {} images, whereas against contained {} images",
            current.modules.len(),
            previous.modules.len()
        ));
    }
    let mut findings = Vec::new();
    for (cur, prev) in current.modules.iter().zip(&previous.modules) {
        // buf 1.75.0 fails (exit 1) when `use`/`except` leave no rule, e.g. only a deprecated
        // rule without replacements; `disable_builtin` only warns.
        let enabled = registry::enabled_rules(&cur.config).map_err(|e| e.to_string())?;
        if cur.config.disable_builtin {
            eprintln!("WARN\tNo breaking rules are configured in buf.yaml.");
        } else if enabled.is_empty() {
            return Err(
                "no breaking rules are enabled: `use` and `except` leave none (buf 1.75.0 fails with \"resultRules was empty\")"
                    .to_string(),
            );
        }
        findings.extend(
            breaking::run(&prev.image, &cur.image, &cur.config, !args.exclude_imports)
                .map_err(|e| e.to_string())?,
        );
    }
    protokit_check::lint::sort_findings(&mut findings);
    let t = t.next("rules");
    let sources = match &current.output {
        Some(out) if with_sources => sources_of(out, &findings, &current),
        _ => Sources::default(),
    };
    let code = print(format, &findings, &sources);
    t.next("render");
    // Freeing both compiled trees takes a noticeable time and the process is about to exit.
    std::mem::forget(current);
    std::mem::forget(previous);
    Ok(code)
}

fn print_warnings(warnings: &[String]) {
    for w in warnings {
        eprintln!("WARN\t{w}");
    }
}

/// Prints how long each stage took to stderr when `PROTOKIT_TIMING` is set: wall time and
/// the process's CPU time (all threads).
struct Stage(Option<(std::time::Instant, Option<f64>)>);

impl Stage {
    fn start() -> Self {
        Stage(protokit_compiler::compile::timing_enabled().then(|| {
            (
                std::time::Instant::now(),
                protokit_compiler::compile::process_cpu_seconds(),
            )
        }))
    }

    fn next(self, name: &str) -> Self {
        if let Some((t, cpu)) = self.0 {
            let cpu = match (cpu, protokit_compiler::compile::process_cpu_seconds()) {
                (Some(a), Some(b)) => format!(", cpu {:.2}s", b - a),
                _ => String::new(),
            };
            eprintln!("protokit timing: breaking {name} {:.2?}{cpu}", t.elapsed());
        }
        Stage::start()
    }
}

fn print(format: OutputFormat, findings: &[Diagnostic], sources: &dyn Files) -> ExitCode {
    let rules: Vec<RuleInfo> = registry::RULES
        .iter()
        .map(|r| RuleInfo {
            id: r.id.to_string(),
            purpose: r.purpose.to_string(),
            help_uri: None,
        })
        .collect();
    let cx = FormatContext {
        files: Some(sources),
        rules: &rules,
        tool_version: env!("CARGO_PKG_VERSION"),
        ..FormatContext::default()
    };
    print!("{}", formats::render(format, findings, &cx));
    if findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FINDINGS)
    }
}

/// One side, read and compiled.
pub(crate) enum Built {
    Images(Side),
    /// Compile errors as `COMPILE` findings, and their sources (for `pretty`).
    Errors(Vec<Diagnostic>, Box<dyn Files + Send>),
}

/// One image per targeted module, in module path order.
pub(crate) struct Side {
    pub(crate) modules: Vec<ModuleImage>,
    /// The printed paths of the files checked (what `--limit-to-input-files` passes on).
    target_paths: Vec<String>,
    /// The compilation, kept for source snippets and for the against side to reuse.
    output: Option<CompileOutput>,
    /// Import name → printed path.
    display: HashMap<String, String>,
}

pub(crate) struct ModuleImage {
    pub(crate) image: Image,
    pub(crate) config: BreakingConfig,
}

/// Reads and compiles one side (`keep_output`: keep the compilation, for source snippets),
/// printing the configuration's warnings to stderr as buf does.
pub(crate) fn build(
    input: &InputRef,
    filter: &PathFilter,
    config: Option<&str>,
    keep_output: bool,
) -> Result<Built, String> {
    let mut warnings = Vec::new();
    let built = build_with(input, filter, config, keep_output, &mut warnings);
    print_warnings(&warnings);
    built
}

/// [`build`], the configuration's warnings added to `warnings` instead of printed.
fn build_with(
    input: &InputRef,
    filter: &PathFilter,
    config: Option<&str>,
    keep_output: bool,
    warnings: &mut Vec<String>,
) -> Result<Built, String> {
    finish(prepare(input, filter, config, warnings)?, keep_output, None)
}

/// A side read but not compiled yet.
enum Prepared {
    /// An image input (nothing to compile).
    Built(Built),
    Workspace(input::Workspace),
}

/// Reads one side: an image whole, a workspace's configuration and file list (a git
/// input's files into memory).
fn prepare(
    input: &InputRef,
    filter: &PathFilter,
    config: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<Prepared, String> {
    match input {
        InputRef::Image(path) => build_image(path, filter, config, warnings).map(Prepared::Built),
        _ => {
            let ws = input::resolve_workspace(input, filter, config)?;
            warnings.extend(ws.warnings.iter().cloned());
            Ok(Prepared::Workspace(ws))
        }
    }
}

/// Compiles a prepared side; with `reuse` (the other side's compilation), files identical
/// there are not compiled again (see [`compile_reusing`]).
fn finish(
    prepared: Prepared,
    keep_output: bool,
    reuse: Option<&CompileOutput>,
) -> Result<Built, String> {
    match prepared {
        Prepared::Built(built) => Ok(built),
        Prepared::Workspace(ws) => build_workspace(&ws, keep_output, reuse),
    }
}

fn build_image(
    path: &str,
    filter: &PathFilter,
    config: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<Built, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("open {path}: {}", input::io_reason(&e)))?;
    let mut image = Image::decode(&bytes)
        .map_err(|_| "wire unmarshal: proto: cannot parse invalid wire-format data".to_string())?;
    let selected = |name: &str| {
        (filter.paths.is_empty() || filter.paths.iter().any(|p| config::path_matches(p, name)))
            && !filter
                .exclude_paths
                .iter()
                .any(|p| config::path_matches(p, name))
    };
    for f in &mut image.files {
        if !selected(f.name()) {
            f.is_import = true;
        }
    }
    if image.files.is_empty() {
        return Err("image contains no files".to_string());
    }
    if image.targets().next().is_none() {
        return Err(input::NOTHING_TARGETED.to_string());
    }
    let ws = input::image_config(config)?;
    warnings.extend(ws.warnings.iter().cloned());
    let breaking = ws
        .modules
        .iter()
        .find(|m| m.path == ".")
        .or(ws.modules.first())
        .map(|m| m.breaking.clone())
        .unwrap_or_else(|| BreakingConfig {
            version: ws.version,
            ..BreakingConfig::default()
        });
    let target_paths = image.targets().map(|f| f.name().to_string()).collect();
    let image = closure(&image, &|f| !f.is_import);
    Ok(Built::Images(Side {
        modules: vec![ModuleImage {
            image,
            config: breaking,
        }],
        target_paths,
        output: None,
        display: HashMap::new(),
    }))
}

fn build_workspace(
    ws: &input::Workspace,
    keep_output: bool,
    reuse: Option<&CompileOutput>,
) -> Result<Built, String> {
    let names: Vec<&str> = ws.targets.iter().map(|(_, n)| n.as_str()).collect();
    let compiler = Compiler::new(ws.resolver().or(Embedded))
        .include_imports(true)
        .include_source_info(true);
    let compiled = match reuse {
        Some(other) => compile_reusing(&compiler, &names, other),
        None => compiler
            .compile(&names)
            .map(|out| (Image::from_compile_output(&out), Some(out))),
    };
    if let Some(e) = ws.read_errors().first() {
        return Err(e.clone());
    }
    let (mut image, out) = match compiled {
        Ok(compiled) => compiled,
        Err(errors) => {
            let findings = crate::lint::compile_findings(&errors);
            return Ok(Built::Errors(findings, Box::new(errors)));
        }
    };
    // A name in several modules resolves to the first (as the resolver does).
    let mut display: HashMap<String, String> = HashMap::new();
    for m in &ws.modules {
        for n in m.names() {
            display
                .entry(n.to_string())
                .or_insert_with(|| m.display_path(n).unwrap_or(n).to_string());
        }
    }
    for f in &mut image.files {
        if let Some(d) = display.get(f.name()) {
            f.display_path = d.clone();
        }
    }
    let mut order: Vec<usize> = (0..ws.modules.len())
        .filter(|&i| ws.modules[i].targeted)
        .collect();
    order.sort_by(|&a, &b| ws.modules[a].config.path.cmp(&ws.modules[b].config.path));
    let per_module: Vec<(usize, HashSet<&str>)> = order
        .into_iter()
        .map(|i| {
            let targets: HashSet<&str> = ws
                .targets
                .iter()
                .filter(|(mi, _)| *mi == i)
                .map(|(_, n)| n.as_str())
                .collect();
            (i, targets)
        })
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let mut target_paths: Vec<String> = per_module
        .iter()
        .flat_map(|(_, t)| t.iter())
        .map(|n| display.get(*n).cloned().unwrap_or_else(|| n.to_string()))
        .collect();
    let mut modules = Vec::new();
    if let [(i, targets)] = per_module.as_slice() {
        // One module: every compiled file is one of its files or an import of them.
        for f in &mut image.files {
            f.is_import = !targets.contains(f.name());
        }
        modules.push(ModuleImage {
            image,
            config: ws.modules[*i].config.breaking.clone(),
        });
    } else {
        for (i, targets) in &per_module {
            modules.push(ModuleImage {
                image: closure(&image, &|f| targets.contains(f.name())),
                config: ws.modules[*i].config.breaking.clone(),
            });
        }
    }
    target_paths.sort();
    Ok(Built::Images(Side {
        modules,
        target_paths,
        output: out.filter(|_| keep_output),
        display,
    }))
}

/// The files `is_target` picks and everything they import, in image order, the others
/// marked as imports (buf's image of one module).
fn closure(image: &Image, is_target: &dyn Fn(&protokit_check::image::ImageFile) -> bool) -> Image {
    let by_name: HashMap<&str, usize> = image
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.name(), i))
        .collect();
    let mut keep = vec![false; image.files.len()];
    let mut stack: Vec<usize> = (0..image.files.len())
        .filter(|&i| is_target(&image.files[i]))
        .collect();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut keep[i], true) {
            continue;
        }
        for dep in &image.files[i].proto.dependency {
            if let Some(&j) = by_name.get(dep.as_str()) {
                if !keep[j] {
                    stack.push(j);
                }
            }
        }
    }
    let files = image
        .files
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(f, _)| {
            let mut f = f.clone();
            f.is_import = !is_target(&f);
            f
        })
        .collect();
    Image { files }
}

/// Source texts by printed path, for `pretty` snippets.
#[derive(Default)]
struct Sources {
    files: HashMap<String, (Arc<str>, LineIndex)>,
}

impl Files for Sources {
    fn source(&self, path: &str) -> Option<(&str, &LineIndex)> {
        self.files.get(path).map(|(t, l)| (&**t, l))
    }
}

fn sources_of(out: &CompileOutput, findings: &[Diagnostic], side: &Side) -> Sources {
    let wanted: BTreeSet<&str> = findings.iter().map(|d| d.file.as_str()).collect();
    let mut sources = Sources::default();
    for f in out.files() {
        let printed = side.display.get(f.name()).map_or(f.name(), String::as_str);
        if wanted.contains(printed) {
            let text = f.source().text();
            sources
                .files
                .insert(printed.to_string(), (Arc::from(text), LineIndex::new(text)));
        }
    }
    sources
}

/// Compiles `names` like [`Compiler::compile`], reusing `other` (the input's compilation):
///
/// 1. The files whose text differs from `other`'s file of that name (or that `other` lacks)
///    are compiled first, with their imports.
/// 2. A file is *unchanged* when its compiled descriptor would be `other`'s: its text is the
///    same and all its imports are unchanged, or it was compiled in step 1 to the same
///    descriptor (`source_code_info` aside) and all its imports are unchanged. A file links
///    from its own text and its imports' descriptors only, so an unchanged file with the same
///    text is taken from `other` (shared, not copied: its locations come from the same text),
///    one with a new text from step 1.
/// 3. The inputs that are not unchanged are compiled.
///
/// The image has the files in the order a full compilation gives them (each file after its
/// imports, inputs in order), the inputs as non-imports. A full compilation is run instead
/// when a partial one fails (for its exact errors), and when a compiled file defines a name
/// (or extension number) that a reused file also defines (a full compilation reports that
/// clash).
fn compile_reusing<R: FileResolver>(
    compiler: &Compiler<R>,
    names: &[&str],
    other: &CompileOutput,
) -> Result<(Image, Option<CompileOutput>), CompileErrors> {
    let full = || {
        compiler
            .compile(names)
            .map(|out| (Image::from_compile_output(&out), Some(out)))
    };
    let reusable: HashMap<&str, &CompiledFile> =
        other.files().iter().map(|f| (f.name(), f)).collect();
    let resolver = compiler.resolver();
    let mut same: HashMap<String, bool> = HashMap::new();
    let mut same_text = |name: &str| -> bool {
        if let Some(&s) = same.get(name) {
            return s;
        }
        let s = reusable.get(name).is_some_and(
            |f| matches!(resolver.open(name), Ok(Some(src)) if src.text() == f.source().text()),
        );
        same.insert(name.to_string(), s);
        s
    };
    // Step 1: the changed texts reached from the inputs through unchanged texts' imports.
    let mut changed: Vec<&str> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut stack: Vec<&str> = names.to_vec();
    while let Some(name) = stack.pop() {
        if !seen.insert(name) {
            continue;
        }
        match reusable.get(name) {
            Some(f) if same_text(name) => {
                stack.extend(f.linked().proto.dependency.iter().map(String::as_str));
            }
            _ => changed.push(name),
        }
    }
    // A partial compilation that fails falls back to the full one, which reports the errors.
    let compile_some = |list: &[&str]| match list {
        [] => Ok(None),
        _ => compiler.compile(list).map(Some),
    };
    fn by_name(out: &Option<CompileOutput>) -> HashMap<&str, &CompiledFile> {
        out.iter()
            .flat_map(|out| out.files())
            .map(|f| (f.name(), f))
            .collect()
    }
    let Ok(first) = compile_some(&changed) else {
        return full();
    };
    let recompiled = by_name(&first);
    // Step 2.
    let mut unchanged: HashMap<String, bool> = HashMap::new();
    for name in names {
        is_unchanged(name, &reusable, &recompiled, &mut same_text, &mut unchanged);
    }
    let is = |name: &str| unchanged.get(name).copied().unwrap_or(false);
    // Step 3.
    let rest: Vec<&str> = names.iter().copied().filter(|n| !is(n)).collect();
    let Ok(second) = compile_some(&rest) else {
        return full();
    };
    let compiled = by_name(&second);
    let pick = |name: &str| -> Option<(&CompiledFile, bool)> {
        if !is(name) {
            compiled.get(name).map(|f| (*f, false))
        } else if same.get(name).copied().unwrap_or(false) {
            reusable.get(name).map(|f| (*f, true))
        } else {
            recompiled.get(name).map(|f| (*f, false))
        }
    };
    // protoc's order: post-order over each file's imports, inputs in order, each file once.
    let mut order: Vec<(&CompiledFile, bool)> = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    let mut stack: Vec<(&str, usize)> = Vec::new();
    for input in names {
        if !seen.insert(input) {
            continue;
        }
        stack.push((input, 0));
        while let Some((name, next)) = stack.pop() {
            let Some((file, reused)) = pick(name) else {
                return full();
            };
            let deps = &file.linked().proto.dependency;
            if let Some(dep) = deps.get(next) {
                stack.push((name, next + 1));
                if seen.insert(dep.as_str()) {
                    stack.push((dep.as_str(), 0));
                }
            } else {
                order.push((file, reused));
            }
        }
    }
    if order.iter().any(|(_, reused)| !reused) && clashes(&order) {
        return full();
    }
    let inputs: HashSet<&str> = names.iter().copied().collect();
    let files = order
        .iter()
        .map(|(f, _)| {
            ImageFile::compiled(
                Arc::clone(f.linked()),
                !inputs.contains(f.name()),
                Arc::clone(f.source()),
            )
        })
        .collect();
    Ok((Image { files }, None))
}

/// Whether `name` compiles to the descriptor `reusable` has for it (step 2 of
/// [`compile_reusing`]), memoised in `unchanged`.
fn is_unchanged(
    name: &str,
    reusable: &HashMap<&str, &CompiledFile>,
    recompiled: &HashMap<&str, &CompiledFile>,
    same_text: &mut dyn FnMut(&str) -> bool,
    unchanged: &mut HashMap<String, bool>,
) -> bool {
    if let Some(&u) = unchanged.get(name) {
        return u;
    }
    // A cycle is never unchanged (the compiler reports it); marked while visiting.
    unchanged.insert(name.to_string(), false);
    let Some(old) = reusable.get(name) else {
        return false;
    };
    let file = if same_text(name) {
        Some(*old)
    } else {
        recompiled
            .get(name)
            .copied()
            .filter(|new| new.linked().proto == old.linked().proto)
    };
    let u = file.is_some_and(|f| {
        f.linked()
            .proto
            .dependency
            .iter()
            .all(|d| is_unchanged(d, reusable, recompiled, same_text, unchanged))
    });
    unchanged.insert(name.to_string(), u);
    u
}

/// What a file defines that another file of the same compilation may not: element full
/// names, its package and the package's parents, extension numbers by extendee.
#[derive(Default)]
struct Defined {
    names: HashSet<String>,
    packages: HashSet<String>,
    extensions: HashSet<(String, i32)>,
}

/// Whether a compiled (not reused) file of `order` defines something a reused one does.
fn clashes(order: &[(&CompiledFile, bool)]) -> bool {
    let mut fresh = Defined::default();
    for (f, _) in order.iter().filter(|(_, reused)| !reused) {
        for_each_definition(&f.linked().proto, &mut |d| match d {
            Definition::Name(n) => {
                fresh.names.insert(n.to_string());
            }
            Definition::Package(p) => {
                fresh.packages.insert(p.to_string());
            }
            Definition::Extension(e, n) => {
                fresh.extensions.insert((e.to_string(), n));
            }
        });
    }
    let mut clash = false;
    for (f, _) in order.iter().filter(|(_, reused)| *reused) {
        for_each_definition(&f.linked().proto, &mut |d| {
            clash |= match d {
                Definition::Name(n) => fresh.names.contains(n) || fresh.packages.contains(n),
                Definition::Package(p) => fresh.names.contains(p),
                Definition::Extension(e, n) => fresh.extensions.contains(&(e.to_string(), n)),
            }
        });
        if clash {
            return true;
        }
    }
    false
}

enum Definition<'a> {
    Name(&'a str),
    Package(&'a str),
    Extension(&'a str, i32),
}

/// Calls `f` with every name `file` defines in its package's scope and below (messages,
/// enums, enum values in their enum's scope, services, extensions), its package and each
/// parent package, and each extension's extendee and number.
fn for_each_definition(file: &FileDescriptorProto, f: &mut dyn FnMut(Definition<'_>)) {
    let package = file.package.as_deref().unwrap_or("");
    if !package.is_empty() {
        let mut end = 0;
        for part in package.split('.') {
            end += part.len();
            f(Definition::Package(&package[..end]));
            end += 1;
        }
    }
    let join = |scope: &str, name: Option<&str>| {
        let name = name.unwrap_or("");
        if scope.is_empty() {
            name.to_string()
        } else {
            format!("{scope}.{name}")
        }
    };
    fn enums(
        scope: &str,
        list: &[protokit_compiler::descriptor::EnumDescriptorProto],
        join: &dyn Fn(&str, Option<&str>) -> String,
        f: &mut dyn FnMut(Definition<'_>),
    ) {
        for e in list {
            f(Definition::Name(&join(scope, e.name.as_deref())));
            for v in &e.value {
                f(Definition::Name(&join(scope, v.name.as_deref())));
            }
        }
    }
    fn extensions(
        scope: &str,
        list: &[protokit_compiler::descriptor::FieldDescriptorProto],
        join: &dyn Fn(&str, Option<&str>) -> String,
        f: &mut dyn FnMut(Definition<'_>),
    ) {
        for x in list {
            f(Definition::Name(&join(scope, x.name.as_deref())));
            let extendee = x.extendee.as_deref().unwrap_or("").trim_start_matches('.');
            f(Definition::Extension(extendee, x.number.unwrap_or(0)));
        }
    }
    fn messages(
        scope: &str,
        list: &[protokit_compiler::descriptor::DescriptorProto],
        join: &dyn Fn(&str, Option<&str>) -> String,
        f: &mut dyn FnMut(Definition<'_>),
    ) {
        for m in list {
            let full = join(scope, m.name.as_deref());
            f(Definition::Name(&full));
            messages(&full, &m.nested_type, join, f);
            enums(&full, &m.enum_type, join, f);
            extensions(&full, &m.extension, join, f);
        }
    }
    messages(package, &file.message_type, &join, f);
    enums(package, &file.enum_type, &join, f);
    extensions(package, &file.extension, &join, f);
    for s in &file.service {
        f(Definition::Name(&join(package, s.name.as_deref())));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protokit_compiler::resolver::InMemory;

    fn files(list: &[(&str, &str)]) -> InMemory {
        let mut m = InMemory::new();
        for (name, text) in list {
            m.insert(*name, *text);
        }
        m
    }

    fn summary(image: &Image) -> Vec<(String, bool, FileDescriptorProto, Option<String>)> {
        image
            .files
            .iter()
            .map(|f| {
                let first = f.position(&[4, 0]).map(|p| format!("{p:?}"));
                (f.name().to_string(), f.is_import, (*f.proto).clone(), first)
            })
            .collect()
    }

    /// Compiling `names` of `against` reusing the compilation of `input` gives what a full
    /// compilation of `against` gives.
    fn same_as_full(input: &[(&str, &str)], against: &[(&str, &str)], names: &[&str]) {
        let input_names: Vec<&str> = input.iter().map(|(n, _)| *n).collect();
        let other = Compiler::new(files(input).or(Embedded))
            .compile(&input_names)
            .expect("the input compiles");
        let compiler = Compiler::new(files(against).or(Embedded));
        match (
            compile_reusing(&compiler, names, &other),
            compiler.compile(names),
        ) {
            (Ok((image, _)), Ok(out)) => {
                assert_eq!(summary(&image), summary(&Image::from_compile_output(&out)));
            }
            (Err(a), Err(b)) => assert_eq!(
                format!("{:?}", crate::lint::compile_findings(&a)),
                format!("{:?}", crate::lint::compile_findings(&b))
            ),
            (a, b) => panic!(
                "reusing: {}, full: {}",
                if a.is_ok() { "ok" } else { "errors" },
                if b.is_ok() { "ok" } else { "errors" }
            ),
        }
    }

    const A: &str = "syntax = \"proto3\";\npackage p;\nmessage A { int32 x = 1; }\n";
    const B: &str =
        "syntax = \"proto3\";\npackage p;\nimport \"a.proto\";\nmessage B { A a = 1; }\n";
    const C: &str = "syntax = \"proto3\";\npackage p;\nmessage C {}\n";

    #[test]
    fn reused_files_give_the_full_compilation() {
        let input = [("a.proto", A), ("b.proto", B), ("c.proto", C)];
        let names = ["c.proto", "b.proto", "a.proto"];
        // Nothing changed; a leaf changed; an import changed; a file added, one deleted.
        same_as_full(&input, &input, &names);
        let b2 = "syntax = \"proto3\";\npackage p;\nimport \"a.proto\";\nmessage B { A a = 2; }\n";
        same_as_full(
            &input,
            &[("a.proto", A), ("b.proto", b2), ("c.proto", C)],
            &names,
        );
        let a2 = "syntax = \"proto3\";\npackage p;\nmessage A { int64 x = 1; }\n";
        same_as_full(
            &input,
            &[("a.proto", a2), ("b.proto", B), ("c.proto", C)],
            &names,
        );
        let d = "syntax = \"proto3\";\npackage q;\nimport \"c.proto\";\nmessage D { p.C c = 1; }\n";
        same_as_full(
            &input,
            &[("a.proto", A), ("c.proto", C), ("d.proto", d)],
            &["a.proto", "d.proto", "c.proto"],
        );
        // A comment in an import (same descriptor: its importers are reused), and a change
        // in an import that its importers see (a renamed field of a message they use; an
        // enum's first value, the default of their enum fields).
        let a3 = "syntax = \"proto3\";\npackage p;\n// A comment.\nmessage A { int32 x = 1; }\n";
        same_as_full(
            &input,
            &[("a.proto", a3), ("b.proto", B), ("c.proto", C)],
            &names,
        );
        let a4 = "syntax = \"proto3\";\npackage p;\nmessage A { int32 y = 1; }\n";
        same_as_full(
            &input,
            &[("a.proto", a4), ("b.proto", B), ("c.proto", C)],
            &names,
        );
        let a5 = "syntax = \"proto3\";\npackage p;\nenum A { A_X = 0; }\n";
        same_as_full(
            &input,
            &[("a.proto", a5), ("b.proto", B), ("c.proto", C)],
            &names,
        );
        let e1 = "syntax = \"proto2\";\npackage p;\nenum E { E_A = 0; E_B = 1; }\n";
        let e2 = "syntax = \"proto2\";\npackage p;\nenum E { E_B = 1; E_A = 0; }\n";
        let f = "syntax = \"proto2\";\npackage p;\nimport \"e.proto\";\nmessage F { optional E e = 1; }\n";
        let g = "syntax = \"proto2\";\npackage p;\nimport \"f.proto\";\nmessage G { optional F f = 1; }\n";
        same_as_full(
            &[("e.proto", e1), ("f.proto", f), ("g.proto", g)],
            &[("e.proto", e2), ("f.proto", f), ("g.proto", g)],
            &["g.proto", "e.proto", "f.proto"],
        );
        // A compile error in a changed file.
        let broken = "syntax = \"proto3\";\npackage p;\nmessage B { Missing m = 1; }\n";
        same_as_full(
            &input,
            &[("a.proto", A), ("b.proto", broken), ("c.proto", C)],
            &names,
        );
    }

    /// Whether [`clashes`] finds a clash between the files `fresh` of `list` (compiled
    /// together) and the others.
    fn clash(list: &[(&str, &str)], fresh: &[&str]) -> bool {
        // Each file compiled on its own, as reused and recompiled files are: one compilation
        // of them all would itself reject the clash.
        let outs: Vec<_> = list
            .iter()
            .map(|(n, _)| {
                Compiler::new(files(list).or(Embedded))
                    .compile(&[*n])
                    .expect("compiles")
            })
            .collect();
        let order: Vec<(&CompiledFile, bool)> = list
            .iter()
            .zip(&outs)
            .map(|((n, _), out)| (out.file(n).expect("compiled"), !fresh.contains(n)))
            .collect();
        clashes(&order)
    }

    #[test]
    fn clashes_are_found() {
        let e = "syntax = \"proto3\";\npackage p;\nmessage C {}\nmessage E {}\n";
        assert!(clash(
            &[("a.proto", A), ("c.proto", C), ("e.proto", e)],
            &["e.proto"]
        ));
        assert!(!clash(
            &[("a.proto", A), ("b.proto", B), ("c.proto", C)],
            &["b.proto"]
        ));
        let pkg = "syntax = \"proto3\";\nmessage p {}\n";
        assert!(clash(&[("a.proto", A), ("m.proto", pkg)], &["m.proto"]));
        assert!(clash(&[("a.proto", A), ("m.proto", pkg)], &["a.proto"]));
        let value = "syntax = \"proto3\";\npackage p;\nenum K { C = 0; }\n";
        assert!(clash(&[("c.proto", C), ("k.proto", value)], &["k.proto"]));
        let ext = |name: &str| {
            format!(
                "syntax = \"proto3\";\npackage {name};\nimport \"google/protobuf/descriptor.proto\";\nextend google.protobuf.MessageOptions {{ int32 {name} = 50000; }}\n"
            )
        };
        let (x, y) = (ext("x"), ext("y"));
        assert!(clash(&[("x.proto", &x), ("y.proto", &y)], &["y.proto"]));
    }

    #[test]
    fn clashes_with_reused_files_are_compiled_in_full() {
        let input = [("a.proto", A), ("b.proto", B), ("c.proto", C)];
        // A changed file defines a name an unchanged, unrelated file defines.
        let clash = "syntax = \"proto3\";\npackage p;\nmessage C {}\nmessage E {}\n";
        same_as_full(
            &input,
            &[("a.proto", A), ("b.proto", clash), ("c.proto", C)],
            &["a.proto", "b.proto", "c.proto"],
        );
        // A message named like an unchanged file's package.
        let pkg = "syntax = \"proto3\";\nmessage p {}\n";
        same_as_full(
            &input,
            &[("a.proto", A), ("b.proto", pkg), ("c.proto", C)],
            &["a.proto", "b.proto", "c.proto"],
        );
        // The same extension number of the same message.
        let ext = |name: &str| {
            format!(
                "syntax = \"proto3\";\npackage {name};\nimport \"google/protobuf/descriptor.proto\";\nextend google.protobuf.MessageOptions {{ int32 {name} = 50000; }}\n"
            )
        };
        let (x, y) = (ext("x"), ext("y"));
        same_as_full(
            &[("x.proto", &x), ("c.proto", C)],
            &[("x.proto", &x), ("c.proto", C), ("y.proto", &y)],
            &["x.proto", "c.proto", "y.proto"],
        );
    }
}
