//! `protokit protoc …`: protoc's command line for compiling to a descriptor set.

use std::process::ExitCode;

use protokit_compiler::compile::{CompileErrors, CompileWarning, Compiler};
use protokit_compiler::resolver::{Embedded, FileResolverExt, IncludePaths};

use crate::output::{write_output, write_output_streamed};
use crate::plugins::PluginArgs;

/// The process's allocator (see [`protokit_compiler::alloc`]): much cheaper small allocations
/// than the system's, which dominate the compiler's profile on large trees.
#[global_allocator]
static ALLOC: protokit_compiler::alloc::Allocator = protokit_compiler::alloc::Allocator;

/// The protoc release whose output protokit reproduces.
pub(crate) const PROTOC_VERSION: &str = "35.1";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum ErrorFormat {
    Gcc,
    Msvs,
    /// Source snippets with the offending text underlined (`protokit build` only).
    Rich,
}

impl ErrorFormat {
    /// Warnings as protoc prints them: one line each, in protoc's gcc or msvs form (the rich
    /// format prints them as gcc does).
    pub(crate) fn render_warnings(self, warnings: &[CompileWarning]) -> String {
        let mut out = String::new();
        for w in warnings {
            out.push_str(&if self == ErrorFormat::Msvs {
                w.format_msvs()
            } else {
                w.format_gcc()
            });
            out.push('\n');
        }
        out
    }

    pub(crate) fn render(self, errors: &CompileErrors) -> String {
        let mut out = String::new();
        match self {
            ErrorFormat::Gcc | ErrorFormat::Msvs => {
                for e in errors.errors() {
                    out.push_str(&if self == ErrorFormat::Gcc {
                        errors.format_gcc(e)
                    } else {
                        errors.format_msvs(e)
                    });
                    out.push('\n');
                }
            }
            ErrorFormat::Rich => {
                let options = protokit_diagnostics::render::RichOptions::default();
                for d in errors.diagnostics() {
                    out.push_str(&protokit_diagnostics::render::rich(&d, errors, &options));
                    out.push('\n');
                }
            }
        }
        out
    }
}

#[derive(Debug, Default)]
struct Args {
    proto_paths: Vec<String>,
    output: Option<String>,
    include_imports: bool,
    include_source_info: bool,
    error_format: Option<ErrorFormat>,
    fatal_warnings: bool,
    retain_options: bool,
    print_free_field_numbers: bool,
    dependency_out: Option<String>,
    inputs: Vec<String>,
    version: bool,
    help: bool,
    plugins: PluginArgs,
}

/// Runs protoc's command line `args` (without the program name).
pub(crate) fn run(args: Vec<String>) -> ExitCode {
    match run_inner(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn run_inner(args: Vec<String>) -> Result<ExitCode, String> {
    let started = std::time::Instant::now();
    let args = parse(expand_argfiles(args)?)?;
    if args.help {
        print!("{}", usage());
        return Ok(ExitCode::SUCCESS);
    }
    if args.version {
        println!(
            "libprotoc {PROTOC_VERSION} (protokit {})",
            env!("CARGO_PKG_VERSION")
        );
        return Ok(ExitCode::SUCCESS);
    }
    if args.inputs.is_empty() {
        return Err("Missing input file.".into());
    }
    if args.print_free_field_numbers {
        // protoc's wording: printing shares a mode with --encode and --decode.
        if args.output.is_some() {
            return Err(
                "Cannot use --encode or --decode and generate descriptors at the same time.".into(),
            );
        }
        if args.plugins.has_outputs() {
            return Err(
                "Cannot use --encode, --decode or print .proto info and generate code \
                        at the same time."
                    .into(),
            );
        }
    } else if args.output.is_none() && !args.plugins.has_outputs() {
        return Err("Missing output directives.".into());
    }
    if args.dependency_out.is_some() && args.inputs.len() > 1 {
        return Err("Can only process one input file when using --dependency_out=FILE.".into());
    }

    let mut paths = IncludePaths::default();
    if args.proto_paths.is_empty() {
        paths.push(".");
    }
    for arg in &args.proto_paths {
        for warning in paths.push_proto_path_arg(arg)? {
            eprintln!("{warning}");
        }
    }
    let mut names = Vec::with_capacity(args.inputs.len());
    for name in paths.virtual_names(&args.inputs) {
        names.push(name.map_err(|e| e.to_string())?);
    }

    // Like protoc, which finds the well-known types in the `include/` directory it ships with,
    // after every -I root.
    let compiler = Compiler::new(paths.or(Embedded))
        .include_imports(args.include_imports)
        .include_source_info(args.include_source_info)
        .retain_options(args.retain_options)
        // Errors here print positions only, and outputs need the line index, not the text.
        .retain_sources(false);
    if protokit_compiler::compile::timing_enabled() {
        eprintln!(
            "protokit timing: arguments read in {:.2?}",
            started.elapsed()
        );
    }
    let compiled = compiler.compile(&names);
    if protokit_compiler::compile::timing_enabled() {
        eprintln!("protokit timing: compiled at {:.2?}", started.elapsed());
    }
    let format = args.error_format.unwrap_or(ErrorFormat::Gcc);
    match compiled {
        Ok(out) => {
            let warnings = out.warnings();
            eprint!("{}", format.render_warnings(&warnings));
            if args.print_free_field_numbers {
                let mut text = String::new();
                for file in out.inputs() {
                    for m in &file.proto().message_type {
                        free_field_numbers(m, file.proto().package(), &mut text);
                    }
                }
                print!("{text}");
                return Ok(ExitCode::SUCCESS);
            }
            // As in protoc: plugins first, and no descriptor set when one of them fails.
            let mut written = Vec::new();
            if args.plugins.has_outputs() {
                match args.plugins.generate(&out, &names) {
                    Some(files) => written = files,
                    None => return Ok(ExitCode::FAILURE),
                }
            }
            if let Some(output) = &args.output {
                let start = std::time::Instant::now();
                // Encoded a batch of files at a time and streamed out: the whole set is never
                // in memory at once.
                write_output_streamed(output, |sink| out.encode_each(sink))?
                    .map_err(|e| format!("{output}: {e}"))?;
                if protokit_compiler::compile::timing_enabled() {
                    eprintln!("protokit timing: encode and write {:.2?}", start.elapsed());
                }
            }
            if let Some(manifest) = &args.dependency_out {
                written.extend(args.output.iter().cloned());
                write_output(manifest, dependency_manifest(&written, &out).as_bytes())?;
            }
            // The process exits next: freeing every descriptor one by one would only cost
            // time (a tenth of a large run).
            std::mem::forget(out);
            if protokit_compiler::compile::timing_enabled() {
                eprintln!("protokit timing: done at {:.2?}", started.elapsed());
            }
            // Like protoc, which checks this once every output is written.
            if args.fatal_warnings && !warnings.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            eprint!("{}", format.render_warnings(errors.warnings()));
            eprint!("{}", format.render(&errors));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// protoc's `--dependency_out` file, a make rule: the outputs written (`written`, separated
/// by ` \` line breaks), `:`, then the disk path of every file compiled, each after its
/// imports (`\` line breaks between them, no final newline). The built-in well-known types
/// have no disk path and are left out (protoc lists its `include/` copies); a make rule
/// naming a file that does not exist would fail.
fn dependency_manifest(
    written: &[String],
    out: &protokit_compiler::compile::CompileOutput,
) -> String {
    let mut text = written.join(" \\\n");
    text.push(':');
    let paths: Vec<&str> = out
        .files()
        .iter()
        .filter(|f| std::path::Path::new(f.source().path()).is_file())
        .map(|f| f.source().path())
        .collect();
    for (i, path) in paths.iter().enumerate() {
        text.push(' ');
        text.push_str(path);
        if i + 1 < paths.len() {
            text.push_str("\\\n");
        }
    }
    text
}

/// protoc's `--print_free_field_numbers` lines for message `m` (in scope `scope`) and, first,
/// its nested messages (map entries and groups included): the full name padded to 35
/// columns, `free:`, then the field numbers no field, extension range or reserved range
/// takes, as ` N` or ` N-M`, and ` N-INF` up to the largest field number.
fn free_field_numbers(
    m: &protokit_compiler::descriptor::DescriptorProto,
    scope: &str,
    out: &mut String,
) {
    const MAX_FIELD_NUMBER: i32 = 536_870_911;
    let name = if scope.is_empty() {
        m.name().to_string()
    } else {
        format!("{scope}.{}", m.name())
    };
    for n in &m.nested_type {
        free_field_numbers(n, &name, out);
    }
    // Half-open ranges, as protoc orders them: by start, then end.
    let mut taken: Vec<(i32, i32)> = m
        .field
        .iter()
        .map(|f| (f.number(), f.number().saturating_add(1)))
        .chain(m.extension_range.iter().map(|r| (r.start(), r.end())))
        // Descriptor ranges are end-exclusive.
        .chain(m.reserved_range.iter().map(|r| (r.start(), r.end())))
        .collect();
    taken.sort_unstable();
    let mut line = format!("{name:<35} free:");
    let mut next = 1;
    for (start, end) in taken {
        // Groups may reuse their parent's numbers: a range below `next` is skipped whole.
        if next >= end {
            continue;
        }
        if next < start {
            if next + 1 == start {
                line.push_str(&format!(" {next}"));
            } else {
                line.push_str(&format!(" {next}-{}", start - 1));
            }
        }
        next = end;
    }
    if next <= MAX_FIELD_NUMBER {
        line.push_str(&format!(" {next}-INF"));
    }
    out.push_str(&line);
    out.push('\n');
}

/// protoc reads `@file` arguments as one argument per line (empty lines included).
fn expand_argfiles(args: Vec<String>) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for arg in args {
        match arg.strip_prefix('@') {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|_| format!("Failed to open argument file: {path}"))?;
                out.extend(text.lines().map(str::to_string));
            }
            None => out.push(arg),
        }
    }
    Ok(out)
}

/// Parses arguments the way protoc's `CommandLineInterface::ParseArguments` does: `--name=value`
/// or `--name value`, `-Xvalue` or `-X value` for single-letter flags, anything else is an
/// input file.
fn parse(argv: Vec<String>) -> Result<Args, String> {
    let mut args = Args::default();
    let mut i = 0;
    while i < argv.len() {
        let arg = &argv[i];
        i += 1;
        if arg.is_empty() {
            return Err(
                "You seem to have passed an empty string as one of the arguments to \
                        protoc.  This is actually sort of hard to do.  Congrats.  \
                        Unfortunately it is not valid input so the program is going to die now."
                    .into(),
            );
        }
        let (name, mut value) = if let Some(rest) = arg.strip_prefix("--") {
            match rest.split_once('=') {
                Some((n, v)) => (format!("--{n}"), Some(v.to_string())),
                None => (arg.clone(), None),
            }
        } else if arg.starts_with('-') && arg.len() > 1 {
            let (n, v) = arg.split_at(2);
            (n.to_string(), (!v.is_empty()).then(|| v.to_string()))
        } else {
            args.inputs.push(arg.clone());
            continue;
        };

        let takes_value = !matches!(
            name.as_str(),
            "--include_imports"
                | "--include_source_info"
                | "--version"
                | "-h"
                | "--help"
                | "--decode_raw"
                | "--print_free_field_numbers"
                | "--fatal_warnings"
                | "--deterministic_output"
                | "--retain_options"
                | "--experimental_allow_proto3_optional"
        );
        if takes_value && value.is_none() {
            match argv.get(i) {
                Some(next) if !next.starts_with('-') => {
                    value = Some(next.clone());
                    i += 1;
                }
                _ => return Err(format!("Missing value for flag: {name}")),
            }
        }
        let value = value.unwrap_or_default();
        match name.as_str() {
            "-I" | "--proto_path" => args.proto_paths.push(value),
            "-o" | "--descriptor_set_out" => {
                if args.output.is_some() {
                    return Err(format!("{name} may only be passed once."));
                }
                args.output = Some(value);
            }
            "--include_imports" => args.include_imports = true,
            // Accepted and ignored, as by protoc 35.1 (proto3 optional is always on).
            "--experimental_allow_proto3_optional" => {}
            "--fatal_warnings" => args.fatal_warnings = true,
            "--retain_options" => args.retain_options = true,
            "--print_free_field_numbers" => args.print_free_field_numbers = true,
            "--dependency_out" => args.dependency_out = Some(value),
            "--include_source_info" => args.include_source_info = true,
            "--error_format" => {
                args.error_format = Some(match value.as_str() {
                    "gcc" => ErrorFormat::Gcc,
                    "msvs" => ErrorFormat::Msvs,
                    _ => return Err(format!("Unknown error format: {value}")),
                })
            }
            "--version" => args.version = true,
            "-h" | "--help" => args.help = true,
            "--descriptor_set_in"
            | "--encode"
            | "--decode"
            | "--decode_raw"
            | "--deterministic_output"
            | "--direct_dependencies"
            | "--direct_dependencies_violation_msg"
            | "--option_dependencies"
            | "--experimental_editions"
            | "--edition_defaults_out"
            | "--edition_defaults_minimum"
            | "--edition_defaults_maximum" => {
                return Err(format!(
                    "{name}: not supported by protokit yet (it compiles to descriptor sets \
                     only: use -o/--descriptor_set_out)."
                ))
            }
            _ => {
                if !args.plugins.parse_flag(&name, &value)? {
                    return Err(format!("Unknown flag: {name}"));
                }
            }
        }
    }
    Ok(args)
}

fn usage() -> String {
    format!(
        "Usage: protoc [OPTION] PROTO_FILES
(protokit {} in protoc mode, compatible with libprotoc {PROTOC_VERSION})
Parse PROTO_FILES and write a FileDescriptorSet describing them.
  -IPATH, --proto_path=PATH   Specify the directory in which to search for
                              imports.  May be specified multiple times;
                              directories will be searched in order.  If not
                              given, the current working directory is used.
  --version                   Show version info and exit.
  -h, --help                  Show this text and exit.
  -oFILE,                     Writes a FileDescriptorSet (a protocol buffer,
    --descriptor_set_out=FILE defined in descriptor.proto) containing all of
                              the input files to FILE.
  --include_imports           When using --descriptor_set_out, also include
                              all dependencies of the input files in the
                              set, so that the set is self-contained.
  --include_source_info       When using --descriptor_set_out, do not strip
                              SourceCodeInfo from the FileDescriptorProto.
  --error_format=FORMAT       Set the format in which to print errors.
                              FORMAT may be 'gcc' (the default) or 'msvs'.
  --plugin=EXECUTABLE         Specifies a plugin executable to use.
                              Normally, protoc searches the PATH for
                              plugins, but you may specify additional
                              executables not in the path using this flag.
                              Additionally, EXECUTABLE may be of the form
                              NAME=PATH, in which case the given plugin name
                              is mapped to the given executable even if
                              the executable's own name differs.
  --NAME_out=[OPTS:]OUT_DIR   Runs the plugin protoc-gen-NAME and writes
                              what it generates to OUT_DIR (a directory, or
                              a .zip/.jar archive).
  --NAME_opt=OPTS             More options for plugin protoc-gen-NAME.
  @<filename>                 Read options and filenames from file, one per
                              line.
",
        env!("CARGO_PKG_VERSION")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Args, String> {
        parse(args.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn flag_spellings() {
        let a = p(&[
            "-Ia",
            "-I",
            "b",
            "--proto_path=c",
            "--proto_path",
            "d",
            "-oout.pb",
            "--include_imports",
            "--error_format=msvs",
            "x.proto",
        ])
        .unwrap();
        assert_eq!(a.proto_paths, ["a", "b", "c", "d"]);
        assert_eq!(a.output.as_deref(), Some("out.pb"));
        assert!(a.include_imports && !a.include_source_info);
        assert_eq!(a.error_format, Some(ErrorFormat::Msvs));
        assert_eq!(a.inputs, ["x.proto"]);
    }

    #[test]
    fn protoc_usage_errors() {
        assert_eq!(p(&["--foo"]).unwrap_err(), "Missing value for flag: --foo");
        assert_eq!(p(&["--foo=1"]).unwrap_err(), "Unknown flag: --foo");
        assert_eq!(p(&["-o", "-I."]).unwrap_err(), "Missing value for flag: -o");
        assert_eq!(
            p(&["-oa", "-ob"]).unwrap_err(),
            "-o may only be passed once."
        );
        assert_eq!(
            p(&["--error_format=xx"]).unwrap_err(),
            "Unknown error format: xx"
        );
        assert!(p(&["--cpp_out=."])
            .unwrap_err()
            .contains("no built-in code generators"));
    }
}
