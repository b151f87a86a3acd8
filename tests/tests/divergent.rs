//! Inputs where protokit deliberately differs from protoc (see
//! `fixtures/compiler/divergent/README.md`): both sides are pinned here.

use std::path::Path;
use std::process::Command;

use protokit_tests::{protokit_bin, Protoc};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/compiler/divergent")
        .join(name)
}

#[test]
fn non_utf8_file_is_rejected_with_its_position() {
    let dir = fixture("non_utf8");
    let out = tempfile::tempdir().expect("temp dir");
    let image = out.path().join("out.pb");
    let run = Command::new(protokit_bin())
        .current_dir(&dir)
        .args(["protoc", "-I.", "-o"])
        .arg(&image)
        .arg("latin1.proto")
        .output()
        .expect("run protokit");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        stderr.starts_with("latin1.proto:7:7: file is not valid UTF-8"),
        "stderr: {stderr}"
    );
    assert!(!image.exists(), "nothing may be written on error");

    if let Some(protoc) = Protoc::find() {
        let theirs = protoc
            .command()
            .current_dir(&dir)
            .args(["-I.", "-o"])
            .arg(out.path().join("protoc.pb"))
            .arg("latin1.proto")
            .output()
            .expect("run protoc");
        assert!(
            theirs.status.success(),
            "protoc now rejects the file too; move it back to fixtures/compiler/valid: {}",
            String::from_utf8_lossy(&theirs.stderr)
        );
    } else {
        eprintln!("protoc (grpcio-tools) not installed: only protokit's side checked");
    }
}
