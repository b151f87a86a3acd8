//! prost-build, the usual way Rust projects compile `.proto` files, runs `$PROTOC`: with PROTOC
//! pointing at a `protoc` symlink to protokit, a real build script must produce code that
//! compiles and round-trips messages.
//!
//! The crate `tests/prost-build-smoke` is built with `cargo run` into
//! `<target>/prost-build-smoke` (kept between runs, so only the first run compiles
//! prost-build). The symlink lives in a fresh temporary directory each run, so PROTOC changes
//! and prost-build's build script always runs again.

use std::path::PathBuf;
use std::process::Command;

use protokit_tests::{protokit_bin, workspace_root};

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"))
        .join("prost-build-smoke")
}

#[cfg(unix)]
#[test]
fn prost_build_with_protokit_as_protoc() {
    let bin_dir = tempfile::tempdir().unwrap();
    let protoc = bin_dir.path().join("protoc");
    std::os::unix::fs::symlink(protokit_bin(), &protoc).unwrap();

    let manifest = workspace_root().join("tests/prost-build-smoke/Cargo.toml");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["run", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(target_dir())
        .env("PROTOC", &protoc)
        .env_remove("PROTOC_INCLUDE")
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let offline = [
        "failed to get `prost",
        "failed to download",
        "Unable to update registry",
    ];
    if !out.status.success() && offline.iter().any(|m| stderr.contains(m)) {
        return protokit_tests::skip(&format!(
            "prost-build cannot be fetched from crates.io:\n{stderr}"
        ));
    }
    assert!(
        out.status.success(),
        "building tests/prost-build-smoke with PROTOC={} failed\nstdout:\n{stdout}\nstderr:\n{stderr}",
        protoc.display()
    );
    assert!(
        stdout.contains(
            "files: google/protobuf/timestamp.proto,smoke/v1/money.proto,smoke/v1/orders.proto"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("roundtrip ok"), "{stdout}");

    // prost-build turns comments from SourceCodeInfo into doc comments.
    let out_dir = stdout
        .lines()
        .find_map(|l| l.strip_prefix("out dir: "))
        .expect("the smoke binary prints its OUT_DIR");
    let generated = std::fs::read_to_string(PathBuf::from(out_dir).join("smoke.v1.rs")).unwrap();
    for doc in [
        "/// An order placed by a customer.",
        "/// One line of an order.",
        "/// Where the order is in its life.",
    ] {
        assert!(generated.contains(doc), "{doc:?} missing from\n{generated}");
    }
}
