use super::*;
use crate::resolver::{InMemory, IncludePaths};

fn mem(files: &[(&str, &str)]) -> InMemory {
    files.iter().map(|&(n, t)| (n, t)).collect()
}

fn errors_of(files: &[(&str, &str)], inputs: &[&str]) -> Vec<String> {
    let errors = match Compiler::new(mem(files)).compile(inputs) {
        Ok(_) => panic!("expected errors"),
        Err(e) => e,
    };
    errors
        .errors()
        .iter()
        .map(|e| errors.format_gcc(e))
        .collect()
}

#[test]
fn output_is_post_order_over_imports_in_input_order() {
    let files = [
        (
            "a.proto",
            "syntax = \"proto3\";\nimport \"b.proto\";\nimport \"c.proto\";\n",
        ),
        ("b.proto", "syntax = \"proto3\";\nimport \"d.proto\";\n"),
        ("c.proto", "syntax = \"proto3\";\nimport \"d.proto\";\n"),
        ("d.proto", "syntax = \"proto3\";\n"),
        ("e.proto", "syntax = \"proto3\";\nimport \"c.proto\";\n"),
    ];
    let out = Compiler::new(mem(&files))
        .compile(&["e.proto", "a.proto"])
        .unwrap();
    let names: Vec<&str> = out.files().iter().map(|f| f.name()).collect();
    assert_eq!(
        names,
        ["d.proto", "c.proto", "e.proto", "b.proto", "a.proto"]
    );
    let inputs: Vec<&str> = out.inputs().map(|f| f.name()).collect();
    assert_eq!(inputs, ["e.proto", "a.proto"]);

    let set = out.descriptor_set();
    assert_eq!(set.file.len(), 5);
    assert!(set.file.iter().all(|f| f.source_code_info.is_some()));

    let only_inputs = Compiler::new(mem(&files))
        .include_imports(false)
        .include_source_info(false)
        .compile(&["e.proto", "a.proto"])
        .unwrap()
        .descriptor_set();
    let names: Vec<_> = only_inputs
        .file
        .iter()
        .map(|f| f.name().to_string())
        .collect();
    assert_eq!(names, ["e.proto", "a.proto"]);
    assert!(only_inputs
        .file
        .iter()
        .all(|f| f.source_code_info.is_none()));
}

#[test]
fn missing_file_and_missing_import() {
    let files = [(
        "c.proto",
        "syntax = \"proto3\";\nimport \"missing.proto\";\n",
    )];
    assert_eq!(
        errors_of(&files, &["c.proto"]),
        [
            "missing.proto: File not found.",
            "c.proto:2:1: Import \"missing.proto\" was not found or had errors.",
        ]
    );
    assert_eq!(
        errors_of(&files, &["nope.proto"]),
        ["nope.proto: File not found."]
    );
}

#[test]
fn import_cycle_is_reported_where_protoc_reports_it() {
    let files = [
        ("a.proto", "syntax = \"proto3\";\nimport \"b.proto\";\n"),
        ("b.proto", "syntax = \"proto3\";\n\nimport \"a.proto\";\n"),
    ];
    assert_eq!(
        errors_of(&files, &["a.proto"]),
        [
            "a.proto:2:1: File recursively imports itself: a.proto -> b.proto -> a.proto",
            "b.proto:3:1: Import \"a.proto\" was not found or had errors.",
            "a.proto:2:1: Import \"b.proto\" was not found or had errors.",
        ]
    );
}

#[test]
fn self_import_stops_the_file() {
    let files = [(
        "c.proto",
        "syntax = \"proto3\";\nimport \"missing.proto\";\nimport \"c.proto\";\n",
    )];
    assert_eq!(
        errors_of(&files, &["c.proto"]),
        [
            "missing.proto: File not found.",
            "c.proto:3:1: File recursively imports itself: c.proto -> c.proto",
            "c.proto:2:1: Import \"missing.proto\" was not found or had errors.",
        ]
    );
}

#[test]
fn import_listed_twice() {
    let files = [
        (
            "d.proto",
            "syntax = \"proto3\";\nimport \"e.proto\";\nimport \"e.proto\";\n",
        ),
        ("e.proto", "syntax = \"proto3\";\n"),
    ];
    assert_eq!(
        errors_of(&files, &["d.proto"]),
        ["d.proto:3:1: Import \"e.proto\" was listed twice."]
    );
}

#[test]
fn invalid_utf8_is_an_error_with_a_position() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("x.proto"),
        b"syntax = \"proto3\";\n// caf\xe9\n",
    )
    .unwrap();
    let root = dir.path().to_str().unwrap().to_string();
    let errors = Compiler::new(IncludePaths::new([&root]))
        .compile(&["x.proto"])
        .unwrap_err();
    let text = errors.format_gcc(&errors.errors()[0]);
    assert!(text.starts_with(&format!("{root}/x.proto:2:7: ")), "{text}");
    assert!(text.contains("UTF-8"), "{text}");
}

#[test]
fn weak_imports_that_are_missing_are_errors_too() {
    let files = [(
        "a.proto",
        "syntax = \"proto3\";\nimport weak \"missing.proto\";\n",
    )];
    assert_eq!(
        errors_of(&files, &["a.proto"]),
        [
            "missing.proto: File not found.",
            "a.proto:2:1: Import \"missing.proto\" was not found or had errors.",
        ]
    );
}

#[test]
fn option_imports_are_loaded_after_imports_and_written_in_that_order() {
    let files = [
        (
            "a.proto",
            "edition = \"2024\";\npackage z;\nimport \"x.proto\";\nimport option \"y.proto\";\n",
        ),
        ("x.proto", "edition = \"2024\";\npackage z;\n"),
        ("y.proto", "edition = \"2024\";\npackage z;\n"),
    ];
    let out = Compiler::new(mem(&files)).compile(&["a.proto"]).unwrap();
    let names: Vec<&str> = out.files().iter().map(|f| f.name()).collect();
    assert_eq!(names, ["x.proto", "y.proto", "a.proto"]);

    let missing = [(
        "b.proto",
        "edition = \"2024\";\npackage z;\nimport option \"nope.proto\";\n",
    )];
    assert_eq!(
        errors_of(&missing, &["b.proto"]),
        ["nope.proto: File not found."]
    );
}

#[test]
fn parallel_linking_is_deterministic() {
    // Each file imports up to three earlier ones, so the wavefront has many shapes.
    let files: Vec<(String, String)> = (0..150usize)
        .map(|i| {
            let mut text = String::from("syntax = \"proto3\";\npackage p;\n");
            for d in [i / 2, i / 3, i.saturating_sub(1)] {
                if d < i && !text.contains(&format!("\"f{d}.proto\"")) {
                    text.push_str(&format!("import \"f{d}.proto\";\n"));
                }
            }
            text.push_str(&format!("message M{i} {{}}\n"));
            (format!("f{i}.proto"), text)
        })
        .collect();
    let resolver: InMemory = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let inputs = ["f149.proto", "f77.proto", "f148.proto"];
    let first = Compiler::new(&resolver).compile(&inputs).unwrap().encode();
    for _ in 0..20 {
        let again = Compiler::new(&resolver).compile(&inputs).unwrap().encode();
        assert_eq!(again, first);
    }
}

/// A chain of `n` files, each importing the next, defining a message using the next file's
/// message and setting a custom option whose message type is only visible to the options file
/// (so option interpretation also looks beyond the visible files).
fn chain(n: usize) -> Vec<(String, String)> {
    let descriptor = "google/protobuf/descriptor.proto";
    let text = crate::resolver::Embedded::get(descriptor).expect("embedded descriptor.proto");
    let mut files = vec![
        (descriptor.to_string(), text.to_string()),
        (
            "value.proto".to_string(),
            "syntax = \"proto2\";\npackage opt;\nmessage Value { optional int32 v = 1; }\n"
                .to_string(),
        ),
        (
            "opt.proto".to_string(),
            format!(
                "syntax = \"proto2\";\npackage opt;\nimport \"{descriptor}\";\n\
                 import \"value.proto\";\n\
                 extend google.protobuf.MessageOptions {{ optional Value value = 50000; }}\n"
            ),
        ),
    ];
    for i in 0..n {
        let mut text =
            String::from("syntax = \"proto2\";\npackage chain;\nimport \"opt.proto\";\n");
        if i + 1 < n {
            text.push_str(&format!(
                "import \"c{}.proto\";\n\
                 message M{i} {{ option (opt.value).v = {i}; optional M{} next = 1; }}\n",
                i + 1,
                i + 1
            ));
        } else {
            text.push_str(&format!("message M{i} {{ optional int32 x = 1; }}\n"));
        }
        files.push((format!("c{i}.proto"), text));
    }
    files
}

/// One file importing `n` files, with a field of each one's message.
fn fan_in(n: usize) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = (0..n)
        .map(|i| {
            (
                format!("f{i}.proto"),
                format!("syntax = \"proto3\";\npackage fan;\nmessage F{i} {{ int32 x = 1; }}\n"),
            )
        })
        .collect();
    let mut top = String::from("syntax = \"proto3\";\npackage fan;\n");
    for i in 0..n {
        top.push_str(&format!("import \"f{i}.proto\";\n"));
    }
    top.push_str("message Top {\n");
    for i in 0..n {
        top.push_str(&format!("  F{i} f{i} = {};\n", i + 1));
    }
    top.push_str("}\n");
    files.push(("top.proto".to_string(), top));
    files
}

/// Guards against checks that walk every file's transitive imports once per file (or every
/// visible file once per name): those made a 2,000-file chain take seconds and a 20,000-file
/// one minutes. The bound is generous, for unoptimised builds on a loaded machine: linear
/// linking of these 6,000 files takes about 0.1 s in release builds and about 1.5 s
/// in debug builds, while the quadratic algorithms took 95 s.
#[test]
fn deep_chains_and_wide_fan_ins_link_in_linear_time() {
    let start = std::time::Instant::now();
    let files = chain(3000);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (&**n, &**t)).collect();
    let compiled = |out: Result<CompileOutput, CompileErrors>| match out {
        Ok(out) => out.files().len(),
        Err(e) => panic!(
            "{} errors, the first: {:?}",
            e.errors().len(),
            e.errors()[0]
        ),
    };
    let out = Compiler::new(mem(&refs)).compile(&["c0.proto"]);
    assert_eq!(compiled(out), 3003);

    let files = fan_in(3000);
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (&**n, &**t)).collect();
    let out = Compiler::new(mem(&refs)).compile(&["top.proto"]);
    assert_eq!(compiled(out), 3001);

    let elapsed = start.elapsed();
    assert!(
        elapsed < std::time::Duration::from_secs(30),
        "6,000 files took {elapsed:?}: something is quadratic again"
    );
}
