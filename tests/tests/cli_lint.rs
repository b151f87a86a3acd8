//! `protokit lint` as a user runs it: inputs (workspaces, modules, files, images, git
//! references), `--path`/`--exclude-path`, `--config`, exit codes and error texts.
//!
//! Expected outputs were recorded from buf 1.75.0 on the same trees; when buf is installed
//! (see `protokit_tests::buf_bin`) each case also runs buf live and requires the same stdout,
//! exit code and, for failures, the same `Failure: …` line.

use std::path::{Path, PathBuf};
use std::process::Command;

use protokit_tests::{buf_bin, output, parse_lint_json, protokit, skip, write_files, Out};

fn run(mut cmd: Command, dir: &Path) -> Out {
    output(cmd.current_dir(dir))
}

fn lint(dir: &Path, args: &[&str]) -> Out {
    let mut cmd = protokit();
    cmd.arg("lint").args(args);
    run(cmd, dir)
}

fn buf_lint(dir: &Path, args: &[&str]) -> Option<Out> {
    let buf = buf_bin()?;
    let mut cmd = Command::new(buf);
    cmd.arg("lint").args(args);
    Some(run(cmd, dir))
}

/// A v2 workspace with two modules; `proto` imports from `other`. Only MESSAGE_PASCAL_CASE
/// is on, so the findings depend on one rule.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_files(
        dir.path(),
        &[
            (
                "buf.yaml",
                "version: v2\nmodules:\n  - path: proto\n  - path: other\nlint:\n  use:\n    - MESSAGE_PASCAL_CASE\n",
            ),
            (
                "proto/foo/v1/foo.proto",
                "syntax = \"proto3\";\npackage foo.v1;\nimport \"bar/v1/bar.proto\";\nmessage foo_msg { bar.v1.Bar b = 1; }\n",
            ),
            (
                "proto/foo/v2/x.proto",
                "syntax = \"proto3\";\npackage foo.v2;\nmessage lower {}\n",
            ),
            (
                "other/bar/v1/bar.proto",
                "syntax = \"proto3\";\npackage bar.v1;\nmessage Bar {}\nmessage bad_bar {}\n",
            ),
        ],
    );
    dir
}

const FOO: &str =
    "proto/foo/v1/foo.proto:4:9:Message name \"foo_msg\" should be PascalCase, such as \"FooMsg\".\n";
const X: &str =
    "proto/foo/v2/x.proto:3:9:Message name \"lower\" should be PascalCase, such as \"Lower\".\n";
const BAR: &str =
    "other/bar/v1/bar.proto:4:9:Message name \"bad_bar\" should be PascalCase, such as \"BadBar\".\n";

/// Runs one case with protokit (and buf when installed) and checks the exit code, stdout and
/// that stderr has the `Failure: …` line (buf prints usage before some).
fn check(dir: &Path, args: &[&str], code: i32, stdout: &str, stderr: &str) {
    let got = lint(dir, args);
    assert_eq!(
        (got.code, got.stdout.as_str()),
        (code, stdout),
        "protokit lint {args:?} in {}\nstderr: {}",
        dir.display(),
        got.stderr
    );
    if !stderr.is_empty() {
        assert!(
            got.stderr.lines().any(|l| l == stderr),
            "protokit lint {args:?}: {}",
            got.stderr
        );
    }
    if let Some(buf) = buf_lint(dir, args) {
        assert_eq!(
            (buf.code, buf.stdout.as_str()),
            (code, stdout),
            "buf lint {args:?} disagrees with the recording\nstderr: {}",
            buf.stderr
        );
        if !stderr.is_empty() {
            assert!(
                buf.stderr.lines().any(|l| l == stderr),
                "buf lint {args:?}: {}",
                buf.stderr
            );
        }
    }
}

#[test]
fn workspace_inputs_and_display_paths() {
    let ws = workspace();
    let root = ws.path();
    let all = format!("{BAR}{FOO}{X}");
    check(root, &[], 100, &all, "");
    check(root, &["."], 100, &all, "");
    check(root, &["proto"], 100, &format!("{FOO}{X}"), "");
    check(root, &["other"], 100, BAR, "");
    check(root, &["proto/foo/v1/foo.proto"], 100, FOO, "");
    check(
        root,
        &["proto/foo"],
        1,
        "",
        "Failure: failed to build input \"proto/foo\" because it is contained by module at path \"proto\" specified in your configuration, you must provide the workspace or module as the input, and filter to this path using --path",
    );
    // From inside a module, paths are relative to the current directory.
    let proto = root.join("proto");
    check(
        &proto,
        &[],
        100,
        "foo/v1/foo.proto:4:9:Message name \"foo_msg\" should be PascalCase, such as \"FooMsg\".\nfoo/v2/x.proto:3:9:Message name \"lower\" should be PascalCase, such as \"Lower\".\n",
        "",
    );
    check(
        &proto,
        &[".."],
        100,
        &format!(
            "../{BAR}foo/v1/foo.proto:4:9:Message name \"foo_msg\" should be PascalCase, such as \"FooMsg\".\nfoo/v2/x.proto:3:9:Message name \"lower\" should be PascalCase, such as \"Lower\".\n"
        ),
        "",
    );
    // From above the workspace.
    let parent = root.parent().unwrap();
    let name = root.file_name().unwrap().to_string_lossy().into_owned();
    let got = lint(parent, &[&format!("{name}/other")]);
    assert_eq!(got.code, 100);
    assert_eq!(got.stdout, format!("{name}/{BAR}"));
    // Absolute inputs print absolute paths.
    let abs = root.join("other");
    let got = lint(parent, &[abs.to_str().unwrap()]);
    assert_eq!(got.stdout, format!("{}/{BAR}", root.display()));
}

#[test]
fn path_and_exclude_path() {
    let ws = workspace();
    let root = ws.path();
    check(root, &["--path", "proto/foo/v1"], 100, FOO, "");
    check(root, &["--path", "proto/foo/v1/foo.proto"], 100, FOO, "");
    check(
        root,
        &["--exclude-path", "proto/foo/v1"],
        100,
        &format!("{BAR}{X}"),
        "",
    );
    check(
        root,
        &["--path", "other/bar/v1/bar.proto", "--path", "proto/foo/v2"],
        100,
        &format!("{BAR}{X}"),
        "",
    );
    check(root, &["proto", "--path", "proto/foo/v2"], 100, X, "");
    let nothing = "Failure: no .proto files were targeted. This can occur if no .proto files are found in your input, --path points to files that do not exist, or --exclude-path excludes all files.";
    check(root, &["--path", "foo/v1"], 1, "", nothing);
    check(root, &["--path", "nonexist"], 1, "", nothing);
    check(
        root,
        &["--path", "proto"],
        1,
        "",
        "Failure: module \"proto\" was specified with --path, specify this module path directly as an input",
    );
    check(
        root,
        &["--exclude-path", "proto"],
        1,
        "",
        "Failure: module \"proto\" was specified with --exclude-path, this flag cannot be used to specify module directories",
    );
    check(
        root,
        &["--path", "."],
        1,
        "",
        "Failure: given input is equal to a value of --path, this has no effect and is disallowed",
    );
    check(
        root,
        &["proto", "--exclude-path", "proto"],
        1,
        "",
        "Failure: given input \"proto\" is equal to a value of --exclude-path \"proto\", this would exclude everything",
    );
    check(
        root,
        &["proto/foo/v2/x.proto", "--path", "proto/foo/v1"],
        1,
        "",
        "Failure: --path is not valid for use with .proto file references",
    );
}

#[test]
fn v1_workspace_with_per_module_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            ("buf.work.yaml", "version: v1\ndirectories:\n  - proto\n  - other\n"),
            ("proto/buf.yaml", "version: v1\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n"),
            ("other/buf.yaml", "version: v1\nlint:\n  use: [MINIMAL]\n"),
            (
                "proto/foo/v1/foo.proto",
                "syntax = \"proto3\";\npackage foo.v1;\nimport \"bar/v1/bar.proto\";\nmessage foo_msg { bar.v1.Bar b = 1; }\n",
            ),
            (
                "other/bar/v1/bar.proto",
                "syntax = \"proto3\";\npackage bar.v1;\nmessage Bar {}\nmessage bad_bar {}\n",
            ),
        ],
    );
    check(root, &[], 100, FOO, "");
    check(root, &["other"], 0, "", "");
    check(
        &root.join("proto"),
        &[],
        100,
        "foo/v1/foo.proto:4:9:Message name \"foo_msg\" should be PascalCase, such as \"FooMsg\".\n",
        "",
    );
}

#[test]
fn no_config_and_empty_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("empty")).unwrap();
    check(
        &root.join("empty"),
        &[],
        1,
        "",
        "Failure: Module \"path: \".\"\" had no .proto files",
    );
    // A file that is not .proto, with no configuration anywhere.
    write_files(root, &[("empty/README.md", "hi\n")]);
    check(
        &root.join("empty"),
        &["README.md"],
        1,
        "",
        "Failure: Module \"path: \"README.md\"\" had no .proto files",
    );
    write_files(
        root,
        &[(
            "loose/a/v1/b.proto",
            "syntax = \"proto3\";\npackage a.v1;\nmessage lower {}\n",
        )],
    );
    let got = lint(root, &["loose", "--error-format", "json"]);
    assert_eq!(got.code, 100, "{}", got.stderr);
    let findings = parse_lint_json(&got.stdout).unwrap();
    assert!(findings
        .iter()
        .any(|f| f.path == "loose/a/v1/b.proto" && f.rule == "MESSAGE_PASCAL_CASE"));
    if let Some(buf) = buf_lint(root, &["loose", "--error-format", "json"]) {
        assert_eq!(
            parse_lint_json(&buf.stdout).unwrap(),
            findings,
            "buf and protokit differ on a directory without buf.yaml"
        );
    }
}

#[test]
fn exit_codes_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            (
                "buf.yaml",
                "version: v2\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
            ),
            (
                "foo/v1/ok.proto",
                "syntax = \"proto3\";\npackage foo.v1;\nmessage Ok {}\n",
            ),
        ],
    );
    // Clean: exit 0, nothing printed.
    check(root, &[], 0, "", "");
    check(root, &["--error-format", "json"], 0, "", "");
    // Usage errors.
    check(
        root,
        &["--error-format", "bogus"],
        1,
        "",
        "Failure: --error-format: invalid format: \"bogus\"",
    );
    assert_eq!(lint(root, &["--no-such-flag"]).code, 1);
    // An image that does not exist.
    check(
        root,
        &["nonexist.binpb"],
        1,
        "",
        "Failure: open nonexist.binpb: no such file or directory",
    );
    // A broken buf.yaml: exit 1 with the file named.
    write_files(
        root,
        &[("buf.yaml", "version: v2\nlint:\n  use: [NOT_A_RULE]\n")],
    );
    let got = lint(root, &[]);
    assert_eq!(got.code, 1, "{got:?}");
    assert!(got.stderr.contains("NOT_A_RULE"), "{}", got.stderr);
    write_files(root, &[("buf.yaml", "version: v9\n")]);
    let got = lint(root, &[]);
    assert_eq!(got.code, 1, "{got:?}");
    assert!(got.stderr.contains("buf.yaml"), "{}", got.stderr);
    // --config replaces buf.yaml.
    let got = lint(
        root,
        &[
            "--config",
            "{\"version\":\"v2\",\"lint\":{\"use\":[\"MINIMAL\"]}}",
        ],
    );
    assert_eq!(got.code, 0, "{got:?}");
}

#[test]
fn compile_errors_are_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            (
                "foo/v1/a.proto",
                "syntax = \"proto3\";\npackage foo.v1;\nmessage Foo { Bar b = 1; }\n",
            ),
            (
                "foo/v1/ok.proto",
                "syntax = \"proto3\";\npackage foo.v1;\nmessage Ok {}\n",
            ),
        ],
    );
    let got = lint(root, &["--error-format", "json"]);
    assert_eq!(got.code, 100, "{got:?}");
    let findings = parse_lint_json(&got.stdout).unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].rule, "COMPILE");
    assert_eq!(findings[0].path, "foo/v1/a.proto");
    assert_eq!(&findings[0].range[..2], &[3, 15]);
    if let Some(buf) = buf_lint(root, &["--error-format", "json"]) {
        // buf's compiler words its messages differently; the place and type agree.
        let theirs = parse_lint_json(&buf.stdout).unwrap();
        assert_eq!(buf.code, 100);
        assert_eq!(theirs.len(), 1);
        assert_eq!(
            (&theirs[0].path, &theirs[0].rule, &theirs[0].range[..2]),
            (
                &findings[0].path,
                &findings[0].rule,
                &findings[0].range[..2]
            )
        );
    }
    let got = lint(root, &[]);
    assert_eq!(got.code, 100);
    assert!(
        got.stdout.starts_with("foo/v1/a.proto:3:15:"),
        "{}",
        got.stdout
    );
}

#[test]
fn protovalidate_is_reported_as_unsupported() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            (
                "buf.yaml",
                "version: v2\nlint:\n  use: [PROTOVALIDATE, MESSAGE_PASCAL_CASE]\n",
            ),
            (
                "foo/v1/a.proto",
                "syntax = \"proto3\";\npackage foo.v1;\nmessage lower {}\n",
            ),
        ],
    );
    let got = lint(root, &[]);
    assert_eq!(got.code, 100, "{got:?}");
    assert!(
        got.stderr.contains("PROTOVALIDATE") && got.stderr.contains("not supported"),
        "{}",
        got.stderr
    );
    assert_eq!(
        got.stdout,
        "foo/v1/a.proto:3:9:Message name \"lower\" should be PascalCase, such as \"Lower\".\n"
    );
}

#[test]
fn unreadable_file_is_an_error() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write_files(
            root,
            &[("foo/v1/a.proto", "syntax = \"proto3\";\npackage foo.v1;\n")],
        );
        let file = root.join("foo/v1/a.proto");
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
        if std::fs::read(&file).is_ok() {
            return skip("running as root: permissions do not stop reads");
        }
        let got = lint(root, &[]);
        assert_eq!(got.code, 1, "{got:?}");
        assert!(got.stderr.contains("foo/v1/a.proto"), "{}", got.stderr);
        assert!(got.stderr.contains("permission denied"), "{}", got.stderr);
    }
}

fn image_of(dir: &Path, out: &Path) {
    let status = protokit()
        .current_dir(dir)
        .args(["build", "-o"])
        .arg(out)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn image_inputs() {
    let ws = workspace();
    let root = ws.path();
    let img = root.join("img.binpb");
    image_of(root, &img);
    // An image has no modules: paths are file names, config from the current directory.
    let run_dir = tempfile::tempdir().unwrap();
    write_files(
        run_dir.path(),
        &[(
            "buf.yaml",
            "version: v2\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
        )],
    );
    let expected = "bar/v1/bar.proto:4:9:Message name \"bad_bar\" should be PascalCase, such as \"BadBar\".\nfoo/v1/foo.proto:4:9:Message name \"foo_msg\" should be PascalCase, such as \"FooMsg\".\nfoo/v2/x.proto:3:9:Message name \"lower\" should be PascalCase, such as \"Lower\".\n";
    let img_arg = img.to_str().unwrap();
    let got = lint(run_dir.path(), &[img_arg]);
    assert_eq!(
        (got.code, got.stdout.as_str()),
        (100, expected),
        "{}",
        got.stderr
    );
    if let Some(buf) = buf_lint(run_dir.path(), &[img_arg]) {
        assert_eq!((buf.code, buf.stdout.as_str()), (100, expected));
    }
    let got = lint(run_dir.path(), &[img_arg, "--path", "foo/v2"]);
    assert_eq!(
        got.stdout,
        expected.lines().nth(2).unwrap().to_string() + "\n"
    );
    check(
        run_dir.path(),
        &[img_arg, "--path", "proto/foo"],
        1,
        "",
        "Failure: image contains no files",
    );

    // `-` reads the image from standard input.
    let got = protokit()
        .current_dir(run_dir.path())
        .args(["lint", "-"])
        .stdin(std::fs::File::open(&img).unwrap())
        .output()
        .unwrap();
    assert_eq!(
        (
            got.status.code(),
            String::from_utf8_lossy(&got.stdout).as_ref()
        ),
        (Some(100), expected)
    );

    // Gzip-compressed images.
    let gz = run_dir.path().join("img.binpb.gz");
    let gzip = Command::new("sh")
        .arg("-c")
        .arg(format!("gzip -c '{}' > '{}'", img.display(), gz.display()))
        .status();
    if gzip.is_ok_and(|s| s.success()) {
        let got = lint(run_dir.path(), &["img.binpb.gz"]);
        assert_eq!(
            (got.code, got.stdout.as_str()),
            (100, expected),
            "{}",
            got.stderr
        );
    } else {
        eprintln!("gzip unavailable: compressed images not tested");
    }

    // A garbage image.
    let bad = run_dir.path().join("bad.binpb");
    std::fs::write(&bad, "garbage").unwrap();
    let got = lint(run_dir.path(), &["bad.binpb"]);
    assert_eq!(got.code, 1, "{got:?}");

    // Images built by buf, with and without source info (then findings are at 1:1).
    let Some(buf) = buf_bin() else {
        return skip("buf is not installed: images built by buf not tested");
    };
    for extra in [&[][..], &["--exclude-source-info"][..]] {
        let out = run_dir.path().join("buf.binpb");
        let status = Command::new(&buf)
            .current_dir(root)
            .args(["build", "-o"])
            .arg(&out)
            .args(extra)
            .status()
            .unwrap();
        assert!(status.success());
        let ours = lint(run_dir.path(), &["buf.binpb", "--error-format", "json"]);
        let theirs = buf_lint(run_dir.path(), &["buf.binpb", "--error-format", "json"]).unwrap();
        assert_eq!(
            (ours.code, &ours.stdout),
            (theirs.code, &theirs.stdout),
            "{extra:?}"
        );
    }
    // JSON images (`buf build -o image.json`), with and without source info.
    for extra in [&[][..], &["--exclude-source-info"][..]] {
        let out = run_dir.path().join("buf.json");
        let status = Command::new(&buf)
            .current_dir(root)
            .args(["build", "-o"])
            .arg(&out)
            .args(extra)
            .status()
            .unwrap();
        assert!(status.success());
        let ours = lint(run_dir.path(), &["buf.json", "--error-format", "json"]);
        let theirs = buf_lint(run_dir.path(), &["buf.json", "--error-format", "json"]).unwrap();
        assert_eq!(
            (ours.code, &ours.stdout),
            (theirs.code, &theirs.stdout),
            "JSON {extra:?}: {}",
            ours.stderr
        );
        assert_eq!(ours.code, 100);
    }
}

fn git(dir: &Path, args: &[&str]) -> bool {
    Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.email=t@example.com",
            "-c",
            "user.name=t",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn head(dir: &Path) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["rev-parse", "HEAD"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn git_inputs() {
    let ws = workspace();
    let root: PathBuf = ws.path().to_path_buf();
    if !git(&root, &["init", "-q"]) {
        return skip("git is not installed");
    }
    assert!(git(&root, &["checkout", "-q", "-b", "main"]));
    assert!(git(&root, &["add", "-A"]));
    assert!(git(&root, &["commit", "-qm", "one"]));
    assert!(git(&root, &["tag", "v1"]));
    let first = head(&root);
    write_files(
        &root,
        &[(
            "proto/foo/v2/y.proto",
            "syntax = \"proto3\";\npackage foo.v2;\nmessage lower2 {}\n",
        )],
    );
    assert!(git(&root, &["add", "-A"]));
    assert!(git(&root, &["commit", "-qm", "two"]));
    // Uncommitted changes are not seen.
    write_files(
        &root,
        &[(
            "proto/foo/v2/z.proto",
            "syntax = \"proto3\";\npackage foo.v2;\nmessage lower3 {}\n",
        )],
    );

    let y = "proto/foo/v2/y.proto:3:9:Message name \"lower2\" should be PascalCase, such as \"Lower2\".\n";
    let at_main = format!("{BAR}{FOO}{X}{y}");
    let at_v1 = format!("{BAR}{FOO}{X}");
    check(&root, &[".git#branch=main"], 100, &at_main, "");
    check(&root, &[".git"], 100, &at_main, "");
    check(&root, &[".git#tag=v1"], 100, &at_v1, "");
    check(&root, &[&format!(".git#ref={first}")], 100, &at_v1, "");
    check(&root, &[".git#ref=HEAD~1"], 100, &at_v1, "");
    check(
        &root,
        &[".git#branch=main,subdir=proto"],
        100,
        &format!("{FOO}{X}{y}"),
        "",
    );
    check(&root, &[".git#tag=v1,subdir=other"], 100, BAR, "");
    check(
        &root,
        &[".git#branch=main", "--path", "proto/foo/v1"],
        100,
        FOO,
        "",
    );
    let got = lint(&root, &[".git#branch=nope"]);
    assert_eq!(got.code, 1, "{got:?}");
    assert!(got.stderr.contains("nope"), "{}", got.stderr);
}

#[test]
fn nested_configurations() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let lower = "syntax = \"proto3\";\npackage a.v1;\nmessage lower {}\n";
    let finding =
        "a/v1/a.proto:3:9:Message name \"lower\" should be PascalCase, such as \"Lower\".\n";
    // A v1 buf.yaml under a v2 one belongs to the v2 workspace.
    write_files(
        root,
        &[
            ("v2/buf.yaml", "version: v2\n"),
            (
                "v2/sub/buf.yaml",
                "version: v1\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
            ),
            ("v2/sub/a/v1/a.proto", lower),
        ],
    );
    check(
        &root.join("v2/sub"),
        &[],
        1,
        "",
        "Failure: failed to build input \"sub\" because it is contained by module at path \".\" specified in your configuration, you must provide the workspace or module as the input, and filter to this path using --path",
    );
    // A buf.work.yaml that does not list the v1 module leaves it on its own.
    write_files(
        root,
        &[
            ("w/buf.work.yaml", "version: v1\ndirectories:\n  - other\n"),
            (
                "w/other/o/v1/o.proto",
                "syntax = \"proto3\";\npackage o.v1;\n",
            ),
            (
                "w/sub/buf.yaml",
                "version: v1\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
            ),
            ("w/sub/a/v1/a.proto", lower),
        ],
    );
    check(&root.join("w/sub"), &[], 100, finding, "");
    check(
        &root.join("w"),
        &["sub"],
        100,
        &format!("sub/{finding}"),
        "",
    );
}

#[test]
fn file_inputs_outside_modules() {
    let ws = workspace();
    let root = ws.path();
    write_files(
        root,
        &[(
            "loose.proto",
            "syntax = \"proto3\";\npackage x;\nmessage lower {}\n",
        )],
    );
    let nothing = "Failure: no .proto files were targeted. This can occur if no .proto files are found in your input, --path points to files that do not exist, or --exclude-path excludes all files.";
    check(root, &["loose.proto"], 1, "", nothing);
    check(root, &["proto/nonexist.proto"], 1, "", nothing);
    // From inside another module, buf joins that module's path to the file's name.
    check(
        &root.join("other/bar"),
        &["v1/bar.proto"],
        100,
        "../bar/v1/bar.proto:4:9:Message name \"bad_bar\" should be PascalCase, such as \"BadBar\".\n",
        "",
    );
}

#[cfg(unix)]
#[test]
fn dangling_symlinks_and_special_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            (
                "buf.yaml",
                "version: v2\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
            ),
            (
                "a/v1/a.proto",
                "syntax = \"proto3\";\npackage a.v1;\nmessage A {}\n",
            ),
        ],
    );
    std::os::unix::fs::symlink(root.join("nonexistent/x.proto"), root.join("a/v1/x.proto"))
        .unwrap();
    // A FIFO named .proto would block a reader forever.
    let fifo = Command::new("mkfifo")
        .arg(root.join("a/v1/f.proto"))
        .status();
    if !fifo.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable: FIFO not tested");
    }
    check(root, &[], 0, "", "");
}

#[test]
fn a_file_in_two_modules_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let file = "syntax = \"proto3\";\npackage x.v1;\nmessage A {}\n";
    write_files(
        root,
        &[
            (
                "buf.yaml",
                "version: v2\nmodules:\n  - path: a\n  - path: b\n",
            ),
            ("a/x/v1/x.proto", file),
            ("b/x/v1/x.proto", file),
        ],
    );
    for args in [&[][..], &["a"][..]] {
        let got = lint(root, args);
        assert_eq!(got.code, 1, "{got:?}");
        assert_eq!(
            got.stderr,
            "Failure: x/v1/x.proto is contained in multiple modules:\n  path: \"a\"\n  path: \"b\"\n"
        );
        if let Some(buf) = buf_lint(root, args) {
            assert_eq!(
                (buf.code, buf.stderr.as_str()),
                (got.code, got.stderr.as_str())
            );
        }
    }
}

#[test]
fn paths_above_modules_select_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            (
                "buf.yaml",
                "version: v2\nmodules:\n  - path: sub/x\n  - path: sub/y\n  - path: z\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
            ),
            ("sub/x/a/v1/a.proto", "syntax = \"proto3\";\npackage a.v1;\nmessage lower_a {}\n"),
            ("sub/y/b/v1/b.proto", "syntax = \"proto3\";\npackage b.v1;\nmessage lower_b {}\n"),
            ("z/c/v1/c.proto", "syntax = \"proto3\";\npackage c.v1;\nmessage lower_c {}\n"),
        ],
    );
    let a = "sub/x/a/v1/a.proto:3:9:Message name \"lower_a\" should be PascalCase, such as \"LowerA\".\n";
    let b = "sub/y/b/v1/b.proto:3:9:Message name \"lower_b\" should be PascalCase, such as \"LowerB\".\n";
    let c =
        "z/c/v1/c.proto:3:9:Message name \"lower_c\" should be PascalCase, such as \"LowerC\".\n";
    // A directory holding modules targets them.
    check(root, &["sub"], 100, &format!("{a}{b}"), "");
    check(
        root,
        &["--path", "sub"],
        1,
        "",
        "Failure: no .proto files were targeted. This can occur if no .proto files are found in your input, --path points to files that do not exist, or --exclude-path excludes all files.",
    );
    check(root, &["--path", "sub", "--path", "z/c"], 100, c, "");
    check(
        root,
        &["--exclude-path", "sub"],
        100,
        &format!("{a}{b}{c}"),
        "",
    );
}

#[test]
fn every_error_format_on_a_workspace() {
    let ws = workspace();
    let root = ws.path();
    for format in [
        "text",
        "json",
        "msvs",
        "junit",
        "github-actions",
        "gitlab-code-quality",
        "config-ignore-yaml",
    ] {
        let got = lint(root, &["--error-format", format]);
        assert_eq!(got.code, 100, "{format}: {}", got.stderr);
        assert!(
            got.stdout.contains("foo/v1/foo.proto"),
            "{format}: {}",
            got.stdout
        );
        if let Some(buf) = buf_lint(root, &["--error-format", format]) {
            assert_eq!(
                (buf.code, buf.stdout.as_str()),
                (got.code, got.stdout.as_str()),
                "{format}"
            );
        }
    }
    // config-ignore-yaml lists paths relative to each module.
    let got = lint(root, &["--error-format", "config-ignore-yaml"]);
    assert!(
        got.stdout.contains("      - foo/v1/foo.proto\n"),
        "{}",
        got.stdout
    );
    for format in ["sarif", "pretty"] {
        let got = lint(root, &["--error-format", format]);
        assert_eq!(got.code, 100, "{format}: {}", got.stderr);
        assert!(
            got.stdout.contains("proto/foo/v1/foo.proto"),
            "{format}: {}",
            got.stdout
        );
    }
}

#[test]
fn config_flag_picks_the_module_root_as_buf() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[(
            "a/b.proto",
            "syntax = \"proto3\";\npackage a;\nmessage lower {}\n",
        )],
    );
    // A v2 --config without a buf.yaml anywhere: the current directory is the module.
    check(
        root,
        &["a", "--config", "version: v2"],
        1,
        "",
        "Failure: failed to build input \"a\" because it is contained by module at path \".\" specified in your configuration, you must provide the workspace or module as the input, and filter to this path using --path",
    );
    // A v1 one: the input directory is.
    check(
        root,
        &[
            "a",
            "--config",
            "version: v1\nlint:\n  use: [MESSAGE_PASCAL_CASE]\n",
        ],
        100,
        "a/b.proto:3:9:Message name \"lower\" should be PascalCase, such as \"Lower\".\n",
        "",
    );
    // Imports that the --config module cannot see are reported at the import only.
    let ws = workspace();
    let got = lint(
        ws.path(),
        &["proto", "--config", "version: v1", "--error-format", "json"],
    );
    assert_eq!(got.code, 100, "{got:?}");
    let findings = parse_lint_json(&got.stdout).unwrap();
    assert!(
        findings
            .iter()
            .all(|f| f.path == "proto/foo/v1/foo.proto" && f.rule == "COMPILE"),
        "{findings:?}"
    );
    assert_eq!(&findings[0].range[..2], &[3, 1]);
}
