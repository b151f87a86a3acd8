//! Differential tests on real-world `.proto` trees we did not write: the sources of the
//! crates.io packages named in `tests/corpora/Cargo.toml`, which `.ci/run` fetches with
//! `cargo fetch` (never builds). Each test is skipped, with a message, when its tree or its
//! reference tool is missing.
//!
//! - **envoy-types 0.7.7** (Envoy's data-plane API and its dependencies, ~500 files):
//!   compiled in one run by protoc 35.1 and `protokit protoc` (same bytes, same warnings);
//!   `buf lint` and `protokit lint` (same findings); and, after deterministic edits to files
//!   no other file imports (fields deleted, renumbered, renamed, `string`↔`bytes`), `buf
//!   breaking` and `protokit breaking` for each of FILE, PACKAGE, WIRE_JSON and WIRE against
//!   the unedited tree (same findings).
//! - **protobuf-src 2.1.1** (protobuf 27.1's sources): each of its ~320 `.proto` files (proto2,
//!   proto3 and editions test files, custom options, groups) compiled alone by both compilers:
//!   same exit status; on success the same bytes and warnings, on failure protoc's first error
//!   line among ours.
//!
//! Findings and warnings are compared as sorted lines. Environment: `PROTOKIT_ENVOY`,
//! `PROTOKIT_PROTOBUF_SRC` (the trees' directories, instead of asking cargo where the fetched
//! packages are), and what `protokit_tests::buf_bin` and `Protoc::find` read.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use protokit_tests::{
    buf_bin, check_dirs_in_parallel, output, protokit, skip, sorted_lines, workspace_root,
    Differential, Protoc,
};

/// The import roots of envoy-types' `proto/` directory, as its own build uses them.
const ENVOY_ROOTS: [&str; 8] = [
    "data-plane-api",
    "xds",
    "protoc-gen-validate",
    "googleapis",
    "cel-spec/proto",
    "client_model",
    "opentelemetry-proto",
    "ratelimit",
];

/// The directory of a fetched package of `tests/corpora/Cargo.toml` (asking cargo, offline).
fn package_dir(name: &str) -> Option<PathBuf> {
    static PACKAGES: OnceLock<Vec<(String, PathBuf)>> = OnceLock::new();
    let packages = PACKAGES.get_or_init(|| {
        let manifest = workspace_root().join("tests/corpora/Cargo.toml");
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let Ok(out) = Command::new(cargo)
            .args([
                "metadata",
                "--format-version",
                "1",
                "--offline",
                "--manifest-path",
            ])
            .arg(&manifest)
            .output()
        else {
            return Vec::new();
        };
        let Ok(json) = serde_json::from_slice::<serde_json::Value>(&out.stdout) else {
            return Vec::new();
        };
        json["packages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let manifest = Path::new(p["manifest_path"].as_str()?);
                Some((
                    p["name"].as_str()?.to_string(),
                    manifest.parent()?.to_path_buf(),
                ))
            })
            .collect()
    });
    packages
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, d)| d.clone())
}

fn tree(env: &str, package: &str, sub: &str) -> Option<PathBuf> {
    let dir = match std::env::var_os(env) {
        Some(d) => PathBuf::from(d),
        None => package_dir(package)?.join(sub),
    };
    dir.is_dir().then_some(dir)
}

fn envoy() -> Option<PathBuf> {
    tree("PROTOKIT_ENVOY", "envoy-types", "proto")
}

fn protobuf_src() -> Option<PathBuf> {
    tree("PROTOKIT_PROTOBUF_SRC", "protobuf-src", "protobuf")
}

/// `.proto` files below `root/dir`, as sorted `/`-separated paths relative to `root`.
fn protos(root: &Path, dir: &str) -> Vec<String> {
    let files = protokit_tests::proto_files(&root.join(dir));
    if dir == "." {
        return files;
    }
    files.into_iter().map(|f| format!("{dir}/{f}")).collect()
}

/// The lines only in `a` and only in `b` (the first few of each), for failure messages.
fn line_diff(a: &[String], b: &[String]) -> String {
    let (sa, sb): (BTreeSet<&String>, BTreeSet<&String>) = (a.iter().collect(), b.iter().collect());
    let only_a: Vec<&&String> = sa.difference(&sb).take(10).collect();
    let only_b: Vec<&&String> = sb.difference(&sa).take(10).collect();
    format!(
        "{} lines vs {}; only in the first: {only_a:#?}\nonly in the second: {only_b:#?}",
        a.len(),
        b.len()
    )
}

#[test]
fn envoy_compiles_like_protoc() {
    let Some(root) = envoy() else {
        return skip(
            "envoy-types is not fetched (cargo fetch --manifest-path tests/corpora/Cargo.toml)",
        );
    };
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (python3 -m grpc_tools.protoc) is not installed");
    };
    let mut args: Vec<String> = ENVOY_ROOTS.iter().map(|r| format!("-I{r}")).collect();
    // Both read protoc's own well-known-type texts (ours are written differently).
    args.push(format!("-I{}", protoc.wkt_dir().display()));
    args.extend(["--include_imports".into(), "--include_source_info".into()]);
    let files = protos(&root, "data-plane-api/envoy");
    assert!(files.len() > 400, "{} files", files.len());
    args.extend(files);
    let run = Differential::run(protoc, &root, &args);
    assert!(run.protoc.status.success(), "{}", run.protoc.stderr);
    assert!(run.identical(), "{}", run.report(protoc, 5));
    let (expected, actual) = (
        sorted_lines(&run.protoc.stderr),
        sorted_lines(&run.protokit.stderr),
    );
    assert!(expected == actual, "{}", line_diff(&expected, &actual));
}

/// Copies the tree `from` to `to` (files and directories only).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            copy_tree(&src, &dst);
        } else if src.is_file() {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

fn envoy_workspace(root: &Path, dir: &Path, breaking: &str) {
    copy_tree(root, dir);
    let mut yaml = String::from("version: v2\nmodules:\n");
    for r in ENVOY_ROOTS {
        yaml.push_str(&format!("  - path: {r}\n"));
    }
    yaml.push_str("lint:\n  use:\n    - STANDARD\n    - COMMENTS\n");
    yaml.push_str(&format!("breaking:\n  use:\n    - {breaking}\n"));
    std::fs::write(dir.join("buf.yaml"), yaml).unwrap();
}

/// Edits fields of files no other file imports, deterministically: every third such file gets
/// its first plain field line (`type name = N;`, not a map) deleted, renumbered, renamed or
/// switched between `string` and `bytes`. Returns the edited files.
fn edit_leaf_files(dir: &Path) -> Vec<String> {
    let files = protos(dir, "data-plane-api/envoy");
    let mut imported = BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(dir.join(f)).unwrap();
        for line in text.lines() {
            if let Some(rest) = line.trim().strip_prefix("import ") {
                if let Some(name) = rest.split('"').nth(1) {
                    imported.insert(format!("data-plane-api/{name}"));
                }
            }
        }
    }
    let mut edited = Vec::new();
    for (n, f) in files
        .iter()
        .filter(|f| !imported.contains(*f))
        .enumerate()
        .filter(|(i, _)| i % 3 == 0)
    {
        let path = dir.join(f);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
        let field = lines.iter().position(|l| {
            let t = l.trim();
            let words: Vec<&str> = t.split_whitespace().collect();
            l.starts_with("  ")
                && t.ends_with(';')
                && !t.contains("map<")
                && words.len() >= 4
                && words[2] == "="
                && words[0]
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '_')
        });
        let Some(i) = field else { continue };
        let line = lines[i].clone();
        lines[i] = match n % 4 {
            0 => String::new(),
            1 => {
                let (head, tail) = line.split_once("= ").unwrap();
                let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
                let number: u32 = digits.parse().unwrap_or(1);
                format!("{head}= {}{}", number + 1000, &tail[digits.len()..])
            }
            2 => line.replacen(" = ", "_renamed = ", 1),
            _ if line.trim_start().starts_with("string ") => line.replacen("string ", "bytes ", 1),
            _ if line.trim_start().starts_with("bytes ") => line.replacen("bytes ", "string ", 1),
            _ => String::new(),
        };
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        edited.push(f.clone());
    }
    edited
}

#[test]
fn envoy_lint_and_breaking_match_buf() {
    let Some(root) = envoy() else {
        return skip(
            "envoy-types is not fetched (cargo fetch --manifest-path tests/corpora/Cargo.toml)",
        );
    };
    let Some(buf) = buf_bin() else {
        return skip("buf is not installed");
    };
    let tmp = tempfile::tempdir().unwrap();
    let (current, against) = (tmp.path().join("current"), tmp.path().join("against"));
    envoy_workspace(&root, &current, "FILE");
    envoy_workspace(&root, &against, "FILE");

    let lint = |tool: &mut Command| {
        output(
            tool.current_dir(&current)
                .args(["lint", "--error-format", "json"]),
        )
    };
    let theirs = lint(&mut Command::new(&buf));
    let ours = lint(&mut protokit());
    assert_eq!(
        ours.code, theirs.code,
        "lint exit status; ours: {}",
        ours.stderr
    );
    let (expected, actual) = (sorted_lines(&theirs.stdout), sorted_lines(&ours.stdout));
    assert!(
        expected.len() > 1000,
        "buf found {} lint issues",
        expected.len()
    );
    assert!(
        expected == actual,
        "lint: {}",
        line_diff(&expected, &actual)
    );

    let edited = edit_leaf_files(&current);
    assert!(edited.len() > 20, "{} files edited", edited.len());
    // An edit that breaks compilation (a oneof left empty, a name an option refers to) is
    // undone.
    let against_path = against.to_string_lossy().into_owned();
    for _ in 0..3 {
        let run = output(protokit().current_dir(&current).args([
            "breaking",
            "--against",
            &against_path,
            "--error-format",
            "json",
        ]));
        let broken: BTreeSet<String> = run
            .stdout
            .lines()
            .filter(|l| l.contains("\"type\":\"COMPILE\""))
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["path"].as_str().map(str::to_owned))
            .collect();
        if broken.is_empty() {
            break;
        }
        for f in broken {
            std::fs::copy(against.join(&f), current.join(&f)).unwrap();
        }
    }
    for category in ["FILE", "PACKAGE", "WIRE_JSON", "WIRE"] {
        for dir in [&current, &against] {
            let yaml = std::fs::read_to_string(dir.join("buf.yaml")).unwrap();
            let head = yaml.split("breaking:").next().unwrap();
            std::fs::write(
                dir.join("buf.yaml"),
                format!("{head}breaking:\n  use:\n    - {category}\n"),
            )
            .unwrap();
        }
        let breaking = |tool: &mut Command| {
            output(tool.current_dir(&current).args([
                "breaking",
                "--against",
                &against_path,
                "--error-format",
                "json",
            ]))
        };
        let theirs = breaking(&mut Command::new(&buf));
        let ours = breaking(&mut protokit());
        assert_eq!(
            ours.code, theirs.code,
            "{category}: exit status; ours: {}",
            ours.stderr
        );
        let (expected, actual) = (sorted_lines(&theirs.stdout), sorted_lines(&ours.stdout));
        assert!(
            expected.len() > 20 && !expected.iter().any(|l| l.contains("\"COMPILE\"")),
            "{category}: buf reported {expected:#?}"
        );
        assert!(
            expected == actual,
            "{category}: {}",
            line_diff(&expected, &actual)
        );
    }
}

#[test]
fn protobuf_test_protos_compile_like_protoc() {
    let Some(root) = protobuf_src() else {
        return skip(
            "protobuf-src is not fetched (cargo fetch --manifest-path tests/corpora/Cargo.toml)",
        );
    };
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (python3 -m grpc_tools.protoc) is not installed");
    };
    // Paths relative to the protobuf tree; `src/` is an import root, like `.`.
    let files: Vec<PathBuf> = protos(&root, ".").into_iter().map(PathBuf::from).collect();
    assert!(files.len() > 300, "{} files", files.len());
    let wkt = format!("-I{}", protoc.wkt_dir().display());
    let report = check_dirs_in_parallel(&files, |file| {
        let file = file.to_string_lossy();
        let (cwd, name) = match file.strip_prefix("src/") {
            Some(rest) => (root.join("src"), rest.to_string()),
            None => (root.clone(), file.to_string()),
        };
        let args = [
            "-I.",
            "-Isrc",
            &wkt,
            "--include_imports",
            "--include_source_info",
            &name,
        ];
        let run = Differential::run(protoc, &cwd, &args);
        let status = (run.protoc.status.success(), run.protokit.status.success());
        let mut out = String::new();
        match status {
            (true, true) => {
                if !run.identical() {
                    out = format!("{file}: outputs differ\n{}", run.report(protoc, 2));
                } else if sorted_lines(&run.protoc.stderr) != sorted_lines(&run.protokit.stderr) {
                    out = format!(
                        "{file}: warnings differ\n{}",
                        line_diff(
                            &sorted_lines(&run.protoc.stderr),
                            &sorted_lines(&run.protokit.stderr)
                        )
                    );
                }
            }
            (false, false) => {
                let first = run.protoc.stderr.lines().next().unwrap_or_default();
                if !run.protokit.stderr.lines().any(|l| l == first) {
                    out = format!(
                        "{file}: protoc's first error {first:?} is not among ours:\n{}",
                        run.protokit.stderr
                    );
                }
            }
            _ => {
                out = format!(
                    "{file}: protoc {} but protokit {}\nprotoc: {}\nprotokit: {}",
                    if status.0 { "accepts it" } else { "rejects it" },
                    if status.1 { "accepts it" } else { "rejects it" },
                    run.protoc.stderr,
                    run.protokit.stderr
                );
            }
        }
        if out.is_empty() {
            out
        } else {
            out + "\n"
        }
    });
    assert!(report.is_empty(), "{report}");
}
