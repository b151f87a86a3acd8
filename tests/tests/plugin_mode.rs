//! `protokit` as a protoc plugin (lint and breaking modes), driven by real protoc 35.1 with
//! `--plugin`, choosing the mode every supported way: a `protoc-gen-protokit-lint` /
//! `protoc-gen-protokit-breaking` symlink, `protokit plugin --mode`, and the bare binary
//! (no arguments, request on stdin) with `mode=` in the parameter.
//!
//! Each result is compared with `protokit lint` / `protokit breaking` on the same files, and,
//! when buf 1.75.0 is installed, with `protoc-gen-buf-lint` / `protoc-gen-buf-breaking` on the
//! same protoc command line (the drop-in promise), and with `buf generate` naming protokit as
//! a `local` plugin. Bad requests get error responses or a non-zero exit, never a panic.

#![cfg(unix)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use prost::Message;
use protokit_tests::{
    buf_bin, output, parse_lint_json, protokit, protokit_bin, skip, write_files, Protoc,
};

/// One file, no tabs: `protokit lint` (buf's columns) and the plugins (protoc's) agree.
const A_V2: &str = r#"syntax = "proto3";
package foo.v1;
import "google/protobuf/empty.proto";
import "foo/v1/b.proto";
message bad_name {
  string Foo = 1;
  Dep dep = 3;
}
enum E { X = 0; }
service S { rpc M(google.protobuf.Empty) returns (bad_name); }
"#;

const A_V1: &str = r#"syntax = "proto3";
package foo.v1;
import "google/protobuf/empty.proto";
import "foo/v1/b.proto";
message bad_name {
  string Foo = 1;
  int32 gone = 2;
  Dep dep = 3;
}
message Other {}
enum E { X = 0; Y = 1; }
service S { rpc M(google.protobuf.Empty) returns (bad_name); }
"#;

const B_V1: &str = "syntax = \"proto3\";\npackage foo.v1;\nmessage Dep { string a = 1; }\n";
const B_V2: &str = "syntax = \"proto3\";\npackage foo.v1;\nmessage Dep { int64 a = 1; }\n";

/// Tabs and a non-ASCII comment: positions must be protoc's, as `protoc-gen-buf-lint`'s.
const TABS: &str = "syntax = \"proto3\";\npackage tabs.v1;\n\nmessage bad_tabs {\n\t// é é\n\tstring Foo = 1; /* ü */ int32 Bar_baz = 2;\n}\n";

/// A workspace: `buf.yaml` (v2, defaults), the current files in `foo/v1`, the previous ones
/// in `prev/foo/v1`, and an image of the previous files in `prev.binpb`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("buf.yaml", "version: v2\n"),
            ("foo/v1/a.proto", A_V2),
            ("foo/v1/b.proto", B_V2),
            ("prev/foo/v1/a.proto", A_V1),
            ("prev/foo/v1/b.proto", B_V1),
            ("tabs/v1/tabs.proto", TABS),
        ],
    );
    let out = protokit()
        .current_dir(dir.path().join("prev"))
        .args([
            "build",
            "-o",
            "../prev.binpb",
            "foo/v1/a.proto",
            "foo/v1/b.proto",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

/// The ways of making protoc run protokit in a mode: (`--plugin` value's program, extra
/// parameter entries that select the mode).
fn launchers(dir: &Path, mode: &str) -> Vec<(PathBuf, Option<String>)> {
    let bin = protokit_bin();
    let links = dir.join("bin");
    std::fs::create_dir_all(&links).unwrap();
    let named = links.join(format!("protoc-gen-protokit-{mode}"));
    if !named.exists() {
        std::os::unix::fs::symlink(&bin, &named).unwrap();
    }
    let script = links.join(format!("plugin-{mode}.sh"));
    std::fs::write(
        &script,
        format!("#!/bin/sh\nexec '{}' plugin --mode {mode}\n", bin.display()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    vec![
        (named, None),
        (script, None),
        (bin, Some(format!("mode={mode}"))),
    ]
}

/// Runs protoc in `dir` with `program` as plugin `NAME`, and returns its exit code and what
/// it printed for the plugin (the `--NAME_out: ` prefix removed, protoc's warnings dropped).
fn protoc_plugin(
    protoc: &Protoc,
    dir: &Path,
    name: &str,
    program: &Path,
    parameter: &str,
    files: &[&str],
) -> (i32, String) {
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut cmd = protoc.command();
    cmd.current_dir(dir)
        .arg("-I.")
        .arg(format!("-I{}", protoc.wkt_dir().display()))
        .arg(format!("--plugin=protoc-gen-{name}={}", program.display()))
        .arg(format!("--{name}_out={}", out_dir.display()));
    if !parameter.is_empty() {
        cmd.arg(format!("--{name}_opt={parameter}"));
    }
    let out = output(cmd.args(files));
    // What the plugin printed on its own stderr comes first; the response's error follows
    // `--NAME_out: ` (unless the plugin failed, when its stderr is what it had to say).
    let prefix = format!("--{name}_out: ");
    let stderr = match out.stderr.find(&prefix) {
        Some(i) if !out.stderr[i..].starts_with(&format!("{prefix}protoc-gen-{name}: ")) => {
            &out.stderr[i..]
        }
        _ => out.stderr.as_str(),
    };
    let text: Vec<&str> = stderr
        .lines()
        .filter(|l| !l.contains(": warning: "))
        .collect();
    let text = text
        .join("\n")
        .replace(&format!("--{name}_out: "), "")
        .replace(&format!("protoc-gen-{name}: "), "");
    (out.code, text)
}

fn join(mode_entry: &Option<String>, parameter: &str) -> String {
    match (mode_entry, parameter) {
        (Some(m), "") => m.clone(),
        (Some(m), p) => format!("{m},{p}"),
        (None, p) => p.to_string(),
    }
}

/// `protoc-gen-buf-NAME` from the buf install, `None` (the caller skips) when absent.
fn buf_plugin(name: &str) -> Option<PathBuf> {
    let buf = buf_bin()?;
    let beside = buf
        .parent()
        .map(|d| d.join(format!("protoc-gen-buf-{name}")));
    if let Some(p) = beside.filter(|p| p.is_file()) {
        return Some(p);
    }
    let on_path = PathBuf::from(format!("protoc-gen-buf-{name}"));
    Command::new(&on_path)
        .stdin(Stdio::null())
        .output()
        .ok()
        .map(|_| on_path)
}

/// `f` over `items` on threads: protoc starts slowly and the cases are independent.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    std::thread::scope(|s| {
        let handles: Vec<_> = items.iter().map(|i| s.spawn(|| f(i))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn json_findings(text: &str) -> Vec<protokit_tests::LintFinding> {
    let mut f = parse_lint_json(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    f.sort();
    f
}

#[test]
fn lint_mode_every_launcher_matches_protokit_lint() {
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (grpcio-tools) is not installed");
    };
    let ws = workspace();
    let dir = ws.path();
    let expected = output(protokit().current_dir(dir).args([
        "lint",
        "--error-format",
        "json",
        "--path",
        "foo",
    ]));
    assert_eq!(expected.code, 100, "{expected:?}");
    let expected = json_findings(&expected.stdout);
    assert!(expected.iter().any(|f| f.rule == "MESSAGE_PASCAL_CASE"));
    let lint_text = output(protokit().current_dir(dir).args(["lint", "--path", "foo"]));
    let both = ["foo/v1/a.proto", "foo/v1/b.proto"];
    let launchers = launchers(dir, "lint");
    let results = par_map(&launchers, |(program, mode)| {
        [
            protoc_plugin(
                protoc,
                dir,
                "pk",
                program,
                &join(mode, "error_format=json"),
                &both,
            ),
            // Text format, as protokit lint prints it.
            protoc_plugin(protoc, dir, "pk", program, &join(mode, ""), &both),
            // Clean files: protoc succeeds, nothing printed.
            protoc_plugin(
                protoc,
                dir,
                "pk",
                program,
                &join(mode, ""),
                &["foo/v1/b.proto"],
            ),
        ]
    });
    for ((program, _), [(code, json), (_, text), clean]) in launchers.iter().zip(results) {
        assert_eq!(code, 1, "{}: {json}", program.display());
        assert_eq!(json_findings(&json), expected, "{}", program.display());
        assert_eq!(text, lint_text.stdout.trim_end(), "{}", program.display());
        assert_eq!(clean, (0, String::new()), "{}", program.display());
    }
}

/// `cur/` and `prev/` (no `buf.yaml`: buf's default FILE rules), and `prev.binpb`.
fn breaking_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            ("cur/foo/v1/a.proto", A_V2),
            ("cur/foo/v1/b.proto", B_V2),
            ("prev/foo/v1/a.proto", A_V1),
            ("prev/foo/v1/b.proto", B_V1),
        ],
    );
    let out = protokit()
        .current_dir(dir.path().join("prev"))
        .args([
            "build",
            "-o",
            "../prev.binpb",
            "foo/v1/a.proto",
            "foo/v1/b.proto",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir
}

#[test]
fn breaking_mode_every_launcher_matches_protokit_breaking() {
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (grpcio-tools) is not installed");
    };
    let tree = breaking_tree();
    let cur = tree.path().join("cur");
    let dir = cur.as_path();
    let mut expected = None;
    for against in ["../prev.binpb", "../prev"] {
        let out = output(protokit().current_dir(dir).args([
            "breaking",
            "--against",
            against,
            "--error-format",
            "json",
        ]));
        assert_eq!(out.code, 100, "{out:?}");
        let found = json_findings(&out.stdout);
        assert!(
            found.iter().any(|f| f.rule == "FIELD_NO_DELETE"),
            "{found:?}"
        );
        assert!(
            found.iter().any(|f| f.rule == "FIELD_SAME_TYPE"),
            "{found:?}"
        );
        let launchers = launchers(dir, "breaking");
        let param = format!("against={against},error_format=json");
        let files = ["foo/v1/a.proto", "foo/v1/b.proto"];
        let results = par_map(&launchers, |(program, mode)| {
            protoc_plugin(protoc, dir, "pk", program, &join(mode, &param), &files)
        });
        for ((program, _), (code, text)) in launchers.iter().zip(results) {
            assert_eq!(code, 1, "{}: {text}", program.display());
            let got = json_findings(&text);
            assert_eq!(got, found, "{} against {against}", program.display());
        }
        if let Some(e) = &expected {
            assert_eq!(e, &found);
        }
        expected = Some(found);
    }
    // Only a.proto to generate: b.proto (its import) is still compared, unless
    // exclude_imports.
    let named = &launchers(dir, "breaking")[0].0;
    let (_, text) = protoc_plugin(
        protoc,
        dir,
        "pk",
        named,
        "against=../prev.binpb,error_format=json",
        &["foo/v1/a.proto"],
    );
    assert!(
        json_findings(&text)
            .iter()
            .any(|f| f.rule == "FIELD_SAME_TYPE"),
        "{text}"
    );
    let (_, text) = protoc_plugin(
        protoc,
        dir,
        "pk",
        named,
        "against=../prev.binpb,error_format=json,exclude_imports",
        &["foo/v1/a.proto"],
    );
    let got = json_findings(&text);
    assert!(got.iter().all(|f| f.path == "foo/v1/a.proto"), "{got:?}");
    assert!(!got.iter().any(|f| f.rule == "FIELD_SAME_TYPE"), "{got:?}");
}

#[test]
fn breaking_mode_against_a_git_branch() {
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (grpcio-tools) is not installed");
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(root, &[("foo/v1/a.proto", A_V1), ("foo/v1/b.proto", B_V1)]);
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .current_dir(root)
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "v1"]);
    write_files(root, &[("foo/v1/a.proto", A_V2), ("foo/v1/b.proto", B_V2)]);
    let expected = output(protokit().current_dir(root).args([
        "breaking",
        "--against",
        ".git#branch=main",
        "--error-format",
        "json",
    ]));
    assert_eq!(expected.code, 100, "{expected:?}");
    let named = &launchers(root, "breaking")[0].0;
    // A comma inside the git reference is escaped with `\,`.
    for against in [r".git#branch=main", r".git#branch=main\,subdir=."] {
        let (code, text) = protoc_plugin(
            protoc,
            root,
            "pk",
            named,
            &format!("against={against},error_format=json"),
            &["foo/v1/a.proto", "foo/v1/b.proto"],
        );
        assert_eq!(code, 1, "{text}");
        assert_eq!(json_findings(&text), json_findings(&expected.stdout));
    }
}

/// The same protoc command lines with protoc-gen-buf-lint/-breaking and with protokit: the
/// same output and exit code.
#[test]
fn drop_in_for_buf_plugins() {
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (grpcio-tools) is not installed");
    };
    let (Some(buf_lint), Some(buf_breaking)) = (buf_plugin("lint"), buf_plugin("breaking")) else {
        return skip("protoc-gen-buf-lint/-breaking (buf 1.75.0) are not installed");
    };
    let ws = workspace();
    let dir = ws.path();
    write_files(
        dir,
        &[(
            "only_enum.yaml",
            "version: v1\nlint:\n  use: [ENUM_VALUE_PREFIX]\n",
        )],
    );
    let lint_cases: &[(&str, &[&str])] = &[
        ("", &["foo/v1/a.proto", "foo/v1/b.proto"]),
        (r#"{"error_format":"json"}"#, &["foo/v1/a.proto"]),
        ("error_format: msvs", &["foo/v1/a.proto"]),
        (r#"{"error_format":"junit"}"#, &["foo/v1/a.proto"]),
        (
            r#"{"error_format":"gitlab-code-quality"}"#,
            &["foo/v1/a.proto"],
        ),
        (r#"{"input_config":"only_enum.yaml"}"#, &["foo/v1/a.proto"]),
        (
            r#"{"input_config":{"version":"v2","modules":[{"path":".","name":"buf.build/a/b","lint":{"use":["FIELD_LOWER_SNAKE_CASE"]}}]},"module":"buf.build/a/b","log_level":"info"}"#,
            &["foo/v1/a.proto", "tabs/v1/tabs.proto"],
        ),
        (r#"{"error_format":"json"}"#, &["tabs/v1/tabs.proto"]),
        ("", &["foo/v1/b.proto"]),
    ];
    let ours = &launchers(dir, "lint")[0].0;
    let results = par_map(lint_cases, |(param, files)| {
        (
            protoc_plugin(protoc, dir, "chk", &buf_lint, param, files),
            protoc_plugin(protoc, dir, "chk", ours, param, files),
        )
    });
    for ((param, files), (theirs, got)) in lint_cases.iter().zip(results) {
        assert_eq!(got, theirs, "lint {param} {files:?}");
    }
    // Errors: buf prints them and exits 1 (protoc adds "Plugin failed with status code 1."),
    // protokit answers an error response (protoc prints it and exits 1): the same first line.
    let error_cases: &[&str] = &[
        r#"{"module":"buf.build/a/c","input_config":{"version":"v1"}}"#,
        r#"{"input_config":{"version":"v2","modules":[{"path":"x"}]}}"#,
        r#"{"error_format":"bogus"}"#,
    ];
    let files = ["foo/v1/a.proto"];
    let results = par_map(error_cases, |param| {
        (
            protoc_plugin(protoc, dir, "chk", &buf_lint, param, &files),
            protoc_plugin(protoc, dir, "chk", ours, param, &files),
        )
    });
    for (param, ((code, theirs), got)) in error_cases.iter().zip(results) {
        assert_eq!(
            got,
            (code, theirs.lines().next().unwrap_or("").to_string()),
            "{param}"
        );
    }
    let tree = breaking_tree();
    let cur = tree.path().join("cur");
    let breaking_cases: &[&str] = &[
        r#"{"against_input":"../prev.binpb"}"#,
        r#"{"against_input":"../prev","error_format":"json"}"#,
        r#"{"against_input":"../prev","exclude_imports":true}"#,
        r#"{"against_input":"../prev.binpb","limit_to_input_files":true,"exclude_imports":true}"#,
        r#"{"against_input":"../prev","input_config":{"version":"v1","breaking":{"use":["WIRE"]}}}"#,
        "against_input: ../prev.binpb\nerror_format: msvs",
    ];
    let ours = &launchers(&cur, "breaking")[0].0;
    let results = par_map(breaking_cases, |param| {
        (
            protoc_plugin(protoc, &cur, "chk", &buf_breaking, param, &files),
            protoc_plugin(protoc, &cur, "chk", ours, param, &files),
        )
    });
    for (param, (theirs, got)) in breaking_cases.iter().zip(results) {
        assert_eq!(got, theirs, "breaking {param}");
    }
    // An against directory inside the configured module: buf's error.
    let param = r#"{"against_input":"prev"}"#;
    let (code, theirs) = protoc_plugin(
        protoc,
        dir,
        "chk",
        &buf_breaking,
        param,
        &["foo/v1/a.proto"],
    );
    let ours = &launchers(dir, "breaking")[0].0;
    let got = protoc_plugin(protoc, dir, "chk", ours, param, &["foo/v1/a.proto"]);
    assert_eq!(got, (code, theirs.lines().next().unwrap_or("").to_string()));
}

/// `buf generate` with protokit as a `local` plugin in a v2 buf.gen.yaml, next to
/// protoc-gen-buf-lint: the same failure text.
#[test]
fn buf_generate_with_a_local_plugin() {
    let Some(buf) = buf_bin() else {
        return skip("buf 1.75.0 is not installed");
    };
    let Some(buf_lint) = buf_plugin("lint") else {
        return skip("protoc-gen-buf-lint is not installed");
    };
    let ws = workspace();
    let dir = ws.path();
    std::fs::remove_dir_all(dir.join("prev")).unwrap();
    std::fs::remove_dir_all(dir.join("tabs")).unwrap();
    let ours = launchers(dir, "lint")[0].0.clone();
    let run = |plugin: &Path| {
        write_files(
            dir,
            &[(
                "buf.gen.yaml",
                &format!(
                    "version: v2\nplugins:\n  - local: {}\n    out: gen\n    opt: error_format=json\n",
                    plugin.display()
                ),
            )],
        );
        output(Command::new(&buf).current_dir(dir).arg("generate"))
    };
    let got = run(&ours);
    assert_eq!(got.code, 1, "{got:?}");
    assert!(got.stderr.contains("MESSAGE_PASCAL_CASE"), "{got:?}");
    // buf's own plugin reads a JSON parameter only; give both the same one.
    write_files(dir, &[("x", "")]);
    let run_json = |plugin: &Path| {
        write_files(
            dir,
            &[(
                "buf.gen.yaml",
                &format!(
                    "version: v2\nplugins:\n  - local: {}\n    out: gen\n    opt: '{{\"error_format\":\"json\"}}'\n",
                    plugin.display()
                ),
            )],
        );
        output(Command::new(&buf).current_dir(dir).arg("generate"))
    };
    let theirs = run_json(&buf_lint);
    let ours_json = run_json(&ours);
    let strip = |s: &str| {
        s.replace(&buf_lint.display().to_string(), "PLUGIN")
            .replace(&ours.display().to_string(), "PLUGIN")
    };
    assert_eq!(
        (ours_json.code, strip(&ours_json.stderr)),
        (theirs.code, strip(&theirs.stderr))
    );
}

// --- bad input -------------------------------------------------------------------------

#[derive(Clone, PartialEq, prost::Message)]
struct Request {
    #[prost(string, repeated, tag = "1")]
    file_to_generate: Vec<String>,
    #[prost(string, optional, tag = "2")]
    parameter: Option<String>,
    #[prost(message, repeated, tag = "15")]
    proto_file: Vec<protokit_compiler::descriptor::FileDescriptorProto>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Response {
    #[prost(string, optional, tag = "1")]
    error: Option<String>,
    #[prost(uint64, optional, tag = "2")]
    supported_features: Option<u64>,
    #[prost(int32, optional, tag = "3")]
    minimum_edition: Option<i32>,
    #[prost(int32, optional, tag = "4")]
    maximum_edition: Option<i32>,
}

/// Runs `program args` with `stdin`; returns the exit code, stdout and stderr.
fn feed(program: &Path, args: &[&str], stdin: &[u8]) -> (i32, Vec<u8>, String) {
    let mut child = Command::new(program)
        .current_dir(program.parent().unwrap())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin).unwrap();
    drop(input);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn request(parameter: &str) -> Request {
    Request {
        file_to_generate: vec!["a/v1/a.proto".into()],
        parameter: Some(parameter.into()),
        proto_file: vec![protokit_compiler::descriptor::FileDescriptorProto {
            name: Some("a/v1/a.proto".into()),
            package: Some("a.v1".into()),
            syntax: Some("proto3".into()),
            ..Default::default()
        }],
    }
}

fn respond(program: &Path, args: &[&str], req: &Request) -> Response {
    let (code, stdout, stderr) = feed(program, args, &req.encode_to_vec());
    assert_eq!(code, 0, "{stderr}");
    let r = Response::decode(stdout.as_slice()).unwrap();
    assert_eq!(
        r.supported_features,
        Some(3),
        "proto3 optional and editions"
    );
    assert_eq!(
        (r.minimum_edition, r.maximum_edition),
        (Some(1000), Some(1001))
    );
    r
}

#[test]
fn bad_input_is_reported_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let named = launchers(dir.path(), "lint")[0].0.clone();
    let bin = protokit_bin();
    // Garbage and empty stdin: a message on stderr, exit 1.
    for (program, args) in [
        (&named, &[][..]),
        (&bin, &["plugin", "--mode", "lint"][..]),
        (&bin, &[][..]),
    ] {
        let (code, stdout, stderr) = feed(program, args, b"\xff\xff\xff\xff garbage");
        assert_eq!(code, 1, "{stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("not a CodeGeneratorRequest"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let (code, _, stderr) = feed(&named, &[], b"");
    assert_eq!(code, 1);
    assert!(stderr.contains("empty"), "{stderr}");
    // No arguments and empty stdin: the usual usage error.
    let (code, _, stderr) = feed(&bin, &[], b"");
    assert_eq!(code, 1);
    assert!(stderr.contains("Usage"), "{stderr}");

    // An empty request, an unknown option, a bad format, an unsupported edition: error
    // responses.
    // (A request with no field set encodes to nothing: that is the empty stdin above.)
    let empty = Request {
        file_to_generate: vec![],
        parameter: Some(String::new()),
        proto_file: vec![],
    };
    let r = respond(&named, &[], &empty);
    assert!(r.error.unwrap().contains("file_to_generate"));
    let r = respond(&named, &[], &request("error_format=json,frobnicate=1"));
    assert!(r.error.unwrap().contains("\"frobnicate\""));
    let r = respond(
        &named,
        &[],
        &request(r#"{"error_format":"json","nope":true}"#),
    );
    assert!(r.error.unwrap().contains("\"nope\""));
    let r = respond(&named, &[], &request("error_format=yaml"));
    assert!(r.error.unwrap().contains("unknown format: \"yaml\""));
    let r = respond(&bin, &["plugin", "--mode", "breaking"], &request(""));
    assert!(r.error.unwrap().contains("against"));
    let mut future = request("");
    future.proto_file[0].syntax = Some("editions".into());
    future.proto_file[0].edition = Some(9999);
    let r = respond(&named, &[], &future);
    assert!(r.error.unwrap().contains("edition UNSTABLE"));
    // A clean file: no error.
    let r = respond(&named, &[], &request(""));
    assert_eq!(r.error, None);
}

#[test]
fn unknown_option_through_protoc() {
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (grpcio-tools) is not installed");
    };
    let ws = workspace();
    let dir = ws.path();
    let named = &launchers(dir, "lint")[0].0;
    let (code, text) = protoc_plugin(
        protoc,
        dir,
        "pk",
        named,
        "error_format=json,frobnicate",
        &["foo/v1/b.proto"],
    );
    assert_eq!(code, 1);
    assert!(text.contains("unknown key \"frobnicate\""), "{text}");
}

/// Debian's protoc (3.21, `apt-get install protobuf-compiler`), when installed: `/usr/bin/protoc`
/// or `protoc` on `PATH` reporting `libprotoc 3.`.
fn debian_protoc() -> Option<PathBuf> {
    ["/usr/bin/protoc", "protoc"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).starts_with("libprotoc 3."))
        })
}

/// protoc 3.21 (no editions, no `source_file_descriptors`) drives the same lint and breaking
/// results as protoc 35.1.
#[test]
fn debian_protoc_gives_the_same_findings() {
    let (Some(protoc), Some(old)) = (Protoc::find(), debian_protoc()) else {
        return skip("protoc 35.1 (grpcio-tools) or Debian's protoc 3.21 is not installed");
    };
    let tree = breaking_tree();
    let cur = tree.path().join("cur");
    let named_lint = launchers(&cur, "lint")[0].0.clone();
    let named_breaking = launchers(&cur, "breaking")[0].0.clone();
    let files = ["foo/v1/a.proto", "foo/v1/b.proto"];
    let cases = [
        (&named_lint, "error_format=json"),
        (&named_breaking, "against=../prev.binpb,error_format=json"),
        (&named_breaking, "against=../prev"),
    ];
    for (program, param) in cases {
        let new = protoc_plugin(protoc, &cur, "pk", program, param, &files);
        let out = output(
            Command::new(&old)
                .current_dir(&cur)
                .arg("-I.")
                .arg(format!("-I{}", protoc.wkt_dir().display()))
                .arg(format!("--plugin=protoc-gen-pk={}", program.display()))
                .arg(format!("--pk_out={}", tree.path().display()))
                .arg(format!("--pk_opt={param}"))
                .args(files),
        );
        assert_eq!(new.0, 1, "{}", new.1);
        assert_eq!(
            (out.code, out.stderr.replace("--pk_out: ", "").trim_end()),
            (new.0, new.1.as_str()),
            "{param}"
        );
    }
}
