//! Generates through the build API, as a build script would, for `bench/codegen.sh`:
//! `cargo run --release -p protokit-codegen --example bench -- ROOT OUT FILE.proto… | @LIST`
//! (`@LIST`: a file with one `.proto` name per line). The files' imports are generated too
//! (not the well-known types), like tonic-prost-build's `compile_protos`. Prints the time
//! taken to stderr.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [root, out, files @ ..] = args.as_slice() else {
        eprintln!("usage: bench ROOT OUT FILE.proto… | @LIST");
        std::process::exit(2);
    };
    let mut names = Vec::new();
    for f in files {
        match f.strip_prefix('@') {
            Some(list) => match std::fs::read_to_string(list) {
                Ok(text) => names.extend(
                    text.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(String::from),
                ),
                Err(e) => {
                    eprintln!("{list}: {e}");
                    std::process::exit(1);
                }
            },
            None => names.push(f.clone()),
        }
    }
    let start = Instant::now();
    protokit_codegen::configure()
        .out_dir(out)
        .emit_rerun_if_changed(false)
        .compile_protos(&names, &[root])
        .unwrap_or_else(|e| {
            eprintln!("{e}");
            std::process::exit(1);
        });
    eprintln!(
        "protokit build API: {} files in {:.2?}",
        names.len(),
        start.elapsed()
    );
}
