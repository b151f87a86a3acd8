//! Unit tests over a hand-built file; expected bytes and messages are protoc 35.1's.

use protokit_diagnostics::Span;

use super::super::schema::SymbolIndex;
use super::super::{interpret_file_options, ListSchema};
use super::text::parse_option;
use crate::descriptor::{
    DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto, FieldDescriptorProto,
    FileDescriptorProto, Options,
};
use crate::source_info::Location;

const OPTIONAL: i32 = 1;
const REQUIRED: i32 = 2;
const REPEATED: i32 = 3;

fn field(name: &str, number: i32, label: i32, ty: i32, type_name: &str) -> FieldDescriptorProto {
    FieldDescriptorProto {
        name: Some(name.into()),
        extendee: None,
        number: Some(number),
        label: Some(label),
        r#type: Some(ty),
        type_name: (!type_name.is_empty()).then(|| type_name.to_string()),
        default_value: None,
        options: None,
        oneof_index: None,
        json_name: None,
        proto3_optional: None,
    }
}

fn ext(
    name: &str,
    number: i32,
    label: i32,
    ty: i32,
    type_name: &str,
    extendee: &str,
) -> FieldDescriptorProto {
    FieldDescriptorProto {
        extendee: Some(extendee.into()),
        ..field(name, number, label, ty, type_name)
    }
}

fn message(name: &str, fields: Vec<FieldDescriptorProto>) -> DescriptorProto {
    DescriptorProto {
        name: Some(name.into()),
        field: fields,
        nested_type: vec![],
        enum_type: vec![],
        extension_range: vec![],
        extension: vec![],
        options: None,
        oneof_decl: vec![],
        reserved_range: vec![],
        reserved_name: vec![],
        visibility: None,
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
        options: None,
        reserved_range: vec![],
        reserved_name: vec![],
        visibility: None,
    }
}

/// `package pkg;` with message `Foo`, enums `E`/`E2`, a group and extensions of FileOptions
/// of every kind.
fn test_file(syntax: &str) -> FileDescriptorProto {
    use crate::options::types::ty::*;
    let fo = ".google.protobuf.FileOptions";
    let mut foo = message(
        "Foo",
        vec![
            field("a", 1, OPTIONAL, INT32, ""),
            field("b", 2, OPTIONAL, INT32, ""),
            field("sub", 3, OPTIONAL, MESSAGE, ".pkg.Foo"),
            field("r", 4, REPEATED, INT32, ""),
            field("rs", 5, REPEATED, MESSAGE, ".pkg.Foo"),
            field("e", 6, OPTIONAL, ENUM, ".pkg.E"),
            field("s", 7, OPTIONAL, STRING, ""),
            field("f", 9, OPTIONAL, FLOAT, ""),
            field("bo", 11, OPTIONAL, BOOL, ""),
            field("g", 12, OPTIONAL, GROUP, ".pkg.Foo.G"),
            field("o1", 16, OPTIONAL, INT32, ""),
            field("o2", 17, OPTIONAL, INT32, ""),
        ],
    );
    foo.field[10].oneof_index = Some(0);
    foo.field[11].oneof_index = Some(0);
    foo.oneof_decl
        .push(crate::descriptor::OneofDescriptorProto {
            name: Some("o".into()),
            options: None,
        });
    foo.nested_type
        .push(message("G", vec![field("x", 1, OPTIONAL, INT32, "")]));
    let req = message("Req", vec![field("req", 1, REQUIRED, INT32, "")]);
    FileDescriptorProto {
        name: Some("t.proto".into()),
        package: Some("pkg".into()),
        dependency: vec![],
        message_type: vec![foo, req],
        enum_type: vec![
            enumeration("E", &[("E0", 0), ("E1", 1), ("EN", -2)]),
            enumeration("E2", &[("X0", 0), ("X1", 1)]),
        ],
        service: vec![],
        extension: vec![
            ext("foo", 50000, OPTIONAL, MESSAGE, ".pkg.Foo", fo),
            ext("rep", 50001, REPEATED, INT32, "", fo),
            ext("i", 50002, OPTIONAL, INT32, "", fo),
            ext("u", 50003, OPTIONAL, UINT32, "", fo),
            ext("e", 50004, OPTIONAL, ENUM, ".pkg.E", fo),
            ext("b", 50005, OPTIONAL, BOOL, "", fo),
            ext("s", 50006, OPTIONAL, STRING, "", fo),
            ext("rfoo", 50007, REPEATED, MESSAGE, ".pkg.Foo", fo),
            ext("fl", 50008, OPTIONAL, FLOAT, "", fo),
            ext("d", 50009, OPTIONAL, DOUBLE, "", fo),
            ext("i64", 50010, OPTIONAL, INT64, "", fo),
            ext("u64", 50011, OPTIONAL, UINT64, "", fo),
            ext("si", 50012, OPTIONAL, SINT32, "", fo),
            ext("by", 50013, OPTIONAL, BYTES, "", fo),
            ext("req", 50014, OPTIONAL, MESSAGE, ".pkg.Req", fo),
            ext(
                "mo",
                50000,
                OPTIONAL,
                INT32,
                "",
                ".google.protobuf.MessageOptions",
            ),
        ],
        options: None,
        source_code_info: None,
        public_dependency: vec![],
        weak_dependency: vec![],
        syntax: Some(syntax.into()),
        edition: None,
        option_dependency: vec![],
    }
}

/// Interprets `statements` as file options; the encoded options in hex, or the errors.
fn run(statements: &[&str]) -> Result<String, Vec<String>> {
    let mut file = test_file("proto2");
    let mut options = Options::default();
    let mut locations = Vec::new();
    let mut offset = 0;
    for (i, s) in statements.iter().enumerate() {
        let mut o = parse_option(s, offset);
        o.location_index = Some(i);
        locations.push(Location::new(vec![8, 999, i as i32], o.span));
        options.uninterpreted.push(o);
        offset += s.len() as u32 + 1;
    }
    file.options = Some(options);
    let index = SymbolIndex::new(&[]);
    let schema = ListSchema::new(&index, &file);
    let errors = interpret_file_options(&mut file, &mut locations, "t.proto", &schema);
    if errors.is_empty() {
        let o = file.options.unwrap_or_default();
        assert!(o.uninterpreted.is_empty());
        Ok(o.encoded.iter().map(|b| format!("{b:02x}")).collect())
    } else {
        Err(errors.iter().map(|e| e.message().to_string()).collect())
    }
}

fn ok(statements: &[&str], want: &str) {
    assert_eq!(run(statements), Ok(want.to_string()), "{statements:?}");
}

fn err(statements: &[&str], want: &str) {
    assert_eq!(
        run(statements),
        Err(vec![want.to_string()]),
        "{statements:?}"
    );
}

#[test]
fn builtin_options_come_first_in_field_order() {
    ok(
        &["(i) = 7", "java_package = \"x\"", "optimize_for = SPEED"],
        "0a0178480190b51807",
    );
}

#[test]
fn sub_fields_of_one_option_are_merged() {
    ok(
        &[
            "(foo).a = 1",
            "(foo).b = 2",
            "(foo).sub.a = 5",
            "(foo).r = 9",
            "(foo).sub.sub.b = 6",
        ],
        "82b5180e080110021a0608051a0210062009",
    );
}

#[test]
fn repeated_options_and_groups() {
    ok(&["(rep) = 3", "(rep) = 4"], "88b5180388b51804");
    ok(&["(foo).g.x = 1"], "82b5180463080164");
}

#[test]
fn oneof_members_replace_each_other() {
    ok(&["(foo).o1 = 1", "(foo).o2 = 2"], "82b51803880102");
}

#[test]
fn integer_values() {
    ok(
        &["(i64) = -9223372036854775808"],
        "d0b51880808080808080808001",
    );
    ok(&["(si) = -1"], "e0b51801");
    ok(&["(i) = -1"], "90b518ffffffffffffffffff01");
    ok(&["(u) = 4294967295"], "98b518ffffffff0f");
    err(
        &["(i) = 2147483648"],
        "Value out of range, -2147483648 to 2147483647, for int32 option \"pkg.i\".",
    );
    err(
        &["(i) = -2147483649"],
        "Value out of range, -2147483648 to 2147483647, for int32 option \"pkg.i\".",
    );
    err(
        &["(i) = 1.5"],
        "Value must be integer, from -2147483648 to 2147483647, for int32 option \"pkg.i\".",
    );
    err(
        &["(u) = -1"],
        "Value must be integer, from 0 to 4294967295, for uint32 option \"pkg.u\".",
    );
    err(
        &["(u) = 4294967296"],
        "Value out of range, 0 to 4294967295, for uint32 option \"pkg.u\".",
    );
    err(
        &["(i64) = 9223372036854775808"],
        "Value out of range, -9223372036854775808 to 9223372036854775807, for int64 option \"pkg.i64\".",
    );
    err(
        &["(u64) = 18446744073709551616"],
        "Value must be integer, from 0 to 18446744073709551615, for uint64 option \"pkg.u64\".",
    );
}

#[test]
fn float_values() {
    ok(
        &["(fl) = inf", "(d) = -inf"],
        "c5b5180000807fc9b518000000000000f0ff",
    );
    ok(
        &["(fl) = nan", "(d) = -nan"],
        "c5b5180000c07fc9b518000000000000f87f",
    );
    ok(
        &["(fl) = 3.4028235e38", "(d) = 1e400"],
        "c5b518ffff7f7fc9b518000000000000f07f",
    );
    ok(
        &["(fl) = 18446744073709551615", "(d) = 18446744073709551615"],
        "c5b5180000805fc9b518000000000000f043",
    );
    err(
        &["(fl) = \"x\""],
        "Value must be number for float option \"pkg.fl\".",
    );
    err(
        &["(d) = foo"],
        "Value must be number for double option \"pkg.d\".",
    );
}

#[test]
fn bool_enum_and_string_values() {
    ok(
        &["(b) = true", "(e) = EN", "(s) = \"hi\"", "(by) = \"\\001\""],
        "a0b518feffffffffffffffff01a8b51801b2b518026869eab5180101",
    );
    err(
        &["(b) = 1"],
        "Value must be identifier for boolean option \"pkg.b\".",
    );
    err(
        &["(b) = True"],
        "Value must be \"true\" or \"false\" for boolean option \"pkg.b\".",
    );
    err(
        &["(e) = 1"],
        "Value must be identifier for enum-valued option \"pkg.e\".",
    );
    err(
        &["(e) = E3"],
        "Enum type \"pkg.E\" has no value named \"E3\" for option \"pkg.e\".",
    );
    err(
        &["(e) = X1"],
        "Enum type \"pkg.E\" has no value named \"X1\" for option \"pkg.e\". This appears to be a value from a sibling type.",
    );
    err(
        &["(s) = 1"],
        "Value must be quoted string for string option \"pkg.s\".",
    );
    err(
        &["(by) = foo"],
        "Value must be quoted string for string option \"pkg.by\".",
    );
}

#[test]
fn name_errors() {
    err(
        &["(nope) = 1"],
        "Option \"(nope)\" unknown. Ensure that your proto definition file imports the proto which defines the option (i.e. via import option after edition 2024).",
    );
    err(
        &["(foo).zz = 1"],
        "Option \"(foo).zz\" unknown. Ensure that your proto definition file imports the proto which defines the option (i.e. via import option after edition 2024).",
    );
    err(
        &["(mo) = 1"],
        "Option field \"(mo)\" is not a field or extension of message \"FileOptions\".",
    );
    err(
        &["(i).a = 1"],
        "Option \"(i)\" is an atomic type, not a message.",
    );
    err(
        &["(rfoo).a = 1"],
        "Option field \"(rfoo)\" is a repeated message. Repeated message options must be initialized using an aggregate value.",
    );
    err(
        &["uninterpreted_option = 1"],
        "Option must not use reserved name \"uninterpreted_option\".",
    );
    err(
        &["(Foo.zz) = 1"],
        "Option \"(Foo.zz)\" is resolved to \"(pkg.Foo.zz)\", which is not defined. The innermost scope is searched first in name resolution. Consider using a leading '.'(i.e., \"(.Foo.zz)\") to start from the outermost scope.",
    );
    // A plain field of another message, named like an extension.
    err(
        &["(Foo.b) = 1"],
        "Option field \"(Foo.b)\" is not a field or extension of message \"FileOptions\".",
    );
}

#[test]
fn already_set() {
    err(
        &["(foo).a = 1", "(foo).a = 2"],
        "Option \"(foo).a\" was already set.",
    );
    err(
        &["(foo).b = 2", "(foo) = {a:1}"],
        "Option \"(foo)\" was already set.",
    );
    err(&["(i) = 1", "(i) = 2"], "Option \"(i)\" was already set.");
    err(
        &["java_package = \"a\"", "java_package = \"b\""],
        "Option \"java_package\" was already set.",
    );
    // An aggregate and then a sub-field it did not set is fine, and they merge.
    ok(
        &["(foo) = { a: 1 }", "(foo).b = 2"],
        "82b51804080110 02".replace(' ', "").as_str(),
    );
}

#[test]
fn message_values() {
    err(
        &["(foo) = 1"],
        "Option \"pkg.foo\" is a message. To set the entire message, use syntax like \"foo = { <proto text format> }\". To set fields within it, use syntax like \"foo.foo = value\".",
    );
    err(
        &["(foo).sub = 1"],
        "Option \"pkg.Foo.sub\" is a message. To set the entire message, use syntax like \"sub = { <proto text format> }\". To set fields within it, use syntax like \"sub.foo = value\".",
    );
    ok(&["(foo) = { a: 1, b: 2; }"], "82b5180408011002");
    ok(&["(foo) = { G { x: 1 } }"], "82b5180463080164");
    ok(
        &["(foo) = { rs: [{a:1}, <b:2>] }"],
        "82b518082a0208012a021002",
    );
    ok(
        &["(foo) = { f: inf e: EN }"],
        "82b5181030feffffffffffffffff014d0000807f",
    );
}

#[test]
fn aggregate_errors() {
    let p = "Error while parsing option value for \"foo\": ";
    let cases: &[(&str, &str)] = &[
        (
            "(foo) = { zz: 1 }",
            "Message type \"pkg.Foo\" has no field named \"zz\".",
        ),
        (
            "(foo) = { a: 1 a: 2 }",
            "Non-repeated field \"a\" is specified multiple times.",
        ),
        ("(foo) = { a: \"x\" }", "Expected integer, got: \"x\""),
        (
            "(foo) = { e: E5 }",
            "Unknown enumeration value of \"E5\" for field \"e\".",
        ),
        (
            "(foo) = { e: 5 }",
            "Unknown enumeration value of \"5\" for field \"e\".",
        ),
        (
            "(foo) = { e: -1 }",
            "Unknown enumeration value of \"-1\" for field \"e\".",
        ),
        (
            "(foo) = { bo: yes }",
            "Invalid value for boolean field \"bo\". Value: \"yes\".",
        ),
        ("(foo) = { bo: 2 }", "Integer out of range (2)"),
        (
            "(foo) = { a: 2147483648 }",
            "Integer out of range (2147483648)",
        ),
        (
            "(foo) = { a: -2147483649 }",
            "Integer out of range (2147483649)",
        ),
        ("(foo) = { a: inf }", "Expected integer, got: inf"),
        (
            "(foo) = { o1: 1 o2: 2 }",
            "Field \"o2\" is specified along with field \"o1\", another member of oneof \"o\".",
        ),
        ("(foo) = { s: 1 }", "Expected string, got: 1"),
        ("(foo) = { a 1 }", "Expected \":\", found \"1\"."),
        ("(foo) = { sub: 1 }", "Expected \"{\", found \"1\"."),
        (
            "(foo) = { [pkg.nope]: 1 }",
            "Extension \"pkg.nope\" is not defined or is not an extension of \"pkg.Foo\".",
        ),
        (
            "(foo) = { [type.googleapis.com/pkg.Foo] { a: 1 } }",
            "Extension name contains \"/\"",
        ),
    ];
    for (stmt, msg) in cases {
        err(&[stmt], &format!("{p}{msg}"));
    }
    err(
        &["(req) = { }"],
        "Error while parsing option value for \"req\": Message missing required fields: req",
    );
}

#[test]
fn source_locations_are_rewritten() {
    let mut file = test_file("proto2");
    let mut options = Options::default();
    let stmts = [
        "(rep) = 1",
        "(foo).sub.a = 1",
        "(rep) = 2",
        "java_package = \"x\"",
    ];
    let mut locations = vec![Location::new(vec![], Span::new(0, 100))];
    for (i, s) in stmts.iter().enumerate() {
        let o = parse_option(s, i as u32 * 20);
        locations.push(Location::new(vec![8], o.span));
        locations.push(Location::new(vec![8, 999, i as i32], o.span));
        // A sub-location of the statement (dropped) and an unrelated one after it (kept).
        locations.push(Location::new(vec![8, 999, i as i32, 2, 0], o.name_span));
        options.uninterpreted.push(o);
    }
    locations.push(Location::new(vec![4, 0], Span::new(90, 99)));
    file.options = Some(options);
    let index = SymbolIndex::new(&[]);
    let schema = ListSchema::new(&index, &file);
    let errors = interpret_file_options(&mut file, &mut locations, "t.proto", &schema);
    assert!(errors.is_empty());
    let paths: Vec<Vec<i32>> = locations.into_iter().map(|l| l.path).collect();
    assert_eq!(
        paths,
        vec![
            vec![],
            vec![8],
            vec![8, 50001, 0],
            vec![8],
            vec![8, 50000, 3, 1],
            vec![8],
            vec![8, 50001, 1],
            vec![8],
            vec![8, 1],
            vec![4, 0],
        ]
    );
}

#[test]
fn errors_point_at_name_or_value() {
    let mut file = test_file("proto2");
    let o = parse_option("(i) = \"x\"", 100);
    let value_span = o.value_span;
    file.options = Some(Options {
        encoded: vec![],
        uninterpreted: vec![o, parse_option("(nope) = 1", 200)],
        as_written: None,
    });
    let index = SymbolIndex::new(&[]);
    let schema = ListSchema::new(&index, &file);
    let errors = interpret_file_options(&mut file, &mut Vec::new(), "t.proto", &schema);
    // The first error of an element stops the rest of it.
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].span(), Some(value_span));
    assert_eq!(errors[0].file(), "t.proto");
    // On error the statements stay uninterpreted.
    assert_eq!(file.options.map(|o| o.uninterpreted.len()), Some(2));
}

#[test]
fn proto3_fields_without_presence_drop_defaults() {
    let mut file = test_file("proto3");
    // Make Foo proto3-like: its scalar fields have no presence; `oa` is proto3 optional.
    file.message_type[0].field[0].proto3_optional = None;
    let mut options = Options::default();
    for s in [
        "(foo).a = 0",
        "(foo).r = 1",
        "(foo).r = 2",
        "(foo).s = \"\"",
    ] {
        options.uninterpreted.push(parse_option(s, 0));
    }
    file.options = Some(options);
    let index = SymbolIndex::new(&[]);
    let schema = ListSchema::new(&index, &file);
    let errors = interpret_file_options(&mut file, &mut Vec::new(), "t.proto", &schema);
    assert!(errors.is_empty(), "{errors:?}");
    // a = 0 and s = "" vanish; r is packed.
    assert_eq!(
        file.options.map(|o| o.encoded),
        Some(vec![0x82, 0xb5, 0x18, 0x04, 0x22, 0x02, 0x01, 0x02])
    );
}

#[test]
fn garbage_never_panics() {
    let texts = [
        "",
        "()",
        "(.) = 1",
        "(foo). = {",
        "(foo) = { [ ] }",
        "(foo) = { [x/] {} }",
        "(foo).sub.sub.sub.sub.a = 1",
        "(foo) = { sub { sub { sub { a: 1 } } } }",
        "(foo) = { rs: [] }",
        "(foo) = { g: 1 }",
        "(foo) = { G: [{x: 1}] }",
        "(.pkg.foo).a = 1",
        "(pkg.foo.a) = 1",
        "(E) = 1",
        "(E0) = 1",
        "features = 1",
        "features.field_presence = 1",
        "features.field_presence = EXPLICIT",
    ];
    for t in texts {
        let _ = run(&[t]);
        let _ = run(&[t, t]);
    }
}

#[test]
fn very_long_names_and_deep_values_do_not_exhaust_the_stack() {
    let long_name = format!("(foo){}.a = 1", ".sub".repeat(5000));
    assert!(run(&[&long_name]).is_ok());
    assert!(run(&[&long_name, &long_name]).is_err());
    let deep = format!("(foo) = {}{}", "{ sub ".repeat(300), "}".repeat(301));
    assert!(run(&[&deep]).is_err());
}
