//! Differential tests: our lowering against protoc (`python -m grpc_tools.protoc`).
//!
//! For each fixture, protoc's `SourceCodeInfo` is compared with our locations element by
//! element. protoc's option locations have already been rewritten by its option interpreter
//! (`[…, 999, i]` became the interpreted field's path and the option's sub-locations were
//! dropped); ours are not, so an option location is compared by span and comments only and
//! its sub-locations are skipped. The descriptor fields lowering owns (names, numbers,
//! labels, ranges, oneofs, …) are compared through a summary.
//!
//! Skipped, with a message, when `grpc_tools` is not installed. The googleapis corpus run is
//! `#[ignore]`d: `cargo test -p protokit-compiler googleapis -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::descriptor::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto,
    FileDescriptorSet,
};
use prost::Message;
use protokit_diagnostics::LineIndex;

use super::lower;

fn python() -> Option<&'static str> {
    ["python3", "python"].into_iter().find(|py| {
        Command::new(py)
            .args(["-c", "import grpc_tools"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs protoc on `files` (relative to `root`); the decoded set, or protoc's error text.
fn protoc(py: &str, root: &Path, files: &[String]) -> Result<FileDescriptorSet, String> {
    // Tests run in parallel threads of one process: a counter keeps their outputs apart.
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let out = std::env::temp_dir().join(format!("protokit-lower-{}-{run}.pb", std::process::id()));
    let mut cmd = Command::new(py);
    cmd.args(["-m", "grpc_tools.protoc"])
        .arg(format!("-I{}", root.display()))
        .arg("--include_source_info")
        // Lowering keeps source-retention options; stripping them is the linker's part.
        .arg("--retain_options")
        .arg(format!("-o{}", out.display()))
        .args(files);
    let output = cmd.output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let bytes = std::fs::read(&out).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out);
    FileDescriptorSet::decode(bytes.as_slice()).map_err(|e| e.to_string())
}

fn show(l: &prost_types::source_code_info::Location) -> String {
    let mut s = format!("{:?} {:?}", l.path, l.span);
    if let Some(c) = &l.leading_comments {
        s.push_str(&format!(" L={c:?}"));
    }
    if let Some(c) = &l.trailing_comments {
        s.push_str(&format!(" T={c:?}"));
    }
    if !l.leading_detached_comments.is_empty() {
        s.push_str(&format!(" D={:?}", l.leading_detached_comments));
    }
    s
}

/// Our locations with option sub-locations dropped; option locations flagged.
fn ours_comparable(
    locs: Vec<prost_types::source_code_info::Location>,
) -> Vec<(bool, prost_types::source_code_info::Location)> {
    let mut out = Vec::with_capacity(locs.len());
    let mut skip_prefix: Option<Vec<i32>> = None;
    for l in locs {
        if let Some(p) = &skip_prefix {
            if l.path.len() > p.len() && l.path.starts_with(p) {
                continue;
            }
            skip_prefix = None;
        }
        let n = l.path.len();
        let is_option = n >= 2 && l.path[n - 2] == 999;
        if is_option {
            skip_prefix = Some(l.path.clone());
        }
        out.push((is_option, l));
    }
    out
}

/// Compares one file's locations; a readable report of the differences, if any.
fn compare_sci(name: &str, text: &str, expected: &FileDescriptorProto) -> Option<String> {
    let tree = protokit_syntax::parse(text);
    let lowered = lower(&tree, name);
    let lines = LineIndex::new(text);
    let ours = ours_comparable(
        lowered
            .locations
            .iter()
            .map(|l| l.to_proto(&lines))
            .collect(),
    );
    let theirs = expected
        .source_code_info
        .as_ref()
        .map(|s| s.location.clone())
        .unwrap_or_default();
    let mut report = String::new();
    let mut mismatches = 0;
    let (mut i, mut j) = (0, 0);
    while i < ours.len() || j < theirs.len() {
        let a = ours.get(i);
        let b = theirs.get(j);
        let same = match (a, b) {
            (Some((true, a)), Some(b)) => {
                let prefix = &a.path[..a.path.len() - 2];
                b.path.starts_with(prefix)
                    && b.path.len() > prefix.len()
                    && a.span == b.span
                    && a.leading_comments == b.leading_comments
                    && a.trailing_comments == b.trailing_comments
                    && a.leading_detached_comments == b.leading_detached_comments
            }
            (Some((false, a)), Some(b)) => a == b,
            _ => false,
        };
        if same {
            i += 1;
            j += 1;
            continue;
        }
        mismatches += 1;
        if mismatches <= 8 {
            report.push_str(&format!(
                "  ours #{i} / protoc #{j}\n    protoc: {}\n    ours:   {}\n",
                b.map_or("<none>".to_string(), show),
                a.map_or("<none>".to_string(), |(_, l)| show(l)),
            ));
        }
        i += 1;
        j += 1;
    }
    if mismatches > 0 {
        return Some(format!(
            "{name}: {mismatches} location(s) differ (protoc {}, ours {}):\n{report}",
            theirs.len(),
            ours.len()
        ));
    }
    let (a, b) = (summary(&lowered.proto), summary(expected));
    if a != b {
        let first = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        return Some(format!(
            "{name}: descriptor differs at line {first}:\n    protoc: {:?}\n    ours:   {:?}\n",
            b.get(first),
            a.get(first)
        ));
    }
    if !lowered.errors.is_empty() {
        return Some(format!(
            "{name}: unexpected lowering errors {:?}",
            lowered.errors
        ));
    }
    None
}

/// The descriptor fields lowering decides, one line each, in a comparable form.
fn summary(f: &FileDescriptorProto) -> Vec<String> {
    fn field(out: &mut Vec<String>, ind: &str, f: &FieldDescriptorProto) {
        out.push(format!(
            "{ind}field {:?} #{:?} label={:?} type={:?} oneof={:?} p3opt={:?} json={:?} \
             default={:?}",
            f.name,
            f.number,
            f.label,
            // Named types get their type in the linker.
            f.r#type.filter(|t| *t != 11 && *t != 14),
            f.oneof_index,
            f.proto3_optional,
            f.json_name
                .as_ref()
                .filter(|_| f.extendee.is_none())
                .and_then(|j| {
                    // protoc always writes json_name; only a written one is ours.
                    (Some(j.as_str()) != f.name.as_deref().map(json).as_deref()).then_some(j)
                }),
            // protoc's builder re-formats numeric defaults ("-0" → "0", "-nan" → "nan",
            // floats through SimpleFtoa): that is the linker's; text defaults it keeps.
            f.default_value
                .as_ref()
                .filter(|_| matches!(f.r#type, None | Some(8 | 9 | 12 | 14))),
        ));
    }
    fn json(name: &str) -> String {
        let mut out = String::new();
        let mut upper = false;
        for c in name.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                out.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    }
    fn message(out: &mut Vec<String>, ind: &str, m: &DescriptorProto) {
        out.push(format!("{ind}message {:?} vis={:?}", m.name, m.visibility));
        let inner = format!("{ind}  ");
        for f in &m.field {
            field(out, &inner, f);
        }
        for f in &m.extension {
            field(out, &inner, f);
        }
        for n in &m.nested_type {
            message(out, &inner, n);
        }
        for e in &m.enum_type {
            enum_(out, &inner, e);
        }
        for r in &m.extension_range {
            out.push(format!("{inner}extensions {:?} to {:?}", r.start, r.end));
        }
        for o in &m.oneof_decl {
            out.push(format!("{inner}oneof {:?}", o.name));
        }
        for r in &m.reserved_range {
            out.push(format!("{inner}reserved {:?} to {:?}", r.start, r.end));
        }
        out.push(format!("{inner}reserved names {:?}", m.reserved_name));
    }
    fn enum_(out: &mut Vec<String>, ind: &str, e: &EnumDescriptorProto) {
        out.push(format!("{ind}enum {:?} vis={:?}", e.name, e.visibility));
        for v in &e.value {
            out.push(format!("{ind}  value {:?} = {:?}", v.name, v.number));
        }
        for r in &e.reserved_range {
            out.push(format!("{ind}  reserved {:?} to {:?}", r.start, r.end));
        }
        out.push(format!("{ind}  reserved names {:?}", e.reserved_name));
    }
    let mut out = vec![
        format!("package {:?}", f.package),
        format!(
            "deps {:?} public {:?} weak {:?} option {:?}",
            f.dependency, f.public_dependency, f.weak_dependency, f.option_dependency
        ),
        format!("edition {:?}", f.edition),
    ];
    for m in &f.message_type {
        message(&mut out, "", m);
    }
    for e in &f.enum_type {
        enum_(&mut out, "", e);
    }
    for x in &f.extension {
        field(&mut out, "", x);
    }
    for s in &f.service {
        out.push(format!("service {:?}", s.name));
        for m in &s.method {
            out.push(format!(
                "  rpc {:?} client={:?} server={:?} options={}",
                m.name,
                m.client_streaming.filter(|c| *c),
                m.server_streaming.filter(|c| *c),
                m.options.is_some()
            ));
        }
    }
    out
}

/// Every `.proto` under `dir`, relative to it, sorted.
fn protos_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "proto") {
                if let Ok(rel) = p.strip_prefix(dir) {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    out.sort();
    out
}

/// Compares every file of `files` under `root`, protoc run in batches of `batch`.
fn run_dir(py: &str, root: &Path, files: &[String], batch: usize) -> Vec<String> {
    let mut failures = Vec::new();
    for chunk in files.chunks(batch) {
        let set = match protoc(py, root, chunk) {
            Ok(set) => set,
            Err(e) if chunk.len() > 1 => {
                // One bad file fails the batch: retry one by one.
                let _ = e;
                failures.extend(run_dir(py, root, chunk, 1));
                continue;
            }
            Err(e) => {
                eprintln!("protoc rejects {}, skipped: {}", chunk[0], e.trim());
                continue;
            }
        };
        for name in chunk {
            let Some(expected) = set.file.iter().find(|f| f.name.as_deref() == Some(name)) else {
                failures.push(format!("{name}: not in protoc's output"));
                continue;
            };
            let Ok(text) = std::fs::read_to_string(root.join(name)) else {
                continue;
            };
            if let Some(report) = compare_sci(name, &text, expected) {
                failures.push(report);
            }
        }
    }
    failures
}

fn check(failures: Vec<String>, total: usize) {
    if !failures.is_empty() {
        let shown: Vec<&String> = failures.iter().take(25).collect();
        panic!(
            "{} of {total} files differ from protoc:\n{}",
            failures.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn lower_fixtures_match_protoc() {
    let Some(py) = python() else {
        eprintln!("skipped: python's grpc_tools is not installed (pip install grpcio-tools)");
        return;
    };
    let root = workspace_root().join("fixtures/compiler/lower");
    let files = protos_under(&root);
    assert!(!files.is_empty(), "no fixtures in {}", root.display());
    let failures = run_dir(py, &root, &files, 1);
    check(failures, files.len());
}

#[test]
fn valid_compiler_fixtures_match_protoc() {
    let Some(py) = python() else {
        eprintln!("skipped: python's grpc_tools is not installed (pip install grpcio-tools)");
        return;
    };
    let base = workspace_root().join("fixtures/compiler/valid");
    let Ok(dirs) = std::fs::read_dir(&base) else {
        return;
    };
    let mut failures = Vec::new();
    let mut total = 0;
    for d in dirs.flatten() {
        let root = d.path();
        if !root.is_dir() {
            continue;
        }
        let files = protos_under(&root);
        total += files.len();
        failures.extend(run_dir(py, &root, &files, 64));
    }
    check(failures, total);
}

#[test]
#[ignore = "slow: runs protoc over the googleapis corpus"]
fn googleapis_matches_protoc() {
    let Some(py) = python() else {
        eprintln!("skipped: python's grpc_tools is not installed (pip install grpcio-tools)");
        return;
    };
    let root = workspace_root().join("../shared/corpus/googleapis");
    let root = if root.is_dir() {
        root
    } else {
        PathBuf::from("/work/shared/corpus/googleapis")
    };
    if !root.is_dir() {
        eprintln!("skipped: no googleapis corpus");
        return;
    }
    let files: Vec<String> = protos_under(&root)
        .into_iter()
        .filter(|f| !f.starts_with("google/cloud/compute/v1beta/"))
        .collect();
    let failures = run_dir(py, &root, &files, 400);
    eprintln!(
        "googleapis: {} files compared, {} differ",
        files.len(),
        failures.len()
    );
    check(failures, files.len());
}

/// Compares every `.proto` under `$PROTOKIT_LOWER_DIFF_DIR` (the include root) with protoc:
/// `PROTOKIT_LOWER_DIFF_DIR=dir cargo test -p protokit-compiler lower_dir -- --ignored`.
#[test]
#[ignore = "needs PROTOKIT_LOWER_DIFF_DIR"]
fn lower_dir_matches_protoc() {
    let (Some(py), Some(dir)) = (python(), std::env::var_os("PROTOKIT_LOWER_DIFF_DIR")) else {
        eprintln!("skipped: needs grpc_tools and PROTOKIT_LOWER_DIFF_DIR");
        return;
    };
    let root = PathBuf::from(dir);
    let files = protos_under(&root);
    let failures = run_dir(py, &root, &files, 200);
    eprintln!(
        "{}: {} files compared, {} differ",
        root.display(),
        files.len(),
        failures.len()
    );
    check(failures, files.len());
}
