//! `protokit lint`: buf's lint rules over a workspace, a `.proto` file, an image or a git
//! reference, a drop-in for `buf lint` 1.75.0.
//!
//! Exit codes as buf: 0 when there is nothing to report, 100 when there are findings (compile
//! errors included: they are findings of type `COMPILE`), 1 for usage, configuration and I/O
//! errors, printed to stderr as `Failure: MESSAGE`.

use std::collections::{BTreeSet, HashMap};
use std::process::ExitCode;

use protokit_check::config::{ConfigVersion, LintConfig};
use protokit_check::image::Image;
use protokit_check::lint::{self, registry};
use protokit_compiler::compile::{CompileErrors, CompileOutput, Compiler};
use protokit_compiler::resolver::{Embedded, FileResolverExt};
use protokit_diagnostics::formats::{self, FormatContext, OutputFormat, RuleInfo};
use protokit_diagnostics::{Diagnostic, Files, LineIndex, Position, Severity};

use crate::input::{self, InputRef, PathFilter};

/// Arguments of `protokit lint`, as `buf lint`'s.
#[derive(clap::Args)]
pub(crate) struct LintArgs {
    /// A directory (default `.`; its buf.yaml/buf.work.yaml, or the nearest one above it,
    /// defines the modules), a `.proto` file, an image (`.binpb`, `.bin`, `.json`, optionally
    /// `.gz`; `-` for standard input), or a git reference
    /// (`.git#branch=main`, `#tag=v1`, `#ref=SHA`, with optional `,subdir=DIR`).
    #[arg(value_name = "INPUT")]
    input: Option<String>,
    /// Limit to specific files or directories, e.g. "proto/a/a.proto", "proto/a". Repeatable.
    #[arg(long = "path", value_name = "PATH", value_delimiter = ',')]
    paths: Vec<String>,
    /// Exclude specific files or directories. Repeatable.
    #[arg(long = "exclude-path", value_name = "PATH", value_delimiter = ',')]
    exclude_paths: Vec<String>,
    /// The buf.yaml file or data (YAML or JSON) to use for configuration.
    #[arg(long, value_name = "FILE|DATA")]
    config: Option<String>,
    /// The format for findings printed to stdout: text, json, msvs, junit, github-actions,
    /// gitlab-code-quality, config-ignore-yaml, sarif or pretty.
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    error_format: String,
    /// Accepted for buf compatibility (symlinks are followed).
    #[arg(long, hide = true)]
    disable_symlinks: bool,
}

pub(crate) fn run(args: LintArgs) -> ExitCode {
    match run_inner(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("Failure: {message}");
            ExitCode::FAILURE
        }
    }
}

const FINDINGS: u8 = 100;

fn run_inner(args: &LintArgs) -> Result<ExitCode, String> {
    let format = OutputFormat::from_name(&args.error_format)
        .ok_or_else(|| format!("--error-format: invalid format: \"{}\"", args.error_format))?;
    let arg = args.input.as_deref().unwrap_or(".");
    let filter = PathFilter {
        paths: args.paths.clone(),
        exclude_paths: args.exclude_paths.clone(),
    };
    // `-` is an image on standard input, as in buf; `*.json` a JSON image
    // (`buf build -o image.json`).
    let raw_image = arg == "-"
        || ((arg.ends_with(".json") || arg.ends_with(".json.gz") || arg.ends_with(".binpb.gz"))
            && !arg.contains('#'));
    let result = if raw_image {
        lint_image(arg, &filter, args.config.as_deref())?
    } else {
        match input::parse_input(arg)? {
            InputRef::Image(path) => lint_image(&path, &filter, args.config.as_deref())?,
            input => lint_workspace(
                &input,
                &filter,
                args.config.as_deref(),
                format == OutputFormat::Pretty,
            )?,
        }
    };
    let rules: Vec<RuleInfo> = registry::RULES
        .iter()
        .map(|r| RuleInfo {
            id: r.id.to_string(),
            purpose: r.purpose.to_string(),
            help_uri: None,
        })
        .collect();
    let module_path = |printed: &str| {
        result
            .module_paths
            .get(printed)
            .cloned()
            .unwrap_or_else(|| printed.to_string())
    };
    let cx = FormatContext {
        files: Some(&*result.sources),
        rules: &rules,
        config_version: result.version.as_str(),
        tool_version: env!("CARGO_PKG_VERSION"),
        module_path: Some(&module_path),
        ..FormatContext::default()
    };
    let t = Stage::start();
    let rendered = formats::render(format, &result.findings, &cx);
    let t = t.next("render");
    print!("{rendered}");
    t.next("write");
    Ok(if result.findings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(FINDINGS)
    })
}

/// Prints how long each stage took to stderr when `PROTOKIT_TIMING` is set: wall time, and
/// the process's CPU time (all threads; Linux only) which a busy machine does not inflate.
struct Stage(Option<(std::time::Instant, Option<f64>)>);

impl Stage {
    fn start() -> Self {
        Stage(
            protokit_compiler::compile::timing_enabled()
                .then(|| (std::time::Instant::now(), process_cpu_seconds())),
        )
    }

    fn next(self, name: &str) -> Self {
        if let Some((t, cpu)) = self.0 {
            let cpu = match (cpu, process_cpu_seconds()) {
                (Some(a), Some(b)) => format!(", cpu {:.2}s", b - a),
                _ => String::new(),
            };
            eprintln!("protokit timing: lint {name} {:.2?}{cpu}", t.elapsed());
        }
        Stage::start()
    }
}

/// User plus system CPU time of this process so far, from `/proc/self/stat` (clock ticks,
/// taken as 100 per second).
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let mut fields = rest.split(' ').skip(11);
    let utime: f64 = fields.next()?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// What a lint run found, with what the renderers need.
struct Outcome {
    findings: Vec<Diagnostic>,
    version: ConfigVersion,
    /// Printed path → path relative to its module root (`config-ignore-yaml`).
    module_paths: HashMap<String, String>,
    /// Source texts by printed path (for `pretty`).
    sources: Box<dyn Files>,
}

/// Source texts by printed path, for `pretty` snippets.
#[derive(Default)]
struct Sources {
    files: HashMap<String, (std::sync::Arc<str>, LineIndex)>,
}

impl Files for Sources {
    fn source(&self, path: &str) -> Option<(&str, &LineIndex)> {
        self.files.get(path).map(|(t, l)| (&**t, l))
    }
}

/// Prints the configuration's warnings as buf does (`WARN` lines on stderr), and one for
/// each check plugin, which protokit does not run.
fn warn_config(warnings: &[String], plugins: &[String]) {
    for w in warnings {
        eprintln!("WARN\t{w}");
    }
    for p in plugins {
        eprintln!("WARN\tcheck plugin {p} is not supported by protokit; its rules are not run.");
    }
}

/// Prints a warning for each rule the configuration asks for that protokit lacks.
fn warn_unsupported(configs: &[&LintConfig]) {
    let mut seen = BTreeSet::new();
    for c in configs {
        for id in registry::unsupported_requested(c) {
            if seen.insert(id) {
                eprintln!("WARN\tlint rule {id} is not supported by protokit yet; it is skipped.");
            }
        }
    }
}

fn lint_workspace(
    input: &InputRef,
    filter: &PathFilter,
    config: Option<&str>,
    with_sources: bool,
) -> Result<Outcome, String> {
    let t = Stage::start();
    let ws = input::resolve_workspace(input, filter, config)?;
    let t = t.next("workspace");
    warn_config(&ws.warnings, &ws.plugins);
    let names: Vec<&str> = ws.targets.iter().map(|(_, n)| n.as_str()).collect();
    let compiled = Compiler::new(ws.resolver().or(Embedded))
        .include_imports(true)
        .include_source_info(true)
        .compile(&names);
    let t = t.next("compile");
    if let Some(e) = ws.read_errors().first() {
        return Err(e.clone());
    }
    // A name in several modules resolves to the first (as the resolver does).
    let mut display: HashMap<&str, (usize, &str)> = HashMap::new();
    for (i, m) in ws.modules.iter().enumerate() {
        for n in m.names() {
            display
                .entry(n)
                .or_insert((i, m.display_path(n).unwrap_or(n)));
        }
    }
    let mut module_paths = HashMap::new();
    for m in &ws.modules {
        for n in m.names() {
            if let Some(d) = m.display_path(n) {
                module_paths.insert(d.to_string(), n.to_string());
            }
        }
    }
    let out = match compiled {
        Ok(out) => out,
        Err(errors) => {
            return Ok(Outcome {
                findings: lint_compile_findings(&errors),
                version: ws.version,
                module_paths,
                sources: Box::new(errors),
            })
        }
    };
    let mut image = Image::from_compile_output(&out);
    for f in &mut image.files {
        if let Some((_, d)) = display.get(f.name()) {
            f.display_path = (*d).to_string();
        }
    }
    let t = t.next("image");
    let configs: Vec<&LintConfig> = ws
        .modules
        .iter()
        .filter(|m| m.targeted)
        .map(|m| &m.config.lint)
        .collect();
    warn_unsupported(&configs);

    let mut findings = Vec::new();
    for (i, m) in ws.modules.iter().enumerate().filter(|(_, m)| m.targeted) {
        let targets: BTreeSet<&str> = ws
            .targets
            .iter()
            .filter(|(mi, _)| *mi == i)
            .map(|(_, n)| n.as_str())
            .collect();
        if targets.is_empty() {
            continue;
        }
        for f in &mut image.files {
            f.is_import = !targets.contains(f.name());
        }
        findings.extend(lint::run(&image, &m.config.lint).map_err(|e| e.to_string())?);
    }
    let t = t.next("rules");
    lint::sort_findings(&mut findings);
    t.next("sort");
    // Only `pretty` shows source text; the others print positions findings already have.
    let sources: Box<dyn Files> = if with_sources {
        Box::new(sources_of(&out, &findings, &display))
    } else {
        Box::new(Sources::default())
    };
    // The process ends after printing: freeing the compiled tree (millions of allocations
    // for a large one) would only delay the exit. (The workspace is dropped: it may own a
    // temporary checkout.)
    std::mem::forget(image);
    std::mem::forget(out);
    Ok(Outcome {
        findings,
        version: ws.version,
        module_paths,
        sources,
    })
}

/// Compile errors as `buf lint` reports them: protoc's `x.proto: File not found.` (no
/// position) is left out, since buf reports a missing import only at the import statement,
/// which the importer's error already covers.
fn lint_compile_findings(errors: &CompileErrors) -> Vec<Diagnostic> {
    let mut findings = compile_findings(errors);
    findings.retain(|d| !(d.position.is_none() && d.message == "File not found."));
    findings
}

/// The texts of the files findings point into (for `pretty`).
fn sources_of(
    out: &CompileOutput,
    findings: &[Diagnostic],
    display: &HashMap<&str, (usize, &str)>,
) -> Sources {
    let wanted: BTreeSet<&str> = findings.iter().map(|d| d.file.as_str()).collect();
    let mut sources = Sources::default();
    for f in out.files() {
        let printed = display.get(f.name()).map_or(f.name(), |(_, d)| *d);
        if wanted.contains(printed) {
            let s = f.source();
            sources.files.insert(
                printed.to_string(),
                (std::sync::Arc::from(s.text()), LineIndex::new(s.text())),
            );
        }
    }
    sources
}

/// Compile errors as buf reports them: findings of type `COMPILE` at the error's 1-based
/// position (end included when the error has a span).
pub(crate) fn compile_findings(errors: &CompileErrors) -> Vec<Diagnostic> {
    let mut findings: Vec<Diagnostic> = errors
        .errors()
        .iter()
        .map(|e| {
            let file = errors.display_path(e.file()).to_string();
            let mut d = Diagnostic::new(Severity::Error, file, e.message()).with_rule("COMPILE");
            if let Some((line, col)) = errors.position(e) {
                let (end_line, end_column) = match (e.span(), errors.source(e.file())) {
                    (Some(span), Some(src)) => {
                        let (l, c) = src.lines().line_col(span.end);
                        (l + 1, c + 1)
                    }
                    _ => (line, col),
                };
                d = d.with_position(Position {
                    start_line: line,
                    start_column: col,
                    end_line,
                    end_column,
                });
            }
            d
        })
        .collect();
    lint::sort_findings(&mut findings);
    findings
}

fn lint_image(path: &str, filter: &PathFilter, config: Option<&str>) -> Result<Outcome, String> {
    let bytes = if path == "-" {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
            .map_err(|e| format!("read -: {}", input::io_reason(&e)))?;
        bytes
    } else {
        std::fs::read(path).map_err(|e| format!("open {path}: {}", input::io_reason(&e)))?
    };
    let (path, bytes) = match path.strip_suffix(".gz") {
        Some(inner) => {
            let mut plain = Vec::new();
            std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut plain)
                .map_err(|e| format!("{path}: gzip: {e}"))?;
            (inner, plain)
        }
        None => (path, bytes),
    };
    let bytes = if path.ends_with(".json") {
        let text = String::from_utf8(bytes).map_err(|_| format!("{path}: not UTF-8"))?;
        crate::json_image::to_binary(&text)?
    } else {
        bytes
    };
    let mut image = Image::decode(&bytes)
        .map_err(|_| "wire unmarshal: proto: cannot parse invalid wire-format data".to_string())?;
    // buf's --path and --exclude-path select image files by name.
    let selected = |name: &str| {
        (filter.paths.is_empty()
            || filter
                .paths
                .iter()
                .any(|p| protokit_check::config::path_matches(p, name)))
            && !filter
                .exclude_paths
                .iter()
                .any(|p| protokit_check::config::path_matches(p, name))
    };
    for f in &mut image.files {
        if !selected(f.name()) {
            f.is_import = true;
        }
    }
    if image.targets().next().is_none() {
        return Err("image contains no files".to_string());
    }
    let ws = input::image_config(config)?;
    warn_config(&ws.warnings, &ws.plugins);
    let lint_config = ws
        .modules
        .iter()
        .find(|m| m.path == ".")
        .or(ws.modules.first())
        .map(|m| m.lint.clone())
        .unwrap_or_default();
    warn_unsupported(&[&lint_config]);
    let findings = lint::run(&image, &lint_config).map_err(|e| e.to_string())?;
    Ok(Outcome {
        findings,
        version: lint_config.version,
        module_paths: HashMap::new(),
        sources: Box::new(Sources::default()),
    })
}
