//! `protokit generate`: Rust (prost messages and tonic 0.14 services) for a workspace, a
//! `.proto` file, an image or a git reference, through `protokit_codegen`.
//!
//! Exit codes: 0 on success, 1 for bad options, compile errors, and I/O errors, printed to
//! stderr as `Failure: MESSAGE` (compile errors as `file:line:col: message` lines first).
//! Nothing is written unless generation succeeded for every file; each output is written
//! atomically and only when its content changed; files not produced by this run are left
//! alone.

use std::path::Path;
use std::process::ExitCode;

use protokit_check::image::Image;
use protokit_codegen::Options;
use protokit_compiler::compile::Compiler;
use protokit_compiler::descriptor::FileDescriptorProto;
use protokit_compiler::resolver::{Embedded, FileResolverExt};

use crate::input::{self, InputRef, PathFilter};
use crate::output;

/// Arguments of `protokit generate`.
#[derive(clap::Args)]
pub(crate) struct GenerateArgs {
    /// A directory (default `.`; its buf.yaml defines the modules), a `.proto` file, an image
    /// (`.binpb`, `.bin`), or a git reference, as for `protokit lint`. With `-I`, or several
    /// inputs: `.proto` files (named through the `-I` roots, as protoc names its inputs) and
    /// module directories, as for `protokit build`.
    #[arg(value_name = "INPUT")]
    inputs: Vec<String>,
    /// A directory to search for imports (and to name `.proto` inputs by, as protoc's `-I`).
    /// Repeatable.
    #[arg(short = 'I', long = "proto-path", value_name = "DIR")]
    include: Vec<String>,
    /// The directory to write `mod.rs` and one `<package>.rs` per package to (created if
    /// missing; `--opt layout=directory` writes `<dir>/<package>.rs` per directory of .proto
    /// files instead, `--opt mod_file=false|only` leaves out or writes only `mod.rs`).
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: String,
    /// A generator option, `KEY[=VALUE]` (e.g. `no_server`, `bytes=.pkg`,
    /// `type_attribute=.pkg.Msg=#[derive(Hash)]`). Repeatable.
    #[arg(long = "opt", value_name = "KEY[=VALUE]")]
    opts: Vec<String>,
    /// Limit to specific files or directories, e.g. "proto/a/a.proto", "proto/a". Repeatable.
    #[arg(long = "path", value_name = "PATH", value_delimiter = ',')]
    paths: Vec<String>,
    /// Exclude specific files or directories. Repeatable.
    #[arg(long = "exclude-path", value_name = "PATH", value_delimiter = ',')]
    exclude_paths: Vec<String>,
}

pub(crate) fn run(args: GenerateArgs) -> ExitCode {
    match run_inner(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("Failure: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_inner(args: &GenerateArgs) -> Result<(), String> {
    let options = Options::parse(&args.opts).map_err(|e| format!("--opt: {e}"))?;
    let filter = PathFilter {
        paths: args.paths.clone(),
        exclude_paths: args.exclude_paths.clone(),
    };
    let (files, targets) = if args.include.is_empty() && args.inputs.len() <= 1 {
        let input = input::parse_input(args.inputs.first().map_or(".", String::as_str))?;
        match &input {
            InputRef::Image(path) => from_image(path, &filter)?,
            _ => from_workspace(&input, &filter)?,
        }
    } else {
        from_files(&args.inputs, &args.include, &filter)?
    };
    let generated =
        protokit_codegen::generate(&files, &targets, &options).map_err(|e| e.to_string())?;
    let out = Path::new(&args.out);
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {}", args.out, input::io_reason(&e)))?;
    for (name, code) in &generated {
        let path = out.join(name);
        // `layout=directory` writes under subdirectories.
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: {}", parent.display(), input::io_reason(&e)))?;
        }
        output::write_output(&path.to_string_lossy(), code.as_bytes())?;
    }
    Ok(())
}

fn from_workspace(
    input: &InputRef,
    filter: &PathFilter,
) -> Result<(Vec<FileDescriptorProto>, Vec<String>), String> {
    let ws = input::resolve_workspace(input, filter, None)?;
    for w in &ws.warnings {
        eprintln!("WARN\t{w}");
    }
    let names: Vec<&str> = ws.targets.iter().map(|(_, n)| n.as_str()).collect();
    let compiled = Compiler::new(ws.resolver().or(Embedded))
        .include_imports(true)
        .include_source_info(true)
        .compile(&names);
    if let Some(e) = ws.read_errors().first() {
        return Err(e.clone());
    }
    let out = compiled.map_err(|errors| {
        for e in errors.errors() {
            eprintln!("{}", errors.format_gcc(e));
        }
        "compilation failed".to_string()
    })?;
    let files = out
        .files()
        .iter()
        .map(|f| f.proto_with_source_info())
        .collect();
    Ok((files, names.iter().map(|n| n.to_string()).collect()))
}

/// Files named on the command line with `-I` roots (see [`crate::build::files_and_roots`]).
/// As with the build API's `compile_protos`, the files and everything they import are
/// generated, except the well-known types (`::prost_types`), so the output compiles on its
/// own; `--path`/`--exclude-path` select among those by import name.
fn from_files(
    inputs: &[String],
    include: &[String],
    filter: &PathFilter,
) -> Result<(Vec<FileDescriptorProto>, Vec<String>), String> {
    let (paths, names) = crate::build::files_and_roots(inputs, include)?;
    let out = Compiler::new(paths.or(Embedded))
        .include_imports(true)
        .include_source_info(true)
        .compile(&names)
        .map_err(|errors| {
            for e in errors.errors() {
                eprintln!("{}", errors.format_gcc(e));
            }
            "compilation failed".to_string()
        })?;
    let well_known: std::collections::HashSet<&str> = Embedded::files().map(|(n, _)| n).collect();
    let named: std::collections::HashSet<&str> = names.iter().map(String::as_str).collect();
    let targets: Vec<String> = out
        .files()
        .iter()
        .map(|f| f.name().to_string())
        .filter(|n| !well_known.contains(n.as_str()) || named.contains(n.as_str()))
        .filter(|n| filter.selects(n))
        .collect();
    if targets.is_empty() {
        return Err(input::NOTHING_TARGETED.to_string());
    }
    let files = out
        .files()
        .iter()
        .map(|f| f.proto_with_source_info())
        .collect();
    Ok((files, targets))
}

fn from_image(
    path: &str,
    filter: &PathFilter,
) -> Result<(Vec<FileDescriptorProto>, Vec<String>), String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("open {path}: {}", input::io_reason(&e)))?;
    let image = Image::decode(&bytes)
        .map_err(|_| "wire unmarshal: proto: cannot parse invalid wire-format data".to_string())?;
    let targets: Vec<String> = image
        .targets()
        .map(|f| f.name().to_string())
        .filter(|n| filter.selects(n))
        .collect();
    if targets.is_empty() {
        return Err("image contains no files".to_string());
    }
    // (Deref coercion: works whether image files own their descriptor or share it.)
    let files = image
        .files
        .iter()
        .map(|f| {
            let proto: &FileDescriptorProto = &f.proto;
            proto.clone()
        })
        .collect();
    Ok((files, targets))
}

#[cfg(test)]
mod tests {
    use std::ffi::OsString;
    use std::process::ExitCode;

    fn run(args: &[&str]) -> ExitCode {
        let mut argv: Vec<OsString> = vec!["protokit".into(), "generate".into()];
        argv.extend(args.iter().map(OsString::from));
        crate::run(argv)
    }

    fn workspace() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("proto/a")).unwrap();
        std::fs::write(
            dir.path().join("buf.yaml"),
            "version: v2\nmodules:\n  - path: proto\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("proto/a/a.proto"),
            "syntax = \"proto3\";\npackage a;\nmessage M { string s = 1; }\n\
             service S { rpc Do(M) returns (M); }\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn writes_only_changed_files_and_keeps_others() {
        let ws = workspace();
        let input = ws.path().to_str().unwrap();
        let out = ws.path().join("gen");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("mine.rs"), "// not generated").unwrap();
        let out_s = out.to_str().unwrap();
        assert_eq!(run(&[input, "-o", out_s]), ExitCode::SUCCESS);
        let code = std::fs::read_to_string(out.join("a.rs")).unwrap();
        assert!(code.starts_with("// @generated by protokit from a/a.proto."));
        assert!(code.contains("pub mod s_client") && code.contains("pub mod s_server"));
        assert!(std::fs::read_to_string(out.join("mod.rs"))
            .unwrap()
            .contains("include!(\"a.rs\");"));
        // An unchanged output is not rewritten.
        let before = std::fs::metadata(out.join("a.rs"))
            .unwrap()
            .modified()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert_eq!(run(&[input, "-o", out_s]), ExitCode::SUCCESS);
        let after = std::fs::metadata(out.join("a.rs"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after);
        // Options change the output; files it did not write stay.
        assert_eq!(
            run(&[input, "-o", out_s, "--opt", "no_server"]),
            ExitCode::SUCCESS
        );
        assert!(!std::fs::read_to_string(out.join("a.rs"))
            .unwrap()
            .contains("s_server"));
        assert!(out.join("mine.rs").exists());
    }

    /// Every file under `dir`, by name.
    fn outputs(dir: &std::path::Path) -> std::collections::BTreeMap<String, String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect()
    }

    /// `-I` and `.proto` files, as protoc takes them: the files and their imports (not the
    /// well-known types) are generated, exactly as the build API's `compile_protos` writes
    /// them (which codegen-e2e compiles), and `--path` selects by import name.
    #[test]
    fn proto_files_with_include_paths_generate_like_compile_protos() {
        let ws = workspace();
        std::fs::create_dir_all(ws.path().join("proto/b")).unwrap();
        std::fs::write(
            ws.path().join("proto/b/b.proto"),
            "syntax = \"proto3\";\npackage b;\nimport \"a/a.proto\";\n\
             import \"google/protobuf/empty.proto\";\n\
             message N { a.M m = 1; }\nservice T { rpc Go(google.protobuf.Empty) returns (N); }\n",
        )
        .unwrap();
        let proto = ws.path().join("proto");
        let file = proto.join("b/b.proto");
        let cli = ws.path().join("cli");
        let (proto_s, file_s, cli_s) = (
            proto.to_str().unwrap(),
            file.to_str().unwrap(),
            cli.to_str().unwrap(),
        );
        assert_eq!(
            run(&["-I", proto_s, file_s, "-o", cli_s]),
            ExitCode::SUCCESS
        );
        let api = ws.path().join("api");
        protokit_codegen::configure()
            .out_dir(&api)
            .emit_rerun_if_changed(false)
            .compile_protos(&[&file], &[&proto])
            .unwrap();
        let generated = outputs(&cli);
        assert_eq!(
            generated.keys().map(String::as_str).collect::<Vec<_>>(),
            ["a.rs", "b.rs", "mod.rs"]
        );
        assert_eq!(generated, outputs(&api));

        // --path by import name; a file outside every -I root is protoc's error, and nothing
        // is written.
        let only = ws.path().join("only");
        let only_s = only.to_str().unwrap();
        assert_eq!(
            run(&["-I", proto_s, file_s, "-o", only_s, "--path", "b"]),
            ExitCode::SUCCESS
        );
        assert!(only.join("b.rs").exists() && !only.join("a.rs").exists());
        let outside = ws.path().join("outside.proto");
        std::fs::write(&outside, "syntax = \"proto3\";\n").unwrap();
        let none = ws.path().join("none");
        let none_s = none.to_str().unwrap();
        assert_eq!(
            run(&["-I", proto_s, outside.to_str().unwrap(), "-o", none_s]),
            ExitCode::FAILURE
        );
        assert!(!none.exists());
    }

    #[test]
    fn images_are_inputs_too() {
        let ws = workspace();
        let image = ws.path().join("image.binpb");
        let argv: Vec<OsString> = ["protokit", "build", ws.path().to_str().unwrap(), "-o"]
            .iter()
            .map(OsString::from)
            .chain([image.clone().into_os_string()])
            .collect();
        assert_eq!(crate::run(argv), ExitCode::SUCCESS);
        let out = ws.path().join("gen");
        let (image_s, out_s) = (image.to_str().unwrap(), out.to_str().unwrap());
        assert_eq!(run(&[image_s, "-o", out_s]), ExitCode::SUCCESS);
        let code = std::fs::read_to_string(out.join("a.rs")).unwrap();
        assert!(code.contains("pub struct M {") && code.contains("pub mod s_client"));
        // --path selects image files by name.
        let other = ws.path().join("gen2");
        let other_s = other.to_str().unwrap();
        assert_eq!(
            run(&[image_s, "-o", other_s, "--path", "b.proto"]),
            ExitCode::FAILURE
        );
        assert!(!other.exists());
    }

    #[test]
    fn errors_exit_1_without_output() {
        let ws = workspace();
        let input = ws.path().to_str().unwrap();
        let out = ws.path().join("gen");
        let out_s = out.to_str().unwrap();
        assert_eq!(
            run(&[input, "-o", out_s, "--opt", "no_clint"]),
            ExitCode::FAILURE
        );
        assert_eq!(
            run(&[input, "-o", out_s, "--path", "proto/nope"]),
            ExitCode::FAILURE
        );
        std::fs::write(
            ws.path().join("proto/a/bad.proto"),
            "syntax = \"proto3\"; message {",
        )
        .unwrap();
        assert_eq!(run(&[input, "-o", out_s]), ExitCode::FAILURE);
        assert!(!out.exists());
        std::fs::remove_file(ws.path().join("proto/a/bad.proto")).unwrap();
        // The output directory cannot be created: under a regular file.
        let blocked = ws.path().join("buf.yaml").join("gen");
        assert_eq!(
            run(&[input, "-o", blocked.to_str().unwrap()]),
            ExitCode::FAILURE
        );
    }
}
