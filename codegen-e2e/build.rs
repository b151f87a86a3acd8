//! Generates the e2e API with protokit's build-script API (no protoc), and every fixture of
//! `fixtures/codegen/` (with its `options.txt`) so that their golden outputs are compiled too.

use std::path::{Path, PathBuf};

fn protos(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for p in entries {
        if p.is_dir() {
            protos(&p, out)?;
        } else if p.extension().is_some_and(|e| e == "proto") {
            out.push(p);
        }
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    protokit_codegen::configure()
        .opt("client_trait")
        .opt("file_descriptor_set")
        .opt("default_unimplemented")
        .opt("type_attribute=.e2e.common=#[derive(PartialOrd)]")
        .compile_protos(&["proto/e2e/echo/v1/echo.proto"], &["proto"])?;

    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    for fixture in ["services", "editions", "options", "split", "wkt"] {
        let dir = Path::new("../fixtures/codegen").join(fixture);
        let mut files = Vec::new();
        protos(&dir, &mut files)?;
        let mut builder = protokit_codegen::configure().out_dir(out_dir.join(fixture));
        if let Ok(text) = std::fs::read_to_string(dir.join("options.txt")) {
            println!(
                "cargo:rerun-if-changed={}",
                dir.join("options.txt").display()
            );
            for line in text.lines().map(str::trim) {
                if !line.is_empty() && !line.starts_with('#') {
                    builder = builder.opt(line);
                }
            }
        }
        builder.compile_protos(&files, &[&dir])?;
    }
    Ok(())
}
