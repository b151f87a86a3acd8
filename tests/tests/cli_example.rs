//! `protokit build` on the bundled example module (`fixtures/example`, the README's first
//! command) gives protoc's bytes.

use protokit_tests::{protokit, skip, text_diff, workspace_root, Protoc};

const FILES: [&str; 4] = [
    "acme/shop/v1/order.proto",
    "acme/shop/v1/product.proto",
    "acme/shop/v1/shop_service.proto",
    "acme/type/v1/money.proto",
];

#[test]
fn build_example_module_matches_protoc() {
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (python3 -m grpc_tools.protoc) is not installed");
    };
    let example = workspace_root().join("fixtures/example");
    let tmp = tempfile::tempdir().unwrap();
    let expected_path = tmp.path().join("protoc.binpb");
    let actual_path = tmp.path().join("protokit.binpb");

    let out = protoc
        .command()
        .current_dir(&example)
        .arg("-I.")
        .arg(format!("-I{}", protoc.wkt_dir().display()))
        .args(["--include_imports", "--include_source_info", "-o"])
        .arg(&expected_path)
        .args(FILES)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The module root comes from the directory (its buf.yaml excludes `experimental/`); -I
    // makes protokit read the well-known types from protoc's copies rather than its own.
    let out = protokit()
        .arg("build")
        .arg(&example)
        .arg("-I")
        .arg(protoc.wkt_dir())
        .arg("-o")
        .arg(&actual_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let expected = std::fs::read(&expected_path).unwrap();
    let actual = std::fs::read(&actual_path).unwrap();
    if expected != actual {
        panic!(
            "protokit build differs from protoc:\n{}",
            text_diff(
                &protoc.describe_set(&expected),
                &protoc.describe_set(&actual),
                200
            )
        );
    }
}

/// `protokit lint fixtures/example`, the README's first command: buf's findings, byte for
/// byte, and buf's exit code 100. Pinned by a snapshot; also compared with live buf when it is
/// installed.
#[test]
fn lint_example_module_matches_buf() {
    let root = workspace_root();
    let out = protokit()
        .args(["lint", "fixtures/example"])
        .current_dir(&root)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(
        out.status.code(),
        Some(100),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!("lint_example", text);
    let Some(buf) = protokit_tests::buf_bin() else {
        return skip("buf 1.75.0 is not installed");
    };
    let theirs = std::process::Command::new(buf)
        .args(["lint", "fixtures/example"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert_eq!(theirs.status.code(), Some(100));
    let diff = text_diff(&String::from_utf8_lossy(&theirs.stdout), &text, 40);
    assert!(
        diff.is_empty(),
        "protokit lint differs from buf lint:\n{diff}"
    );
}
