//! Differential test against protoc: every `.proto` at the top of
//! `fixtures/compiler/options/` is compiled by protoc; its options are then "un-interpreted"
//! (each option statement is re-read from the source text at protoc's location for it) and
//! interpreted again here. Encoded options and source locations must come out identical.

use std::path::{Path, PathBuf};
use std::process::Command;

use prost::Message as _;
use protokit_diagnostics::Span;

use super::super::{
    interpret_file_options, visit_options, ListSchema, SymbolIndex, UNINTERPRETED_OPTION,
};
use super::text::parse_option;
use crate::descriptor::{FileDescriptorProto, FileDescriptorSet};
use crate::source_info::Location;

/// A path in the temp directory no other test (thread or process) uses.
pub(super) fn unique_temp(stem: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!(
        "protokit-options-{stem}-{}-{n}",
        std::process::id()
    ))
}

pub(super) fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/compiler/options")
}

/// The include directory of grpc_tools' bundled well-known types, or `None` without protoc.
pub(super) fn protoc_include() -> Option<PathBuf> {
    let out = Command::new("python")
        .args([
            "-c",
            "import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), '_proto'))",
        ])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

fn compile(dir: &Path, include: &Path, file: &str) -> Result<FileDescriptorSet, String> {
    let bytes = protoc_bytes(dir, include, file)?;
    FileDescriptorSet::decode(&bytes[..]).map_err(|e| e.to_string())
}

/// protoc's descriptor set for `file` (imports and source info included).
pub(super) fn protoc_bytes(dir: &Path, include: &Path, file: &str) -> Result<Vec<u8>, String> {
    let out_file = unique_temp("set");
    let out = Command::new("python")
        .args(["-m", "grpc_tools.protoc"])
        .arg(format!("-I{}", dir.display()))
        .arg(format!("-I{}", include.display()))
        .args(["--include_imports", "--include_source_info"])
        .arg(format!("-o{}", out_file.display()))
        .arg(file)
        .current_dir(dir)
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let bytes = std::fs::read(&out_file).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out_file);
    Ok(bytes)
}

/// Byte offset of 0-based `(line, col)` (fixtures have no tabs).
fn offset(line_starts: &[u32], line: i32, col: i32) -> u32 {
    line_starts.get(line as usize).copied().unwrap_or(0) + col as u32
}

fn to_location(line_starts: &[u32], l: &prost_types::source_code_info::Location) -> Location {
    let (sl, sc, el, ec) = match l.span[..] {
        [a, b, c] => (a, b, a, c),
        [a, b, c, d] => (a, b, c, d),
        _ => (0, 0, 0, 0),
    };
    Location {
        path: l.path.clone(),
        span: Span::new(offset(line_starts, sl, sc), offset(line_starts, el, ec)),
        leading_comments: l.leading_comments.clone(),
        trailing_comments: l.trailing_comments.clone(),
        leading_detached_comments: l.leading_detached_comments.clone(),
    }
}

/// Protoc's file with its options turned back into uninterpreted statements, and the
/// locations with `[…, 999, i]` paths for them.
fn uninterpret(expected: &FileDescriptorProto, text: &str) -> (FileDescriptorProto, Vec<Location>) {
    let mut line_starts = vec![0u32];
    line_starts.extend(
        text.bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i as u32 + 1),
    );
    let mut locations: Vec<Location> = expected
        .source_code_info
        .as_ref()
        .map(|s| {
            s.location
                .iter()
                .map(|l| to_location(&line_starts, l))
                .collect()
        })
        .unwrap_or_default();
    let mut file = expected.clone();
    file.source_code_info = None;
    visit_options(&mut file, &mut |path, _, _, options| {
        let statements: Vec<usize> = locations
            .iter()
            .enumerate()
            .filter(|(_, l)| l.path.len() > path.len() && l.path.starts_with(path))
            .map(|(i, _)| i)
            .collect();
        if statements.is_empty() {
            return;
        }
        let o = options.get_or_insert_with(Default::default);
        o.encoded.clear();
        for (i, &li) in statements.iter().enumerate() {
            let span = locations[li].span;
            let stmt = text[span.range()].trim_end_matches(';');
            let mut opt = parse_option(stmt, span.start);
            opt.location_index = Some(li);
            o.uninterpreted.push(opt);
            let mut p = path.to_vec();
            p.extend([UNINTERPRETED_OPTION, i as i32]);
            locations[li].path = p;
        }
    });
    (file, locations)
}

fn check_fixture(dir: &Path, include: &Path, name: &str) -> Vec<String> {
    let set = match compile(dir, include, name) {
        Ok(s) => s,
        Err(e) => return vec![format!("{name}: protoc failed: {e}")],
    };
    check_set(&set, |f| std::fs::read_to_string(dir.join(f)).ok()).0
}

/// Re-interprets the options of every file of `set` whose text `read` returns, and compares
/// with protoc's. Returns the differences and the number of statements interpreted.
fn check_set(
    set: &FileDescriptorSet,
    read: impl Fn(&str) -> Option<String>,
) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut statements = 0;
    let all: Vec<&FileDescriptorProto> = set.file.iter().collect();
    let index = SymbolIndex::new(&all);
    for expected in &set.file {
        let fname = expected.name().to_string();
        if fname.starts_with("google/protobuf/") {
            continue;
        }
        let Some(text) = read(&fname) else {
            continue;
        };
        let (mut file, mut locations) = uninterpret(expected, &text);
        visit_options(&mut file, &mut |_, _, _, o| {
            statements += o.as_ref().map_or(0, |o| o.uninterpreted.len());
        });
        let schema = ListSchema::new(&index, &file);
        let t = std::time::Instant::now();
        let errors = interpret_file_options(&mut file, &mut locations, &fname, &schema);
        INTERPRET_NANOS.fetch_add(
            t.elapsed().as_nanos() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        for e in &errors {
            problems.push(format!(
                "{fname}: unexpected error at {:?}: {}",
                e.span(),
                e.message()
            ));
        }
        if !errors.is_empty() {
            continue;
        }
        let mut want = expected.clone();
        let mut got_opts = Vec::new();
        visit_options(&mut file, &mut |path, _, _, o| {
            got_opts.push((path.to_vec(), o.as_ref().map(|o| o.encoded.clone())));
        });
        let mut want_opts = Vec::new();
        visit_options(&mut want, &mut |path, _, _, o| {
            want_opts.push((path.to_vec(), o.as_ref().map(|o| o.encoded.clone())));
        });
        for ((path, got), (_, want)) in got_opts.iter().zip(&want_opts) {
            let got = got.clone().unwrap_or_default();
            let want = want.clone().unwrap_or_default();
            if got != want {
                problems.push(format!(
                    "{fname}: options at {path:?}:\n   got  {}\n   want {}",
                    hex(&got),
                    hex(&want)
                ));
            }
        }
        let mut line_starts = vec![0u32];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i as u32 + 1),
        );
        let want_locs: Vec<(Vec<i32>, Span)> = expected
            .source_code_info
            .iter()
            .flat_map(|s| &s.location)
            .map(|l| {
                let l = to_location(&line_starts, l);
                (l.path, l.span)
            })
            .collect();
        let got_locs: Vec<(Vec<i32>, Span)> =
            locations.into_iter().map(|l| (l.path, l.span)).collect();
        if got_locs != want_locs {
            for (k, (g, w)) in got_locs.iter().zip(&want_locs).enumerate() {
                if g != w {
                    problems.push(format!("{fname}: location {k}: got {g:?}, want {w:?}"));
                    break;
                }
            }
            if got_locs.len() != want_locs.len() {
                problems.push(format!(
                    "{fname}: {} locations, want {}",
                    got_locs.len(),
                    want_locs.len()
                ));
            }
        }
    }
    (problems, statements)
}

/// Time spent in `interpret_file_options` alone.
static INTERPRET_NANOS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[test]
fn options_match_protoc() {
    let Some(include) = protoc_include() else {
        eprintln!("skipping options_match_protoc: python grpc_tools (protoc) is not installed");
        return;
    };
    let dir = fixtures_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".proto"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    assert!(!names.is_empty(), "no fixtures in {}", dir.display());
    let mut problems = Vec::new();
    for name in &names {
        problems.extend(check_fixture(&dir, &include, name));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// protoc's first error for `file`: `(line, column, message)`, 1-based.
pub(super) fn protoc_error(dirs: &[&Path], file: &str) -> Option<(u32, u32, String)> {
    let mut cmd = Command::new("python");
    cmd.args(["-m", "grpc_tools.protoc"]);
    for d in dirs {
        cmd.arg(format!("-I{}", d.display()));
    }
    let out_file = unique_temp("err");
    let out = cmd
        .arg(format!("-o{}", out_file.display()))
        .arg(file)
        .output()
        .ok()?;
    let _ = std::fs::remove_file(&out_file);
    let stderr = String::from_utf8_lossy(&out.stderr);
    stderr.lines().find_map(|l| {
        let rest = l.split_once(&format!("{file}:"))?.1;
        let mut parts = rest.splitn(3, ':');
        let line = parts.next()?.parse().ok()?;
        let col = parts.next()?.parse().ok()?;
        let msg = parts.next()?.trim_start().to_string();
        (!msg.starts_with("warning:")).then_some((line, col, msg))
    })
}

/// Each line of `errors/cases.txt` is appended to `errors/base.proto` (and of
/// `errors/editions_cases.txt` to `errors/editions_base.proto`); protoc's first error (message
/// and position) must be ours, both from the interpreter alone (on protoc's descriptor of the
/// base) and from the whole compiler.
#[test]
fn option_errors_match_protoc() {
    let Some(include) = protoc_include() else {
        eprintln!(
            "skipping option_errors_match_protoc: python grpc_tools (protoc) is not installed"
        );
        return;
    };
    let dir = fixtures_dir();
    let mut problems = Vec::new();
    for (base, cases) in [
        ("errors/base.proto", "errors/cases.txt"),
        ("errors/editions_base.proto", "errors/editions_cases.txt"),
    ] {
        problems.extend(check_error_cases(&dir, &include, base, cases));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn check_error_cases(dir: &Path, include: &Path, base_name: &str, cases_name: &str) -> Vec<String> {
    let base_text = std::fs::read_to_string(dir.join(base_name)).unwrap_or_default();
    let set = match compile(dir, include, base_name) {
        Ok(s) => s,
        Err(e) => return vec![format!("protoc failed on {base_name}: {e}")],
    };
    let Some((base, deps)) = set.file.split_last() else {
        panic!("empty descriptor set");
    };
    let deps: Vec<&FileDescriptorProto> = deps.iter().collect();
    let index = SymbolIndex::new(&deps);
    let cases = std::fs::read_to_string(dir.join(cases_name)).unwrap_or_default();
    let tmp = unique_temp("cases");
    let _ = std::fs::create_dir_all(&tmp);
    let line_no = base_text.lines().count() as u32 + 1;
    let mut problems = Vec::new();
    let mut count = 0;
    for case in cases
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        count += 1;
        let _ = std::fs::write(tmp.join("case.proto"), format!("{base_text}{case}\n"));
        let Some(want) = protoc_error(&[&tmp, dir, include], "case.proto") else {
            problems.push(format!("{case}: protoc accepted it"));
            continue;
        };
        let (mut file, mut locations) = uninterpret(base, &base_text);
        let start = base_text.len() as u32;
        let opt = parse_option(case.trim_end().trim_end_matches(';'), start);
        let options = file.options.get_or_insert_with(Default::default);
        if !options.encoded.is_empty() {
            // Base options were already interpreted by protoc: re-read them as statements.
            options.encoded.clear();
        }
        options.uninterpreted.push(opt);
        let schema = ListSchema::new(&index, &file);
        let errors = interpret_file_options(&mut file, &mut locations, "case.proto", &schema);
        let got = errors.first().map(|e| {
            let col = e.span().map_or(0, |s| s.start.saturating_sub(start)) + 1;
            (line_no, col, e.message().to_string())
        });
        if got.as_ref() != Some(&want) {
            problems.push(format!("{case}\n   got  {got:?}\n   want {want:?}"));
        }
        // The same case through the whole compiler.
        let piped = super::pipeline::pipeline_error(&[&tmp, dir, include], "case.proto");
        if piped.as_ref() != Some(&want) {
            problems.push(format!(
                "{case} (compiler)\n   got  {piped:?}\n   want {want:?}"
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    if count == 0 {
        problems.push(format!("no cases in {cases_name}"));
    }
    problems
}

/// All of googleapis (`../shared/corpus/googleapis`, or `PROTOKIT_GOOGLEAPIS`): protoc compiles
/// it once, then every file's options are re-interpreted here and compared. Slow; run with
/// `cargo test -p protokit-compiler googleapis_options -- --ignored --nocapture`.
#[test]
#[ignore = "needs the googleapis corpus and takes minutes"]
fn googleapis_options_match_protoc() {
    let Some(include) = protoc_include() else {
        eprintln!("skipping: python grpc_tools (protoc) is not installed");
        return;
    };
    let root = std::env::var_os("PROTOKIT_GOOGLEAPIS").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/googleapis"),
        PathBuf::from,
    );
    if !root.is_dir() {
        eprintln!("skipping: no googleapis corpus at {}", root.display());
        return;
    }
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let p = e.path();
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            if p.is_dir() {
                if rel != "preview" && rel != "google/cloud/compute/v1beta" {
                    walk(root, &p, out);
                }
            } else if rel.ends_with(".proto") {
                out.push(rel);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.sort();
    let out_file = unique_temp("googleapis");
    let started = std::time::Instant::now();
    let status = Command::new("python")
        .args(["-m", "grpc_tools.protoc", "-I."])
        .arg(format!("-I{}", include.display()))
        .args(["--include_imports", "--include_source_info"])
        .arg(format!("-o{}", out_file.display()))
        .args(&files)
        .current_dir(&root)
        .status()
        .map(|s| s.success());
    assert_eq!(status.ok(), Some(true), "protoc failed on googleapis");
    let bytes = std::fs::read(&out_file).unwrap_or_default();
    let _ = std::fs::remove_file(&out_file);
    let set = FileDescriptorSet::decode(&bytes[..]).expect("protoc's descriptor set decodes");
    eprintln!(
        "protoc: {} files in {:.1?}",
        set.file.len(),
        started.elapsed()
    );
    let started = std::time::Instant::now();
    let (problems, statements) = check_set(&set, |f| std::fs::read_to_string(root.join(f)).ok());
    eprintln!(
        "re-interpreted {statements} option statements (and compared) in {:.1?}, {:.1?} of it \
         interpreting",
        started.elapsed(),
        std::time::Duration::from_nanos(INTERPRET_NANOS.load(std::sync::atomic::Ordering::Relaxed))
    );
    let shown: Vec<&String> = problems.iter().take(30).collect();
    assert!(
        problems.is_empty(),
        "{} differences, first ones:\n{}",
        problems.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// The embedded `descriptor.binpb` (the builtin options schema, used when a file does not load
/// descriptor.proto) is our own `proto/google/protobuf/descriptor.proto` compiled without source
/// info; `proto/check_wkt.py` proves that file's schema equals protoc's. To refresh it:
/// `python -m grpc_tools.protoc -I proto -o crates/protokit-compiler/src/options/descriptor.binpb
/// google/protobuf/descriptor.proto` from the repository root.
#[test]
fn embedded_descriptor_proto_is_ours() {
    let Some(_) = protoc_include() else {
        eprintln!("skipping embedded_descriptor_proto_is_ours: python grpc_tools (protoc) is not installed");
        return;
    };
    let out_file = unique_temp("descriptor");
    let status = Command::new("python")
        .args(["-m", "grpc_tools.protoc"])
        .arg(format!(
            "-I{}",
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../proto")
                .display()
        ))
        .arg(format!("-o{}", out_file.display()))
        .arg("google/protobuf/descriptor.proto")
        .status();
    assert!(status.is_ok_and(|s| s.success()), "protoc failed");
    let want = std::fs::read(&out_file).unwrap_or_default();
    let _ = std::fs::remove_file(&out_file);
    assert!(
        want == include_bytes!("../descriptor.binpb"),
        "src/options/descriptor.binpb is stale"
    );
}
