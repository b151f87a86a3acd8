//! Plugin mode: the `protokit` binary as a protoc plugin (`protoc-gen-*`), reading a
//! `CodeGeneratorRequest` on standard input and writing a `CodeGeneratorResponse` on standard
//! output.
//!
//! The mode is chosen by the program name (`protoc-gen-protokit-lint` → lint,
//! `protoc-gen-protokit-breaking` → breaking, any other `protoc-gen-NAME` → generate), by
//! `protokit plugin --mode MODE`, or (generate) when `protokit` runs with no arguments and
//! standard input is not a terminal; a `mode=` key in the parameter overrides all of them.
//!
//! Lint and breaking modes check the request's files as `protokit lint`/`protokit breaking`
//! check an image: the files in `file_to_generate` are checked, the other `proto_file`s are
//! imports; paths are protoc's names; positions are the request's `SourceCodeInfo` spans as
//! they are (protoc's columns), which is what `protoc-gen-buf-lint` and
//! `protoc-gen-buf-breaking` 1.75.0 print. Findings go to `CodeGeneratorResponse.error` in
//! the requested format, without a trailing newline (as buf's plugins), so protoc prints them
//! after `--NAME_out: ` and exits 1; a clean run answers an empty response.
//!
//! Generate mode answers the files `protokit generate` writes for the files to generate
//! (`mod.rs` and one `<package>.rs` per package), the parameter's entries being its options.
//! For runs per directory or per target (buf's `strategy: directory`, Bazel), the options
//! `mod_file=false` / `mod_file=only` and `layout=directory` split that output into disjoint
//! files: see `docs/cli.md`.
//!
//! Errors in the parameter or the configuration are error responses too (buf's plugins print
//! those on stderr and exit 1; protoc exits 1 either way). Standard input that is empty or not
//! a `CodeGeneratorRequest` is reported on stderr with exit code 1.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::process::ExitCode;

use prost::Message;
use protokit_check::breaking::{self, BreakingConfig};
use protokit_check::config::{self, LintConfig};
use protokit_check::image::Image;
use protokit_check::lint::{self, registry};
use protokit_compiler::descriptor::FileDescriptorSet;
use protokit_diagnostics::formats::{self, FormatContext, OutputFormat, RuleInfo};
use protokit_diagnostics::Diagnostic;

use crate::plugins::messages::{
    CodeGeneratorRequest, CodeGeneratorResponse, ResponseFile, FEATURE_PROTO3_OPTIONAL,
    FEATURE_SUPPORTS_EDITIONS,
};

/// `google.protobuf.Edition.EDITION_2023`: the oldest edition protokit compiles, checks and
/// generates code for.
pub const MINIMUM_EDITION: i32 = 1000;
/// `google.protobuf.Edition.EDITION_2024`: the newest edition protokit handles.
pub const MAXIMUM_EDITION: i32 = 1001;

/// What the plugin does with a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PluginMode {
    /// Generate Rust code, as `protokit generate`.
    Generate,
    /// Lint the files to generate, as `protokit lint` (and `protoc-gen-buf-lint`).
    Lint,
    /// Compare the files with an `against` input, as `protokit breaking` (and
    /// `protoc-gen-buf-breaking`).
    Breaking,
}

impl PluginMode {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "generate" => Some(PluginMode::Generate),
            "lint" => Some(PluginMode::Lint),
            "breaking" => Some(PluginMode::Breaking),
            _ => None,
        }
    }
}

/// The plugin mode for a program name: `Some` when its file stem starts with `protoc-gen-`.
pub(crate) fn mode_for_program(stem: &str) -> Option<PluginMode> {
    let rest = stem.strip_prefix("protoc-gen-")?;
    Some(match rest {
        "protokit-lint" => PluginMode::Lint,
        "protokit-breaking" => PluginMode::Breaking,
        _ => PluginMode::Generate,
    })
}

/// Arguments of `protokit plugin`.
#[derive(clap::Args)]
pub(crate) struct PluginArgs {
    /// What to do with the request (a `mode=` key in protoc's parameter overrides it).
    #[arg(long, value_enum, default_value = "generate")]
    mode: PluginMode,
}

/// `protokit plugin`.
pub(crate) fn run(args: PluginArgs) -> ExitCode {
    serve(args.mode)
}

/// Plugin mode detected from a bare `protokit` with stdin not a terminal: reads the request
/// and answers it; empty stdin means "not run by protoc" and gives `None`, so that the caller
/// prints the usual help.
pub(crate) fn serve_detected(mode: PluginMode) -> Option<ExitCode> {
    match read_stdin() {
        Ok(bytes) if bytes.is_empty() => None,
        Ok(bytes) => Some(answer(&bytes, mode)),
        Err(code) => Some(code),
    }
}

fn read_stdin() -> Result<Vec<u8>, ExitCode> {
    let mut bytes = Vec::new();
    match std::io::stdin().read_to_end(&mut bytes) {
        Ok(_) => Ok(bytes),
        Err(e) => {
            eprintln!("protokit: cannot read the CodeGeneratorRequest from standard input: {e}");
            Err(ExitCode::FAILURE)
        }
    }
}

/// Plugin mode chosen by the program name or `protokit plugin`.
pub(crate) fn serve(mode: PluginMode) -> ExitCode {
    let bytes = match read_stdin() {
        Ok(bytes) => bytes,
        Err(code) => return code,
    };
    if bytes.is_empty() {
        eprintln!(
            "protokit: plugin mode reads a CodeGeneratorRequest on standard input, and it was \
             empty (run it from protoc: protoc --plugin=protoc-gen-protokit=PATH \
             --protokit_out=DIR FILES)"
        );
        return ExitCode::FAILURE;
    }
    answer(&bytes, mode)
}

fn answer(bytes: &[u8], mode: PluginMode) -> ExitCode {
    match respond(bytes, mode) {
        Ok(response) => {
            let mut out = std::io::stdout().lock();
            if let Err(e) = out.write_all(&response).and_then(|()| out.flush()) {
                eprintln!("protokit: cannot write the CodeGeneratorResponse: {e}");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("protokit: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Answers one encoded `CodeGeneratorRequest` with an encoded `CodeGeneratorResponse`.
///
/// `mode` is the mode chosen by the caller (program name, `--mode`); a `mode=` key in the
/// request's parameter overrides it. Everything protokit cannot serve (a bad parameter or
/// configuration, no files to generate, an edition outside
/// [`MINIMUM_EDITION`]..=[`MAXIMUM_EDITION`], findings) is a response with `error` set. The
/// response always declares proto3 `optional` and editions support with that edition range.
///
/// # Errors
/// The decode error's text when `request` is not a `CodeGeneratorRequest`.
pub fn respond(request: &[u8], mode: PluginMode) -> Result<Vec<u8>, String> {
    let request = CodeGeneratorRequest::decode(request)
        .map_err(|e| format!("standard input is not a CodeGeneratorRequest: {e}"))?;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(&request, mode)))
        .unwrap_or_else(|_| Err("internal error: protokit panicked on this request".to_string()));
    let (error, file) = match result {
        Ok(files) => (None, files),
        Err(e) => (Some(e.into_bytes()), Vec::new()),
    };
    let response = CodeGeneratorResponse {
        error,
        supported_features: Some(FEATURE_PROTO3_OPTIONAL | FEATURE_SUPPORTS_EDITIONS),
        minimum_edition: Some(MINIMUM_EDITION),
        maximum_edition: Some(MAXIMUM_EDITION),
        file,
    };
    Ok(response.encode_to_vec())
}

/// Serves a decoded request: the generated files, or the response's `error` (findings
/// included).
fn handle(request: &CodeGeneratorRequest, mode: PluginMode) -> Result<Vec<ResponseFile>, String> {
    let params = Params::parse(request.parameter.as_deref().unwrap_or(""), mode)?;
    if request.file_to_generate.is_empty() {
        return Err("the request names no file to generate (file_to_generate is empty)".into());
    }
    for name in &request.file_to_generate {
        let Some(file) = request
            .proto_file
            .iter()
            .find(|f| f.name.as_deref() == Some(name.as_str()))
        else {
            return Err(format!(
                "{name}: in file_to_generate but not among the request's proto_file"
            ));
        };
        if file.syntax.as_deref() == Some("editions") {
            let edition = file.edition.unwrap_or(0);
            if !(MINIMUM_EDITION..=MAXIMUM_EDITION).contains(&edition) {
                return Err(format!(
                    "{name}: edition {} is not supported by protokit (it handles {} to {})",
                    edition_name(edition),
                    edition_name(MINIMUM_EDITION),
                    edition_name(MAXIMUM_EDITION)
                ));
            }
        }
    }
    let image = || {
        let targets: BTreeSet<&str> = request
            .file_to_generate
            .iter()
            .map(String::as_str)
            .collect();
        Image::from_descriptor_set(
            FileDescriptorSet {
                file: request.proto_file.clone(),
            },
            |name| !targets.contains(name),
        )
    };
    match params.mode {
        PluginMode::Lint => lint_mode(&image(), &params.check).map(|()| Vec::new()),
        PluginMode::Breaking => {
            breaking_mode(&image(), request, &params.check).map(|()| Vec::new())
        }
        PluginMode::Generate => generate_mode(request, &params.generate),
    }
}

/// Generate mode: `protokit generate`'s files for the files to generate (every `proto_file`
/// resolves types), as response files named by their path in the output directory.
fn generate_mode(
    request: &CodeGeneratorRequest,
    options: &[String],
) -> Result<Vec<ResponseFile>, String> {
    let options = protokit_codegen::Options::parse(options).map_err(|e| e.to_string())?;
    // In name order, as `protokit generate` on a directory lists them: the bytes do not depend
    // on the order of protoc's command line.
    let names: BTreeSet<&str> = request
        .file_to_generate
        .iter()
        .map(String::as_str)
        .collect();
    let names: Vec<&str> = names.into_iter().collect();
    let generated = protokit_codegen::generate(&request.proto_file, &names, &options)
        .map_err(|e| e.to_string())?;
    Ok(generated
        .into_iter()
        .map(|(name, content)| ResponseFile {
            name: Some(name.into_bytes()),
            insertion_point: None,
            content: Some(content.into_bytes()),
            generated_code_info: None,
        })
        .collect())
}

fn edition_name(edition: i32) -> String {
    match edition {
        998 => "proto2".into(),
        999 => "proto3".into(),
        1000 => "2023".into(),
        1001 => "2024".into(),
        9999 => "UNSTABLE".into(),
        n => n.to_string(),
    }
}

/// Options of lint and breaking modes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct CheckOptions {
    error_format: Option<String>,
    config: Option<String>,
    against: Option<String>,
    against_config: Option<String>,
    limit_to_input_files: bool,
    exclude_imports: bool,
    /// buf's `module`: the name of the module whose configuration applies.
    module: Option<String>,
}

/// A parsed parameter.
#[derive(Debug, PartialEq, Eq)]
struct Params {
    mode: PluginMode,
    check: CheckOptions,
    /// The generate options (`KEY[=VALUE]`), for generate mode.
    generate: Vec<String>,
}

/// buf's plugin keys, for the JSON/YAML object form.
const BUF_LINT_KEYS: &[&str] = &[
    "input_config",
    "module",
    "error_format",
    "log_level",
    "log_format",
    "timeout",
];
const BUF_BREAKING_KEYS: &[&str] = &[
    "against_input",
    "against_input_config",
    "limit_to_input_files",
    "exclude_imports",
];

impl Params {
    /// Parses protoc's parameter: a JSON or YAML object with buf's plugin keys, or
    /// protoc-gen-prost's comma-separated `KEY[=VALUE]` list.
    fn parse(parameter: &str, mode: PluginMode) -> Result<Params, String> {
        if let Some(map) = as_object(parameter)? {
            return Params::from_object(&map, mode);
        }
        let entries = split_parameter(parameter);
        let mut mode = mode;
        for e in &entries {
            if let Some(m) = e.strip_prefix("mode=") {
                mode = PluginMode::from_name(m).ok_or_else(|| {
                    format!(
                        "unknown mode \"{m}\" in the plugin parameter (generate, lint or breaking)"
                    )
                })?;
            }
        }
        let mut params = Params {
            mode,
            check: CheckOptions::default(),
            generate: Vec::new(),
        };
        for e in entries {
            let (key, value) = match e.split_once('=') {
                Some((k, v)) => (k, Some(v)),
                None => (e.as_str(), None),
            };
            if key == "mode" {
                continue;
            }
            if mode == PluginMode::Generate {
                params.generate.push(e.clone());
                continue;
            }
            let c = &mut params.check;
            let need = |v: Option<&str>| -> Result<String, String> {
                v.map(str::to_string).ok_or_else(|| {
                    format!("plugin parameter key \"{key}\" needs a value ({key}=VALUE)")
                })
            };
            match key {
                "error_format" => c.error_format = Some(need(value)?),
                "config" => c.config = Some(need(value)?),
                "module" => c.module = Some(need(value)?),
                "against" if mode == PluginMode::Breaking => c.against = Some(need(value)?),
                "against_config" if mode == PluginMode::Breaking => {
                    c.against_config = Some(need(value)?)
                }
                "limit_to_input_files" => c.limit_to_input_files = flag(key, value)?,
                "exclude_imports" => c.exclude_imports = flag(key, value)?,
                _ => {
                    return Err(format!(
                        "unknown key \"{key}\" in the plugin parameter for {} mode (known: mode, \
                         error_format, config, module, {}limit_to_input_files, exclude_imports)",
                        mode_name(mode),
                        if mode == PluginMode::Breaking {
                            "against, against_config, "
                        } else {
                            ""
                        }
                    ))
                }
            }
        }
        Ok(params)
    }

    fn from_object(map: &serde_yaml::Mapping, mode: PluginMode) -> Result<Params, String> {
        let mut mode = mode;
        if let Some(v) = map.get("mode") {
            let m = v
                .as_str()
                .ok_or("plugin parameter key \"mode\" must be a string")?;
            mode = PluginMode::from_name(m).ok_or_else(|| {
                format!("unknown mode \"{m}\" in the plugin parameter (generate, lint or breaking)")
            })?;
        }
        if mode == PluginMode::Generate {
            return Err(
                "a JSON or YAML plugin parameter is for lint and breaking modes (buf's plugin \
                 keys); generate mode takes KEY=VALUE options"
                    .into(),
            );
        }
        let mut c = CheckOptions::default();
        for (k, v) in map {
            let Some(key) = k.as_str() else {
                return Err(format!(
                    "plugin parameter keys must be strings, not {}",
                    yaml_inline(k)
                ));
            };
            let known = key == "mode"
                || BUF_LINT_KEYS.contains(&key)
                || (mode == PluginMode::Breaking && BUF_BREAKING_KEYS.contains(&key));
            if !known {
                let mut keys: Vec<&str> = BUF_LINT_KEYS.to_vec();
                if mode == PluginMode::Breaking {
                    keys.extend(BUF_BREAKING_KEYS);
                }
                return Err(format!(
                    "unknown key \"{key}\" in the plugin parameter for {} mode (known: mode, {})",
                    mode_name(mode),
                    keys.join(", ")
                ));
            }
            let string = || -> Result<String, String> {
                match v {
                    serde_yaml::Value::String(s) => Ok(s.clone()),
                    serde_yaml::Value::Null => Ok(String::new()),
                    other => Err(format!(
                        "plugin parameter key \"{key}\" must be a string, not {}",
                        yaml_inline(other)
                    )),
                }
            };
            let config = || -> Result<Option<String>, String> {
                match v {
                    serde_yaml::Value::Mapping(_) => serde_yaml::to_string(v)
                        .map(Some)
                        .map_err(|e| format!("plugin parameter key \"{key}\": {e}")),
                    _ => Ok(Some(string()?).filter(|s| !s.is_empty())),
                }
            };
            let boolean = || -> Result<bool, String> {
                match v {
                    serde_yaml::Value::Bool(b) => Ok(*b),
                    serde_yaml::Value::Null => Ok(false),
                    other => Err(format!(
                        "plugin parameter key \"{key}\" must be true or false, not {}",
                        yaml_inline(other)
                    )),
                }
            };
            match key {
                "input_config" => c.config = config()?,
                "against_input_config" => c.against_config = config()?,
                "error_format" => c.error_format = Some(string()?).filter(|s| !s.is_empty()),
                "against_input" => c.against = Some(string()?).filter(|s| !s.is_empty()),
                "module" => c.module = Some(string()?).filter(|s| !s.is_empty()),
                "limit_to_input_files" => c.limit_to_input_files = boolean()?,
                "exclude_imports" => c.exclude_imports = boolean()?,
                // Accepted for buf compatibility; they change nothing protokit prints.
                "log_level" | "log_format" | "timeout" | "mode" => {}
                _ => return Err(format!("unknown key \"{key}\" in the plugin parameter")),
            }
        }
        Ok(Params {
            mode,
            check: c,
            generate: Vec::new(),
        })
    }
}

fn mode_name(mode: PluginMode) -> &'static str {
    match mode {
        PluginMode::Generate => "generate",
        PluginMode::Lint => "lint",
        PluginMode::Breaking => "breaking",
    }
}

fn yaml_inline(v: &serde_yaml::Value) -> String {
    serde_yaml::to_string(v)
        .map(|s| s.trim_end().to_string())
        .unwrap_or_else(|_| "?".into())
}

/// `KEY` alone is true; `KEY=true|false` as written.
fn flag(key: &str, value: Option<&str>) -> Result<bool, String> {
    match value {
        None | Some("true") => Ok(true),
        Some("false") => Ok(false),
        Some(v) => Err(format!(
            "plugin parameter key \"{key}\" takes no value or true/false, not \"{v}\""
        )),
    }
}

/// The parameter as buf's plugins read it: a JSON or YAML object. A `KEY=VALUE` list is
/// `None`. An object that is not valid is an error.
fn as_object(parameter: &str) -> Result<Option<serde_yaml::Mapping>, String> {
    let trimmed = parameter.trim_start();
    let braced = trimmed.starts_with('{');
    if !braced {
        // `key: value` YAML, but not a KEY=VALUE list whose value happens to hold `: `.
        let first = trimmed.split([',', '\n']).next().unwrap_or("");
        match first.split_once(':') {
            Some((k, _)) if !k.contains('=') && !k.trim().is_empty() => {}
            _ => return Ok(None),
        }
    }
    match serde_yaml::from_str::<serde_yaml::Value>(parameter) {
        Ok(serde_yaml::Value::Mapping(m)) => Ok(Some(m)),
        Ok(_) if !braced => Ok(None),
        Ok(_) => Err("the plugin parameter is not a JSON or YAML object".into()),
        Err(e) if braced => Err(format!(
            "the plugin parameter is not a valid JSON or YAML object: {e}"
        )),
        Err(_) => Ok(None),
    }
}

/// Splits protoc's parameter on commas (`\,` is a literal comma), dropping empty entries.
fn split_parameter(parameter: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = parameter.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                cur.push(',');
                chars.next();
            }
            ',' => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().filter(|e| !e.trim().is_empty()).collect()
}

fn output_format(name: Option<&str>, breaking: bool) -> Result<OutputFormat, String> {
    let name = name.unwrap_or("text");
    OutputFormat::from_name(name)
        .filter(|f| !breaking || f.supports_breaking())
        .ok_or_else(|| {
            // buf's two plugins word this differently.
            if breaking {
                format!("--error-format: invalid format: \"{name}\"")
            } else {
                format!("unknown format: \"{name}\"")
            }
        })
}

/// Renders findings as the error text (no trailing newline), `None` when there are none.
fn render(
    format: OutputFormat,
    findings: &[Diagnostic],
    rules: &[RuleInfo],
    version: &str,
) -> Option<String> {
    if findings.is_empty() {
        return None;
    }
    let cx = FormatContext {
        rules,
        config_version: version,
        tool_version: env!("CARGO_PKG_VERSION"),
        ..FormatContext::default()
    };
    let text = formats::render(format, findings, &cx);
    Some(text.trim_end_matches('\n').to_string())
}

/// The module whose configuration applies, as buf's plugins pick it: the one named `module`,
/// else the one at `.`; `None` (defaults) when there is no configuration at all, and buf's
/// `no module found for "NAME"` when the configuration has no such module.
fn pick_module<'a>(
    ws: &'a config::Workspace,
    opts: &CheckOptions,
) -> Result<Option<&'a config::ModuleConfig>, String> {
    let key = opts.module.as_deref().filter(|m| !m.is_empty());
    let found = match key {
        Some(name) => ws.modules.iter().find(|m| m.name.as_deref() == Some(name)),
        None => ws.modules.iter().find(|m| m.path == "."),
    };
    match found {
        Some(m) => Ok(Some(m)),
        None if opts.config.is_none() && ws.config_file.is_none() => Ok(ws.modules.first()),
        None => Err(format!("no module found for \"{}\"", key.unwrap_or("."))),
    }
}

fn lint_mode(image: &Image, opts: &CheckOptions) -> Result<(), String> {
    let format = output_format(opts.error_format.as_deref(), false)?;
    let ws = crate::input::image_config(opts.config.as_deref())?;
    for w in &ws.warnings {
        eprintln!("WARN\t{w}");
    }
    let config = pick_module(&ws, opts)?
        .map(|m| m.lint.clone())
        .unwrap_or_else(|| LintConfig::for_version(ws.version));
    for id in registry::unsupported_requested(&config) {
        eprintln!("WARN\tlint rule {id} is not supported by protokit yet; it is skipped.");
    }
    let findings = lint::run(image, &config).map_err(|e| e.to_string())?;
    let rules: Vec<RuleInfo> = registry::RULES
        .iter()
        .map(|r| RuleInfo {
            id: r.id.to_string(),
            purpose: r.purpose.to_string(),
            help_uri: None,
        })
        .collect();
    match render(format, &findings, &rules, config.version.as_str()) {
        Some(text) => Err(text),
        None => Ok(()),
    }
}

fn breaking_mode(
    image: &Image,
    request: &CodeGeneratorRequest,
    opts: &CheckOptions,
) -> Result<(), String> {
    use crate::breaking::{build, Built};
    use crate::input::{self, PathFilter};

    let format = output_format(opts.error_format.as_deref(), true)?;
    let Some(against) = opts.against.as_deref() else {
        return Err(
            "breaking mode needs the input to compare with: against=INPUT (\"against_input\" in \
             the JSON/YAML form), e.g. against=.git#branch=main or against=previous.binpb"
                .into(),
        );
    };
    let against = input::parse_input(against)?;
    let ws = input::image_config(opts.config.as_deref())?;
    for w in &ws.warnings {
        eprintln!("WARN\t{w}");
    }
    let config = pick_module(&ws, opts)?
        .map(|m| m.breaking.clone())
        .unwrap_or_else(|| BreakingConfig {
            version: ws.version,
            ..BreakingConfig::default()
        });
    let filter = if opts.limit_to_input_files {
        PathFilter {
            paths: request.file_to_generate.clone(),
            exclude_paths: Vec::new(),
        }
    } else {
        PathFilter::default()
    };
    let rules: Vec<RuleInfo> = breaking::registry::RULES
        .iter()
        .map(|r| RuleInfo {
            id: r.id.to_string(),
            purpose: r.purpose.to_string(),
            help_uri: None,
        })
        .collect();
    let version = config.version.as_str();
    let previous = match build(&against, &filter, opts.against_config.as_deref(), false)? {
        Built::Images(side) => side,
        Built::Errors(findings, _) => {
            return match render(format, &findings, &rules, version) {
                Some(text) => Err(text),
                None => Ok(()),
            }
        }
    };
    if previous.modules.len() != 1 {
        return Err(format!(
            "input contained 1 images, whereas against contained {} images",
            previous.modules.len()
        ));
    }
    let mut against_image = previous.modules[0].image.clone();
    if opts.exclude_imports {
        // As protoc-gen-buf-breaking: a file that is only an import of the request is not
        // compared (nor reported deleted) even when the against input has it as its own.
        let imports: BTreeSet<&str> = image
            .files
            .iter()
            .filter(|f| f.is_import)
            .map(|f| f.name())
            .collect();
        for f in &mut against_image.files {
            if imports.contains(f.name()) {
                f.is_import = true;
            }
        }
    }
    let mut findings = breaking::run(&against_image, image, &config, !opts.exclude_imports)
        .map_err(|e| e.to_string())?;
    lint::sort_findings(&mut findings);
    match render(format, &findings, &rules, version) {
        Some(text) => Err(text),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(p: &str, mode: PluginMode) -> Result<Params, String> {
        Params::parse(p, mode)
    }

    #[test]
    fn program_names() {
        assert_eq!(
            mode_for_program("protoc-gen-protokit-lint"),
            Some(PluginMode::Lint)
        );
        assert_eq!(
            mode_for_program("protoc-gen-protokit-breaking"),
            Some(PluginMode::Breaking)
        );
        assert_eq!(
            mode_for_program("protoc-gen-protokit"),
            Some(PluginMode::Generate)
        );
        assert_eq!(
            mode_for_program("protoc-gen-rust"),
            Some(PluginMode::Generate)
        );
        assert_eq!(mode_for_program("protokit"), None);
    }

    #[test]
    fn prost_convention() {
        assert_eq!(
            split_parameter(r"a,b=c,,d=e=f\,g,"),
            vec!["a", "b=c", "d=e=f,g"]
        );
        let p = parse(
            r"mode=breaking,against=.git#branch=main\,subdir=proto,error_format=json,exclude_imports",
            PluginMode::Generate,
        )
        .unwrap();
        assert_eq!(p.mode, PluginMode::Breaking);
        assert_eq!(
            p.check.against.as_deref(),
            Some(".git#branch=main,subdir=proto")
        );
        assert_eq!(p.check.error_format.as_deref(), Some("json"));
        assert!(p.check.exclude_imports && !p.check.limit_to_input_files);
        let p = parse(
            "no_client,type_attribute=.=#[derive(Eq)]",
            PluginMode::Generate,
        )
        .unwrap();
        assert_eq!(
            p.generate,
            vec!["no_client", "type_attribute=.=#[derive(Eq)]"]
        );
        let e = parse("error_format=json,frobnicate=1", PluginMode::Lint).unwrap_err();
        assert!(e.contains("\"frobnicate\""), "{e}");
        let e = parse("against=x", PluginMode::Lint).unwrap_err();
        assert!(e.contains("\"against\""), "{e}");
        assert!(parse("mode=nope", PluginMode::Lint)
            .unwrap_err()
            .contains("nope"));
        assert!(parse("limit_to_input_files=maybe", PluginMode::Breaking).is_err());
    }

    #[test]
    fn buf_object_form() {
        let p = parse(
            r#"{"against_input":"prev.binpb","limit_to_input_files":true,"input_config":{"version":"v1"},"log_level":"debug"}"#,
            PluginMode::Breaking,
        )
        .unwrap();
        assert_eq!(p.check.against.as_deref(), Some("prev.binpb"));
        assert!(p.check.limit_to_input_files);
        assert!(p.check.config.as_deref().unwrap().contains("version: v1"));
        let p = parse("error_format: json", PluginMode::Lint).unwrap();
        assert_eq!(p.check.error_format.as_deref(), Some("json"));
        let e = parse(r#"{"against_input":"x"}"#, PluginMode::Lint).unwrap_err();
        assert!(e.contains("\"against_input\""), "{e}");
        let e = parse(r#"{"foo":1}"#, PluginMode::Breaking).unwrap_err();
        assert!(e.contains("\"foo\""), "{e}");
        assert!(parse("{not json", PluginMode::Lint).is_err());
        let p = parse(
            r#"{"mode":"breaking","against_input":"a"}"#,
            PluginMode::Lint,
        )
        .unwrap();
        assert_eq!(p.mode, PluginMode::Breaking);
        // A KEY=VALUE option whose value holds ": " is not YAML.
        let p = parse("type_attribute=.=#[doc = \"a: b\"]", PluginMode::Generate).unwrap();
        assert_eq!(p.generate.len(), 1);
    }

    #[test]
    fn bad_requests_get_error_responses() {
        assert!(respond(&[0xff, 0xff, 0xff], PluginMode::Lint).is_err());
        let r = respond(&[], PluginMode::Lint).unwrap();
        let r = CodeGeneratorResponse::decode(r.as_slice()).unwrap();
        assert!(r.error.is_some());
        assert_eq!(r.supported_features, Some(3));
        assert_eq!(
            (r.minimum_edition, r.maximum_edition),
            (Some(1000), Some(1001))
        );
    }
}
