//! `--error-format` output against buf 1.75.0's, recorded in `fixtures/formats/` by
//! `fixtures/formats/record.sh`: each case's findings are read back from buf's `json` output,
//! rendered in every format and compared byte for byte with what buf printed. When buf is
//! installed, the recordings are also re-made in a temporary copy and compared (drift check).

use std::path::{Path, PathBuf};
use std::process::Command;

use protokit_diagnostics::formats::{
    gitlab_fingerprint, render, FormatContext, OutputFormat, RuleInfo,
};
use protokit_diagnostics::{Diagnostic, Position, SourceMap, Span};
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/formats")
}

fn cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .filter_map(|e| {
            let e = e.unwrap();
            e.file_type()
                .unwrap()
                .is_dir()
                .then(|| e.file_name().into_string().unwrap())
        })
        .collect();
    cases.sort();
    cases
}

/// The findings of a case, read from buf's `json` output (one object a line).
fn findings(case: &str) -> Vec<Diagnostic> {
    let json = std::fs::read_to_string(fixtures().join(case).join("json.out")).unwrap();
    json.lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line).unwrap();
            let n = |k: &str| v[k].as_u64().unwrap() as u32;
            let position = Position {
                start_line: n("start_line"),
                start_column: n("start_column"),
                end_line: n("end_line"),
                end_column: n("end_column"),
            };
            let d = Diagnostic::error(v["path"].as_str().unwrap(), v["message"].as_str().unwrap())
                .with_rule(v["type"].as_str().unwrap());
            // The image without source info has no positions: buf prints 1:1 for them,
            // which is what must come out of a finding without one.
            if case == "nosrc" {
                d
            } else {
                d.with_position(position)
            }
        })
        .collect()
}

/// `(format, exit code)` recorded for a case.
fn recorded_formats(case: &str) -> Vec<(String, i32)> {
    std::fs::read_to_string(fixtures().join(case).join("exit_codes.txt"))
        .unwrap()
        .lines()
        .map(|l| {
            let (f, code) = l.split_once(' ').unwrap();
            (f.to_owned(), code.parse().unwrap())
        })
        .collect()
}

/// buf lists module-relative paths in config-ignore-yaml: the `modules` case has modules
/// `proto` and `other`.
fn strip_module(path: &str) -> String {
    path.split_once('/')
        .map_or(path, |(_, rest)| rest)
        .to_owned()
}

#[test]
fn every_buf_format_matches_recorded_buf_output() {
    let mut failures = Vec::new();
    let mut compared = 0;
    for case in cases() {
        let findings = findings(&case);
        let module_path: &dyn Fn(&str) -> String = &strip_module;
        let cx = FormatContext {
            module_path: (case == "modules").then_some(module_path),
            ..FormatContext::default()
        };
        for (format, code) in recorded_formats(&case) {
            let f = OutputFormat::from_name(&format).unwrap();
            let expected =
                std::fs::read_to_string(fixtures().join(&case).join(format!("{format}.out")))
                    .unwrap();
            let got = render(f, &findings, &cx);
            compared += 1;
            if got != expected {
                failures.push(format!(
                    "{case}/{format}:\n--- buf\n{expected}\n--- protokit\n{got}"
                ));
            }
            // buf exits 100 exactly when it printed findings.
            assert_eq!(code == 100, !findings.is_empty(), "{case}/{format}");
        }
    }
    assert!(compared >= 50, "only {compared} recordings found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn zero_findings_print_nothing_except_sarif() {
    let cx = FormatContext::default();
    for name in OutputFormat::NAMES {
        let f = OutputFormat::from_name(name).unwrap();
        let out = render(f, &[], &cx);
        if f == OutputFormat::Sarif {
            let v: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(v["runs"][0]["results"], Value::Array(vec![]));
        } else {
            assert_eq!(out, "", "{name}");
        }
    }
}

#[test]
fn names_round_trip_and_match_buf_exactly() {
    for name in OutputFormat::NAMES {
        assert_eq!(OutputFormat::from_name(name).unwrap().name(), *name);
    }
    // buf 1.75.0 rejects all of these with `invalid format`.
    for bad in ["gcc", "JSON", " json", "github_actions", ""] {
        assert_eq!(OutputFormat::from_name(bad), None, "{bad:?}");
    }
    assert_eq!(OutputFormat::default(), OutputFormat::Text);
    // The breaking recordings have every format but config-ignore-yaml.
    let breaking: Vec<String> = recorded_formats("breaking")
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    for name in &OutputFormat::NAMES[..7] {
        let f = OutputFormat::from_name(name).unwrap();
        assert_eq!(
            f.supports_breaking(),
            breaking.iter().any(|b| b == name),
            "{name}"
        );
    }
}

#[test]
fn gitlab_fingerprint_is_shake256_of_the_issue_json() {
    // Recorded: buf lint on main/main.proto with `message a {}` on line 2.
    let issue = r#"{"description":"Message name \"a\" should be PascalCase, such as \"A\".","check_name":"MESSAGE_PASCAL_CASE","location":{"path":"main/main.proto","positions":{"begin":{"line":2,"column":9},"end":{"line":2,"column":10}}},"severity":"minor"}"#;
    assert_eq!(
        gitlab_fingerprint(issue),
        "498f26b43d6d21e0221c01b1225bce9b316fd722dab8d64df0fd43438b1f81e733e98df55ba4c787fc71de79d54ea321c1e0e2790b2fe69b437967f0a296b3d8"
    );
}

#[test]
fn compile_errors_without_rule_and_span_only_findings() {
    let mut files = SourceMap::new();
    files.insert("a.proto", "syntax = \"proto3\";\n\tfoo x = 1;\n");
    let start = 20;
    let d = Diagnostic::error("a.proto", "unknown type").with_span(Span::new(start, start + 3));
    let cx = FormatContext {
        files: Some(&files),
        ..FormatContext::default()
    };
    // No rule counts as COMPILE; the span is placed with protoc's tab columns.
    assert_eq!(
        render(OutputFormat::Json, std::slice::from_ref(&d), &cx),
        "{\"path\":\"a.proto\",\"start_line\":2,\"start_column\":9,\"end_line\":2,\"end_column\":12,\"type\":\"COMPILE\",\"message\":\"unknown type\"}\n"
    );
    // config-ignore-yaml falls back to text for compile errors, as buf does.
    assert_eq!(
        render(
            OutputFormat::ConfigIgnoreYaml,
            std::slice::from_ref(&d),
            &cx
        ),
        "a.proto:2:9:unknown type\n"
    );
    // Without the source the span cannot be placed: buf's 1:1 stand-in.
    assert_eq!(
        render(OutputFormat::Text, &[d], &FormatContext::default()),
        "a.proto:1:1:unknown type\n"
    );
}

fn sample() -> (Vec<Diagnostic>, SourceMap) {
    let mut files = SourceMap::new();
    files.insert(
        "a b/x.proto",
        "syntax = \"proto3\";\npackage a;\nmessage foo_bar {}\n",
    );
    let findings = vec![
        Diagnostic::error("a b/x.proto", "Package name \"a\" should be versioned.")
            .with_rule("PACKAGE_VERSION_SUFFIX")
            .with_position(Position {
                start_line: 2,
                start_column: 1,
                end_line: 2,
                end_column: 11,
            }),
        Diagnostic::error(
            "a b/x.proto",
            "Message name \"foo_bar\" should be PascalCase, such as \"FooBar\".",
        )
        .with_rule("MESSAGE_PASCAL_CASE")
        .with_position(Position {
            start_line: 3,
            start_column: 9,
            end_line: 3,
            end_column: 16,
        }),
        Diagnostic::error("gone.proto", "Files must have a package defined.")
            .with_rule("PACKAGE_DEFINED"),
    ];
    (findings, files)
}

#[test]
fn sarif_is_a_sarif_2_1_0_log_with_the_rule_table() {
    let (findings, files) = sample();
    let rules = vec![
        RuleInfo {
            id: "MESSAGE_PASCAL_CASE".into(),
            purpose: "Checks that messages are PascalCase.".into(),
            help_uri: Some("https://example.invalid/rules/MESSAGE_PASCAL_CASE".into()),
        },
        RuleInfo {
            id: "PACKAGE_VERSION_SUFFIX".into(),
            purpose: "Checks that the last component of all packages is a version.".into(),
            help_uri: None,
        },
    ];
    let cx = FormatContext {
        files: Some(&files),
        rules: &rules,
        tool_name: "protokit",
        tool_version: "0.1.0",
        ..FormatContext::default()
    };
    let out = render(OutputFormat::Sarif, &findings, &cx);
    assert!(out.ends_with("}\n"));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(
        v["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "protokit");
    assert_eq!(driver["version"], "0.1.0");
    let table = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = table.iter().map(|r| r["id"].as_str().unwrap()).collect();
    // The given table first, then rules only findings mention.
    assert_eq!(
        ids,
        [
            "MESSAGE_PASCAL_CASE",
            "PACKAGE_VERSION_SUFFIX",
            "PACKAGE_DEFINED"
        ]
    );
    for r in table {
        assert!(r["shortDescription"]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()));
    }
    assert_eq!(
        table[0]["helpUri"],
        "https://example.invalid/rules/MESSAGE_PASCAL_CASE"
    );
    assert!(table[1].get("helpUri").is_none());

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(table[index]["id"], r["ruleId"]);
        assert_eq!(r["level"], "error");
        assert!(r["message"]["text"].as_str().is_some());
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].as_str().is_some());
    }
    let first = &results[0]["locations"][0]["physicalLocation"];
    // A relative URI reference: the space is percent-encoded.
    assert_eq!(first["artifactLocation"]["uri"], "a%20b/x.proto");
    assert_eq!(
        first["region"],
        serde_json::json!({"startLine": 2, "startColumn": 1, "endLine": 2, "endColumn": 11})
    );
    // Code scanning needs a region on every result: buf's line 1 for an unknown position.
    assert_eq!(
        results[2]["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 1})
    );
}

#[test]
fn pretty_shows_source_snippets() {
    let (findings, files) = sample();
    let cx = FormatContext {
        files: Some(&files),
        ..FormatContext::default()
    };
    let out = render(OutputFormat::Pretty, &findings, &cx);
    let expected = "\
error[PACKAGE_VERSION_SUFFIX]: Package name \"a\" should be versioned.
 --> a b/x.proto:2:1
  |
2 | package a;
  | ^^^^^^^^^^

error[MESSAGE_PASCAL_CASE]: Message name \"foo_bar\" should be PascalCase, such as \"FooBar\".
 --> a b/x.proto:3:9
  |
3 | message foo_bar {}
  |         ^^^^^^^

error[PACKAGE_DEFINED]: Files must have a package defined.
 --> gone.proto

3 findings in 2 files
";
    assert_eq!(out, expected, "\n{out}");
    // Without sources: header and place only.
    let bare = render(
        OutputFormat::Pretty,
        &findings[1..2],
        &FormatContext::default(),
    );
    assert_eq!(
        bare,
        "error[MESSAGE_PASCAL_CASE]: Message name \"foo_bar\" should be PascalCase, such as \"FooBar\".\n --> a b/x.proto:3:9\n\n1 finding in 1 file\n"
    );
    let colored = render(
        OutputFormat::Pretty,
        &findings,
        &FormatContext {
            files: Some(&files),
            color: true,
            ..FormatContext::default()
        },
    );
    assert!(colored.contains('\u{1b}'));
}

#[test]
fn xml_and_json_escape_like_go() {
    let d = Diagnostic::error("q.proto", "a\"b'c<d>e&f\tg\nh\u{1}i\u{2028}é")
        .with_rule("R")
        .with_position(Position {
            start_line: 1,
            start_column: 2,
            end_line: 3,
            end_column: 4,
        });
    let cx = FormatContext::default();
    assert_eq!(
        render(OutputFormat::Json, std::slice::from_ref(&d), &cx),
        "{\"path\":\"q.proto\",\"start_line\":1,\"start_column\":2,\"end_line\":3,\"end_column\":4,\"type\":\"R\",\"message\":\"a\\\"b'c\\u003cd\\u003ee\\u0026f\\tg\\nh\\u0001i\\u2028é\"}\n"
    );
    let junit = render(OutputFormat::Junit, &[d], &cx);
    assert!(
        junit.contains(
            "message=\"q.proto:1:2:a&#34;b&#39;c&lt;d&gt;e&amp;f&#x9;g&#xA;h\u{FFFD}i\u{2028}é\""
        ),
        "{junit}"
    );
}

fn find_buf() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PROTOKIT_BUF") {
        return Some(PathBuf::from(p));
    }
    let on_path = Command::new("buf")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if on_path {
        return Some(PathBuf::from("buf"));
    }
    let local = PathBuf::from("/tmp/bufinst/node_modules/.bin/buf");
    local.exists().then_some(local)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn recordings_are_what_buf_prints_today() {
    let Some(buf) = find_buf() else {
        println!("skipped: buf 1.75.0 not found (PROTOKIT_BUF, PATH, /tmp/bufinst)");
        return;
    };
    let version = Command::new(&buf).arg("--version").output().unwrap();
    let version = String::from_utf8_lossy(&version.stdout).trim().to_owned();
    if version != "1.75.0" {
        println!("skipped: buf is {version}, the recordings are of 1.75.0");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("formats");
    copy_dir(&fixtures(), &copy);
    let status = Command::new("bash")
        .arg(copy.join("record.sh"))
        .arg(&buf)
        .status()
        .unwrap();
    assert!(status.success());
    let mut drift = Vec::new();
    for case in cases() {
        for (format, _) in recorded_formats(&case) {
            let name = format!("{format}.out");
            let old = std::fs::read(fixtures().join(&case).join(&name)).unwrap();
            let new = std::fs::read(copy.join(&case).join(&name)).unwrap();
            if old != new {
                drift.push(format!("{case}/{name}"));
            }
        }
        let old = std::fs::read(fixtures().join(&case).join("exit_codes.txt")).unwrap();
        let new = std::fs::read(copy.join(&case).join("exit_codes.txt")).unwrap();
        if old != new {
            drift.push(format!("{case}/exit_codes.txt"));
        }
    }
    assert!(
        drift.is_empty(),
        "buf's output changed (re-run fixtures/formats/record.sh): {drift:?}"
    );
}

#[test]
fn pretty_places_positions_with_protoc_tab_columns_and_utf8() {
    let mut files = SourceMap::new();
    files.insert("t.proto", "// café\nmessage\tfoo_bar {}\n");
    // protoc's columns: the tab advances to column 9.
    let d = Diagnostic::error("t.proto", "Message name \"foo_bar\" should be PascalCase.")
        .with_rule("MESSAGE_PASCAL_CASE")
        .with_position(Position {
            start_line: 2,
            start_column: 9,
            end_line: 2,
            end_column: 16,
        });
    let cx = FormatContext {
        files: Some(&files),
        ..FormatContext::default()
    };
    let out = render(OutputFormat::Pretty, std::slice::from_ref(&d), &cx);
    assert!(out.contains(" --> t.proto:2:9\n"), "{out}");
    assert!(out.contains("message foo_bar {}"), "{out}");
    assert!(out.contains("        ^^^^^^^\n"), "{out}");
    // Positions past the end of the text do not panic.
    let far = d.clone().with_position(Position {
        start_line: 40,
        start_column: 3,
        end_line: 41,
        end_column: 1,
    });
    let _ = render(OutputFormat::Pretty, &[far], &cx);
}
