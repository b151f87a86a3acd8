//! The checks protoc makes once a file is built, cross-linked and its options interpreted
//! (`DescriptorBuilder::ValidateOptions` and the proto3 rules).

mod features;
mod naming;
mod visibility;

use crate::descriptor::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto, Options,
};

use super::build::{join, message_at};
use super::normalize::MESSAGE_SET_WIRE_FORMAT;
use super::options::{builtin_bool, builtin_varint};
use super::resolve::ty;
use super::symbols::{Found, Scope, SymbolKind};
use super::{At, FxMap, Linker, NAME};
use crate::format::to_json_name;

/// `FieldOptions` field numbers.
const CTYPE: u32 = 1;
const PACKED: u32 = 2;
const JSTYPE: u32 = 6;
const LAZY: u32 = 5;
const UNVERIFIED_LAZY: u32 = 15;
/// `FeatureSet.field_presence` and its `IMPLICIT` value.
const FIELD_PRESENCE: u32 = 1;
const IMPLICIT: u64 = 2;
/// `FeatureSet` fields and values the field checks read.
const LEGACY_REQUIRED: u64 = 3;
const REPEATED_FIELD_ENCODING: u32 = 3;
const PACKED_ENCODING: u64 = 1;
const UTF8_VALIDATION: u32 = 4;
const MESSAGE_ENCODING: u32 = 5;
/// `FeatureSet.json_format` and its `LEGACY_BEST_EFFORT` value.
const JSON_FORMAT: u32 = 6;
const LEGACY_BEST_EFFORT: u64 = 2;
/// `FeatureSet.enum_type` and its `CLOSED` value.
const ENUM_TYPE: u32 = 2;
const CLOSED: u64 = 2;
/// The field number of `features` in `FileOptions`, `MessageOptions`, `FieldOptions` and
/// `EnumOptions`.
const FILE_FEATURES: u32 = 50;
const MESSAGE_FEATURES: u32 = 12;
const FIELD_FEATURES: u32 = 21;
const ENUM_FEATURES: u32 = 7;

/// A feature set directly in `options` (`features.<number>`, `features` being field
/// `features_field` of that options message), if any.
fn feature_of(options: Option<&Options>, features_field: u32, number: u32) -> Option<u64> {
    let features = super::options::encoded_bytes(&options?.encoded, features_field)?;
    super::options::encoded_varint(&features, number)
}

/// `google.protobuf.Edition.EDITION_2024`.
const EDITION_2024: i32 = 1001;

/// An `Edition` as protoc prints it in messages (`2023`, `UNSTABLE`, `PROTO2`).
pub(crate) fn edition_name(edition: i32) -> String {
    match edition {
        900 => "LEGACY".into(),
        998 => "PROTO2".into(),
        999 => "PROTO3".into(),
        1000 => "2023".into(),
        1001 => "2024".into(),
        1002 => "2026".into(),
        9999 => "UNSTABLE".into(),
        1 | 2 | 99997..=99999 => format!("{edition}_TEST_ONLY"),
        i32::MAX => "MAX".into(),
        _ => edition.to_string(),
    }
}

/// `deprecated_legacy_json_field_conflicts` in `MessageOptions` and `EnumOptions`.
const LEGACY_JSON_CONFLICTS_MESSAGE: u32 = 11;
const LEGACY_JSON_CONFLICTS_ENUM: u32 = 6;

/// `FileOptions.optimize_for`.
const OPTIMIZE_FOR: u32 = 9;
/// `MessageOptions.map_entry`.
const MAP_ENTRY: u32 = 7;
/// `EnumOptions.allow_alias`.
const ALLOW_ALIAS: u32 = 2;
const LABEL_REQUIRED: i32 = 2;
const LABEL_REPEATED: i32 = 3;

/// The syntax of a file, as far as the checks care.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Syntax {
    Proto2,
    Proto3,
    Editions,
}

pub(crate) fn syntax_of(file: &FileDescriptorProto) -> Syntax {
    match file.syntax.as_deref() {
        Some("proto3") => Syntax::Proto3,
        Some("editions") => Syntax::Editions,
        _ => Syntax::Proto2,
    }
}

type Pending = Vec<(Vec<i32>, At, String)>;

struct Checker<'a> {
    scope: Scope<'a>,
    file: &'a FileDescriptorProto,
    syntax: Syntax,
    /// Whether option and feature `targets` are checked: protoc checks them for its input
    /// files only, not for the files they import.
    check_targets: bool,
    /// Errors of protoc's deferred validation (see [`CompileError::set_deferred`]).
    deferred: Pending,
    pending: Pending,
    /// The messages enclosing the element being checked, outermost first (for features).
    stack: Vec<&'a DescriptorProto>,
}

impl Linker {
    /// Runs protoc's post-build checks.
    pub(super) fn validate(&mut self) {
        let type_deps = self.type_deps();
        let proto = std::mem::take(&mut self.proto);
        let pending = {
            let mut c = Checker {
                scope: Scope::new(&self.symbols, &self.packages, &type_deps),
                file: &proto,
                syntax: syntax_of(&proto),
                check_targets: self.direct_input,
                deferred: Vec::new(),
                pending: Vec::new(),
                stack: Vec::new(),
            };
            let package = proto.package();
            for (i, m) in proto.message_type.iter().enumerate() {
                c.message(m, &[4, i as i32], package);
            }
            for (i, e) in proto.enum_type.iter().enumerate() {
                c.enumeration(e, &[5, i as i32]);
            }
            for (i, f) in proto.extension.iter().enumerate() {
                c.field(f, &[7, i as i32], None, true);
            }
            c.lite_imports(&self.deps);
            c.naming_style(&proto);
            c.visibility(&proto);
            c.support_windows(&proto);
            // Only files setting custom options or language features need the definitions
            // from every file they import, directly or not.
            let (custom, language) = features::uses_extensions(&proto);
            if custom {
                // Only imports declaring custom options can define the ones used.
                c.custom_options(
                    &proto,
                    &features::option_extensions(&proto, &self.custom_option_files),
                );
            }
            let all_deps = if language {
                super::symbols::transitive_deps(&self.deps)
            } else {
                Vec::new()
            };
            if c.syntax != Syntax::Editions {
                c.features_outside_editions(&proto);
            } else {
                if c.check_targets {
                    c.feature_targets(&proto);
                }
                let language = if language {
                    features::extension_features(&all_deps)
                } else {
                    Vec::new()
                };
                c.feature_support(&proto, &language);
            }
            if c.syntax == Syntax::Editions && proto.edition.unwrap_or(0) >= EDITION_2024 {
                for k in 0..proto.weak_dependency.len() {
                    c.push(
                        &[11, k as i32],
                        At::Whole,
                        "weak import is not supported in edition 2024 and above. Consider using \
                         option import instead.",
                    );
                }
            }
            (c.pending, c.deferred)
        };
        self.proto = proto;
        let (pending, deferred) = pending;
        for (path, at, message) in pending {
            self.error(&path, at, message);
        }
        for (path, at, message) in deferred {
            self.error(&path, at, message);
            if let Some(e) = self.errors.last_mut() {
                e.set_deferred();
            }
        }
    }
}

/// Whether `file` declares custom options: extensions of a `google.protobuf.*Options` message
/// (what [`features::option_extensions`] collects).
pub(super) fn declares_custom_options(file: &FileDescriptorProto) -> bool {
    fn any(fields: &[crate::descriptor::FieldDescriptorProto]) -> bool {
        fields.iter().any(|f| {
            f.extendee
                .as_deref()
                .is_some_and(|e| e.starts_with(".google.protobuf.") && e.ends_with("Options"))
        })
    }
    fn message(m: &DescriptorProto) -> bool {
        any(&m.extension) || m.nested_type.iter().any(message)
    }
    any(&file.extension) || file.message_type.iter().any(message)
}

fn child(path: &[i32], field: i32, index: usize) -> Vec<i32> {
    let mut p = Vec::with_capacity(path.len() + 2);
    p.extend_from_slice(path);
    p.push(field);
    p.push(index as i32);
    p
}

/// The message or enum a resolved `.full.Name` refers to, with the file defining it.
enum Target<'a> {
    Message(&'a DescriptorProto),
    /// An enum, and whether it is closed.
    Enum(bool),
}

/// Whether the enum at `path` of `file` is closed: always in proto2, by its resolved
/// `enum_type` feature under editions.
fn enum_is_closed(file: &FileDescriptorProto, path: &[i32]) -> bool {
    match syntax_of(file) {
        Syntax::Proto2 => true,
        Syntax::Proto3 => false,
        Syntax::Editions => {
            let Some(e) = enum_at(file, path) else {
                return false;
            };
            let mut value = feature_of(e.options.as_ref(), ENUM_FEATURES, ENUM_TYPE);
            let mut parent = &path[..path.len().saturating_sub(2)];
            while value.is_none() && parent.len() >= 2 {
                value = message_at(file, parent)
                    .and_then(|m| feature_of(m.options.as_ref(), MESSAGE_FEATURES, ENUM_TYPE));
                parent = &parent[..parent.len() - 2];
            }
            value.or_else(|| feature_of(file.options.as_ref(), FILE_FEATURES, ENUM_TYPE))
                == Some(CLOSED)
        }
    }
}

fn enum_at<'a>(file: &'a FileDescriptorProto, path: &[i32]) -> Option<&'a EnumDescriptorProto> {
    match path {
        [5, i] => file.enum_type.get(usize::try_from(*i).ok()?),
        [parent @ .., 4, i] => message_at(file, parent)?
            .enum_type
            .get(usize::try_from(*i).ok()?),
        _ => None,
    }
}

impl<'a> Checker<'a> {
    /// Builtin features set on elements they do not apply to (each feature's `targets`), or
    /// before the edition that introduced them.
    fn feature_targets(&mut self, file: &FileDescriptorProto) {
        // (feature field, name, targets, first edition)
        const FEATURES: [(u32, &str, &[&str], i32); 8] = [
            (1, "field_presence", &["field", "file"], 0),
            (2, "enum_type", &["enum", "file"], 0),
            (3, "repeated_field_encoding", &["field", "file"], 0),
            (4, "utf8_validation", &["field", "file"], 0),
            (5, "message_encoding", &["field", "file"], 0),
            (6, "json_format", &["message", "enum", "file"], 0),
            (
                7,
                "enforce_naming_style",
                &[
                    "file",
                    "extension range",
                    "message",
                    "field",
                    "oneof",
                    "enum",
                    "enum entry",
                    "service",
                    "method",
                ],
                EDITION_2024,
            ),
            (8, "default_symbol_visibility", &["file"], EDITION_2024),
        ];
        let edition = file.edition.unwrap_or(0);
        let mut found: Vec<String> = Vec::new();
        super::retention::visit(file, &mut |_, kind, options| {
            let Some(o) = options else {
                return;
            };
            let (entity, field) = match kind {
                "FileOptions" => ("file", FILE_FEATURES),
                "MessageOptions" => ("message", MESSAGE_FEATURES),
                "FieldOptions" => ("field", FIELD_FEATURES),
                "OneofOptions" => ("oneof", 1),
                "ExtensionRangeOptions" => ("extension range", 50),
                "EnumOptions" => ("enum", ENUM_FEATURES),
                "EnumValueOptions" => ("enum entry", 2),
                "ServiceOptions" => ("service", 34),
                "MethodOptions" => ("method", 35),
                _ => return,
            };
            let Some(features) = super::options::encoded_bytes(&o.encoded, field) else {
                return;
            };
            for number in super::options::field_numbers(&features) {
                let Some((_, name, targets, since)) = FEATURES.iter().find(|f| f.0 == number)
                else {
                    continue;
                };
                // Features used before their edition are reported by `features`.
                if edition >= *since && !targets.contains(&entity) {
                    found.push(format!(
                        "Option google.protobuf.FeatureSet.{name} cannot be set on an entity of \
                         type `{entity}`."
                    ));
                }
            }
        });
        for message in found {
            self.push_deferred(&[], At::Nowhere, message);
        }
    }

    /// Features set in a proto2 or proto3 file: an error on each element that sets them.
    fn features_outside_editions(&mut self, file: &FileDescriptorProto) {
        fn has(o: &Option<Options>, field: u32) -> bool {
            o.as_ref()
                .is_some_and(|o| super::options::encoded_bytes(&o.encoded, field).is_some())
        }
        const MESSAGE: At = NAME;
        let mut hits: Vec<(Vec<i32>, At)> = Vec::new();
        if has(&file.options, FILE_FEATURES) {
            hits.push((Vec::new(), At::Whole));
        }
        fn message(m: &DescriptorProto, path: Vec<i32>, hits: &mut Vec<(Vec<i32>, At)>) {
            if has(&m.options, MESSAGE_FEATURES) {
                hits.push((path.clone(), MESSAGE));
            }
            for (i, f) in m.field.iter().chain(&m.extension).enumerate() {
                let p = if i < m.field.len() {
                    child(&path, 2, i)
                } else {
                    child(&path, 6, i - m.field.len())
                };
                if has(&f.options, FIELD_FEATURES) {
                    hits.push((p, NAME));
                }
            }
            for (i, o) in m.oneof_decl.iter().enumerate() {
                if has(&o.options, 1) {
                    hits.push((child(&path, 8, i), NAME));
                }
            }
            for (i, n) in m.nested_type.iter().enumerate() {
                message(n, child(&path, 3, i), hits);
            }
            for (i, e) in m.enum_type.iter().enumerate() {
                enumeration(e, child(&path, 4, i), hits);
            }
        }
        fn enumeration(e: &EnumDescriptorProto, path: Vec<i32>, hits: &mut Vec<(Vec<i32>, At)>) {
            if has(&e.options, ENUM_FEATURES) {
                hits.push((path.clone(), NAME));
            }
            for (i, v) in e.value.iter().enumerate() {
                if has(&v.options, 2) {
                    hits.push((child(&path, 2, i), NAME));
                }
            }
        }
        for (i, m) in file.message_type.iter().enumerate() {
            message(m, vec![4, i as i32], &mut hits);
        }
        for (i, e) in file.enum_type.iter().enumerate() {
            enumeration(e, vec![5, i as i32], &mut hits);
        }
        for (i, s) in file.service.iter().enumerate() {
            if has(&s.options, 34) {
                hits.push((vec![6, i as i32], NAME));
            }
            for (j, m) in s.method.iter().enumerate() {
                if has(&m.options, 35) {
                    hits.push((vec![6, i as i32, 2, j as i32], NAME));
                }
            }
        }
        for (i, f) in file.extension.iter().enumerate() {
            if has(&f.options, FIELD_FEATURES) {
                hits.push((vec![7, i as i32], NAME));
            }
        }
        for (path, at) in hits {
            self.push(&path, at, "Features are only valid under editions.");
        }
    }

    /// A file not optimized for the lite runtime cannot import one that is.
    fn lite_imports(&mut self, deps: &[std::sync::Arc<super::LinkedFile>]) {
        let is_lite = |f: &FileDescriptorProto| {
            builtin_varint(
                f.options.as_ref(),
                OPTIMIZE_FOR,
                "optimize_for",
                |v| match v {
                    "SPEED" => Some(1),
                    "CODE_SIZE" => Some(2),
                    "LITE_RUNTIME" => Some(3),
                    _ => None,
                },
            ) == Some(3)
        };
        if is_lite(self.file) {
            return;
        }
        for (i, name) in self.file.dependency.iter().enumerate() {
            if deps.iter().any(|d| d.name() == name && is_lite(&d.proto)) {
                self.push(
                    &[3, i as i32],
                    At::Whole,
                    format!(
                        "Files that do not use optimize_for = LITE_RUNTIME cannot import files \
                         which do use this option.  This file is not lite, but it imports \
                         \"{name}\" which is."
                    ),
                );
            }
        }
    }

    fn push(&mut self, path: &[i32], at: At, message: impl Into<String>) {
        self.pending.push((path.to_vec(), at, message.into()));
    }

    fn push_deferred(&mut self, path: &[i32], at: At, message: impl Into<String>) {
        self.deferred.push((path.to_vec(), at, message.into()));
    }

    fn target(&self, type_name: &str) -> Option<Target<'a>> {
        let found = self.scope.find(type_name.strip_prefix('.')?)?;
        let Found::Symbol { file, symbol, .. } = found else {
            return None;
        };
        let proto: &'a FileDescriptorProto = match file {
            Some(f) => &f.proto,
            None => self.file,
        };
        match symbol.kind {
            SymbolKind::Message { .. } => Some(Target::Message(message_at(proto, &symbol.path)?)),
            SymbolKind::Enum => Some(Target::Enum(enum_is_closed(proto, &symbol.path))),
            _ => None,
        }
    }

    /// A feature (`FeatureSet` field `number`) of an element with options `own`, resolved
    /// through the enclosing messages and the file as editions do.
    fn feature(&self, own: Option<&Options>, own_field: u32, number: u32) -> Option<u64> {
        feature_of(own, own_field, number)
            .or_else(|| {
                self.stack
                    .iter()
                    .rev()
                    .find_map(|m| feature_of(m.options.as_ref(), MESSAGE_FEATURES, number))
            })
            .or_else(|| feature_of(self.file.options.as_ref(), FILE_FEATURES, number))
    }

    fn message(&mut self, m: &'a DescriptorProto, path: &[i32], scope: &str) {
        self.stack.push(m);
        self.message_inner(m, path, scope);
        self.stack.pop();
    }

    fn message_inner(&mut self, m: &'a DescriptorProto, path: &[i32], scope: &str) {
        let name = join(scope, m.name());
        let message_set = builtin_bool(
            m.options.as_ref(),
            MESSAGE_SET_WIRE_FORMAT,
            "message_set_wire_format",
        );
        for (i, f) in m.field.iter().enumerate() {
            let fpath = child(path, 2, i);
            self.field(f, &fpath, Some(&name), false);
            if message_set {
                self.push(
                    &fpath,
                    NAME,
                    "MessageSets cannot have fields, only extensions.",
                );
            }
        }
        for (i, f) in m.extension.iter().enumerate() {
            self.field(f, &child(path, 6, i), Some(&name), true);
        }
        if self.syntax == Syntax::Proto3 {
            if !m.extension_range.is_empty() {
                self.push(
                    &child(path, 5, 0),
                    At::Part(1),
                    "Extension ranges are not allowed in proto3.",
                );
            }
            if message_set {
                self.push(path, NAME, "MessageSet is not supported in proto3.");
            }
        }
        self.json_names(m, path);
        for (i, n) in m.nested_type.iter().enumerate() {
            self.message(n, &child(path, 3, i), &name);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            self.enumeration(e, &child(path, 4, i));
        }
    }

    fn json_names(&mut self, m: &DescriptorProto, path: &[i32]) {
        if builtin_bool(
            m.options.as_ref(),
            LEGACY_JSON_CONFLICTS_MESSAGE,
            "deprecated_legacy_json_field_conflicts",
        ) {
            return;
        }
        let best_effort = match self.syntax {
            Syntax::Proto2 => true,
            Syntax::Proto3 => false,
            Syntax::Editions => self.feature(None, 0, JSON_FORMAT) == Some(LEGACY_BEST_EFFORT),
        };
        let defaults: Vec<String> = m.field.iter().map(|f| to_json_name(f.name())).collect();
        let any_custom = m
            .field
            .iter()
            .zip(&defaults)
            .any(|(f, d)| f.json_name.as_deref().is_some_and(|j| j != d));
        for use_custom in [false, true] {
            if use_custom && !any_custom {
                break;
            }
            let mut seen: FxMap<&str, (usize, bool)> = FxMap::default();
            for (i, f) in m.field.iter().enumerate() {
                let default = defaults[i].as_str();
                let (json, custom) = match f.json_name.as_deref() {
                    Some(j) if use_custom && j != default => (j, true),
                    _ => (default, false),
                };
                if custom && json.starts_with('[') && json.ends_with(']') {
                    self.push(
                        &child(path, 2, i),
                        NAME,
                        format!(
                            "The custom JSON name of field \"{}\" (\"{json}\") is invalid: JSON \
                             names may not start with '[' and end with ']'.",
                            f.name()
                        ),
                    );
                    continue;
                }
                let Some(&(first, first_custom)) = seen.get(json) else {
                    seen.insert(json, (i, custom));
                    continue;
                };
                if use_custom && !custom && !first_custom {
                    continue;
                }
                // proto2's JSON handling is best effort: clashes involving a default name
                // are only warnings there.
                if best_effort && (!custom || !first_custom) {
                    continue;
                }
                let kind = |c: bool| if c { "custom" } else { "default" };
                self.push(
                    &child(path, 2, i),
                    NAME,
                    format!(
                        "The {} JSON name of field \"{}\" (\"{json}\") conflicts with the {} JSON \
                         name of field \"{}\".",
                        kind(custom),
                        f.name(),
                        kind(first_custom),
                        m.field[first].name()
                    ),
                );
            }
        }
    }

    fn field(
        &mut self,
        f: &FieldDescriptorProto,
        path: &[i32],
        message: Option<&str>,
        is_ext: bool,
    ) {
        let t = f.r#type.unwrap_or(0);
        let n = f.number();
        if (19_000..=19_999).contains(&n) {
            self.push(
                path,
                At::Nowhere,
                "Field numbers 19000 through 19999 are reserved for the protocol buffer library \
                 implementation.",
            );
        }
        let opts = f.options.as_ref();
        let repeated = f.label() == LABEL_REPEATED;
        let primitive = !matches!(t, 9..=12);
        if builtin_bool(opts, PACKED, "packed") && !(repeated && primitive) {
            self.push(
                path,
                At::Type,
                "[packed = true] can only be specified for repeated primitive fields.",
            );
        }
        let is_message = matches!(t, ty::MESSAGE | ty::GROUP);
        if builtin_bool(opts, LAZY, "lazy") && !is_message {
            self.push(
                path,
                At::Type,
                "[lazy = true] can only be specified for submessage fields.",
            );
        }
        if builtin_bool(opts, UNVERIFIED_LAZY, "unverified_lazy") && !is_message {
            self.push(
                path,
                At::Type,
                // protoc names `lazy` here too.
                "[lazy = true] can only be specified for submessage fields.",
            );
        }
        if is_ext && builtin_bool(opts, UNVERIFIED_LAZY, "unverified_lazy") {
            self.push(
                path,
                At::Type,
                "Extensions cannot be marked as unverified_lazy.",
            );
        }
        let has_jstype = builtin_varint(opts, JSTYPE, "jstype", |v| match v {
            "JS_NORMAL" => Some(0),
            "JS_STRING" => Some(1),
            "JS_NUMBER" => Some(2),
            _ => None,
        })
        .is_some_and(|v| v != 0);
        if has_jstype && !matches!(t, 3 | 4 | 6 | 16 | 18) {
            self.push(
                path,
                At::Type,
                "jstype is only allowed on int64, uint64, sint64, fixed64 or sfixed64 fields.",
            );
        }
        // Only map fields (entries are named `…Entry`) and proto3 enum fields need the type.
        let needs_target = match t {
            ty::MESSAGE => f.type_name().ends_with("Entry"),
            ty::ENUM => self.syntax != Syntax::Proto2,
            _ => false,
        };
        let target = needs_target
            .then(|| f.type_name.as_deref().and_then(|n| self.target(n)))
            .flatten();
        if let Some(Target::Message(entry)) = &target {
            if builtin_bool(entry.options.as_ref(), MAP_ENTRY, "map_entry") {
                if let Some(key) = entry.field.first() {
                    match key.r#type.unwrap_or(0) {
                        1 | 2 | 10 | 11 | 12 => self.push(
                            path,
                            At::Type,
                            "Key in map fields cannot be float/double, bytes or message types.",
                        ),
                        ty::ENUM => {
                            self.push(path, At::Type, "Key in map fields cannot be enum types.")
                        }
                        _ => {}
                    }
                }
            }
        }
        if is_ext && f.json_name.is_some() {
            self.push(
                path,
                At::Part(10),
                "option json_name is not allowed on extension fields.",
            );
        }
        if is_ext {
            if let Some(extendee) = f.extendee.as_deref() {
                if let Some(Target::Message(m)) = self.target(extendee) {
                    if builtin_bool(
                        m.options.as_ref(),
                        MESSAGE_SET_WIRE_FORMAT,
                        "message_set_wire_format",
                    ) && (f.label() == LABEL_REPEATED || !is_message)
                    {
                        self.push(
                            path,
                            At::Type,
                            "Extensions of MessageSets must be optional messages.",
                        );
                    }
                }
                if self.syntax == Syntax::Proto3 && !is_options_message(extendee) {
                    self.push(
                        path,
                        At::Part(2),
                        "Extensions in proto3 are only allowed for defining options.",
                    );
                }
            }
        }
        if self.syntax == Syntax::Editions
            && self.file.edition.unwrap_or(0) >= EDITION_2024
            && builtin_varint(opts, CTYPE, "ctype", |_| Some(0)).is_some()
        {
            self.push(
                path,
                At::Type,
                "ctype option is not allowed under edition 2024 and beyond. Use the feature \
                 string_type = VIEW|CORD|STRING|... instead.",
            );
        }
        if self.syntax == Syntax::Editions {
            self.editions_field(f, path, is_ext, target.as_ref());
        }
        if self.syntax == Syntax::Proto3 {
            if f.label() == LABEL_REQUIRED {
                self.push(path, At::Type, "Required fields are not allowed in proto3.");
            }
            if f.default_value.is_some() {
                self.push(
                    path,
                    At::Part(7),
                    "Explicit default values are not allowed in proto3.",
                );
            }
            if t == ty::GROUP {
                // A group's type is reported at its `group` keyword.
                self.push(
                    path,
                    At::Part(5),
                    "Groups are not supported in proto3 syntax.",
                );
            }
            if let Some(Target::Enum(closed)) = &target {
                if *closed {
                    let enum_name = f.type_name().trim_start_matches('.');
                    // An extension is checked as a field of its extendee.
                    let message = if is_ext {
                        f.extendee().trim_start_matches('.')
                    } else {
                        message.unwrap_or_default()
                    };
                    self.push(
                        path,
                        At::Type,
                        format!(
                            "Enum type \"{enum_name}\" is not an open enum, but is used in \
                             \"{message}\" which is a proto3 message type."
                        ),
                    );
                }
            }
        }
    }

    /// protoc's `ValidateFieldFeatures`: what features and editions allow on a field.
    fn editions_field(
        &mut self,
        f: &FieldDescriptorProto,
        path: &[i32],
        is_ext: bool,
        target: Option<&Target<'_>>,
    ) {
        let own = |n: u32| feature_of(f.options.as_ref(), FIELD_FEATURES, n);
        let t = f.r#type.unwrap_or(0);
        let repeated = f.label() == LABEL_REPEATED;
        let is_message = matches!(t, ty::MESSAGE | ty::GROUP);
        let is_map = matches!(target, Some(Target::Message(m))
            if builtin_bool(m.options.as_ref(), MAP_ENTRY, "map_entry"));
        let packable = repeated && !matches!(t, 9..=12);
        // Extensions always have presence: what they inherit does not apply to them.
        let presence = own(FIELD_PRESENCE).or_else(|| {
            (!is_ext)
                .then(|| self.feature(None, FIELD_FEATURES, FIELD_PRESENCE))
                .flatten()
        });
        let mut errors: Vec<&str> = Vec::new();
        if f.options.as_ref().is_some_and(|o| {
            super::options::encoded_varint(&o.encoded, PACKED).is_some()
                || builtin_varint(Some(o), PACKED, "packed", |_| None).is_some()
        }) {
            errors.push(
                "Field option packed is not allowed under editions.  Use the \
                 repeated_field_encoding feature to control this behavior.",
            );
        }
        // protoc resolves repeated and oneof fields to explicit presence whatever they
        // inherit (setting it on them is its own error below).
        let in_oneof = !is_ext && f.oneof_index.is_some() && !f.proto3_optional();
        let implicit = presence == Some(IMPLICIT) && !repeated && !in_oneof;
        if implicit && f.default_value.is_some() {
            errors.push("Implicit presence fields can't specify defaults.");
        }
        if implicit && matches!(target, Some(Target::Enum(true))) {
            errors.push("Implicit presence enum fields must always be open.");
        }
        if is_ext && presence == Some(LEGACY_REQUIRED) {
            // protoc reports nothing more about such an extension.
            self.push(path, NAME, "Extensions can't be required.");
            return;
        }
        let in_map_entry = self
            .stack
            .last()
            .is_some_and(|m| builtin_bool(m.options.as_ref(), MAP_ENTRY, "map_entry"))
            && !is_ext;
        if !in_map_entry {
            if let Some(p) = own(FIELD_PRESENCE) {
                if in_oneof {
                    errors.push("Oneof fields can't specify field presence.");
                } else if repeated {
                    errors.push("Repeated fields can't specify field presence.");
                } else if is_ext {
                    errors.push("Extensions can't specify field presence.");
                } else if is_message && p == IMPLICIT {
                    errors.push("Message fields can't specify implicit presence.");
                }
            }
            let encoding = own(REPEATED_FIELD_ENCODING);
            if !repeated && encoding.is_some() {
                errors.push("Only repeated fields can specify repeated field encoding.");
            }
            // A map counts as a string field when its key or value is a string.
            let string_map = is_map
                && matches!(target, Some(Target::Message(m))
                    if m.field.iter().any(|e| e.r#type == Some(9)));
            if t != 9 && !string_map && own(UTF8_VALIDATION).is_some() {
                errors.push("Only string fields can specify utf8 validation.");
            }
            if !packable && encoding == Some(PACKED_ENCODING) {
                errors.push(
                    "Only repeated primitive fields can specify PACKED repeated field encoding.",
                );
            }
            if (!is_message || is_map) && own(MESSAGE_ENCODING).is_some() {
                errors.push("Only message fields can specify message encoding.");
            }
        }
        for e in errors {
            self.push(path, NAME, e);
        }
    }

    fn enumeration(&mut self, e: &EnumDescriptorProto, path: &[i32]) {
        if !builtin_bool(e.options.as_ref(), ALLOW_ALIAS, "allow_alias") {
            let mut by_number: FxMap<i32, &str> = FxMap::default();
            for (i, v) in e.value.iter().enumerate() {
                if let Some(first) = by_number.get(&v.number()) {
                    let mut next = v.number().saturating_add(1);
                    while next < i32::MAX && e.value.iter().any(|o| o.number() == next) {
                        next += 1;
                    }
                    self.push(
                        &child(path, 2, i),
                        At::Part(2),
                        format!(
                            "\"{}\" uses the same enum value as \"{first}\". If this is intended, set \
                             'option allow_alias = true;' to the enum definition. The next available \
                             enum value is {next}.",
                            v.name()
                        ),
                    );
                } else {
                    by_number.insert(v.number(), v.name());
                }
            }
        }
        let open = match self.syntax {
            Syntax::Proto3 => true,
            Syntax::Editions => {
                self.feature(e.options.as_ref(), ENUM_FEATURES, ENUM_TYPE) != Some(CLOSED)
            }
            Syntax::Proto2 => false,
        };
        if open {
            if let Some(first) = e.value.first() {
                if first.number() != 0 {
                    self.push(
                        &child(path, 2, 0),
                        At::Part(2),
                        "The first enum value must be zero for open enums.",
                    );
                }
            }
        }
        // Value names must stay distinct once the enum's name is stripped as a prefix and
        // case is ignored (what code generators do); proto2 enums can opt out.
        if self.syntax == Syntax::Proto2
            && builtin_bool(
                e.options.as_ref(),
                LEGACY_JSON_CONFLICTS_ENUM,
                "deprecated_legacy_json_field_conflicts",
            )
        {
            return;
        }
        let prefix: String = e
            .name()
            .chars()
            .filter(|&c| c != '_')
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let mut seen: FxMap<String, (&str, i32)> = FxMap::default();
        for (i, v) in e.value.iter().enumerate() {
            let key = pascal_case(strip_prefix(v.name(), &prefix));
            match seen.get(&key) {
                None => {
                    seen.insert(key, (v.name(), v.number()));
                }
                Some(&(other, number)) => {
                    if other != v.name() && number != v.number() {
                        self.push(
                            &child(path, 2, i),
                            NAME,
                            format!(
                                "Enum name {} has the same name as {other} if you ignore case and \
                                 strip out the enum name prefix (if any). (If you are using \
                                 allow_alias, please assign the same number to each enum value \
                                 name.)",
                                v.name()
                            ),
                        );
                    }
                }
            }
        }
    }
}

/// Whether `.google.protobuf.XxxOptions` is one of the options messages proto3 may extend.
fn is_options_message(extendee: &str) -> bool {
    matches!(
        extendee,
        ".google.protobuf.FileOptions"
            | ".google.protobuf.MessageOptions"
            | ".google.protobuf.FieldOptions"
            | ".google.protobuf.OneofOptions"
            | ".google.protobuf.ExtensionRangeOptions"
            | ".google.protobuf.EnumOptions"
            | ".google.protobuf.EnumValueOptions"
            | ".google.protobuf.ServiceOptions"
            | ".google.protobuf.MethodOptions"
            | ".google.protobuf.StreamOptions"
    )
}

/// protoc's enum prefix remover: skips `prefix` (lower-case, no underscores) at the start of
/// `name`, ignoring case and underscores, then the underscores after it.
fn strip_prefix<'n>(name: &'n str, prefix: &str) -> &'n str {
    let b = name.as_bytes();
    let p = prefix.as_bytes();
    let (mut i, mut j) = (0, 0);
    while i < b.len() && j < p.len() {
        if b[i] == b'_' {
            i += 1;
            continue;
        }
        if b[i].to_ascii_lowercase() != p[j] {
            return name;
        }
        i += 1;
        j += 1;
    }
    if j < p.len() {
        return name;
    }
    while i < b.len() && b[i] == b'_' {
        i += 1;
    }
    if i == b.len() {
        return name;
    }
    &name[i..]
}

/// protoc's `EnumValueToPascalCase`.
fn pascal_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut upper = true;
    for c in s.chars() {
        if c == '_' {
            upper = true;
        } else {
            out.push(if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            });
            upper = false;
        }
    }
    out
}
