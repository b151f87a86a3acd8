//! Unit tests: shapes protoc's parser produces, and robustness on broken input.

use super::lower;
use crate::descriptor::OptionValue;

fn lowered(text: &str) -> super::Lowered {
    lower(&protokit_syntax::parse(text), "t.proto")
}

#[test]
fn map_entry_and_group_shapes() {
    let l = lowered(
        "syntax = \"proto2\";\nmessage M {\n  map<string, M> foo_bar = 1 [features.x = 1];\n  \
         optional group Grp = 2 { optional int32 a = 1; }\n}\n",
    );
    let m = &l.proto.message_type[0];
    assert_eq!(m.field[0].type_name.as_deref(), Some("FooBarEntry"));
    assert_eq!(m.field[0].label, Some(3));
    let entry = &m.nested_type[0];
    assert_eq!(entry.name.as_deref(), Some("FooBarEntry"));
    assert_eq!(
        entry.options.as_ref().map(|o| o.encoded.clone()),
        Some(vec![0x38, 1])
    );
    assert_eq!(entry.field[0].r#type, Some(9));
    assert_eq!(entry.field[1].type_name.as_deref(), Some("M"));
    // Features of the map field apply to its key and value, without a location of their own.
    let copied = &entry.field[1].options.as_ref().unwrap().uninterpreted[0];
    assert_eq!(copied.location_index, None);
    assert_eq!(m.field[1].name.as_deref(), Some("grp"));
    assert_eq!(m.field[1].r#type, Some(10));
    assert_eq!(m.nested_type[1].name.as_deref(), Some("Grp"));
}

#[test]
fn proto3_optional_synthetic_oneofs() {
    let l = lowered(
        "syntax = \"proto3\";\nmessage M {\n  optional int32 foo = 1;\n  int32 _foo = 2;\n  \
         oneof o { int32 x = 3; }\n}\n",
    );
    let m = &l.proto.message_type[0];
    let names: Vec<_> = m
        .oneof_decl
        .iter()
        .map(|o| o.name.clone().unwrap())
        .collect();
    assert_eq!(names, ["o", "X_foo"]);
    assert_eq!(m.field[0].oneof_index, Some(1));
    assert_eq!(m.field[0].proto3_optional, Some(true));
}

#[test]
fn ranges_and_sentinels() {
    let l = lowered(
        "syntax = \"proto2\";\nmessage M { extensions 5 to max; reserved 1 to 3; }\n\
         message S { option message_set_wire_format = true; extensions 4 to max; }\n\
         enum E { A = 0; reserved -2 to max; }\n",
    );
    let m = &l.proto.message_type[0];
    assert_eq!(m.extension_range[0].end, Some(536_870_912));
    assert_eq!(m.reserved_range[0].end, Some(4));
    assert_eq!(
        l.proto.message_type[1].extension_range[0].end,
        Some(i32::MAX)
    );
    let e = &l.proto.enum_type[0].reserved_range[0];
    assert_eq!((e.start, e.end), (Some(-2), Some(i32::MAX)));
}

#[test]
fn defaults_as_protoc_parser_stores_them() {
    let l = lowered(
        "syntax = \"proto2\";\nmessage M {\n  optional int32 a = 1 [default = -0x10];\n  \
         optional double b = 2 [default = 1e20];\n  optional bytes c = 3 [default = \"\\x01\"];\n  \
         optional E d = 4 [default = FOO];\n  optional string e = 5 [default = \"x\" \"y\", json_name = \"J\"];\n}\n",
    );
    let f = &l.proto.message_type[0].field;
    let d: Vec<_> = f.iter().map(|f| f.default_value.clone().unwrap()).collect();
    assert_eq!(d, ["-16", "1e+20", "\\001", "FOO", "xy"]);
    assert_eq!(f[4].json_name.as_deref(), Some("J"));
}

#[test]
fn option_values_and_locations() {
    let l = lowered("syntax = \"proto2\";\noption (a.b).c = -5;\noption x = \"s\" 't';\n");
    let opts = l.proto.options.as_ref().unwrap();
    assert_eq!(opts.uninterpreted[0].value, OptionValue::NegativeInt(-5));
    assert!(opts.uninterpreted[0].name[0].is_extension);
    assert_eq!(opts.uninterpreted[0].name[0].name, "a.b");
    assert_eq!(
        opts.uninterpreted[1].value,
        OptionValue::String(b"st".to_vec())
    );
    let idx = opts.uninterpreted[1].location_index.unwrap();
    assert_eq!(l.locations[idx].path, [8, 999, 1]);
}

#[test]
fn allow_alias_checks() {
    let l = lowered("syntax = \"proto3\";\nenum E { option allow_alias = true; A = 0; B = 1; }\n");
    assert_eq!(l.errors.len(), 1);
    assert!(l.errors[0]
        .message()
        .contains("declares support for enum aliases"));
    let l = lowered("syntax = \"proto3\";\nenum E { option allow_alias = false; A = 0; }\n");
    assert!(l.errors[0].message().contains("which has no effect"));
}

#[test]
fn empty_and_comment_only_files() {
    let l = lowered("");
    assert_eq!(l.locations.len(), 1);
    let l = lowered("// only\n\n");
    let lines = protokit_diagnostics::LineIndex::new("// only\n\n");
    assert_eq!(l.locations[0].to_proto(&lines).span, [2, 0, 0, 0]);
}

/// Every prefix of every fixture, and a few mangled variants, lower without panicking.
#[test]
fn never_panics_on_broken_input() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/compiler/lower");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(e.path()) else {
            continue;
        };
        let cuts: Vec<usize> = (0..text.len())
            .step_by(13)
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for i in cuts {
            let _ = lowered(&text[..i]);
            let mut mangled = text.clone();
            mangled.replace_range(i..i, "} ; { = [ ( -");
            let _ = lowered(&mangled);
        }
    }
}

/// Every broken input of the compiler error table lowers without panicking.
#[test]
fn never_panics_on_error_cases() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/compiler/errors/cases.txt");
    let Ok(table) = std::fs::read_to_string(path) else {
        return;
    };
    let mut current = String::new();
    let mut in_file = false;
    for line in table.lines() {
        if line.starts_with("--- ") || line.starts_with("=== ") || line.starts_with(">>> ") {
            if in_file {
                let _ = lowered(&current);
                let _ = lowered(&current.replace('\n', "\r\n"));
            }
            current.clear();
            in_file = line.starts_with("--- ");
        } else if in_file {
            current.push_str(line);
            current.push('\n');
        }
    }
}

#[test]
fn negative_nan_keeps_its_sign_only_in_message_literals() {
    let l = lowered("syntax = \"proto2\";\noption (a) = -nan;\noption (b) = { f: -nan };\n");
    let opts = &l.proto.options.as_ref().unwrap().uninterpreted;
    let OptionValue::Double(plain) = opts[0].value else {
        panic!("{:?}", opts[0].value);
    };
    assert!(plain.is_nan() && plain.is_sign_positive());
    let OptionValue::Aggregate(lit) = &opts[1].value else {
        panic!("{:?}", opts[1].value);
    };
    let crate::descriptor::LiteralValue::Scalar(OptionValue::Double(v), _) =
        lit.fields[0].values[0]
    else {
        panic!("{:?}", lit.fields[0].values[0]);
    };
    assert!(v.is_nan() && v.is_sign_negative());
}
