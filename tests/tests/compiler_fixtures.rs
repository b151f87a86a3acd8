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
//! FileDescriptorSets must be byte-identical, and so must the sets written with
//! `--retain_options` and without `--include_imports` (the inputs in protoc's order) and the
//! lines of `--print_free_field_numbers`; both tools must print the same
//! warnings (compared as sorted lines). On a mismatch the test prints a diff of both sets
//! decoded to text by protoc.
//!
//! Environment:
//! - `PROTOKIT_BIN`: the `protokit` binary to test (default: this package's
//!   `protokit-under-test`, see `protokit_tests::protokit_bin`).
//! - `PROTOKIT_PYTHON`: the Python that has `grpcio-tools` (default `python3`). Without
//!   grpcio-tools the test is skipped with a message.
//! - `PROTOKIT_FIXTURE`: only run fixture directories whose name contains this text.
//! - `PROTOKIT_ALLOW_COMPILER_GAPS=1`: report mismatches without failing (while the compiler
//!   is being built).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use protokit_tests::{skip, workspace_root, Differential, Protoc};

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

/// Compiles one fixture directory with both tools; `Err` holds a readable report.
fn check_dir(protoc: &Protoc, dir: &Path) -> Result<(), String> {
    let files = protokit_tests::proto_files(dir);
    if files.is_empty() {
        return Err("no .proto files".to_owned());
    }
    let mut args = vec![
        "-I.".to_owned(),
        format!("-I{}", protoc.wkt_dir().display()),
        "--include_imports".to_owned(),
        "--include_source_info".to_owned(),
    ];
    args.extend(files);
    let run = Differential::run(protoc, dir, &args);
    if !run.protoc.status.success() {
        return Err(format!(
            "protoc rejects this fixture (the fixture itself is broken):\n{}",
            run.protoc.stderr
        ));
    }
    let mut report = String::new();
    if !run.identical() {
        report = run.report(protoc, 5);
        if run.protokit.status.success() && run.protokit.output.is_none() {
            report.push_str("protokit exited 0 but wrote no descriptor set\n");
        }
    }
    // Warnings (unused imports) as protoc prints them; protoc's order within a file is a
    // hash set's, so the lines are compared sorted.
    if protokit_tests::sorted_lines(&run.protoc.stderr)
        != protokit_tests::sorted_lines(&run.protokit.stderr)
    {
        let _ = write!(
            report,
            "stderr differs:\n--- protoc\n{}--- protokit\n{}",
            run.protoc.stderr, run.protokit.stderr
        );
    }
    // With --retain_options: source-retention options kept.
    let mut retained = args.clone();
    retained.insert(0, "--retain_options".to_owned());
    let retained = Differential::run(protoc, dir, &retained);
    if !retained.identical() {
        report.push_str("with --retain_options:\n");
        report.push_str(&retained.report(protoc, 5));
    }
    // --print_free_field_numbers: the same lines on stdout, nothing written.
    let print = |mut cmd: std::process::Command| {
        let out = cmd
            .current_dir(dir)
            .arg("--print_free_field_numbers")
            .args(args.iter().filter(|a| !a.starts_with("--include")))
            .output()
            .expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
        )
    };
    let expected = print(protoc.command());
    let mut ours = protokit_tests::protokit();
    ours.arg("protoc");
    let actual = print(ours);
    if expected != actual || expected.1.is_empty() {
        let _ = write!(
            report,
            "--print_free_field_numbers differs:\n--- protoc\n{}--- protokit\n{}",
            expected.1, actual.1
        );
    }
    // Without --include_imports: only the inputs, each after the inputs it imports.
    args.retain(|a| a != "--include_imports");
    let inputs_only = Differential::run(protoc, dir, &args);
    if !inputs_only.identical() {
        report.push_str("without --include_imports:\n");
        report.push_str(&inputs_only.report(protoc, 5));
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}

#[test]
fn valid_fixtures_match_protoc_byte_for_byte() {
    let Some(protoc) = Protoc::find() else {
        return skip(
            "grpcio-tools is not installed (pip install grpcio-tools==1.85.1, which ships \
             protoc 35.1), or set PROTOKIT_PYTHON",
        );
    };
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no fixture directories found");

    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        match check_dir(protoc, dir) {
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

/// protoc checks the `targets` of the options and features a file sets only for its input
/// files, and reports those and feature support windows after building the file, keeping it:
/// an imported file with such problems still builds (and its importers with it).
#[test]
fn input_only_and_deferred_checks_match_protoc() {
    let Some(protoc) = Protoc::find() else {
        return skip("grpcio-tools is not installed");
    };
    let dir = tempfile::tempdir().unwrap();
    protokit_tests::write_files(
        dir.path(),
        &[
            (
                "targets.proto",
                "edition = \"2023\";\npackage t1;\nimport \"google/protobuf/descriptor.proto\";\n\
                 extend google.protobuf.MessageOptions {\n  int32 only_field = 50101 [targets = TARGET_TYPE_FIELD];\n}\n\
                 message M { option (only_field) = 1; int32 x = 1 [features.enum_type = CLOSED]; }\n\
                 enum E { option features.field_presence = EXPLICIT; E0 = 0; }\n",
            ),
            (
                "windows.proto",
                "edition = \"2023\";\npackage w1;\nimport \"google/protobuf/descriptor.proto\";\n\
                 extend google.protobuf.MessageOptions {\n  int32 newer = 50200 [feature_support = { edition_introduced: EDITION_2024 }];\n}\n\
                 message M { option (newer) = 1; }\n",
            ),
            (
                "use_targets.proto",
                "syntax = \"proto3\";\npackage u1;\nimport \"targets.proto\";\nmessage U { t1.M m = 1; }\n",
            ),
            (
                "use_windows.proto",
                "syntax = \"proto3\";\npackage u2;\nimport \"windows.proto\";\nmessage U { w1.M m = 1; }\n",
            ),
        ],
    );
    for (inputs, ok) in [
        (&["use_targets.proto"][..], true),
        (&["use_targets.proto", "targets.proto"][..], false),
        (&["use_windows.proto"][..], false),
        (&["use_windows.proto", "windows.proto"][..], false),
    ] {
        let mut args = vec!["-I.".to_owned()];
        args.extend(inputs.iter().map(|s| s.to_string()));
        let run = Differential::run(protoc, dir.path(), &args);
        assert_eq!(
            run.protoc.status.success(),
            ok,
            "{inputs:?}: {}",
            run.protoc.stderr
        );
        assert!(run.identical(), "{inputs:?}\n{}", run.report(protoc, 3));
        assert_eq!(
            protokit_tests::sorted_lines(&run.protokit.stderr),
            protokit_tests::sorted_lines(&run.protoc.stderr),
            "{inputs:?}"
        );
    }
}
