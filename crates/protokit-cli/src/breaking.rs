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
use protokit_check::image::Image;
use protokit_compiler::compile::{CompileOutput, Compiler};
use protokit_compiler::resolver::{Embedded, FileResolverExt};
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
    // The two sides are read and compiled at the same time (each compile's serial phases
    // overlap the other's), except when the against side depends on the input's files.
    let mut cur_warnings = Vec::new();
    let (current, against_side) = if args.limit_to_input_files {
        let current = build_with(
            &input,
            &filter,
            args.config.as_deref(),
            with_sources,
            &mut cur_warnings,
        );
        (current, None)
    } else {
        std::thread::scope(|s| {
            let handle = std::thread::Builder::new()
                .name("protokit-against".into())
                .spawn_scoped(s, || {
                    let mut warnings = Vec::new();
                    let built = build_with(&against, &filter, against_config, false, &mut warnings);
                    (built, warnings)
                });
            let current = build_with(
                &input,
                &filter,
                args.config.as_deref(),
                with_sources,
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
    let (previous, against_warnings) = match against_side {
        Some(built) => built,
        None => {
            let against_filter = PathFilter {
                paths: current.target_paths.clone(),
                exclude_paths: args.exclude_paths.clone(),
            };
            let mut warnings = Vec::new();
            let built = build_with(
                &against,
                &against_filter,
                against_config,
                false,
                &mut warnings,
            );
            (built, warnings)
        }
    };
    print_warnings(&against_warnings);
    let previous = match previous? {
        Built::Images(side) => side,
        Built::Errors(findings, sources) => return Ok(print(format, &findings, &*sources)),
    };
    let t = t.next("build both sides");
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
    /// The compilation, kept for source snippets.
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
    match input {
        InputRef::Image(path) => build_image(path, filter, config, warnings),
        _ => build_workspace(input, filter, config, keep_output, warnings),
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
    input: &InputRef,
    filter: &PathFilter,
    config: Option<&str>,
    keep_output: bool,
    warnings: &mut Vec<String>,
) -> Result<Built, String> {
    let ws = input::resolve_workspace(input, filter, config)?;
    warnings.extend(ws.warnings.iter().cloned());
    let names: Vec<&str> = ws.targets.iter().map(|(_, n)| n.as_str()).collect();
    let compiled = Compiler::new(ws.resolver().or(Embedded))
        .include_imports(true)
        .include_source_info(true)
        .compile(&names);
    if let Some(e) = ws.read_errors().first() {
        return Err(e.clone());
    }
    let out = match compiled {
        Ok(out) => out,
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
    let mut image = Image::from_compile_output(&out);
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
        output: keep_output.then_some(out),
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
