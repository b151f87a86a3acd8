//! Times compiling and generating: `cargo run --release -p protokit-codegen --example bench --
//! ROOT OUT FILE.proto…` (the files' transitive imports are generated too, as a build script
//! would). Prints the time of each stage to stderr.

use std::time::Instant;

use protokit_compiler::compile::Compiler;
use protokit_compiler::resolver::{Embedded, FileResolverExt, IncludePaths};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, out, files @ ..] = args.as_slice() else {
        eprintln!("usage: bench ROOT OUT FILE.proto…");
        std::process::exit(2);
    };
    let start = Instant::now();
    let compiled = match Compiler::new(IncludePaths::new([root]).or(Embedded))
        .include_imports(true)
        .include_source_info(true)
        .compile(files)
    {
        Ok(c) => c,
        Err(e) => {
            for err in e.errors() {
                eprintln!("{}", e.format_gcc(err));
            }
            std::process::exit(1);
        }
    };
    let compiled_at = start.elapsed();
    let start = Instant::now();
    protokit_codegen::configure()
        .out_dir(out)
        .emit_rerun_if_changed(false)
        .compile_protos(files, &[root])
        .unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1);
        });
    eprintln!(
        "{} files: compile {compiled_at:.2?}; compile + generate + write {:.2?}",
        compiled.files().len(),
        start.elapsed()
    );
}
