//! Shared helpers for protokit's integration tests (`tests/tests/*.rs`).
//!
//! # The binary under test
//!
//! [`protokit_bin`] is the path of the `protokit` binary to run, and [`protokit`] a
//! [`Command`] for it. This package builds the binary itself, as its `protokit-under-test`
//! target (the same `protokit_cli::main` as the `protokit` binary), so `cargo test` and
//! `cargo nextest run` always run a fresh binary and no test calls cargo. Set `PROTOKIT_BIN`
//! to test another binary (e.g. a release build).
//!
//! # Differential tests against protoc
//!
//! [`Protoc::find`] finds protoc 35.1 as shipped by `grpcio-tools`
//! (`python3 -m grpc_tools.protoc`; `PROTOKIT_PYTHON` picks another Python) and its directory
//! of well-known types; it returns `None` when grpcio-tools is not installed, and the test
//! should then print why it is skipped ([`skip`]) and return. [`Differential::run`] runs one
//! protoc command line with both tools, each writing its own descriptor set, and
//! [`Differential::assert_identical`] fails with a readable report when the exit codes or the
//! bytes differ: the first differing files, each decoded to text format by protoc and diffed.
//!
//! ```no_run
//! use protokit_tests::{skip, Differential, Protoc};
//!
//! let Some(protoc) = Protoc::find() else {
//!     return skip("grpcio-tools is not installed");
//! };
//! let dir = protokit_tests::workspace_root().join("fixtures/compiler/valid/proto3_fields");
//! let wkt = format!("-I{}", protoc.wkt_dir().display());
//! let run = Differential::run(
//!     protoc,
//!     &dir,
//!     &["-I.", &wkt, "--include_imports", "--include_source_info", "profile.proto"],
//! );
//! run.assert_identical(protoc);
//! ```
//!
//! Lower-level pieces: [`split_set`] (a descriptor set's files by name, as encoded),
//! [`file_mismatches`] (which files differ, with diffs) and [`text_diff`].

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;

/// The workspace root (the directory holding the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

/// The `protokit` binary to test: `PROTOKIT_BIN` if set, else this package's
/// `protokit-under-test` binary, found next to the running test executable (cargo and nextest
/// put test executables in `<target>/<profile>/deps/` and binaries in `<target>/<profile>/`).
pub fn protokit_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("PROTOKIT_BIN") {
        return PathBuf::from(bin);
    }
    let name = format!("protokit-under-test{}", std::env::consts::EXE_SUFFIX);
    for var in [
        "NEXTEST_BIN_EXE_protokit-under-test",
        "NEXTEST_BIN_EXE_protokit_under_test",
        "CARGO_BIN_EXE_protokit-under-test",
    ] {
        if let Some(path) = std::env::var_os(var) {
            return PathBuf::from(path);
        }
    }
    let exe = std::env::current_exe().expect("the test executable has a path");
    let mut dir = exe.parent();
    while let Some(d) = dir {
        let candidate = d.join(&name);
        if candidate.is_file() {
            return candidate;
        }
        dir = d.parent();
    }
    panic!(
        "cannot find {name} near {}: run the tests through cargo (it builds the binary) or set \
         PROTOKIT_BIN",
        exe.display()
    );
}

/// A command running the `protokit` binary ([`protokit_bin`]).
pub fn protokit() -> Command {
    Command::new(protokit_bin())
}

/// A finished command: exit code (`-1` when killed by a signal) and its output as text.
#[derive(Debug, PartialEq, Eq)]
pub struct Out {
    /// The exit code.
    pub code: i32,
    /// Standard output, lossily decoded.
    pub stdout: String,
    /// Standard error, lossily decoded.
    pub stderr: String,
}

/// The lines of `text`, sorted: for comparing output whose order is not fixed (protoc prints
/// a file's warnings in hash-set order).
pub fn sorted_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines.sort();
    lines
}

/// The `.proto` files below `dir`, as sorted `/`-separated paths relative to `dir`
/// (directories that cannot be read are skipped).
pub fn proto_files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "proto") {
                if let Ok(rel) = path.strip_prefix(root) {
                    let parts: Vec<String> = rel
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect();
                    out.push(parts.join("/"));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Runs `cmd` to completion and captures its [`Out`].
///
/// # Panics
/// When the command cannot be started.
pub fn output(cmd: &mut Command) -> Out {
    let out = cmd.output().expect("the command runs");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Writes `files` (relative path, text) under `root`, creating their directories.
///
/// # Panics
/// When a directory or file cannot be written (a broken test environment).
pub fn write_files(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().expect("a file has a parent")).expect("create dir");
        std::fs::write(p, text).expect("write file");
    }
}

/// Prints why a test does nothing and returns, for tests whose prerequisites are missing.
pub fn skip(reason: &str) {
    eprintln!("skipped: {reason}");
}

/// protoc 35.1 as shipped by grpcio-tools, and its directory of well-known types.
#[derive(Debug)]
pub struct Protoc {
    python: String,
    wkt: PathBuf,
}

impl Protoc {
    /// Finds protoc (once per process): `python3 -m grpc_tools.protoc`, or
    /// `$PROTOKIT_PYTHON -m grpc_tools.protoc`. `None` when grpcio-tools is not installed.
    pub fn find() -> Option<&'static Protoc> {
        static PROTOC: OnceLock<Option<Protoc>> = OnceLock::new();
        PROTOC.get_or_init(Protoc::locate).as_ref()
    }

    fn locate() -> Option<Protoc> {
        let python = std::env::var("PROTOKIT_PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let out = Command::new(&python)
            .args([
                "-c",
                "import grpc_tools,os;print(os.path.dirname(grpc_tools.__file__))",
            ])
            .stderr(Stdio::null())
            .output()
            .ok()?;
        if !out.status.success() {
            return None;
        }
        let dir = String::from_utf8(out.stdout).ok()?;
        let wkt = Path::new(dir.trim()).join("_proto");
        wkt.join("google/protobuf/descriptor.proto")
            .is_file()
            .then_some(Protoc { python, wkt })
    }

    /// The directory holding protoc's `google/protobuf/*.proto`.
    pub fn wkt_dir(&self) -> &Path {
        &self.wkt
    }

    /// A command running protoc; add protoc's arguments.
    pub fn command(&self) -> Command {
        let mut cmd = Command::new(&self.python);
        cmd.args(["-m", "grpc_tools.protoc"]);
        cmd
    }

    /// Decodes an encoded `FileDescriptorSet` to protoc's text format (custom options show as
    /// numbered unknown fields).
    pub fn decode_set(&self, bytes: &[u8]) -> Result<String, String> {
        let mut child = self
            .command()
            .arg("--decode=google.protobuf.FileDescriptorSet")
            .arg(format!("-I{}", self.wkt.display()))
            .arg("google/protobuf/descriptor.proto")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| e.to_string())?;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        let input = bytes.to_vec();
        let writer = std::thread::spawn(move || stdin.write_all(&input));
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        let _ = writer.join();
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).into_owned())
        }
    }

    /// A readable text form of an encoded descriptor set: protoc's text format, or prost's
    /// `Debug` output if protoc cannot decode it.
    pub fn describe_set(&self, bytes: &[u8]) -> String {
        match self.decode_set(bytes) {
            Ok(text) => text,
            Err(err) => {
                let decoded = <prost_types::FileDescriptorSet as prost::Message>::decode(bytes);
                format!("(protoc could not decode this: {err})\n{decoded:#?}\n")
            }
        }
    }
}

/// One run of one tool.
#[derive(Debug)]
pub struct Run {
    /// How it exited.
    pub status: ExitStatus,
    /// What it printed to standard output.
    pub stdout: Vec<u8>,
    /// What it printed to standard error.
    pub stderr: String,
    /// The descriptor set it wrote, if it wrote one.
    pub output: Option<Vec<u8>>,
}

fn run_command(mut cmd: Command, out_path: &Path) -> Run {
    let _ = std::fs::remove_file(out_path);
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    Run {
        status: out.status,
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        output: std::fs::read(out_path).ok(),
    }
}

/// The same protoc command line run by protoc and by `protokit protoc`.
#[derive(Debug)]
pub struct Differential {
    /// The arguments both got (before `-o`).
    pub args: Vec<String>,
    /// protoc's run.
    pub protoc: Run,
    /// protokit's run.
    pub protokit: Run,
}

impl Differential {
    /// Runs `protoc ARGS -o <temp>` and `protokit protoc ARGS -o <temp>` in directory `cwd`.
    /// `args` are protoc's arguments without the output flag.
    pub fn run<S: AsRef<OsStr>>(protoc: &Protoc, cwd: &Path, args: &[S]) -> Differential {
        let tmp = tempfile::tempdir().expect("create a temporary directory");
        let expected = tmp.path().join("protoc.binpb");
        let actual = tmp.path().join("protokit.binpb");

        let mut cmd = protoc.command();
        cmd.current_dir(cwd).args(args).arg("-o").arg(&expected);
        let protoc_run = run_command(cmd, &expected);

        let mut cmd = protokit();
        cmd.current_dir(cwd)
            .arg("protoc")
            .args(args)
            .arg("-o")
            .arg(&actual);
        let protokit_run = run_command(cmd, &actual);

        Differential {
            args: args
                .iter()
                .map(|a| a.as_ref().to_string_lossy().into_owned())
                .collect(),
            protoc: protoc_run,
            protokit: protokit_run,
        }
    }

    /// Whether both exited alike and, when they succeeded, wrote the same bytes.
    pub fn identical(&self) -> bool {
        self.protoc.status.success() == self.protokit.status.success()
            && self.protoc.output == self.protokit.output
    }

    /// A readable account of the differences: exit codes, standard error, and for the first
    /// `max_files` differing files a diff of their text forms.
    pub fn report(&self, protoc: &Protoc, max_files: usize) -> String {
        let mut r = String::new();
        let args = self.args.join(" ");
        let shown = if args.len() > 300 {
            format!("{}… ({} arguments)", &args[..300], self.args.len())
        } else {
            args
        };
        let _ = writeln!(r, "arguments: {shown}");
        let _ = writeln!(
            r,
            "protoc exited with {}, protokit with {}",
            self.protoc.status, self.protokit.status
        );
        for (who, run) in [("protoc", &self.protoc), ("protokit", &self.protokit)] {
            if !run.stderr.is_empty() {
                let _ = writeln!(r, "--- {who} stderr:\n{}", truncate_lines(&run.stderr, 40));
            }
        }
        if let (Some(expected), Some(actual)) = (&self.protoc.output, &self.protokit.output) {
            if expected != actual {
                r.push_str(&mismatch_report(protoc, expected, actual, max_files));
            }
        }
        r
    }

    /// Panics with [`Differential::report`] unless the runs are [identical](Self::identical).
    pub fn assert_identical(&self, protoc: &Protoc) {
        if !self.identical() {
            panic!("protokit differs from protoc\n{}", self.report(protoc, 5));
        }
    }
}

fn mismatch_report(protoc: &Protoc, expected: &[u8], actual: &[u8], max_files: usize) -> String {
    let mut r = String::new();
    let (e, a) = (split_set(expected), split_set(actual));
    let names = |set: &[(String, &[u8])]| set.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    if names(&e) != names(&a) {
        let _ = writeln!(
            r,
            "the sets hold different files or orders:\n{}",
            text_diff(&names(&e).join("\n"), &names(&a).join("\n"), 60)
        );
    }
    let mismatches = file_mismatches(protoc, expected, actual, max_files);
    let total = count_mismatches(&e, &a);
    let _ = writeln!(r, "{total} file(s) differ; the first {}:", mismatches.len());
    for m in mismatches {
        let _ = writeln!(r, "=== {}\n{}", m.name, m.diff);
    }
    r
}

fn count_mismatches(e: &[(String, &[u8])], a: &[(String, &[u8])]) -> usize {
    let actual: std::collections::HashMap<&str, &[u8]> =
        a.iter().map(|(n, b)| (n.as_str(), *b)).collect();
    e.iter()
        .filter(|(n, b)| actual.get(n.as_str()) != Some(b))
        .count()
}

/// One file that differs between two descriptor sets.
#[derive(Debug)]
pub struct FileMismatch {
    /// The file's name.
    pub name: String,
    /// A diff of its text forms (protoc's, then protokit's).
    pub diff: String,
}

/// The files of `expected` whose encoding differs in `actual` (or is missing there), at most
/// `max` of them, in `expected`'s order, each with a text diff.
pub fn file_mismatches(
    protoc: &Protoc,
    expected: &[u8],
    actual: &[u8],
    max: usize,
) -> Vec<FileMismatch> {
    let actual_files: std::collections::HashMap<String, &[u8]> =
        split_set(actual).into_iter().collect();
    let mut out = Vec::new();
    for (name, bytes) in split_set(expected) {
        if out.len() == max {
            break;
        }
        let other = actual_files.get(&name).copied();
        if other == Some(bytes) {
            continue;
        }
        let expected_text = protoc.describe_set(&wrap_file(bytes));
        let actual_text = match other {
            Some(b) => protoc.describe_set(&wrap_file(b)),
            None => "(missing)\n".to_string(),
        };
        let mut diff = text_diff(&expected_text, &actual_text, 120);
        if diff.is_empty() {
            diff = "(same text form; the difference is in field order or encoding)".into();
        }
        out.push(FileMismatch { name, diff });
    }
    out
}

/// A `FileDescriptorSet` holding one encoded `FileDescriptorProto`.
fn wrap_file(file: &[u8]) -> Vec<u8> {
    let mut out = vec![0x0a];
    prost::encoding::encode_varint(file.len() as u64, &mut out);
    out.extend_from_slice(file);
    out
}

/// The files of an encoded `FileDescriptorSet`: (name, encoded `FileDescriptorProto`), in
/// order. Malformed input ends the list early.
pub fn split_set(set: &[u8]) -> Vec<(String, &[u8])> {
    let mut out = Vec::new();
    let mut buf = set;
    while !buf.is_empty() {
        let Ok(key) = prost::encoding::decode_varint(&mut buf) else {
            break;
        };
        if key != 0x0a {
            break;
        }
        let Ok(len) = prost::encoding::decode_varint(&mut buf) else {
            break;
        };
        let Some((file, rest)) = buf.split_at_checked(len as usize) else {
            break;
        };
        out.push((file_name(file).unwrap_or_default(), file));
        buf = rest;
    }
    out
}

/// `FileDescriptorProto.name` (field 1) of an encoded file.
fn file_name(mut file: &[u8]) -> Option<String> {
    while !file.is_empty() {
        let key = prost::encoding::decode_varint(&mut file).ok()?;
        let (field, wire) = (key >> 3, key & 7);
        match wire {
            0 => {
                prost::encoding::decode_varint(&mut file).ok()?;
            }
            1 => file = file.get(8..)?,
            5 => file = file.get(4..)?,
            2 => {
                let len = prost::encoding::decode_varint(&mut file).ok()? as usize;
                let (value, rest) = file.split_at_checked(len)?;
                if field == 1 {
                    return String::from_utf8(value.to_vec()).ok();
                }
                file = rest;
            }
            _ => return None,
        }
    }
    None
}

/// A unified line diff of `expected` (labelled protoc) and `actual` (labelled protokit), cut
/// after `max_lines` lines. Empty when the texts are equal.
pub fn text_diff(expected: &str, actual: &str, max_lines: usize) -> String {
    if expected == actual {
        return String::new();
    }
    // Large, very different texts make an exact diff slow; a coarser one is fine for a report.
    let diff = similar::TextDiff::configure()
        .timeout(std::time::Duration::from_secs(2))
        .diff_lines(expected, actual);
    let diff = diff
        .unified_diff()
        .context_radius(4)
        .header("protoc", "protokit")
        .to_string();
    truncate_lines(&diff, max_lines)
}

fn truncate_lines(text: &str, max: usize) -> String {
    let count = text.lines().count();
    if count <= max {
        return text.to_string();
    }
    let mut out: String = text.lines().take(max).collect::<Vec<_>>().join("\n");
    let _ = write!(out, "\n… ({} more lines)", count - max);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sets_by_file() {
        use prost::Message;
        let set = prost_types::FileDescriptorSet {
            file: vec![
                prost_types::FileDescriptorProto {
                    name: Some("a.proto".into()),
                    package: Some("x".into()),
                    ..Default::default()
                },
                prost_types::FileDescriptorProto {
                    syntax: Some("proto3".into()),
                    name: Some("b.proto".into()),
                    ..Default::default()
                },
            ],
        };
        let bytes = set.encode_to_vec();
        let files = split_set(&bytes);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["a.proto", "b.proto"]);
        assert_eq!(wrap_file(files[0].1), {
            let one = prost_types::FileDescriptorSet {
                file: vec![set.file[0].clone()],
            };
            one.encode_to_vec()
        });
    }

    #[test]
    fn diffs_are_labelled_and_cut() {
        assert_eq!(text_diff("a\n", "a\n", 10), "");
        let d = text_diff("a\nb\n", "a\nc\n", 10);
        assert!(d.contains("--- protoc") && d.contains("+c"), "{d}");
        assert!(text_diff(&"x\n".repeat(100), "", 5).contains("more lines"));
    }
}

/// buf 1.75.0, the reference for lint and breaking tests: `PROTOKIT_BUF` if set, else `buf`
/// on `PATH` when it reports version 1.75.0, else the npm install that `.ci/run` and local
/// set-ups use (`/tmp/bufinst/node_modules/.bin/buf`). `None` when none is found; the test
/// should then [`skip`].
pub fn buf_bin() -> Option<PathBuf> {
    static BUF: OnceLock<Option<PathBuf>> = OnceLock::new();
    BUF.get_or_init(|| {
        let candidates: Vec<PathBuf> = std::env::var_os("PROTOKIT_BUF")
            .map(PathBuf::from)
            .into_iter()
            .chain([
                PathBuf::from("buf"),
                PathBuf::from("/tmp/bufinst/node_modules/.bin/buf"),
            ])
            .collect();
        candidates.into_iter().find(|c| {
            Command::new(c).arg("--version").output().is_ok_and(|o| {
                o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == "1.75.0"
            })
        })
    })
    .clone()
}

/// One finding of `buf lint --error-format json` (or `protokit lint`'s), the fields the
/// differential tests compare.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct LintFinding {
    /// `path`.
    pub path: String,
    /// `start_line`, `start_column`, `end_line`, `end_column` (0 when absent).
    pub range: [u64; 4],
    /// `type`: the rule ID, or `COMPILE`.
    pub rule: String,
    /// `message`.
    pub message: String,
}

impl std::fmt::Display for LintFinding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [sl, sc, el, ec] = self.range;
        write!(
            f,
            "{}:{sl}:{sc}-{el}:{ec} {} {}",
            self.path, self.rule, self.message
        )
    }
}

/// Parses JSON-lines lint output. Lines that are not JSON objects fail with the line.
pub fn parse_lint_json(text: &str) -> Result<Vec<LintFinding>, String> {
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{e}: {line}"))?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let n = |k: &str| v.get(k).and_then(|x| x.as_u64()).unwrap_or(0);
        out.push(LintFinding {
            path: s("path"),
            range: [
                n("start_line"),
                n("start_column"),
                n("end_line"),
                n("end_column"),
            ],
            rule: s("type"),
            message: s("message"),
        });
    }
    Ok(out)
}

/// A readable report of the differences between two finding lists (each sorted first), at
/// most `max` lines of each side; empty when they are equal.
pub fn finding_diff(expected: &[LintFinding], actual: &[LintFinding], max: usize) -> String {
    use std::collections::BTreeSet;
    let e: BTreeSet<&LintFinding> = expected.iter().collect();
    let a: BTreeSet<&LintFinding> = actual.iter().collect();
    let mut out = String::new();
    let missing: Vec<_> = e.difference(&a).collect();
    let extra: Vec<_> = a.difference(&e).collect();
    if missing.is_empty() && extra.is_empty() && expected.len() == actual.len() {
        return out;
    }
    let _ = writeln!(
        out,
        "{} expected, {} actual; {} missing, {} unexpected",
        expected.len(),
        actual.len(),
        missing.len(),
        extra.len()
    );
    for m in missing.iter().take(max) {
        let _ = writeln!(out, "- {m}");
    }
    for x in extra.iter().take(max) {
        let _ = writeln!(out, "+ {x}");
    }
    out
}

/// buf's recorded answer for a lint or breaking fixture directory: the findings in
/// `dir/buf.json` and the exit code in `dir/buf.exit` (-1 when that file is missing).
///
/// # Errors
/// A one-line problem report naming the fixture when `buf.json` is missing or not JSON lines.
pub fn recorded_buf(dir: &Path) -> Result<(Vec<LintFinding>, i32), String> {
    let name = dir.file_name().unwrap_or_default().to_string_lossy();
    let recorded = std::fs::read_to_string(dir.join("buf.json"))
        .map_err(|_| format!("{name}: no buf.json recording\n"))?;
    let exit = std::fs::read_to_string(dir.join("buf.exit"))
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(-1);
    let findings = parse_lint_json(&recorded).map_err(|e| format!("{name}: buf.json: {e}\n"))?;
    Ok((findings, exit))
}

/// Runs `check` on every directory of `dirs` on up to 8 threads and concatenates what it
/// returns (problem reports; empty strings for fixtures that pass), in `dirs` order.
pub fn check_dirs_in_parallel(dirs: &[PathBuf], check: impl Fn(&Path) -> String + Sync) -> String {
    if dirs.is_empty() {
        return String::new();
    }
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .min(8);
    let check = &check;
    std::thread::scope(|s| {
        let handles: Vec<_> = dirs
            .chunks(dirs.len().div_ceil(threads))
            .map(|chunk| s.spawn(move || chunk.iter().map(|d| check(d)).collect::<String>()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
