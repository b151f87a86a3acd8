//! Differential test against protoc: every `.proto` at the top of
//! `fixtures/compiler/options/` is compiled by protoc; its options are then "un-interpreted"
//! (each option statement is re-read from the source text at protoc's location for it) and
//! interpreted again here. Encoded options and source locations must come out identical.

use std::path::{Path, PathBuf};
use std::process::Command;

use prost::Message as _;
use protokit_diagnostics::Span;

use super::super::{interpret_file_options, visit_options, ListSchema, UNINTERPRETED_OPTION};
use super::text::parse_option;
use crate::descriptor::{FileDescriptorProto, FileDescriptorSet};
use crate::source_info::Location;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/compiler/options")
}

/// The include directory of grpc_tools' bundled well-known types, or `None` without protoc.
fn protoc_include() -> Option<PathBuf> {
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
    let out_file = std::env::temp_dir().join(format!(
        "protokit-options-{}-{}.pb",
        std::process::id(),
        file.replace('/', "_")
    ));
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
    FileDescriptorSet::decode(&bytes[..]).map_err(|e| e.to_string())
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
    let mut problems = Vec::new();
    let set = match compile(dir, include, name) {
        Ok(s) => s,
        Err(e) => return vec![format!("{name}: protoc failed: {e}")],
    };
    for (i, expected) in set.file.iter().enumerate() {
        let fname = expected.name().to_string();
        if fname.starts_with("google/protobuf/") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(dir.join(&fname)) else {
            continue;
        };
        let (mut file, mut locations) = uninterpret(expected, &text);
        let others: Vec<&FileDescriptorProto> = set
            .file
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, f)| f)
            .collect();
        let schema = ListSchema::new(&others, &file);
        let errors = interpret_file_options(&mut file, &mut locations, &fname, &schema);
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
    problems
}

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
