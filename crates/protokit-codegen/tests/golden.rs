//! Golden outputs for `fixtures/codegen/*`: every generated file of every fixture, as insta
//! snapshots. (`codegen-e2e` compiles the same outputs.)

use std::path::{Path, PathBuf};

use protokit_codegen::Options;
use protokit_compiler::compile::Compiler;
use protokit_compiler::resolver::{Embedded, FileResolverExt, IncludePaths};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/codegen")
}

fn protos(dir: &Path, root: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            protos(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "proto") {
            let rel = p.strip_prefix(root).unwrap().to_string_lossy();
            out.push(rel.replace('\\', "/"));
        }
    }
}

fn generate(name: &str) -> std::collections::BTreeMap<String, String> {
    let dir = fixtures().join(name);
    let mut names = Vec::new();
    protos(&dir, &dir, &mut names);
    let options: Vec<String> = std::fs::read_to_string(dir.join("options.txt"))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect();
    let options = Options::parse(&options).unwrap();
    let out = Compiler::new(IncludePaths::new([&dir]).or(Embedded))
        .include_imports(true)
        .include_source_info(true)
        .compile(&names)
        .unwrap_or_else(|e| panic!("{:?}", e.errors()));
    let files: Vec<_> = out
        .files()
        .iter()
        .map(|f| f.proto_with_source_info())
        .collect();
    let generated = protokit_codegen::generate(&files, &names, &options).unwrap();
    // Deterministic: a second run gives the same bytes.
    assert_eq!(
        generated,
        protokit_codegen::generate(&files, &names, &options).unwrap()
    );
    generated
}

fn check(name: &str) {
    let generated = generate(name);
    insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        for (file, code) in &generated {
            // FILE_DESCRIPTOR_SET bytes are not reviewable; they are checked in codegen-e2e.
            let code: String = code
                .lines()
                .map(|l| {
                    if l.starts_with("pub const FILE_DESCRIPTOR_SET") {
                        "pub const FILE_DESCRIPTOR_SET: &[u8] = b\"…\";"
                    } else {
                        l
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            insta::assert_snapshot!(format!("{name}__{file}"), code);
        }
    });
}

#[test]
fn services() {
    let generated = generate("services");
    let files: Vec<&str> = generated.keys().map(String::as_str).collect();
    assert_eq!(
        files,
        [
            "_.rs",
            "google.type.rs",
            "mod.rs",
            "shop.types.rs",
            "shop.v1.rs"
        ]
    );
    let shop = &generated["shop.v1.rs"];
    // Collisions renamed on the client only, by appending `_rpc` until free.
    for m in [
        "connect_rpc",
        "new_rpc",
        "with_origin_rpc",
        "send_compressed_rpc",
        "connect_rpc_rpc",
    ] {
        assert!(shop.contains(&format!("pub fn {m}(")), "{m}");
    }
    assert!(shop.contains("fn connect(\n") || shop.contains("fn connect(&self"));
    assert!(!shop.contains("async_trait"));
    check("services");
}

#[test]
fn editions() {
    check("editions");
}

#[test]
fn well_known_types_compiled_on_request() {
    // Only clock.proto is named to generate; the well-known types it imports are generated
    // too, since its code refers to them.
    let generated = generate("wkt");
    let files: Vec<&str> = generated.keys().map(String::as_str).collect();
    assert_eq!(files, ["clock.v1.rs", "google.protobuf.rs", "mod.rs"]);
    let clock = &generated["clock.v1.rs"];
    assert!(clock.contains("super::super::google::protobuf::Empty"));
    assert!(!clock.contains("prost_types"));
    check("wkt");
}

#[test]
fn options() {
    check("options");
}

#[test]
fn no_client_no_server() {
    let dir = fixtures().join("services");
    let out = Compiler::new(IncludePaths::new([&dir]).or(Embedded))
        .include_imports(true)
        .compile(&["shop/v1/shop.proto"])
        .unwrap();
    let files: Vec<_> = out.files().iter().map(|f| f.proto().clone()).collect();
    let code = |opts: &[&str]| {
        protokit_codegen::generate(
            &files,
            &["shop/v1/shop.proto"],
            &Options::parse(opts).unwrap(),
        )
        .unwrap()
        .remove("shop.v1.rs")
        .unwrap()
    };
    let both = code(&[]);
    assert!(both.contains("pub mod shop_client") && both.contains("pub mod shop_server"));
    let server_only = code(&["no_client"]);
    assert!(
        !server_only.contains("pub mod shop_client") && server_only.contains("pub mod shop_server")
    );
    let client_only = code(&["no_server", "no_transport"]);
    assert!(
        client_only.contains("pub mod shop_client") && !client_only.contains("pub mod shop_server")
    );
    assert!(!client_only.contains("transport"));
    let none = code(&["no_server", "no_client"]);
    assert!(!none.contains("_client") && !none.contains("_server"));
}

#[test]
fn generate_compiled_generates_the_inputs() {
    let dir = fixtures().join("services");
    let out = Compiler::new(IncludePaths::new([&dir]).or(Embedded))
        .include_imports(true)
        .compile(&["shop/types/money.proto"])
        .unwrap();
    let generated = protokit_codegen::generate_compiled(&out, &Options::default()).unwrap();
    let files: Vec<&str> = generated.keys().map(String::as_str).collect();
    assert_eq!(files, ["mod.rs", "shop.types.rs"]);
}

#[test]
fn missing_file_is_an_error() {
    let e = protokit_codegen::generate(&[], &["nope.proto"], &Options::default()).unwrap_err();
    assert_eq!(e.message(), "nope.proto: not among the compiled files");
}

#[test]
fn build_api_writes_packages_and_compiles_well_known_types_on_request() {
    let dir = fixtures().join("services");
    let out = tempfile::tempdir().unwrap();
    protokit_codegen::configure()
        .out_dir(out.path())
        .emit_rerun_if_changed(false)
        .opt("compile_well_known_types")
        .compile_protos(&[dir.join("shop/v1/shop.proto")], &[&dir])
        .unwrap();
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "_.rs",
            "google.protobuf.rs",
            "google.type.rs",
            "mod.rs",
            "shop.types.rs",
            "shop.v1.rs"
        ]
    );
    let shop = std::fs::read_to_string(out.path().join("shop.v1.rs")).unwrap();
    // Empty is a generated message now, not `()`.
    assert!(shop.contains("super::super::google::protobuf::Empty"));

    // A bad option is reported by compile_protos, naming it.
    let e = protokit_codegen::configure()
        .out_dir(out.path())
        .opt("no_such_option")
        .compile_protos(&[dir.join("shop/v1/shop.proto")], &[&dir])
        .unwrap_err();
    assert!(e.to_string().contains("\"no_such_option\""), "{e}");
}
