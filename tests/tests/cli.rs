//! The `protokit` binary's command line: `build`, `protoc` mode, usage errors, outputs.

use std::path::Path;
use std::process::Output;

use prost::Message;
use protokit_tests::protokit;

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn file_names(bytes: &[u8]) -> Vec<String> {
    prost_types::FileDescriptorSet::decode(bytes)
        .expect("a FileDescriptorSet")
        .file
        .into_iter()
        .map(|f| f.name().to_string())
        .collect()
}

/// A directory with a small module: `shop/v1/shop.proto` imports `shop/v1/money.proto`.
fn module() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "shop/v1/money.proto",
        "syntax = \"proto3\";\npackage shop.v1;\nmessage Money { int64 units = 1; }\n",
    );
    write(
        dir.path(),
        "shop/v1/shop.proto",
        "syntax = \"proto3\";\npackage shop.v1;\nimport \"shop/v1/money.proto\";\n\
         message Item { Money price = 1; }\n",
    );
    dir
}

#[test]
fn protoc_mode_usage_errors_exit_1() {
    let dir = module();
    let cases: &[(&[&str], &str)] = &[
        (&["protoc", "-I."], "Missing input file."),
        (
            &["protoc", "shop/v1/shop.proto"],
            "Missing output directives.",
        ),
        (&["protoc", "--bogus=1", "a.proto"], "Unknown flag: --bogus"),
        (&["protoc", "-o"], "Missing value for flag: -o"),
        (
            &[
                "protoc",
                "--error_format=xml",
                "-oout",
                "shop/v1/shop.proto",
            ],
            "Unknown error format: xml",
        ),
        (
            &["protoc", "--cpp_out=.", "shop/v1/shop.proto"],
            "--cpp_out: protokit has no built-in code generators",
        ),
        (
            &["protoc", "-oout.binpb", "nope.proto"],
            "Could not make proto path relative: nope.proto: No such file or directory",
        ),
    ];
    for (args, message) in cases {
        let out = protokit()
            .current_dir(dir.path())
            .args(*args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains(message),
            "{args:?}: expected {message:?} in {:?}",
            stderr(&out)
        );
    }
    assert!(!dir.path().join("out").exists());
}

#[test]
fn top_level_usage_errors_exit_1_and_help_exits_0() {
    let out = protokit().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = protokit().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = protokit().args(["build"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "-o is required");
    assert!(stderr(&out).contains("--output"), "{}", stderr(&out));
    let out = protokit().args(["--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("build"));
}

#[test]
fn version_mentions_the_protoc_release() {
    let out = protokit().args(["protoc", "--version"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("libprotoc 35.1"), "{text}");
    let out = protokit().args(["--version"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("protokit "));
}

#[test]
fn build_directory_to_stdout_includes_imports() {
    let dir = module();
    let out = protokit()
        .current_dir(dir.path())
        .args(["build", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        file_names(&out.stdout),
        ["shop/v1/money.proto", "shop/v1/shop.proto"]
    );
    let set = prost_types::FileDescriptorSet::decode(&out.stdout[..]).unwrap();
    assert!(set.file.iter().all(|f| f.source_code_info.is_some()));

    let out = protokit()
        .current_dir(dir.path())
        .args([
            "build",
            ".",
            "-o",
            "-",
            "--exclude-source-info",
            "--exclude-imports",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let set = prost_types::FileDescriptorSet::decode(&out.stdout[..]).unwrap();
    assert!(set.file.iter().all(|f| f.source_code_info.is_none()));
}

#[test]
fn build_honours_buf_yaml_modules_and_excludes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "proto/a/v1/a.proto",
        "syntax = \"proto3\";\npackage a.v1;\n",
    );
    write(root, "proto/internal/x.proto", "this is not protobuf\n");
    write(
        root,
        "other/b/v1/b.proto",
        "syntax = \"proto3\";\npackage b.v1;\n",
    );
    write(
        root,
        "buf.yaml",
        "version: v2\nmodules:\n  - path: proto\n    excludes: [proto/internal]\n  - path: other\n",
    );
    let out = protokit()
        .args(["build", root.to_str().unwrap(), "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(file_names(&out.stdout), ["a/v1/a.proto", "b/v1/b.proto"]);
}

#[test]
fn build_single_file_with_include_path() {
    let dir = module();
    let out = protokit()
        .current_dir(dir.path())
        .args(["build", "shop/v1/shop.proto", "-I", ".", "-o", "-"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        file_names(&out.stdout),
        ["shop/v1/money.proto", "shop/v1/shop.proto"]
    );
}

#[test]
fn outputs_are_written_atomically_and_not_on_error() {
    let dir = module();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("image.binpb");

    let out = protokit()
        .current_dir(dir.path())
        .args(["protoc", "-I.", "--include_imports", "-o"])
        .arg(&target)
        .arg("shop/v1/shop.proto")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let good = std::fs::read(&target).unwrap();
    assert_eq!(
        file_names(&good),
        ["shop/v1/money.proto", "shop/v1/shop.proto"]
    );

    // A failing run leaves the previous output untouched and no temporary files behind.
    write(
        dir.path(),
        "broken.proto",
        "syntax = \"proto3\";\nimport \"missing.proto\";\n",
    );
    let out = protokit()
        .current_dir(dir.path())
        .args(["protoc", "-I.", "-o"])
        .arg(&target)
        .arg("broken.proto")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "missing.proto: File not found.\n\
         broken.proto:2:1: Import \"missing.proto\" was not found or had errors.\n"
    );
    assert_eq!(std::fs::read(&target).unwrap(), good);
    let fresh = out_dir.join("fresh.binpb");
    let out = protokit()
        .current_dir(dir.path())
        .args(["protoc", "-I.", "-o"])
        .arg(&fresh)
        .arg("broken.proto")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!fresh.exists(), "nothing is written on error");
    let leftovers: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["image.binpb"]);
}

#[test]
fn argfile_gives_one_argument_per_line() {
    let dir = module();
    write(
        dir.path(),
        "args.txt",
        "-I.\n--include_imports\n-oviaargs.binpb\nshop/v1/shop.proto\n",
    );
    let out = protokit()
        .current_dir(dir.path())
        .args(["protoc", "@args.txt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let via_file = std::fs::read(dir.path().join("viaargs.binpb")).unwrap();

    let out = protokit()
        .current_dir(dir.path())
        .args([
            "protoc",
            "-I.",
            "--include_imports",
            "-odirect.binpb",
            "shop/v1/shop.proto",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        via_file,
        std::fs::read(dir.path().join("direct.binpb")).unwrap()
    );

    let out = protokit()
        .current_dir(dir.path())
        .args(["protoc", "@missing-args.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn error_formats() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.proto",
        "syntax = \"proto3\";\nimport \"b.proto\";\n",
    );
    write(
        dir.path(),
        "b.proto",
        "syntax = \"proto3\";\nimport \"a.proto\";\n",
    );
    let run = |format: &str| {
        let out = protokit()
            .current_dir(dir.path())
            .args(["protoc", "-I.", "-oout.binpb", format, "a.proto"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        stderr(&out)
    };
    assert_eq!(
        run("--error_format=gcc"),
        "a.proto:2:1: File recursively imports itself: a.proto -> b.proto -> a.proto\n\
         b.proto:2:1: Import \"a.proto\" was not found or had errors.\n\
         a.proto:2:1: Import \"b.proto\" was not found or had errors.\n"
    );
    assert_eq!(
        run("--error_format=msvs"),
        "a.proto(2) : error in column=1: File recursively imports itself: a.proto -> b.proto -> a.proto\n\
         b.proto(2) : error in column=1: Import \"a.proto\" was not found or had errors.\n\
         a.proto(2) : error in column=1: Import \"b.proto\" was not found or had errors.\n"
    );
}

#[test]
fn errors_name_files_by_their_disk_path() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "protos/c.proto",
        "syntax = \"proto3\";\n\nimport \"gone.proto\";\n",
    );
    let out = protokit()
        .current_dir(dir.path())
        .args(["protoc", "-Iprotos", "-oout.binpb", "protos/c.proto"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "gone.proto: File not found.\n\
         protos/c.proto:3:1: Import \"gone.proto\" was not found or had errors.\n"
    );
}

#[cfg(unix)]
#[test]
fn behaves_as_protoc_when_invoked_as_protoc() {
    let dir = module();
    let bin_dir = tempfile::tempdir().unwrap();
    let protoc = bin_dir.path().join("protoc");
    std::os::unix::fs::symlink(protokit_tests::protokit_bin(), &protoc).unwrap();

    let out = std::process::Command::new(&protoc)
        .arg("--version")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("libprotoc 35.1"));

    let out = std::process::Command::new(&protoc)
        .current_dir(dir.path())
        .args([
            "--proto_path=.",
            "--include_imports",
            "--descriptor_set_out=set.binpb",
            "shop/v1/shop.proto",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let set = std::fs::read(dir.path().join("set.binpb")).unwrap();
    assert_eq!(
        file_names(&set),
        ["shop/v1/money.proto", "shop/v1/shop.proto"]
    );
}

#[test]
fn well_known_types_are_built_in() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t.proto",
        "syntax = \"proto3\";\nimport \"google/protobuf/timestamp.proto\";\n",
    );
    let out = protokit()
        .current_dir(dir.path())
        .args(["protoc", "--include_imports", "-oout.binpb", "t.proto"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let set = std::fs::read(dir.path().join("out.binpb")).unwrap();
    assert_eq!(
        file_names(&set),
        ["google/protobuf/timestamp.proto", "t.proto"]
    );
}

#[test]
fn build_can_show_errors_as_source_snippets() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.proto",
        "syntax = \"proto3\";\nmessage A { B b = 1; }\n",
    );
    let out = protokit()
        .current_dir(dir.path())
        .args(["build", "-o", "out.binpb", "--error-format", "rich"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = stderr(&out);
    assert!(text.contains("error: \"B\" is not defined."), "{text}");
    assert!(text.contains("--> a.proto:2:13"), "{text}");
    assert!(text.contains("message A { B b = 1; }"), "{text}");
    assert!(!dir.path().join("out.binpb").exists());
}

#[test]
fn unwritable_output_is_an_error_like_protoc() {
    let dir = module();
    let out = protokit()
        .current_dir(dir.path())
        .args(["protoc", "-I.", "-onodir/x.binpb", "shop/v1/money.proto"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stderr(&out), "nodir/x.binpb: No such file or directory\n");
}
