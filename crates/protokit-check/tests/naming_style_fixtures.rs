//! The naming, style, comment and unary-RPC lint rules against buf 1.75.0's recorded output.
//!
//! Each `fixtures/lint/<dir>/` holds a `buf.yaml` enabling one rule, `.proto` files with cases
//! it must and must not report, and `buf.json` / `buf.exit`: what `buf lint --error-format
//! json` printed and exited with there. This test compiles the directory with our compiler,
//! lints it with the config the `buf.yaml` describes and compares every finding (path, range,
//! rule, message). It also runs each rule's docs example (must trigger exactly that rule) and
//! its fixed version (must not).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use protokit_check::config::{ConfigVersion, LintConfig};
use protokit_check::image::Image;
use protokit_check::lint;
use protokit_compiler::compile::Compiler;
use protokit_compiler::resolver::{Embedded, FileResolverExt, InMemory, IncludePaths};

/// Fixture directories this test owns, each named after its rule (plus `__variant`).
const FIXTURES: &[&str] = &[
    "comment_enum",
    "comment_enum_value",
    "comment_field",
    "comment_field__v1",
    "comment_message",
    "comment_oneof",
    "comment_rpc",
    "comment_service",
    "enum_first_value_zero",
    "enum_no_allow_alias",
    "enum_pascal_case",
    "enum_value_prefix",
    "enum_value_upper_snake_case",
    "enum_zero_value_suffix",
    "enum_zero_value_suffix__custom",
    "field_lower_snake_case",
    "field_no_descriptor",
    "field_not_required",
    "file_lower_snake_case",
    "message_pascal_case",
    "oneof_lower_snake_case",
    "package_lower_snake_case",
    "rpc_no_client_streaming",
    "rpc_no_server_streaming",
    "rpc_pascal_case",
    "service_pascal_case",
    "service_suffix",
    "service_suffix__custom",
    "syntax_specified",
];

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/lint")
}

fn proto_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            proto_files(root, &p, out);
        } else if p.extension().is_some_and(|e| e == "proto") {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push(rel);
        }
    }
}

/// The subset of `buf.yaml` these fixtures use.
fn config(dir: &Path) -> LintConfig {
    let text = std::fs::read_to_string(dir.join("buf.yaml")).unwrap();
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let version = ConfigVersion::from_name(yaml["version"].as_str().unwrap()).unwrap();
    let mut config = LintConfig::for_version(version);
    let lint = &yaml["lint"];
    config.use_ids = lint["use"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    if let Some(s) = lint["enum_zero_value_suffix"].as_str() {
        config.enum_zero_value_suffix = s.to_string();
    }
    if let Some(s) = lint["service_suffix"].as_str() {
        config.service_suffix = s.to_string();
    }
    config
}

/// One finding as `buf lint --error-format json` prints it; file-level findings without a
/// location print as 1:1-1:1.
type Row = (String, u32, u32, u32, u32, String, String);

fn lint_dir(dir: &Path) -> Result<Vec<Row>, String> {
    let mut names = Vec::new();
    proto_files(dir, dir, &mut names);
    let out = Compiler::new(IncludePaths::new([dir]).or(Embedded))
        .include_source_info(true)
        .compile(&names)
        .map_err(|e| format!("does not compile: {e:?}"))?;
    let image = Image::from_compile_output(&out);
    Ok(lint::run(&image, &config(dir))
        .unwrap()
        .into_iter()
        .map(|d| {
            let (sl, sc, el, ec) = d.position.map_or((1, 1, 1, 1), |p| {
                (p.start_line, p.start_column, p.end_line, p.end_column)
            });
            (
                d.file,
                sl,
                sc,
                el,
                ec,
                d.rule.unwrap_or_default(),
                d.message,
            )
        })
        .collect())
}

fn buf_rows(dir: &Path) -> Vec<Row> {
    let text = std::fs::read_to_string(dir.join("buf.json")).unwrap();
    let mut rows: Vec<Row> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let n = |k: &str| v[k].as_u64().unwrap() as u32;
            (
                v["path"].as_str().unwrap().to_string(),
                n("start_line"),
                n("start_column"),
                n("end_line"),
                n("end_column"),
                v["type"].as_str().unwrap().to_string(),
                v["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn fixtures_match_buf() {
    let root = fixtures_root();
    let mut failures = Vec::new();
    for name in FIXTURES {
        let dir = root.join(name);
        let want = buf_rows(&dir);
        let exit: i32 = std::fs::read_to_string(dir.join("buf.exit"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(!want.is_empty(), "{name}: the fixture must have findings");
        assert_eq!(exit, 100, "{name}: buf.exit");
        let mut got = match lint_dir(&dir) {
            Ok(got) => got,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        got.sort();
        if got != want {
            let missing: Vec<_> = want.iter().filter(|r| !got.contains(r)).collect();
            let extra: Vec<_> = got.iter().filter(|r| !want.contains(r)).collect();
            failures.push(format!(
                "{name}:\n  missing {missing:#?}\n  extra {extra:#?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every fixture enables exactly the rule it is named after.
#[test]
fn fixtures_enable_their_rule() {
    for name in FIXTURES {
        let dir = fixtures_root().join(name);
        let rule = name.split("__").next().unwrap().to_ascii_uppercase();
        assert_eq!(config(&dir).use_ids, vec![rule.clone()], "{name}");
        for row in buf_rows(&dir) {
            assert_eq!(row.5, rule, "{name}: {row:?}");
        }
    }
}

/// The files of a docs example: text after a `// file: PATH` line is file PATH, text before
/// the first such line is at `default_path` (the convention of `docs/rules`).
fn example_files(default_path: &str, text: &str) -> Vec<(String, String)> {
    let mut files = vec![(default_path.to_string(), String::new())];
    for line in text.lines() {
        if let Some(path) = line.trim().strip_prefix("// file: ") {
            files.push((path.trim().to_string(), String::new()));
            continue;
        }
        let last = files.last_mut().unwrap();
        last.1.push_str(line);
        last.1.push('\n');
    }
    files.retain(|(_, t)| !t.trim().is_empty());
    files
}

#[test]
fn docs_examples_trigger_exactly_their_rule() {
    let mut by_rule: BTreeMap<String, usize> = BTreeMap::new();
    for name in FIXTURES.iter().filter(|n| !n.contains("__")) {
        let id = name.to_ascii_uppercase();
        let meta = lint::registry::rule(&id).unwrap();
        let docs = meta.docs;
        assert!(!docs.what.is_empty() && !docs.why.is_empty(), "{id}: docs");
        let version = if id == "FIELD_NO_DESCRIPTOR" {
            ConfigVersion::V1Beta1
        } else {
            ConfigVersion::V2
        };
        let config = LintConfig {
            use_ids: vec![id.clone()],
            ..LintConfig::for_version(version)
        };
        for (text, want_findings) in [(docs.example, true), (docs.use_instead, false)] {
            let files = example_files(docs.example_path, text);
            let mut memory = InMemory::new();
            for (path, text) in &files {
                memory.insert(path.clone(), text.clone());
            }
            let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
            let out = Compiler::new(memory.or(Embedded))
                .include_source_info(true)
                .compile(&names)
                .unwrap_or_else(|e| panic!("{id}: docs example does not compile: {e:?}"));
            let findings = lint::run(&Image::from_compile_output(&out), &config).unwrap();
            if want_findings {
                assert!(!findings.is_empty(), "{id}: example has no finding");
                *by_rule.entry(id.clone()).or_default() += findings.len();
            } else {
                assert!(
                    findings.is_empty(),
                    "{id}: use_instead has findings: {findings:?}"
                );
            }
        }
    }
    assert_eq!(
        by_rule.len(),
        FIXTURES.iter().filter(|n| !n.contains("__")).count()
    );
}

/// Without source info there is nothing to read comments from: buf reports no COMMENT_*
/// finding at all (checked with `buf build --exclude-source-info` + `buf lint image.binpb`).
#[test]
fn comment_rules_are_silent_without_source_info() {
    for name in FIXTURES.iter().filter(|n| n.starts_with("comment_")) {
        let dir = fixtures_root().join(name);
        let mut names = Vec::new();
        proto_files(&dir, &dir, &mut names);
        let out = Compiler::new(IncludePaths::new([&dir]).or(Embedded))
            .include_source_info(false)
            .compile(&names)
            .unwrap();
        let mut image = Image::from_compile_output(&out);
        for f in &mut image.files {
            f.proto.source_code_info = None;
            *f = protokit_check::image::ImageFile::new(f.proto.clone().into_owned(), f.is_import);
        }
        let findings = lint::run(&image, &config(&dir)).unwrap();
        assert!(findings.is_empty(), "{name}: {findings:?}");
    }
}

/// An image made by `buf build --exclude-source-info` has no `syntax` for explicit proto2 files
/// either; buf tells them apart by its file extension's `is_syntax_unspecified` (field 3 of
/// extension 8042), and so do we.
#[test]
fn syntax_specified_reads_buf_image_extension() {
    #[derive(Clone, PartialEq, prost::Message)]
    struct Set {
        #[prost(message, repeated, tag = "1")]
        file: Vec<File>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    struct File {
        #[prost(string, optional, tag = "1")]
        name: Option<String>,
        #[prost(string, optional, tag = "2")]
        package: Option<String>,
        #[prost(message, optional, tag = "8042")]
        buf: Option<Ext>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    struct Ext {
        #[prost(bool, optional, tag = "1")]
        is_import: Option<bool>,
        #[prost(bool, optional, tag = "3")]
        is_syntax_unspecified: Option<bool>,
    }
    use prost::Message as _;
    let file = |name: &str, unspecified: Option<bool>| File {
        name: Some(name.to_string()),
        package: Some("a".to_string()),
        buf: unspecified.map(|u| Ext {
            is_import: Some(false),
            is_syntax_unspecified: Some(u),
        }),
    };
    let set = Set {
        file: vec![
            file("explicit_proto2.proto", Some(false)),
            file("none.proto", Some(true)),
            file("plain_set.proto", None),
        ],
    };
    let image = Image::decode(&set.encode_to_vec()).unwrap();
    let config = LintConfig {
        use_ids: vec!["SYNTAX_SPECIFIED".to_string()],
        ..LintConfig::default()
    };
    let found: Vec<_> = lint::run(&image, &config)
        .unwrap()
        .into_iter()
        .map(|d| (d.file, d.position))
        .collect();
    assert_eq!(
        found,
        [
            ("none.proto".to_string(), None),
            ("plain_set.proto".to_string(), None)
        ]
    );
}
