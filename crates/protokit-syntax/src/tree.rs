//! The lossless tree: nodes, tokens, spans and syntax errors.

pub use protokit_diagnostics::Span;

/// What kind of token a [`Token`] is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TokenKind {
    /// A run of spaces, tabs, form feeds, vertical tabs and lone `\r`s (no newline); also a
    /// UTF-8 byte order mark at the very start of the file, which protoc ignores.
    Whitespace,
    /// One line break: `\n` or `\r\n` (a lone `\r` is whitespace, as in protoc).
    Newline,
    /// `// …` up to, not including, the line break.
    LineComment,
    /// `/* … */` (may span lines; unterminated ones run to end of file and are an error).
    BlockComment,
    /// An identifier or keyword: `[A-Za-z_][A-Za-z0-9_]*`.
    Ident,
    /// An integer literal: decimal, `0x` hex or `0` octal (no sign).
    Int,
    /// A floating-point literal such as `1.5`, `.5`, `5.`, `1e10`, `1.5E-3` (no sign; `inf`
    /// and `nan` are identifiers).
    Float,
    /// One quoted string literal, quotes and escapes included (`"…"` or `'…'`).
    String,
    /// One punctuation character: `; , . = ( ) { } [ ] < > : - + /` and any other ASCII symbol.
    Symbol,
    /// Bytes that start no valid token: one non-ASCII character, or a run of control
    /// characters. Always accompanied by a [`SyntaxError`]. Like protoc, the parser treats a
    /// non-ASCII character as a symbol that fits nowhere, and skips control characters as if
    /// they were whitespace (they then sit in the tree where trivia would).
    Unknown,
}

impl TokenKind {
    /// Whitespace, newlines and comments: tokens with no meaning to the grammar.
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            TokenKind::Whitespace
                | TokenKind::Newline
                | TokenKind::LineComment
                | TokenKind::BlockComment
        )
    }
}

/// One token: its kind and the bytes it covers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

/// What construct a [`Node`] is. See the crate documentation for each node's shape.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
#[allow(missing_docs)]
pub enum NodeKind {
    File,
    Syntax,
    Edition,
    Package,
    Import,
    Option,
    Message,
    Body,
    Field,
    MapField,
    Group,
    Oneof,
    Extensions,
    Reserved,
    Range,
    Enum,
    EnumValue,
    Service,
    Rpc,
    Extend,
    Empty,
    FullIdent,
    TypeName,
    CompactOptions,
    CompactOption,
    OptionName,
    OptionNamePart,
    OptionValue,
    MessageValue,
    MessageField,
    FieldName,
    ScalarValue,
    ListValue,
    Error,
}

/// A child of a [`Node`]: a token or a sub-node.
#[derive(Clone, PartialEq, Debug)]
pub enum Child {
    /// A token, trivia included.
    Token(Token),
    /// A sub-node.
    Node(Node),
}

/// An interior node of the tree.
#[derive(Clone, PartialEq, Debug)]
pub struct Node {
    /// What construct it is.
    pub kind: NodeKind,
    /// The bytes its children cover (empty at the node's position if it has none).
    pub span: Span,
    /// Tokens and sub-nodes in source order.
    pub children: Vec<Child>,
}

impl Node {
    /// Direct sub-nodes, in order.
    pub fn nodes(&self) -> impl Iterator<Item = &Node> + '_ {
        self.children.iter().filter_map(|c| match c {
            Child::Node(n) => Some(n),
            Child::Token(_) => None,
        })
    }

    /// Direct sub-nodes of one kind, in order.
    pub fn nodes_of(&self, kind: NodeKind) -> impl Iterator<Item = &Node> + '_ {
        self.nodes().filter(move |n| n.kind == kind)
    }

    /// The first direct sub-node of one kind.
    pub fn node(&self, kind: NodeKind) -> Option<&Node> {
        self.nodes_of(kind).next()
    }

    /// Direct child tokens that are not trivia, in order.
    pub fn tokens(&self) -> impl Iterator<Item = Token> + '_ {
        self.children.iter().filter_map(|c| match c {
            Child::Token(t) if !t.kind.is_trivia() => Some(*t),
            _ => None,
        })
    }

    /// Every token under this node, trivia included, in source order.
    pub fn descendant_tokens(&self) -> Vec<Token> {
        let mut out = Vec::new();
        self.collect_tokens(&mut out);
        out
    }

    fn collect_tokens(&self, out: &mut Vec<Token>) {
        for c in &self.children {
            match c {
                Child::Token(t) => out.push(*t),
                Child::Node(n) => n.collect_tokens(out),
            }
        }
    }

    /// Whether this node is, or contains, an [`NodeKind::Error`] node (a statement that failed
    /// to parse keeps what it read and puts the skipped tokens in an `Error` node).
    pub fn contains_error(&self) -> bool {
        self.kind == NodeKind::Error || self.nodes().any(Node::contains_error)
    }

    /// The first non-trivia token under this node (descending into sub-nodes).
    pub fn first_token(&self) -> Option<Token> {
        for c in &self.children {
            match c {
                Child::Token(t) if !t.kind.is_trivia() => return Some(*t),
                Child::Token(_) => {}
                Child::Node(n) => {
                    if let Some(t) = n.first_token() {
                        return Some(t);
                    }
                }
            }
        }
        None
    }

    /// The last non-trivia token under this node (descending into sub-nodes).
    pub fn last_token(&self) -> Option<Token> {
        for c in self.children.iter().rev() {
            match c {
                Child::Token(t) if !t.kind.is_trivia() => return Some(*t),
                Child::Token(_) => {}
                Child::Node(n) => {
                    if let Some(t) = n.last_token() {
                        return Some(t);
                    }
                }
            }
        }
        None
    }

    /// The span from the first to the last non-trivia token (trivia at the edges excluded).
    pub fn significant_span(&self) -> Span {
        match (self.first_token(), self.last_token()) {
            (Some(a), Some(b)) => a.span.cover(b.span),
            _ => Span::new(self.span.start, self.span.start),
        }
    }
}

/// A syntax error: a message (protoc 35.1's exact wording, capital and full stop included, so
/// users recognise it) and the span it points at.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SyntaxError {
    /// What went wrong and what was expected, e.g. `Expected ";".`
    pub message: String,
    /// Where: the offending token (protoc prints the line and column of its start), an empty
    /// span at the offending character for lexical errors, or an empty span at end of file.
    pub span: Span,
}

/// The result of [`parse`](crate::parse): the file's text, its tree, its flat token list and
/// every syntax error.
#[derive(Clone, Debug)]
pub struct SyntaxTree {
    /// The file's text as given.
    pub text: String,
    /// The root, of kind [`NodeKind::File`], covering the whole text.
    pub root: Node,
    /// Every token of the file in source order, trivia included (the same tokens as the tree's
    /// leaves).
    pub tokens: Vec<Token>,
    /// Every syntax error found (lexical ones included), in the order protoc reports them —
    /// source order, except that a lexical error comes before the parser's errors about the
    /// token it is in. Empty for a valid file.
    pub errors: Vec<SyntaxError>,
}

impl SyntaxTree {
    /// The text a span covers.
    pub fn text_of(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// Prints the tree back by concatenating its leaves; always equal to the input text.
    pub fn print(&self) -> String {
        let mut out = String::with_capacity(self.text.len());
        for t in self.root.descendant_tokens() {
            out.push_str(self.text_of(t.span));
        }
        out
    }

    /// The bytes denoted by the string literals directly inside `node`, decoded and
    /// concatenated (adjacent literals join, as in `"proto" "3"`): the value of a `Syntax`,
    /// `Edition` or `Import` statement, of a string `OptionValue` or `ScalarValue`.
    pub fn string_value(&self, node: &Node) -> Vec<u8> {
        let mut out = Vec::new();
        for t in node.tokens().filter(|t| t.kind == TokenKind::String) {
            crate::lexer::unescape_string_into(self.text_of(t.span), &mut out);
        }
        out
    }

    /// The name a declaration introduces: for `Field`, `MapField`, `Group` and `EnumValue` the
    /// identifier before `=`; for `Message`, `Enum`, `Service`, `Oneof` and `Rpc` the identifier
    /// after the keyword. `None` for other kinds or when the statement failed before its name.
    ///
    /// Prefer this to "the first identifier": `int32 optional = 1;` is a field *named*
    /// `optional`, and `export message M` starts with `export`.
    pub fn decl_name(&self, node: &Node) -> Option<Token> {
        match node.kind {
            NodeKind::Field | NodeKind::MapField | NodeKind::Group | NodeKind::EnumValue => {
                let mut name = None;
                for c in &node.children {
                    match c {
                        Child::Token(t) if t.kind == TokenKind::Ident => name = Some(*t),
                        Child::Token(t) if self.text_of(t.span) == "=" => return name,
                        Child::Node(n) if n.kind == NodeKind::Error => return None,
                        _ => {}
                    }
                }
                None
            }
            NodeKind::Message
            | NodeKind::Enum
            | NodeKind::Service
            | NodeKind::Oneof
            | NodeKind::Rpc => {
                let keyword = match node.kind {
                    NodeKind::Message => "message",
                    NodeKind::Enum => "enum",
                    NodeKind::Service => "service",
                    NodeKind::Oneof => "oneof",
                    _ => "rpc",
                };
                let mut tokens = node.tokens();
                tokens.find(|t| self.text_of(t.span) == keyword)?;
                tokens.next().filter(|t| t.kind == TokenKind::Ident)
            }
            _ => None,
        }
    }

    /// The label (`optional`, `required` or `repeated`) written before a `Field`, `MapField`
    /// or `Group`'s type, if any. A field *named* `optional` has no label.
    pub fn field_label(&self, node: &Node) -> Option<Token> {
        if !matches!(
            node.kind,
            NodeKind::Field | NodeKind::MapField | NodeKind::Group
        ) {
            return None;
        }
        let mut significant = node.children.iter().filter(|c| match c {
            Child::Token(t) => !t.kind.is_trivia(),
            Child::Node(_) => true,
        });
        let Some(Child::Token(first)) = significant.next() else {
            return None;
        };
        if !matches!(
            self.text_of(first.span),
            "optional" | "required" | "repeated"
        ) {
            return None;
        }
        // Something must follow as the type: a TypeName node, or `group`/`map`.
        match significant.next()? {
            Child::Node(n) if n.kind == NodeKind::TypeName => Some(*first),
            Child::Token(t) if matches!(self.text_of(t.span), "group" | "map") => Some(*first),
            _ => None,
        }
    }

    /// The number a `Field`, `MapField`, `Group` or `EnumValue` declares (sign included for
    /// enum values); `None` if it is missing or does not fit an `i64`.
    pub fn decl_number(&self, node: &Node) -> Option<i64> {
        if !matches!(
            node.kind,
            NodeKind::Field | NodeKind::MapField | NodeKind::Group | NodeKind::EnumValue
        ) {
            return None;
        }
        let mut tokens = node.tokens();
        tokens.find(|t| self.text_of(t.span) == "=")?;
        let mut t = tokens.next()?;
        let negative = self.text_of(t.span) == "-";
        if negative {
            t = tokens.next()?;
        }
        if t.kind != TokenKind::Int {
            return None;
        }
        let v = crate::lexer::parse_int(self.text_of(t.span))?;
        if negative {
            0i64.checked_sub_unsigned(v)
        } else {
            i64::try_from(v).ok()
        }
    }

    /// The text of a token.
    pub fn token_text(&self, token: Token) -> &str {
        self.text_of(token.span)
    }

    /// The tree as a compact S-expression, for tests and debugging: `(Kind child …)`, with
    /// significant tokens as their text and trivia left out, e.g.
    /// `(File (Syntax syntax = "proto3" ;))`.
    pub fn to_sexpr(&self) -> String {
        let mut out = String::new();
        self.node_sexpr(&self.root, &mut out);
        out
    }

    fn node_sexpr(&self, node: &Node, out: &mut String) {
        out.push('(');
        out.push_str(&format!("{:?}", node.kind));
        for c in &node.children {
            match c {
                Child::Token(t) if t.kind.is_trivia() => {}
                Child::Token(t) => {
                    out.push(' ');
                    out.push_str(self.text_of(t.span));
                }
                Child::Node(n) => {
                    out.push(' ');
                    self.node_sexpr(n, out);
                }
            }
        }
        out.push(')');
    }

    /// The index in [`SyntaxTree::tokens`] of the token starting at `offset`, if any.
    pub fn token_index_at(&self, offset: u32) -> Option<usize> {
        self.tokens
            .binary_search_by_key(&offset, |t| t.span.start)
            .ok()
    }
}
