//! `protokit build`: compile a module (or files) to an image, like `buf build`.

use std::path::Path;
use std::process::ExitCode;

use protokit_compiler::compile::Compiler;
use protokit_compiler::resolver::{Embedded, FileResolverExt, IncludePaths};

use crate::module;
use crate::output::write_output;
use crate::protoc::ErrorFormat;

/// Arguments of `protokit build`.
#[derive(clap::Args)]
pub(crate) struct BuildArgs {
    /// Directories (module roots; a `buf.yaml` in one selects its modules and excludes) or
    /// `.proto` files. Defaults to the current directory.
    #[arg(value_name = "INPUT")]
    inputs: Vec<String>,
    /// More directories to search for imports, after the modules' roots.
    #[arg(short = 'I', long = "proto-path", value_name = "DIR")]
    include: Vec<String>,
    /// Where to write the image (an encoded FileDescriptorSet); `-` is standard output.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: String,
    /// Leave imported files out of the image (only the inputs' own files).
    #[arg(long)]
    exclude_imports: bool,
    /// Leave SourceCodeInfo (positions and comments) out of the image.
    #[arg(long)]
    exclude_source_info: bool,
    /// How to print errors: `gcc` (`file:line:col: message`), `msvs`, or `rich` (source
    /// snippets with the offending text underlined).
    #[arg(long, value_name = "FORMAT", default_value = "gcc", value_parser = ["gcc", "msvs", "rich"])]
    error_format: String,
}

pub(crate) fn run(args: BuildArgs) -> ExitCode {
    match run_inner(args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("protokit build: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The import roots and the files (import names) of `inputs`, as `protokit build` and
/// `protokit generate -I` take them: a directory is a module root (or the modules its
/// `buf.yaml` lists) with all its `.proto` files; a `.proto` file is mapped to its import name
/// through the roots, as protoc maps its inputs through `-I`; `include` directories are
/// searched for imports after the modules' roots; without any root, `.` is one. No inputs
/// means `.`.
///
/// # Errors
/// An input that does not exist, a file outside every root, or no `.proto` file at all.
pub(crate) fn files_and_roots(
    inputs: &[String],
    include: &[String],
) -> Result<(IncludePaths, Vec<String>), String> {
    let inputs = if inputs.is_empty() {
        vec![".".to_string()]
    } else {
        inputs.to_vec()
    };
    let mut paths = IncludePaths::default();
    let mut names: Vec<String> = Vec::new();
    let mut files = Vec::new();
    let mut has_root = false;
    for input in &inputs {
        let path = Path::new(input);
        if path.is_dir() {
            for m in module::discover(path)? {
                paths.push(&m.root);
                has_root = true;
                names.extend(m.files);
            }
        } else if path.is_file() {
            files.push(input);
        } else {
            return Err(format!("{input}: no such file or directory"));
        }
    }
    for dir in include {
        paths.push(dir);
        has_root = true;
    }
    if !has_root {
        paths.push(".");
    }
    for file in files {
        names.push(paths.virtual_name(file).map_err(|e| e.to_string())?);
    }
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.clone()));
    if names.is_empty() {
        return Err(format!("no .proto files found in {}", inputs.join(", ")));
    }
    Ok((paths, names))
}

fn run_inner(args: BuildArgs) -> Result<ExitCode, String> {
    let (paths, names) = files_and_roots(&args.inputs, &args.include)?;

    let compiler = Compiler::new(paths.or(Embedded))
        .include_imports(!args.exclude_imports)
        .include_source_info(!args.exclude_source_info);
    match compiler.compile(&names) {
        Ok(out) => {
            write_output(&args.output, &out.encode())?;
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            let format = match args.error_format.as_str() {
                "msvs" => ErrorFormat::Msvs,
                "rich" => ErrorFormat::Rich,
                _ => ErrorFormat::Gcc,
            };
            eprint!("{}", format.render(&errors));
            Ok(ExitCode::FAILURE)
        }
    }
}
