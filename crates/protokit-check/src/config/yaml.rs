//! A YAML node tree with positions, decoded the way buf's YAML library (go-yaml v3) decodes
//! into Go structs: unknown fields and type mismatches are collected as `line N: ...` errors,
//! `null` decodes to the zero value, any scalar decodes into a string, and booleans also
//! accept YAML 1.1's `yes`/`no`/`on`/`off`.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// One YAML node and where it starts (1-based line and column).
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    Scalar {
        value: String,
        /// Plain (unquoted) scalars are resolved to null/bool/int/float; quoted ones are strings.
        plain: bool,
        tag: Option<String>,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// A decode error: position and go-yaml's text (without the `line N: ` prefix).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

#[derive(Default)]
struct Builder {
    stack: Vec<(Node, Option<Node>, usize)>,
    anchors: BTreeMap<usize, Node>,
    root: Option<Node>,
    docs: usize,
}

fn pos(mark: Marker) -> (u32, u32) {
    let line = u32::try_from(mark.line()).unwrap_or(u32::MAX);
    let col = u32::try_from(mark.col()).unwrap_or(u32::MAX);
    (line, col.saturating_add(1))
}

impl Builder {
    fn push_value(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() && self.docs == 1 {
                    self.root = Some(node);
                }
            }
            Some((parent, pending_key, _)) => match &mut parent.kind {
                Kind::Seq(items) => items.push(node),
                Kind::Map(entries) => match pending_key.take() {
                    None => *pending_key = Some(node),
                    Some(key) => entries.push((key, node)),
                },
                Kind::Scalar { .. } => {}
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let (line, column) = pos(mark);
        match ev {
            Event::DocumentStart => self.docs += 1,
            Event::Scalar(value, style, anchor, tag) => {
                let node = Node {
                    kind: Kind::Scalar {
                        value,
                        plain: style == TScalarStyle::Plain,
                        tag: tag.map(|t| format!("{}{}", t.handle, t.suffix)),
                    },
                    line,
                    column,
                };
                self.push_value(node, anchor);
            }
            Event::Alias(id) => {
                let node = self.anchors.get(&id).cloned().unwrap_or(Node {
                    kind: Kind::Scalar {
                        value: String::new(),
                        plain: true,
                        tag: None,
                    },
                    line,
                    column,
                });
                self.push_value(node, 0);
            }
            Event::SequenceStart(anchor, _) => self.stack.push((
                Node {
                    kind: Kind::Seq(Vec::new()),
                    line,
                    column,
                },
                None,
                anchor,
            )),
            Event::MappingStart(anchor, _) => self.stack.push((
                Node {
                    kind: Kind::Map(Vec::new()),
                    line,
                    column,
                },
                None,
                anchor,
            )),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((mut node, _, anchor)) = self.stack.pop() {
                    // A block collection starts at its first entry (go-yaml's node position),
                    // which can be before the parser's start mark.
                    let first = match &node.kind {
                        Kind::Map(entries) => entries.first().map(|(k, _)| (k.line, k.column)),
                        Kind::Seq(items) => items.first().map(|i| (i.line, i.column)),
                        Kind::Scalar { .. } => None,
                    };
                    if let Some(first) = first.filter(|f| *f < (node.line, node.column)) {
                        (node.line, node.column) = first;
                    }
                    self.push_value(node, anchor);
                }
            }
            _ => {}
        }
    }
}

/// Parses the first document of `text`; `Ok(None)` for an empty document.
pub(crate) fn parse(text: &str) -> Result<Option<Node>, YamlError> {
    let mut builder = Builder::default();
    // go-yaml skips a UTF-8 byte order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, true) {
        let (line, column) = pos(*e.marker());
        return Err(YamlError {
            line,
            column,
            message: libyaml_problem(e.info()),
        });
    }
    Ok(builder.root.map(expand_merges))
}

/// The scanner's or parser's complaint as go-yaml (libyaml) words it: the problem without its
/// context (`did not find expected key`, not `while parsing a block mapping, ...`).
fn libyaml_problem(info: &str) -> String {
    let problem = match info.strip_prefix("while ") {
        Some(rest) => rest.split_once(", ").map_or(info, |(_, p)| p),
        None => info,
    };
    if problem.starts_with("expected ',' or") {
        format!("did not find {problem}")
    } else if problem.starts_with("tabs disallowed") || problem.starts_with("unexpected character")
    {
        "found character that cannot start any token".to_string()
    } else {
        problem.to_string()
    }
}

/// Splices `<<: {...}` / `<<: [{...}, ...]` merge keys into their mapping, as go-yaml does
/// (explicit keys win over merged ones).
fn expand_merges(node: Node) -> Node {
    let Node { kind, line, column } = node;
    let kind = match kind {
        Kind::Seq(items) => Kind::Seq(items.into_iter().map(expand_merges).collect()),
        Kind::Map(entries) => {
            let mut own = Vec::new();
            let mut merged = Vec::new();
            for (k, v) in entries {
                let v = expand_merges(v);
                if k.is_plain_scalar("<<") {
                    let sources = match v.kind {
                        Kind::Seq(items) => items,
                        other => vec![Node {
                            kind: other,
                            line: v.line,
                            column: v.column,
                        }],
                    };
                    for s in sources {
                        if let Kind::Map(es) = s.kind {
                            merged.extend(es);
                        }
                    }
                } else {
                    own.push((k, v));
                }
            }
            for (k, v) in merged {
                if !own.iter().any(|(o, _)| o.scalar() == k.scalar()) {
                    own.push((k, v));
                }
            }
            Kind::Map(own)
        }
        s => s,
    };
    Node { kind, line, column }
}

impl Node {
    fn is_plain_scalar(&self, s: &str) -> bool {
        matches!(&self.kind, Kind::Scalar { value, plain: true, tag: None } if value == s)
    }

    /// The scalar's text, `None` for collections.
    pub fn scalar(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// go-yaml's resolved tag: `!!null`, `!!bool`, `!!int`, `!!float`, `!!str`, `!!seq`,
    /// `!!map`.
    pub fn tag(&self) -> &'static str {
        match &self.kind {
            Kind::Seq(_) => "!!seq",
            Kind::Map(_) => "!!map",
            Kind::Scalar { value, plain, tag } => {
                if let Some(t) = tag {
                    return match t.as_str() {
                        "!!null" | "tag:yaml.org,2002:null" => "!!null",
                        "!!bool" | "tag:yaml.org,2002:bool" => "!!bool",
                        "!!int" | "tag:yaml.org,2002:int" => "!!int",
                        "!!float" | "tag:yaml.org,2002:float" => "!!float",
                        _ => "!!str",
                    };
                }
                if !plain {
                    return "!!str";
                }
                resolve_plain(value)
            }
        }
    }

    pub fn is_null(&self) -> bool {
        self.tag() == "!!null"
    }

    fn type_error(&self, into: &str) -> YamlError {
        let value = match &self.kind {
            Kind::Scalar { value, .. } => {
                if value.len() > 10 {
                    let cut = (0..=7)
                        .rev()
                        .find(|&i| value.is_char_boundary(i))
                        .unwrap_or(0);
                    format!(" `{}...`", &value[..cut])
                } else {
                    format!(" `{value}`")
                }
            }
            _ => String::new(),
        };
        YamlError {
            line: self.line,
            column: self.column,
            message: format!("cannot unmarshal {}{value} into {into}", self.tag()),
        }
    }
}

fn resolve_plain(value: &str) -> &'static str {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return "!!null",
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return "!!bool",
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" | "-.inf" | "-.Inf" | "-.INF"
        | ".nan" | ".NaN" | ".NAN" => return "!!float",
        _ => {}
    }
    let digits = value.strip_prefix(['+', '-']).unwrap_or(value);
    let plain = digits.replace('_', "");
    let is_int = if let Some(h) = plain.strip_prefix("0x") {
        !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit())
    } else if let Some(o) = plain.strip_prefix("0o") {
        !o.is_empty() && o.chars().all(|c| ('0'..='7').contains(&c))
    } else if let Some(b) = plain.strip_prefix("0b") {
        !b.is_empty() && b.chars().all(|c| c == '0' || c == '1')
    } else {
        !plain.is_empty() && plain.chars().all(|c| c.is_ascii_digit())
    };
    if is_int {
        return "!!int";
    }
    let is_float = {
        let (mantissa, exp) = match plain.find(['e', 'E']) {
            Some(i) => (&plain[..i], Some(&plain[i + 1..])),
            None => (plain.as_str(), None),
        };
        let mantissa_ok = mantissa.chars().filter(|&c| c == '.').count() <= 1
            && mantissa.chars().any(|c| c.is_ascii_digit())
            && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.');
        let exp_ok = exp.is_none_or(|e| {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
        });
        mantissa_ok && exp_ok && (mantissa.contains('.') || exp.is_some())
    };
    if is_float {
        "!!float"
    } else {
        "!!str"
    }
}

/// A string with the 1-based line and column it was written at.
pub(crate) type Located = (String, u32, u32);

/// Where each key and value starts → its dotted key path (`lint.use[1]`,
/// `modules[0].excludes`), for naming the key in errors. Outer paths win where a block
/// collection starts at its first key.
pub(crate) fn key_paths(root: &Node) -> BTreeMap<(u32, u32), String> {
    fn walk(node: &Node, path: &str, out: &mut BTreeMap<(u32, u32), String>) {
        match &node.kind {
            Kind::Map(entries) => {
                for (k, v) in entries {
                    let name = k.scalar().unwrap_or("?");
                    let p = if path.is_empty() {
                        name.to_string()
                    } else {
                        format!("{path}.{name}")
                    };
                    out.entry((v.line, v.column)).or_insert_with(|| p.clone());
                    out.entry((k.line, k.column)).or_insert_with(|| p.clone());
                    walk(v, &p, out);
                }
            }
            Kind::Seq(items) => {
                for (i, item) in items.iter().enumerate() {
                    let p = format!("{path}[{i}]");
                    out.entry((item.line, item.column))
                        .or_insert_with(|| p.clone());
                    walk(item, &p, out);
                }
            }
            Kind::Scalar { .. } => {}
        }
    }
    let mut out = BTreeMap::new();
    walk(root, "", &mut out);
    out
}

/// Decodes nodes into typed values, collecting go-yaml's errors in document order.
#[derive(Default)]
pub(crate) struct Decoder {
    pub errors: Vec<YamlError>,
}

impl Decoder {
    /// A string field: any scalar (null gives `""`).
    pub fn string(&mut self, node: &Node) -> String {
        match &node.kind {
            Kind::Scalar { value, .. } if !node.is_null() => value.clone(),
            Kind::Scalar { .. } => String::new(),
            _ => {
                self.errors.push(node.type_error("string"));
                String::new()
            }
        }
    }

    /// A bool field: `true`/`false` in any case go-yaml knows, and YAML 1.1's
    /// `y`/`yes`/`on`/`n`/`no`/`off` forms.
    pub fn bool(&mut self, node: &Node) -> bool {
        if node.is_null() {
            return false;
        }
        if let Kind::Scalar {
            value, plain: true, ..
        } = &node.kind
        {
            match value.as_str() {
                "true" | "True" | "TRUE" | "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On"
                | "ON" => return true,
                "false" | "False" | "FALSE" | "n" | "N" | "no" | "No" | "NO" | "off" | "Off"
                | "OFF" => return false,
                _ => {}
            }
        }
        self.errors.push(node.type_error("bool"));
        false
    }

    /// A `[]string` field; the positions of the items are kept for later errors.
    pub fn strings(&mut self, node: &Node) -> Vec<Located> {
        match &node.kind {
            Kind::Seq(items) => items
                .iter()
                .map(|item| (self.string(item), item.line, item.column))
                .collect(),
            _ if node.is_null() => Vec::new(),
            _ => {
                self.errors.push(node.type_error("[]string"));
                Vec::new()
            }
        }
    }

    /// A `map[string][]string` field (`ignore_only`), in document order.
    pub fn string_lists(&mut self, node: &Node) -> Vec<(Located, Vec<Located>)> {
        match &node.kind {
            Kind::Map(entries) => entries
                .iter()
                .map(|(k, v)| {
                    let key = self.string(k);
                    ((key, k.line, k.column), self.strings(v))
                })
                .collect(),
            _ if node.is_null() => Vec::new(),
            _ => {
                self.errors.push(node.type_error("map[string][]string"));
                Vec::new()
            }
        }
    }

    /// A list of structs (each item handed to `f`).
    pub fn list<'n>(&mut self, node: &'n Node, into: &str) -> Vec<&'n Node> {
        match &node.kind {
            Kind::Seq(items) => items.iter().collect(),
            _ if node.is_null() => Vec::new(),
            _ => {
                self.errors.push(node.type_error(into));
                Vec::new()
            }
        }
    }

    /// A struct: its entries, checked against `known` field names (go-yaml's strict mode:
    /// `field NAME not found`, and `mapping key "NAME" already defined at line N`). `into` is
    /// the Go type name go-yaml prints for a type mismatch. Null gives no entries.
    pub fn fields<'n>(&mut self, node: &'n Node, known: &[&str], into: &str) -> Fields<'n> {
        let mut out = Fields::default();
        match &node.kind {
            Kind::Map(entries) => {
                let mut seen: Vec<(&str, u32)> = Vec::new();
                for (k, v) in entries {
                    let name = k.scalar().unwrap_or("");
                    if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
                        self.errors.push(YamlError {
                            line: k.line,
                            column: k.column,
                            message: format!(
                                "mapping key \"{name}\" already defined at line {first}"
                            ),
                        });
                        continue;
                    }
                    seen.push((name, k.line));
                    if known.contains(&name) {
                        out.entries.push((name, k, v));
                    } else {
                        self.errors.push(YamlError {
                            line: k.line,
                            column: k.column,
                            message: format!("field {name} not found"),
                        });
                    }
                }
            }
            _ if node.is_null() => {}
            _ => self.errors.push(node.type_error(into)),
        }
        out
    }
}

/// The known fields of one mapping, in document order.
#[derive(Default)]
pub(crate) struct Fields<'n> {
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    /// The value of field `name`, if present.
    pub fn get(&self, name: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, _, v)| *v)
    }

    /// The key node of field `name`, if present.
    pub fn key(&self, name: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(n, _, _)| *n == name)
            .map(|(_, k, _)| *k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let root = parse("version: v1\nlint:\n  use: [A]\n").unwrap().unwrap();
        let Kind::Map(entries) = &root.kind else {
            panic!()
        };
        assert_eq!((entries[0].0.line, entries[0].0.column), (1, 1));
        assert_eq!((entries[1].1.line, entries[1].1.column), (3, 3));
    }

    #[test]
    fn resolves_like_go_yaml() {
        for (s, t) in [
            ("", "!!null"),
            ("~", "!!null"),
            ("TRUE", "!!bool"),
            ("yes", "!!str"),
            ("12", "!!int"),
            ("-0x1F", "!!int"),
            ("1.5", "!!float"),
            ("1e3", "!!float"),
            (".nan", "!!float"),
            ("v1", "!!str"),
            ("1.2.3", "!!str"),
        ] {
            assert_eq!(resolve_plain(s), t, "{s}");
        }
    }

    #[test]
    fn truncates_long_values_in_type_errors() {
        let root = parse("a: abcdefghijklmnop\n").unwrap().unwrap();
        let Kind::Map(entries) = &root.kind else {
            panic!()
        };
        let mut d = Decoder::default();
        d.bool(&entries[0].1);
        assert_eq!(
            d.errors[0].message,
            "cannot unmarshal !!str `abcdefg...` into bool"
        );
    }

    #[test]
    fn merge_keys_and_aliases() {
        let root = parse("a: &x {b: 1}\nc:\n  <<: *x\n  d: 2\n")
            .unwrap()
            .unwrap();
        let Kind::Map(entries) = &root.kind else {
            panic!()
        };
        let Kind::Map(c) = &entries[1].1.kind else {
            panic!()
        };
        let keys: Vec<_> = c.iter().map(|(k, _)| k.scalar().unwrap()).collect();
        assert_eq!(keys, ["d", "b"]);
    }

    #[test]
    fn syntax_errors_in_go_yaml_words() {
        // The texts buf 1.75.0 prints after `decode buf.yaml: yaml: line N: ` for these inputs.
        for (text, want) in [
            ("a:\n  b: [x\n", "did not find expected ',' or ']'"),
            ("a: {b: c\n", "did not find expected ',' or '}'"),
            ("a:\n  b: [x]\n   c: []\n", "did not find expected key"),
            (
                "a:\n  b: c\n   d: e\n",
                "mapping values are not allowed in this context",
            ),
            ("- a\nb: c\n", "did not find expected '-' indicator"),
            ("a: \"b\n", "found unexpected end of stream"),
            (
                "a:\n\tb: c\n",
                "found character that cannot start any token",
            ),
            ("a: b\n@x\n", "found character that cannot start any token"),
            (
                "a: b: c\n",
                "mapping values are not allowed in this context",
            ),
        ] {
            assert_eq!(parse(text).unwrap_err().message, want, "{text:?}");
        }
    }

    #[test]
    fn only_first_document() {
        let root = parse("---\na: 1\n---\nb: 2\n").unwrap().unwrap();
        let Kind::Map(entries) = &root.kind else {
            panic!()
        };
        assert_eq!(entries.len(), 1);
        assert!(parse("").unwrap().is_none());
        assert!(parse("\u{feff}a: 1\n").unwrap().unwrap().scalar().is_none());
        assert!(parse("# comment only\n").unwrap().is_none());
    }
}
