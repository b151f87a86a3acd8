//! Lowering: one file's syntax tree to the `FileDescriptorProto` and source locations that
//! protoc's parser (`compiler/parser.cc`) builds, before any linking.
//!
//! [`lower`] reproduces what protoc's *parser* does and nothing more:
//!
//! - names are kept as written: `type_name`, `extendee`, `input_type` and `output_type` are
//!   not resolved, and a field whose type is not a scalar keyword has no `type` yet;
//! - options stay uninterpreted ([`Options::uninterpreted`]), each with the index of its
//!   `[…, 999, i]` location in [`Lowered::locations`], except the `map_entry = true` of
//!   synthesized map entries, which is already encoded;
//! - `default` and `json_name` are stored as protoc's parser stores them (integers in decimal,
//!   floats through `SimpleDtoa`, strings unescaped, bytes C-escaped, anything for a named
//!   type as the raw text of the token);
//! - maps get their `<Name>Entry` nested message, groups their nested message, proto3
//!   `optional` fields their synthetic oneofs;
//! - `extensions … to max` and `reserved … to max` in messages end at `536870912`, or at
//!   `i32::MAX` when the message has an uninterpreted `message_set_wire_format = true` option,
//!   as protoc's parser decides it; `max` in enums is `i32::MAX`;
//! - locations come in protoc's order (a parent before its children) with protoc's spans and
//!   comments.
//!
//! # What the linker finishes
//!
//! - Each option statement or compact option has a location `[…, 999, i]` (its
//!   [`UninterpretedOption::location_index`]) followed by its sub-locations: the name
//!   `[…, 999, i, 2]`, each part `[…, 2, j]` and `[…, 2, j, 1]`, and the value `[…, 999, i, k]`
//!   (`k` the `UninterpretedOption` field of the value's kind). protoc's interpreter replaces
//!   the first with the interpreted path and drops the rest.
//! - Options copied by protoc's parser have no location of their own
//!   (`location_index: None`): the `features` and `enforce_utf8` options a map field passes to
//!   its entry's key and value. The options of an `extensions` statement are copied to every
//!   range of the statement, each copy pointing at its own copied locations.
//! - Stored as protoc's *parser* writes them, so still to be normalized as protoc's output
//!   has them: `syntax = "proto2"` (protoc's output omits it), numeric default values
//!   (`-0` becomes `0`, `-nan` becomes `nan`, float fields go through `SimpleFtoa`), `json_name`
//!   (only when written), `type` of named types (unset).
//! - protoc strips source-retention options from its output (extension range `declaration` and
//!   `verification`, `features.default_symbol_visibility` and `enforce_naming_style`, custom
//!   options with `retention = RETENTION_SOURCE`) together with their locations, and an
//!   options location whose message became empty.
//!
//! `protokit_syntax` already reports protoc's parser errors (syntax, numbers out of range,
//! bad default values, misplaced labels, …); lowering adds the ones it cannot see, the
//! `allow_alias` checks of protoc's `ValidateEnum`. `Error` nodes are skipped, and no tree
//! makes lowering panic.

mod comments;
mod values;

#[cfg(test)]
mod difftest;
#[cfg(test)]
mod tests;

use protokit_syntax::{Child, Node, NodeKind, Span, SyntaxTree, Token, TokenKind};

use crate::descriptor::{
    DescriptorProto, EnumDescriptorProto, EnumValueDescriptorProto, ExtensionRange,
    FieldDescriptorProto, FileDescriptorProto, LiteralField, LiteralFieldName, LiteralValue,
    MessageLiteral, MethodDescriptorProto, NamePart, OneofDescriptorProto, OptionValue, Options,
    ReservedRange, ServiceDescriptorProto, UninterpretedOption,
};
use crate::error::CompileError;
use crate::source_info::Location;

/// The result of [`lower`].
#[derive(Clone, Debug)]
pub struct Lowered {
    /// The file as protoc's parser builds it (see the module documentation).
    pub proto: FileDescriptorProto,
    /// Source locations in protoc's order. When the file has no token at all, the root
    /// location's span runs backwards, from the end of the file to offset 0, which converts
    /// to protoc's `[eof_line, eof_col, 0, 0]`.
    pub locations: Vec<Location>,
    /// Errors protoc's parser reports that are not syntax errors, in source order of
    /// discovery.
    pub errors: Vec<CompileError>,
}

/// Lowers a parsed file. `file_name` names the file in the descriptor and in errors.
pub fn lower(tree: &SyntaxTree, file_name: &str) -> Lowered {
    let mut l = Lowerer {
        tree,
        text: &tree.text,
        file: file_name,
        syntax: Syntax::Proto2,
        // About one location per three tokens, trivia included, in real files.
        locs: Vec::with_capacity(tree.tokens.len() / 3 + 1),
        token_hint: 0,
        errors: Vec::new(),
        upcoming_doc: String::new(),
        upcoming_detached: Vec::new(),
    };
    let proto = l.file();
    Lowered {
        proto,
        locations: l.locs,
        errors: l.errors,
    }
}

// Field numbers of descriptor.proto used in location paths.
const FILE_PACKAGE: i32 = 2;
const FILE_DEPENDENCY: i32 = 3;
const FILE_MESSAGE_TYPE: i32 = 4;
const FILE_ENUM_TYPE: i32 = 5;
const FILE_SERVICE: i32 = 6;
const FILE_EXTENSION: i32 = 7;
const FILE_OPTIONS: i32 = 8;
const FILE_PUBLIC_DEPENDENCY: i32 = 10;
const FILE_WEAK_DEPENDENCY: i32 = 11;
const FILE_SYNTAX: i32 = 12;
const FILE_OPTION_DEPENDENCY: i32 = 15;
const MSG_FIELD: i32 = 2;
const MSG_NESTED_TYPE: i32 = 3;
const MSG_ENUM_TYPE: i32 = 4;
const MSG_EXTENSION_RANGE: i32 = 5;
const MSG_EXTENSION: i32 = 6;
const MSG_OPTIONS: i32 = 7;
const MSG_ONEOF_DECL: i32 = 8;
const MSG_RESERVED_RANGE: i32 = 9;
const MSG_RESERVED_NAME: i32 = 10;
const FIELD_NAME: i32 = 1;
const FIELD_EXTENDEE: i32 = 2;
const FIELD_NUMBER: i32 = 3;
const FIELD_LABEL: i32 = 4;
const FIELD_TYPE: i32 = 5;
const FIELD_TYPE_NAME: i32 = 6;
const FIELD_DEFAULT_VALUE: i32 = 7;
const FIELD_OPTIONS: i32 = 8;
const FIELD_JSON_NAME: i32 = 10;
const ONEOF_OPTIONS: i32 = 2;
const ENUM_VALUE: i32 = 2;
const ENUM_OPTIONS: i32 = 3;
const ENUM_RESERVED_RANGE: i32 = 4;
const ENUM_RESERVED_NAME: i32 = 5;
const VALUE_NUMBER: i32 = 2;
const VALUE_OPTIONS: i32 = 3;
const SERVICE_METHOD: i32 = 2;
const SERVICE_OPTIONS: i32 = 3;
const METHOD_INPUT_TYPE: i32 = 2;
const METHOD_OUTPUT_TYPE: i32 = 3;
const METHOD_OPTIONS: i32 = 4;
const METHOD_CLIENT_STREAMING: i32 = 5;
const METHOD_SERVER_STREAMING: i32 = 6;
const RANGE_START: i32 = 1;
const RANGE_END: i32 = 2;
const EXTENSION_RANGE_OPTIONS: i32 = 3;
const UNINTERPRETED_OPTION: i32 = 999;
const OPTION_NAME: i32 = 2;
const NAME_PART: i32 = 1;
const OPTION_IDENTIFIER_VALUE: i32 = 3;
const OPTION_POSITIVE_INT_VALUE: i32 = 4;
const OPTION_NEGATIVE_INT_VALUE: i32 = 5;
const OPTION_DOUBLE_VALUE: i32 = 6;
const OPTION_STRING_VALUE: i32 = 7;
const OPTION_AGGREGATE_VALUE: i32 = 8;

// FieldDescriptorProto.Label and .Type values.
const LABEL_OPTIONAL: i32 = 1;
const LABEL_REQUIRED: i32 = 2;
const LABEL_REPEATED: i32 = 3;
const TYPE_DOUBLE: i32 = 1;
const TYPE_FLOAT: i32 = 2;
const TYPE_INT64: i32 = 3;
const TYPE_UINT64: i32 = 4;
const TYPE_INT32: i32 = 5;
const TYPE_FIXED64: i32 = 6;
const TYPE_FIXED32: i32 = 7;
const TYPE_BOOL: i32 = 8;
const TYPE_STRING: i32 = 9;
const TYPE_GROUP: i32 = 10;
const TYPE_BYTES: i32 = 12;
const TYPE_UINT32: i32 = 13;
const TYPE_ENUM: i32 = 14;
const TYPE_SFIXED32: i32 = 15;
const TYPE_SFIXED64: i32 = 16;
const TYPE_SINT32: i32 = 17;
const TYPE_SINT64: i32 = 18;

/// protoc's parser's marker for `to max` in messages, replaced once the message is parsed.
const MAX_RANGE_SENTINEL: i32 = -1;
/// `FieldDescriptor::kMaxNumber + 1`.
const MAX_FIELD_NUMBER_EXCLUSIVE: i32 = 536_870_912;

/// `MessageOptions.map_entry = true`, encoded (field 7, varint 1).
const MAP_ENTRY_OPTION: [u8; 2] = [0x38, 0x01];

fn scalar_type(name: &str) -> Option<i32> {
    Some(match name {
        "double" => TYPE_DOUBLE,
        "float" => TYPE_FLOAT,
        "int64" => TYPE_INT64,
        "uint64" => TYPE_UINT64,
        "int32" => TYPE_INT32,
        "fixed64" => TYPE_FIXED64,
        "fixed32" => TYPE_FIXED32,
        "bool" => TYPE_BOOL,
        "string" => TYPE_STRING,
        "group" => TYPE_GROUP,
        "bytes" => TYPE_BYTES,
        "uint32" => TYPE_UINT32,
        "sfixed32" => TYPE_SFIXED32,
        "sfixed64" => TYPE_SFIXED64,
        "sint32" => TYPE_SINT32,
        "sint64" => TYPE_SINT64,
        _ => return None,
    })
}

/// `google.protobuf.Edition` values protoc's parser accepts in `edition = "…"`.
fn edition_number(name: &str) -> Option<i32> {
    Some(match name {
        "LEGACY" => 900,
        "2023" => 1000,
        "2024" => 1001,
        "2026" => 1002,
        "UNSTABLE" => 9999,
        "1_TEST_ONLY" => 1,
        "2_TEST_ONLY" => 2,
        "99997_TEST_ONLY" => 99997,
        "99998_TEST_ONLY" => 99998,
        "99999_TEST_ONLY" => 99999,
        "MAX" => i32::MAX,
        _ => return None,
    })
}

/// `google.protobuf.Edition` values that bound what protoc 35.1 builds.
const EDITION_PROTO2: i32 = 998;
const EDITION_2024: i32 = 1001;
const EDITION_UNSTABLE: i32 = 9999;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Syntax {
    Proto2,
    Proto3,
    Editions,
}

/// A significant child of a node: a non-trivia token or a sub-node.
#[derive(Clone, Copy)]
enum Item<'a> {
    Tok(Token),
    Node(&'a Node),
}

/// Walks a node's significant children.
struct Cur<'a> {
    children: &'a [Child],
    i: usize,
}

impl<'a> Cur<'a> {
    fn new(node: &'a Node) -> Self {
        Cur {
            children: &node.children,
            i: 0,
        }
    }

    fn skip_trivia(&mut self) {
        while let Some(Child::Token(t)) = self.children.get(self.i) {
            if !t.kind.is_trivia() {
                break;
            }
            self.i += 1;
        }
    }

    fn peek(&mut self) -> Option<Item<'a>> {
        self.skip_trivia();
        match self.children.get(self.i)? {
            Child::Token(t) => Some(Item::Tok(*t)),
            Child::Node(n) => Some(Item::Node(n)),
        }
    }

    fn bump(&mut self) -> Option<Item<'a>> {
        let item = self.peek()?;
        self.i += 1;
        Some(item)
    }

    fn peek_tok(&mut self) -> Option<Token> {
        match self.peek()? {
            Item::Tok(t) => Some(t),
            Item::Node(_) => None,
        }
    }

    /// Consumes the next token if `pred` accepts it.
    fn eat_tok_if(&mut self, pred: impl Fn(Token) -> bool) -> Option<Token> {
        let t = self.peek_tok()?;
        if pred(t) {
            self.i += 1;
            Some(t)
        } else {
            None
        }
    }

    /// Consumes the next item if it is a node of `kind`.
    fn eat_node(&mut self, kind: NodeKind) -> Option<&'a Node> {
        match self.peek()? {
            Item::Node(n) if n.kind == kind => {
                self.i += 1;
                Some(n)
            }
            _ => None,
        }
    }
}

/// Where a field's synthesized nested messages (groups, map entries) go.
struct NestedCtx<'p> {
    /// Path of the message or file holding them.
    parent_path: &'p [i32],
    /// Field number of the nested-message list in that parent (3 or 4).
    field_number: i32,
}

struct Lowerer<'t> {
    tree: &'t SyntaxTree,
    text: &'t str,
    file: &'t str,
    syntax: Syntax,
    locs: Vec<Location>,
    errors: Vec<CompileError>,
    /// protoc's `upcoming_doc_comments_`.
    upcoming_doc: String,
    /// protoc's `upcoming_detached_comments_`.
    upcoming_detached: Vec<String>,
    /// Index in the token list of the last token looked up: lookups mostly move forward.
    token_hint: usize,
}

fn path_with(base: &[i32], extra: &[i32]) -> Vec<i32> {
    let mut p = Vec::with_capacity(base.len() + extra.len());
    p.extend_from_slice(base);
    p.extend_from_slice(extra);
    p
}

fn len_i32<T>(v: &[T]) -> i32 {
    i32::try_from(v.len()).unwrap_or(i32::MAX)
}

impl<'t> Lowerer<'t> {
    fn tok_text(&self, t: Token) -> &'t str {
        self.text.get(t.span.range()).unwrap_or("")
    }

    fn is(&self, t: Token, text: &str) -> bool {
        self.tok_text(t) == text
    }

    fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors
            .push(CompileError::new(self.file, span, message.into()));
    }

    /// Marks where protoc's parser fails on a tree the syntax parser has already reported
    /// with the same text and span (`protokit_syntax` checks numbers, labels, defaults, …);
    /// lowering goes on with the value protoc would store, and reports nothing twice.
    fn reported_by_parser(&mut self, _span: Span, _message: impl Into<String>) {}

    fn add(&mut self, path: Vec<i32>, span: Span) -> usize {
        self.locs.push(Location::new(path, span));
        self.locs.len() - 1
    }

    fn open(&mut self, path: Vec<i32>, start: u32) -> usize {
        self.add(path, Span::new(start, start))
    }

    fn close(&mut self, loc: usize, end: u32) {
        if let Some(l) = self.locs.get_mut(loc) {
            l.span.end = end.max(l.span.start);
        }
    }

    fn path(&self, loc: usize) -> Vec<i32> {
        self.locs[loc].path.clone()
    }

    /// protoc's `TryConsumeEndOfDeclaration`: steps past `tok` (`;`, `{` or `}`), gathering
    /// the comments after it, and attaches the pending ones to `loc`.
    fn end_decl(&mut self, tok: Token, loc: Option<usize>) {
        let Some(idx) = self.token_index(tok) else {
            return;
        };
        let g = comments::gather(self.text, &self.tree.tokens, idx + 1, false);
        let leading = std::mem::replace(&mut self.upcoming_doc, g.leading);
        if let Some(loc) = loc {
            let detached = std::mem::replace(&mut self.upcoming_detached, g.detached);
            let l = &mut self.locs[loc];
            if !leading.is_empty() {
                l.leading_comments = Some(leading);
            }
            if !g.trailing.is_empty() {
                l.trailing_comments = Some(g.trailing);
            }
            l.leading_detached_comments = detached;
        } else if self.is(tok, "}") {
            self.upcoming_detached = g.detached;
        } else {
            self.upcoming_detached.extend(g.detached);
        }
    }

    /// Index of `tok` in the file's token list: a short walk forward from the previous
    /// lookup, or a binary search.
    fn token_index(&mut self, tok: Token) -> Option<usize> {
        let tokens = &self.tree.tokens;
        let start = tok.span.start;
        let mut i = self.token_hint;
        if tokens.get(i).is_some_and(|t| t.span.start <= start) {
            for _ in 0..64 {
                match tokens.get(i) {
                    Some(t) if t.span.start == start => {
                        self.token_hint = i;
                        return Some(i);
                    }
                    Some(t) if t.span.start < start => i += 1,
                    _ => break,
                }
            }
        }
        let i = self.tree.token_index_at(start)?;
        self.token_hint = i;
        Some(i)
    }

    /// Ends a statement's location at its `;`, or at `fallback` (a byte offset) when the `;`
    /// is missing (the syntax error is reported by the parser).
    fn close_after_semicolon(&mut self, cur: &mut Cur<'_>, loc: usize, fallback: u32) {
        let end = self
            .eat_end(cur, ";", Some(loc))
            .map_or(fallback, |semi| semi.span.end);
        self.close(loc, end);
    }

    /// Consumes a closing `;`/`{`/`}` token if it is next, as a declaration end.
    fn eat_end(&mut self, cur: &mut Cur<'_>, text: &str, loc: Option<usize>) -> Option<Token> {
        let t = cur.eat_tok_if(|t| self.is(t, text))?;
        self.end_decl(t, loc);
        Some(t)
    }

    fn eat_text(&self, cur: &mut Cur<'_>, text: &str) -> Option<Token> {
        cur.eat_tok_if(|t| self.is(t, text))
    }

    fn eat_kind(&self, cur: &mut Cur<'_>, kind: TokenKind) -> Option<Token> {
        cur.eat_tok_if(|t| t.kind == kind)
    }

    /// The next significant token after `tok` (where protoc reports errors found after a
    /// block), or an empty span at the end of the file.
    fn span_after(&self, tok: Token) -> Span {
        let tokens = &self.tree.tokens;
        if let Some(i) = self.tree.token_index_at(tok.span.start) {
            if let Some(t) = tokens[i + 1..].iter().find(|t| !t.kind.is_trivia()) {
                return t.span;
            }
        }
        let end = self.text.len() as u32;
        Span::new(end, end)
    }

    /// Concatenated text of a name node's tokens (`foo . bar` is `foo.bar`).
    fn name_text(&self, node: &Node) -> String {
        let mut s = String::new();
        self.push_name_text(node, &mut s);
        s
    }

    fn push_name_text(&self, node: &Node, out: &mut String) {
        for c in &node.children {
            match c {
                Child::Token(t) if !t.kind.is_trivia() => out.push_str(self.tok_text(*t)),
                Child::Token(_) => {}
                Child::Node(n) => self.push_name_text(n, out),
            }
        }
    }

    /// Consecutive string literals, unescaped and concatenated, with their span.
    fn eat_strings(&self, cur: &mut Cur<'_>) -> Option<(Vec<u8>, Span)> {
        let first = self.eat_kind(cur, TokenKind::String)?;
        let mut bytes = Vec::new();
        protokit_syntax::unescape_string_into(self.tok_text(first), &mut bytes);
        let mut span = first.span;
        while let Some(t) = self.eat_kind(cur, TokenKind::String) {
            protokit_syntax::unescape_string_into(self.tok_text(t), &mut bytes);
            span = span.cover(t.span);
        }
        Some((bytes, span))
    }

    // ---------------------------------------------------------------------------------
    // File level

    fn file(&mut self) -> FileDescriptorProto {
        let mut fd = FileDescriptorProto {
            name: Some(self.file.to_string()),
            ..Default::default()
        };
        let root = &self.tree.root;
        let span = match (root.first_token(), root.last_token()) {
            (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
            _ => Span::new(self.text.len() as u32, 0),
        };
        self.locs.push(Location::new(Vec::new(), span));
        let g = comments::gather(self.text, &self.tree.tokens, 0, true);
        self.upcoming_detached = g.detached;
        self.upcoming_doc = g.leading;

        let mut first = true;
        for node in root.nodes() {
            let was_first = std::mem::replace(&mut first, false);
            match node.kind {
                // protoc stops at an unknown syntax or edition.
                NodeKind::Syntax | NodeKind::Edition
                    if was_first && !self.syntax_statement(node, &mut fd) =>
                {
                    break;
                }
                NodeKind::Syntax | NodeKind::Edition if was_first => {}
                NodeKind::Syntax | NodeKind::Edition => {
                    let span = node.first_token().map_or(node.span, |t| t.span);
                    self.reported_by_parser(
                        span,
                        "Expected top-level statement (e.g. \"message\").",
                    );
                }
                NodeKind::Package => self.package(node, &mut fd),
                NodeKind::Import => self.import(node, &mut fd),
                NodeKind::Option => {
                    let outer = self.open(vec![FILE_OPTIONS], node.span.start);
                    self.option_statement(node, outer, &mut fd.options);
                    self.close(outer, node.significant_span().end);
                }
                NodeKind::Message => {
                    let path = vec![FILE_MESSAGE_TYPE, len_i32(&fd.message_type)];
                    let msg = self.message(node, path);
                    fd.message_type.push(msg);
                }
                NodeKind::Enum => {
                    let path = vec![FILE_ENUM_TYPE, len_i32(&fd.enum_type)];
                    let e = self.enum_(node, path);
                    fd.enum_type.push(e);
                }
                NodeKind::Service => {
                    let path = vec![FILE_SERVICE, len_i32(&fd.service)];
                    let s = self.service(node, path);
                    fd.service.push(s);
                }
                NodeKind::Extend => {
                    let nested = NestedCtx {
                        parent_path: &[],
                        field_number: FILE_MESSAGE_TYPE,
                    };
                    self.extend(
                        node,
                        &[],
                        FILE_EXTENSION,
                        &mut fd.extension,
                        &mut fd.message_type,
                        &nested,
                    );
                }
                NodeKind::Empty => self.empty(node),
                _ => {}
            }
        }
        fd
    }

    fn empty(&mut self, node: &Node) {
        let mut cur = Cur::new(node);
        self.eat_end(&mut cur, ";", None);
    }

    /// Returns false when protoc would stop parsing the file.
    fn syntax_statement(&mut self, node: &Node, fd: &mut FileDescriptorProto) -> bool {
        let is_edition = node.kind == NodeKind::Edition;
        let mut cur = Cur::new(node);
        let Some(kw) = cur.eat_tok_if(|_| true) else {
            return true;
        };
        let loc = self.open(vec![FILE_SYNTAX], kw.span.start);
        if self.eat_text(&mut cur, "=").is_none() {
            return true;
        }
        let Some((bytes, span)) = self.eat_strings(&mut cur) else {
            return true;
        };
        let value = String::from_utf8_lossy(&bytes).into_owned();
        let first_string = Span::new(span.start, span.start);
        let string_span = self
            .tree
            .token_index_at(first_string.start)
            .map_or(span, |i| self.tree.tokens[i].span);
        if let Some(semi) = self.eat_end(&mut cur, ";", Some(loc)) {
            self.close(loc, semi.span.end);
        }
        if is_edition {
            match edition_number(&value) {
                Some(n) => {
                    self.syntax = Syntax::Editions;
                    fd.syntax = Some("editions".to_string());
                    fd.edition = Some(n);
                    // protoc builds files only in the editions it has defaults for; the
                    // parser accepts every name of the `Edition` enum.
                    if n == EDITION_UNSTABLE {
                        self.errors.push(CompileError::without_span(
                            self.file,
                            "is a file using edition UNSTABLE, which is later than the protoc \
                             maximum supported edition 2024.",
                        ));
                    } else if n < EDITION_PROTO2 {
                        self.error(
                            kw.span,
                            format!(
                                "Edition {value} is earlier than the minimum supported edition \
                                 PROTO2"
                            ),
                        );
                    } else if n > EDITION_2024 {
                        self.error(
                            kw.span,
                            format!(
                                "Edition {value} is later than the maximum supported edition 2024"
                            ),
                        );
                    }
                    true
                }
                None => {
                    self.reported_by_parser(string_span, format!("Unknown edition \"{value}\"."));
                    false
                }
            }
        } else {
            match value.as_str() {
                "proto2" => self.syntax = Syntax::Proto2,
                "proto3" => self.syntax = Syntax::Proto3,
                _ => {
                    self.reported_by_parser(
                        string_span,
                        format!(
                            "Unrecognized syntax identifier \"{value}\".  This parser only \
                             recognizes \"proto2\" and \"proto3\"."
                        ),
                    );
                    return false;
                }
            }
            fd.syntax = Some(value);
            true
        }
    }

    fn package(&mut self, node: &Node, fd: &mut FileDescriptorProto) {
        let mut cur = Cur::new(node);
        let Some(kw) = self.eat_text(&mut cur, "package") else {
            return;
        };
        if fd.package.is_some() {
            self.reported_by_parser(kw.span, "Multiple package definitions.");
            fd.package = None;
        }
        let loc = self.open(vec![FILE_PACKAGE], kw.span.start);
        let Some(name) = cur.eat_node(NodeKind::FullIdent) else {
            return;
        };
        fd.package = Some(self.name_text(name));
        if let Some(semi) = self.eat_end(&mut cur, ";", Some(loc)) {
            self.close(loc, semi.span.end);
        }
    }

    fn import(&mut self, node: &Node, fd: &mut FileDescriptorProto) {
        let mut cur = Cur::new(node);
        let Some(kw) = self.eat_text(&mut cur, "import") else {
            return;
        };
        let is_option = cur.peek_tok().is_some_and(|t| self.is(t, "option"));
        // protoc opens the statement's location before looking at the modifier.
        let path = if is_option {
            vec![FILE_OPTION_DEPENDENCY, len_i32(&fd.option_dependency)]
        } else {
            vec![FILE_DEPENDENCY, len_i32(&fd.dependency)]
        };
        let loc = self.open(path, kw.span.start);
        if let Some(t) = self.eat_text(&mut cur, "public") {
            self.add(
                vec![FILE_PUBLIC_DEPENDENCY, len_i32(&fd.public_dependency)],
                t.span,
            );
            fd.public_dependency.push(len_i32(&fd.dependency));
        } else if let Some(t) = self.eat_text(&mut cur, "weak") {
            self.add(
                vec![FILE_WEAK_DEPENDENCY, len_i32(&fd.weak_dependency)],
                t.span,
            );
            fd.weak_dependency.push(len_i32(&fd.dependency));
        } else if is_option {
            self.eat_text(&mut cur, "option");
        }
        let Some((bytes, _)) = self.eat_strings(&mut cur) else {
            self.close(loc, node.significant_span().end);
            return;
        };
        let name = String::from_utf8_lossy(&bytes).into_owned();
        if is_option {
            fd.option_dependency.push(name);
        } else {
            fd.dependency.push(name);
        }
        self.close_after_semicolon(&mut cur, loc, node.significant_span().end);
    }

    // ---------------------------------------------------------------------------------
    // Options

    /// An `option name = value;` statement; `outer` is the already-open location of the
    /// options field (`[…, 8]` and the like).
    fn option_statement(&mut self, node: &Node, outer: usize, opts: &mut Option<Options>) {
        let mut cur = Cur::new(node);
        let Some(kw) = self.eat_text(&mut cur, "option") else {
            return;
        };
        let options = opts.get_or_insert_with(Options::default);
        let index = len_i32(&options.uninterpreted);
        let loc = self.open(
            path_with(&self.locs[outer].path, &[UNINTERPRETED_OPTION, index]),
            kw.span.start,
        );
        let name = cur.eat_node(NodeKind::OptionName);
        let eq = self.eat_text(&mut cur, "=");
        let value = cur.eat_node(NodeKind::OptionValue);
        let (Some(name), Some(_), Some(value)) = (name, eq, value) else {
            return;
        };
        if let Some(opt) = self.option_body(name, value, loc) {
            options.uninterpreted.push(opt);
        }
        self.close_after_semicolon(&mut cur, loc, value.significant_span().end);
    }

    /// One `name = value` of a compact option list into `opts`; `outer` is the open location
    /// of the options field.
    fn compact_option(&mut self, node: &Node, outer: usize, opts: &mut Option<Options>) {
        let mut cur = Cur::new(node);
        let name = cur.eat_node(NodeKind::OptionName);
        let options = opts.get_or_insert_with(Options::default);
        let index = len_i32(&options.uninterpreted);
        let start = node.first_token().map_or(node.span.start, |t| t.span.start);
        let loc = self.open(
            path_with(&self.locs[outer].path, &[UNINTERPRETED_OPTION, index]),
            start,
        );
        let eq = self.eat_text(&mut cur, "=");
        let value = cur.eat_node(NodeKind::OptionValue);
        let (Some(name), Some(_), Some(value)) = (name, eq, value) else {
            return;
        };
        if let Some(opt) = self.option_body(name, value, loc) {
            options.uninterpreted.push(opt);
        }
        self.close(loc, value.significant_span().end);
    }

    /// Name and value of an option (protoc's `ParseOption` after the `option` keyword), with
    /// their sub-locations under `loc`.
    fn option_body(
        &mut self,
        name_node: &Node,
        value_node: &Node,
        loc: usize,
    ) -> Option<UninterpretedOption> {
        let loc_path = self.path(loc);
        let name_span = name_node.significant_span();
        let name_loc = self.add(path_with(&loc_path, &[OPTION_NAME]), name_span);
        let mut parts = Vec::new();
        for part in name_node.nodes_of(NodeKind::OptionNamePart) {
            let part_span = part.significant_span();
            let part_path = path_with(&self.locs[name_loc].path, &[OPTION_NAME, len_i32(&parts)]);
            self.add(part_path.clone(), part_span);
            if let Some(tn) = part.node(NodeKind::TypeName) {
                self.add(path_with(&part_path, &[NAME_PART]), tn.significant_span());
                parts.push(NamePart {
                    name: self.name_text(tn),
                    is_extension: true,
                    span: part_span,
                });
            } else {
                self.add(path_with(&part_path, &[NAME_PART]), part_span);
                parts.push(NamePart {
                    name: self.name_text(part),
                    is_extension: false,
                    span: part_span,
                });
            }
        }
        let value_span = value_node.significant_span();
        let (value, field) = self.option_value(value_node)?;
        self.add(path_with(&loc_path, &[field]), value_span);
        Some(UninterpretedOption {
            name: parts,
            value,
            span: name_span.cover(value_span),
            name_span,
            value_span,
            location_index: Some(loc),
        })
    }

    /// An option's value and the `UninterpretedOption` field number it is stored in.
    fn option_value(&mut self, node: &Node) -> Option<(OptionValue, i32)> {
        let mut cur = Cur::new(node);
        if let Some(plus) = self.eat_text(&mut cur, "+") {
            self.reported_by_parser(plus.span, "Expected option value.");
            return None;
        }
        let negative = self.eat_text(&mut cur, "-").is_some();
        match cur.peek()? {
            Item::Node(n) if n.kind == NodeKind::MessageValue => Some((
                OptionValue::Aggregate(self.message_literal(n)),
                OPTION_AGGREGATE_VALUE,
            )),
            Item::Node(_) => None,
            Item::Tok(t) => match t.kind {
                TokenKind::Ident => {
                    let text = self.tok_text(t);
                    if negative {
                        match text {
                            "inf" => {
                                Some((OptionValue::Double(f64::NEG_INFINITY), OPTION_DOUBLE_VALUE))
                            }
                            "nan" => Some((OptionValue::Double(f64::NAN), OPTION_DOUBLE_VALUE)),
                            _ => {
                                self.reported_by_parser(
                                    t.span,
                                    "Identifier after '-' symbol must be inf or nan.",
                                );
                                None
                            }
                        }
                    } else {
                        Some((
                            OptionValue::Identifier(text.to_string()),
                            OPTION_IDENTIFIER_VALUE,
                        ))
                    }
                }
                TokenKind::Int => {
                    let text = self.tok_text(t);
                    let max = if negative {
                        i64::MAX as u64 + 1
                    } else {
                        u64::MAX
                    };
                    if let Some(v) = values::parse_bounded_int(text, max) {
                        if negative {
                            Some((
                                OptionValue::NegativeInt(0i64.wrapping_sub_unsigned(v)),
                                OPTION_NEGATIVE_INT_VALUE,
                            ))
                        } else {
                            Some((OptionValue::PositiveInt(v), OPTION_POSITIVE_INT_VALUE))
                        }
                    } else {
                        let v = self.number_fallback(t);
                        let v = if negative { -v } else { v };
                        Some((OptionValue::Double(v), OPTION_DOUBLE_VALUE))
                    }
                }
                TokenKind::Float => {
                    let v = values::parse_float(self.tok_text(t));
                    let v = if negative { -v } else { v };
                    Some((OptionValue::Double(v), OPTION_DOUBLE_VALUE))
                }
                TokenKind::String => {
                    if negative {
                        self.reported_by_parser(t.span, "Invalid '-' symbol before string.");
                        return None;
                    }
                    let (bytes, _) = self.eat_strings(&mut cur)?;
                    Some((OptionValue::String(bytes), OPTION_STRING_VALUE))
                }
                _ => {
                    self.reported_by_parser(t.span, "Expected option value.");
                    None
                }
            },
        }
    }

    /// protoc's `ConsumeNumber` for an integer token beyond `u64`: decimal ones read as a
    /// double, others are out of range.
    fn number_fallback(&mut self, t: Token) -> f64 {
        match values::integer_as_double(self.tok_text(t)) {
            Some(v) => v,
            None => {
                self.reported_by_parser(t.span, "Integer out of range.");
                0.0
            }
        }
    }

    fn message_literal(&self, node: &Node) -> MessageLiteral {
        let mut fields = Vec::new();
        for f in node.nodes_of(NodeKind::MessageField) {
            let mut cur = Cur::new(f);
            let Some(name_node) = cur.eat_node(NodeKind::FieldName) else {
                continue;
            };
            let type_names: Vec<&Node> = name_node.nodes_of(NodeKind::TypeName).collect();
            let name = match type_names.as_slice() {
                [] => LiteralFieldName::Field(self.name_text(name_node)),
                [ext] => LiteralFieldName::Extension(self.name_text(ext)),
                [prefix, full, ..] => LiteralFieldName::AnyUrl {
                    prefix: self.name_text(prefix),
                    full_name: self.name_text(full),
                },
            };
            let has_colon = self.eat_text(&mut cur, ":").is_some();
            let mut values = Vec::new();
            let mut is_list = false;
            match cur.peek() {
                Some(Item::Node(v)) if v.kind == NodeKind::ListValue => {
                    is_list = true;
                    for item in v.nodes() {
                        if let Some(value) = self.literal_value(item) {
                            values.push(value);
                        }
                    }
                }
                Some(Item::Node(v)) => {
                    if let Some(value) = self.literal_value(v) {
                        values.push(value);
                    }
                }
                _ => {}
            }
            fields.push(LiteralField {
                name,
                values,
                is_list,
                has_colon,
                name_span: name_node.significant_span(),
            });
        }
        MessageLiteral {
            fields,
            span: node.significant_span(),
        }
    }

    fn literal_value(&self, node: &Node) -> Option<LiteralValue> {
        match node.kind {
            NodeKind::MessageValue => Some(LiteralValue::Message(self.message_literal(node))),
            NodeKind::ScalarValue => {
                let mut cur = Cur::new(node);
                let negative = self.eat_text(&mut cur, "-").is_some();
                let t = cur.peek_tok()?;
                let value = match t.kind {
                    TokenKind::Ident => {
                        let text = self.tok_text(t);
                        let lower = text.to_ascii_lowercase();
                        match (negative, lower.as_str()) {
                            (true, "inf" | "infinity") => OptionValue::Double(f64::NEG_INFINITY),
                            // protoc's text-format parser keeps the sign of `-nan`.
                            (true, "nan") => OptionValue::Double(-f64::NAN),
                            (true, _) => OptionValue::Identifier(format!("-{text}")),
                            (false, _) => OptionValue::Identifier(text.to_string()),
                        }
                    }
                    TokenKind::Int => {
                        let text = self.tok_text(t);
                        let max = if negative {
                            i64::MAX as u64 + 1
                        } else {
                            u64::MAX
                        };
                        match values::parse_bounded_int(text, max) {
                            Some(v) if negative => {
                                OptionValue::NegativeInt(0i64.wrapping_sub_unsigned(v))
                            }
                            Some(v) => OptionValue::PositiveInt(v),
                            None => {
                                let v = text.parse::<f64>().unwrap_or(f64::INFINITY);
                                OptionValue::Double(if negative { -v } else { v })
                            }
                        }
                    }
                    TokenKind::Float => {
                        let v = values::parse_float(self.tok_text(t));
                        OptionValue::Double(if negative { -v } else { v })
                    }
                    TokenKind::String => {
                        let mut cur = Cur::new(node);
                        OptionValue::String(self.eat_strings(&mut cur)?.0)
                    }
                    _ => return None,
                };
                Some(LiteralValue::Scalar(value, node.significant_span()))
            }
            _ => None,
        }
    }

    // ---------------------------------------------------------------------------------
    // Messages

    fn message(&mut self, node: &Node, path: Vec<i32>) -> DescriptorProto {
        let mut msg = DescriptorProto::default();
        let mut cur = Cur::new(node);
        if self.eat_text(&mut cur, "export").is_some() {
            msg.visibility = Some(2);
        } else if self.eat_text(&mut cur, "local").is_some() {
            msg.visibility = Some(1);
        }
        let Some(kw) = self.eat_text(&mut cur, "message") else {
            return msg;
        };
        let loc = self.open(path.clone(), kw.span.start);
        if let Some(name) = self.eat_kind(&mut cur, TokenKind::Ident) {
            self.add(path_with(&path, &[FIELD_NAME]), name.span);
            msg.name = Some(self.tok_text(name).to_string());
            if let Some(body) = cur.eat_node(NodeKind::Body) {
                self.message_body(body, &path, loc, &mut msg);
            }
        }
        self.close(loc, node.significant_span().end);
        if self.syntax == Syntax::Proto3 {
            synthesize_oneofs(&mut msg);
        }
        msg
    }

    fn message_body(&mut self, body: &Node, path: &[i32], loc: usize, msg: &mut DescriptorProto) {
        let mut cur = Cur::new(body);
        if self.eat_end(&mut cur, "{", Some(loc)).is_none() {
            return;
        }
        while let Some(item) = cur.bump() {
            let node = match item {
                Item::Node(n) => n,
                Item::Tok(t) => {
                    if self.is(t, "}") {
                        self.end_decl(t, None);
                    }
                    continue;
                }
            };
            let nested = NestedCtx {
                parent_path: path,
                field_number: MSG_NESTED_TYPE,
            };
            match node.kind {
                NodeKind::Field | NodeKind::MapField | NodeKind::Group => {
                    let fpath = path_with(path, &[MSG_FIELD, len_i32(&msg.field)]);
                    let start = node.first_token().map_or(node.span.start, |t| t.span.start);
                    let floc = self.open(fpath, start);
                    let field = self.field(node, floc, &mut msg.nested_type, &nested, None, None);
                    msg.field.push(field);
                }
                NodeKind::Oneof => self.oneof(node, path, msg),
                NodeKind::Option => {
                    let outer = self.open(path_with(path, &[MSG_OPTIONS]), node.span.start);
                    self.option_statement(node, outer, &mut msg.options);
                    self.close(outer, node.significant_span().end);
                }
                NodeKind::Message => {
                    let p = path_with(path, &[MSG_NESTED_TYPE, len_i32(&msg.nested_type)]);
                    let m = self.message(node, p);
                    msg.nested_type.push(m);
                }
                NodeKind::Enum => {
                    let p = path_with(path, &[MSG_ENUM_TYPE, len_i32(&msg.enum_type)]);
                    let e = self.enum_(node, p);
                    msg.enum_type.push(e);
                }
                NodeKind::Extend => {
                    self.extend(
                        node,
                        path,
                        MSG_EXTENSION,
                        &mut msg.extension,
                        &mut msg.nested_type,
                        &nested,
                    );
                }
                NodeKind::Extensions => self.extensions(node, path, msg),
                NodeKind::Reserved => self.reserved(
                    node,
                    path,
                    (MSG_RESERVED_NAME, MSG_RESERVED_RANGE),
                    false,
                    &mut msg.reserved_name,
                    &mut msg.reserved_range,
                ),
                NodeKind::Empty => self.empty(node),
                _ => {}
            }
        }
        adjust_max_ranges(msg);
    }

    /// A field, map field or group (protoc's `ParseMessageField`); `loc` is its open location.
    fn field(
        &mut self,
        node: &Node,
        loc: usize,
        nested_types: &mut Vec<DescriptorProto>,
        nested: &NestedCtx<'_>,
        oneof_index: Option<i32>,
        extendee: Option<(&str, Span)>,
    ) -> FieldDescriptorProto {
        let mut field = FieldDescriptorProto::default();
        let path = self.path(loc);
        let end = node.significant_span().end;
        if let Some((name, span)) = extendee {
            self.add(path_with(&path, &[FIELD_EXTENDEE]), span);
            field.extendee = Some(name.to_string());
        }
        if oneof_index.is_some() {
            field.label = Some(LABEL_OPTIONAL);
            field.oneof_index = oneof_index;
        }
        let mut cur = Cur::new(node);
        // Label.
        if node.kind != NodeKind::MapField {
            if let Some(label) = cur.eat_tok_if(|t| {
                t.kind == TokenKind::Ident
                    && matches!(self.tok_text(t), "optional" | "required" | "repeated")
            }) {
                if oneof_index.is_some() {
                    self.reported_by_parser(
                        label.span,
                        "Fields in oneofs must not have labels (required / optional / repeated).",
                    );
                    // protoc skips the label before opening the field's location.
                    if let Some(t) = cur.peek_start() {
                        self.locs[loc].span = Span::new(t, t);
                    }
                } else {
                    self.add(path_with(&path, &[FIELD_LABEL]), label.span);
                    let value = match self.tok_text(label) {
                        "optional" => LABEL_OPTIONAL,
                        "required" => LABEL_REQUIRED,
                        _ => LABEL_REPEATED,
                    };
                    field.label = Some(value);
                    if value == LABEL_OPTIONAL && self.syntax == Syntax::Proto3 {
                        field.proto3_optional = Some(true);
                    }
                }
            }
        }
        // Type.
        let mut map_types: Option<[(Option<i32>, Option<String>); 2]> = None;
        match node.kind {
            NodeKind::MapField => {
                let Some(map_kw) = self.eat_text(&mut cur, "map") else {
                    self.close(loc, end);
                    return field;
                };
                if oneof_index.is_some() {
                    self.reported_by_parser(map_kw.span, "Map fields are not allowed in oneofs.");
                    self.close(loc, end);
                    return field;
                }
                if extendee.is_some() {
                    self.reported_by_parser(
                        map_kw.span,
                        "Map fields are not allowed to be extensions.",
                    );
                    self.close(loc, end);
                    return field;
                }
                field.label = Some(LABEL_REPEATED);
                let tloc = self.open(path_with(&path, &[FIELD_TYPE_NAME]), map_kw.span.start);
                self.eat_text(&mut cur, "<");
                let key = cur.eat_node(NodeKind::TypeName);
                self.eat_text(&mut cur, ",");
                let value = cur.eat_node(NodeKind::TypeName);
                let close = self.eat_text(&mut cur, ">");
                let (Some(key), Some(value), Some(close)) = (key, value, close) else {
                    self.close(loc, end);
                    return field;
                };
                self.close(tloc, close.span.end);
                map_types = Some([self.parse_type(key), self.parse_type(value)]);
            }
            NodeKind::Group => {
                self.default_label(&mut field, &mut cur);
                // The keyword may sit directly in the node or in a `TypeName`.
                let kw = match self.eat_text(&mut cur, "group") {
                    Some(kw) => Some(kw),
                    None => cur
                        .eat_node(NodeKind::TypeName)
                        .and_then(|tn| tn.first_token())
                        .filter(|t| self.is(*t, "group")),
                };
                let Some(kw) = kw else {
                    self.close(loc, end);
                    return field;
                };
                self.group_keyword_errors(kw);
                self.add(path_with(&path, &[FIELD_TYPE]), kw.span);
                field.r#type = Some(TYPE_GROUP);
            }
            _ => {
                self.default_label(&mut field, &mut cur);
                let Some(tn) = cur.eat_node(NodeKind::TypeName) else {
                    self.close(loc, end);
                    return field;
                };
                let (ty, name) = self.parse_type(tn);
                if ty == Some(TYPE_GROUP) {
                    if let Some(t) = tn.first_token() {
                        self.group_keyword_errors(t);
                    }
                }
                let sub = if ty.is_some() {
                    FIELD_TYPE
                } else {
                    FIELD_TYPE_NAME
                };
                self.add(path_with(&path, &[sub]), tn.significant_span());
                field.r#type = ty;
                field.type_name = name;
            }
        }
        // Name and number.
        let Some(name_tok) = self.eat_kind(&mut cur, TokenKind::Ident) else {
            self.close(loc, end);
            return field;
        };
        self.add(path_with(&path, &[FIELD_NAME]), name_tok.span);
        field.name = Some(self.tok_text(name_tok).to_string());
        if self.eat_text(&mut cur, "=").is_none() {
            self.close(loc, end);
            return field;
        }
        let Some(number) = self.eat_kind(&mut cur, TokenKind::Int) else {
            self.close(loc, end);
            return field;
        };
        self.add(path_with(&path, &[FIELD_NUMBER]), number.span);
        field.number = Some(self.field_number(number));
        // Options.
        if let Some(opts) = cur.eat_node(NodeKind::CompactOptions) {
            self.field_options(opts, &path, &mut field);
        }
        if field.r#type == Some(TYPE_GROUP) {
            let group_path = path_with(
                nested.parent_path,
                &[nested.field_number, len_i32(nested_types)],
            );
            let start = self.locs[loc].span.start;
            let gloc = self.open(group_path.clone(), start);
            let group_name = self.tok_text(name_tok).to_string();
            self.add(path_with(&group_path, &[FIELD_NAME]), name_tok.span);
            self.add(path_with(&path, &[FIELD_TYPE_NAME]), name_tok.span);
            if !group_name.starts_with(|c: char| c.is_ascii_uppercase()) {
                self.reported_by_parser(
                    name_tok.span,
                    "Group names must start with a capital letter.",
                );
            }
            field.name = Some(group_name.to_ascii_lowercase());
            field.type_name = Some(group_name.clone());
            let mut group = DescriptorProto {
                name: Some(group_name),
                ..Default::default()
            };
            match cur.eat_node(NodeKind::Body) {
                Some(body) => {
                    self.message_body(body, &group_path, gloc, &mut group);
                    self.close(gloc, body.significant_span().end);
                }
                None => {
                    let at = cur.peek_tok().map_or(Span::new(end, end), |t| t.span);
                    self.reported_by_parser(at, "Missing group body.");
                    self.close(gloc, end);
                }
            }
            nested_types.push(group);
        } else {
            self.eat_end(&mut cur, ";", Some(loc));
        }
        if let Some([key, value]) = map_types {
            let entry = map_entry(&mut field, key, value);
            nested_types.push(entry);
        }
        self.close(loc, end);
        field
    }

    /// Unlabeled fields: optional in proto3 and editions, an error in proto2.
    fn default_label(&mut self, field: &mut FieldDescriptorProto, cur: &mut Cur<'_>) {
        if field.label.is_some() {
            return;
        }
        if self.syntax == Syntax::Proto2 {
            let at = cur.peek().map_or(Span::default(), |i| match i {
                Item::Tok(t) => t.span,
                Item::Node(n) => n.first_token().map_or(n.span, |t| t.span),
            });
            self.reported_by_parser(at, "Expected \"required\", \"optional\", or \"repeated\".");
        }
        field.label = Some(LABEL_OPTIONAL);
    }

    fn group_keyword_errors(&mut self, kw: Token) {
        match self.syntax {
            Syntax::Editions => self.reported_by_parser(
                kw.span,
                "Group syntax is no longer supported in editions. To get group behavior you \
                 can specify features.message_encoding = DELIMITED on a message field.",
            ),
            Syntax::Proto3 => {
                self.reported_by_parser(kw.span, "Groups are not supported in proto3 syntax.")
            }
            Syntax::Proto2 => {}
        }
    }

    /// A field type: a scalar keyword gives `type`, anything else `type_name` as written.
    fn parse_type(&self, tn: &Node) -> (Option<i32>, Option<String>) {
        let text = self.name_text(tn);
        match scalar_type(&text) {
            Some(t) => (Some(t), None),
            None => (None, Some(text)),
        }
    }

    /// A message type name (extendee, method input/output): scalar keywords are an error.
    fn message_type_name(&mut self, tn: &Node) -> String {
        let text = self.name_text(tn);
        if scalar_type(&text).is_some() {
            let span = tn.first_token().map_or(tn.span, |t| t.span);
            self.reported_by_parser(span, "Expected message type.");
        }
        text
    }

    /// A field number (protoc's `ConsumeInteger` up to `i32::MAX`).
    fn field_number(&mut self, t: Token) -> i32 {
        match values::parse_bounded_int(self.tok_text(t), i32::MAX as u64) {
            Some(v) => v as i32,
            None => {
                self.reported_by_parser(t.span, "Integer out of range.");
                0
            }
        }
    }

    /// A signed number up to `i32` (protoc's `ConsumeSignedInteger`), from an optional `-`
    /// and an integer token.
    fn signed_number(&mut self, negative: bool, t: Token) -> i32 {
        let max = if negative {
            i32::MAX as u64 + 1
        } else {
            i32::MAX as u64
        };
        match values::parse_bounded_int(self.tok_text(t), max) {
            Some(v) if negative => (v as i64).wrapping_neg() as i32,
            Some(v) => v as i32,
            None => {
                self.reported_by_parser(t.span, "Integer out of range.");
                0
            }
        }
    }

    fn field_options(&mut self, node: &Node, field_path: &[i32], field: &mut FieldDescriptorProto) {
        let span = node.significant_span();
        let outer = self.open(path_with(field_path, &[FIELD_OPTIONS]), span.start);
        for opt in node.nodes_of(NodeKind::CompactOption) {
            let name = opt.node(NodeKind::OptionName);
            let first = name.and_then(|n| n.first_token());
            let keyword = first
                .filter(|t| t.kind == TokenKind::Ident)
                .map(|t| self.tok_text(t));
            match keyword {
                Some("default") => {
                    self.default_assignment(opt, field_path, field);
                    if name.is_some_and(|n| n.nodes_of(NodeKind::OptionNamePart).count() > 1) {
                        return self.close(outer, span.end);
                    }
                }
                Some("json_name") => self.json_name(opt, field_path, field),
                _ => self.compact_option(opt, outer, &mut field.options),
            }
        }
        self.close(outer, span.end);
    }

    /// `[default = …]`, stored as protoc's parser stores it (see the module documentation).
    fn default_assignment(
        &mut self,
        opt: &Node,
        field_path: &[i32],
        field: &mut FieldDescriptorProto,
    ) {
        let Some(kw) = opt.first_token() else {
            return;
        };
        if field.default_value.is_some() {
            self.reported_by_parser(kw.span, "Already set option \"default\".");
            field.default_value = None;
        }
        if let Some(name) = opt.node(NodeKind::OptionName) {
            if name.nodes_of(NodeKind::OptionNamePart).count() > 1 {
                if let Some(dot) = name.tokens().next() {
                    self.reported_by_parser(dot.span, "Expected \"=\".");
                }
                return;
            }
        }
        let Some(value) = opt.node(NodeKind::OptionValue) else {
            return;
        };
        let Some(first) = value.first_token() else {
            return;
        };
        let loc = self.open(
            path_with(field_path, &[FIELD_DEFAULT_VALUE]),
            first.span.start,
        );
        let mut cur = Cur::new(value);
        let mut out = String::new();
        let last = value.last_token().unwrap_or(first);
        let mut end = last.span.end;
        match field.r#type {
            None => {
                // A named type: enum or message is decided later; keep the token as written.
                out.push_str(self.tok_text(first));
                end = first.span.end;
                if last.span.start != first.span.start {
                    let second = value
                        .descendant_tokens()
                        .into_iter()
                        .filter(|t| !t.kind.is_trivia())
                        .nth(1)
                        .unwrap_or(last);
                    self.reported_by_parser(second.span, "Expected \"]\".");
                }
            }
            Some(
                ty @ (TYPE_INT32 | TYPE_INT64 | TYPE_SINT32 | TYPE_SINT64 | TYPE_SFIXED32
                | TYPE_SFIXED64),
            ) => {
                let mut max = if matches!(ty, TYPE_INT32 | TYPE_SINT32 | TYPE_SFIXED32) {
                    i32::MAX as u64
                } else {
                    i64::MAX as u64
                };
                if self.eat_text(&mut cur, "-").is_some() {
                    out.push('-');
                    max += 1;
                }
                match self.eat_kind(&mut cur, TokenKind::Int) {
                    Some(t) => {
                        let v =
                            values::parse_bounded_int(self.tok_text(t), max).unwrap_or_else(|| {
                                self.reported_by_parser(t.span, "Integer out of range.");
                                0
                            });
                        out.push_str(&v.to_string());
                    }
                    None => {
                        let at = cur.peek_tok().map_or(first.span, |t| t.span);
                        self.reported_by_parser(at, "Expected integer for field default value.");
                    }
                }
            }
            Some(ty @ (TYPE_UINT32 | TYPE_UINT64 | TYPE_FIXED32 | TYPE_FIXED64)) => {
                let max = if matches!(ty, TYPE_UINT32 | TYPE_FIXED32) {
                    u64::from(u32::MAX)
                } else {
                    u64::MAX
                };
                if let Some(minus) = self.eat_text(&mut cur, "-") {
                    self.reported_by_parser(
                        minus.span,
                        "Unsigned field can't have negative default value.",
                    );
                }
                match self.eat_kind(&mut cur, TokenKind::Int) {
                    Some(t) => {
                        let v =
                            values::parse_bounded_int(self.tok_text(t), max).unwrap_or_else(|| {
                                self.reported_by_parser(t.span, "Integer out of range.");
                                0
                            });
                        out.push_str(&v.to_string());
                    }
                    None => {
                        let at = cur.peek_tok().map_or(first.span, |t| t.span);
                        self.reported_by_parser(at, "Expected integer for field default value.");
                    }
                }
            }
            Some(TYPE_FLOAT | TYPE_DOUBLE) => {
                if self.eat_text(&mut cur, "-").is_some() {
                    out.push('-');
                }
                let v = match cur.peek_tok() {
                    Some(t) if t.kind == TokenKind::Float => {
                        Some(values::parse_float(self.tok_text(t)))
                    }
                    Some(t) if t.kind == TokenKind::Int => Some(
                        values::parse_bounded_int(self.tok_text(t), u64::MAX)
                            .map_or_else(|| self.number_fallback(t), |v| v as f64),
                    ),
                    Some(t) if self.is(t, "inf") => Some(f64::INFINITY),
                    Some(t) if self.is(t, "nan") => Some(f64::NAN),
                    other => {
                        let at = other.map_or(first.span, |t| t.span);
                        self.reported_by_parser(at, "Expected number.");
                        None
                    }
                };
                if let Some(v) = v {
                    out.push_str(&crate::format::simple_dtoa(v));
                }
            }
            Some(TYPE_BOOL) => match cur.peek_tok() {
                Some(t) if self.is(t, "true") || self.is(t, "false") => {
                    out.push_str(self.tok_text(t));
                }
                other => {
                    let at = other.map_or(first.span, |t| t.span);
                    self.reported_by_parser(at, "Expected \"true\" or \"false\".");
                }
            },
            Some(TYPE_STRING) => match self.eat_strings(&mut cur) {
                Some((bytes, _)) => out.push_str(&String::from_utf8_lossy(&bytes)),
                None => {
                    self.reported_by_parser(first.span, "Expected string for field default value.")
                }
            },
            Some(TYPE_BYTES) => match self.eat_strings(&mut cur) {
                Some((bytes, _)) => out.push_str(&crate::format::c_escape(&bytes)),
                None => self.reported_by_parser(first.span, "Expected string."),
            },
            Some(TYPE_ENUM) => match cur.peek_tok().filter(|t| t.kind == TokenKind::Ident) {
                Some(t) => out.push_str(self.tok_text(t)),
                None => self.reported_by_parser(
                    first.span,
                    "Expected enum identifier for field default value.",
                ),
            },
            Some(_) => {
                self.reported_by_parser(first.span, "Messages can't have default values.");
            }
        }
        self.close(loc, end);
        field.default_value = Some(out);
    }

    fn json_name(&mut self, opt: &Node, field_path: &[i32], field: &mut FieldDescriptorProto) {
        let Some(kw) = opt.first_token() else {
            return;
        };
        if field.json_name.is_some() {
            self.reported_by_parser(kw.span, "Already set option \"json_name\".");
            field.json_name = None;
        }
        let span = opt.significant_span();
        self.add(path_with(field_path, &[FIELD_JSON_NAME]), span);
        let Some(value) = opt.node(NodeKind::OptionValue) else {
            return;
        };
        self.add(
            path_with(field_path, &[FIELD_JSON_NAME]),
            value.significant_span(),
        );
        let mut cur = Cur::new(value);
        match self.eat_strings(&mut cur) {
            Some((bytes, _)) => {
                field.json_name = Some(String::from_utf8_lossy(&bytes).into_owned())
            }
            None => {
                let at = value.first_token().map_or(value.span, |t| t.span);
                self.reported_by_parser(at, "Expected string for JSON name.");
            }
        }
    }

    fn oneof(&mut self, node: &Node, msg_path: &[i32], msg: &mut DescriptorProto) {
        let index = len_i32(&msg.oneof_decl);
        let path = path_with(msg_path, &[MSG_ONEOF_DECL, index]);
        let mut cur = Cur::new(node);
        let Some(kw) = self.eat_text(&mut cur, "oneof") else {
            return;
        };
        let loc = self.open(path.clone(), kw.span.start);
        let mut decl = OneofDescriptorProto::default();
        if let Some(name) = self.eat_kind(&mut cur, TokenKind::Ident) {
            self.add(path_with(&path, &[FIELD_NAME]), name.span);
            decl.name = Some(self.tok_text(name).to_string());
        }
        msg.oneof_decl.push(decl);
        if self.eat_end(&mut cur, "{", Some(loc)).is_none() {
            self.close(loc, node.significant_span().end);
            return;
        }
        let mut saw_member = false;
        while let Some(item) = cur.bump() {
            match item {
                Item::Tok(t) => {
                    if self.is(t, "}") {
                        if !saw_member {
                            self.reported_by_parser(t.span, "Expected type name.");
                        }
                        self.end_decl(t, None);
                    }
                }
                Item::Node(n) => match n.kind {
                    NodeKind::Option => {
                        saw_member = true;
                        let outer = self.open(path_with(&path, &[ONEOF_OPTIONS]), n.span.start);
                        let mut opts = msg.oneof_decl[index as usize].options.take();
                        self.option_statement(n, outer, &mut opts);
                        msg.oneof_decl[index as usize].options = opts;
                        self.close(outer, n.significant_span().end);
                    }
                    NodeKind::Field | NodeKind::Group | NodeKind::MapField => {
                        saw_member = true;
                        let fpath = path_with(msg_path, &[MSG_FIELD, len_i32(&msg.field)]);
                        let start = n.first_token().map_or(n.span.start, |t| t.span.start);
                        let floc = self.open(fpath, start);
                        let nested = NestedCtx {
                            parent_path: msg_path,
                            field_number: MSG_NESTED_TYPE,
                        };
                        let field =
                            self.field(n, floc, &mut msg.nested_type, &nested, Some(index), None);
                        msg.field.push(field);
                    }
                    NodeKind::Empty => {
                        saw_member = true;
                        if let Some(t) = n.first_token() {
                            self.reported_by_parser(t.span, "Expected type name.");
                        }
                        self.empty(n);
                    }
                    _ => saw_member = true,
                },
            }
        }
        self.close(loc, node.significant_span().end);
    }

    fn extend(
        &mut self,
        node: &Node,
        parent_path: &[i32],
        field_number: i32,
        extensions: &mut Vec<FieldDescriptorProto>,
        nested_types: &mut Vec<DescriptorProto>,
        nested: &NestedCtx<'_>,
    ) {
        let mut cur = Cur::new(node);
        let Some(kw) = self.eat_text(&mut cur, "extend") else {
            return;
        };
        let path = path_with(parent_path, &[field_number]);
        let loc = self.open(path.clone(), kw.span.start);
        let Some(tn) = cur.eat_node(NodeKind::TypeName) else {
            return self.close(loc, node.significant_span().end);
        };
        let extendee = self.message_type_name(tn);
        let extendee_span = tn.significant_span();
        if self.eat_end(&mut cur, "{", Some(loc)).is_none() {
            return self.close(loc, node.significant_span().end);
        }
        let mut saw_member = false;
        while let Some(item) = cur.bump() {
            match item {
                Item::Tok(t) => {
                    if self.is(t, "}") {
                        if !saw_member {
                            self.reported_by_parser(
                                t.span,
                                "Expected \"required\", \"optional\", or \"repeated\".",
                            );
                            self.reported_by_parser(t.span, "Expected type name.");
                        }
                        self.end_decl(t, None);
                    }
                }
                Item::Node(n) => match n.kind {
                    NodeKind::Field | NodeKind::Group | NodeKind::MapField => {
                        saw_member = true;
                        let fpath = path_with(&path, &[len_i32(extensions)]);
                        let start = n.first_token().map_or(n.span.start, |t| t.span.start);
                        let floc = self.open(fpath, start);
                        let field = self.field(
                            n,
                            floc,
                            nested_types,
                            nested,
                            None,
                            Some((&extendee, extendee_span)),
                        );
                        extensions.push(field);
                    }
                    NodeKind::Empty => {
                        saw_member = true;
                        if let Some(t) = n.first_token() {
                            if self.syntax == Syntax::Proto2 {
                                self.reported_by_parser(
                                    t.span,
                                    "Expected \"required\", \"optional\", or \"repeated\".",
                                );
                            }
                            self.reported_by_parser(t.span, "Expected type name.");
                        }
                        self.empty(n);
                    }
                    _ => saw_member = true,
                },
            }
        }
        self.close(loc, node.significant_span().end);
    }

    fn extensions(&mut self, node: &Node, msg_path: &[i32], msg: &mut DescriptorProto) {
        let mut cur = Cur::new(node);
        let Some(kw) = self.eat_text(&mut cur, "extensions") else {
            return;
        };
        let path = path_with(msg_path, &[MSG_EXTENSION_RANGE]);
        let loc = self.open(path.clone(), kw.span.start);
        let first_new = msg.extension_range.len();
        let mut first = true;
        while let Some(item) = cur.peek() {
            match item {
                Item::Node(r) if r.kind == NodeKind::Range => {
                    cur.bump();
                    let rpath = path_with(&path, &[len_i32(&msg.extension_range)]);
                    let (start, end) = self.range(r, rpath, false, first, true);
                    first = false;
                    msg.extension_range.push(ExtensionRange {
                        start: Some(start),
                        end: Some(end),
                        options: None,
                    });
                }
                Item::Tok(t) if self.is(t, ",") => {
                    cur.bump();
                }
                _ => break,
            }
        }
        if let Some(opts) = cur.eat_node(NodeKind::CompactOptions) {
            if first_new < msg.extension_range.len() {
                self.extension_range_options(opts, &path, first_new, msg);
            }
        }
        self.close_after_semicolon(&mut cur, loc, node.significant_span().end);
    }

    /// Options of an `extensions` statement: parsed once for the first range, then copied,
    /// with their locations, to every range of the statement (as protoc does).
    fn extension_range_options(
        &mut self,
        node: &Node,
        path: &[i32],
        first_new: usize,
        msg: &mut DescriptorProto,
    ) {
        let main = std::mem::take(&mut self.locs);
        let span = node.significant_span();
        let first_index = i32::try_from(first_new).unwrap_or(i32::MAX);
        let index_path = path_with(path, &[first_index]);
        self.add(index_path.clone(), span);
        let outer = self.add(path_with(&index_path, &[EXTENSION_RANGE_OPTIONS]), span);
        let mut options = Some(Options::default());
        for opt in node.nodes_of(NodeKind::CompactOption) {
            self.compact_option(opt, outer, &mut options);
        }
        let side = std::mem::replace(&mut self.locs, main);
        let options = options.unwrap_or_default();
        let index_pos = path.len();
        for range_index in first_new..msg.extension_range.len() {
            let mut mapping = vec![None; side.len()];
            for (j, l) in side.iter().enumerate() {
                if l.path.len() == index_pos + 1 {
                    continue;
                }
                let mut copy = l.clone();
                copy.path[index_pos] = i32::try_from(range_index).unwrap_or(i32::MAX);
                self.locs.push(copy);
                mapping[j] = Some(self.locs.len() - 1);
            }
            let mut copy = options.clone();
            for u in &mut copy.uninterpreted {
                u.location_index = u
                    .location_index
                    .and_then(|i| mapping.get(i).copied().flatten());
            }
            msg.extension_range[range_index].options = Some(copy);
        }
    }

    /// A `Range` node of `extensions`/`reserved`: its location with start and end
    /// sub-locations, and the (start, end) values. Message ranges (`signed` false) end one
    /// past the written end and use the sentinel for `max`; enum ranges (`signed`) are
    /// inclusive and end at `i32::MAX` for `max`. `first` and `is_extensions` pick protoc's
    /// wording for a misplaced `-`.
    fn range(
        &mut self,
        node: &Node,
        path: Vec<i32>,
        signed: bool,
        first: bool,
        is_extensions: bool,
    ) -> (i32, i32) {
        let span = node.significant_span();
        self.add(path.clone(), span);
        let mut cur = Cur::new(node);
        let start_tok = cur.peek_tok();
        let start_loc = self.open(path_with(&path, &[RANGE_START]), span.start);
        let start_minus = self.eat_text(&mut cur, "-");
        if start_minus.is_some() && !signed {
            let message = if is_extensions || !first {
                "Expected field number range."
            } else {
                "Expected field name or number range."
            };
            self.reported_by_parser(start_minus.map_or(span, |t| t.span), message);
        }
        let Some(start_int) = self.eat_kind(&mut cur, TokenKind::Int) else {
            self.close(start_loc, span.end);
            return (0, 0);
        };
        self.close(start_loc, start_int.span.end);
        let start = self.signed_number(start_minus.is_some() && signed, start_int);
        let end = if self.eat_text(&mut cur, "to").is_some() {
            let end_minus = self.eat_text(&mut cur, "-");
            match cur.peek_tok() {
                Some(t) if self.is(t, "max") => {
                    let s = end_minus.map_or(t.span, |m| m.span.cover(t.span));
                    self.add(path_with(&path, &[RANGE_END]), s);
                    if signed {
                        i32::MAX
                    } else {
                        MAX_RANGE_SENTINEL - 1
                    }
                }
                Some(t) if t.kind == TokenKind::Int => {
                    let s = end_minus.map_or(t.span, |m| m.span.cover(t.span));
                    self.add(path_with(&path, &[RANGE_END]), s);
                    if end_minus.is_some() && !signed {
                        self.reported_by_parser(
                            end_minus.map_or(t.span, |m| m.span),
                            "Expected integer.",
                        );
                    }
                    self.signed_number(end_minus.is_some() && signed, t)
                }
                _ => return (start, start),
            }
        } else {
            // protoc records the end at the start's first token (the `-` of a negative one).
            let t = start_tok.map_or(start_int.span, |t| t.span);
            self.add(path_with(&path, &[RANGE_END]), t);
            start
        };
        if signed {
            (start, end)
        } else {
            (start, end.wrapping_add(1))
        }
    }

    /// `reserved` in a message or an enum: names (path `name_field`) or ranges (path
    /// `range_field`; enum ranges are inclusive).
    fn reserved(
        &mut self,
        node: &Node,
        parent_path: &[i32],
        (name_field, range_field): (i32, i32),
        is_enum: bool,
        names: &mut Vec<String>,
        ranges: &mut Vec<ReservedRange>,
    ) {
        let mut cur = Cur::new(node);
        let Some(kw) = self.eat_text(&mut cur, "reserved") else {
            return;
        };
        match cur.peek() {
            Some(Item::Tok(t)) if t.kind == TokenKind::String || t.kind == TokenKind::Ident => {
                let path = path_with(parent_path, &[name_field]);
                self.reserved_names(node, cur, kw, t, path, names);
            }
            _ => {
                let path = path_with(parent_path, &[range_field]);
                let loc = self.open(path.clone(), kw.span.start);
                let mut first = true;
                while let Some(item) = cur.peek() {
                    match item {
                        Item::Node(r) if r.kind == NodeKind::Range => {
                            cur.bump();
                            let rpath = path_with(&path, &[len_i32(ranges)]);
                            let (start, end) = self.range(r, rpath, is_enum, first, false);
                            first = false;
                            ranges.push(ReservedRange {
                                start: Some(start),
                                end: Some(end),
                            });
                        }
                        Item::Tok(t) if self.is(t, ",") => {
                            cur.bump();
                        }
                        _ => break,
                    }
                }
                self.close_after_semicolon(&mut cur, loc, node.significant_span().end);
            }
        }
    }

    /// `reserved "a", "b";` or (editions) `reserved a, b;`.
    fn reserved_names(
        &mut self,
        node: &Node,
        mut cur: Cur<'_>,
        kw: Token,
        first: Token,
        path: Vec<i32>,
        names: &mut Vec<String>,
    ) {
        let strings = first.kind == TokenKind::String;
        if strings && self.syntax == Syntax::Editions {
            self.reported_by_parser(
                first.span,
                "Reserved names must be identifiers in editions, not string literals.",
            );
            return;
        }
        if !strings && self.syntax != Syntax::Editions {
            self.reported_by_parser(
                first.span,
                "Reserved names must be string literals. (Only editions supports identifiers.)",
            );
            return;
        }
        let loc = self.open(path.clone(), kw.span.start);
        loop {
            let item = if strings {
                self.eat_strings(&mut cur)
                    .map(|(b, s)| (String::from_utf8_lossy(&b).into_owned(), s))
            } else {
                self.eat_kind(&mut cur, TokenKind::Ident)
                    .map(|t| (self.tok_text(t).to_string(), t.span))
            };
            let Some((name, span)) = item else {
                break;
            };
            self.add(path_with(&path, &[len_i32(names)]), span);
            names.push(name);
            if self.eat_text(&mut cur, ",").is_none() {
                break;
            }
        }
        self.close_after_semicolon(&mut cur, loc, node.significant_span().end);
    }

    // ---------------------------------------------------------------------------------
    // Enums

    fn enum_(&mut self, node: &Node, path: Vec<i32>) -> EnumDescriptorProto {
        let mut e = EnumDescriptorProto::default();
        let mut cur = Cur::new(node);
        if self.eat_text(&mut cur, "export").is_some() {
            e.visibility = Some(2);
        } else if self.eat_text(&mut cur, "local").is_some() {
            e.visibility = Some(1);
        }
        let Some(kw) = self.eat_text(&mut cur, "enum") else {
            return e;
        };
        let loc = self.open(path.clone(), kw.span.start);
        let end = node.significant_span().end;
        let Some(name) = self.eat_kind(&mut cur, TokenKind::Ident) else {
            self.close(loc, end);
            return e;
        };
        self.add(path_with(&path, &[FIELD_NAME]), name.span);
        e.name = Some(self.tok_text(name).to_string());
        if self.eat_end(&mut cur, "{", Some(loc)).is_none() {
            self.close(loc, end);
            return e;
        }
        let mut close_brace = None;
        while let Some(item) = cur.bump() {
            match item {
                Item::Tok(t) => {
                    if self.is(t, "}") {
                        self.end_decl(t, None);
                        close_brace = Some(t);
                    }
                }
                Item::Node(n) => match n.kind {
                    NodeKind::Option => {
                        let outer = self.open(path_with(&path, &[ENUM_OPTIONS]), n.span.start);
                        self.option_statement(n, outer, &mut e.options);
                        self.close(outer, n.significant_span().end);
                    }
                    NodeKind::EnumValue => {
                        let vpath = path_with(&path, &[ENUM_VALUE, len_i32(&e.value)]);
                        let v = self.enum_value(n, vpath);
                        e.value.push(v);
                    }
                    NodeKind::Reserved => self.reserved(
                        n,
                        &path,
                        (ENUM_RESERVED_NAME, ENUM_RESERVED_RANGE),
                        true,
                        &mut e.reserved_name,
                        &mut e.reserved_range,
                    ),
                    NodeKind::Empty => self.empty(n),
                    _ => {}
                },
            }
        }
        self.close(loc, end);
        if let Some(t) = close_brace {
            self.validate_enum(&e, t);
        }
        e
    }

    fn enum_value(&mut self, node: &Node, path: Vec<i32>) -> EnumValueDescriptorProto {
        let mut v = EnumValueDescriptorProto::default();
        let mut cur = Cur::new(node);
        let span = node.significant_span();
        let loc = self.open(path.clone(), span.start);
        let Some(name) = self.eat_kind(&mut cur, TokenKind::Ident) else {
            self.close(loc, span.end);
            return v;
        };
        self.add(path_with(&path, &[FIELD_NAME]), name.span);
        v.name = Some(self.tok_text(name).to_string());
        if self.eat_text(&mut cur, "=").is_none() {
            self.close(loc, span.end);
            return v;
        }
        let minus = self.eat_text(&mut cur, "-");
        let Some(int) = self.eat_kind(&mut cur, TokenKind::Int) else {
            self.close(loc, span.end);
            return v;
        };
        let nspan = minus.map_or(int.span, |m| m.span.cover(int.span));
        self.add(path_with(&path, &[VALUE_NUMBER]), nspan);
        v.number = Some(self.signed_number(minus.is_some(), int));
        if let Some(opts) = cur.eat_node(NodeKind::CompactOptions) {
            let outer = self.open(
                path_with(&path, &[VALUE_OPTIONS]),
                opts.significant_span().start,
            );
            for opt in opts.nodes_of(NodeKind::CompactOption) {
                self.compact_option(opt, outer, &mut v.options);
            }
            self.close(outer, opts.significant_span().end);
        }
        self.eat_end(&mut cur, ";", Some(loc));
        self.close(loc, span.end);
        v
    }

    /// protoc's parser-level enum checks on `allow_alias`, reported at the token after the
    /// enum's `}`.
    fn validate_enum(&mut self, e: &EnumDescriptorProto, close: Token) {
        let mut has_allow_alias = false;
        let mut allow_alias = false;
        if let Some(opts) = &e.options {
            for u in &opts.uninterpreted {
                if u.name.len() > 1 {
                    continue;
                }
                if let Some(part) = u.name.first() {
                    if !part.is_extension && part.name == "allow_alias" {
                        has_allow_alias = true;
                        allow_alias = u.value == OptionValue::Identifier("true".to_string());
                        break;
                    }
                }
            }
        }
        let name = e.name.clone().unwrap_or_default();
        if has_allow_alias && !allow_alias {
            let at = self.span_after(close);
            self.error(
                at,
                format!(
                    "\"{name}\" declares 'option allow_alias = false;' which has no effect. \
                     Please remove the declaration."
                ),
            );
            return;
        }
        if allow_alias {
            let mut seen = std::collections::HashSet::with_capacity(e.value.len());
            let has_duplicates = !e.value.iter().all(|v| seen.insert(v.number.unwrap_or(0)));
            if !has_duplicates {
                let at = self.span_after(close);
                self.error(
                    at,
                    format!(
                        "\"{name}\" declares support for enum aliases but no enum values share \
                         field numbers. Please remove the unnecessary 'option allow_alias = \
                         true;' declaration."
                    ),
                );
            }
        }
    }

    // ---------------------------------------------------------------------------------
    // Services

    fn service(&mut self, node: &Node, path: Vec<i32>) -> ServiceDescriptorProto {
        let mut s = ServiceDescriptorProto::default();
        let mut cur = Cur::new(node);
        let Some(kw) = self.eat_text(&mut cur, "service") else {
            return s;
        };
        let loc = self.open(path.clone(), kw.span.start);
        let end = node.significant_span().end;
        if let Some(name) = self.eat_kind(&mut cur, TokenKind::Ident) {
            self.add(path_with(&path, &[FIELD_NAME]), name.span);
            s.name = Some(self.tok_text(name).to_string());
            if self.eat_end(&mut cur, "{", Some(loc)).is_some() {
                while let Some(item) = cur.bump() {
                    match item {
                        Item::Tok(t) => {
                            if self.is(t, "}") {
                                self.end_decl(t, None);
                            }
                        }
                        Item::Node(n) => match n.kind {
                            NodeKind::Option => {
                                let outer =
                                    self.open(path_with(&path, &[SERVICE_OPTIONS]), n.span.start);
                                self.option_statement(n, outer, &mut s.options);
                                self.close(outer, n.significant_span().end);
                            }
                            NodeKind::Rpc => {
                                let mpath = path_with(&path, &[SERVICE_METHOD, len_i32(&s.method)]);
                                let m = self.method(n, mpath);
                                s.method.push(m);
                            }
                            NodeKind::Empty => self.empty(n),
                            _ => {}
                        },
                    }
                }
            }
        }
        self.close(loc, end);
        s
    }

    fn method(&mut self, node: &Node, path: Vec<i32>) -> MethodDescriptorProto {
        let mut m = MethodDescriptorProto::default();
        let mut cur = Cur::new(node);
        let span = node.significant_span();
        let Some(kw) = self.eat_text(&mut cur, "rpc") else {
            return m;
        };
        let loc = self.open(path.clone(), kw.span.start);
        let Some(name) = self.eat_kind(&mut cur, TokenKind::Ident) else {
            self.close(loc, span.end);
            return m;
        };
        self.add(path_with(&path, &[FIELD_NAME]), name.span);
        m.name = Some(self.tok_text(name).to_string());
        for (streaming_field, type_field) in [
            (METHOD_CLIENT_STREAMING, METHOD_INPUT_TYPE),
            (METHOD_SERVER_STREAMING, METHOD_OUTPUT_TYPE),
        ] {
            if type_field == METHOD_OUTPUT_TYPE && self.eat_text(&mut cur, "returns").is_none() {
                self.close(loc, span.end);
                return m;
            }
            if self.eat_text(&mut cur, "(").is_none() {
                self.close(loc, span.end);
                return m;
            }
            if let Some(stream) = self.eat_text(&mut cur, "stream") {
                self.add(path_with(&path, &[streaming_field]), stream.span);
                if streaming_field == METHOD_CLIENT_STREAMING {
                    m.client_streaming = Some(true);
                } else {
                    m.server_streaming = Some(true);
                }
            }
            let Some(tn) = cur.eat_node(NodeKind::TypeName) else {
                self.close(loc, span.end);
                return m;
            };
            self.add(path_with(&path, &[type_field]), tn.significant_span());
            let name = self.message_type_name(tn);
            if type_field == METHOD_INPUT_TYPE {
                m.input_type = Some(name);
            } else {
                m.output_type = Some(name);
            }
            if self.eat_text(&mut cur, ")").is_none() {
                self.close(loc, span.end);
                return m;
            }
        }
        if self.eat_end(&mut cur, "{", Some(loc)).is_some() {
            let mut options = Some(Options::default());
            while let Some(item) = cur.bump() {
                match item {
                    Item::Tok(t) => {
                        if self.is(t, "}") {
                            self.end_decl(t, None);
                        }
                    }
                    Item::Node(n) => match n.kind {
                        NodeKind::Option => {
                            let outer =
                                self.open(path_with(&path, &[METHOD_OPTIONS]), n.span.start);
                            self.option_statement(n, outer, &mut options);
                            self.close(outer, n.significant_span().end);
                        }
                        NodeKind::Empty => self.empty(n),
                        _ => {}
                    },
                }
            }
            m.options = options;
        } else {
            self.eat_end(&mut cur, ";", Some(loc));
        }
        self.close(loc, span.end);
        m
    }
}

impl Cur<'_> {
    /// Start offset of the next significant item, without consuming it.
    fn peek_start(&mut self) -> Option<u32> {
        match self.peek()? {
            Item::Tok(t) => Some(t.span.start),
            Item::Node(n) => n.first_token().map(|t| t.span.start),
        }
    }
}

/// protoc's `GenerateMapEntry`: the `<Name>Entry` message of a map field, which also gets the
/// entry's name as its `type_name`.
fn map_entry(
    field: &mut FieldDescriptorProto,
    key: (Option<i32>, Option<String>),
    value: (Option<i32>, Option<String>),
) -> DescriptorProto {
    let entry_name = map_entry_name(field.name.as_deref().unwrap_or(""));
    field.type_name = Some(entry_name.clone());
    let mut entry = DescriptorProto {
        name: Some(entry_name),
        options: Some(Options {
            encoded: MAP_ENTRY_OPTION.to_vec(),
            uninterpreted: Vec::new(),
            as_written: None,
        }),
        ..Default::default()
    };
    for (name, number, (ty, type_name)) in [("key", 1, key), ("value", 2, value)] {
        let mut f = FieldDescriptorProto {
            name: Some(name.to_string()),
            number: Some(number),
            label: Some(LABEL_OPTIONAL),
            r#type: ty,
            type_name,
            ..Default::default()
        };
        // Features and the legacy enforce_utf8 option of the map field apply to its key and
        // value fields too (enforce_utf8 only to strings).
        if let Some(opts) = &field.options {
            for u in &opts.uninterpreted {
                let Some(first) = u.name.first() else {
                    continue;
                };
                if first.is_extension {
                    continue;
                }
                let copy = (first.name == "features")
                    || (first.name == "enforce_utf8"
                        && u.name.len() == 1
                        && ty == Some(TYPE_STRING));
                if copy {
                    let mut c = u.clone();
                    c.location_index = None;
                    f.options
                        .get_or_insert_with(Options::default)
                        .uninterpreted
                        .push(c);
                }
            }
        }
        entry.field.push(f);
    }
    entry
}

/// `foo_bar` → `FooBarEntry`.
fn map_entry_name(field_name: &str) -> String {
    let mut out = String::with_capacity(field_name.len() + 5);
    let mut cap_next = true;
    for c in field_name.chars() {
        if c == '_' {
            cap_next = true;
        } else if cap_next {
            out.push(c.to_ascii_uppercase());
            cap_next = false;
        } else {
            out.push(c);
        }
    }
    out.push_str("Entry");
    out
}

/// Synthetic oneofs for proto3 `optional` fields, after every real oneof, named `_name` with
/// `X`s prepended until the name is free.
fn synthesize_oneofs(msg: &mut DescriptorProto) {
    if !msg.field.iter().any(|f| f.proto3_optional == Some(true)) {
        return;
    }
    let mut names: std::collections::HashSet<String> = msg
        .field
        .iter()
        .filter_map(|f| f.name.clone())
        .chain(msg.oneof_decl.iter().filter_map(|o| o.name.clone()))
        .collect();
    for f in &mut msg.field {
        if f.proto3_optional != Some(true) {
            continue;
        }
        let mut name = f.name.clone().unwrap_or_default();
        if !name.starts_with('_') {
            name.insert(0, '_');
        }
        while names.contains(&name) {
            name.insert(0, 'X');
        }
        names.insert(name.clone());
        f.oneof_index = Some(len_i32(&msg.oneof_decl));
        msg.oneof_decl.push(OneofDescriptorProto {
            name: Some(name),
            options: None,
        });
    }
}

/// Replaces the `max` sentinel of message ranges once the message's options are known.
fn adjust_max_ranges(msg: &mut DescriptorProto) {
    let has_sentinel = msg
        .extension_range
        .iter()
        .any(|r| r.end == Some(MAX_RANGE_SENTINEL))
        || msg
            .reserved_range
            .iter()
            .any(|r| r.end == Some(MAX_RANGE_SENTINEL));
    if !has_sentinel {
        return;
    }
    let message_set = msg.options.as_ref().is_some_and(|o| {
        o.uninterpreted.iter().any(|u| {
            u.name.len() == 1
                && u.name[0].name == "message_set_wire_format"
                && u.value == OptionValue::Identifier("true".to_string())
        })
    });
    let max = if message_set {
        i32::MAX
    } else {
        MAX_FIELD_NUMBER_EXCLUSIVE
    };
    for r in &mut msg.extension_range {
        if r.end == Some(MAX_RANGE_SENTINEL) {
            r.end = Some(max);
        }
    }
    for r in &mut msg.reserved_range {
        if r.end == Some(MAX_RANGE_SENTINEL) {
            r.end = Some(max);
        }
    }
}
