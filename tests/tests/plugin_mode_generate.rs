//! Plugin mode, generate: protoc 35.1 running protokit as `protoc-gen-*` (a symlink, `protokit
//! plugin --mode generate`, the bare binary) and `buf generate` with a `local` plugin
//! (`strategy: all`) write the same bytes as `protokit generate` on the same files and options.
//! Runs per directory (buf's `strategy: directory`, protoc once per directory as a Bazel rule
//! per target would) with `mod_file=false`, plus one `mod_file=only` run, write the same bytes
//! too: with `layout=directory` even for a package spread over several directories.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use protokit_tests::{buf_bin, protokit, protokit_bin, skip, workspace_root, write_files, Protoc};

const SHOP: &str = r#"syntax = "proto3";
package acme.v1;
import "google/protobuf/timestamp.proto";
// An order.
message Order {
  string id = 1;
  optional int32 qty = 2;
  google.protobuf.Timestamp at = 3;
}
service Shop { rpc Get(Order) returns (Order); }
"#;

const MORE: &str = "edition = \"2023\";\npackage acme.v1;\nmessage More { int32 x = 1; }\n";

const OTHER: &str = "syntax = \"proto3\";\npackage acme.v2;\nimport \"acme/v1/shop.proto\";\nmessage X { acme.v1.Order o = 1; }\n";

/// Every file under `dir`, by relative path.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn launchers(dir: &Path) -> Vec<(PathBuf, Option<&'static str>)> {
    use std::os::unix::fs::PermissionsExt;
    let bin = protokit_bin();
    let links = dir.join("bin");
    std::fs::create_dir_all(&links).unwrap();
    let named = links.join("protoc-gen-protokit");
    std::os::unix::fs::symlink(&bin, &named).unwrap();
    let script = links.join("generate.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nexec '{}' plugin --mode generate\n",
            bin.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    vec![(named, None), (script, None), (bin, Some("mode=generate"))]
}

#[test]
fn protoc_plugin_writes_what_protokit_generate_writes() {
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (grpcio-tools) is not installed");
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            ("proto/acme/v1/shop.proto", SHOP),
            ("proto/acme/v1/more.proto", MORE),
            ("proto/acme/v2/x.proto", OTHER),
        ],
    );
    let expected_dir = root.join("expected");
    let out = protokit()
        .current_dir(root.join("proto"))
        .args(["generate", "-o"])
        .arg(&expected_dir)
        .args(["--opt", "no_server", "--opt", "bytes=.acme.v1.Order"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = tree(&expected_dir);
    assert!(expected.contains_key("mod.rs") && expected.contains_key("acme.v1.rs"));

    for (i, (program, mode)) in launchers(root).into_iter().enumerate() {
        let out_dir = root.join(format!("out{i}"));
        std::fs::create_dir_all(&out_dir).unwrap();
        let mut param = vec!["no_server", "bytes=.acme.v1.Order"];
        param.extend(mode);
        // Files in another order than protokit generate lists them: the bytes do not change.
        let out = protoc
            .command()
            .current_dir(root.join("proto"))
            .arg("-I.")
            .arg(format!("-I{}", protoc.wkt_dir().display()))
            .arg(format!("--plugin=protoc-gen-pk={}", program.display()))
            .arg(format!("--pk_out={}", out_dir.display()))
            .arg(format!("--pk_opt={}", param.join(",")))
            .args([
                "acme/v2/x.proto",
                "acme/v1/shop.proto",
                "acme/v1/more.proto",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            program.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(tree(&out_dir) == expected, "{}", program.display());
    }

    // A bad option is an error response naming it.
    let out = protoc
        .command()
        .current_dir(root.join("proto"))
        .arg("-I.")
        .arg(format!(
            "--plugin=protoc-gen-pk={}",
            protokit_bin().display()
        ))
        .arg(format!("--pk_out={}", root.display()))
        .arg("--pk_opt=no_srever")
        .arg("acme/v1/more.proto")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--pk_out: unknown option \"no_srever\""),
        "{stderr}"
    );
}

#[test]
fn buf_generate_with_protokit_as_a_local_plugin() {
    let Some(buf) = buf_bin() else {
        return skip("buf 1.75.0 is not installed");
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            ("buf.yaml", "version: v2\nmodules:\n  - path: proto\n"),
            ("proto/acme/v1/shop.proto", SHOP),
            ("proto/acme/v1/more.proto", MORE),
            ("proto/acme/v2/x.proto", OTHER),
            (
                "buf.gen.yaml",
                &format!(
                    "version: v2\nplugins:\n  - local: ['{}', plugin]\n    out: gen\n    opt: [no_client]\n    strategy: all\n",
                    protokit_bin().display()
                ),
            ),
        ],
    );
    let out = Command::new(&buf)
        .current_dir(root)
        .arg("generate")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = protokit()
        .current_dir(root)
        .args(["generate", "-o", "expected", "--opt", "no_client"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(tree(&root.join("gen")) == tree(&root.join("expected")));
}

/// Debian's protoc 3.21 (`apt-get install protobuf-compiler`), when installed, drives generate
/// mode to the same bytes as protoc 35.1 (proto3 files: 3.21 has no editions).
#[test]
fn debian_protoc_generates_the_same_files() {
    let (Some(protoc), Some(old)) = (
        Protoc::find(),
        ["/usr/bin/protoc", "protoc"].into_iter().find(|p| {
            Command::new(p)
                .arg("--version")
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).starts_with("libprotoc 3."))
        }),
    ) else {
        return skip("protoc 35.1 (grpcio-tools) or Debian's protoc 3.21 is not installed");
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            ("proto/acme/v1/shop.proto", SHOP),
            ("proto/acme/v2/x.proto", OTHER),
        ],
    );
    let named = launchers(root)[0].0.clone();
    let mut trees = Vec::new();
    for (i, mut cmd) in [protoc.command(), Command::new(old)]
        .into_iter()
        .enumerate()
    {
        let out_dir = root.join(format!("out{i}"));
        std::fs::create_dir_all(&out_dir).unwrap();
        let out = cmd
            .current_dir(root.join("proto"))
            .arg("-I.")
            .arg(format!("-I{}", protoc.wkt_dir().display()))
            .arg(format!("--plugin=protoc-gen-pk={}", named.display()))
            .arg(format!("--pk_out=no_client:{}", out_dir.display()))
            .args(["acme/v1/shop.proto", "acme/v2/x.proto"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        trees.push(tree(&out_dir));
    }
    assert!(trees[0].contains_key("acme.v2.rs"));
    assert!(trees[0] == trees[1]);
}

/// `fixtures/codegen/split` (package `acme.core.v1` over four directories, the root one
/// included) as a buf module under `root/proto`, without its `options.txt`.
fn split_fixture(root: &Path) -> Vec<String> {
    let src = workspace_root().join("fixtures/codegen/split");
    let mut names: Vec<String> = tree(&src)
        .into_keys()
        .filter(|n| n.ends_with(".proto"))
        .collect();
    names.sort();
    for name in &names {
        let to = root.join("proto").join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(src.join(name), to).unwrap();
    }
    std::fs::write(
        root.join("buf.yaml"),
        "version: v2\nmodules:\n  - path: proto\n",
    )
    .unwrap();
    names
}

/// `protokit generate` on `root` (a buf workspace) with `opts`, into `root/expected`.
fn expected(root: &Path, opts: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let mut cmd = protokit();
    cmd.current_dir(root).args(["generate", "-o", "expected"]);
    for o in opts {
        cmd.args(["--opt", o]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    tree(&root.join("expected"))
}

/// `buf generate` with `buf.gen.yaml` = `plugins` (YAML list items), in `root`; buf's stderr.
fn buf_generate(buf: &Path, root: &Path, plugins: &str) -> String {
    std::fs::write(
        root.join("buf.gen.yaml"),
        format!("version: v2\nplugins:\n{plugins}"),
    )
    .unwrap();
    let out = Command::new(buf)
        .current_dir(root)
        .arg("generate")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// A `buf.gen.yaml` plugin entry running protokit into `gen`.
fn entry(strategy: &str, opts: &str) -> String {
    format!(
        "  - local: ['{}', plugin]\n    out: gen\n    opt: [{opts}]\n    strategy: {strategy}\n",
        protokit_bin().display()
    )
}

#[test]
fn buf_strategy_directory_with_a_mod_only_run() {
    let Some(buf) = buf_bin() else {
        return skip("buf 1.75.0 is not installed");
    };
    // A package spread over directories: layout=directory.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    split_fixture(root);
    let want = expected(root, &["layout=directory", "no_client"]);
    assert!(want.contains_key("acme/core/more/acme.core.v1.rs") && want.contains_key("mod.rs"));
    let stderr = buf_generate(
        &buf,
        root,
        &format!(
            "{}{}",
            entry("directory", "layout=directory, mod_file=false, no_client"),
            entry("all", "layout=directory, mod_file=only, no_client")
        ),
    );
    assert!(
        !stderr.contains("duplicate generated file name"),
        "{stderr}"
    );
    assert!(
        tree(&root.join("gen")) == want,
        "{:?}",
        tree(&root.join("gen")).keys()
    );

    // Without the options, every directory's run writes its own mod.rs: buf keeps one (this is
    // what the options are for; if buf ever fails instead, the docs need a word).
    std::fs::remove_dir_all(root.join("gen")).unwrap();
    let stderr = buf_generate(&buf, root, &entry("directory", "layout=directory"));
    assert!(
        stderr.contains("duplicate generated file name \"mod.rs\""),
        "{stderr}"
    );

    // One package per directory (buf's PACKAGE_DIRECTORY_MATCH): the default layout works
    // the same way.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write_files(
        root,
        &[
            ("buf.yaml", "version: v2\nmodules:\n  - path: proto\n"),
            ("proto/acme/v1/shop.proto", SHOP),
            ("proto/acme/v1/more.proto", MORE),
            ("proto/acme/v2/x.proto", OTHER),
        ],
    );
    let want = expected(root, &["no_server"]);
    let stderr = buf_generate(
        &buf,
        root,
        &format!(
            "{}{}",
            entry("directory", "mod_file=false, no_server"),
            entry("all", "mod_file=only, no_server")
        ),
    );
    assert!(
        !stderr.contains("duplicate generated file name"),
        "{stderr}"
    );
    assert!(tree(&root.join("gen")) == want);
}

/// protoc once per directory (as a build system's rule per target runs it) plus once with
/// `mod_file=only` over everything: the files of one `protokit generate --opt
/// layout=directory`.
#[test]
fn protoc_per_directory_with_a_mod_only_run() {
    let Some(protoc) = Protoc::find() else {
        return skip("protoc (grpcio-tools) is not installed");
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let names = split_fixture(root);
    let want = expected(root, &["layout=directory"]);
    let mut by_dir: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for n in &names {
        let d = n.rsplit_once('/').map_or("", |(d, _)| d);
        by_dir.entry(d).or_default().push(n);
    }
    assert_eq!(by_dir.len(), 5, "{by_dir:?}");
    let out_dir = root.join("gen");
    std::fs::create_dir_all(&out_dir).unwrap();
    let program = launchers(root)[0].0.clone();
    let run = |opt: &str, files: &[&str]| {
        let out = protoc
            .command()
            .current_dir(root.join("proto"))
            .arg("-I.")
            .arg(format!("--plugin=protoc-gen-pk={}", program.display()))
            .arg(format!("--pk_out={}", out_dir.display()))
            .arg(format!("--pk_opt={opt}"))
            .args(files)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    for files in by_dir.values() {
        let (code, stderr) = run("layout=directory,mod_file=false", files);
        assert_eq!(code, Some(0), "{files:?}: {stderr}");
    }
    let all: Vec<&str> = names.iter().map(String::as_str).collect();
    let (code, stderr) = run("layout=directory,mod_file=only", &all);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(tree(&out_dir) == want, "{:?}", tree(&out_dir).keys());

    // Bad values are error responses naming the key.
    for (opt, key) in [("mod_file=maybe", "mod_file"), ("layout=flat", "layout")] {
        let (code, stderr) = run(opt, &["root.proto"]);
        assert_eq!(code, Some(1));
        assert!(
            stderr.contains(&format!("--pk_out: option \"{key}\"")),
            "{stderr}"
        );
    }
}
