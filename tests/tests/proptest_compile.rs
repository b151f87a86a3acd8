//! Property test: random *valid* proto3 files, built from a grammar-shaped strategy, must
//! (a) parse without errors and print back byte for byte, and (b) compile through the
//! `protokit_compiler` driver (with the embedded well-known types) into a descriptor whose
//! top-level messages, enums and fields match what was generated.
//!
//! The generator only produces files protoc accepts: names are unique by construction,
//! references are either short names or fully-qualified with a leading dot, enums start at
//! zero and prefix their values, oneof members carry no label and map keys are integral or
//! string. 64 cases by default; set `PROPTEST_CASES` for more.

use std::fmt::Write as _;

use proptest::prelude::*;
use protokit_compiler::compile::Compiler;
use protokit_compiler::resolver::{Embedded, FileResolverExt, InMemory};

const SCALARS: &[&str] = &[
    "double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string", "bytes",
    "uint32", "sfixed32", "sfixed64", "sint32", "sint64",
];
const MAP_KEYS: &[&str] = &[
    "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32",
    "sfixed64", "bool", "string",
];
const WORDS: &[&str] = &[
    "name", "id", "value", "count", "state", "owner", "labels", "parent", "token", "size", "kind",
    "payload", "score", "email", "region",
];
const TYPE_WORDS: &[&str] = &[
    "Account", "Order", "Invoice", "Event", "Report", "Asset", "Session", "Policy", "Route",
];
const PACKAGE_WORDS: &[&str] = &["acme", "billing", "shop", "v1", "v2", "internal", "api"];
/// Well-known types: (import path, type name).
const WKT: &[(&str, &str)] = &[
    (
        "google/protobuf/timestamp.proto",
        "google.protobuf.Timestamp",
    ),
    ("google/protobuf/duration.proto", "google.protobuf.Duration"),
    ("google/protobuf/any.proto", "google.protobuf.Any"),
    ("google/protobuf/empty.proto", "google.protobuf.Empty"),
    ("google/protobuf/struct.proto", "google.protobuf.Struct"),
    (
        "google/protobuf/wrappers.proto",
        "google.protobuf.StringValue",
    ),
    (
        "google/protobuf/field_mask.proto",
        "google.protobuf.FieldMask",
    ),
];

/// A field type; indices are reduced modulo what exists when rendering.
#[derive(Clone, Debug)]
enum Ty {
    Scalar(usize),
    /// A top-level message.
    Message(usize),
    /// A top-level enum (a scalar when the file has none).
    Enum(usize),
    /// A type of the enclosing message: nested message or enum (a top-level message if none).
    Nested(usize),
    Wkt(usize),
}

#[derive(Clone, Copy, Debug)]
enum Label {
    None,
    Optional,
    Repeated,
}

#[derive(Clone, Debug)]
enum Comment {
    Line(String),
    Block(String),
    /// A detached comment, then a blank line, then a leading one.
    Detached(String, String),
}

#[derive(Clone, Debug)]
struct Field {
    label: Label,
    ty: Ty,
    word: usize,
    leading: Option<Comment>,
    trailing: Option<String>,
    deprecated: bool,
    /// Fully qualify message and enum references with a leading dot.
    absolute: bool,
}

#[derive(Clone, Debug)]
enum Item {
    Field(Field),
    Map { key: usize, value: Ty, word: usize },
    Oneof(Vec<Field>),
    Message(Message),
    Enum(Enum),
}

#[derive(Clone, Debug)]
struct Message {
    leading: Option<Comment>,
    items: Vec<Item>,
    reserved: bool,
}

#[derive(Clone, Debug)]
struct Enum {
    leading: Option<Comment>,
    /// Comments of the non-zero values (their count is the number of values after zero).
    values: Vec<Option<Comment>>,
    alias: bool,
}

#[derive(Clone, Debug)]
struct File {
    header: Option<Comment>,
    package: Vec<usize>,
    java_package: bool,
    enums: Vec<Enum>,
    messages: Vec<Message>,
}

fn comment_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,.:!?()é日]{0,30}"
}

fn comment() -> impl Strategy<Value = Comment> {
    prop_oneof![
        3 => comment_text().prop_map(Comment::Line),
        1 => comment_text().prop_map(Comment::Block),
        1 => (comment_text(), comment_text()).prop_map(|(a, b)| Comment::Detached(a, b)),
    ]
}

fn ty() -> impl Strategy<Value = Ty> {
    prop_oneof![
        5 => (0..SCALARS.len()).prop_map(Ty::Scalar),
        2 => any::<usize>().prop_map(Ty::Message),
        1 => any::<usize>().prop_map(Ty::Enum),
        1 => any::<usize>().prop_map(Ty::Nested),
        1 => (0..WKT.len()).prop_map(Ty::Wkt),
    ]
}

fn field(labels: bool) -> impl Strategy<Value = Field> {
    let label = if labels {
        prop_oneof![
            3 => Just(Label::None),
            1 => Just(Label::Optional),
            1 => Just(Label::Repeated)
        ]
        .boxed()
    } else {
        Just(Label::None).boxed()
    };
    (
        label,
        ty(),
        0..WORDS.len(),
        proptest::option::weighted(0.3, comment()),
        proptest::option::weighted(0.2, comment_text()),
        proptest::bool::weighted(0.1),
        proptest::bool::weighted(0.2),
    )
        .prop_map(
            |(label, ty, word, leading, trailing, deprecated, absolute)| Field {
                label,
                ty,
                word,
                leading,
                trailing,
                deprecated,
                absolute,
            },
        )
}

fn enumeration() -> impl Strategy<Value = Enum> {
    (
        proptest::option::weighted(0.4, comment()),
        prop::collection::vec(proptest::option::weighted(0.3, comment()), 0..5),
        proptest::bool::weighted(0.1),
    )
        .prop_map(|(leading, values, alias)| Enum {
            leading,
            values,
            alias,
        })
}

fn message() -> impl Strategy<Value = Message> {
    let leaf = (
        proptest::option::weighted(0.4, comment()),
        prop::collection::vec(field(true).prop_map(Item::Field), 0..5),
    )
        .prop_map(|(leading, items)| Message {
            leading,
            items,
            reserved: false,
        });
    leaf.prop_recursive(2, 12, 6, |inner| {
        let item = prop_oneof![
            6 => field(true).prop_map(Item::Field),
            1 => (0..MAP_KEYS.len(), ty(), 0..WORDS.len())
                .prop_map(|(key, value, word)| Item::Map { key, value, word }),
            1 => prop::collection::vec(field(false), 1..4).prop_map(Item::Oneof),
            1 => inner.prop_map(Item::Message),
            1 => enumeration().prop_map(Item::Enum),
        ];
        (
            proptest::option::weighted(0.4, comment()),
            prop::collection::vec(item, 0..8),
            proptest::bool::weighted(0.1),
        )
            .prop_map(|(leading, items, reserved)| Message {
                leading,
                items,
                reserved,
            })
    })
}

fn file() -> impl Strategy<Value = File> {
    (
        proptest::option::weighted(0.5, comment()),
        prop::collection::vec(0..PACKAGE_WORDS.len(), 0..3),
        any::<bool>(),
        prop::collection::vec(enumeration(), 0..3),
        prop::collection::vec(message(), 1..5),
    )
        .prop_map(|(header, package, java_package, enums, messages)| File {
            header,
            package,
            java_package,
            enums,
            messages,
        })
}

/// What a rendered file declares, for checking the compiled descriptor.
struct Expected {
    package: Option<String>,
    messages: Vec<(String, Vec<String>)>,
    enums: Vec<String>,
}

struct Renderer<'a> {
    file: &'a File,
    out: String,
    package: String,
    wkt_used: Vec<bool>,
}

impl Renderer<'_> {
    fn line(&mut self, depth: usize, text: &str) {
        for _ in 0..depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn comment(&mut self, depth: usize, c: &Option<Comment>) {
        match c {
            None => {}
            Some(Comment::Line(t)) => self.line(depth, &format!("//{t}")),
            Some(Comment::Block(t)) => self.line(depth, &format!("/*{t}*/")),
            Some(Comment::Detached(a, b)) => {
                self.line(depth, &format!("// {a}"));
                self.out.push('\n');
                self.line(depth, &format!("// {b}"));
            }
        }
    }

    fn msg_name(i: usize) -> String {
        format!("{}{i}", TYPE_WORDS[i % TYPE_WORDS.len()])
    }

    fn enum_name(i: usize) -> String {
        format!("{}Kind{i}", TYPE_WORDS[(i + 3) % TYPE_WORDS.len()])
    }

    /// A reference to a top-level type, short or fully qualified.
    fn top_ref(&self, name: &str, absolute: bool) -> String {
        match (absolute, self.package.is_empty()) {
            (false, _) => name.to_string(),
            (true, true) => format!(".{name}"),
            (true, false) => format!(".{}.{name}", self.package),
        }
    }

    /// `nested`: names of the types declared in the enclosing message.
    fn type_ref(&mut self, ty: &Ty, absolute: bool, nested: &[String]) -> String {
        let n_msgs = self.file.messages.len();
        let n_enums = self.file.enums.len();
        match ty {
            Ty::Scalar(i) => SCALARS[*i].to_string(),
            Ty::Message(i) => self.top_ref(&Self::msg_name(i % n_msgs), absolute),
            Ty::Enum(i) if n_enums > 0 => self.top_ref(&Self::enum_name(i % n_enums), absolute),
            Ty::Enum(_) => "int32".to_string(),
            Ty::Nested(i) if !nested.is_empty() => nested[i % nested.len()].clone(),
            Ty::Nested(i) => self.top_ref(&Self::msg_name(i % n_msgs), absolute),
            Ty::Wkt(i) => {
                self.wkt_used[*i] = true;
                WKT[*i].1.to_string()
            }
        }
    }

    fn field(&mut self, depth: usize, f: &Field, name: &str, number: u32, nested: &[String]) {
        self.comment(depth, &f.leading);
        let label = match f.label {
            Label::None => "",
            Label::Optional => "optional ",
            Label::Repeated => "repeated ",
        };
        let ty = self.type_ref(&f.ty, f.absolute, nested);
        let opts = if f.deprecated {
            " [deprecated = true]"
        } else {
            ""
        };
        let trailing = match &f.trailing {
            Some(t) => format!(" // {t}"),
            None => String::new(),
        };
        self.line(
            depth,
            &format!("{label}{ty} {name} = {number}{opts};{trailing}"),
        );
    }

    fn enumeration(&mut self, depth: usize, e: &Enum, name: &str) {
        self.comment(depth, &e.leading);
        self.line(depth, &format!("enum {name} {{"));
        if e.alias {
            self.line(depth + 1, "option allow_alias = true;");
        }
        let prefix = name.to_uppercase();
        self.line(depth + 1, &format!("{prefix}_UNSPECIFIED = 0;"));
        for (v, c) in e.values.iter().enumerate() {
            self.comment(depth + 1, c);
            let word = WORDS[v % WORDS.len()].to_uppercase();
            self.line(
                depth + 1,
                &format!("{prefix}_{word}_{} = {};", v + 1, v + 1),
            );
        }
        if e.alias {
            self.line(depth + 1, &format!("{prefix}_ALIAS = 0;"));
        }
        self.line(depth, "}");
    }

    /// Renders a message; returns its field names.
    fn message(&mut self, depth: usize, m: &Message, name: &str) -> Vec<String> {
        self.comment(depth, &m.leading);
        self.line(depth, &format!("message {name} {{"));
        // Names of the nested types first, so fields can refer to them.
        let mut nested = Vec::new();
        for (k, item) in m.items.iter().enumerate() {
            match item {
                Item::Message(_) => nested.push(format!("Inner{k}")),
                Item::Enum(_) => nested.push(format!("Mode{k}")),
                _ => {}
            }
        }
        let mut fields = Vec::new();
        let mut number = 1u32;
        for (k, item) in m.items.iter().enumerate() {
            let d = depth + 1;
            match item {
                Item::Field(f) => {
                    let fname = format!("{}_{k}", WORDS[f.word]);
                    self.field(d, f, &fname, number, &nested);
                    fields.push(fname);
                    number += 1;
                }
                Item::Map { key, value, word } => {
                    let fname = format!("{}_{k}", WORDS[*word]);
                    let v = self.type_ref(value, false, &nested);
                    self.line(
                        d,
                        &format!("map<{}, {v}> {fname} = {number};", MAP_KEYS[*key]),
                    );
                    fields.push(fname);
                    number += 1;
                }
                Item::Oneof(members) => {
                    self.line(d, &format!("oneof choice_{k} {{"));
                    for (j, f) in members.iter().enumerate() {
                        let fname = format!("{}_{k}_{j}", WORDS[f.word]);
                        self.field(d + 1, f, &fname, number, &nested);
                        fields.push(fname);
                        number += 1;
                    }
                    self.line(d, "}");
                }
                Item::Message(inner) => {
                    self.message(d, inner, &format!("Inner{k}"));
                }
                Item::Enum(e) => {
                    self.enumeration(d, e, &format!("Mode{k}"));
                }
            }
        }
        if m.reserved {
            self.line(
                depth + 1,
                &format!("reserved {}, {} to {};", number + 1, number + 3, number + 6),
            );
            self.line(depth + 1, "reserved \"gone\", \"legacy\";");
        }
        self.line(depth, "}");
        fields
    }

    fn render(file: &File) -> (String, Expected) {
        let package = file
            .package
            .iter()
            .enumerate()
            .map(|(k, w)| format!("{}{k}", PACKAGE_WORDS[*w]))
            .collect::<Vec<_>>()
            .join(".");
        let mut r = Renderer {
            file,
            out: String::new(),
            package: package.clone(),
            wkt_used: vec![false; WKT.len()],
        };
        // The body first (it decides which well-known types are used), then the header.
        let mut messages = Vec::new();
        let mut enums = Vec::new();
        for (i, e) in file.enums.iter().enumerate() {
            let name = Self::enum_name(i);
            r.enumeration(0, e, &name);
            r.out.push('\n');
            enums.push(name);
        }
        for (i, m) in file.messages.iter().enumerate() {
            let name = Self::msg_name(i);
            let fields = r.message(0, m, &name);
            r.out.push('\n');
            messages.push((name, fields));
        }
        let body = std::mem::take(&mut r.out);
        r.comment(0, &file.header);
        r.out.push_str("syntax = \"proto3\";\n\n");
        if !package.is_empty() {
            let _ = writeln!(r.out, "package {package};\n");
        }
        for (i, used) in r.wkt_used.clone().into_iter().enumerate() {
            if used {
                let _ = writeln!(r.out, "import \"{}\";", WKT[i].0);
            }
        }
        if file.java_package {
            r.out
                .push_str("\noption java_package = \"com.example.gen\";\n");
        }
        r.out.push('\n');
        r.out.push_str(&body);
        let expected = Expected {
            package: (!package.is_empty()).then_some(package),
            messages,
            enums,
        };
        (r.out, expected)
    }
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(64);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    /// (a) Generated files parse without errors and print back byte for byte.
    #[test]
    fn generated_proto3_parses_and_round_trips(file in file()) {
        let (text, _) = Renderer::render(&file);
        let tree = protokit_syntax::parse(&text);
        prop_assert!(tree.errors.is_empty(), "syntax errors {:?} in:\n{}", tree.errors, text);
        prop_assert_eq!(tree.print(), text);
    }

    /// (b) Generated files compile, and the descriptor declares what the text declares.
    #[test]
    fn generated_proto3_compiles(file in file()) {
        let (text, expected) = Renderer::render(&file);
        let mut files = InMemory::new();
        files.insert("gen.proto", text.as_str());
        let compiler = Compiler::new(files.or(Embedded));
        let output = match compiler.compile(&["gen.proto"]) {
            Ok(output) => output,
            Err(errors) => {
                let rendered: Vec<String> =
                    errors.errors().iter().map(|e| errors.format_gcc(e)).collect();
                return Err(TestCaseError::fail(format!(
                    "compile failed:\n{}\n--- gen.proto ---\n{text}",
                    rendered.join("\n")
                )));
            }
        };
        let compiled = output.file("gen.proto").expect("gen.proto in the output");
        let proto = compiled.proto();
        prop_assert_eq!(proto.syntax.as_deref(), Some("proto3"));
        prop_assert_eq!(&proto.package, &expected.package);
        let names: Vec<_> = proto.message_type.iter().map(|m| m.name().to_string()).collect();
        let want: Vec<_> = expected.messages.iter().map(|(n, _)| n.clone()).collect();
        prop_assert_eq!(names, want, "message names in:\n{}", text);
        for (m, (_, fields)) in proto.message_type.iter().zip(&expected.messages) {
            let got: Vec<_> = m.field.iter().map(|f| f.name().to_string()).collect();
            prop_assert_eq!(&got, fields, "fields of {} in:\n{}", m.name(), text);
        }
        let enums: Vec<_> = proto.enum_type.iter().map(|e| e.name().to_string()).collect();
        prop_assert_eq!(enums, expected.enums);
    }
}

/// Writes generated files to `$PROTOKIT_PROPTEST_DUMP` (default 200 of them, or
/// `$PROTOKIT_PROPTEST_DUMP_COUNT`) so the generator can be checked against protoc:
/// `for f in dir/*.proto; do protoc -I dir -I <wkt> -o /dev/null $(basename $f); done`.
#[test]
#[ignore = "tooling: set PROTOKIT_PROPTEST_DUMP=<dir> and run with --ignored"]
fn dump_generated_files() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let Ok(dir) = std::env::var("PROTOKIT_PROPTEST_DUMP") else {
        return;
    };
    let count: usize = std::env::var("PROTOKIT_PROPTEST_DUMP_COUNT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    std::fs::create_dir_all(&dir).unwrap();
    let mut runner = TestRunner::deterministic();
    let strategy = file();
    for i in 0..count {
        let value = strategy.new_tree(&mut runner).unwrap().current();
        let (text, _) = Renderer::render(&value);
        std::fs::write(format!("{dir}/gen_{i:04}.proto"), text).unwrap();
    }
}
