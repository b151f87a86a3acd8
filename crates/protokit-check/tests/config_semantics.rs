//! What a config means, end to end: each `fixtures/config/semantics/<case>/` is loaded with
//! [`load_workspace`], every module is compiled and linted with its [`LintConfig`], and the
//! findings must equal `buf lint --error-format json`'s on the same tree (skipped, with a
//! note, when buf is not installed).
//!
//! The cases cover what the config decides: v1 `ignore`/`ignore_only` (categories as keys),
//! `except`, `allow_comment_ignores`, `enum_zero_value_suffix`; no config (v1 rules, comment
//! ignores off); v1beta1 roots with root-relative paths and excludes; v2 modules with
//! top-level defaults, a module block that replaces them, excludes, buf.yaml-relative ignore
//! paths, `disallow_comment_ignores`, `service_suffix`; nested v2 modules (both lint the inner
//! files) and `includes`; the RPC and suffix options in v1beta1, v1 and v2; `disable_builtin`;
//! a v1 `buf.work.yaml`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use protokit_check::config::{load_workspace, path_matches, ModuleConfig};
use protokit_check::image::Image;
use protokit_check::{breaking, lint};
use protokit_compiler::compile::Compiler;
use protokit_compiler::resolver::{Embedded, FileResolverExt, InMemory};
use protokit_diagnostics::{Diagnostic, Position};

/// (path, start line, start column, end line, end column, rule)
type Finding = (String, u32, u32, u32, u32, String);

fn buf() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PROTOKIT_BUF") {
        return Some(PathBuf::from(p));
    }
    if Command::new("buf")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return Some(PathBuf::from("buf"));
    }
    let dev = PathBuf::from("/tmp/bufinst/node_modules/.bin/buf");
    dev.exists().then_some(dev)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// `.proto` files under `dir`, as `/`-separated paths relative to it.
fn protos(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() {
            name.clone()
        } else {
            format!("{prefix}/{name}")
        };
        if e.file_type().unwrap().is_dir() {
            protos(&e.path(), &rel, out);
        } else if name.ends_with(".proto") {
            out.push(rel);
        }
    }
}

fn join(a: &str, b: &str) -> String {
    match (a, b) {
        (".", b) => b.to_string(),
        (a, ".") => a.to_string(),
        (a, b) => format!("{a}/{b}"),
    }
}

/// Compiles module `m` of the workspace at `root`: the image, and each file's name as buf
/// prints it (workspace-relative).
fn compile_module(root: &Path, m: &ModuleConfig) -> (Image, BTreeMap<String, String>) {
    let mut files = InMemory::new();
    let mut names = Vec::new();
    let mut shown = BTreeMap::new();
    for r in &m.roots {
        let dir = join(&m.path, r);
        let mut found = Vec::new();
        protos(&root.join(&dir), "", &mut found);
        for name in found {
            let ws_path = join(&dir, &name);
            if m.excludes.iter().any(|e| path_matches(e, &ws_path)) {
                continue;
            }
            if !m.includes.is_empty() && !m.includes.iter().any(|i| path_matches(i, &ws_path)) {
                continue;
            }
            let text = std::fs::read_to_string(root.join(&ws_path)).unwrap();
            files.insert(name.as_str(), text.as_str());
            shown.insert(name.clone(), ws_path);
            names.push(name);
        }
    }
    let out = Compiler::new(files.or(Embedded))
        .include_source_info(true)
        .compile(&names)
        .unwrap_or_else(|e| panic!("module {}: {e:?}", m.path));
    (Image::from_compile_output(&out), shown)
}

fn finding(d: Diagnostic, shown: &BTreeMap<String, String>) -> Finding {
    let p = d.position.unwrap_or(Position {
        start_line: 1,
        start_column: 1,
        end_line: 1,
        end_column: 1,
    });
    (
        shown.get(&d.file).cloned().unwrap_or(d.file.clone()),
        p.start_line,
        p.start_column,
        p.end_line,
        p.end_column,
        d.rule.unwrap_or_default(),
    )
}

fn lint_module(root: &Path, m: &ModuleConfig) -> Vec<Finding> {
    let (image, shown) = compile_module(root, m);
    lint::run(&image, &m.lint)
        .unwrap()
        .into_iter()
        .map(|d| finding(d, &shown))
        .collect()
}

fn breaking_module(previous: &Path, current: &Path, m: &ModuleConfig) -> Vec<Finding> {
    let (prev, _) = compile_module(previous, m);
    let (cur, shown) = compile_module(current, m);
    breaking::run(&prev, &cur, &m.breaking, false)
        .unwrap()
        .into_iter()
        .map(|d| finding(d, &shown))
        .collect()
}

fn buf_findings(buf: &Path, dir: &Path, args: &[&str]) -> Vec<Finding> {
    let out = Command::new(buf)
        .args(args)
        .args(["--error-format", "json"])
        .current_dir(dir)
        .env("BUF_CACHE_DIR", dir.join(".cache"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        matches!(out.status.code(), Some(0 | 100)),
        "buf failed in {}: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let n = |k: &str| u32::try_from(v[k].as_u64().unwrap_or(0)).unwrap();
            (
                v["path"].as_str().unwrap().to_string(),
                n("start_line"),
                n("start_column"),
                n("end_line"),
                n("end_column"),
                v["type"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn configs_mean_what_they_mean_to_buf() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/config/semantics");
    let buf = buf();
    if buf.is_none() {
        eprintln!("buf not installed (set PROTOKIT_BUF): checking our side only");
    }
    let tmp = tempfile::tempdir().unwrap();
    let mut cases: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 8, "{cases:?}");
    std::thread::scope(|s| {
        for case in &cases {
            let (fixtures, tmp, buf) = (&fixtures, tmp.path(), &buf);
            s.spawn(move || {
                // a copy, so that no buf.yaml above the checkout takes part
                let dir = tmp.join(case);
                copy_dir(&fixtures.join(case), &dir);
                let ws = load_workspace(&dir).unwrap_or_else(|e| panic!("{case}: {e}"));
                let ours: BTreeSet<Finding> = ws
                    .modules
                    .iter()
                    .flat_map(|m| lint_module(&dir, m))
                    .collect();
                // (`disable_builtin` turns every builtin rule off: buf then warns that no
                // lint rules are configured and finds nothing.)
                assert_eq!(
                    ours.is_empty(),
                    case.contains("disable_builtin"),
                    "{case}: {ours:?}"
                );
                if let Some(buf) = buf {
                    let theirs: BTreeSet<Finding> =
                        buf_findings(buf, &dir, &["lint"]).into_iter().collect();
                    assert_eq!(
                        ours.iter().collect::<Vec<_>>(),
                        theirs.iter().collect::<Vec<_>>(),
                        "{case}: protokit (left) vs buf (right)"
                    );
                }
            });
        }
    });
}

/// The same for `breaking` blocks: `fixtures/config/semantics_breaking/<case>/{previous,current}`
/// against `buf breaking --against ../previous` (the config is the current tree's).
#[test]
fn breaking_configs_mean_what_they_mean_to_buf() {
    let fixtures =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/config/semantics_breaking");
    let buf = buf();
    let tmp = tempfile::tempdir().unwrap();
    let mut cases: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 3, "{cases:?}");
    for case in &cases {
        let dir = tmp.path().join(case);
        copy_dir(&fixtures.join(case), &dir);
        let (previous, current) = (dir.join("previous"), dir.join("current"));
        let ws = load_workspace(&current).unwrap_or_else(|e| panic!("{case}: {e}"));
        let ours: BTreeSet<Finding> = ws
            .modules
            .iter()
            .flat_map(|m| breaking_module(&previous, &current, m))
            .collect();
        assert!(!ours.is_empty(), "{case}: no findings at all");
        if let Some(buf) = &buf {
            let theirs: BTreeSet<Finding> =
                buf_findings(buf, &current, &["breaking", "--against", "../previous"])
                    .into_iter()
                    .collect();
            assert_eq!(
                ours.iter().collect::<Vec<_>>(),
                theirs.iter().collect::<Vec<_>>(),
                "{case}: protokit (left) vs buf (right)"
            );
        }
    }
}
