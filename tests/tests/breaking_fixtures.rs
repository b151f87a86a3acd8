//! `protokit breaking` on every fixture pair under `fixtures/breaking/`, against buf 1.75.0.
//!
//! Each fixture is `fixtures/breaking/<dir>/{previous,current}/` (two buf modules; `current`'s
//! `buf.yaml` enables the rule under test) with buf's recorded answer beside them:
//! `buf.json`, the output of `buf breaking --against ../previous --error-format json` run in
//! `current/`, and `buf.exit`, its exit code. The test runs the real
//! `protokit breaking --against ../previous --error-format json` the same way and requires the
//! same findings (rule, path, start and end line and column, message) and exit code; when buf
//! is installed it re-runs buf too, so a stale recording fails. The text output is pinned by
//! an insta snapshot (`fixtures/breaking/<dir>/findings.snap`).
//!
//! Re-record after changing a fixture with `PROTOKIT_RECORD_BUF=1` (needs buf).

use std::path::{Path, PathBuf};
use std::process::Command;

use protokit_tests::{
    buf_bin, check_dirs_in_parallel, finding_diff, parse_lint_json, protokit, recorded_buf,
    workspace_root,
};

fn fixture_dirs() -> Vec<PathBuf> {
    let root = workspace_root().join("fixtures/breaking");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.join("current").is_dir() && p.join("previous").is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn run(cmd: &mut Command, dir: &Path) -> (String, i32) {
    let out = cmd.current_dir(dir).output().expect("the command runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

const ARGS: [&str; 5] = [
    "breaking",
    "--against",
    "../previous",
    "--error-format",
    "json",
];

fn check_fixture(dir: &Path, buf: Option<&Path>) -> String {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let current = dir.join("current");
    if std::env::var_os("PROTOKIT_RECORD_BUF").is_some() {
        let (out, code) = run(
            Command::new(buf.expect("PROTOKIT_RECORD_BUF needs buf")).args(ARGS),
            &current,
        );
        std::fs::write(dir.join("buf.json"), out).unwrap();
        std::fs::write(dir.join("buf.exit"), format!("{code}\n")).unwrap();
    }
    let (expected, recorded_exit) = match recorded_buf(dir) {
        Ok(r) => r,
        Err(problem) => return problem,
    };
    let mut problems = String::new();
    let (out, code) = run(protokit().args(ARGS), &current);
    match parse_lint_json(&out) {
        Ok(actual) => {
            let diff = finding_diff(&expected, &actual, 20);
            if !diff.is_empty() {
                problems += &format!("{name}: protokit differs from buf.json:\n{diff}");
            }
        }
        Err(e) => problems += &format!("{name}: protokit printed non-JSON: {e}\n"),
    }
    if code != recorded_exit {
        problems += &format!("{name}: protokit exited {code}, buf {recorded_exit}\n");
    }
    if let Some(buf) = buf {
        let (live, live_code) = run(Command::new(buf).args(ARGS), &current);
        let diff = finding_diff(&expected, &parse_lint_json(&live).unwrap_or_default(), 20);
        if !diff.is_empty() || live_code != recorded_exit {
            problems +=
                &format!("{name}: buf.json is stale (live buf exited {live_code}):\n{diff}");
        }
    }
    let (text, _) = run(protokit().args(&ARGS[..3]), &current);
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
    assert!(!dirs.is_empty(), "no fixtures under fixtures/breaking");
    let buf = buf_bin();
    if buf.is_none() {
        eprintln!("buf 1.75.0 not found: comparing with the recorded buf.json only");
    }
    let problems = check_dirs_in_parallel(&dirs, |d| check_fixture(d, buf.as_deref()));
    assert!(problems.is_empty(), "{problems}");
}

/// Every breaking rule has a fixture (`fixtures/breaking/<rule_id>` or `<rule_id>__variant`)
/// and documentation.
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
    for rule in protokit_check::breaking::registry::RULES {
        let id = rule.id;
        if !dirs
            .iter()
            .any(|d| d == id || d.strip_prefix(id).is_some_and(|r| r.starts_with("__")))
        {
            missing.push(format!(
                "{id}: no fixtures/breaking/{} directory",
                id.to_ascii_lowercase()
            ));
        }
        if rule.docs.what.is_empty() || rule.docs.example.is_empty() {
            missing.push(format!("{id}: empty docs"));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}
