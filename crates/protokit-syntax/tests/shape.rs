//! Tree shapes: which tokens and sub-nodes sit directly in which node.

use protokit_syntax::{parse, Child, NodeKind, TokenKind};

/// The S-expression of a file, asserting it parsed without errors.
fn sexpr(text: &str) -> String {
    let tree = parse(text);
    assert!(tree.errors.is_empty(), "{text}: {:?}", tree.errors);
    assert_eq!(tree.print(), text);
    tree.to_sexpr()
}

/// The S-expression of the first statement after a `syntax` line.
fn stmt(syntax: &str, body: &str) -> String {
    let text = format!("syntax = \"{syntax}\";\n{body}\n");
    let all = sexpr(&text);
    let prefix = format!("(File (Syntax syntax = \"{syntax}\" ;) ");
    all.strip_prefix(&prefix)
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or_else(|| panic!("unexpected: {all}"))
        .to_string()
}

/// The S-expression of the first statement inside `message M { … }`.
fn in_message(syntax: &str, body: &str) -> String {
    let all = stmt(syntax, &format!("message M {{ {body} }}"));
    all.strip_prefix("(Message message M (Body { ")
        .and_then(|s| s.strip_suffix(" }))"))
        .unwrap_or_else(|| panic!("unexpected: {all}"))
        .to_string()
}

#[test]
fn file_level_statements() {
    assert_eq!(sexpr(""), "(File)");
    assert_eq!(
        sexpr("syntax = 'proto2';"),
        "(File (Syntax syntax = 'proto2' ;))"
    );
    assert_eq!(
        sexpr("edition = \"20\" \"23\";"),
        "(File (Edition edition = \"20\" \"23\" ;))"
    );
    assert_eq!(
        stmt("proto3", "package a.b.c;"),
        "(Package package (FullIdent a . b . c) ;)"
    );
    assert_eq!(
        stmt("proto3", "import public \"a\" \"b.proto\";"),
        "(Import import public \"a\" \"b.proto\" ;)"
    );
    assert_eq!(stmt("proto3", ";"), "(Empty ;)");
    assert_eq!(
        sexpr("edition = \"2024\"; import option \"x.proto\";"),
        "(File (Edition edition = \"2024\" ;) (Import import option \"x.proto\" ;))"
    );
}

#[test]
fn options() {
    assert_eq!(
        stmt("proto3", "option (a.b).c.(.d) = -1.5;"),
        "(Option option (OptionName (OptionNamePart ( (TypeName a . b ) )) . \
         (OptionNamePart c) . (OptionNamePart ( (TypeName . d) ))) = (OptionValue - 1.5) ;)"
            .replace("b )", "b)")
    );
    assert_eq!(
        stmt("proto3", "option a = -inf;"),
        "(Option option (OptionName (OptionNamePart a)) = (OptionValue - inf) ;)"
    );
    assert_eq!(
        stmt("proto3", "option a = \"x\" 'y';"),
        "(Option option (OptionName (OptionNamePart a)) = (OptionValue \"x\" 'y') ;)"
    );
}

#[test]
fn message_literals() {
    assert_eq!(
        stmt(
            "proto3",
            "option (o) = { a: 1, b { c: -2 } ; d < e: [1, 2] > f: [{x: 1}, <y: 2>] \
             [ext.name]: 'v' [type.googleapis.com/pkg.Msg] { } g: [] };"
        ),
        "(Option option (OptionName (OptionNamePart ( (TypeName o) ))) = (OptionValue \
         (MessageValue { \
         (MessageField (FieldName a) : (ScalarValue 1) ,) \
         (MessageField (FieldName b) (MessageValue { (MessageField (FieldName c) : (ScalarValue - 2)) }) ;) \
         (MessageField (FieldName d) (MessageValue < (MessageField (FieldName e) : (ListValue [ (ScalarValue 1) , (ScalarValue 2) ])) >)) \
         (MessageField (FieldName f) : (ListValue [ (MessageValue { (MessageField (FieldName x) : (ScalarValue 1)) }) , (MessageValue < (MessageField (FieldName y) : (ScalarValue 2)) >) ])) \
         (MessageField (FieldName [ (TypeName ext . name) ]) : (ScalarValue 'v')) \
         (MessageField (FieldName [ (TypeName type . googleapis . com) / (TypeName pkg . Msg) ]) (MessageValue { })) \
         (MessageField (FieldName g) : (ListValue [ ])) \
         })) ;)"
    );
}

#[test]
fn fields() {
    assert_eq!(
        in_message("proto2", "optional int32 x = 1 [default = -5, (o) = 1];"),
        "(Field optional (TypeName int32) x = 1 (CompactOptions [ (CompactOption (OptionName \
         (OptionNamePart default)) = (OptionValue - 5)) , (CompactOption (OptionName \
         (OptionNamePart ( (TypeName o) ))) = (OptionValue 1)) ]) ;)"
    );
    assert_eq!(
        in_message("proto3", "repeated .a.B b = 0x10;"),
        "(Field repeated (TypeName . a . B) b = 0x10 ;)"
    );
    assert_eq!(
        in_message("proto3", "map<string, a.B> m = 1;"),
        "(MapField map < (TypeName string) , (TypeName a . B) > m = 1 ;)"
    );
    // `map` not followed by `<` is a type name; keywords are contextual.
    assert_eq!(
        in_message("proto3", "map map = 1;"),
        "(Field (TypeName map) map = 1 ;)"
    );
    assert_eq!(
        in_message("proto2", "optional message message = 1;"),
        "(Field optional (TypeName message) message = 1 ;)"
    );
    assert_eq!(
        in_message("proto3", "option option = 1;"),
        "(Option option (OptionName (OptionNamePart option)) = (OptionValue 1) ;)"
    );
    assert_eq!(
        in_message(
            "proto2",
            "repeated group G = 1 [deprecated = true] { optional int32 a = 1; }"
        ),
        "(Group repeated group G = 1 (CompactOptions [ (CompactOption (OptionName \
         (OptionNamePart deprecated)) = (OptionValue true)) ]) (Body { (Field optional \
         (TypeName int32) a = 1 ;) }))"
    );
}

#[test]
fn oneofs_extensions_reserved() {
    assert_eq!(
        in_message(
            "proto2",
            "oneof o { option (x) = 1; int32 a = 1; group G = 2 {} }"
        ),
        "(Oneof oneof o { (Option option (OptionName (OptionNamePart ( (TypeName x) ))) = \
         (OptionValue 1) ;) (Field (TypeName int32) a = 1 ;) (Group group G = 2 (Body { })) })"
    );
    assert_eq!(
        in_message("proto2", "extensions 1, 5 to 10, 100 to max [(v) = 1];"),
        "(Extensions extensions (Range 1) , (Range 5 to 10) , (Range 100 to max) \
         (CompactOptions [ (CompactOption (OptionName (OptionNamePart ( (TypeName v) ))) = \
         (OptionValue 1)) ]) ;)"
    );
    assert_eq!(
        in_message("proto3", "reserved 1, 2 to max;"),
        "(Reserved reserved (Range 1) , (Range 2 to max) ;)"
    );
    assert_eq!(
        in_message("proto3", "reserved \"a\", \"b\";"),
        "(Reserved reserved \"a\" , \"b\" ;)"
    );
    assert_eq!(
        sexpr("edition = \"2023\"; message M { reserved a, b; }"),
        "(File (Edition edition = \"2023\" ;) (Message message M (Body { (Reserved reserved \
         a , b ;) })))"
    );
}

#[test]
fn enums() {
    assert_eq!(
        stmt(
            "proto2",
            "enum E { A = 0; B = -1 [deprecated = true]; reserved -5 to -2, 10 to max; reserved \"C\"; option allow_alias = true; ; }"
        ),
        "(Enum enum E { (EnumValue A = 0 ;) (EnumValue B = - 1 (CompactOptions [ \
         (CompactOption (OptionName (OptionNamePart deprecated)) = (OptionValue true)) ]) ;) \
         (Reserved reserved (Range - 5 to - 2) , (Range 10 to max) ;) (Reserved reserved \
         \"C\" ;) (Option option (OptionName (OptionNamePart allow_alias)) = (OptionValue \
         true) ;) (Empty ;) })"
    );
}

#[test]
fn services() {
    assert_eq!(
        stmt(
            "proto3",
            "service S { option (s) = 1; rpc A(stream .a.B) returns (stream C); rpc D(E) returns (F) { option deprecated = true; ; } ; }"
        ),
        "(Service service S { (Option option (OptionName (OptionNamePart ( (TypeName s) ))) = \
         (OptionValue 1) ;) (Rpc rpc A ( stream (TypeName . a . B) ) returns ( stream \
         (TypeName C) ) ;) (Rpc rpc D ( (TypeName E) ) returns ( (TypeName F) ) { (Option \
         option (OptionName (OptionNamePart deprecated)) = (OptionValue true) ;) (Empty ;) }) \
         (Empty ;) })"
    );
}

#[test]
fn extends() {
    assert_eq!(
        stmt(
            "proto2",
            "extend .google.protobuf.FieldOptions { optional int32 a = 1000; repeated group G = 1001 {} }"
        ),
        "(Extend extend (TypeName . google . protobuf . FieldOptions) { (Field optional \
         (TypeName int32) a = 1000 ;) (Group repeated group G = 1001 (Body { })) })"
    );
}

#[test]
fn editions_visibility() {
    assert_eq!(
        sexpr(
            "edition = \"2024\"; export message A { local enum E { X = 0; } } local message B {}"
        ),
        "(File (Edition edition = \"2024\" ;) (Message export message A (Body { (Enum local \
         enum E { (EnumValue X = 0 ;) }) })) (Message local message B (Body { })))"
    );
    // Before 2024, `export` is an ordinary type name.
    assert_eq!(
        sexpr("edition = \"2023\"; message A { export local = 1; }"),
        "(File (Edition edition = \"2023\" ;) (Message message A (Body { (Field (TypeName \
         export) local = 1 ;) })))"
    );
}

#[test]
fn trivia_placement() {
    let text = "syntax = \"proto3\";\n// doc\nmessage /* in */ M {\n  // field doc\n  int32 x = 1; // trailing\n}\n";
    let tree = parse(text);
    assert!(tree.errors.is_empty());
    let kinds_of = |children: &[Child]| -> Vec<String> {
        children
            .iter()
            .map(|c| match c {
                Child::Token(t) => format!("{:?}:{}", t.kind, tree.token_text(*t).trim()),
                Child::Node(n) => format!("{:?}", n.kind),
            })
            .collect()
    };
    // Comments between statements belong to the file / body; inside a statement, to it.
    assert_eq!(
        kinds_of(&tree.root.children),
        [
            "Syntax",
            "Newline:",
            "LineComment:// doc",
            "Newline:",
            "Message",
            "Newline:"
        ]
    );
    let message = tree.root.node(NodeKind::Message).unwrap();
    assert!(message
        .children
        .iter()
        .any(|c| matches!(c, Child::Token(t) if t.kind == TokenKind::BlockComment)));
    let body = message.node(NodeKind::Body).unwrap();
    assert_eq!(
        kinds_of(&body.children),
        [
            "Symbol:{",
            "Newline:",
            "Whitespace:",
            "LineComment:// field doc",
            "Newline:",
            "Whitespace:",
            "Field",
            "Whitespace:",
            "LineComment:// trailing",
            "Newline:",
            "Symbol:}"
        ]
    );
    let field = body.node(NodeKind::Field).unwrap();
    assert_eq!(field.significant_span(), field.span);
    let name: Vec<_> = field
        .tokens()
        .filter(|t| t.kind == TokenKind::Ident)
        .map(|t| tree.token_text(t))
        .collect();
    assert_eq!(name, ["x"]);
}

#[test]
fn string_values() {
    let tree = parse(
        "syntax = \"pro\" 'to3';\nimport \"a\\x2f\" \"b.proto\";\noption o = \"\\u00e9\\101\";",
    );
    assert!(tree.errors.is_empty());
    let syntax = tree.root.node(NodeKind::Syntax).unwrap();
    assert_eq!(tree.string_value(syntax), b"proto3");
    let import = tree.root.node(NodeKind::Import).unwrap();
    assert_eq!(tree.string_value(import), b"a/b.proto");
    let value = tree
        .root
        .node(NodeKind::Option)
        .and_then(|o| o.node(NodeKind::OptionValue))
        .unwrap();
    assert_eq!(tree.string_value(value), "éA".as_bytes());
}

#[test]
fn declaration_helpers() {
    let text = "syntax = \"proto2\";\n\
                message M {\n\
                  optional int32 optional = 1;\n\
                  required group G = 2 {}\n\
                  map<int32, int32> m = 4;\n\
                  repeated map map = 5;\n\
                  oneof o { int32 repeated = 6; group H = 3 {} }\n\
                }\n\
                enum E { A = -2147483648; }\n\
                service S { rpc R(M) returns (M); }\n";
    let tree = parse(text);
    assert!(tree.errors.is_empty(), "{:?}", tree.errors);
    let name = |n: &protokit_syntax::Node| tree.decl_name(n).map(|t| tree.token_text(t));
    let label = |n: &protokit_syntax::Node| tree.field_label(n).map(|t| tree.token_text(t));
    let message = tree.root.node(NodeKind::Message).unwrap();
    assert_eq!(name(message), Some("M"));
    let body = message.node(NodeKind::Body).unwrap();
    let decls: Vec<_> = body.nodes().collect();
    let summary: Vec<_> = decls
        .iter()
        .map(|n| (n.kind, label(n), name(n), tree.decl_number(n)))
        .collect();
    assert_eq!(
        summary,
        [
            (NodeKind::Field, Some("optional"), Some("optional"), Some(1)),
            (NodeKind::Group, Some("required"), Some("G"), Some(2)),
            (NodeKind::MapField, None, Some("m"), Some(4)),
            (NodeKind::Field, Some("repeated"), Some("map"), Some(5)),
            (NodeKind::Oneof, None, Some("o"), None),
        ]
    );
    let group = decls[4].node(NodeKind::Group).unwrap();
    assert_eq!((label(group), name(group)), (None, Some("H")));
    let oneof_field = decls[4].node(NodeKind::Field).unwrap();
    assert_eq!(label(oneof_field), None);
    assert_eq!(name(oneof_field), Some("repeated"));
    let value = tree
        .root
        .node(NodeKind::Enum)
        .and_then(|e| e.node(NodeKind::EnumValue))
        .unwrap();
    assert_eq!(name(value), Some("A"));
    assert_eq!(tree.decl_number(value), Some(-2147483648));
    let rpc = tree
        .root
        .node(NodeKind::Service)
        .and_then(|s| s.node(NodeKind::Rpc))
        .unwrap();
    assert_eq!(name(rpc), Some("R"));
}
