//! `protokit lint` on all of googleapis as one v2 module (excluding `preview/`, a second root,
//! and `google/cloud/compute/v1beta/`, which is incomplete in the corpus) must give exactly
//! buf 1.75.0's findings (about 79,000 with the default STANDARD rules) and exit code.
//!
//! Skipped, saying so, when the corpus (`../shared/corpus/googleapis`) or buf is absent.

use std::process::Command;

use protokit_tests::{buf_bin, finding_diff, parse_lint_json, protokit, skip, workspace_root};

#[test]
fn googleapis_findings_match_buf() {
    let corpus = workspace_root().join("../shared/corpus/googleapis");
    if !corpus.join("google").is_dir() {
        return skip("googleapis corpus not found at ../shared/corpus/googleapis");
    }
    let Some(buf) = buf_bin() else {
        return skip("buf 1.75.0 not found (PROTOKIT_BUF, PATH)");
    };
    let corpus = corpus.canonicalize().unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(&corpus, dir.path().join("googleapis")).unwrap();
    std::fs::write(
        dir.path().join("buf.yaml"),
        "version: v2\nmodules:\n  - path: googleapis\n    excludes:\n      - googleapis/preview\n      - googleapis/google/cloud/compute/v1beta\n",
    )
    .unwrap();

    let ours = protokit()
        .args(["lint", "--error-format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let theirs = Command::new(&buf)
        .args(["lint", "--error-format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        theirs.status.code() == Some(100),
        "buf failed: {}",
        String::from_utf8_lossy(&theirs.stderr)
    );
    let expected = parse_lint_json(&String::from_utf8_lossy(&theirs.stdout)).unwrap();
    let actual = parse_lint_json(&String::from_utf8_lossy(&ours.stdout)).unwrap_or_else(|e| {
        panic!(
            "protokit printed non-JSON ({e}); stderr:\n{}",
            String::from_utf8_lossy(&ours.stderr)
        )
    });
    assert!(expected.len() > 70_000, "buf found only {}", expected.len());
    let diff = finding_diff(&expected, &actual, 40);
    assert!(diff.is_empty(), "{diff}");
    assert_eq!(ours.status.code(), theirs.status.code(), "exit codes");
}
