//! `protokit lint` on every fixture under `fixtures/lint/`, against buf 1.75.0.
//!
//! Each fixture directory is a buf workspace (a `buf.yaml` enabling the rule under test, and
//! `.proto` files) with buf's recorded answer beside it: `buf.json` (the output of
//! `buf lint --error-format json`) and `buf.exit` (its exit code). The test runs the real
//! `protokit lint --error-format json` in each directory and requires the same findings (rule,
//! path, start and end line and column, message) and exit code. When buf is installed it also
//! re-runs buf, so a stale recording fails too. The text output of each fixture is pinned by
//! an insta snapshot next to it (`fixtures/lint/<dir>/findings.snap`).
//!
//! Regenerate the recordings after changing a fixture with `PROTOKIT_RECORD_BUF=1` (needs buf).

use std::path::{Path, PathBuf};
use std::process::Command;

use protokit_tests::{
    buf_bin, check_dirs_in_parallel, finding_diff, parse_lint_json, protokit, recorded_buf,
    workspace_root,
};

fn fixture_dirs() -> Vec<PathBuf> {
    let root = workspace_root().join("fixtures/lint");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.join("buf.yaml").is_file() || p.join("buf.work.yaml").is_file())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

struct Outcome {
    stdout: String,
    code: i32,
}

fn run(cmd: &mut Command, dir: &Path) -> Outcome {
    let out = cmd.current_dir(dir).output().expect("the command runs");
    Outcome {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn buf_lint(buf: &Path, dir: &Path) -> Outcome {
    run(
        Command::new(buf).args(["lint", "--error-format", "json"]),
        dir,
    )
}

/// Problems with one fixture, empty when it passes.
fn check_fixture(dir: &Path, buf: Option<&Path>) -> String {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut problems = String::new();
    if std::env::var_os("PROTOKIT_RECORD_BUF").is_some() {
        let buf = buf.expect("PROTOKIT_RECORD_BUF needs buf");
        let o = buf_lint(buf, dir);
        std::fs::write(dir.join("buf.json"), &o.stdout).unwrap();
        std::fs::write(dir.join("buf.exit"), format!("{}\n", o.code)).unwrap();
    }
    let (expected, recorded_exit) = match recorded_buf(dir) {
        Ok(r) => r,
        Err(problem) => return problem,
    };

    let ours = run(protokit().args(["lint", "--error-format", "json"]), dir);
    match parse_lint_json(&ours.stdout) {
        Ok(actual) => {
            let diff = finding_diff(&expected, &actual, 20);
            if !diff.is_empty() {
                problems += &format!("{name}: protokit differs from buf.json:\n{diff}");
            }
        }
        Err(e) => problems += &format!("{name}: protokit printed non-JSON: {e}\n"),
    }
    if ours.code != recorded_exit {
        problems += &format!(
            "{name}: protokit exited {}, buf {recorded_exit}\n",
            ours.code
        );
    }

    if let Some(buf) = buf {
        let live = buf_lint(buf, dir);
        let live_findings = parse_lint_json(&live.stdout).unwrap_or_default();
        let diff = finding_diff(&expected, &live_findings, 20);
        if !diff.is_empty() || live.code != recorded_exit {
            problems += &format!(
                "{name}: buf.json is stale (live buf exited {}):\n{diff}",
                live.code
            );
        }
    }

    let text = run(protokit().arg("lint"), dir).stdout;
    let snapshot = std::panic::catch_unwind(|| {
        insta::with_settings!({
            snapshot_path => dir,
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!("findings", text);
        });
    });
    if snapshot.is_err() {
        problems += &format!("{name}: text output differs from findings.snap\n");
    }
    problems
}

#[test]
fn every_fixture_matches_buf() {
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no fixtures under fixtures/lint");
    let buf = buf_bin();
    if buf.is_none() {
        eprintln!("buf 1.75.0 not found: comparing with the recorded buf.json only");
    }
    let problems = check_dirs_in_parallel(&dirs, |d| check_fixture(d, buf.as_deref()));
    assert!(problems.is_empty(), "{problems}");
}

/// Every rule in the registry has a fixture directory (its ID, lower or upper case, or the ID
/// followed by `__variant`) and documentation; PROTOVALIDATE is listed but not implemented.
#[test]
fn every_rule_has_a_fixture_and_docs() {
    let dirs: Vec<String> = fixture_dirs()
        .iter()
        .map(|d| {
            d.file_name()
                .unwrap()
                .to_string_lossy()
                .to_ascii_uppercase()
        })
        .collect();
    let mut missing = Vec::new();
    for rule in protokit_check::lint::registry::RULES {
        if rule.check.is_none() {
            continue;
        }
        let id = rule.id;
        if !dirs
            .iter()
            .any(|d| d == id || d.strip_prefix(id).is_some_and(|r| r.starts_with("__")))
        {
            missing.push(format!(
                "{id}: no fixtures/lint/{} directory",
                id.to_ascii_lowercase()
            ));
        }
        if rule.docs.what.is_empty() || rule.docs.example.is_empty() {
            missing.push(format!("{id}: empty docs"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
