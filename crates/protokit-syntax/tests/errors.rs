//! Syntax errors: protoc's wording and position for the first error, every error reported,
//! recovery at statement boundaries.

use protokit_diagnostics::LineIndex;
use protokit_syntax::{parse, NodeKind, SyntaxTree};

/// Errors as protoc prints them, without the file name: `line:col: message`.
fn rendered(tree: &SyntaxTree) -> Vec<String> {
    let index = LineIndex::new(&tree.text);
    tree.errors
        .iter()
        .map(|e| {
            let (l, c) = index.line_col(e.span.start);
            format!("{}:{}: {}", l + 1, c + 1, e.message)
        })
        .collect()
}

/// Inputs and the first error protoc 35.1 prints for them
/// (`python -m grpc_tools.protoc -I. x.proto`).
const PROTOC_FIRST_ERRORS: &[(&str, &str)] = &[
    (
        "syntax = \"proto2\";\nmessage A { message message = 1; }",
        "2:29: Expected \"{\".",
    ),
    (
        "syntax = \"proto3\";\noption x = +1;",
        "2:12: Expected option value.",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 x = 1; }}\nfoo bar;\nmessage B {",
        "2:27: Expected top-level statement (e.g. \"message\").",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 x = 1 \nint32 y = 2;\nint32 z 3;\n}\nmessage B {",
        "3:1: Expected \";\".",
    ),
    (
        "syntax = \"proto3\";\nmessage A { message B { message C {",
        "2:36: Reached end of input in message definition (missing '}').",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 x = 99999999999; int32 y = -1; }\nenum E { A = -99999999999; }",
        "2:23: Integer out of range.",
    ),
    (
        "syntax = \"proto4\";\nmessage A {}\nfoo;",
        "1:10: Unrecognized syntax identifier \"proto4\".  This parser only recognizes \"proto2\" and \"proto3\".",
    ),
    (
        "syntax \"proto3\";\nfoo;",
        "1:8: Expected \"=\".",
    ),
    (
        "syntax = proto3;\nfoo;",
        "1:10: Expected syntax identifier.",
    ),
    (
        "syntax = \"proto3\"\nfoo;",
        "2:1: Expected \";\".",
    ),
    (
        "edition = \"2023\";\nexport message A {}\nlocal enum E { X = 0; }",
        "2:1: Expected top-level statement (e.g. \"message\").",
    ),
    (
        "edition = \"2024\";\nimport option \"x.proto\";\nexport message A { local message B {} export enum E { X = 0; }}\nexport service S {}\nlocal = 1;\n",
        "4:8: 'local' and 'export' visibility modifiers are valid only on 'message' and 'enum'",
    ),
    (
        "edition = \"2022\";",
        "1:11: Unknown edition \"2022\".",
    ),
    (
        "edition = \"PROTO3\";",
        "1:11: Unknown edition \"PROTO3\".",
    ),
    (
        "edition = \"\";",
        "1:11: Unknown edition \"\".",
    ),
    (
        "syntax = \"proto3\"; syntax = \"proto3\";",
        "1:20: Expected top-level statement (e.g. \"message\").",
    ),
    (
        "syntax = \"proto3\"; message A { export message B {} }",
        "1:47: Missing field number.",
    ),
    (
        "edition = \"2024\"; message A { export int32 x = 1; export = 1; }",
        "1:38: 'local' and 'export' visibility modifiers are valid only on 'message' and 'enum'",
    ),
    (
        "edition = \"2024\"; export export message A {}",
        "1:26: 'local' and 'export' visibility modifiers are valid only on 'message' and 'enum'",
    ),
    (
        "package a.b; syntax = \"proto3\";",
        "1:14: Expected top-level statement (e.g. \"message\").",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 x = 0x; }",
        "2:25: \"0x\" must be followed by hex digits.",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 x = 1abc; }",
        "2:24: Need space between number and identifier.",
    ),
    (
        "syntax = \"proto3\";\nmessage A { int32 x = 09; }",
        "2:24: Numbers starting with leading zero must be in octal.",
    ),
    (
        "syntax = \"proto3\";\noption (a) = 1.5.3;",
        "2:17: Already saw decimal point or exponent; can't have another one.",
    ),
    (
        "syntax = \"proto3\";\noption (a) = 1e;",
        "2:16: \"e\" must be followed by exponent.",
    ),
    (
        "syntax = \"proto3\";\noption (a) = 1.5f;",
        "2:17: Need space between number and identifier.",
    ),
    (
        "syntax = \"proto3\";\noption (a) = \"abc\nmessage A {}",
        "2:18: Multiline strings are not allowed. Did you miss a \"?.",
    ),
    (
        "syntax = \"proto3\";\noption (a) = \"a\\qb\";",
        "2:17: Invalid escape sequence in string literal.",
    ),
    (
        "syntax = \"proto3\";\noption (a) = \"a\\x\";",
        "2:18: Expected hex digits for escape sequence.",
    ),
    (
        "syntax = \"proto3\";\noption (a) = \"a\\u12\";",
        "2:20: Expected four hex digits for \\u escape sequence.",
    ),
    (
        "syntax = \"proto3\";\noption (a) = \"a\\U00200000\";",
        "2:20: Expected eight hex digits up to 10ffff for \\U escape sequence",
    ),
    (
        "syntax = \"proto3\";\n/* abc",
        "2:7: End-of-file inside block comment.",
    ),
    (
        "syntax = \"proto3\";\n/* a /* b */",
        "2:7: \"/*\" inside block comment.  Block comments cannot be nested.",
    ),
    (
        "syntax = \"proto3\";\nmessage A \u{1}\u{2}{}",
        "2:11: Invalid control characters encountered in text.",
    ),
    (
        "syntax = \"proto3\";\nmessage A é{}",
        "2:11: Interpreting non ascii codepoint 195.",
    ),
    (
        "syntax = \"proto3\";\noption (a) = \"abc",
        "2:18: Unexpected end of string.",
    ),
    (
        "syntax = \"proto3\";\noption (a) = 0x1.5;",
        "2:17: Hex and octal numbers must be integers.",
    ),
    (
        "syntax = \"proto3\";\noption (a) = 07.5;",
        "2:16: Hex and octal numbers must be integers.",
    ),
    (
        "syntax = \"proto3\";\nmessage A # {}",
        "2:11: Expected \"{\".",
    ),
    (
        "syntax = \"proto3\";\noption (a) = 1_000;",
        "2:15: Need space between number and identifier.",
    ),
    (
        "syntax = \"proto3\"; message A { oneof x {} }",
        "1:41: Expected type name.",
    ),
    (
        "syntax = \"proto3\"; message A { oneof x { ; int32 a = 1; } }",
        "1:42: Expected type name.",
    ),
    (
        "syntax = \"proto3\"; message A { oneof x { optional int32 a = 1; } }",
        "1:42: Fields in oneofs must not have labels (required / optional / repeated).",
    ),
    (
        "syntax = \"proto2\"; message A { extensions 1 to max; } extend A {}",
        "1:65: Expected \"required\", \"optional\", or \"repeated\".",
    ),
    (
        "syntax = \"proto2\"; message A { int32 a = 1; }",
        "1:32: Expected \"required\", \"optional\", or \"repeated\".",
    ),
    (
        "syntax = \"proto3\"; message A { group min_items = 21 [deprecated = true]; }",
        "1:38: Group names must start with a capital letter.",
    ),
    (
        "syntax = \"proto3\"; message A { group G = 21 [deprecated = true]; }",
        "1:64: Missing group body.",
    ),
    (
        "edition = \"2023\"; message A { group G = 1 { } }",
        "1:31: Group syntax is no longer supported in editions. To get group behavior you can specify features.message_encoding = DELIMITED on a message field.",
    ),
    (
        "syntax = \"proto2\"; message A { optional group g = 1 { } }",
        "1:47: Group names must start with a capital letter.",
    ),
    (
        "syntax = \"proto2\"; message A { optional group G = 1; }",
        "1:52: Missing group body.",
    ),
    (
        "syntax = \"proto3\"; import option \"x.proto\";",
        "1:27: option import is not supported before edition 2024.",
    ),
    (
        "syntax = \"proto2\"; package a; package b;",
        "1:31: Multiple package definitions.",
    ),
    (
        "edition = \"2024\"; message A { reserved \"a\"; }",
        "1:40: Reserved names must be identifiers in editions, not string literals.",
    ),
    (
        "syntax = \"proto3\"; message A { reserved a, b; }",
        "1:41: Reserved names must be string literals. (Only editions supports identifiers.)",
    ),
    (
        "edition = \"2024\"; message A { reserved a, \"b\"; reserved 1, -2; }",
        "1:43: Expected field name identifier.",
    ),
    (
        "syntax = \"proto3\"; message A { reserved -1; }",
        "1:41: Expected field name or number range.",
    ),
    (
        "syntax = \"proto3\"; enum E { reserved 1 to; }",
        "1:42: Expected integer.",
    ),
    (
        "syntax = \"proto3\"; enum E { reserved x; }",
        "1:38: Reserved names must be string literals. (Only editions supports identifiers.)",
    ),
    (
        "syntax = \"proto3\"; option (a.b).c = { a: 1 ; ",
        "1:46: Unexpected end of stream while parsing aggregate value.",
    ),
    (
        "syntax = \"proto3\"; option = 1;",
        "1:27: Expected identifier.",
    ),
    (
        "syntax = \"proto3\"; option a = -foo;",
        "1:35: Identifier after '-' symbol must be inf or nan.",
    ),
    (
        "syntax = \"proto3\"; option a = -\"s\";",
        "1:32: Invalid '-' symbol before string.",
    ),
    (
        "syntax = \"proto3\"; option a.(b = 1;",
        "1:32: Expected \")\".",
    ),
    (
        "syntax = \"proto3\"; option a = ;",
        "1:31: Expected option value.",
    ),
    (
        "syntax = \"proto3\"; option a = ",
        "1:31: Unexpected end of stream while parsing option value.",
    ),
    (
        "syntax = \"proto3\"; message A { int32 x = 1 [default = 1 ; }",
        "1:57: Expected \"]\".",
    ),
    (
        "syntax = \"proto3\"; message A { int32 x = 1 [] ; }",
        "1:45: Expected identifier.",
    ),
    (
        "syntax = \"proto3\"; option a = 1 2;",
        "1:33: Expected \";\".",
    ),
    (
        "syntax = \"proto2\"; message A { optional uint32 x = 1 [default = -1]; }",
        "1:66: Unsigned field can't have negative default value.",
    ),
    (
        "syntax = \"proto2\"; message A { optional int32 x = 1 [default = foo]; }",
        "1:64: Expected integer for field default value.",
    ),
    (
        "syntax = \"proto2\"; message A { optional double x = 1 [default = -inf, default = 1]; }",
        "1:71: Already set option \"default\".",
    ),
    (
        "syntax = \"proto2\"; message A { optional bool x = 1 [default = 1]; }",
        "1:63: Expected \"true\" or \"false\".",
    ),
    (
        "syntax = \"proto2\"; message A { optional A x = 1 [default = -1]; }",
        "1:61: Expected \"]\".",
    ),
    (
        "syntax = \"proto2\"; message A { optional group X = 1 [default = 1] {} }",
        "1:64: Messages can't have default values.",
    ),
    (
        "syntax = \"proto2\"; message A { optional string x = 1 [json_name = 1]; }",
        "1:67: Expected string for JSON name.",
    ),
    (
        "syntax = \"proto2\"; message A { optional string x = 1 [json_name = \"a\", json_name=\"b\"]; }",
        "1:72: Already set option \"json_name\".",
    ),
    (
        "syntax = \"proto2\"; option a = foo.5;",
        "1:34: Need space between identifier and decimal point.",
    ),
    (
        "syntax = \"proto2\"; message A { optional int32 x = 1 [default = 2147483648]; optional int32 y = 2 [default = -2147483649]; }",
        "1:64: Integer out of range.",
    ),
    (
        "syntax = \"proto2\"; message A { optional bytes x = 1 [default = 1]; }",
        "1:64: Expected string.",
    ),
    (
        "syntax = \"proto2\"; message A { optional float z = 3 [default = x]; }",
        "1:64: Expected number.",
    ),
    (
        "syntax = \"proto3\"; message A { map<string, int32> m = 1 }",
        "1:57: Expected \";\".",
    ),
    (
        "syntax = \"proto3\"; message A { repeated map<string, int32> m = 1; }",
        "1:44: Field labels (required/optional/repeated) are not allowed on map fields.",
    ),
    (
        "syntax = \"proto3\"; message A { oneof o { map<string, int32> m = 1; } }",
        "1:45: Map fields are not allowed in oneofs.",
    ),
    (
        "syntax = \"proto2\"; message A { extensions 1; } extend A { optional map<string, int32> m = 1; }",
        "1:71: Field labels (required/optional/repeated) are not allowed on map fields.",
    ),
    (
        "syntax = \"proto3\"; message A { map<string int32> m = 1; }",
        "1:43: Expected \",\".",
    ),
    (
        "syntax = \"proto3\"; message A { int32 = 1; }",
        "1:38: Expected field name.",
    ),
    (
        "syntax = \"proto3\"; message A { int32 a 1; }",
        "1:40: Missing field number.",
    ),
    (
        "syntax = \"proto3\"; message A { int32 a = x; }",
        "1:42: Expected field number.",
    ),
    (
        "syntax = \"proto3\"; message A { .int32 a = 1 }",
        "1:45: Expected \";\".",
    ),
    (
        "syntax = \"proto3\"; message A { a. b = 1; }",
        "1:37: Expected field name.",
    ),
    (
        "syntax = \"proto3\"; message { }",
        "1:28: Expected message name.",
    ),
    (
        "syntax = \"proto3\"; message A  }",
        "1:31: Expected \"{\".",
    ),
    (
        "syntax = \"proto3\"; enum { }",
        "1:25: Expected enum name.",
    ),
    (
        "syntax = \"proto3\"; enum E { A; }",
        "1:30: Missing numeric value for enum constant.",
    ),
    (
        "syntax = \"proto3\"; enum E { A = ; }",
        "1:33: Expected integer.",
    ),
    (
        "syntax = \"proto3\"; enum E { A = 0",
        "1:34: Expected \";\".",
    ),
    (
        "syntax = \"proto3\"; enum E { 1 = 0; }",
        "1:29: Expected enum constant name.",
    ),
    (
        "syntax = \"proto3\"; service { }",
        "1:28: Expected service name.",
    ),
    (
        "syntax = \"proto3\"; service S { rpc (A) returns (B); }",
        "1:36: Expected method name.",
    ),
    (
        "syntax = \"proto3\"; service S { rpc F A) returns (B); }",
        "1:38: Expected \"(\".",
    ),
    (
        "syntax = \"proto3\"; service S { rpc F(int32) returns (B); }",
        "1:38: Expected message type.",
    ),
    (
        "syntax = \"proto3\"; service S { rpc F(A) (B); }",
        "1:41: Expected \"returns\".",
    ),
    (
        "syntax = \"proto3\"; service S { rpc F(A) returns B; }",
        "1:49: Expected \"(\".",
    ),
    (
        "syntax = \"proto3\"; service S { rpc F(A) returns (B) }",
        "1:53: Expected \";\".",
    ),
    (
        "syntax = \"proto3\"; service S { rpc F(A) returns (B) { option x = 1 }",
        "1:68: Expected \";\".",
    ),
    (
        "syntax = \"proto3\"; service S { rpc F(A) returns (B) {",
        "1:54: Reached end of input in method options (missing '}').",
    ),
    (
        "syntax = \"proto3\"; service S { foo F(A) returns (B); }",
        "1:32: Expected \"rpc\".",
    ),
    (
        "syntax = \"proto3\"; service S {",
        "1:31: Reached end of input in service definition (missing '}').",
    ),
    (
        "syntax = \"proto3\"; extend { }",
        "1:27: Expected type name.",
    ),
    (
        "syntax = \"proto3\"; extend A { ",
        "1:31: Reached end of input in extend definition (missing '}').",
    ),
    (
        "syntax = \"proto3\"; extend int32 { }",
        "1:27: Expected message type.",
    ),
    (
        "syntax = \"proto3\"; message A { extensions ; }",
        "1:43: Expected field number range.",
    ),
    (
        "syntax = \"proto3\"; message A { extensions 1 to ; }",
        "1:48: Expected integer.",
    ),
    (
        "syntax = \"proto3\"; message A { extensions 1, ; }",
        "1:46: Expected field number range.",
    ),
    (
        "syntax = \"proto3\"; message A { extensions 1 [a = 1; }",
        "1:51: Expected \"]\".",
    ),
    (
        "syntax = \"proto3\"; import ;",
        "1:27: Expected a string naming the file to import.",
    ),
    (
        "syntax = \"proto3\"; import public ;",
        "1:34: Expected a string naming the file to import.",
    ),
    (
        "syntax = \"proto3\"; import \"a.proto\"",
        "1:36: Expected \";\".",
    ),
    (
        "syntax = \"proto3\"; package ;",
        "1:28: Expected identifier.",
    ),
    (
        "syntax = \"proto3\"; package a.;",
        "1:30: Expected identifier.",
    ),
    (
        "syntax = \"proto3\"; package a b;",
        "1:30: Expected \";\".",
    ),
    (
        "syntax = \"proto3\"; option a. = 1;",
        "1:30: Expected identifier.",
    ),
    (
        "syntax = \"proto3\"; option (a.) = 1;",
        "1:30: Expected identifier.",
    ),
    (
        "syntax = \"proto3\"; option a 1;",
        "1:29: Expected \"=\".",
    ),
    (
        "syntax = \"proto3\"; message A { oneof { } }",
        "1:38: Expected oneof name.",
    ),
    (
        "syntax = \"proto3\"; message A { oneof o  }",
        "1:41: Expected \"{\".",
    ),
    (
        "syntax = \"proto3\"; message A { oneof o { option a = ; int32 b = 1; } }",
        "1:53: Expected option value.",
    ),
    (
        "syntax = \"proto3\"; message A { oneof o { int32 b = 1; ",
        "1:55: Reached end of input in oneof definition (missing '}').",
    ),
    (
        "syntax = \"proto3\"; message A { optional int32 a = 1 [",
        "1:54: Expected identifier.",
    ),
    (
        "syntax = \"proto3\"; message A { optional int32 a = 1 [(a = 1]; }",
        "1:57: Expected \")\".",
    ),
    (
        "syntax = \"proto3\"; message A { int32 a = 1; } }",
        "1:47: Expected top-level statement (e.g. \"message\").",
    ),
    (
        "syntax = \"proto3\"; }",
        "1:20: Expected top-level statement (e.g. \"message\").",
    ),
    (
        "syntax = \"proto3\"; message A { message B { int32 = } int32 c = 1; }",
        "1:50: Expected field name.",
    ),
    (
        "syntax = \"proto2\"; message A { required group G = 1 [default=1]; }",
        "1:62: Messages can't have default values.",
    ),
    (
        "syntax = \"proto3\"; message A { int32 x = 1 [default = -]; }",
        "1:56: Expected integer for field default value.",
    ),
    (
        "syntax = \"proto2\"; message A { optional uint32 x = 1 [default = 4294967296]; }",
        "1:65: Integer out of range.",
    ),
    (
        "syntax = \"proto2\"; message A { optional sint64 x = 1 [default = -9223372036854775809]; }",
        "1:66: Integer out of range.",
    ),
    (
        "syntax = \"proto3\"; enum E { A = -2147483649; }",
        "1:34: Integer out of range.",
    ),
    (
        "syntax = \"proto3\"; enum E { A = 2147483648; }",
        "1:33: Integer out of range.",
    ),
    (
        "syntax = \"proto3\"; enum E { reserved -2147483649; }",
        "1:39: Integer out of range.",
    ),
    (
        "syntax = \"proto3\"; message A { reserved 2147483648; }",
        "1:41: Integer out of range.",
    ),
    (
        "syntax = \"proto3\"; message A { int32 a = 2147483647; int32 b = 2147483648; }",
        "1:64: Integer out of range.",
    ),
    (
        "syntax = \"proto3\"; message A { int32 a = 0x7fffffff; int32 b = 0x80000000; }",
        "1:64: Integer out of range.",
    ),    (
        "edition = \"2023\"; message A { optional int32 a = 1; int32 b 2; }",
        "1:31: Label \"optional\" is not supported in editions. By default, all singular fields have presence unless features.field_presence is set.",
    ),
    (
        "edition = \"2023\"; message A { required int32 b = 2; int32 b 2; }",
        "1:31: Label \"required\" is not supported in editions, use features.field_presence = LEGACY_REQUIRED.",
    ),
    (
        "edition = \"2023\"; message A { oneof o { optional int32 b = 2; } int32 b 2; }",
        "1:41: Fields in oneofs must not have labels (required / optional / repeated).",
    ),    (
        "syntax = \"proto2\";\nmessage M { map }",
        "2:17: Expected \"required\", \"optional\", or \"repeated\".",
    ),    (
        "edition = \"2024\"; import weak foo; bar;",
        "1:26: weak import is not supported in edition 2024 and above. Consider using option import instead.",
    ),
    (
        "syntax = \"proto3\"; import option foo; bar;",
        "1:27: option import is not supported before edition 2024.",
    ),
];

#[test]
fn first_error_matches_protoc() {
    let mut failures = Vec::new();
    for (src, expected) in PROTOC_FIRST_ERRORS {
        let tree = parse(src);
        assert_eq!(tree.print(), *src);
        let errors = rendered(&tree);
        if errors.first().map(String::as_str) != Some(*expected) {
            failures.push(format!(
                "{src:?}\n  protoc: {expected}\n  ours:   {errors:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn reports_every_error_and_recovers() {
    let src = "syntax = \"proto3\";\n\
               message A {\n\
                 int32 = 1;\n\
                 string name = 2;\n\
                 int32 x 3;\n\
               }\n\
               foo;\n\
               message B { int32 ok = 1; }\n";
    let tree = parse(src);
    assert_eq!(
        rendered(&tree),
        [
            "3:7: Expected field name.",
            "5:9: Missing field number.",
            "7:1: Expected top-level statement (e.g. \"message\")."
        ]
    );
    assert_eq!(tree.print(), src);
    // The statements after each error were parsed normally.
    let messages: Vec<_> = tree.root.nodes_of(NodeKind::Message).collect();
    assert_eq!(messages.len(), 2);
    let body = messages[0].node(NodeKind::Body).unwrap();
    let fields: Vec<_> = body.nodes_of(NodeKind::Field).collect();
    assert_eq!(fields.len(), 3);
    assert!(fields[0].contains_error());
    assert!(!fields[1].contains_error());
    assert!(fields[2].contains_error());
    assert!(!messages[1].contains_error());
    assert_eq!(tree.root.nodes_of(NodeKind::Error).count(), 1);
}

#[test]
fn skipped_tokens_are_wrapped_in_error_nodes() {
    let src = "syntax = \"proto3\";\nmessage A { int32 x = 1 [deprecated = true; }\n}";
    let tree = parse(src);
    assert_eq!(
        rendered(&tree),
        [
            "2:43: Expected \"]\".",
            "3:1: Expected top-level statement (e.g. \"message\").",
            "3:1: Unmatched \"}\"."
        ]
    );
    assert_eq!(
        tree.to_sexpr(),
        "(File (Syntax syntax = \"proto3\" ;) (Message message A (Body { (Field (TypeName \
         int32) x = 1 (CompactOptions [ (CompactOption (OptionName (OptionNamePart \
         deprecated)) = (OptionValue true))) (Error ;)) })) (Error }))"
    );
}

#[test]
fn a_statement_failing_at_its_first_token_is_an_error_node() {
    let tree = parse("syntax = \"proto3\";\nmessage A { = 5; }\nenum E { }");
    assert_eq!(
        tree.to_sexpr(),
        "(File (Syntax syntax = \"proto3\" ;) (Message message A (Body { (Error = 5 ;) })) \
         (Enum enum E { }))"
    );
    // Nothing skipped (the `}` closes the oneof): no empty node is left behind.
    let tree = parse("syntax = \"proto3\";\nmessage A { oneof o { } }");
    assert_eq!(
        tree.to_sexpr(),
        "(File (Syntax syntax = \"proto3\" ;) (Message message A (Body { (Oneof oneof o { }) })))"
    );
}

#[test]
fn skipping_a_statement_skips_a_balanced_block() {
    let src = "syntax = \"proto3\";\nmessage A { foo bar { a { b } c; } int32 ok = 1; }";
    let tree = parse(src);
    assert_eq!(rendered(&tree), ["2:21: Missing field number."]);
    let body = tree
        .root
        .node(NodeKind::Message)
        .and_then(|m| m.node(NodeKind::Body))
        .unwrap();
    assert_eq!(body.nodes_of(NodeKind::Field).count(), 2);
}

#[test]
fn malformed_message_literal_reports_one_error_and_keeps_the_statement() {
    let src = "syntax = \"proto3\";\noption (m) = { a 1 b: { c: [1 2] } };\noption x = 1;";
    let tree = parse(src);
    assert_eq!(
        rendered(&tree),
        ["2:14: Error while parsing option value for \"m\": Expected \":\", found \"1\"."]
    );
    let options: Vec<_> = tree.root.nodes_of(NodeKind::Option).collect();
    assert_eq!(options.len(), 2);
    let value = options[0].node(NodeKind::OptionValue).unwrap();
    let literal = value.node(NodeKind::MessageValue).unwrap();
    assert!(literal.node(NodeKind::Error).is_some());
    // The statement itself is complete: its `;` is a direct child.
    assert_eq!(tree.token_text(options[0].last_token().unwrap()), ";");
}

#[test]
fn text_format_errors_come_after_parser_errors() {
    let src = "syntax = \"proto3\";\noption (m) = { a 1 };\nmessage A { int32 x = 1 }";
    assert_eq!(
        rendered(&parse(src)),
        [
            "3:25: Expected \";\".",
            "2:14: Error while parsing option value for \"m\": Expected \":\", found \"1\"."
        ]
    );
}

#[test]
fn proto3_groups_are_left_to_the_compiler() {
    // protoc reports "Groups are not supported in proto3 syntax." only after parsing.
    let tree = parse("syntax = \"proto3\"; message A { optional group G = 1 { } }");
    assert!(tree.errors.is_empty(), "{:?}", tree.errors);
}

#[test]
fn hash_comments_out_the_rest_of_a_message_literal() {
    // protoc joins the literal's tokens into one line for its text-format parser, where `#`
    // starts a comment.
    let tree = parse("syntax = \"proto3\";\noption (m) = { a: 1 # c\n r: 2 };");
    assert!(tree.errors.is_empty(), "{:?}", tree.errors);
    let literal = tree
        .root
        .node(NodeKind::Option)
        .and_then(|o| o.node(NodeKind::OptionValue))
        .and_then(|v| v.node(NodeKind::MessageValue))
        .unwrap();
    assert_eq!(literal.nodes_of(NodeKind::MessageField).count(), 1);
    assert!(
        !parse("syntax = \"proto3\";\noption (m) = { m { # c\n } };")
            .errors
            .is_empty()
    );
}

#[test]
fn lexical_errors_come_before_parser_errors_on_the_same_token() {
    let tree = parse("syntax = \"proto3\";\nmessage A { int32 x = 09; }");
    assert_eq!(
        rendered(&tree),
        [
            "2:24: Numbers starting with leading zero must be in octal.",
            "2:23: Integer out of range."
        ]
    );
}

#[test]
fn unterminated_comment_reports_where_it_started() {
    let tree = parse("syntax = \"proto3\";\n/* abc");
    assert_eq!(
        rendered(&tree),
        [
            "2:7: End-of-file inside block comment.",
            "2:1:   Comment started here."
        ]
    );
}

#[test]
fn non_ascii_is_reported_per_byte_and_spans_whole_characters() {
    let src = "syntax = \"proto3\";\nmessage A é{}";
    let tree = parse(src);
    assert_eq!(
        rendered(&tree)[..2],
        [
            "2:11: Interpreting non ascii codepoint 195.",
            "2:11: Interpreting non ascii codepoint 169."
        ]
    );
    for e in &tree.errors {
        assert!(src.get(e.span.range()).is_some());
    }
}
