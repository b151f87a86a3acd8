//! Lossless syntax trees for `.proto` files (proto2, proto3 and editions).
//!
//! [`parse`] turns one file's text into a [`SyntaxTree`]: a tree of [`Node`]s whose leaves are
//! [`Token`]s. *Every* byte of the input belongs to exactly one token — whitespace, newlines and
//! comments included (they are "trivia" tokens) — so [`SyntaxTree::print`] gives back the input
//! byte for byte. The parser never stops at the first error: it recovers at statement
//! boundaries and reports every [`SyntaxError`] of the file, each with a byte [`Span`].
//!
//! The crate is pure: text in, tree and errors out; no IO, no imports, no name resolution.
//!
//! # Errors
//!
//! The accepted language and the error messages are protoc 35.1's: every error protoc's
//! tokenizer and parser report is reported here with the same text, at the token protoc
//! points at (its start is protoc's `line:col`), in protoc's order — so the first error is the
//! one protoc prints. The parser-level checks that depend on the syntax (labels required in
//! proto2, `group` in editions, reserved names as strings or identifiers, `export`/`local` and
//! `import option` from edition 2024, known editions, `default`/`json_name` values by field
//! type, integer ranges) are included; checks protoc makes after parsing (name resolution,
//! "Groups are not supported in proto3 syntax.", enum alias rules, option interpretation…)
//! are the compiler's. Message literals in option values are parsed structurally; a malformed
//! one gets one error, worded like protoc's option interpreter (`Error while parsing option
//! value for "x": …`) and listed after all parser errors, as protoc reports it after parsing.
//!
//! [`unescape_string`], [`parse_int`] and [`parse_float`] decode literal tokens as protoc
//! does; [`SyntaxTree::string_value`] joins adjacent string literals.
//!
//! # Tree shape
//!
//! Children of a node are its tokens (trivia included) and sub-nodes, in source order.
//! Trivia between two statements belongs to the enclosing node (the file or the body);
//! trivia inside a statement belongs to the statement's node. Keywords are [`TokenKind::Ident`]
//! tokens (protobuf keywords are contextual: `optional message message = 1;` is valid). The shapes
//! below list the significant children only ("`X?`" optional, "`X*`" repeated); nodes that
//! failed to parse may miss children and contain [`NodeKind::Error`] nodes (holding the tokens
//! skipped while recovering); a statement that fails before reading any token is itself an
//! `Error` node. Like protoc, `Oneof` and `Extend` bodies accept no empty statement (`;`), and
//! `OptionValue` accepts no `+` sign.
//!
//! | node | children |
//! |---|---|
//! | `File` | (`Syntax` \| `Edition` \| `Package` \| `Import` \| `Option` \| `Message` \| `Enum` \| `Service` \| `Extend` \| `Empty` \| `Error`)* |
//! | `Syntax` | `syntax` `=` String+ `;` |
//! | `Edition` | `edition` `=` String+ `;` |
//! | `Package` | `package` `FullIdent` `;` |
//! | `Import` | `import` (`public` \| `weak` \| `option`)? String+ `;` |
//! | `Option` | `option` `OptionName` `=` `OptionValue` `;` |
//! | `Message` | (`export` \| `local`)? `message` Ident `Body` |
//! | `Body` | `{` (`Field` \| `MapField` \| `Group` \| `Oneof` \| `Option` \| `Message` \| `Enum` \| `Extend` \| `Extensions` \| `Reserved` \| `Empty` \| `Error`)* `}` |
//! | `Field` | (`optional` \| `required` \| `repeated`)? `TypeName` Ident `=` Int `CompactOptions`? `;` |
//! | `MapField` | `map` `<` `TypeName` `,` `TypeName` `>` Ident `=` Int `CompactOptions`? `;` |
//! | `Group` | (`optional` \| `required` \| `repeated`)? `group` Ident `=` Int `CompactOptions`? `Body` |
//! | `Oneof` | `oneof` Ident `{` (`Option` \| `Field` \| `Group` \| `Empty` \| `Error`)* `}` |
//! | `Extensions` | `extensions` `Range` (`,` `Range`)* `CompactOptions`? `;` |
//! | `Reserved` | `reserved` (`Range` (`,` `Range`)* \| String+ (`,` String+)* \| Ident (`,` Ident)*) `;` (adjacent strings concatenate) |
//! | `Range` | `-`? Int (`to` (`-`? Int \| `max`))? |
//! | `Enum` | (`export` \| `local`)? `enum` Ident `{` (`EnumValue` \| `Option` \| `Reserved` \| `Empty` \| `Error`)* `}` |
//! | `EnumValue` | Ident `=` `-`? Int `CompactOptions`? `;` |
//! | `Service` | `service` Ident `{` (`Rpc` \| `Option` \| `Empty` \| `Error`)* `}` |
//! | `Rpc` | `rpc` Ident `(` `stream`? `TypeName` `)` `returns` `(` `stream`? `TypeName` `)` (`;` \| `{` (`Option` \| `Empty` \| `Error`)* `}`) |
//! | `Extend` | `extend` `TypeName` `{` (`Field` \| `Group` \| `Empty` \| `Error`)* `}` |
//! | `Empty` | `;` |
//! | `FullIdent` | Ident (`.` Ident)* |
//! | `TypeName` | `.`? Ident (`.` Ident)* |
//! | `CompactOptions` | `[` `CompactOption` (`,` `CompactOption`)* `]` |
//! | `CompactOption` | `OptionName` `=` `OptionValue` |
//! | `OptionName` | `OptionNamePart` (`.` `OptionNamePart`)* |
//! | `OptionNamePart` | Ident \| `(` `TypeName` `)` |
//! | `OptionValue` | `-`? (Ident \| Int \| Float) \| String+ \| `MessageValue` |
//! | `MessageValue` | `{` `MessageField`* `}` (text-format message literal; also `<` … `>` when nested; in the outermost one, `#` and every token after it are ignored, as protoc's text-format parser reads them as a comment) |
//! | `MessageField` | `FieldName` `:`? (`ScalarValue` \| `ListValue` \| `MessageValue`) (`,` \| `;`)? |
//! | `FieldName` | Ident \| `[` `TypeName` (`/` `TypeName`)? `]` (extension name or `type.googleapis.com/full.Name` Any URL) |
//! | `ScalarValue` | `-`? (Ident \| Int \| Float) \| String+ |
//! | `ListValue` | `[` ((`ScalarValue` \| `MessageValue`) (`,` (`ScalarValue` \| `MessageValue`))*)? `]` |
//! | `Error` | tokens skipped while recovering from a syntax error |

#![warn(missing_docs)]

mod lexer;
mod parser;
mod tree;

pub use lexer::{lex, parse_float, parse_int, unescape_string, unescape_string_into, LexError};
pub use parser::parse;
pub use tree::{Child, Node, NodeKind, Span, SyntaxError, SyntaxTree, Token, TokenKind};
