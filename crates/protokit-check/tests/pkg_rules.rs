//! The package, import and RPC rules (DIRECTORY_SAME_PACKAGE, PACKAGE_*, IMPORT_*,
//! RPC_REQUEST_*, RPC_RESPONSE_STANDARD_NAME, STABLE_PACKAGE_NO_IMPORT_UNSTABLE) on their
//! fixtures, through the library: each `fixtures/lint/<dir>/` is compiled as one module
//! (the directory is the root, as buf v2 has it), linted with the rules and keys its
//! `buf.yaml` names, and the findings must equal buf 1.75.0's recorded `buf.json` (path,
//! range, rule, message) and `buf.exit`.

use std::path::{Path, PathBuf};

use protokit_check::config::LintConfig;
use protokit_check::image::Image;
use protokit_check::lint;
use protokit_compiler::compile::Compiler;
use protokit_compiler::resolver::{Embedded, FileResolverExt, IncludePaths};

mod common;
use common::{buf_findings, proto_files, show, Finding};

const FIXTURES: &[&str] = &[
    "directory_same_package",
    "import_no_public",
    "import_no_weak",
    "import_used",
    "package_defined",
    "package_directory_match",
    "package_no_import_cycle",
    "package_same_csharp_namespace",
    "package_same_directory",
    "package_same_go_package",
    "package_same_java_multiple_files",
    "package_same_java_package",
    "package_same_php_namespace",
    "package_same_ruby_package",
    "package_same_swift_prefix",
    "package_version_suffix",
    "rpc_request_response_unique",
    "rpc_request_response_unique__allow_empty",
    "rpc_request_response_unique__allow_empty_requests",
    "rpc_request_response_unique__allow_same",
    "rpc_request_standard_name",
    "rpc_request_standard_name__allow_empty",
    "rpc_response_standard_name",
    "rpc_response_standard_name__allow_empty",
    "stable_package_no_import_unstable",
];

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lint")
}

/// The lint keys of the fixture's `buf.yaml` these rules read.
fn config(dir: &Path) -> LintConfig {
    let text = std::fs::read_to_string(dir.join("buf.yaml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(yaml["version"].as_str(), Some("v2"), "{}", dir.display());
    let lint = &yaml["lint"];
    let flag = |k: &str| lint[k].as_bool().unwrap_or(false);
    LintConfig {
        use_ids: lint["use"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect(),
        rpc_allow_same_request_response: flag("rpc_allow_same_request_response"),
        rpc_allow_google_protobuf_empty_requests: flag("rpc_allow_google_protobuf_empty_requests"),
        rpc_allow_google_protobuf_empty_responses: flag(
            "rpc_allow_google_protobuf_empty_responses",
        ),
        ..LintConfig::default()
    }
}

fn protokit_findings(dir: &Path) -> Vec<Finding> {
    let mut names = Vec::new();
    proto_files(dir, dir, &mut names);
    let compiler = Compiler::new(IncludePaths::new([dir]).or(Embedded)).include_source_info(true);
    let out = compiler
        .compile(&names)
        .unwrap_or_else(|e| panic!("{} does not compile: {e:?}", dir.display()));
    let image = Image::from_compile_output(&out);
    let mut found: Vec<Finding> = lint::run(&image, &config(dir))
        .unwrap()
        .into_iter()
        .map(|d| {
            // buf prints findings without a location at 1:1.
            let r = d.position.map_or([1, 1, 1, 1], |p| {
                [p.start_line, p.start_column, p.end_line, p.end_column].map(u64::from)
            });
            (d.file, r, d.rule.unwrap_or_default(), d.message)
        })
        .collect();
    found.sort();
    found
}

#[test]
fn fixtures_match_buf() {
    let root = fixtures_root();
    let mut problems = String::new();
    for name in FIXTURES {
        let dir = root.join(name);
        let expected = buf_findings(&dir);
        let exit: i32 = std::fs::read_to_string(dir.join("buf.exit"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert_eq!(
            exit,
            if expected.is_empty() { 0 } else { 100 },
            "{name}: buf.exit"
        );
        let actual = protokit_findings(&dir);
        if actual != expected {
            let missing: Vec<Finding> = expected
                .iter()
                .filter(|f| !actual.contains(f))
                .cloned()
                .collect();
            let extra: Vec<Finding> = actual
                .iter()
                .filter(|f| !expected.contains(f))
                .cloned()
                .collect();
            problems += &format!(
                "{name}:\n missing:\n{} unexpected:\n{}",
                show(&missing),
                show(&extra)
            );
        }
    }
    assert!(problems.is_empty(), "{problems}");
}
