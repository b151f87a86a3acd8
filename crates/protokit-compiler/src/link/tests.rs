//! Unit tests on hand-built descriptors, and the differential test against protoc over
//! `fixtures/compiler/link/`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use prost::Message;
use protokit_diagnostics::{LineIndex, Span};

use super::{link, LinkedFile, Lowered};
use crate::descriptor::{
    DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto, FieldDescriptorProto,
    FileDescriptorProto, MethodDescriptorProto, ServiceDescriptorProto,
};
use crate::format::to_json_name;

// ---------------------------------------------------------------------------------------------
// Hand-built inputs.

fn file(name: &str, package: &str) -> FileDescriptorProto {
    FileDescriptorProto {
        name: Some(name.into()),
        package: (!package.is_empty()).then(|| package.into()),
        ..Default::default()
    }
}

fn message(name: &str, fields: Vec<FieldDescriptorProto>) -> DescriptorProto {
    DescriptorProto {
        name: Some(name.into()),
        field: fields,
        ..Default::default()
    }
}

fn scalar(name: &str, number: i32, ty: i32) -> FieldDescriptorProto {
    FieldDescriptorProto {
        name: Some(name.into()),
        number: Some(number),
        label: Some(1),
        r#type: Some(ty),
        ..Default::default()
    }
}

fn named(name: &str, number: i32, type_name: &str) -> FieldDescriptorProto {
    FieldDescriptorProto {
        name: Some(name.into()),
        number: Some(number),
        label: Some(1),
        type_name: Some(type_name.into()),
        ..Default::default()
    }
}

fn enumeration(name: &str, values: &[(&str, i32)]) -> EnumDescriptorProto {
    EnumDescriptorProto {
        name: Some(name.into()),
        value: values
            .iter()
            .map(|(n, v)| EnumValueDescriptorProto {
                name: Some((*n).into()),
                number: Some(*v),
                options: None,
            })
            .collect(),
        ..Default::default()
    }
}

fn lowered(proto: FileDescriptorProto) -> Lowered {
    Lowered {
        proto,
        locations: Vec::new(),
        errors: Vec::new(),
    }
}

fn link_one(proto: FileDescriptorProto, deps: Vec<Arc<LinkedFile>>) -> (LinkedFile, Vec<String>) {
    let name = proto.name.clone().unwrap_or_default();
    let (f, errors) = link(lowered(proto), &name, deps);
    (f, errors.iter().map(|e| e.message().to_string()).collect())
}

#[test]
fn resolves_relative_names_innermost_first() {
    let mut outer = message(
        "Outer",
        vec![named("a", 1, "Inner"), named("b", 2, "foo.Outer")],
    );
    let mut inner = message("Inner", vec![named("c", 1, "Outer.Inner")]);
    inner.enum_type.push(enumeration("Kind", &[("K", 0)]));
    inner.field.push(named("k", 2, "Kind"));
    outer.nested_type.push(inner);
    let mut f = file("a.proto", "foo");
    f.message_type.push(outer);
    let (linked, errors) = link_one(f, vec![]);
    assert!(errors.is_empty(), "{errors:?}");
    let outer = &linked.proto.message_type[0];
    assert_eq!(outer.field[0].type_name(), ".foo.Outer.Inner");
    assert_eq!(outer.field[0].r#type, Some(11));
    assert_eq!(outer.field[1].type_name(), ".foo.Outer");
    let inner = &outer.nested_type[0];
    assert_eq!(inner.field[0].type_name(), ".foo.Outer.Inner");
    assert_eq!(inner.field[1].type_name(), ".foo.Outer.Inner.Kind");
    assert_eq!(inner.field[1].r#type, Some(14));
    assert_eq!(inner.field[1].json_name(), "k");
}

#[test]
fn reports_resolved_to_undefined() {
    // message Bar { message Baz {} }  message X { message foo {}  optional foo.Bar b = 1; }
    let mut bar = message("Bar", vec![]);
    bar.nested_type.push(message("Baz", vec![]));
    let mut x = message("X", vec![named("b", 1, "foo.Bar")]);
    x.nested_type.push(message("foo", vec![]));
    let mut f = file("a.proto", "foo");
    f.message_type.extend([bar, x]);
    let (_, errors) = link_one(f, vec![]);
    assert_eq!(
        errors,
        vec![
            "\"foo.Bar\" is resolved to \"foo.X.foo.Bar\", which is not defined. The innermost \
             scope is searched first in name resolution. Consider using a leading '.'(i.e., \
             \".foo.Bar\") to start from the outermost scope."
        ]
    );
}

#[test]
fn field_named_like_type_skips_to_type() {
    let mut f = file("a.proto", "");
    f.message_type.push(message("Field", vec![]));
    f.message_type.push(message(
        "User",
        vec![named("Field", 1, "Field"), named("x", 2, "x")],
    ));
    let (linked, errors) = link_one(f, vec![]);
    assert_eq!(errors, vec!["\"x\" is not defined."]);
    assert_eq!(linked.proto.message_type[1].field[0].type_name(), ".Field");
}

#[test]
fn visibility_follows_public_imports_only() {
    let mut c = file("c.proto", "foo");
    c.message_type.push(message("Baz", vec![]));
    let (c, _) = link_one(c, vec![]);
    let c = Arc::new(c);
    let mut b = file("b.proto", "foo");
    b.dependency.push("c.proto".into());
    b.message_type.push(message("Bar", vec![]));
    let (b, _) = link_one(b, vec![c.clone()]);
    let b = Arc::new(b);
    let mut a = file("a.proto", "foo");
    a.dependency.push("b.proto".into());
    a.message_type.push(message(
        "X",
        vec![named("b", 1, "Baz"), named("c", 2, "Bar")],
    ));
    let (_, errors) = link_one(a.clone(), vec![b]);
    assert_eq!(
        errors,
        vec![
            "\"foo.Baz\" seems to be defined in \"c.proto\", which is not imported by \
             \"a.proto\".  To use it here, please add the necessary import."
        ]
    );

    let mut b2 = file("b2.proto", "foo");
    b2.dependency.push("c.proto".into());
    b2.public_dependency.push(0);
    let (b2, _) = link_one(b2, vec![c]);
    a.message_type[0].field.pop();
    let (linked, errors) = link_one(a, vec![Arc::new(b2)]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        linked.proto.message_type[0].field[0].type_name(),
        ".foo.Baz"
    );
}

#[test]
fn enum_values_are_siblings() {
    let mut f = file("a.proto", "p");
    f.message_type.push(message("A", vec![]));
    f.enum_type.push(enumeration("E", &[("A", 0)]));
    f.enum_type.push(enumeration("F", &[("B", 0), ("B", 1)]));
    let (_, errors) = link_one(f, vec![]);
    assert_eq!(
        errors,
        vec![
            "\"A\" is already defined in \"p\".".to_string(),
            "Note that enum values use C++ scoping rules, meaning that enum values are siblings \
             of their type, not children of it.  Therefore, \"A\" must be unique within \"p\", \
             not just within \"E\"."
                .into(),
            "\"B\" is already defined in \"p\".".into(),
        ]
    );
}

#[test]
fn duplicate_symbols_across_files_and_packages() {
    let mut b = file("b.proto", "foo.Bar");
    b.message_type.push(message("M", vec![]));
    let (b, _) = link_one(b, vec![]);
    let mut a = file("a.proto", "foo");
    a.dependency.push("b.proto".into());
    a.message_type.push(message("Bar", vec![]));
    let (_, errors) = link_one(a, vec![Arc::new(b)]);
    assert_eq!(
        errors,
        vec!["\"foo.Bar\" is already defined in file \"b.proto\"."]
    );
}

#[test]
fn services_need_message_types() {
    let mut f = file("a.proto", "");
    f.message_type.push(message("M", vec![]));
    f.enum_type.push(enumeration("E", &[("Z", 0)]));
    f.service.push(ServiceDescriptorProto {
        name: Some("S".into()),
        method: vec![MethodDescriptorProto {
            name: Some("Call".into()),
            input_type: Some("E".into()),
            output_type: Some("M".into()),
            client_streaming: Some(false),
            server_streaming: Some(true),
            ..Default::default()
        }],
        options: None,
    });
    let (linked, errors) = link_one(f, vec![]);
    assert_eq!(errors, vec!["\"E\" is not a message type."]);
    let m = &linked.proto.service[0].method[0];
    assert_eq!(m.output_type(), ".M");
    assert_eq!(m.client_streaming, None);
    assert_eq!(m.server_streaming, Some(true));
}

#[test]
fn field_number_checks() {
    let mut f = file("a.proto", "");
    f.message_type.push(message(
        "N",
        vec![scalar("a", 1, 5), scalar("b", 3, 5), scalar("c", 3, 5)],
    ));
    let (_, errors) = link_one(f, vec![]);
    assert_eq!(
        errors,
        vec!["Field number 3 has already been used in \"N\" by field \"b\". Next available field number is 2."]
    );
}

#[test]
fn normalizes_defaults_and_json_names() {
    let mut fields = vec![
        scalar("foo_bar", 1, 2),
        scalar("d", 2, 1),
        scalar("by", 3, 12),
        scalar("i", 4, 5),
    ];
    fields[0].default_value = Some("1e40".into());
    fields[1].default_value = Some("0.1".into());
    fields[2].default_value = Some("\\x01a".into());
    fields[3].default_value = Some("-0x10".into());
    let mut f = file("a.proto", "");
    f.syntax = Some("proto2".into());
    f.message_type.push(message("M", fields));
    let (linked, errors) = link_one(f, vec![]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(linked.proto.syntax, None);
    let m = &linked.proto.message_type[0];
    assert_eq!(m.field[0].json_name(), "fooBar");
    assert_eq!(m.field[0].default_value(), "inf");
    assert_eq!(m.field[1].default_value(), "0.1");
    assert_eq!(m.field[2].default_value(), "\\001a");
    assert_eq!(m.field[3].default_value(), "-16");
}

#[test]
fn never_panics_on_odd_input() {
    let mut f = file("a.proto", "..");
    let mut m = message("", vec![named("", 0, ""), named("x", -5, ".")]);
    m.extension_range.push(crate::descriptor::ExtensionRange {
        start: Some(10),
        end: Some(-1),
        options: None,
    });
    m.field[0].default_value = Some("\\".into());
    f.message_type.push(m);
    f.extension.push(FieldDescriptorProto {
        extendee: Some("...".into()),
        ..named("e", 1, "")
    });
    f.public_dependency.push(7);
    let _ = link_one(f, vec![]);
}

// ---------------------------------------------------------------------------------------------
// Differential test against protoc.

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/compiler/link")
}

fn protoc_available() -> bool {
    Command::new("python")
        .args(["-c", "import grpc_tools"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The well-known types protoc ships with, for imports of `google/protobuf/*.proto`.
fn wkt_include() -> Option<PathBuf> {
    static DIR: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    DIR.get_or_init(find_wkt_include).clone()
}

fn find_wkt_include() -> Option<PathBuf> {
    let out = Command::new("python")
        .args([
            "-c",
            "import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), '_proto'))",
        ])
        .output()
        .ok()?;
    Some(PathBuf::from(String::from_utf8(out.stdout).ok()?.trim()))
}

/// Runs protoc on `a.proto` in `dir`: the raw bytes of each file of the descriptor set, or
/// its stderr.
fn run_protoc(dir: &Path) -> Result<Vec<Vec<u8>>, String> {
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let out_file = std::env::temp_dir().join(format!(
        "protokit-link-{}-{}.pb",
        std::process::id(),
        RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let mut cmd = Command::new("python");
    cmd.current_dir(dir)
        .args(["-m", "grpc_tools.protoc", "-I."]);
    if let Some(wkt) = wkt_include() {
        cmd.arg(format!("-I{}", wkt.display()));
    }
    cmd.arg("--include_imports")
        .arg("--include_source_info")
        .arg(format!("--descriptor_set_out={}", out_file.display()))
        .args(inputs(dir));
    let out = cmd.output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned());
    }
    let bytes = std::fs::read(&out_file).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(&out_file);
    split_set(&bytes).ok_or_else(|| "malformed descriptor set".into())
}

/// [`run_protoc`] over many fixtures, a few at a time (each run starts a Python).
fn protoc_all(dirs: &[PathBuf]) -> Vec<Result<Vec<Vec<u8>>, String>> {
    let threads = std::thread::available_parallelism().map_or(4, |n| n.get().min(16));
    let chunk = dirs.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = dirs
            .chunks(chunk)
            .map(|c| s.spawn(move || c.iter().map(|d| run_protoc(d)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// The files a fixture compiles: `a.proto` if it has one, else every `.proto` file below it
/// (as the shared fixtures under `fixtures/compiler/valid/` are compiled).
fn inputs(dir: &Path) -> Vec<String> {
    if dir.join("a.proto").exists() {
        return vec!["a.proto".into()];
    }
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if p.extension().is_some_and(|x| x == "proto") {
                if let Ok(rel) = p.strip_prefix(root) {
                    out.push(rel.to_string_lossy().into_owned());
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The raw `file` entries of an encoded `FileDescriptorSet`.
fn split_set(mut buf: &[u8]) -> Option<Vec<Vec<u8>>> {
    let mut files = Vec::new();
    while !buf.is_empty() {
        let key = prost::encoding::decode_varint(&mut buf).ok()?;
        if key != (1 << 3 | 2) {
            return None;
        }
        let len = usize::try_from(prost::encoding::decode_varint(&mut buf).ok()?).ok()?;
        files.push(buf.get(..len)?.to_vec());
        buf = &buf[len..];
    }
    Some(files)
}

/// The parser's view of a file protoc has linked: what lowering would produce for it, minus
/// source locations. Type names stay fully qualified (resolution is covered by the unit tests
/// and, once lowering lands, by lowering the fixture sources).
fn unlink(linked: &FileDescriptorProto) -> FileDescriptorProto {
    fn field(f: &mut FieldDescriptorProto) {
        if f.json_name.as_deref() == Some(to_json_name(f.name()).as_str()) {
            f.json_name = None;
        }
        if matches!(f.r#type, Some(11) | Some(14)) {
            f.r#type = None;
        }
    }
    fn message(m: &mut DescriptorProto) {
        m.field.iter_mut().for_each(field);
        m.extension.iter_mut().for_each(field);
        m.nested_type.iter_mut().for_each(message);
    }
    let mut p = linked.clone();
    if p.syntax.is_none() {
        p.syntax = Some("proto2".into());
    }
    p.message_type.iter_mut().for_each(message);
    p.extension.iter_mut().for_each(field);
    for s in &mut p.service {
        for m in &mut s.method {
            m.client_streaming.get_or_insert(false);
        }
    }
    p
}

/// A fixture file's text, from the fixture or protoc's well-known types.
fn read_fixture(dir: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(name))
        .ok()
        .or_else(|| std::fs::read_to_string(wkt_include()?.join(name)).ok())
}

fn lowered_empty(name: &str) -> Lowered {
    lowered(file(name, ""))
}

/// Lowers a fixture's source.
fn lower_source(file_name: &str, text: &str) -> Lowered {
    let tree = protokit_syntax::parse(text);
    crate::lower::lower(&tree, file_name)
}

fn debug_lines(bytes: &[u8]) -> Vec<String> {
    match prost_types::FileDescriptorProto::decode(bytes) {
        Ok(p) => format!("{p:#?}").lines().map(str::to_string).collect(),
        Err(e) => vec![format!("<undecodable: {e}>")],
    }
}

/// A readable line diff: the first differing region with a little context.
fn diff(expected: &[String], actual: &[String]) -> String {
    let first = expected
        .iter()
        .zip(actual)
        .position(|(a, b)| a != b)
        .unwrap_or(expected.len().min(actual.len()));
    let from = first.saturating_sub(5);
    let mut out = String::new();
    for (i, line) in expected.iter().enumerate().skip(from).take(20) {
        out.push_str(&format!("-{i:4} {line}\n"));
    }
    out.push_str("    ...\n");
    for (i, line) in actual.iter().enumerate().skip(from).take(20) {
        out.push_str(&format!("+{i:4} {line}\n"));
    }
    out
}

fn cases(kind: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures().join(kind))
        .map(|rd| rd.filter_map(|e| Some(e.ok()?.path())).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs
}

#[test]
fn valid_fixtures_match_protoc() {
    if !protoc_available() {
        eprintln!("skipping: python -c 'import grpc_tools' failed (no protoc to compare with)");
        return;
    }
    let mut failures = Vec::new();
    let mut dirs = cases("valid");
    // The compiler's shared valid fixtures exercise linking too.
    let shared = fixtures().join("../valid");
    let mut more: Vec<PathBuf> = std::fs::read_dir(&shared)
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                // prost's `String`s cannot hold the non-UTF-8 text protoc passes through.
                .filter(|p| p.is_dir() && !p.ends_with("non_utf8"))
                .collect()
        })
        .unwrap_or_default();
    more.sort();
    dirs.extend(more);
    let results = protoc_all(&dirs);
    for (dir, result) in dirs.into_iter().zip(results) {
        let expected = match result {
            Ok(files) => files,
            Err(e) => {
                failures.push(format!("{}: protoc failed:\n{e}", dir.display()));
                continue;
            }
        };
        // Once from the sources (lowered, then linked, source info included), once from
        // protoc's own output turned back into the parser's form (linking must reproduce it).
        for from_source in [true, false] {
            let mut linked: Vec<Arc<LinkedFile>> = Vec::new();
            for raw in &expected {
                let Ok(theirs) = FileDescriptorProto::decode(raw.as_slice()) else {
                    failures.push(format!("{}: undecodable", dir.display()));
                    break;
                };
                let name = theirs.name().to_string();
                let text = read_fixture(&dir, &name);
                let input = match (&text, from_source) {
                    (Some(text), true) => lower_source(&name, text),
                    _ => {
                        let mut p = unlink(&theirs);
                        p.source_code_info = None;
                        lowered(p)
                    }
                };
                let deps: Vec<Arc<LinkedFile>> = theirs
                    .dependency
                    .iter()
                    .chain(&theirs.option_dependency)
                    .filter_map(|d| linked.iter().find(|l| l.name() == d).cloned())
                    .collect();
                let (ours, errors) = link(input, &name, deps);
                // protoc's output has lost the source-retention options, among them the
                // naming-style opt-outs: only the file's text can be checked for names.
                let errors: Vec<_> = errors
                    .into_iter()
                    .filter(|e| {
                        from_source || !e.message().contains("enforce_naming_style = STYLE_LEGACY")
                    })
                    .collect();
                if !errors.is_empty() {
                    let msgs: Vec<&str> = errors.iter().map(|e| e.message()).collect();
                    failures.push(format!(
                        "{}/{name}: unexpected errors {msgs:?}",
                        dir.display()
                    ));
                }
                let mut ours_proto = ours.proto.clone();
                let mut theirs_raw = raw.clone();
                match (&text, from_source) {
                    (Some(text), true) => {
                        ours_proto.source_code_info =
                            Some(ours.source_code_info(&LineIndex::new(text)));
                    }
                    _ => {
                        let mut t = theirs.clone();
                        t.source_code_info = None;
                        theirs_raw = t.encode_to_vec();
                    }
                }
                let ours_bytes = ours_proto.encode_to_vec();
                if ours_bytes != theirs_raw {
                    let how = if from_source {
                        "from source"
                    } else {
                        "relinked"
                    };
                    failures.push(format!(
                        "{}/{name} ({how}): differs from protoc (- protoc, + ours):\n{}",
                        dir.display(),
                        diff(&debug_lines(&theirs_raw), &debug_lines(&ours_bytes))
                    ));
                }
                linked.push(Arc::new(ours));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// An error as `((line, column) if it has a position, message)`.
type Positioned = (Option<(u32, u32)>, String);

/// protoc's errors as `(line, column, message)` (no position: `None`), warnings left out.
fn protoc_errors(stderr: &str) -> Vec<Positioned> {
    stderr
        .lines()
        .filter(|l| l.starts_with("a.proto:") && !l.contains(": warning:"))
        .map(|l| {
            let rest = &l["a.proto:".len()..];
            let mut parts = rest.splitn(3, ':');
            let (a, b, c) = (parts.next(), parts.next(), parts.next());
            match (
                a.and_then(|x| x.parse().ok()),
                b.and_then(|x| x.parse().ok()),
                c,
            ) {
                (Some(line), Some(col), Some(msg)) => (Some((line, col)), msg.trim().to_string()),
                _ => (None, rest.trim().to_string()),
            }
        })
        .collect()
}

#[test]
fn error_fixtures_match_protoc() {
    if !protoc_available() {
        eprintln!("skipping: python -c 'import grpc_tools' failed (no protoc to compare with)");
        return;
    }
    let mut failures = Vec::new();
    let dirs = cases("errors");
    let results = protoc_all(&dirs);
    for (dir, result) in dirs.into_iter().zip(results) {
        let stderr = match result {
            Ok(_) => {
                failures.push(format!("{}: protoc accepted it", dir.display()));
                continue;
            }
            Err(e) => e,
        };
        let mut expected = protoc_errors(&stderr);
        let Some(ours) = link_fixture(&dir) else {
            failures.push(format!("{}: could not lower", dir.display()));
            continue;
        };
        let mut actual: Vec<Positioned> = ours;
        // protoc leaves some errors without a position; compare just their messages.
        for e in &expected {
            if e.0.is_none() {
                if let Some(a) = actual.iter_mut().find(|a| a.1 == e.1) {
                    a.0 = None;
                }
            }
        }
        expected.sort();
        actual.sort();
        if expected != actual {
            let show = |e: &Positioned| match e.0 {
                Some((l, c)) => format!("{l}:{c}: {}", e.1),
                None => format!("-: {}", e.1),
            };
            let mut lines = Vec::new();
            for e in &expected {
                if !actual.contains(e) {
                    lines.push(format!("  - protoc only: {}", show(e)));
                }
            }
            for a in &actual {
                if !expected.contains(a) {
                    lines.push(format!("  + ours only:   {}", show(a)));
                }
            }
            failures.push(format!("{}:\n{}", dir.display(), lines.join("\n")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A fixture file after linking: name, result, errors, source text.
type Linked = (
    String,
    Arc<LinkedFile>,
    Vec<crate::error::CompileError>,
    String,
);

/// Lowers and links every file of a fixture (imports first), returning `a.proto`'s errors.
fn link_fixture(dir: &Path) -> Option<Vec<Positioned>> {
    fn visit(dir: &Path, name: &str, done: &mut Vec<Linked>) -> Option<()> {
        if done.iter().any(|d| d.0 == name) {
            return Some(());
        }
        let text = read_fixture(dir, name)?;
        let lowered = lower_source(name, &text);
        if !lowered.errors.is_empty() {
            // The driver never links a file its parser rejected.
            let errors = lowered.errors;
            done.push((
                name.to_string(),
                Arc::new(link(lowered_empty(name), name, vec![]).0),
                errors,
                text,
            ));
            return Some(());
        }
        let mut deps = Vec::new();
        for d in lowered.proto.dependency.clone() {
            visit(dir, &d, done)?;
            deps.push(done.iter().find(|x| x.0 == d)?.1.clone());
        }
        let (linked, errors) = link(lowered, name, deps);
        done.push((name.to_string(), Arc::new(linked), errors, text));
        Some(())
    }
    let mut done = Vec::new();
    visit(dir, "a.proto", &mut done)?;
    let (_, _, errors, text) = done.iter().find(|d| d.0 == "a.proto")?;
    let lines = LineIndex::new(text);
    Some(
        errors
            .iter()
            .map(|e| {
                let span = e.span().unwrap_or(Span::new(0, 0));
                let (l, c) = lines.line_col(span.start);
                (Some((l + 1, c + 1)), e.message().to_string())
            })
            .collect(),
    )
}

/// The shared error cases (`fixtures/compiler/errors/cases.txt`) whose files parse and lower
/// cleanly, so that protoc's errors come from building: every `>>>` line of `a.proto` must be
/// among ours. Prints the cases that differ; run with `--ignored --nocapture`.
#[test]
#[ignore = "survey of the shared error cases; the driver's test grades them"]
fn shared_error_cases_survey() {
    let text = std::fs::read_to_string(fixtures().join("../errors/cases.txt")).unwrap_or_default();
    let mut differ = 0;
    let mut total = 0;
    for case in text.split("\n=== ").skip(1) {
        let (name, body) = case.split_once('\n').unwrap_or((case, ""));
        let mut files: Vec<(String, String)> = Vec::new();
        let mut expected: Vec<String> = Vec::new();
        for line in body.lines() {
            if let Some(rest) = line.strip_prefix("--- ") {
                let name = rest.split_whitespace().next().unwrap_or("").to_string();
                files.push((name, String::new()));
            } else if let Some(rest) = line.strip_prefix(">>> ") {
                expected.push(rest.to_string());
            } else if let Some((_, t)) = files.last_mut() {
                t.push_str(line);
                t.push('\n');
            }
        }
        if body.contains("[")
            && body
                .lines()
                .any(|l| l.starts_with("--- ") && l.contains('['))
        {
            continue;
        }
        let Some(first) = files.first().map(|f| f.0.clone()) else {
            continue;
        };
        // Lower every file; skip cases with syntax or lowering errors anywhere.
        let mut lowered_files = Vec::new();
        let mut clean = true;
        for (n, t) in &files {
            let tree = protokit_syntax::parse(t);
            if !tree.errors.is_empty() {
                clean = false;
                break;
            }
            let l = crate::lower::lower(&tree, n);
            if !l.errors.is_empty() {
                clean = false;
                break;
            }
            lowered_files.push((n.clone(), l, t.clone()));
        }
        if !clean {
            continue;
        }
        total += 1;
        let mut done: Vec<(String, Arc<LinkedFile>, Vec<String>)> = Vec::new();
        fn build(
            name: &str,
            files: &[(String, Lowered, String)],
            done: &mut Vec<(String, Arc<LinkedFile>, Vec<String>)>,
        ) {
            if done.iter().any(|d| d.0 == name) {
                return;
            }
            // Marks the file as in progress, so import cycles end here.
            done.push((
                name.to_string(),
                Arc::new(link(lowered_empty(name), name, vec![]).0),
                vec!["cycle".into()],
            ));
            let at = done.len() - 1;
            let (lowered, text) = match files.iter().find(|f| f.0 == name) {
                Some((_, l, t)) => (l.clone(), t.clone()),
                None => {
                    let Some(t) = read_fixture(Path::new("/nonexistent"), name) else {
                        return;
                    };
                    let tree = protokit_syntax::parse(&t);
                    (crate::lower::lower(&tree, name), t)
                }
            };
            let mut deps = Vec::new();
            for d in lowered
                .proto
                .dependency
                .iter()
                .chain(&lowered.proto.option_dependency)
            {
                build(d, files, done);
                if let Some(x) = done.iter().find(|x| &x.0 == d) {
                    if x.2.is_empty() {
                        deps.push(x.1.clone());
                    }
                }
            }
            let (linked, errors) = link(lowered, name, deps);
            let lines = LineIndex::new(&text);
            let msgs = errors
                .iter()
                .map(|e| match e.span() {
                    Some(s) => {
                        let (l, c) = lines.line_col(s.start);
                        format!("{name}:{}:{}: {}", l + 1, c + 1, e.message())
                    }
                    None => format!("{name}: {}", e.message()),
                })
                .collect();
            done[at] = (name.to_string(), Arc::new(linked), msgs);
        }
        build(&first, &lowered_files, &mut done);
        let ours: Vec<String> = done.iter().flat_map(|d| d.2.clone()).collect();
        let missing: Vec<&String> = expected
            .iter()
            .filter(|e| !ours.contains(e) && !e.contains("warning:"))
            .collect();
        let extra: Vec<&String> = ours.iter().filter(|o| !expected.contains(o)).collect();
        if !missing.is_empty() || !extra.is_empty() {
            differ += 1;
            println!("=== {name}");
            for m in missing {
                println!("  - {m}");
            }
            for x in extra {
                println!("  + {x}");
            }
        }
    }
    println!("{differ} of {total} linkable cases differ");
}

/// Compiles part of the googleapis corpus (`/work/shared/corpus`, or `PROTOKIT_CORPUS`) with
/// protoc and through lowering + linking, and compares every file byte for byte, source info
/// included. `PROTOKIT_CORPUS_FILTER` picks the files (a path prefix, default
/// `google/cloud/aiplatform/v1/`). Run with `--ignored --nocapture`.
#[test]
#[ignore = "needs the googleapis corpus; slow"]
fn corpus_matches_protoc() {
    let root = PathBuf::from(
        std::env::var("PROTOKIT_CORPUS").unwrap_or("/work/shared/corpus/googleapis".into()),
    );
    let filter =
        std::env::var("PROTOKIT_CORPUS_FILTER").unwrap_or("google/cloud/aiplatform/v1/".into());
    if !protoc_available() || !root.exists() {
        eprintln!("skipping: no protoc or no corpus");
        return;
    }
    let inputs: Vec<String> = inputs(&root)
        .into_iter()
        .filter(|f| f.starts_with(&filter) && !f.starts_with("google/cloud/compute/v1beta/"))
        .collect();
    let out_file = std::env::temp_dir().join(format!("protokit-corpus-{}.pb", std::process::id()));
    let mut cmd = Command::new("python");
    cmd.current_dir(&root)
        .args(["-m", "grpc_tools.protoc", "-I."]);
    if let Some(wkt) = wkt_include() {
        cmd.arg(format!("-I{}", wkt.display()));
    }
    let started = std::time::Instant::now();
    let out = cmd
        .arg("--include_imports")
        .arg("--include_source_info")
        .arg(format!("--descriptor_set_out={}", out_file.display()))
        .args(&inputs)
        .output()
        .expect("protoc runs");
    let protoc_time = started.elapsed();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let raw = split_set(&std::fs::read(&out_file).unwrap_or_default()).unwrap_or_default();
    let _ = std::fs::remove_file(&out_file);
    let mut linked: FxMapForTests = Default::default();
    let mut mismatches = 0;
    let mut link_time = std::time::Duration::ZERO;
    let mut slowest = Vec::new();
    for bytes in &raw {
        let Ok(theirs) = FileDescriptorProto::decode(bytes.as_slice()) else {
            continue;
        };
        let name = theirs.name().to_string();
        let Some(text) = read_fixture(&root, &name) else {
            continue;
        };
        let lowered = lower_source(&name, &text);
        let deps: Vec<Arc<LinkedFile>> = theirs
            .dependency
            .iter()
            .chain(&theirs.option_dependency)
            .filter_map(|d| linked.get(d.as_str()).cloned())
            .collect();
        let t = std::time::Instant::now();
        let (ours, errors) = link(lowered, &name, deps);
        link_time += t.elapsed();
        slowest.push((t.elapsed(), name.clone()));
        let mut p = ours.proto.clone();
        p.source_code_info = Some(ours.source_code_info(&LineIndex::new(&text)));
        let ours_bytes = p.encode_to_vec();
        if !errors.is_empty() || ours_bytes != *bytes {
            mismatches += 1;
            if mismatches <= 3 {
                let msgs: Vec<&str> = errors.iter().map(|e| e.message()).collect();
                println!(
                    "{name}: errors {msgs:?}\n{}",
                    diff(&debug_lines(bytes), &debug_lines(&ours_bytes))
                );
            }
        }
        linked.insert(name, Arc::new(ours));
    }
    println!(
        "{} files, {mismatches} differ; protoc {protoc_time:?} in all, our linking {link_time:?}",
        raw.len()
    );
    slowest.sort();
    for (t, name) in slowest.iter().rev().take(5) {
        println!("  {t:?} {name}");
    }
    assert_eq!(mismatches, 0);
}

type FxMapForTests = std::collections::HashMap<String, Arc<LinkedFile>>;

/// Time spent in each linking phase on one large corpus file (`PROTOKIT_PROFILE_FILE`).
#[test]
#[ignore = "profiling aid; needs the corpus"]
fn profile_phases() {
    let root = PathBuf::from("/work/shared/corpus/googleapis");
    let name = std::env::var("PROTOKIT_PROFILE_FILE")
        .unwrap_or("google/cloud/compute/v1/compute.proto".into());
    let mut done: std::collections::HashMap<String, Arc<LinkedFile>> = Default::default();
    fn load(
        root: &Path,
        name: &str,
        done: &mut std::collections::HashMap<String, Arc<LinkedFile>>,
    ) -> Option<Lowered> {
        let text = read_fixture(root, name)?;
        let lowered = lower_source(name, &text);
        for d in lowered.proto.dependency.clone() {
            if !done.contains_key(&d) {
                if let Some(l) = load(root, &d, done) {
                    let deps = dep_list(&l, done);
                    let (f, _) = link(l, &d, deps);
                    done.insert(d.clone(), Arc::new(f));
                }
            }
        }
        Some(lowered)
    }
    fn dep_list(
        l: &Lowered,
        done: &std::collections::HashMap<String, Arc<LinkedFile>>,
    ) -> Vec<Arc<LinkedFile>> {
        l.proto
            .dependency
            .iter()
            .filter_map(|d| done.get(d).cloned())
            .collect()
    }
    let Some(lowered) = load(&root, &name, &mut done) else {
        return;
    };
    let deps = dep_list(&lowered, &done);
    let mut cx = super::Linker {
        file_name: Arc::from(name.as_str()),
        proto: lowered.proto,
        locations: crate::source_info::PackedLocations::new(&lowered.locations),
        errors: Vec::new(),
        symbols: Default::default(),
        packages: Vec::new(),
        deps,
        public_deps: Vec::new(),
        hints: Vec::new(),
        declarations: Default::default(),
        pool: None,
        reach: None,
        transitive: Default::default(),
        retained: None,
        custom_option_files: Vec::new(),
        used: Default::default(),
        shadowed: Default::default(),
        direct_input: true,
    };
    cx.custom_option_files = super::custom_option_files(&cx.deps);
    let mut t = std::time::Instant::now();
    let mut lap = |what: &str| {
        println!("{what:>12}: {:?}", t.elapsed());
        t = std::time::Instant::now();
    };
    cx.build_symbols();
    lap("symbols");
    cx.cross_link();
    lap("cross_link");
    cx.interpret_options();
    lap("options");
    cx.declarations = super::declarations::of_file(&cx.proto);
    cx.validate();
    lap("validate");
    cx.check_declarations();
    lap("declarations");
    cx.strip_source_retention();
    lap("retention");
    cx.normalize();
    lap("normalize");
    println!("{} errors", cx.errors.len());
}

/// Every file of every shared error case (`fixtures/compiler/errors/cases.txt`), lowered and
/// linked whatever its errors, in any import order: linking never panics.
#[test]
fn links_broken_inputs_without_panicking() {
    let text = std::fs::read_to_string(fixtures().join("../errors/cases.txt")).unwrap_or_default();
    for case in text.split("\n=== ").skip(1) {
        let mut files: Vec<(String, String)> = Vec::new();
        for line in case.lines().skip(1) {
            if let Some(rest) = line.strip_prefix("--- ") {
                files.push((
                    rest.split_whitespace().next().unwrap_or("").into(),
                    String::new(),
                ));
            } else if line.starts_with(">>> ") {
                continue;
            } else if let Some((_, t)) = files.last_mut() {
                t.push_str(line);
                t.push('\n');
            }
        }
        // Dependencies first where possible, and every file linked against all earlier ones.
        files.reverse();
        let mut linked: Vec<Arc<LinkedFile>> = Vec::new();
        for (name, text) in &files {
            let lowered = lower_source(name, text);
            let deps: Vec<Arc<LinkedFile>> = lowered
                .proto
                .dependency
                .iter()
                .filter_map(|d| linked.iter().find(|l| l.name() == d).cloned())
                .collect();
            let (f, _) = link(lowered, name, deps);
            linked.push(Arc::new(f));
        }
    }
}

/// The valid fixtures with one line removed at a time (dangling names, half-built messages,
/// missing options): linking never panics.
#[test]
fn links_mutilated_fixtures_without_panicking() {
    let mut dirs = cases("valid");
    dirs.push(fixtures().join("../valid/proto2_defaults"));
    dirs.push(fixtures().join("../valid/custom_options"));
    for dir in dirs {
        for name in inputs(&dir) {
            let Some(text) = read_fixture(&dir, &name) else {
                continue;
            };
            let lines: Vec<&str> = text.lines().collect();
            for skip in 0..lines.len() {
                let mutated: String = lines
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != skip)
                    .map(|(_, l)| format!("{l}\n"))
                    .collect();
                let _ = link(lower_source(&name, &mutated), &name, vec![]);
            }
        }
    }
}

#[test]
fn linked_files_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<LinkedFile>();
}
