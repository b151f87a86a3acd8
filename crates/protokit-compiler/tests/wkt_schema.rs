//! The embedded well-known types describe exactly protoc 35.1's schemas.
//!
//! Runs `proto/check_wkt.py`, which compiles each of our `proto/google/protobuf/**.proto` and
//! protoc's copy with `python -m grpc_tools.protoc` and compares the descriptor sets byte for
//! byte. Skipped (with a message) when no Python with `grpc_tools` is found; set
//! `PROTOKIT_PYTHON` to choose the interpreter.

use std::path::{Path, PathBuf};
use std::process::Command;

use protokit_compiler::resolver::Embedded;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The first interpreter that can import `grpc_tools.protoc`.
fn python_with_protoc() -> Option<String> {
    let candidates = std::env::var("PROTOKIT_PYTHON")
        .ok()
        .into_iter()
        .chain(["python3".to_owned(), "python".to_owned()]);
    candidates.into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import grpc_tools.protoc"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn embedded_files_are_the_files_in_proto_dir() {
    let root = workspace_root().join("proto");
    for (name, text) in Embedded::files() {
        let on_disk = std::fs::read_to_string(root.join(name)).unwrap();
        assert_eq!(text, on_disk, "{name}: rebuild to re-embed");
    }
}

#[test]
fn well_known_types_match_protoc() {
    let Some(python) = python_with_protoc() else {
        eprintln!("skipped: no python with grpc_tools (protoc) found; set PROTOKIT_PYTHON");
        return;
    };
    let script = workspace_root().join("proto/check_wkt.py");
    let out = Command::new(&python).arg(&script).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(77) {
        eprintln!("skipped: {stderr}");
        return;
    }
    assert!(
        out.status.success(),
        "{} reported differences:\n{stdout}\n{stderr}",
        script.display()
    );
}
