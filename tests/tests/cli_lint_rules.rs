//! `protokit rules` against `buf config ls-lint-rules` 1.75.0, byte for byte: every config
//! version, with and without `--include-deprecated`, text and JSON, and the default version
//! taken from `./buf.yaml`.

use std::path::Path;
use std::process::Command;

use protokit_tests::{buf_bin, protokit, skip, text_diff};

fn ours(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = protokit()
        .current_dir(dir)
        .arg("rules")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn theirs(buf: &Path, dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(buf)
        .current_dir(dir)
        .args(["config", "ls-lint-rules"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn listing_shape() {
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = ours(dir.path(), &[]);
    assert_eq!(code, 0);
    let first = text.lines().next().unwrap();
    assert!(
        first.starts_with("ID ") && first.ends_with("PURPOSE"),
        "{first}"
    );
    assert!(text.contains("\nFIELD_LOWER_SNAKE_CASE "));
    assert!(!text.contains("FIELD_NO_DESCRIPTOR"), "v1beta1 only");
    assert!(!text.contains("IMPORT_NO_WEAK"), "deprecated");
    let (_, text) = ours(dir.path(), &["--config-version", "v1beta1"]);
    assert!(text.contains("\nFIELD_NO_DESCRIPTOR "));
    let (_, json) = ours(dir.path(), &["--format", "json", "--include-deprecated"]);
    assert!(json
        .lines()
        .any(|l| l.starts_with("{\"id\":\"IMPORT_NO_WEAK\"") && l.contains("\"deprecated\":true")));
    let (code, _) = ours(dir.path(), &["--config-version", "v3"]);
    assert_eq!(code, 1, "a bad version is a usage error");
}

#[test]
fn same_as_buf() {
    let Some(buf) = buf_bin() else {
        return skip("buf is not installed");
    };
    let dir = tempfile::tempdir().unwrap();
    let mut problems = String::new();
    for version in ["v1beta1", "v1", "v2"] {
        for deprecated in [false, true] {
            for format in ["text", "json"] {
                let mut args = vec!["--format", format];
                if deprecated {
                    args.push("--include-deprecated");
                }
                let mut buf_args = args.clone();
                buf_args.extend(["--version", version]);
                args.extend(["--config-version", version]);
                let a = ours(dir.path(), &args);
                let b = theirs(&buf, dir.path(), &buf_args);
                if a != b {
                    problems.push_str(&format!(
                        "{args:?}: exit {} vs buf {}\n{}\n",
                        a.0,
                        b.0,
                        text_diff(&b.1, &a.1, 20)
                    ));
                }
            }
        }
    }
    // The default version is the one of ./buf.yaml.
    for version in ["v1beta1", "v1", "v2"] {
        std::fs::write(dir.path().join("buf.yaml"), format!("version: {version}\n")).unwrap();
        let a = ours(dir.path(), &[]);
        let b = theirs(&buf, dir.path(), &[]);
        if a != b {
            problems.push_str(&format!(
                "default with buf.yaml {version}:\n{}\n",
                text_diff(&b.1, &a.1, 20)
            ));
        }
    }
    assert!(problems.is_empty(), "{problems}");
}

#[test]
fn broken_buf_yaml_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("buf.yaml"), "version: v9\n").unwrap();
    let out = protokit()
        .current_dir(dir.path())
        .arg("rules")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("buf.yaml") && stderr.contains("v9"),
        "{stderr}"
    );
    // An explicit version does not read buf.yaml.
    let (code, text) = ours(dir.path(), &["--config-version", "v1"]);
    assert_eq!(code, 0);
    assert!(text.starts_with("ID "));
}
