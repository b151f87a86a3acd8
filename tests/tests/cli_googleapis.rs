//! The googleapis differential test: all of googleapis, compiled in one invocation by protoc
//! and by protokit, must give byte-identical descriptor sets and the same warnings.
//!
//! The corpus is `../shared/corpus/googleapis` relative to the workspace root (override with
//! `PROTOKIT_GOOGLEAPIS`). Every `.proto` file is compiled except `google/cloud/compute/v1beta/`
//! and the top-level `preview/` directory, with
//! `-I. -I<protoc's _proto dir> --include_imports --include_source_info`, run from the corpus
//! root, so both tools read the same well-known-type texts. Skipped, with a message, when the
//! corpus or protoc is missing.
//!
//! `PROTOKIT_ALLOW_COMPILER_GAPS=1` reports differences without failing.

use std::path::{Path, PathBuf};

use protokit_tests::{skip, Differential, Protoc};

fn corpus() -> PathBuf {
    std::env::var_os("PROTOKIT_GOOGLEAPIS")
        .map(PathBuf::from)
        .unwrap_or_else(|| protokit_tests::workspace_root().join("../shared/corpus/googleapis"))
}

fn proto_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_str()
            .expect("corpus paths are UTF-8")
            .replace('\\', "/");
        if path.is_dir() {
            if rel == "preview" || rel == "google/cloud/compute/v1beta" {
                continue;
            }
            proto_files(root, &path, out);
        } else if rel.ends_with(".proto") {
            out.push(rel);
        }
    }
}

#[test]
fn googleapis_matches_protoc() {
    let root = corpus();
    if !root.is_dir() {
        return skip(&format!("no googleapis corpus at {}", root.display()));
    }
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (python3 -m grpc_tools.protoc) is not installed");
    };
    let mut files = Vec::new();
    proto_files(&root, &root, &mut files);
    files.sort();

    let mut args = vec![
        "-I.".to_string(),
        format!("-I{}", protoc.wkt_dir().display()),
        "--include_imports".to_string(),
        "--include_source_info".to_string(),
    ];
    args.extend(files.iter().cloned());
    let started = std::time::Instant::now();
    let run = Differential::run(protoc, &root, &args);
    eprintln!(
        "googleapis: {} files, both tools in {:.1?}",
        files.len(),
        started.elapsed()
    );
    // Warnings: protoc prints ~460 unused imports for googleapis, each file's in hash-set
    // order, so the lines are compared sorted.
    let (expected, actual) = (
        protokit_tests::sorted_lines(&run.protoc.stderr),
        protokit_tests::sorted_lines(&run.protokit.stderr),
    );
    if run.identical() && expected == actual {
        return;
    }
    let mut report = run.report(protoc, 10);
    if expected != actual {
        let missing: Vec<&String> = expected.iter().filter(|l| !actual.contains(l)).collect();
        let extra: Vec<&String> = actual.iter().filter(|l| !expected.contains(l)).collect();
        report.push_str(&format!(
            "stderr differs: {} lines only from protoc (first 10: {:#?}), {} only from protokit \
             (first 10: {:#?})\n",
            missing.len(),
            &missing[..missing.len().min(10)],
            extra.len(),
            &extra[..extra.len().min(10)]
        ));
    }
    if std::env::var_os("PROTOKIT_ALLOW_COMPILER_GAPS").is_some() {
        eprintln!(
            "googleapis differs from protoc (allowed by PROTOKIT_ALLOW_COMPILER_GAPS)\n{report}"
        );
        return;
    }
    panic!("googleapis: protokit differs from protoc\n{report}");
}
