//! `protokit breaking` as a user runs it: git references in real repositories (branches, tags,
//! commits, `ref=` revisions, subdirectories, a shallow clone, a CI-style clone without local
//! branches, a submodule), directories, images, flags, error formats, and every error case.
//!
//! Expected outputs were recorded from buf 1.75.0 on the same trees; when buf is installed
//! (see `protokit_tests::buf_bin`) the cases where protokit means to agree with buf also run
//! buf live and require the same findings (`--error-format json`) and exit code, and for
//! validation errors the same `Failure: …` line. Where protokit deliberately differs (a
//! missing ref names the `git fetch` that fixes it instead of buf's clone failure), only the
//! exit code is compared.

use std::path::{Path, PathBuf};
use std::process::Command;

use protokit_tests::{
    buf_bin, finding_diff, output, parse_lint_json, protokit, skip, write_files, Out,
};

fn run(mut cmd: Command, dir: &Path) -> Out {
    output(cmd.current_dir(dir))
}

fn breaking(dir: &Path, args: &[&str]) -> Out {
    let mut cmd = protokit();
    cmd.arg("breaking").args(args);
    run(cmd, dir)
}

fn buf_breaking(dir: &Path, args: &[&str]) -> Option<Out> {
    let buf = buf_bin()?;
    let mut cmd = Command::new(buf);
    cmd.arg("breaking").args(args);
    // buf clones submodules over file:// URLs, which git refuses by default.
    cmd.env("GIT_CONFIG_COUNT", "1")
        .env("GIT_CONFIG_KEY_0", "protocol.file.allow")
        .env("GIT_CONFIG_VALUE_0", "always");
    Some(run(cmd, dir))
}

/// The `Failure:` line (buf prints usage text and git's own output around some).
fn failure(stderr: &str) -> &str {
    stderr
        .lines()
        .find(|l| l.starts_with("Failure: "))
        .unwrap_or("")
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
            "-c",
            "protocol.file.allow=always",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
        ])
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

fn rev(dir: &Path, spec: &str) -> String {
    let out = Command::new("git")
        .current_dir(dir)
        .args(["rev-parse", spec])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Runs protokit (and buf, when installed) with `--error-format json`: the exit code must be
/// `code`, the findings `expected` (JSON lines as buf prints them), and buf must agree.
#[track_caller]
fn check(dir: &Path, args: &[&str], code: i32, expected: &str) {
    let mut full: Vec<&str> = args.to_vec();
    full.extend(["--error-format", "json"]);
    let ours = breaking(dir, &full);
    let want = parse_lint_json(expected).unwrap();
    let got = parse_lint_json(&ours.stdout).unwrap_or_default();
    assert_eq!(
        ours.code, code,
        "{args:?}: exit code\nstdout: {}\nstderr: {}",
        ours.stdout, ours.stderr
    );
    let diff = finding_diff(&want, &got, 20);
    assert!(diff.is_empty(), "{args:?}: findings differ:\n{diff}");
    if let Some(theirs) = buf_breaking(dir, &full) {
        let buf_findings = parse_lint_json(&theirs.stdout).unwrap_or_default();
        let diff = finding_diff(&buf_findings, &got, 20);
        assert!(
            diff.is_empty() && theirs.code == ours.code,
            "{args:?}: protokit differs from buf (exit {} vs {}):\n{diff}{}",
            ours.code,
            theirs.code,
            theirs.stderr
        );
    }
}

/// Runs protokit expecting exit 1 with `Failure: {message}`; with `same_as_buf`, buf must print
/// the same line (else only exit 1).
#[track_caller]
fn check_failure(dir: &Path, args: &[&str], message: &str, same_as_buf: bool) {
    let ours = breaking(dir, args);
    assert_eq!(ours.code, 1, "{args:?}: {ours:?}");
    assert_eq!(
        failure(&ours.stderr),
        format!("Failure: {message}"),
        "{args:?}"
    );
    assert!(ours.stdout.is_empty(), "{args:?}: {}", ours.stdout);
    if let Some(theirs) = buf_breaking(dir, args) {
        assert_eq!(theirs.code, 1, "{args:?}: buf: {theirs:?}");
        if same_as_buf {
            assert_eq!(
                failure(&theirs.stderr),
                failure(&ours.stderr),
                "{args:?}: buf's text"
            );
        }
    }
}

const A1: &str = "syntax = \"proto3\";\npackage foo.v1;\nmessage A {\n  string name = 1;\n  int32 id = 2;\n}\nmessage Gone {}\n";
const A2: &str = "syntax = \"proto3\";\npackage foo.v1;\nmessage A {\n  string name = 1;\n}\n";
const B1: &str = "syntax = \"proto3\";\npackage foo.v1;\nmessage B { string x = 1; }\n";

const FILE_DELETED: &str = r#"{"path":"","start_line":1,"start_column":1,"end_line":1,"end_column":1,"type":"FILE_NO_DELETE","message":"Previously present file \"foo/v1/b.proto\" was deleted."}"#;
const GONE: &str = r#"{"path":"proto/foo/v1/a.proto","start_line":1,"start_column":1,"end_line":1,"end_column":1,"type":"MESSAGE_NO_DELETE","message":"Previously present message \"Gone\" was deleted from file."}"#;
/// Against the working tree, where A spans lines 3-4.
const ID: &str = r#"{"path":"proto/foo/v1/a.proto","start_line":3,"start_column":1,"end_line":4,"end_column":2,"type":"FIELD_NO_DELETE","message":"Previously present field \"2\" with name \"id\" on message \"A\" was deleted."}"#;
const NAME_UNCOMMITTED: &str = r#"{"path":"proto/foo/v1/a.proto","start_line":3,"start_column":1,"end_line":4,"end_column":2,"type":"FIELD_NO_DELETE","message":"Previously present field \"1\" with name \"name\" on message \"A\" was deleted."}"#;

/// A repository: `v1` (tag, and `refs/pull/1/head`) has a.proto with A{name,id}, Gone and
/// b.proto; `main` (second commit) drops A.id, Gone and b.proto; the working tree also drops
/// A.name, uncommitted.
fn repo() -> Option<tempfile::TempDir> {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    if !git(root, &["init", "-q"]) {
        return None;
    }
    write_files(
        root,
        &[
            (
                "buf.yaml",
                "version: v2\nmodules:\n  - path: proto\nbreaking:\n  use: [FILE]\n",
            ),
            ("proto/foo/v1/a.proto", A1),
            ("proto/foo/v1/b.proto", B1),
            ("README.md", "not a proto file\n"),
        ],
    );
    assert!(git(root, &["add", "-A"]));
    assert!(git(root, &["commit", "-qm", "one"]));
    assert!(git(root, &["tag", "v1"]));
    assert!(git(root, &["tag", "-a", "-m", "annotated", "v1-annotated"]));
    let first = rev(root, "HEAD");
    assert!(git(root, &["update-ref", "refs/pull/1/head", &first]));
    write_files(root, &[("proto/foo/v1/a.proto", A2)]);
    assert!(git(root, &["rm", "-q", "proto/foo/v1/b.proto"]));
    assert!(git(root, &["commit", "-qam", "two"]));
    // Uncommitted: never part of a git input.
    write_files(
        root,
        &[(
            "proto/foo/v1/a.proto",
            "syntax = \"proto3\";\npackage foo.v1;\nmessage A {\n}\n",
        )],
    );
    Some(dir)
}

#[test]
fn git_reference_forms() {
    let Some(dir) = repo() else {
        return skip("git is not installed");
    };
    let root = dir.path();
    let first = rev(root, "v1");
    let short = &first[..7];
    let against_v1 = format!("{FILE_DELETED}\n{GONE}\n{ID}\n{NAME_UNCOMMITTED}\n");
    let against_main = format!("{NAME_UNCOMMITTED}\n");
    let commit = format!(".git#commit={first}");
    let short_ref = format!(".git#ref={short}");
    for against in [
        ".git#tag=v1",
        ".git#tag=v1-annotated",
        ".git#tag=v1,depth=1",
        ".git#ref=HEAD~1",
        ".git#ref=HEAD~1,depth=2",
        ".git#ref=refs/tags/v1",
        ".git#ref=refs/pull/1/head",
        ".git#branch=main,ref=HEAD~1",
        ".git#format=git,tag=v1",
        ".#format=git,tag=v1",
        ".git#ref=HEAD~1,subdir=proto",
        ".git#ref=HEAD~1,subdir=./proto/",
        &commit,
        &short_ref,
    ] {
        check(root, &["--against", against], 100, &against_v1);
    }
    for against in [
        ".git",
        ".git#branch=main",
        ".git#ref=main",
        ".git#ref=HEAD",
        ".git#recurse_submodules=false",
    ] {
        check(root, &["--against", against], 100, &against_main);
    }
    // Both sides from git: nothing uncommitted anywhere.
    check(
        root,
        &[".git#branch=main", "--against", ".git#tag=v1"],
        100,
        &format!(
            "{FILE_DELETED}\n{GONE}\n{}\n",
            ID.replace("\"end_line\":4", "\"end_line\":5")
        ),
    );
    check(
        root,
        &[".git#tag=v1", "--against", ".git#branch=main"],
        0,
        "",
    );
    // From inside the module directory, findings are relative to it.
    check(
        &root.join("proto"),
        &["--against", "../.git#tag=v1,subdir=proto"],
        100,
        &against_v1.replace("proto/foo", "foo"),
    );
}

#[test]
fn git_errors() {
    let Some(dir) = repo() else {
        return skip("git is not installed");
    };
    let root = dir.path();
    // Validation: buf's texts.
    for (arg, message) in [
        (".git#", "\".git#\" ends with # which is invalid"),
        ("#format=git", "\"#format=git\" starts with # which is invalid"),
        ("a#b#c", "\"a#b#c\" has multiple #s which is invalid"),
        (".git#branch", "invalid options: \"branch\""),
        (".git#branch=", "invalid options: \"branch=\""),
        (".git#branch=a=b", "invalid options: \"branch=a=b\""),
        (".git#foo=bar", "invalid key: \"foo\""),
        (".git#tag=a,tag=b", "duplicate options key: \"tag\""),
        (".git#format=foo", "unknown format: \"foo\""),
        (".git#depth=0", "\"depth\" must be >0 if specified"),
        (".git#depth=abc", "could not parse \"depth\" value \"abc\""),
        (".git#depth=-1", "could not parse \"depth\" value \"-1\""),
        (
            ".git#recurse_submodules=yes",
            "could not parse recurse_submodules value \"yes\"",
        ),
        (
            ".git#branch=main,tag=v1",
            "must specify only one of \"branch\", \"commit\", or \"tag\"",
        ),
        (
            ".git#tag=v1,ref=HEAD",
            "cannot specify \"commit\" or \"tag\" with \"ref\"",
        ),
        ("proto#branch=main", "invalid options for input \"proto#branch=main\" for format \"dir\": git options set"),
        ("proto#subdir=x", "invalid options for input \"proto#subdir=x\" for format \"dir\": subdir set"),
        (".git#subdir=../x", "../x: is outside the context directory"),
        (
            ".git#tag=v1,subdir=proto/../../x",
            "proto/../../x: is outside the context directory",
        ),
        (".git#subdir=/abs", "/abs: expected to be relative"),
        (".git#subdir=nope", "Module \"path: \"nope\"\" had no .proto files"),
        (
            ".git#subdir=proto/foo",
            "failed to build input \"proto/foo\" because it is contained by module at path \"proto\" specified in your configuration, you must provide the workspace or module as the input, and filter to this path using --path",
        ),
    ] {
        check_failure(root, &["--against", arg], message, true);
    }
    // Missing references: the fix, not buf's clone failure.
    for (arg, message) in [
        (
            ".git#branch=nope",
            "branch \"nope\" is not in the git repository .git; fetch it with: git fetch origin nope:nope",
        ),
        (
            ".git#tag=nope",
            "tag \"nope\" is not in the git repository .git; fetch it with: git fetch origin tag nope",
        ),
        (
            ".git#commit=0000000000000000000000000000000000000000",
            "commit \"0000000000000000000000000000000000000000\" is not in the git repository .git; fetch it with: git fetch origin 0000000000000000000000000000000000000000",
        ),
        (
            ".git#ref=refs/pull/2/head",
            "ref \"refs/pull/2/head\" is not in the git repository .git; fetch it with: git fetch origin refs/pull/2/head:refs/pull/2/head",
        ),
        (
            ".git#branch=main,ref=HEAD~5",
            "ref \"HEAD~5\" is not in the git repository .git; fetch it, e.g. with: git fetch --unshallow (shallow clones) or git fetch origin",
        ),
    ] {
        check_failure(root, &["--against", arg], message, false);
    }
    let ours = breaking(root, &["--against", "nope.git#branch=main"]);
    assert_eq!(ours.code, 1);
    assert!(
        ours.stderr
            .contains("does not appear to be a git repository"),
        "{}",
        ours.stderr
    );
}

#[test]
fn shallow_and_ci_clones() {
    let Some(dir) = repo() else {
        return skip("git is not installed");
    };
    let origin = dir.path();
    assert!(git(origin, &["branch", "feature", "v1"]));
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.display());
    // `git clone --depth 1`: HEAD~1 is not there; the message says how to get it.
    assert!(git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"]
    ));
    let shallow = clones.path().join("shallow");
    check_failure(
        &shallow,
        &["--against", ".git#ref=HEAD~1"],
        "ref \"HEAD~1\" is not in the git repository .git; the repository is a shallow clone; fetch its full history with: git fetch --unshallow",
        false,
    );
    check_failure(
        &shallow,
        &["--against", ".git#branch=feature"],
        "branch \"feature\" is not in the git repository .git; fetch it with: git fetch origin feature:feature",
        false,
    );
    check(&shallow, &["--against", ".git#branch=main"], 0, "");
    // A CI checkout (actions/checkout with fetch-depth: 0): detached HEAD, no local branches,
    // every branch as origin/NAME.
    assert!(git(clones.path(), &["clone", "-q", &url, "ci"]));
    let ci = clones.path().join("ci");
    assert!(git(&ci, &["checkout", "-q", "--detach"]));
    assert!(git(&ci, &["branch", "-q", "-D", "main"]));
    check_failure(
        &ci,
        &["--against", ".git#branch=feature"],
        "branch \"feature\" is not in the git repository .git (only the remote-tracking branch \"origin/feature\" is); create it with: git fetch origin feature:feature, or use #branch=origin/feature",
        false,
    );
    let id = ID.replace("\"end_line\":4", "\"end_line\":5");
    let v1 = format!("{FILE_DELETED}\n{GONE}\n{id}\n");
    check(&ci, &["--against", ".git#branch=origin/feature"], 100, &v1);
    check(&ci, &["--against", ".git#ref=origin/feature"], 100, &v1);
    // The command the message gives fixes it.
    assert!(git(&ci, &["fetch", "-q", "origin", "feature:feature"]));
    check(&ci, &["--against", ".git#branch=feature"], 100, &v1);
}

#[test]
fn submodules() {
    let top = tempfile::tempdir().unwrap();
    let sub = top.path().join("sub");
    std::fs::create_dir_all(&sub).unwrap();
    if !git(&sub, &["init", "-q"]) {
        return skip("git is not installed");
    }
    write_files(
        &sub,
        &[(
            "s/s.proto",
            "syntax = \"proto3\";\npackage s;\nmessage S {\n  int32 x = 1;\n  int32 y = 2;\n}\n",
        )],
    );
    assert!(git(&sub, &["add", "-A"]));
    assert!(git(&sub, &["commit", "-qm", "s1"]));
    let main = top.path().join("main");
    std::fs::create_dir_all(&main).unwrap();
    assert!(git(&main, &["init", "-q"]));
    write_files(
        &main,
        &[
            (
                "buf.yaml",
                "version: v2\nmodules:\n  - path: .\n    excludes: [vendor]\n  - path: vendor\n",
            ),
            (
                "a.proto",
                "syntax = \"proto3\";\npackage a;\nimport \"s/s.proto\";\nmessage A { s.S s = 1; }\n",
            ),
        ],
    );
    let url = format!("file://{}", sub.display());
    assert!(git(&main, &["submodule", "-q", "add", &url, "vendor"]));
    assert!(git(&main, &["add", "-A"]));
    assert!(git(&main, &["commit", "-qm", "one"]));
    write_files(
        &sub,
        &[(
            "s/s.proto",
            "syntax = \"proto3\";\npackage s;\nmessage S {\n  int32 x = 1;\n}\n",
        )],
    );
    assert!(git(&sub, &["commit", "-qam", "s2"]));
    assert!(git(&main.join("vendor"), &["pull", "-q", "origin", "main"]));
    assert!(git(&main, &["add", "-A"]));
    assert!(git(&main, &["commit", "-qm", "two"]));

    let y = r#"{"path":"vendor/s/s.proto","start_line":3,"start_column":1,"end_line":5,"end_column":2,"type":"FIELD_NO_DELETE","message":"Previously present field \"2\" with name \"y\" on message \"S\" was deleted."}"#;
    check(
        &main,
        &["--against", ".git#ref=HEAD~1,recurse_submodules=true"],
        100,
        &format!("{y}\n"),
    );
    check(
        &main,
        &["--against", ".git#branch=main,recurse_submodules=true"],
        0,
        "",
    );
    // Without recurse_submodules the submodule's module is empty.
    let ours = breaking(&main, &["--against", ".git#ref=HEAD~1"]);
    assert_eq!(ours.code, 1, "{ours:?}");
    // A submodule that was never checked out cannot be read.
    let clones = tempfile::tempdir().unwrap();
    let main_url = format!("file://{}", main.display());
    assert!(git(clones.path(), &["clone", "-q", &main_url, "c"]));
    let c = clones.path().join("c");
    let ours = breaking(
        &c,
        &[
            ".git#recurse_submodules=true",
            "--against",
            ".git#ref=HEAD~1,recurse_submodules=true",
        ],
    );
    assert_eq!(ours.code, 1, "{ours:?}");
    assert!(
        ours.stderr.contains(
            "submodule \"vendor\" is not checked out; run: git submodule update --init --recursive"
        ),
        "{}",
        ours.stderr
    );
}

/// Two v2 workspaces (previous/current) of two modules, `a` importing `b`.
fn workspaces() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let x = "syntax = \"proto3\";\npackage pa;\nimport \"pb/y.proto\";\nmessage M {\n  pb.O o = 1;\n  int32 n = 2;\n}\n";
    let y = "syntax = \"proto3\";\npackage pb;\nmessage O {\n  int32 z = 1;\n  int32 w = 2;\n}\nmessage Q {}\n";
    write_files(
        dir.path(),
        &[
            (
                "prev/buf.yaml",
                "version: v2\nmodules:\n  - path: b\n  - path: a\n",
            ),
            ("prev/a/pa/x.proto", x),
            ("prev/b/pb/y.proto", y),
            (
                "cur/buf.yaml",
                "version: v2\nmodules:\n  - path: a\n    breaking:\n      use: [PACKAGE]\n  - path: b\n",
            ),
            (
                "cur/a/pa/x.proto",
                "syntax = \"proto3\";\npackage pa;\nimport \"pb/y.proto\";\nmessage M {\n  pb.O o = 1;\n}\n",
            ),
            (
                "cur/b/pb/y.proto",
                "syntax = \"proto3\";\npackage pb;\nmessage O {\n  int32 z = 1;\n}\n",
            ),
            ("single/buf.yaml", "version: v2\n"),
            (
                "single/pa/x.proto",
                "syntax = \"proto3\";\npackage pa;\nmessage M {}\n",
            ),
        ],
    );
    dir
}

#[test]
fn workspaces_flags_and_images() {
    let dir = workspaces();
    let cur = dir.path().join("cur");
    let n = r#"{"path":"a/pa/x.proto","start_line":4,"start_column":1,"end_line":6,"end_column":2,"type":"FIELD_NO_DELETE","message":"Previously present field \"2\" with name \"n\" on message \"M\" was deleted."}"#;
    let w = r#"{"path":"b/pb/y.proto","start_line":3,"start_column":1,"end_line":5,"end_column":2,"type":"FIELD_NO_DELETE","message":"Previously present field \"2\" with name \"w\" on message \"O\" was deleted."}"#;
    let q_pkg = r#"{"path":"b/pb/y.proto","start_line":1,"start_column":1,"end_line":1,"end_column":1,"type":"PACKAGE_MESSAGE_NO_DELETE","message":"Previously present message \"Q\" was deleted from package \"pb\"."}"#;
    let q_file = r#"{"path":"b/pb/y.proto","start_line":1,"start_column":1,"end_line":1,"end_column":1,"type":"MESSAGE_NO_DELETE","message":"Previously present message \"Q\" was deleted from file."}"#;
    // Module images in path order, each with its own config; a's image has b's file as an
    // import, so its PACKAGE rules see Q go.
    check(
        &cur,
        &["--against", "../prev"],
        100,
        &format!("{n}\n{w}\n{q_pkg}\n{q_file}\n"),
    );
    check(
        &cur,
        &["--against", "../prev", "--exclude-imports"],
        100,
        &format!("{n}\n{w}\n{q_file}\n"),
    );
    check(
        &cur,
        &["a", "--against", "../prev/a"],
        100,
        &format!("{n}\n{w}\n{q_pkg}\n"),
    );
    check(
        &cur,
        &["a", "--against", "../prev/a", "--exclude-imports"],
        100,
        &format!("{n}\n"),
    );
    // --config replaces the current configuration, --against-config the against one.
    check(
        &cur,
        &[
            "--against",
            "../prev",
            "--config",
            "version: v2\nmodules: [{path: a}, {path: b}]\nbreaking:\n  use: [FIELD_NO_DELETE]\n",
        ],
        100,
        &format!("{n}\n{w}\n"),
    );
    // The against configuration says how to read the against input; its breaking block is
    // not used.
    check(
        &cur,
        &[
            "--against",
            "../prev",
            "--against-config",
            "version: v2\nmodules: [{path: a}, {path: b}]\nbreaking:\n  use: [WIRE]\n",
        ],
        100,
        &format!("{n}\n{w}\n{q_pkg}\n{q_file}\n"),
    );
    check_failure(
        &cur,
        &["--against", "../single"],
        "input contained 2 images, whereas against contained 1 images",
        true,
    );
    check_failure(
        &cur,
        &["--against", "../prev", "--path", "a/pa"],
        "../cur/a/pa: is outside the context directory",
        true,
    );
    check_failure(
        &cur,
        &["--against", "../nonexist"],
        "Module \"path: \"../nonexist\"\" had no .proto files",
        false,
    );
    check_failure(
        &cur,
        &[
            "--against",
            "../prev",
            "--error-format",
            "config-ignore-yaml",
        ],
        "--error-format: invalid format: \"config-ignore-yaml\"",
        true,
    );
    check_failure(&cur, &[], "Must set --against or --against-registry", true);

    // Images: from protokit build (with imports) and without imports.
    let images = tempfile::tempdir().unwrap();
    let prev_img = images.path().join("prev.binpb");
    let cur_img = images.path().join("cur.binpb");
    let bad_img = images.path().join("bad.binpb");
    std::fs::write(&bad_img, b"not an image").unwrap();
    for (src, out) in [("prev/a", &prev_img), ("cur/a", &cur_img)] {
        let mut cmd = protokit();
        cmd.args(["build", src, "-I", &src.replace("/a", "/b"), "-o"])
            .arg(out);
        let built = run(cmd, dir.path());
        assert_eq!(built.code, 0, "{built:?}");
    }
    let (p, c, bad) = (
        prev_img.to_str().unwrap(),
        cur_img.to_str().unwrap(),
        bad_img.to_str().unwrap(),
    );
    let n_img = n.replace("a/pa/x.proto", "pa/x.proto");
    let w_img = w.replace("b/pb/y.proto", "pb/y.proto");
    let q_img = q_file.replace("b/pb/y.proto", "pb/y.proto");
    let empty = tempfile::tempdir().unwrap();
    check(
        empty.path(),
        &[c, "--against", p],
        100,
        &format!("{n_img}\n{w_img}\n{q_img}\n"),
    );
    // protokit build writes a plain FileDescriptorSet: no file is marked as an import (buf
    // reads it the same way), so --exclude-imports keeps them all.
    check(
        empty.path(),
        &[c, "--against", p, "--exclude-imports"],
        100,
        &format!("{n_img}\n{w_img}\n{q_img}\n"),
    );
    check(
        empty.path(),
        &[c, "--against", p, "--path", "pb"],
        100,
        &format!("{w_img}\n{q_img}\n"),
    );
    check(
        &cur,
        &["a", "--against", p],
        100,
        &format!("{n}\n{w}\n{q_pkg}\n"),
    );
    check_failure(
        empty.path(),
        &[c, "--against", bad],
        "wire unmarshal: proto: cannot parse invalid wire-format data",
        // Go's protobuf puts a random space or NBSP after `proto:` to stop string matching.
        false,
    );
    check_failure(
        empty.path(),
        &[c, "--against", "missing.binpb"],
        "open missing.binpb: no such file or directory",
        true,
    );
}

#[test]
fn paths_limits_compile_errors_and_formats() {
    let Some(dir) = repo() else {
        return skip("git is not installed");
    };
    let root = dir.path();
    let v1 = ".git#tag=v1";
    check(
        root,
        &["--against", v1, "--path", "proto/foo/v1/a.proto"],
        100,
        &format!("{GONE}\n{ID}\n{NAME_UNCOMMITTED}\n"),
    );
    check(
        root,
        &["--against", v1, "--limit-to-input-files"],
        100,
        &format!("{GONE}\n{ID}\n{NAME_UNCOMMITTED}\n"),
    );
    check(
        root,
        &["--against", v1, "--exclude-path", "proto/foo/v1/b.proto"],
        100,
        &format!("{GONE}\n{ID}\n{NAME_UNCOMMITTED}\n"),
    );
    check(
        root,
        &["proto/foo/v1/a.proto", "--against", v1],
        100,
        &format!("{FILE_DELETED}\n{GONE}\n{ID}\n{NAME_UNCOMMITTED}\n"),
    );
    check_failure(
        root,
        &["--against", v1, "--path", "proto/foo/v1/b.proto"],
        "no .proto files were targeted. This can occur if no .proto files are found in your input, --path points to files that do not exist, or --exclude-path excludes all files.",
        true,
    );
    // Every format buf breaking has prints what buf prints.
    if buf_bin().is_some() {
        for format in [
            "text",
            "msvs",
            "junit",
            "github-actions",
            "gitlab-code-quality",
        ] {
            let args = ["--against", v1, "--error-format", format];
            let ours = breaking(root, &args);
            let theirs = buf_breaking(root, &args).unwrap();
            assert_eq!(ours.code, 100, "{format}: {ours:?}");
            if format == "gitlab-code-quality" {
                // Fingerprints are hashes; compare the shape.
                assert_eq!(
                    ours.stdout.matches("\"check_name\"").count(),
                    theirs.stdout.matches("\"check_name\"").count()
                );
            } else {
                assert_eq!(ours.stdout, theirs.stdout, "{format}");
            }
        }
    }
    for format in ["sarif", "pretty"] {
        let ours = breaking(root, &["--against", v1, "--error-format", format]);
        assert_eq!(ours.code, 100, "{format}: {ours:?}");
        assert!(
            ours.stdout.contains("FIELD_NO_DELETE"),
            "{format}: {}",
            ours.stdout
        );
    }
    // Compile errors: the input's (the against input is then not read), then the against's.
    let broken = "syntax = \"proto3\";\npackage foo.v1;\nmessage A {\n  Unknown name = 1;\n}\n";
    write_files(root, &[("proto/foo/v1/a.proto", broken)]);
    let ours = breaking(root, &["--against", "nope.git", "--error-format", "json"]);
    assert_eq!(ours.code, 100, "{ours:?}");
    let found = parse_lint_json(&ours.stdout).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (
            found[0].path.as_str(),
            found[0].range,
            found[0].rule.as_str()
        ),
        ("proto/foo/v1/a.proto", [4, 3, 4, 10], "COMPILE")
    );
    assert!(git(root, &["commit", "-qam", "broken"]));
    write_files(root, &[("proto/foo/v1/a.proto", A2)]);
    let ours = breaking(
        root,
        &["--against", ".git#branch=main", "--error-format", "json"],
    );
    assert_eq!(ours.code, 100, "{ours:?}");
    let found = parse_lint_json(&ours.stdout).unwrap();
    assert_eq!(
        (
            found[0].path.as_str(),
            found[0].range,
            found[0].rule.as_str()
        ),
        ("proto/foo/v1/a.proto", [4, 3, 4, 10], "COMPILE")
    );
    // Compile errors are the only finding kind whose message is the compiler's own (protoc's
    // words, not buf's), so only their positions are compared with buf.
    if let Some(theirs) = buf_breaking(
        root,
        &["--against", ".git#branch=main", "--error-format", "json"],
    ) {
        let b = parse_lint_json(&theirs.stdout).unwrap();
        assert_eq!(theirs.code, 100);
        assert_eq!(
            (b[0].path.as_str(), b[0].range),
            (found[0].path.as_str(), found[0].range)
        );
    }
    let _ = PathBuf::new();
}
