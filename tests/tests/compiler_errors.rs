//! The compiler rejects what protoc rejects, at the same places, with protoc's messages.
//!
//! The tables are `fixtures/compiler/errors/cases.txt` (its header documents the format;
//! `fixtures/compiler/errors/record.py` refreshes it from protoc) and `semantic_cases.txt`
//! beside it (editions, features, proto2 and proto3 semantics; same format). Each case is a set of files
//! and the exact stderr lines protoc 35.1 prints for `protoc -I. <first file> [<input files>]
//! -o /dev/null` (files marked `input` go on the command line too, in table order);
//! protoc always exits with status 1 for them.
//!
//! Two tests use it:
//! - `error_table_matches_protoc` (when grpcio-tools is installed) runs protoc on every case
//!   and requires exactly the recorded lines and exit status 1, so the table stays true.
//! - `compiler_reports_protoc_errors` runs `protokit protoc -I. <inputs> -o out.pb` in a
//!   temp dir holding the case's files and grades every recorded line against our stderr:
//!   - *exact*: the same line appears in our stderr (where protoc prints only `file: message`,
//!     the same message at a `file:line:col` of that file: every error of ours has a position);
//!   - *position-only*: one of our lines has the same `file:line:col` (or `file:`) prefix,
//!     but a different message;
//!   - *mispositioned*: one of our lines has the same message at another position;
//!   - *missing*: none of the above.
//!
//!   It fails when any line is mispositioned or missing, or when we do not exit with status
//!   1 as protoc does (exit 0 means we accepted a broken input; 101 is a panic).
//!   Extra lines from us are allowed: protoc stops after the first error of some kinds
//!   (a parse error hides the semantic errors, a failed import hides the rest), while our
//!   compiler recovers and reports every error in a file. Order is not compared either.
//!
//! Environment: `PROTOKIT_BIN` (binary to test, default: see `protokit_tests::protokit_bin`),
//! `PROTOKIT_PYTHON` (Python with grpcio-tools, default `python3`), `PROTOKIT_CASE` (only
//! cases whose name contains this text), `PROTOKIT_ERRORS_VERBOSE=1` (details for every
//! failing case, not just the first 30), `PROTOKIT_ALLOW_COMPILER_GAPS=1` (report, don't fail).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use protokit_tests::{protokit, skip, workspace_root, Protoc};

/// One file of a case.
struct CaseFile {
    name: String,
    attrs: HashSet<String>,
    lines: Vec<String>,
}

impl CaseFile {
    /// The file's bytes, following the rules in the header of cases.txt.
    fn bytes(&self) -> Vec<u8> {
        let mut lines = self.lines.as_slice();
        while let [rest @ .., last] = lines {
            if !last.is_empty() {
                break;
            }
            lines = rest;
        }
        let mut text = lines.join("\n");
        if !self.attrs.contains("noeol") {
            text.push('\n');
        }
        if self.attrs.contains("crlf") {
            text = text.replace('\n', "\r\n");
        }
        if self.attrs.contains("escapes") {
            decode_escapes(&text)
        } else {
            text.into_bytes()
        }
    }
}

/// `\xHH`, `\r`, `\n`, `\t` and `\\` become bytes; anything else is kept.
fn decode_escapes(text: &str) -> Vec<u8> {
    let raw = text.as_bytes();
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\\' && i + 1 < raw.len() {
            match raw[i + 1] {
                b'x' => {
                    let hex = std::str::from_utf8(&raw[i + 2..i + 4]).expect("ascii hex");
                    out.push(u8::from_str_radix(hex, 16).expect("\\xHH escape"));
                    i += 4;
                    continue;
                }
                b'\\' | b'r' | b'n' | b't' => {
                    out.push(match raw[i + 1] {
                        b'r' => b'\r',
                        b'n' => b'\n',
                        b't' => b'\t',
                        _ => b'\\',
                    });
                    i += 2;
                    continue;
                }
                _ => {}
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

struct Case {
    name: String,
    /// The table file and the line of the `===` header in it, for messages.
    line: String,
    files: Vec<CaseFile>,
    expected: Vec<String>,
}

impl Case {
    fn write_to(&self, dir: &Path) {
        for file in &self.files {
            let path = dir.join(&file.name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("create case dir");
            }
            std::fs::write(&path, file.bytes()).expect("write case file");
        }
    }

    /// The files on the command line: the first file, then those marked `input`.
    fn inputs(&self) -> Vec<&str> {
        self.files
            .iter()
            .enumerate()
            .filter(|(i, f)| *i == 0 || f.attrs.contains("input"))
            .map(|(_, f)| f.name.as_str())
            .collect()
    }
}

fn parse_cases(table: &str, text: &str) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut in_file = false;
    for (idx, line) in text.split('\n').enumerate() {
        if let Some(name) = line.strip_prefix("=== ") {
            cases.push(Case {
                name: name.trim().to_owned(),
                line: format!("{table}:{}", idx + 1),
                files: Vec::new(),
                expected: Vec::new(),
            });
            in_file = false;
            continue;
        }
        let Some(case) = cases.last_mut() else {
            continue; // header comments
        };
        if let Some(spec) = line.strip_prefix("--- ") {
            let spec = spec.trim();
            let (name, attrs) = match spec.strip_suffix(']').and_then(|s| s.split_once('[')) {
                Some((name, attrs)) => (
                    name.trim(),
                    attrs.split(',').map(|a| a.trim().to_owned()).collect(),
                ),
                None => (spec, HashSet::new()),
            };
            case.files.push(CaseFile {
                name: name.to_owned(),
                attrs,
                lines: Vec::new(),
            });
            in_file = true;
        } else if let Some(expected) = line.strip_prefix(">>> ") {
            case.expected.push(expected.to_owned());
            in_file = false;
        } else if in_file {
            case.files
                .last_mut()
                .expect("in a file")
                .lines
                .push(line.to_owned());
        } else {
            assert!(
                line.trim().is_empty(),
                "{table}:{}: stray line in case {}: {line:?}",
                idx + 1,
                case.name
            );
        }
    }
    cases
}

/// The case tables under `fixtures/compiler/errors/`, read in this order.
const TABLES: [&str; 2] = ["cases.txt", "semantic_cases.txt"];

fn read_all_cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for table in TABLES {
        let path = workspace_root()
            .join("fixtures/compiler/errors")
            .join(table);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        cases.extend(parse_cases(table, &text));
    }
    cases
}

fn load_cases() -> Vec<Case> {
    let cases = read_all_cases();
    match std::env::var("PROTOKIT_CASE") {
        Ok(filter) => cases
            .into_iter()
            .filter(|c| c.name.contains(&filter))
            .collect(),
        Err(_) => cases,
    }
}

/// Non-empty stderr lines, as protoc's recorded lines are.
fn stderr_lines(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .map(|l| l.trim_end_matches('\r').to_owned())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

/// Splits `a.proto:3:7: message` into (`a.proto:3:7`, `message`) and `a.proto: message`
/// into (`a.proto`, `message`); other lines have no location.
fn split_location(line: &str) -> (Option<&str>, &str) {
    let Some((head, _)) = line.split_once(": ") else {
        return (None, line);
    };
    let mut parts = head.rsplitn(3, ':');
    let (col, row, file) = (parts.next(), parts.next(), parts.next());
    let is_num =
        |s: Option<&str>| s.is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()));
    let file_like = |f: &str| !f.contains(' ');
    let located = match (file, is_num(row) && is_num(col)) {
        (Some(f), true) if file_like(f) => true,
        _ => file_like(head) && (head.is_empty() || head.ends_with(".proto")),
    };
    if located {
        (Some(head), &line[head.len() + 2..])
    } else {
        (None, line)
    }
}

/// Runs `f` over `items` on a few threads, keeping the order of the results.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 8));
    let chunk = items.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| s.spawn(|| part.iter().map(&f).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker thread"))
            .collect()
    })
}

#[test]
fn error_table_is_well_formed() {
    let cases = read_all_cases();
    assert!(
        cases.len() >= 130,
        "the error table should hold at least 130 cases, it has {}",
        cases.len()
    );
    let mut names = HashSet::new();
    for case in &cases {
        let at = format!("{} ({})", case.line, case.name);
        assert!(
            names.insert(case.name.as_str()),
            "{at}: duplicate case name"
        );
        assert!(!case.files.is_empty(), "{at}: no files");
        assert!(!case.expected.is_empty(), "{at}: no expected lines");
        for file in &case.files {
            for attr in &file.attrs {
                assert!(
                    ["noeol", "crlf", "escapes", "input"].contains(&attr.as_str()),
                    "{at}: unknown file attribute {attr:?}"
                );
            }
        }
    }
    // A sanity check of the location splitter on the shapes protoc prints.
    assert_eq!(
        split_location("a.proto:3:7: Expected \";\"."),
        (Some("a.proto:3:7"), "Expected \";\".")
    );
    assert_eq!(
        split_location("missing.proto: File not found."),
        (Some("missing.proto"), "File not found.")
    );
    assert_eq!(
        split_location(": File not found."),
        (Some(""), "File not found.")
    );
}

#[test]
fn error_table_matches_protoc() {
    let Some(protoc) = Protoc::find() else {
        return skip(
            "grpcio-tools is not installed (pip install grpcio-tools==1.85.1, which ships \
             protoc 35.1), or set PROTOKIT_PYTHON",
        );
    };
    let cases = load_cases();
    let problems: Vec<String> = par_map(&cases, |case| {
        let tmp = tempfile::tempdir().expect("temp dir");
        case.write_to(tmp.path());
        let out = protoc
            .command()
            .current_dir(tmp.path())
            .arg("-I.")
            .args(case.inputs())
            .arg("-o")
            .arg(tmp.path().join("out.pb"))
            .output()
            .expect("run protoc");
        let got = stderr_lines(&out.stderr);
        let mut problem = String::new();
        if out.status.code() != Some(1) {
            let _ = writeln!(problem, "  exit status {} (want 1)", out.status);
        }
        if got != case.expected {
            let _ = writeln!(problem, "  recorded:");
            for l in &case.expected {
                let _ = writeln!(problem, "    {l}");
            }
            let _ = writeln!(problem, "  protoc now prints:");
            for l in &got {
                let _ = writeln!(problem, "    {l}");
            }
        }
        if problem.is_empty() {
            problem
        } else {
            format!("{} {}\n{problem}", case.line, case.name)
        }
    })
    .into_iter()
    .filter(|p| !p.is_empty())
    .collect();
    assert!(
        problems.is_empty(),
        "{} of {} cases no longer match protoc \
         (refresh with `python3 fixtures/compiler/errors/record.py`):\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n")
    );
    eprintln!("all {} cases match protoc", cases.len());
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Grade {
    Exact,
    PositionOnly,
    Mispositioned,
    Missing,
}

impl Grade {
    fn tag(self) -> &'static str {
        match self {
            Grade::Exact => "exact     ",
            Grade::PositionOnly => "pos-only  ",
            Grade::Mispositioned => "MISPLACED ",
            Grade::Missing => "MISSING   ",
        }
    }
}

fn grade(expected: &str, ours: &[String]) -> Grade {
    if ours.iter().any(|l| l == expected) {
        return Grade::Exact;
    }
    let (location, message) = split_location(expected);
    let ours: Vec<_> = ours.iter().map(|l| split_location(l)).collect();
    // protoc prints a few errors with the file only; every error of ours has a position, so
    // the same message at `file:line:col` in that file counts as exact.
    if let Some(file) = location.filter(|l| l.ends_with(".proto")) {
        let here = format!("{file}:");
        if ours
            .iter()
            .any(|(l, m)| *m == message && l.is_some_and(|l| l.starts_with(&here)))
        {
            return Grade::Exact;
        }
    }
    if location.is_some() && ours.iter().any(|(l, _)| *l == location) {
        Grade::PositionOnly
    } else if ours.iter().any(|(_, m)| *m == message) {
        Grade::Mispositioned
    } else {
        Grade::Missing
    }
}

struct Outcome {
    grades: Vec<Grade>,
    /// Our exit code (`None` when killed by a signal); protoc exits with 1.
    code: Option<i32>,
    ours: Vec<String>,
}

impl Outcome {
    fn accepted(&self) -> bool {
        self.code == Some(0)
    }

    fn failing(&self) -> bool {
        self.code != Some(1)
            || self
                .grades
                .iter()
                .any(|g| matches!(g, Grade::Mispositioned | Grade::Missing))
    }
}

#[test]
fn compiler_reports_protoc_errors() {
    let cases = load_cases();
    assert!(!cases.is_empty(), "no cases selected");

    let outcomes = par_map(&cases, |case| {
        let tmp = tempfile::tempdir().expect("temp dir");
        case.write_to(tmp.path());
        let out = protokit()
            .current_dir(tmp.path())
            .args(["protoc", "-I."])
            .args(case.inputs())
            .args(["-o", "out.pb"])
            .output()
            .expect("run protokit");
        let ours = stderr_lines(&out.stderr);
        Outcome {
            grades: case.expected.iter().map(|e| grade(e, &ours)).collect(),
            code: out.status.code(),
            ours,
        }
    });

    let count = |g: Grade| {
        outcomes
            .iter()
            .flat_map(|o| &o.grades)
            .filter(|x| **x == g)
            .count()
    };
    let cases_exact = outcomes
        .iter()
        .filter(|o| !o.failing() && o.grades.iter().all(|g| *g == Grade::Exact))
        .count();
    let failing: Vec<_> = cases
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| o.failing())
        .collect();
    let accepted = outcomes.iter().filter(|o| o.accepted()).count();
    let bad_exit = outcomes
        .iter()
        .filter(|o| !o.accepted() && o.code != Some(1))
        .count();

    let verbose = std::env::var_os("PROTOKIT_ERRORS_VERBOSE").is_some()
        || std::env::var_os("PROTOKIT_CASE").is_some();
    let shown = if verbose { failing.len() } else { 30 };
    let mut report = String::new();
    for (case, outcome) in failing.iter().take(shown) {
        let _ = writeln!(report, "\n--- {} {}", case.line, case.name);
        match outcome.code {
            Some(1) => {}
            Some(0) => {
                let _ = writeln!(report, "  protokit ACCEPTED this input (exit 0)");
            }
            code => {
                let _ = writeln!(report, "  protokit exited with {code:?}, want 1 (a crash?)");
            }
        }
        for (line, g) in case.expected.iter().zip(&outcome.grades) {
            let _ = writeln!(report, "  {}{line}", g.tag());
        }
        let _ = writeln!(report, "  protokit printed:");
        for line in outcome.ours.iter().take(12) {
            let _ = writeln!(report, "    {line}");
        }
        if outcome.ours.len() > 12 {
            let _ = writeln!(report, "    … {} more lines", outcome.ours.len() - 12);
        }
    }
    if failing.len() > shown {
        let _ = writeln!(
            report,
            "\n… {} more failing cases (PROTOKIT_ERRORS_VERBOSE=1 shows all): {}",
            failing.len() - shown,
            failing[shown..]
                .iter()
                .map(|(c, _)| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let position_only: Vec<&str> = cases
        .iter()
        .zip(&outcomes)
        .filter(|(_, o)| !o.failing() && o.grades.contains(&Grade::PositionOnly))
        .map(|(c, _)| c.name.as_str())
        .collect();
    if !position_only.is_empty() {
        let _ = writeln!(
            report,
            "\npassing with a different message at the right position: {}",
            position_only.join(", ")
        );
    }
    let _ = writeln!(
        report,
        "\nerror table: {} cases: {} fully exact, {} passing with position-only lines, \
         {} failing ({} accepted by protokit, {} other exit codes than 1)\n\
         lines: {} exact, {} position-only, {} mispositioned, {} missing",
        cases.len(),
        cases_exact,
        cases.len() - cases_exact - failing.len(),
        failing.len(),
        accepted,
        bad_exit,
        count(Grade::Exact),
        count(Grade::PositionOnly),
        count(Grade::Mispositioned),
        count(Grade::Missing),
    );
    eprintln!("{report}");
    if !failing.is_empty() && std::env::var_os("PROTOKIT_ALLOW_COMPILER_GAPS").is_none() {
        panic!(
            "{} of {} error cases have missing or mispositioned lines or a wrong exit status (see above)",
            failing.len(),
            cases.len()
        );
    }
}
