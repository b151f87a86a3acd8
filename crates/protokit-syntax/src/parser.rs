//! The parser: recursive descent over the token list, following protoc's parser (same
//! accepted language, same error texts at the same tokens), building the lossless tree.
//!
//! Structure: every `parse_*` function that can fail returns [`PResult`]; a failure has been
//! reported already and leaves the tree builder with open nodes. The statement loops
//! ([`Parser::statement`]) close those nodes, skip to the end of the statement as protoc's
//! `SkipStatement` does (wrapping the skipped tokens in an `Error` node) and go on.

use crate::lexer::{lex, parse_int, unescape_string_into, LexError};
use crate::tree::{Child, Node, NodeKind, Span, SyntaxError, SyntaxTree, Token, TokenKind};

/// protoc refuses the 32nd level of nested message definitions.
const MAX_MESSAGE_DEPTH: u32 = 32;
/// Our own cap on any other nesting (groups, bodies), so that no input overflows the stack.
const MAX_NESTING: u32 = 128;
/// Cap on nesting inside message literals (option values).
const MAX_LITERAL_DEPTH: u32 = 100;

const TYPE_KEYWORDS: [&str; 16] = [
    "double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string", "group",
    "bytes", "uint32", "sfixed32", "sfixed64", "sint32", "sint64",
];

/// Parses one file's text into a lossless [`SyntaxTree`], reporting every syntax error.
///
/// Never panics and never stops early: after an error the parser skips to the end of the
/// statement (a `;` or a balanced `{…}` block), keeps the skipped tokens in an
/// [`NodeKind::Error`] node, and continues. Errors use protoc's wording and are reported in
/// the order protoc reports them, so the first one is the one protoc prints.
pub fn parse(text: &str) -> SyntaxTree {
    let (tokens, lex_errors) = lex(text);
    let mut p = Parser {
        text,
        tokens: &tokens,
        pos: 0,
        next_tok: 0,
        stack: Vec::with_capacity(32),
        buf: Vec::with_capacity(64),
        errors: Vec::new(),
        lex_errors: &lex_errors,
        lex_next: 0,
        syntax: Syntax::Proto2,
        msg_depth: 0,
        nesting: 0,
        literal_depth: 0,
        literal_end: 0,
        has_package: false,
        option_field: "",
        in_literal: false,
        literal_error: None,
        deferred: Vec::new(),
    };
    p.pos = p.skip_insignificant(0);
    p.flush_lex_errors();
    p.file();
    p.pos = p.tokens.len();
    p.flush_lex_errors();
    let root = match p.buf.pop() {
        Some(Child::Node(n)) => n,
        _ => Node {
            kind: NodeKind::File,
            span: Span::new(0, text.len() as u32),
            children: Vec::new(),
        },
    };
    let mut errors = p.errors;
    errors.append(&mut p.deferred);
    SyntaxTree {
        text: text.to_string(),
        root,
        tokens,
        errors,
    }
}

/// A failure already reported; the caller recovers.
struct Fail;
type PResult = Result<(), Fail>;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Syntax {
    Proto2,
    Proto3,
    /// An edition, as the number of protobuf's `Edition` enum.
    Editions(u32),
}

impl Syntax {
    fn default_to_optional(self) -> bool {
        !matches!(self, Syntax::Proto2)
    }
    fn is_editions(self) -> bool {
        matches!(self, Syntax::Editions(_))
    }
    fn edition_at_least_2024(self) -> bool {
        matches!(self, Syntax::Editions(e) if e >= 1001)
    }
}

/// The numbers of protobuf's `Edition` enum that protoc's parser accepts in `edition = "…"`.
fn edition_number(name: &[u8]) -> Option<u32> {
    Some(match name {
        b"LEGACY" => 900,
        b"2023" => 1000,
        b"2024" => 1001,
        b"2026" => 1002,
        b"UNSTABLE" => 9999,
        b"1_TEST_ONLY" => 1,
        b"2_TEST_ONLY" => 2,
        b"99997_TEST_ONLY" => 99997,
        b"99998_TEST_ONLY" => 99998,
        b"99999_TEST_ONLY" => 99999,
        b"MAX" => 0x7fff_ffff,
        _ => return None,
    })
}

/// Where a field is declared: protoc checks labels and map fields differently.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FieldCtx {
    Message,
    Oneof,
    Extend,
}

/// What protoc knows of a field's type when it reads `[default = …]`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DefaultKind {
    Signed(u64),
    Unsigned(u64),
    Float,
    Bool,
    String,
    Bytes,
    Group,
    /// A named (message or enum) type or a map: protoc takes any one token.
    Any,
}

fn default_kind(type_keyword: &str) -> DefaultKind {
    match type_keyword {
        "int32" | "sint32" | "sfixed32" => DefaultKind::Signed(i32::MAX as u64),
        "int64" | "sint64" | "sfixed64" => DefaultKind::Signed(i64::MAX as u64),
        "uint32" | "fixed32" => DefaultKind::Unsigned(u32::MAX as u64),
        "uint64" | "fixed64" => DefaultKind::Unsigned(u64::MAX),
        "float" | "double" => DefaultKind::Float,
        "bool" => DefaultKind::Bool,
        "string" => DefaultKind::String,
        "bytes" => DefaultKind::Bytes,
        "group" => DefaultKind::Group,
        _ => DefaultKind::Any,
    }
}

struct Parser<'a> {
    text: &'a str,
    tokens: &'a [Token],
    /// Index of the current significant token (`tokens.len()` at end of input).
    pos: usize,
    /// First token not yet placed in the tree (trivia before `pos` waits here).
    next_tok: usize,
    /// Open nodes: kind and index in `buf` of their first child.
    stack: Vec<(NodeKind, usize)>,
    buf: Vec<Child>,
    errors: Vec<SyntaxError>,
    lex_errors: &'a [LexError],
    lex_next: usize,
    syntax: Syntax,
    msg_depth: u32,
    nesting: u32,
    literal_depth: u32,
    /// Index of the `}` closing the outermost message literal being parsed.
    literal_end: usize,
    has_package: bool,
    /// The field an aggregate option value is for (the last identifier of the option name),
    /// for protoc's `Error while parsing option value for "…"` messages.
    option_field: &'a str,
    /// Inside a message literal: errors are text-format errors, which protoc reports only
    /// after parsing, when it interprets the option; the first one is kept here.
    in_literal: bool,
    literal_error: Option<String>,
    /// Text-format errors, reported after all parser errors as protoc does.
    deferred: Vec<SyntaxError>,
}

// ---------------------------------------------------------------------------------------------
// Token access and tree building.
impl<'a> Parser<'a> {
    /// Tokens the grammar never sees: trivia and runs of control characters (which protoc's
    /// tokenizer drops after reporting them).
    fn insignificant(&self, t: Token) -> bool {
        t.kind.is_trivia()
            || (t.kind == TokenKind::Unknown && self.text.as_bytes()[t.span.start as usize] < 0x80)
    }

    fn skip_insignificant(&self, mut i: usize) -> usize {
        while i < self.tokens.len() && self.insignificant(self.tokens[i]) {
            i += 1;
        }
        i
    }

    /// Reports the lexical errors of every token up to the current one, as protoc's tokenizer
    /// does when the parser advances onto it.
    fn flush_lex_errors(&mut self) {
        while let Some(e) = self.lex_errors.get(self.lex_next) {
            if e.token_index() > self.pos {
                break;
            }
            self.errors.push(SyntaxError {
                message: e.message().to_string(),
                span: e.span(),
            });
            self.lex_next += 1;
        }
    }

    fn eof(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    fn cur(&self) -> Option<Token> {
        self.tokens.get(self.pos).copied()
    }

    fn text_of(&self, t: Token) -> &'a str {
        &self.text[t.span.range()]
    }

    /// The current token's text (`""` at end of input).
    fn cur_text(&self) -> &'a str {
        self.cur().map_or("", |t| self.text_of(t))
    }

    fn cur_kind(&self) -> Option<TokenKind> {
        self.cur().map(|t| t.kind)
    }

    fn at(&self, s: &str) -> bool {
        self.cur_text() == s
    }

    fn at_kind(&self, k: TokenKind) -> bool {
        self.cur_kind() == Some(k)
    }

    /// The text of the `n`th significant token after the current one.
    fn peek_text(&self, n: usize) -> &'a str {
        let mut i = self.pos;
        for _ in 0..n {
            if i >= self.tokens.len() {
                return "";
            }
            i = self.skip_insignificant(i + 1);
        }
        self.tokens.get(i).map_or("", |t| self.text_of(*t))
    }

    fn cur_span(&self) -> Span {
        match self.cur() {
            Some(t) => t.span,
            None => {
                let n = self.text.len() as u32;
                Span::new(n, n)
            }
        }
    }

    fn error_at(&mut self, span: Span, message: impl Into<String>) {
        if self.in_literal {
            if self.literal_error.is_none() {
                self.literal_error = Some(message.into());
            }
            return;
        }
        self.errors.push(SyntaxError {
            message: message.into(),
            span,
        });
    }

    /// Reports an error at the current token.
    fn error(&mut self, message: impl Into<String>) {
        let span = self.cur_span();
        self.error_at(span, message);
    }

    /// Moves the current identifier into the tree, remembering it as the option's field name.
    fn bump_option_ident(&mut self) {
        self.option_field = self.cur_text();
        self.bump();
    }

    /// Reports an error at the current token and fails.
    fn fail(&mut self, message: impl Into<String>) -> PResult {
        self.error(message);
        Err(Fail)
    }

    fn flush_to(&mut self, end: usize) {
        while self.next_tok < end {
            self.buf.push(Child::Token(self.tokens[self.next_tok]));
            self.next_tok += 1;
        }
    }

    /// Moves the current token (and the trivia before it) into the innermost open node.
    fn bump(&mut self) {
        if self.eof() {
            return;
        }
        self.flush_to(self.pos + 1);
        self.pos = self.skip_insignificant(self.pos + 1);
        self.flush_lex_errors();
    }

    fn try_eat(&mut self, s: &str) -> bool {
        if self.at(s) {
            self.bump();
            true
        } else {
            false
        }
    }

    /// protoc's `Consume(text)`: `Expected "text".` when absent.
    fn expect(&mut self, s: &str) -> PResult {
        if self.try_eat(s) {
            Ok(())
        } else {
            self.fail(format!("Expected \"{s}\"."))
        }
    }

    fn expect_msg(&mut self, s: &str, message: &str) -> PResult {
        if self.try_eat(s) {
            Ok(())
        } else {
            self.fail(message)
        }
    }

    fn eat_ident(&mut self, message: &str) -> PResult {
        if self.at_kind(TokenKind::Ident) {
            self.bump();
            Ok(())
        } else {
            self.fail(message)
        }
    }

    /// Opens a node; trivia before it stays in the parent.
    fn start(&mut self, kind: NodeKind) {
        self.flush_to(self.pos.min(self.tokens.len()));
        self.stack.push((kind, self.buf.len()));
    }

    fn finish(&mut self) {
        let Some((kind, start)) = self.stack.pop() else {
            return;
        };
        if self.buf.len() == start && kind != NodeKind::File {
            // A node that failed before its first token: leave no empty node behind.
            return;
        }
        let children: Vec<Child> = self.buf.drain(start..).collect();
        let span = match (children.first(), children.last()) {
            (Some(a), Some(b)) => child_span(a).cover(child_span(b)),
            _ => {
                let at = self
                    .tokens
                    .get(self.next_tok)
                    .map_or(self.text.len() as u32, |t| t.span.start);
                Span::new(at, at)
            }
        };
        self.buf.push(Child::Node(Node {
            kind,
            span,
            children,
        }));
    }

    fn close_to(&mut self, depth: usize) {
        while self.stack.len() > depth {
            self.finish();
        }
    }

    fn node(&mut self, kind: NodeKind, f: impl FnOnce(&mut Self) -> PResult) -> PResult {
        self.start(kind);
        let r = f(self);
        if r.is_ok() {
            self.finish();
        }
        r
    }

    /// Parses one statement into a node of `kind`; on failure closes what is open, skips to the
    /// end of the statement (protoc's `SkipStatement`) into an `Error` node and, at top level,
    /// consumes an unmatched `}`.
    fn statement(&mut self, kind: NodeKind, top_level: bool, f: impl FnOnce(&mut Self) -> PResult) {
        self.start(kind);
        let depth = self.stack.len();
        if f(self).is_err() {
            self.close_to(depth);
            let (_, start) = self.stack[depth - 1];
            let nested = kind != NodeKind::Error && self.buf.len() > start;
            if !nested {
                self.stack[depth - 1].0 = NodeKind::Error;
            }
            let mut opened = false;
            let mut open_error = |p: &mut Self| {
                if nested && !opened {
                    p.start(NodeKind::Error);
                    opened = true;
                }
            };
            // protoc's SkipStatement.
            loop {
                if self.eof() || self.at("}") {
                    break;
                }
                if self.at(";") {
                    open_error(self);
                    self.bump();
                    break;
                }
                if self.at("{") {
                    open_error(self);
                    self.bump();
                    self.skip_rest_of_block();
                    break;
                }
                open_error(self);
                self.bump();
            }
            if top_level && self.at("}") {
                self.error("Unmatched \"}\".");
                open_error(self);
                self.bump();
            }
            if opened {
                self.finish();
            }
        }
        self.finish();
    }

    fn skip_rest_of_block(&mut self) {
        let mut depth = 1usize;
        while !self.eof() {
            if self.at("}") {
                self.bump();
                depth -= 1;
                if depth == 0 {
                    return;
                }
            } else {
                if self.at("{") {
                    depth += 1;
                }
                self.bump();
            }
        }
    }

    fn empty_statement(&mut self) {
        self.start(NodeKind::Empty);
        self.bump();
        self.finish();
    }
}

fn child_span(c: &Child) -> Span {
    match c {
        Child::Token(t) => t.span,
        Child::Node(n) => n.span,
    }
}

// ---------------------------------------------------------------------------------------------
// File level.
impl Parser<'_> {
    fn file(&mut self) {
        // Not `start`: the file's leading trivia belongs to the file.
        self.stack.push((NodeKind::File, self.buf.len()));
        if self.at("syntax") || self.at("edition") {
            let kind = if self.at("edition") {
                NodeKind::Edition
            } else {
                NodeKind::Syntax
            };
            self.statement(kind, true, |p| p.syntax_statement());
        }
        while !self.eof() {
            self.top_level_statement();
        }
        self.flush_to(self.tokens.len());
        self.finish();
    }

    fn syntax_statement(&mut self) -> PResult {
        let is_edition = self.try_eat("edition");
        if !is_edition {
            self.expect_msg(
                "syntax",
                "File must begin with a syntax statement, e.g. 'syntax = \"proto2\";'.",
            )?;
        }
        self.expect("=")?;
        let value_span = self.cur_span();
        let value = self.strings("Expected syntax identifier.")?;
        self.expect(";")?;
        if is_edition {
            match edition_number(&value) {
                Some(n) => self.syntax = Syntax::Editions(n),
                None => {
                    self.syntax = Syntax::Editions(1000);
                    let shown = String::from_utf8_lossy(&value).into_owned();
                    self.error_at(value_span, format!("Unknown edition \"{shown}\"."));
                }
            }
        } else if value == b"proto3" {
            self.syntax = Syntax::Proto3;
        } else if value != b"proto2" {
            let shown = String::from_utf8_lossy(&value).into_owned();
            self.error_at(
                value_span,
                format!(
                    "Unrecognized syntax identifier \"{shown}\".  This parser only recognizes \
                     \"proto2\" and \"proto3\"."
                ),
            );
        }
        Ok(())
    }

    /// One or more adjacent string literals; returns their decoded concatenation.
    fn strings(&mut self, message: &str) -> Result<Vec<u8>, Fail> {
        if !self.at_kind(TokenKind::String) {
            self.error(message);
            return Err(Fail);
        }
        let mut value = Vec::new();
        while let Some(t) = self.cur().filter(|t| t.kind == TokenKind::String) {
            unescape_string_into(self.text_of(t), &mut value);
            self.bump();
        }
        Ok(value)
    }

    /// Like [`Parser::strings`] without keeping the value.
    fn eat_strings(&mut self, message: &str) -> PResult {
        if !self.at_kind(TokenKind::String) {
            return self.fail(message);
        }
        while self.at_kind(TokenKind::String) {
            self.bump();
        }
        Ok(())
    }

    fn top_level_statement(&mut self) {
        if self.at(";") {
            self.empty_statement();
        } else if self.at("message") {
            self.statement(NodeKind::Message, true, |p| p.message_def());
        } else if self.at("enum") {
            self.statement(NodeKind::Enum, true, |p| p.enum_def());
        } else if self.at("service") {
            self.statement(NodeKind::Service, true, |p| p.service_def());
        } else if self.at("extend") {
            self.statement(NodeKind::Extend, true, |p| p.extend_def());
        } else if self.at("import") {
            self.statement(NodeKind::Import, true, |p| p.import());
        } else if self.at("package") {
            self.statement(NodeKind::Package, true, |p| p.package());
        } else if self.at("option") {
            self.statement(NodeKind::Option, true, |p| p.option_statement());
        } else if self.syntax.edition_at_least_2024() && (self.at("export") || self.at("local")) {
            self.visibility_statement(true);
        } else {
            self.statement(NodeKind::Error, true, |p| {
                p.fail("Expected top-level statement (e.g. \"message\").")
            });
        }
    }

    /// `export`/`local` before `message` or `enum` (edition 2024 and later).
    fn visibility_statement(&mut self, top_level: bool) {
        let kind = match self.peek_text(1) {
            "message" => NodeKind::Message,
            "enum" => NodeKind::Enum,
            _ => NodeKind::Error,
        };
        self.statement(kind, top_level, |p| {
            p.bump();
            match kind {
                NodeKind::Message => p.message_def(),
                NodeKind::Enum => p.enum_def(),
                _ => p.fail(
                    "'local' and 'export' visibility modifiers are valid only on 'message' and \
                     'enum'",
                ),
            }
        });
    }

    fn import(&mut self) -> PResult {
        self.bump(); // import
        if self.at("public") {
            self.bump();
        } else if self.at("weak") {
            if self.syntax.edition_at_least_2024() {
                self.error(
                    "weak import is not supported in edition 2024 and above. Consider using \
                     option import instead.",
                );
            }
            self.bump();
        } else if self.at("option") {
            if !self.syntax.edition_at_least_2024() {
                self.error("option import is not supported before edition 2024.");
            }
            self.bump();
        }
        self.eat_strings("Expected a string naming the file to import.")?;
        self.expect(";")
    }

    fn package(&mut self) -> PResult {
        if self.has_package {
            self.error("Multiple package definitions.");
        }
        self.has_package = true;
        self.bump(); // package
        self.node(NodeKind::FullIdent, |p| {
            loop {
                p.eat_ident("Expected identifier.")?;
                if !p.try_eat(".") {
                    break;
                }
            }
            Ok(())
        })?;
        self.expect(";")
    }
}

// ---------------------------------------------------------------------------------------------
// Messages, fields, enums, services.
impl Parser<'_> {
    fn message_def(&mut self) -> PResult {
        if self.msg_depth + 1 >= MAX_MESSAGE_DEPTH || self.nesting >= MAX_NESTING {
            return self.fail("Reached maximum recursion limit for nested messages.");
        }
        self.bump(); // message
        self.eat_ident("Expected message name.")?;
        self.msg_depth += 1;
        let r = self.message_block();
        self.msg_depth -= 1;
        r
    }

    /// `Body`: `{` statements `}` of a message or group.
    fn message_block(&mut self) -> PResult {
        if !self.at("{") {
            return self.fail("Expected \"{\".");
        }
        self.start(NodeKind::Body);
        self.bump();
        self.nesting += 1;
        let r = loop {
            if self.try_eat("}") {
                break Ok(());
            }
            if self.eof() {
                break self.fail("Reached end of input in message definition (missing '}').");
            }
            self.message_statement();
        };
        self.nesting -= 1;
        r?;
        self.finish();
        Ok(())
    }

    fn message_statement(&mut self) {
        if self.at(";") {
            self.empty_statement();
        } else if self.at("message") {
            self.statement(NodeKind::Message, false, |p| p.message_def());
        } else if self.at("enum") {
            self.statement(NodeKind::Enum, false, |p| p.enum_def());
        } else if self.at("extensions") {
            self.statement(NodeKind::Extensions, false, |p| p.extensions());
        } else if self.at("reserved") {
            self.statement(NodeKind::Reserved, false, |p| p.reserved(false));
        } else if self.at("extend") {
            self.statement(NodeKind::Extend, false, |p| p.extend_def());
        } else if self.at("option") {
            self.statement(NodeKind::Option, false, |p| p.option_statement());
        } else if self.at("oneof") {
            self.statement(NodeKind::Oneof, false, |p| p.oneof_def());
        } else if self.syntax.edition_at_least_2024() && (self.at("export") || self.at("local")) {
            self.visibility_statement(false);
        } else {
            self.field_statement(FieldCtx::Message);
        }
    }

    fn is_label(s: &str) -> bool {
        matches!(s, "optional" | "required" | "repeated")
    }

    /// A field, map field or group, choosing the node kind by looking ahead.
    fn field_statement(&mut self, ctx: FieldCtx) {
        let ty = if Self::is_label(self.cur_text()) {
            1
        } else {
            0
        };
        let kind = match self.peek_text(ty) {
            "map" if self.peek_text(ty + 1) == "<" => NodeKind::MapField,
            "group" => NodeKind::Group,
            _ => NodeKind::Field,
        };
        self.statement(kind, false, |p| p.field(ctx));
    }

    /// protoc's `ParseMessageField` (label included) and `ParseMessageFieldNoLabel`.
    fn field(&mut self, ctx: FieldCtx) -> PResult {
        let mut has_label = false;
        if Self::is_label(self.cur_text()) {
            if ctx == FieldCtx::Oneof {
                self.error(
                    "Fields in oneofs must not have labels (required / optional / repeated).",
                );
            } else if self.syntax.is_editions() {
                if self.at("optional") {
                    self.error(
                        "Label \"optional\" is not supported in editions. By default, all \
                         singular fields have presence unless features.field_presence is set.",
                    );
                } else if self.at("required") {
                    self.error(
                        "Label \"required\" is not supported in editions, use \
                         features.field_presence = LEGACY_REQUIRED.",
                    );
                }
            }
            has_label = true;
            self.bump();
        } else if ctx == FieldCtx::Oneof {
            has_label = true; // protoc sets LABEL_OPTIONAL on oneof members
        }
        let mut is_group = false;
        let mut default = DefaultKind::Any;
        if self.at("map") && self.peek_text(1) == "<" {
            self.bump(); // map
            if ctx == FieldCtx::Oneof {
                return self.fail("Map fields are not allowed in oneofs.");
            }
            if has_label {
                return self.fail(
                    "Field labels (required/optional/repeated) are not allowed on map fields.",
                );
            }
            if ctx == FieldCtx::Extend {
                return self.fail("Map fields are not allowed to be extensions.");
            }
            self.bump(); // <
            self.parse_type()?;
            self.expect(",")?;
            self.parse_type()?;
            self.expect(">")?;
        } else {
            let missing_label = !has_label && !self.syntax.default_to_optional();
            const LABEL: &str = "Expected \"required\", \"optional\", or \"repeated\".";
            if self.at("map") {
                // A type named `map`, not followed by `<`: the type is this one token. protoc
                // has consumed it when it complains about the label.
                self.start(NodeKind::TypeName);
                self.bump();
                self.finish();
                if missing_label {
                    self.error(LABEL);
                }
            } else {
                if missing_label {
                    self.error(LABEL);
                }
                is_group = self.at("group");
                if self.at_kind(TokenKind::Ident) && TYPE_KEYWORDS.contains(&self.cur_text()) {
                    default = default_kind(self.cur_text());
                }
                if is_group {
                    // `group` sits directly in the Group node.
                    self.group_syntax_check();
                    self.bump();
                } else {
                    self.parse_type()?;
                }
            }
        }
        let name = self.cur();
        self.eat_ident("Expected field name.")?;
        self.expect_msg("=", "Missing field number.")?;
        self.int32("Expected field number.")?;
        if self.at("[") {
            self.compact_options(Some(default))?;
        }
        if is_group {
            if let Some(name) = name {
                if !self
                    .text_of(name)
                    .starts_with(|c: char| c.is_ascii_uppercase())
                {
                    self.error_at(name.span, "Group names must start with a capital letter.");
                }
            }
            if !self.at("{") {
                return self.fail("Missing group body.");
            }
            if self.nesting >= MAX_NESTING {
                return self.fail("Reached maximum recursion limit for nested messages.");
            }
            self.message_block()
        } else {
            self.expect(";")
        }
    }

    /// protoc's `ParseType`: a scalar type keyword, or a user-defined type name.
    fn parse_type(&mut self) -> PResult {
        self.start(NodeKind::TypeName);
        if self.at_kind(TokenKind::Ident) && TYPE_KEYWORDS.contains(&self.cur_text()) {
            if self.at("group") {
                self.group_syntax_check();
            }
            self.bump();
        } else {
            self.type_name_parts()?;
        }
        self.finish();
        Ok(())
    }

    /// protoc's parser complaint about `group` as a type in editions, at the current token.
    fn group_syntax_check(&mut self) {
        match self.syntax {
            Syntax::Editions(_) => self.error(
                "Group syntax is no longer supported in editions. To get group behavior you \
                 can specify features.message_encoding = DELIMITED on a message field.",
            ),
            // "Groups are not supported in proto3 syntax." is a descriptor-level error in
            // protoc, reported only when the file parsed.
            Syntax::Proto3 | Syntax::Proto2 => {}
        }
    }

    /// protoc's `ParseUserDefinedType` as a `TypeName` node.
    fn user_type(&mut self) -> PResult {
        self.start(NodeKind::TypeName);
        if self.at_kind(TokenKind::Ident) && TYPE_KEYWORDS.contains(&self.cur_text()) {
            self.error("Expected message type.");
            self.bump();
        } else {
            self.type_name_parts()?;
        }
        self.finish();
        Ok(())
    }

    fn type_name_parts(&mut self) -> PResult {
        self.try_eat(".");
        self.eat_ident("Expected type name.")?;
        while self.try_eat(".") {
            self.eat_ident("Expected identifier.")?;
        }
        Ok(())
    }

    /// protoc's `ConsumeInteger` into an `int`: an Int token, range-checked.
    fn int32(&mut self, message: &str) -> PResult {
        self.integer(i32::MAX as u64, message)
    }

    /// protoc's `ConsumeInteger64`.
    fn integer(&mut self, max: u64, message: &str) -> PResult {
        if !self.at_kind(TokenKind::Int) {
            return self.fail(message);
        }
        match parse_int(self.cur_text()) {
            Some(v) if v <= max => {}
            _ => self.error("Integer out of range."),
        }
        self.bump();
        Ok(())
    }

    /// protoc's `ConsumeSignedInteger`.
    fn signed_int32(&mut self, message: &str) -> PResult {
        let mut max = i32::MAX as u64;
        if self.try_eat("-") {
            max += 1;
        }
        self.integer(max, message)
    }

    fn oneof_def(&mut self) -> PResult {
        self.bump(); // oneof
        self.eat_ident("Expected oneof name.")?;
        self.expect("{")?;
        loop {
            if self.eof() {
                return self.fail("Reached end of input in oneof definition (missing '}').");
            }
            if self.at("option") {
                self.start(NodeKind::Option);
                self.option_statement()?;
                self.finish();
            } else {
                self.field_statement(FieldCtx::Oneof);
            }
            if self.try_eat("}") {
                return Ok(());
            }
        }
    }

    fn extend_def(&mut self) -> PResult {
        self.bump(); // extend
        self.user_type()?;
        self.expect("{")?;
        loop {
            if self.eof() {
                return self.fail("Reached end of input in extend definition (missing '}').");
            }
            self.field_statement(FieldCtx::Extend);
            if self.try_eat("}") {
                return Ok(());
            }
        }
    }

    fn extensions(&mut self) -> PResult {
        self.bump(); // extensions
        loop {
            self.node(NodeKind::Range, |p| {
                p.int32("Expected field number range.")?;
                if p.try_eat("to") && !p.try_eat("max") {
                    p.int32("Expected integer.")?;
                }
                Ok(())
            })?;
            if !self.try_eat(",") {
                break;
            }
        }
        if self.at("[") {
            self.compact_options(None)?;
        }
        self.expect(";")
    }

    fn reserved(&mut self, in_enum: bool) -> PResult {
        self.bump(); // reserved
        if self.at_kind(TokenKind::String) {
            if self.syntax.is_editions() {
                return self
                    .fail("Reserved names must be identifiers in editions, not string literals.");
            }
            loop {
                self.eat_strings("Expected field name.")?;
                if !self.try_eat(",") {
                    break;
                }
            }
        } else if self.at_kind(TokenKind::Ident) {
            if !self.syntax.is_editions() {
                return self.fail(
                    "Reserved names must be string literals. (Only editions supports \
                     identifiers.)",
                );
            }
            loop {
                self.eat_ident("Expected field name identifier.")?;
                if !self.try_eat(",") {
                    break;
                }
            }
        } else {
            let mut first = true;
            loop {
                let start_msg = match (in_enum, first) {
                    (false, true) => "Expected field name or number range.",
                    (false, false) => "Expected field number range.",
                    (true, true) => "Expected enum value or number range.",
                    (true, false) => "Expected enum number range.",
                };
                self.node(NodeKind::Range, |p| {
                    if in_enum {
                        p.signed_int32(start_msg)?;
                    } else {
                        p.int32(start_msg)?;
                    }
                    if p.try_eat("to") && !p.try_eat("max") {
                        if in_enum {
                            p.signed_int32("Expected integer.")?;
                        } else {
                            p.int32("Expected integer.")?;
                        }
                    }
                    Ok(())
                })?;
                first = false;
                if !self.try_eat(",") {
                    break;
                }
            }
        }
        self.expect(";")
    }

    fn enum_def(&mut self) -> PResult {
        self.bump(); // enum
        self.eat_ident("Expected enum name.")?;
        self.expect("{")?;
        loop {
            if self.try_eat("}") {
                return Ok(());
            }
            if self.eof() {
                return self.fail("Reached end of input in enum definition (missing '}').");
            }
            if self.at(";") {
                self.empty_statement();
            } else if self.at("option") {
                self.statement(NodeKind::Option, false, |p| p.option_statement());
            } else if self.at("reserved") {
                self.statement(NodeKind::Reserved, false, |p| p.reserved(true));
            } else {
                self.statement(NodeKind::EnumValue, false, |p| p.enum_value());
            }
        }
    }

    fn enum_value(&mut self) -> PResult {
        self.eat_ident("Expected enum constant name.")?;
        self.expect_msg("=", "Missing numeric value for enum constant.")?;
        self.signed_int32("Expected integer.")?;
        if self.at("[") {
            self.compact_options(None)?;
        }
        self.expect(";")
    }

    fn service_def(&mut self) -> PResult {
        self.bump(); // service
        self.eat_ident("Expected service name.")?;
        self.expect("{")?;
        loop {
            if self.try_eat("}") {
                return Ok(());
            }
            if self.eof() {
                return self.fail("Reached end of input in service definition (missing '}').");
            }
            if self.at(";") {
                self.empty_statement();
            } else if self.at("option") {
                self.statement(NodeKind::Option, false, |p| p.option_statement());
            } else {
                self.statement(NodeKind::Rpc, false, |p| p.rpc());
            }
        }
    }

    fn rpc(&mut self) -> PResult {
        self.expect("rpc")?;
        self.eat_ident("Expected method name.")?;
        self.expect("(")?;
        self.try_eat("stream");
        self.user_type()?;
        self.expect(")")?;
        self.expect("returns")?;
        self.expect("(")?;
        self.try_eat("stream");
        self.user_type()?;
        self.expect(")")?;
        if !self.at("{") {
            return self.expect(";");
        }
        self.bump();
        loop {
            if self.try_eat("}") {
                return Ok(());
            }
            if self.eof() {
                return self.fail("Reached end of input in method options (missing '}').");
            }
            if self.at(";") {
                self.empty_statement();
            } else {
                self.statement(NodeKind::Option, false, |p| p.option_statement());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Options and message literals.
impl Parser<'_> {
    /// `option` OptionName `=` OptionValue `;` (the node is opened by the caller).
    fn option_statement(&mut self) -> PResult {
        self.expect("option")?;
        self.option_name()?;
        self.expect("=")?;
        self.option_value()?;
        self.expect(";")
    }

    fn option_name(&mut self) -> PResult {
        self.option_field = "";
        self.start(NodeKind::OptionName);
        self.option_name_part()?;
        while self.at(".") {
            self.bump();
            self.option_name_part()?;
        }
        self.finish();
        Ok(())
    }

    fn option_name_part(&mut self) -> PResult {
        self.start(NodeKind::OptionNamePart);
        if self.at("(") {
            let open = self.cur_span();
            self.bump();
            if self.at_kind(TokenKind::Ident) || self.at(".") {
                self.start(NodeKind::TypeName);
                if self.at_kind(TokenKind::Ident) {
                    self.bump_option_ident();
                }
                while self.at(".") {
                    self.bump();
                    if !self.at_kind(TokenKind::Ident) {
                        return self.fail("Expected identifier.");
                    }
                    self.bump_option_ident();
                }
                self.finish();
            } else if self.at(")") {
                let span = open.cover(self.cur_span());
                self.error_at(span, "Uninterpreted option is missing name or value.");
            }
            self.expect(")")?;
        } else {
            if !self.at_kind(TokenKind::Ident) {
                return self.fail("Expected identifier.");
            }
            self.bump_option_ident();
        }
        self.finish();
        Ok(())
    }

    /// protoc's `ParseOption` value part, as an `OptionValue` node.
    fn option_value(&mut self) -> PResult {
        self.start(NodeKind::OptionValue);
        let negative = self.try_eat("-");
        match self.cur_kind() {
            None => return self.fail("Unexpected end of stream while parsing option value."),
            Some(TokenKind::Ident) => {
                let text = self.cur_text();
                self.bump();
                if negative && text != "inf" && text != "nan" {
                    return self.fail("Identifier after '-' symbol must be inf or nan.");
                }
            }
            // protoc stores integers beyond 64 bits as doubles: no range check here.
            Some(TokenKind::Int | TokenKind::Float) => self.bump(),
            Some(TokenKind::String) => {
                if negative {
                    return self.fail("Invalid '-' symbol before string.");
                }
                self.eat_strings("Expected string.")?;
            }
            Some(_) => {
                if self.at("{") {
                    self.aggregate()?;
                } else {
                    return self.fail("Expected option value.");
                }
            }
        }
        self.finish();
        Ok(())
    }

    /// `[` option (`,` option)* `]`; `default` and `json_name` are read the way protoc reads
    /// them when `field` gives the field's type.
    fn compact_options(&mut self, field: Option<DefaultKind>) -> PResult {
        self.start(NodeKind::CompactOptions);
        self.bump(); // [
        let mut seen_default = false;
        let mut seen_json = false;
        loop {
            self.start(NodeKind::CompactOption);
            match field {
                Some(kind) if self.at("default") => {
                    if seen_default {
                        self.error("Already set option \"default\".");
                    }
                    seen_default = true;
                    self.simple_option_name();
                    self.expect("=")?;
                    self.start(NodeKind::OptionValue);
                    self.default_value(kind)?;
                    self.finish();
                }
                Some(_) if self.at("json_name") => {
                    if seen_json {
                        self.error("Already set option \"json_name\".");
                    }
                    seen_json = true;
                    self.simple_option_name();
                    self.expect("=")?;
                    self.start(NodeKind::OptionValue);
                    self.eat_strings("Expected string for JSON name.")?;
                    self.finish();
                }
                _ => {
                    self.option_name()?;
                    self.expect("=")?;
                    self.option_value()?;
                }
            }
            self.finish();
            if !self.try_eat(",") {
                break;
            }
        }
        self.expect("]")?;
        self.finish();
        Ok(())
    }

    /// An `OptionName` made of the current identifier alone.
    fn simple_option_name(&mut self) {
        self.start(NodeKind::OptionName);
        self.start(NodeKind::OptionNamePart);
        self.bump();
        self.finish();
        self.finish();
    }

    /// protoc's `ParseDefaultAssignment` value, by field type.
    fn default_value(&mut self, kind: DefaultKind) -> PResult {
        const INT_MSG: &str = "Expected integer for field default value.";
        match kind {
            DefaultKind::Signed(max) => {
                let max = if self.try_eat("-") { max + 1 } else { max };
                self.integer(max, INT_MSG)
            }
            DefaultKind::Unsigned(max) => {
                if self.try_eat("-") {
                    self.error("Unsigned field can't have negative default value.");
                }
                self.integer(max, INT_MSG)
            }
            DefaultKind::Float => {
                self.try_eat("-");
                match self.cur_kind() {
                    Some(TokenKind::Float) => {
                        self.bump();
                        Ok(())
                    }
                    Some(TokenKind::Int) => self.integer(u64::MAX, "Expected number."),
                    _ if self.at("inf") || self.at("nan") => {
                        self.bump();
                        Ok(())
                    }
                    _ => self.fail("Expected number."),
                }
            }
            DefaultKind::Bool => {
                if self.try_eat("true") || self.try_eat("false") {
                    Ok(())
                } else {
                    self.fail("Expected \"true\" or \"false\".")
                }
            }
            DefaultKind::String => self.eat_strings("Expected string for field default value."),
            DefaultKind::Bytes => self.eat_strings("Expected string."),
            DefaultKind::Group => self.fail("Messages can't have default values."),
            DefaultKind::Any => {
                self.bump();
                Ok(())
            }
        }
    }

    /// A `{ … }` option value. protoc's parser only matches braces here (the text is parsed
    /// later, as text format); we parse the structure, and on a malformed literal report one
    /// error and keep the rest, up to the matching `}`, in an `Error` node.
    fn aggregate(&mut self) -> PResult {
        // Find the matching brace first, as protoc does.
        let mut depth = 0usize;
        let mut i = self.pos;
        let mut end = None;
        while i < self.tokens.len() {
            match self.text_of(self.tokens[i]) {
                "{" => depth += 1,
                "}" => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i);
                        break;
                    }
                }
                _ => {}
            }
            i = self.skip_insignificant(i + 1);
        }
        let Some(end) = end else {
            self.start(NodeKind::MessageValue);
            self.bump();
            self.start(NodeKind::Error);
            while !self.eof() {
                self.bump();
            }
            self.finish();
            self.finish();
            return self.fail("Unexpected end of stream while parsing aggregate value.");
        };
        let mark = self.stack.len();
        let open = self.cur_span();
        self.literal_end = end;
        self.in_literal = true;
        let r = self.message_value();
        self.in_literal = false;
        if let Some(message) = self.literal_error.take() {
            // protoc reports text-format errors at the value, naming the option's field.
            self.deferred.push(SyntaxError {
                message: format!(
                    "Error while parsing option value for \"{}\": {message}",
                    self.option_field
                ),
                span: open,
            });
        }
        if r.is_err() {
            self.close_to(mark + 1);
            if self.stack.len() == mark {
                // Not even the opening brace could be read (cannot happen: we are at `{`).
                self.start(NodeKind::MessageValue);
            }
            if self.pos < end {
                self.start(NodeKind::Error);
                while self.pos < end {
                    self.bump();
                }
                self.finish();
            }
            self.bump(); // the matching `}`
            self.finish();
        }
        Ok(())
    }

    /// `{` fields `}` or `<` fields `>`.
    fn message_value(&mut self) -> PResult {
        if self.literal_depth >= MAX_LITERAL_DEPTH {
            return self.fail(format!(
                "Message is too deep, the parser exceeded the configured recursion limit of \
                 {MAX_LITERAL_DEPTH}."
            ));
        }
        self.start(NodeKind::MessageValue);
        let close = if self.at("<") { ">" } else { "}" };
        self.bump();
        self.literal_depth += 1;
        let r = (|| {
            while !self.try_eat(close) {
                if self.eof() {
                    return self.fail("Unexpected end of stream while parsing aggregate value.");
                }
                if self.literal_depth == 1 && self.at("#") {
                    // protoc hands the literal to its text-format parser as one line, where
                    // `#` starts a comment: the rest of the literal is ignored.
                    while self.pos < self.literal_end {
                        self.bump();
                    }
                    continue;
                }
                self.message_field()?;
            }
            Ok(())
        })();
        self.literal_depth -= 1;
        r?;
        self.finish();
        Ok(())
    }

    fn found(&self) -> String {
        if self.eof() {
            String::new()
        } else {
            self.cur_text().to_string()
        }
    }

    fn message_field(&mut self) -> PResult {
        self.start(NodeKind::MessageField);
        self.start(NodeKind::FieldName);
        if self.at("[") {
            self.bump();
            self.start(NodeKind::TypeName);
            self.literal_ident()?;
            while self.try_eat(".") {
                self.literal_ident()?;
            }
            self.finish();
            if self.try_eat("/") {
                self.start(NodeKind::TypeName);
                self.literal_ident()?;
                while self.try_eat(".") {
                    self.literal_ident()?;
                }
                self.finish();
            }
            if !self.try_eat("]") {
                let found = self.found();
                return self.fail(format!("Expected \"]\", found \"{found}\"."));
            }
        } else {
            self.literal_ident()?;
        }
        self.finish();
        let colon = self.try_eat(":");
        if self.at("{") || self.at("<") {
            self.message_value()?;
        } else if self.at("[") {
            self.list_value()?;
        } else if !colon {
            let found = self.found();
            return self.fail(format!("Expected \":\", found \"{found}\"."));
        } else {
            self.scalar_value()?;
        }
        if self.at(",") || self.at(";") {
            self.bump();
        }
        self.finish();
        Ok(())
    }

    fn literal_ident(&mut self) -> PResult {
        if self.at_kind(TokenKind::Ident) {
            self.bump();
            Ok(())
        } else {
            let found = self.found();
            self.fail(format!("Expected identifier, got: {found}"))
        }
    }

    fn scalar_value(&mut self) -> PResult {
        self.start(NodeKind::ScalarValue);
        if self.at_kind(TokenKind::String) {
            self.eat_strings("")?;
        } else {
            self.try_eat("-");
            match self.cur_kind() {
                Some(TokenKind::Ident | TokenKind::Int | TokenKind::Float) => self.bump(),
                _ => {
                    let found = self.found();
                    return self.fail(format!("Expected value, got: {found}"));
                }
            }
        }
        self.finish();
        Ok(())
    }

    fn list_value(&mut self) -> PResult {
        self.start(NodeKind::ListValue);
        self.bump(); // [
        if !self.try_eat("]") {
            loop {
                if self.at("{") || self.at("<") {
                    self.message_value()?;
                } else {
                    self.scalar_value()?;
                }
                if self.try_eat("]") {
                    break;
                }
                if !self.try_eat(",") {
                    let found = self.found();
                    return self.fail(format!("Expected \",\", found \"{found}\"."));
                }
            }
        }
        self.finish();
        Ok(())
    }
}
