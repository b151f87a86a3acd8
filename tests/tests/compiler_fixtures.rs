//! Differential test of the compiler against protoc 35.1.
//!
//! Every directory under `fixtures/compiler/valid/` is compiled twice, with the same
//! arguments, run from inside the directory:
//!
//! ```text
//! python3 -m grpc_tools.protoc -I. -I<grpc_tools>/_proto --include_imports --include_source_info -o protoc.pb <files>
//! protokit protoc              -I. -I<grpc_tools>/_proto --include_imports --include_source_info -o protokit.pb <files>
//! ```
//!
//! where `<files>` are all `.proto` files below the directory, sorted. Both tools read the
//! well-known types from protoc's own `_proto` directory, so the texts are the same. The two
//! FileDescriptorSets must be byte-identical; on a mismatch the test prints a diff of both
//! sets decoded to text by protoc.
//!
//! Environment:
//! - `PROTOKIT_BIN`: the `protokit` binary to test (default: build `protokit-cli` and use
//!   `target/debug/protokit`).
//! - `PROTOKIT_PYTHON`: the Python that has `grpcio-tools` (default `python3`). Without
//!   grpcio-tools the test is skipped with a message.
//! - `PROTOKIT_FIXTURE`: only run fixture directories whose name contains this text.
//! - `PROTOKIT_ALLOW_COMPILER_GAPS=1`: report mismatches without failing (while the compiler
//!   is being built).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// protoc as shipped by grpcio-tools, and the directory of its well-known types.
struct Protoc {
    python: String,
    wkt: PathBuf,
}

impl Protoc {
    fn find() -> Option<Protoc> {
        let python = std::env::var("PROTOKIT_PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let out = Command::new(&python)
            .args([
                "-c",
                "import grpc_tools,os;print(os.path.dirname(grpc_tools.__file__))",
            ])
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

    fn command(&self) -> Command {
        let mut cmd = Command::new(&self.python);
        cmd.args(["-m", "grpc_tools.protoc"]);
        cmd
    }

    /// Decodes a serialized FileDescriptorSet to protoc's text format.
    fn decode(&self, bytes: &[u8]) -> String {
        let mut child = self
            .command()
            .arg(format!("-I{}", self.wkt.display()))
            .args([
                "--decode=google.protobuf.FileDescriptorSet",
                "google/protobuf/descriptor.proto",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run protoc --decode");
        let mut stdin = child.stdin.take().expect("stdin");
        let input = bytes.to_vec();
        let writer = std::thread::spawn(move || {
            // protoc may stop reading early on bad input; a broken pipe is fine.
            let _ = stdin.write_all(&input);
        });
        let out = child.wait_with_output().expect("protoc --decode output");
        writer.join().expect("stdin writer");
        if out.status.success() {
            String::from_utf8_lossy(&out.stdout).into_owned()
        } else {
            format!(
                "<protoc could not decode these {} bytes as a FileDescriptorSet: {}>\n",
                bytes.len(),
                String::from_utf8_lossy(&out.stderr).trim()
            )
        }
    }
}

/// The `protokit` binary: `PROTOKIT_BIN`, or `target/debug/protokit` after building it.
fn protokit_bin() -> PathBuf {
    if let Some(bin) = std::env::var_os("PROTOKIT_BIN") {
        return PathBuf::from(bin);
    }
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args([
            "build",
            "--quiet",
            "-p",
            "protokit-cli",
            "--bin",
            "protokit",
        ])
        .status()
        .expect("run cargo build -p protokit-cli");
    assert!(status.success(), "cargo build -p protokit-cli failed");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let bin = target
        .join("debug")
        .join(format!("protokit{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.is_file(), "{} was not built", bin.display());
    bin
}

/// All `.proto` files below `dir`, as sorted `/`-separated paths relative to it.
fn proto_files(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read fixture dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else if path.extension().is_some_and(|e| e == "proto") {
                let rel = path.strip_prefix(root).expect("below root");
                let parts: Vec<_> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn fixture_dirs() -> Vec<PathBuf> {
    let valid = workspace_root().join("fixtures/compiler/valid");
    let filter = std::env::var("PROTOKIT_FIXTURE").ok();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&valid)
        .unwrap_or_else(|e| panic!("read {}: {e}", valid.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .filter(|p| {
            filter
                .as_deref()
                .is_none_or(|f| p.file_name().unwrap().to_string_lossy().contains(f))
        })
        .collect();
    dirs.sort();
    dirs
}

fn describe_failure(what: &str, out: &Output) -> String {
    format!(
        "{what} exited with {}\n--- stderr ---\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Compiles one fixture directory with both tools; `Err` holds a readable report.
fn check_dir(protoc: &Protoc, protokit: &Path, dir: &Path) -> Result<(), String> {
    let files = proto_files(dir);
    if files.is_empty() {
        return Err("no .proto files".to_owned());
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let args = |out: &Path| -> Vec<String> {
        let mut args = vec![
            "-I.".to_owned(),
            format!("-I{}", protoc.wkt.display()),
            "--include_imports".to_owned(),
            "--include_source_info".to_owned(),
            "-o".to_owned(),
            out.display().to_string(),
        ];
        args.extend(files.iter().cloned());
        args
    };

    let protoc_pb = tmp.path().join("protoc.pb");
    let out = protoc
        .command()
        .current_dir(dir)
        .args(args(&protoc_pb))
        .output()
        .expect("run protoc");
    if !out.status.success() {
        return Err(describe_failure(
            "protoc (the fixture itself is broken)",
            &out,
        ));
    }
    let expected = std::fs::read(&protoc_pb).expect("read protoc output");

    let ours_pb = tmp.path().join("protokit.pb");
    let out = Command::new(protokit)
        .current_dir(dir)
        .arg("protoc")
        .args(args(&ours_pb))
        .output()
        .expect("run protokit");
    if !out.status.success() {
        return Err(describe_failure("protokit protoc", &out));
    }
    let actual = std::fs::read(&ours_pb).map_err(|e| {
        format!(
            "protokit protoc succeeded but wrote no {}: {e}",
            ours_pb.display()
        )
    })?;
    if actual == expected {
        return Ok(());
    }

    let want = protoc.decode(&expected);
    let got = protoc.decode(&actual);
    let mut report = format!(
        "descriptor sets differ: protoc wrote {} bytes, protokit {} bytes",
        expected.len(),
        actual.len()
    );
    if want == got {
        report.push_str(
            "\n(their text forms are equal: the difference is in field order, packing or \
             encoding of unknown fields/options)",
        );
        let first = expected
            .iter()
            .zip(&actual)
            .position(|(a, b)| a != b)
            .unwrap_or(expected.len().min(actual.len()));
        let _ = write!(report, "\nfirst differing byte at offset {first}");
    } else {
        let diff = similar::TextDiff::from_lines(&want, &got);
        let _ = write!(
            report,
            "\n{}",
            diff.unified_diff()
                .context_radius(4)
                .header("protoc", "protokit")
        );
    }
    Err(report)
}

#[test]
fn valid_fixtures_match_protoc_byte_for_byte() {
    let Some(protoc) = Protoc::find() else {
        eprintln!(
            "SKIPPED valid_fixtures_match_protoc_byte_for_byte: grpcio-tools is not installed \
             (pip install grpcio-tools==1.85.1, which ships protoc 35.1), or set PROTOKIT_PYTHON"
        );
        return;
    };
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no fixture directories found");
    let protokit = protokit_bin();

    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        match check_dir(&protoc, &protokit, dir) {
            Ok(()) => eprintln!("ok        {name}"),
            Err(report) => {
                eprintln!("MISMATCH  {name}");
                failures.push((name, report));
            }
        }
    }

    let mut summary = String::new();
    for (name, report) in &failures {
        let _ = writeln!(
            summary,
            "\n==== fixtures/compiler/valid/{name} ====\n{report}"
        );
    }
    let _ = writeln!(
        summary,
        "\n{} of {} fixture directories byte-identical to protoc; failing: {}",
        dirs.len() - failures.len(),
        dirs.len(),
        failures
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    eprintln!("{summary}");
    if !failures.is_empty() && std::env::var_os("PROTOKIT_ALLOW_COMPILER_GAPS").is_none() {
        panic!(
            "{} fixture directories differ from protoc (see above)",
            failures.len()
        );
    }
}
