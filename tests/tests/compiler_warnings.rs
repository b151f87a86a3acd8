//! protoc's warnings: `protokit protoc` prints the unused-import warnings protoc 35.1 prints,
//! at the same positions, in both error formats, and `--fatal_warnings` fails the run as
//! protoc's does (outputs written, then exit status 1).
//!
//! The fixtures are `fixtures/compiler/warnings/` (each file says what it covers: every kind
//! of use protoc counts, public imports, forwarding files, weak and `import option` imports,
//! option values whose types are imported, files with errors). Each command line runs under
//! protoc and protokit; stderr is compared as a sorted list of lines, since protoc prints a
//! file's warnings in hash-set order. Skipped when protoc (grpcio-tools) is missing.

use std::path::PathBuf;

use protokit_tests::{skip, sorted_lines, workspace_root, Differential, Protoc};

fn fixtures() -> PathBuf {
    workspace_root().join("fixtures/compiler/warnings")
}

/// Runs `args` under both tools and returns protokit's stderr lines, after checking that both
/// print the same lines, exit alike and write the same output (or none).
fn same_as_protoc(protoc: &Protoc, args: &[&str]) -> Vec<String> {
    let run = Differential::run(protoc, &fixtures(), args);
    let expected = sorted_lines(&run.protoc.stderr);
    let actual = sorted_lines(&run.protokit.stderr);
    assert_eq!(actual, expected, "stderr of protoc {}", args.join(" "));
    assert_eq!(
        run.protokit.status.code(),
        run.protoc.status.code(),
        "exit status of protoc {}",
        args.join(" ")
    );
    assert!(
        run.identical(),
        "outputs differ for protoc {}\n{}",
        args.join(" "),
        run.report(protoc, 3)
    );
    actual
}

#[test]
fn unused_import_warnings_match_protoc() {
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (python3 -m grpc_tools.protoc) is not installed");
    };
    let mut inputs: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures/compiler/warnings")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".proto") && n != "broken.proto")
        .collect();
    inputs.sort();
    let mut args = vec!["-I."];
    args.extend(inputs.iter().map(String::as_str));
    let lines = same_as_protoc(protoc, &args);
    // The fixtures cover both outcomes; the comparison alone would pass if neither tool warned.
    for expected in [
        "main.proto:9:1: warning: Import only_never.proto is unused.",
        "main.proto:11:5: warning: Import only_indented.proto is unused.",
        "option_message.proto:6:1: warning: Import deep.proto is unused.",
        "editions_unused.proto:6:1: warning: Import enums.proto is unused.",
    ] {
        assert!(lines.iter().any(|l| l == expected), "missing {expected:?}");
    }
    for used in [
        "only_field",
        "only_method",
        "only_any",
        "only_extendee",
        "forward",
    ] {
        assert!(
            !lines
                .iter()
                .any(|l| l.contains(&format!("Import {used}.proto"))),
            "{used}.proto is used: {lines:#?}"
        );
    }

    // Inputs one at a time: only inputs are reported, not the files they import.
    for input in &inputs {
        same_as_protoc(protoc, &["-I.", input]);
    }
}

#[test]
fn warnings_in_msvs_format_and_with_errors_match_protoc() {
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (python3 -m grpc_tools.protoc) is not installed");
    };
    let lines = same_as_protoc(protoc, &["-I.", "--error_format=msvs", "main.proto"]);
    let expected =
        "main.proto(9) : warning in column=1: warning: Import only_never.proto is unused.";
    assert!(lines.iter().any(|l| l == expected), "{lines:#?}");
    // A file with errors gets none.
    let lines = same_as_protoc(protoc, &["-I.", "broken.proto"]);
    assert!(lines.iter().all(|l| !l.contains("warning")), "{lines:#?}");
}

#[test]
fn fatal_warnings_fail_like_protoc() {
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (python3 -m grpc_tools.protoc) is not installed");
    };
    // protoc still writes its outputs, then exits with status 1.
    let lines = same_as_protoc(protoc, &["-I.", "--fatal_warnings", "main.proto"]);
    assert_eq!(lines.len(), 3, "{lines:#?}");
    let run = Differential::run(
        protoc,
        &fixtures(),
        &["-I.", "--fatal_warnings", "main.proto"],
    );
    assert_eq!(
        run.protokit.status.code(),
        Some(1),
        "{}",
        run.protokit.stderr
    );
    assert!(run.protokit.output.is_some());
    // Without warnings the flag changes nothing.
    same_as_protoc(protoc, &["-I.", "--fatal_warnings", "builtin_option.proto"]);
}
