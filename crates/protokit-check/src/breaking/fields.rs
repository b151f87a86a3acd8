//! Field pairs for the field rules, and how buf words and positions their findings.
//!
//! Fields of messages are paired by the message's full name and the field number (map entry
//! messages included: a map's key or value type change is reported on the entry's field).
//! Extensions are paired by extendee and number across the whole image, wherever they are
//! declared, as buf does (so a moved or renamed extension is still compared).

use std::collections::HashMap;
use std::sync::OnceLock;

use protokit_compiler::descriptor::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto};
use protokit_diagnostics::Position;

use crate::breaking::features::{self, Features};
use crate::breaking::{same_element, Cx, Index, Item};
use crate::image::ImageFile;
use crate::lint::elements::{child, tag};

/// `FieldDescriptorProto.Type` numbers.
pub(crate) mod ty {
    pub(crate) const GROUP: i32 = 10;
    pub(crate) const MESSAGE: i32 = 11;
    pub(crate) const BYTES: i32 = 12;
    pub(crate) const STRING: i32 = 9;
    pub(crate) const ENUM: i32 = 14;
}

const LABEL_REQUIRED: i32 = 2;
const LABEL_REPEATED: i32 = 3;

/// One side of a field pair.
pub(crate) struct Side<'a> {
    /// The index of this side's image.
    pub ix: &'a Index<'a>,
    /// The file the field is declared in.
    pub file: &'a ImageFile,
    /// The field.
    pub desc: &'a FieldDescriptorProto,
    /// Its `SourceCodeInfo` path.
    pub path: Vec<i32>,
    /// The message of a (non-extension) field.
    pub message: Option<&'a Item<'a, DescriptorProto>>,
    /// The extension's full name, for extensions.
    pub extension: Option<&'a str>,
    /// Its resolved features, computed on first use.
    features: OnceLock<Features>,
}

/// A previous field and the current field with the same number in the same message (or
/// extension of the same extendee).
pub(crate) struct Pair<'a> {
    /// The previous field.
    pub prev: Side<'a>,
    /// The current field, where findings are positioned.
    pub cur: Side<'a>,
}

/// The field pairs of one run's two images, built on first use and shared by every field
/// rule (each field's path and resolved features are then computed once, not once per rule).
pub(crate) struct PairCache<'a> {
    prev: &'a Index<'a>,
    cur: &'a Index<'a>,
    /// Message field pairs, then (from `.1` on) extension pairs.
    pairs: OnceLock<(Vec<Pair<'a>>, usize)>,
}

impl<'a> PairCache<'a> {
    /// An empty cache for the run comparing `prev` with `cur`.
    pub(crate) fn new(prev: &'a Index<'a>, cur: &'a Index<'a>) -> Self {
        PairCache {
            prev,
            cur,
            pairs: OnceLock::new(),
        }
    }
}

/// A [`PairCache`] with its lifetime hidden (a cache is invariant in it, the contexts that
/// hand it to rules are not).
pub(crate) trait PairSource: Sync {
    /// Whether the cache is of these two indexes.
    fn is_of(&self, prev: &Index<'_>, cur: &Index<'_>) -> bool;
    /// The pairs, and how many of them (from the first) are message fields.
    fn get(&self) -> (&[Pair<'_>], usize);
}

impl PairSource for PairCache<'_> {
    fn is_of(&self, prev: &Index<'_>, cur: &Index<'_>) -> bool {
        let addr = |ix: &Index<'_>| ix as *const Index<'_> as *const ();
        addr(self.prev) == addr(prev) && addr(self.cur) == addr(cur)
    }

    fn get(&self) -> (&[Pair<'_>], usize) {
        let (pairs, fields) = self.pairs.get_or_init(|| all_pairs(self.prev, self.cur));
        (pairs, *fields)
    }
}

/// Calls `f` with every field pair of `prev` and `cur`; with `extensions` false, only
/// fields of messages. Findings also name the previous field's file, which buf's `ignore`
/// paths match too.
pub(crate) fn for_each_pair<'a>(
    cx: &mut Cx<'_>,
    prev: &'a Index<'a>,
    cur: &'a Index<'a>,
    extensions: bool,
    mut f: impl FnMut(&mut Cx<'_>, &Pair<'_>),
) {
    let cache = cx.pairs;
    let fresh;
    let (pairs, fields) = if cache.is_of(prev, cur) {
        cache.get()
    } else {
        fresh = all_pairs(prev, cur);
        (fresh.0.as_slice(), fresh.1)
    };
    let pairs = if extensions { pairs } else { &pairs[..fields] };
    for p in pairs {
        cx.set_against(Some(p.prev.file));
        f(cx, p);
    }
    cx.set_against(None);
}

/// Every field pair of `prev` and `cur`: fields of matched messages paired by number, then
/// extensions paired by extendee and number; with the number of message field pairs. Pairs
/// of an element with itself (one shared compiled descriptor) are left out: they cannot
/// differ.
fn all_pairs<'a>(prev: &'a Index<'a>, cur: &'a Index<'a>) -> (Vec<Pair<'a>>, usize) {
    let mut out = Vec::new();
    for (name, pm) in &prev.messages {
        let Some(cm) = cur.messages.get(name) else {
            continue;
        };
        if same_element(pm, cm) {
            continue;
        }
        for (pi, pf) in pm.desc.field.iter().enumerate() {
            // Fields usually keep their place; look there first.
            let same_place = cm
                .desc
                .field
                .get(pi)
                .filter(|c| c.number == pf.number)
                .map(|c| (pi, c));
            let Some((ci, cf)) = same_place.or_else(|| {
                cm.desc
                    .field
                    .iter()
                    .enumerate()
                    .find(|(_, c)| c.number == pf.number)
            }) else {
                continue;
            };
            out.push(Pair {
                prev: Side {
                    ix: prev,
                    file: pm.file,
                    desc: pf,
                    path: child(&pm.path, &[tag::MESSAGE_FIELD, pi as i32]),
                    message: Some(pm),
                    extension: None,
                    features: OnceLock::new(),
                },
                cur: Side {
                    ix: cur,
                    file: cm.file,
                    desc: cf,
                    path: child(&cm.path, &[tag::MESSAGE_FIELD, ci as i32]),
                    message: Some(cm),
                    extension: None,
                    features: OnceLock::new(),
                },
            });
        }
    }
    let fields = out.len();
    let key = |x: &'a FieldDescriptorProto| {
        (
            x.extendee.as_deref().unwrap_or("").trim_start_matches('.'),
            x.number,
        )
    };
    let mut by_key: HashMap<(&str, Option<i32>), &Item<'_, FieldDescriptorProto>> = HashMap::new();
    for x in cur.extensions.values() {
        by_key.entry(key(x.desc)).or_insert(x);
    }
    for px in prev.extensions.values() {
        let Some(cur_x) = by_key.get(&key(px.desc)) else {
            continue;
        };
        if same_element(px, cur_x) {
            continue;
        }
        out.push(Pair {
            prev: Side {
                ix: prev,
                file: px.file,
                desc: px.desc,
                path: px.path.clone(),
                message: None,
                extension: Some(&px.full_name),
                features: OnceLock::new(),
            },
            cur: Side {
                ix: cur,
                file: cur_x.file,
                desc: cur_x.desc,
                path: cur_x.path.clone(),
                message: None,
                extension: Some(&cur_x.full_name),
                features: OnceLock::new(),
            },
        });
    }
    (out, fields)
}

impl Side<'_> {
    /// The field's number.
    pub(crate) fn number(&self) -> i32 {
        self.desc.number.unwrap_or(0)
    }

    /// Its name: the simple name for fields, the full name for extensions.
    pub(crate) fn name(&self) -> &str {
        match self.extension {
            Some(full) => full,
            None => self.desc.name.as_deref().unwrap_or(""),
        }
    }

    /// `Field "1" with name "foo" on message "Bar"` (the message's simple name) or
    /// `Extension "100" with name "foo.v1.ext" on message "foo.v1.Bar"`.
    pub(crate) fn describe(&self) -> String {
        format!(
            "{} \"{}\" with name \"{}\" on message \"{}\"",
            self.noun(),
            self.number(),
            self.name(),
            self.on_message()
        )
    }

    /// `Field` or `Extension`.
    pub(crate) fn noun(&self) -> &'static str {
        if self.extension.is_some() {
            "Extension"
        } else {
            "Field"
        }
    }

    /// The message named in findings: a field's message's simple name, an extension's
    /// extendee's full name.
    pub(crate) fn on_message(&self) -> &str {
        match self.message {
            Some(m) => m.desc.name.as_deref().unwrap_or(""),
            None => self
                .desc
                .extendee
                .as_deref()
                .unwrap_or("")
                .trim_start_matches('.'),
        }
    }

    /// The field's resolved features.
    pub(crate) fn features(&self) -> Features {
        *self
            .features
            .get_or_init(|| features::resolve(&self.file.proto, &self.path))
    }

    fn type_message(&self) -> Option<&DescriptorProto> {
        let name = self.desc.type_name.as_deref()?.trim_start_matches('.');
        self.ix.messages.get(name).map(|m| m.desc)
    }

    /// Whether it is a map field (repeated, of a map entry message).
    pub(crate) fn is_map(&self) -> bool {
        self.desc.label == Some(LABEL_REPEATED)
            && self.desc.r#type == Some(ty::MESSAGE)
            && self.type_message().is_some_and(is_map_entry)
    }

    /// Whether the field's message is a map entry.
    pub(crate) fn in_map_entry(&self) -> bool {
        self.message.is_some_and(|m| is_map_entry(m.desc))
    }

    /// The field's kind as protobuf-go resolves it: `TYPE_MESSAGE` with delimited encoding
    /// (editions) is a group, except for map fields and inside map entries.
    pub(crate) fn kind(&self) -> i32 {
        let t = self.desc.r#type.unwrap_or(0);
        if t == ty::MESSAGE
            && self.features().message_encoding == features::DELIMITED
            && !self.in_map_entry()
            && !self.type_message().is_some_and(is_map_entry)
        {
            return ty::GROUP;
        }
        t
    }

    /// The kind as buf prints it: `int32`, `enum`, `message`, `group` (proto2) or
    /// `message (delimited encoding)` (editions).
    pub(crate) fn kind_name(&self) -> &'static str {
        let k = self.kind();
        if k == ty::GROUP && self.file.proto.syntax.as_deref() == Some("editions") {
            return "message (delimited encoding)";
        }
        type_name(k)
    }

    /// The referenced type's full name without the leading dot.
    pub(crate) fn type_ref(&self) -> &str {
        self.desc
            .type_name
            .as_deref()
            .unwrap_or("")
            .trim_start_matches('.')
    }

    /// `map`, `repeated`, `required`, `optional with explicit presence` or
    /// `optional with implicit presence`.
    pub(crate) fn cardinality(&self) -> &'static str {
        if self.desc.label == Some(LABEL_REPEATED) {
            return if self.is_map() { "map" } else { "repeated" };
        }
        let f = self.features();
        if self.desc.label == Some(LABEL_REQUIRED)
            || f.field_presence == features::presence::LEGACY_REQUIRED
        {
            return "required";
        }
        let t = self.desc.r#type.unwrap_or(0);
        let explicit = f.field_presence == features::presence::EXPLICIT
            || t == ty::MESSAGE
            || t == ty::GROUP
            || self.extension.is_some()
            || (self.desc.oneof_index.is_some() && self.desc.proto3_optional != Some(true))
            || self.desc.proto3_optional == Some(true);
        if explicit {
            "optional with explicit presence"
        } else {
            "optional with implicit presence"
        }
    }
}

/// Whether `m` is a map entry (`MessageOptions.map_entry`, field 7).
pub(crate) fn is_map_entry(m: &DescriptorProto) -> bool {
    features::option_varint(m.options.as_ref(), 7) == Some(1)
}

/// protoc's lowercase name of a field type.
pub(crate) fn type_name(t: i32) -> &'static str {
    match t {
        1 => "double",
        2 => "float",
        3 => "int64",
        4 => "uint64",
        5 => "int32",
        6 => "fixed64",
        7 => "fixed32",
        8 => "bool",
        9 => "string",
        10 => "group",
        11 => "message",
        12 => "bytes",
        13 => "uint32",
        14 => "enum",
        15 => "sfixed32",
        16 => "sfixed64",
        17 => "sint32",
        18 => "sint64",
        _ => "unknown",
    }
}

/// Reports `message` on the current field at the first of `suffixes` (appended to its
/// path) that has a source location, else on the whole field. Fields of map entries have no
/// locations; buf positions them on the map field's type (`map<K, V>`).
pub(crate) fn report(cx: &mut Cx<'_>, side: &Side<'_>, suffixes: &[&[i32]], message: String) {
    for s in suffixes {
        let p = child(&side.path, s);
        if side.file.location(&p).is_some() {
            cx.report(side.file, &p, message);
            return;
        }
    }
    if side.file.location(&side.path).is_none() {
        if let Some(p) = map_field_type_path(side) {
            cx.report(side.file, &p, message);
            return;
        }
    }
    cx.report(side.file, &side.path, message);
}

/// For a field of a map entry, the path of the map field's `type_name` in the entry's
/// parent message.
fn map_field_type_path(side: &Side<'_>) -> Option<Vec<i32>> {
    let entry = side.message.filter(|m| is_map_entry(m.desc))?;
    map_entry_type_path(&side.file.proto, &entry.path)
}

/// For the map entry message at `entry_path`, the path of the `type_name` of the map field
/// that declares it (in the entry's parent message), where buf positions map entries.
fn map_entry_type_path(file: &FileDescriptorProto, entry_path: &[i32]) -> Option<Vec<i32>> {
    let (parent_path, [tag::MESSAGE_NESTED, i]) =
        entry_path.split_at(entry_path.len().checked_sub(2)?)
    else {
        return None;
    };
    let parent = message_at(file, parent_path)?;
    let entry = parent.nested_type.get(usize::try_from(*i).ok()?)?;
    if !is_map_entry(entry) {
        return None;
    }
    let suffix = format!(".{}", entry.name.as_deref().unwrap_or(""));
    let f = parent.field.iter().position(|f| {
        f.label == Some(LABEL_REPEATED)
            && f.type_name.as_deref().is_some_and(|t| t.ends_with(&suffix))
    })?;
    Some(child(parent_path, &[tag::MESSAGE_FIELD, f as i32, 6]))
}

/// The message at `path` (`[4, i, 3, j, …]`) of `file`.
fn message_at<'f>(file: &'f FileDescriptorProto, path: &[i32]) -> Option<&'f DescriptorProto> {
    let [tag::FILE_MESSAGE, i, rest @ ..] = path else {
        return None;
    };
    let mut m = file.message_type.get(usize::try_from(*i).ok()?)?;
    let mut rest = rest;
    while let [tag::MESSAGE_NESTED, i, tail @ ..] = rest {
        m = m.nested_type.get(usize::try_from(*i).ok()?)?;
        rest = tail;
    }
    rest.is_empty().then_some(m)
}

/// Reports `message` on `file` at an explicit position (buf's 1:1 for a lookup that found
/// no location, where it does not fall back to the element).
pub(crate) fn report_position(
    cx: &mut Cx<'_>,
    file: &ImageFile,
    position: Option<Position>,
    message: String,
) {
    cx.report(file, &[], message);
    if let Some(r) = cx.out.last_mut() {
        r.position = position;
    }
}

/// Reports on the element at `path` + the first of `suffixes` that has a location, else on
/// the element itself (a map entry message, which has no location, on its map field's type).
pub(crate) fn report_element(
    cx: &mut Cx<'_>,
    file: &ImageFile,
    path: &[i32],
    suffixes: &[&[i32]],
    message: String,
) {
    for s in suffixes {
        let p = child(path, s);
        if file.location(&p).is_some() {
            cx.report(file, &p, message);
            return;
        }
    }
    if file.location(path).is_none() {
        if let Some(p) = map_entry_type_path(&file.proto, path) {
            cx.report(file, &p, message);
            return;
        }
    }
    cx.report(file, path, message);
}

/// buf's pointer to the wire compatibility rules, appended to WIRE type findings.
pub(crate) const WIRE_SUFFIX: &str =
    " See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules.";
/// buf's pointer to the wire and JSON rules, appended to WIRE_JSON type findings.
pub(crate) const WIRE_JSON_SUFFIX: &str = " See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules and https://developers.google.com/protocol-buffers/docs/proto3#json for JSON compatibility rules.";

/// The type rules: a changed kind is reported unless `compatible(prev, cur)` (with
/// `suffix(prev, cur)` after the message), a changed message, group or enum type always
/// (without it).
/// Positioned on the current field's type, else its type name.
pub(crate) fn check_type(
    cx: &mut Cx<'_>,
    p: &Pair<'_>,
    compatible: fn(i32, i32) -> bool,
    suffix: fn(i32, i32) -> String,
) {
    let (pk, ck) = (p.prev.kind(), p.cur.kind());
    let message = if pk != ck {
        if compatible(pk, ck) {
            return;
        }
        format!(
            "{} changed type from \"{}\" to \"{}\".{}",
            p.cur.describe(),
            p.prev.kind_name(),
            p.cur.kind_name(),
            suffix(pk, ck)
        )
    } else if matches!(pk, ty::MESSAGE | ty::GROUP | ty::ENUM)
        && p.prev.type_ref() != p.cur.type_ref()
    {
        format!(
            "{} changed type from \"{}\" to \"{}\".",
            p.cur.describe(),
            p.prev.type_ref(),
            p.cur.type_ref()
        )
    } else {
        return;
    };
    report(
        cx,
        &p.cur,
        &[&[tag::FIELD_TYPE], &[tag::FIELD_TYPE_NAME]],
        message,
    );
}

/// The cardinality rules: reports a changed cardinality unless `compatible(prev, cur)`,
/// on the whole current field.
pub(crate) fn check_cardinality(cx: &mut Cx<'_>, p: &Pair<'_>, compatible: fn(&str, &str) -> bool) {
    // buf does not compare the keys and values of two maps (their presence follows the
    // file's field_presence, but a map is a map).
    if p.prev.in_map_entry() && p.cur.in_map_entry() {
        return;
    }
    let (pc, cc) = (p.prev.cardinality(), p.cur.cardinality());
    if pc == cc || compatible(pc, cc) {
        return;
    }
    let message = format!(
        "{} changed cardinality from \"{pc}\" to \"{cc}\".",
        p.cur.describe()
    );
    report(cx, &p.cur, &[], message);
}

/// Whether both cardinalities are `optional with … presence`.
pub(crate) fn both_optional(a: &str, b: &str) -> bool {
    a.starts_with("optional") && b.starts_with("optional")
}
