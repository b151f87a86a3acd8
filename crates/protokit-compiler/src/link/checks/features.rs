//! Feature values protoc refuses once a file is built: `UNKNOWN` values of the builtin
//! features, features and feature values used outside their support window
//! (`feature_support` on the feature field or enum value), language features
//! (`FeatureSet` extensions such as `pb.cpp`) set on elements outside their `targets`, and
//! builtin options removed by an edition.

use std::sync::Arc;

use crate::descriptor::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto};

use super::super::options::{encoded_bytes, encoded_varint, field_numbers};
use super::super::symbols::{Found, SymbolKind};
use super::super::LinkedFile;
use super::{edition_name, enum_at, message_at, At, Checker, EDITION_2024, NAME};

/// `FieldOptions.targets`, `FieldOptions.feature_support`, `EnumValueOptions.feature_support`.
const TARGETS: u32 = 19;
const FEATURE_SUPPORT: u32 = 22;
const VALUE_FEATURE_SUPPORT: u32 = 4;

/// The builtin features (`FeatureSet` fields 1 to 8) in protoc's checking order, with the
/// name of their `UNKNOWN` value and the edition that introduced them.
const BUILTIN: [(u32, &str, &str, i32); 8] = [
    (1, "field_presence", "FIELD_PRESENCE_UNKNOWN", 1000),
    (2, "enum_type", "ENUM_TYPE_UNKNOWN", 1000),
    (
        3,
        "repeated_field_encoding",
        "REPEATED_FIELD_ENCODING_UNKNOWN",
        1000,
    ),
    (4, "utf8_validation", "UTF8_VALIDATION_UNKNOWN", 1000),
    (5, "message_encoding", "MESSAGE_ENCODING_UNKNOWN", 1000),
    (6, "json_format", "JSON_FORMAT_UNKNOWN", 1000),
    (
        7,
        "enforce_naming_style",
        "ENFORCE_NAMING_STYLE_UNKNOWN",
        EDITION_2024,
    ),
    (
        8,
        "default_symbol_visibility",
        "VisibilityFeature::DEFAULT_SYMBOL_VISIBILITY_UNKNOWN",
        EDITION_2024,
    ),
];

/// A `FeatureSet` extension visible to the file: its number and the message holding its
/// features, with the file defining that message and the message's full name.
pub(super) struct ExtensionFeatures {
    number: u32,
    message: Arc<LinkedFile>,
    path: Box<[i32]>,
    full_name: String,
}

impl ExtensionFeatures {
    fn message(&self) -> Option<&DescriptorProto> {
        message_at(&self.message.proto, &self.path)
    }
}

/// The `FeatureSet` extensions defined in `deps` (every file imported directly or not).
pub(super) fn extension_features(deps: &[Arc<LinkedFile>]) -> Vec<ExtensionFeatures> {
    fn nested<'a>(m: &'a DescriptorProto, out: &mut Vec<(i32, &'a str)>) {
        for f in &m.extension {
            if f.extendee.as_deref() == Some(".google.protobuf.FeatureSet") {
                out.push((f.number(), f.type_name()));
            }
        }
        for n in &m.nested_type {
            nested(n, out);
        }
    }
    let mut found = Vec::new();
    for d in deps {
        let mut exts: Vec<(i32, &str)> = Vec::new();
        for f in &d.proto.extension {
            if f.extendee.as_deref() == Some(".google.protobuf.FeatureSet") {
                exts.push((f.number(), f.type_name()));
            }
        }
        for m in &d.proto.message_type {
            nested(m, &mut exts);
        }
        for (number, type_name) in exts {
            let full_name = type_name.trim_start_matches('.');
            let Some((file, symbol)) = deps
                .iter()
                .find_map(|f| f.symbol(full_name).map(|s| (f, s)))
            else {
                continue;
            };
            if !matches!(symbol.kind, SymbolKind::Message { .. }) {
                continue;
            }
            found.push(ExtensionFeatures {
                number: u32::try_from(number).unwrap_or(0),
                message: file.clone(),
                path: symbol.path.clone(),
                full_name: full_name.to_string(),
            });
        }
    }
    found
}

/// A feature's or value's support window: (introduced, deprecated, removed, removal error).
struct Support {
    introduced: Option<i32>,
    removed: Option<i32>,
    removal_error: Option<String>,
}

fn support(bytes: &[u8]) -> Support {
    let int = |n| encoded_varint(bytes, n).and_then(|v| i32::try_from(v).ok());
    Support {
        introduced: int(1),
        removed: int(4),
        removal_error: encoded_bytes(bytes, 5).map(|b| String::from_utf8_lossy(&b).into_owned()),
    }
}

/// The `OptionTargetType` numbers of the entities an options message belongs to, and the
/// name protoc prints for it.
fn entity(kind: &str) -> Option<(u64, &'static str, u32)> {
    Some(match kind {
        "FileOptions" => (1, "file", 50),
        "ExtensionRangeOptions" => (2, "extension range", 50),
        "MessageOptions" => (3, "message", 12),
        "FieldOptions" => (4, "field", 21),
        "OneofOptions" => (5, "oneof", 1),
        "EnumOptions" => (6, "enum", 7),
        "EnumValueOptions" => (7, "enum entry", 2),
        "ServiceOptions" => (8, "service", 34),
        "MethodOptions" => (9, "method", 35),
        _ => return None,
    })
}

/// Every varint of field `number` in `buf` (repeated enums, packed or not).
fn varints(buf: &[u8], number: u32) -> Vec<u64> {
    let mut out = Vec::new();
    let mut rest = buf;
    while let Some((field, wire, value, next)) = next_field(rest) {
        if field == number {
            match wire {
                0 => out.push(value.0),
                2 => {
                    let mut packed = value.1;
                    while let Some(v) = read_varint(&mut packed) {
                        out.push(v);
                    }
                }
                _ => {}
            }
        }
        rest = next;
    }
    out
}

fn read_varint(buf: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = buf.split_first()?;
        *buf = rest;
        value |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

/// One field of an encoded message: (number, wire type, (varint, bytes), rest).
type Field<'b> = (u32, u8, (u64, &'b [u8]), &'b [u8]);

fn next_field(mut buf: &[u8]) -> Option<Field<'_>> {
    let key = read_varint(&mut buf)?;
    let wire = (key & 7) as u8;
    let number = u32::try_from(key >> 3).ok()?;
    match wire {
        0 => {
            let v = read_varint(&mut buf)?;
            Some((number, 0, (v, &[]), buf))
        }
        1 => Some((number, 1, (0, &[]), buf.get(8..)?)),
        5 => Some((number, 5, (0, &[]), buf.get(4..)?)),
        2 => {
            let len = usize::try_from(read_varint(&mut buf)?).ok()?;
            let body = buf.get(..len)?;
            Some((number, 2, (0, body), buf.get(len..)?))
        }
        _ => None,
    }
}

impl Checker<'_> {
    /// The checks of this module over every options message of `file` (editions only).
    pub(super) fn feature_support(
        &mut self,
        file: &FileDescriptorProto,
        extensions: &[ExtensionFeatures],
    ) {
        let edition = file.edition.unwrap_or(0);
        let mut found: Vec<(Vec<i32>, At, String)> = Vec::new();
        super::super::retention::visit(file, &mut |options_path, kind, options| {
            let Some(o) = options else {
                return;
            };
            let Some((target, entity_name, features_field)) = entity(kind) else {
                return;
            };
            let element = &options_path[..options_path.len().saturating_sub(1)];
            // protoc reports at the element's name; files, oneofs and extension ranges have
            // no name location, so those errors have no position.
            let at = match target {
                2 | 5 => At::Nowhere,
                _ => NAME,
            };
            // A file's "name" location is its package statement.
            let named: &[i32] = if target == 1 { &[2] } else { element };
            let at = if target == 1 { At::Whole } else { at };
            if target == 1 && edition >= EDITION_2024 && encoded_varint(&o.encoded, 10).is_some() {
                found.push((
                    named.to_vec(),
                    at,
                    "google.protobuf.FileOptions.java_multiple_files has been removed in edition \
                     2024: This behavior is enabled by default in editions 2024 and above. To \
                     disable it, you can set `features.(pb.java).nest_in_file_class = YES` on \
                     individual messages, enums, or services."
                        .to_string(),
                ));
            }
            let Some(features) = encoded_bytes(&o.encoded, features_field) else {
                return;
            };
            if let Some((_, name, unknown, _)) = BUILTIN
                .iter()
                .find(|(n, ..)| encoded_varint(&features, *n) == Some(0))
            {
                // A file's error is at its `edition` statement.
                let known_at = if target == 1 { At::Whole } else { at };
                let path = if target == 1 {
                    vec![12]
                } else {
                    element.to_vec()
                };
                found.push((
                    path,
                    known_at,
                    format!(
                        "Feature field `{name}` must resolve to a known value, found {unknown}"
                    ),
                ));
            }
            for number in field_numbers(&features) {
                if let Some((_, name, _, since)) = BUILTIN.iter().find(|b| b.0 == number) {
                    if edition < *since {
                        found.push((
                            named.to_vec(),
                            at,
                            format!(
                                "google.protobuf.FeatureSet.{name} wasn't introduced until edition \
                                 {} and can't be used in edition {}",
                                edition_name(*since),
                                edition_name(edition)
                            ),
                        ));
                    }
                    continue;
                }
                let Some(ext) = extensions.iter().find(|e| e.number == number) else {
                    continue;
                };
                let Some(message) = ext.message() else {
                    continue;
                };
                let Some(values) = encoded_bytes(&features, number) else {
                    continue;
                };
                let mut rest: &[u8] = &values;
                let mut seen: Vec<u32> = Vec::new();
                while let Some((n, wire, value, next)) = next_field(rest) {
                    rest = next;
                    if seen.contains(&n) {
                        continue;
                    }
                    seen.push(n);
                    let Some(field) = message.field.iter().find(|f| f.number() == n as i32) else {
                        continue;
                    };
                    let full = format!("{}.{}", ext.full_name, field.name());
                    let field_options = field.options.as_ref().map(|o| &o.encoded[..]);
                    let field_options = field_options.unwrap_or(&[]);
                    let targets = varints(field_options, TARGETS);
                    if self.check_targets && !targets.is_empty() && !targets.contains(&target) {
                        found.push((
                            element.to_vec(),
                            At::Nowhere,
                            format!(
                                "Option {full} cannot be set on an entity of type `{entity_name}`."
                            ),
                        ));
                    }
                    let field_support = encoded_bytes(field_options, FEATURE_SUPPORT);
                    if let Some(s) = &field_support {
                        lifetime(&mut found, named, at, &full, &support(s), edition);
                    }
                    // An enum value's own window narrows its feature's.
                    if wire == 0 && field.r#type.unwrap_or(0) == 14 {
                        let enum_name = field.type_name().trim_start_matches('.');
                        let Some(symbol) = ext.message.symbol(enum_name) else {
                            continue;
                        };
                        let Some(e) = enum_at(&ext.message.proto, &symbol.path) else {
                            continue;
                        };
                        let Some(v) = e
                            .value
                            .iter()
                            .find(|v| i64::from(v.number()) == value.0 as i64)
                        else {
                            continue;
                        };
                        let Some(own) = v
                            .options
                            .as_ref()
                            .and_then(|o| encoded_bytes(&o.encoded, VALUE_FEATURE_SUPPORT))
                        else {
                            continue;
                        };
                        let mut merged = field_support.as_ref().map_or_else(
                            || Support {
                                introduced: None,
                                removed: None,
                                removal_error: None,
                            },
                            |s| support(s),
                        );
                        let own = support(&own);
                        merged.introduced = own.introduced.or(merged.introduced);
                        merged.removed = own.removed.or(merged.removed);
                        merged.removal_error = own.removal_error.or(merged.removal_error);
                        // Enum values are scoped like C++ enumerators: next to their enum.
                        let scope = enum_name.rsplit_once('.').map_or("", |(s, _)| s);
                        let value_name = if scope.is_empty() {
                            v.name().to_string()
                        } else {
                            format!("{scope}.{}", v.name())
                        };
                        lifetime(&mut found, named, at, &value_name, &merged, edition);
                    }
                }
            }
        });
        for (path, at, message) in found {
            self.push_deferred(&path, at, message);
        }
    }
}

fn lifetime(
    found: &mut Vec<(Vec<i32>, At, String)>,
    element: &[i32],
    at: At,
    full: &str,
    s: &Support,
    edition: i32,
) {
    if let Some(introduced) = s.introduced {
        if edition < introduced {
            found.push((
                element.to_vec(),
                at,
                format!(
                    "{full} wasn't introduced until edition {} and can't be used in edition {}",
                    edition_name(introduced),
                    edition_name(edition)
                ),
            ));
        }
    }
    if let Some(removed) = s.removed {
        if edition >= removed {
            let detail = s
                .removal_error
                .as_deref()
                .map_or_else(String::new, |e| format!(": {e}"));
            found.push((
                element.to_vec(),
                at,
                format!(
                    "{full} has been removed in edition {}{detail}",
                    edition_name(removed)
                ),
            ));
        }
    }
}

/// protoc's checks of a `feature_support` window as written on a field or enum value of
/// this file, with the element's full name; the first problem only.
fn window_problem(bytes: &[u8], full: &str) -> Option<String> {
    let int = |n| encoded_varint(bytes, n).and_then(|v| i32::try_from(v).ok());
    let (introduced, deprecated, removed) = (int(1).unwrap_or(0), int(2), int(4));
    let has_warning = encoded_bytes(bytes, 3).is_some();
    let has_removal_error = encoded_bytes(bytes, 5).is_some();
    let problem = if deprecated.is_some_and(|d| d < introduced) {
        "was deprecated before it was introduced."
    } else if deprecated.is_some() && !has_warning {
        "is deprecated but does not specify a deprecation warning."
    } else if matches!((deprecated, removed), (Some(d), Some(r)) if d > r) {
        "was deprecated after it was removed."
    } else if removed.is_some_and(|r| r != introduced) && !has_removal_error {
        // Removed in the edition that introduced it, it can never be used: no error needed.
        "has been removed but does not specify a removal error."
    } else if removed.is_some_and(|r| r < introduced) {
        "was removed before it was introduced."
    } else {
        return None;
    };
    Some(format!("{full} {problem}"))
}

impl Checker<'_> {
    /// Support windows written on this file's fields and enum values must be consistent.
    pub(super) fn support_windows(&mut self, file: &FileDescriptorProto) {
        fn fields(
            fs: &[crate::descriptor::FieldDescriptorProto],
            scope: &str,
            out: &mut Vec<String>,
        ) {
            for f in fs {
                if let Some(s) = f
                    .options
                    .as_ref()
                    .and_then(|o| encoded_bytes(&o.encoded, FEATURE_SUPPORT))
                {
                    out.extend(window_problem(&s, &super::join(scope, f.name())));
                }
            }
        }
        fn enums(
            es: &[crate::descriptor::EnumDescriptorProto],
            scope: &str,
            out: &mut Vec<String>,
        ) {
            for e in es {
                for v in &e.value {
                    if let Some(s) = v
                        .options
                        .as_ref()
                        .and_then(|o| encoded_bytes(&o.encoded, VALUE_FEATURE_SUPPORT))
                    {
                        out.extend(window_problem(&s, &super::join(scope, v.name())));
                    }
                }
            }
        }
        fn message(m: &DescriptorProto, scope: &str, out: &mut Vec<String>) {
            let name = super::join(scope, m.name());
            fields(&m.field, &name, out);
            fields(&m.extension, &name, out);
            enums(&m.enum_type, &name, out);
            for n in &m.nested_type {
                message(n, &name, out);
            }
        }
        let mut found = Vec::new();
        let package = file.package();
        for m in &file.message_type {
            message(m, package, &mut found);
        }
        fields(&file.extension, package, &mut found);
        enums(&file.enum_type, package, &mut found);
        for problem in found {
            self.push(&[], At::Nowhere, problem);
        }
    }
}

/// An extension of one of the `google.protobuf.*Options` messages: a custom option.
pub(super) struct OptionExtension<'f> {
    extendee: &'f str,
    number: i32,
    full_name: String,
    field: &'f FieldDescriptorProto,
}

/// The custom options defined in `file` and in `deps`.
pub(super) fn option_extensions<'f>(
    file: &'f FileDescriptorProto,
    deps: &'f [Arc<LinkedFile>],
) -> Vec<OptionExtension<'f>> {
    fn collect<'f>(
        fields: &'f [FieldDescriptorProto],
        scope: &str,
        out: &mut Vec<OptionExtension<'f>>,
    ) {
        for f in fields {
            let Some(extendee) = f.extendee.as_deref() else {
                continue;
            };
            if extendee.starts_with(".google.protobuf.") && extendee.ends_with("Options") {
                out.push(OptionExtension {
                    extendee,
                    number: f.number(),
                    full_name: super::join(scope, f.name()),
                    field: f,
                });
            }
        }
    }
    fn message<'f>(m: &'f DescriptorProto, scope: &str, out: &mut Vec<OptionExtension<'f>>) {
        let name = super::join(scope, m.name());
        collect(&m.extension, &name, out);
        for n in &m.nested_type {
            message(n, &name, out);
        }
    }
    let mut out = Vec::new();
    for f in std::iter::once(file).chain(deps.iter().map(|d| &d.proto)) {
        collect(&f.extension, f.package(), &mut out);
        for m in &f.message_type {
            message(m, f.package(), &mut out);
        }
    }
    out
}

/// The edition protoc checks support windows against: `PROTO2`/`PROTO3` outside editions.
fn effective_edition(file: &FileDescriptorProto) -> i32 {
    match file.syntax.as_deref() {
        Some("editions") => file.edition.unwrap_or(0),
        Some("proto3") => 999,
        _ => 998,
    }
}

impl<'a> Checker<'a> {
    /// Custom options set on elements their `targets` exclude, and custom options (or fields
    /// and enum values inside them) used outside their support window.
    pub(super) fn custom_options(
        &mut self,
        file: &'a FileDescriptorProto,
        exts: &[OptionExtension<'_>],
    ) {
        if exts.is_empty() {
            return;
        }
        let edition = effective_edition(file);
        let mut found: Vec<(Vec<i32>, At, String)> = Vec::new();
        let mut messages: Vec<(Vec<i32>, At, String, Vec<u8>)> = Vec::new();
        let mut values: Vec<(Vec<i32>, At, String, u64)> = Vec::new();
        super::super::retention::visit(file, &mut |options_path, kind, options| {
            let Some(o) = options else {
                return;
            };
            let Some((target, entity_name, _)) = entity(kind) else {
                return;
            };
            let extendee = format!(".google.protobuf.{kind}");
            let element = &options_path[..options_path.len().saturating_sub(1)];
            let at = match target {
                2 | 5 => At::Nowhere,
                _ => NAME,
            };
            // A file's "name" location is its package statement.
            let element: &[i32] = if target == 1 { &[2] } else { element };
            let at = if target == 1 { At::Whole } else { at };
            let mut seen: Vec<u32> = Vec::new();
            let mut rest: &[u8] = &o.encoded;
            while let Some((n, wire, value, next)) = next_field(rest) {
                rest = next;
                if seen.contains(&n) {
                    continue;
                }
                seen.push(n);
                let Some(ext) = exts
                    .iter()
                    .find(|e| e.extendee == extendee && e.number == n as i32)
                else {
                    continue;
                };
                let field_options = ext
                    .field
                    .options
                    .as_ref()
                    .map_or(&[][..], |o| &o.encoded[..]);
                let targets = varints(field_options, TARGETS);
                if self.check_targets && !targets.is_empty() && !targets.contains(&target) {
                    found.push((
                        element.to_vec(),
                        At::Nowhere,
                        format!(
                            "Option {} cannot be set on an entity of type `{entity_name}`.",
                            ext.full_name
                        ),
                    ));
                }
                if let Some(s) = encoded_bytes(field_options, FEATURE_SUPPORT) {
                    lifetime(
                        &mut found,
                        element,
                        at,
                        &ext.full_name,
                        &support(&s),
                        edition,
                    );
                }
                if wire == 0 && ext.field.r#type == Some(14) {
                    values.push((
                        element.to_vec(),
                        at,
                        ext.field.type_name().to_string(),
                        value.0,
                    ));
                }
                if wire == 2 && matches!(ext.field.r#type, Some(11 | 10)) {
                    messages.push((
                        element.to_vec(),
                        at,
                        ext.field.type_name().to_string(),
                        value.1.to_vec(),
                    ));
                }
            }
        });
        for (element, at, type_name, number) in values {
            if let Some((name, s)) = self.enum_value_support(&type_name, number) {
                lifetime(&mut found, &element, at, &name, &support(&s), edition);
            }
        }
        for (element, at, type_name, bytes) in messages {
            self.message_lifetimes(&mut found, &element, at, &type_name, &bytes, edition, 0);
        }
        for (path, at, message) in found {
            self.push_deferred(&path, at, message);
        }
    }

    /// The C++-scoped full name and `feature_support` of the value numbered `number` of the
    /// enum `type_name`, if it has one.
    fn enum_value_support(&self, type_name: &str, number: u64) -> Option<(String, Vec<u8>)> {
        let full = type_name.trim_start_matches('.');
        let Found::Symbol { file, symbol, .. } = self.scope.find(full)? else {
            return None;
        };
        let proto: &FileDescriptorProto = file.map_or(self.file, |f| &f.proto);
        let e = enum_at(proto, &symbol.path)?;
        let v = e
            .value
            .iter()
            .find(|v| i64::from(v.number()) as u64 == number)?;
        let s = encoded_bytes(&v.options.as_ref()?.encoded, VALUE_FEATURE_SUPPORT)?;
        let scope = full.rsplit_once('.').map_or("", |(s, _)| s);
        Some((super::join(scope, v.name()), s))
    }

    /// Support windows of the fields set in `bytes`, a `type_name` message inside an option.
    #[allow(clippy::too_many_arguments)]
    fn message_lifetimes(
        &self,
        found: &mut Vec<(Vec<i32>, At, String)>,
        element: &[i32],
        at: At,
        type_name: &str,
        bytes: &[u8],
        edition: i32,
        depth: usize,
    ) {
        if depth > 16 {
            return;
        }
        let full = type_name.trim_start_matches('.');
        let Some(Found::Symbol { file, symbol, .. }) = self.scope.find(full) else {
            return;
        };
        let proto: &FileDescriptorProto = match file {
            Some(f) => &f.proto,
            None => self.file,
        };
        let Some(m) = message_at(proto, &symbol.path) else {
            return;
        };
        let mut seen: Vec<u32> = Vec::new();
        let mut rest = bytes;
        while let Some((n, wire, value, next)) = next_field(rest) {
            rest = next;
            if seen.contains(&n) {
                continue;
            }
            seen.push(n);
            let Some(f) = m.field.iter().find(|f| f.number() == n as i32) else {
                continue;
            };
            let name = format!("{full}.{}", f.name());
            if let Some(s) = f
                .options
                .as_ref()
                .and_then(|o| encoded_bytes(&o.encoded, FEATURE_SUPPORT))
            {
                lifetime(found, element, at, &name, &support(&s), edition);
            }
            if wire == 2 && matches!(f.r#type, Some(11 | 10)) {
                self.message_lifetimes(
                    found,
                    element,
                    at,
                    f.type_name(),
                    value.1,
                    edition,
                    depth + 1,
                );
            }
        }
    }
}

/// Whether `file` sets custom options (extension fields of an options message), and
/// whether it sets language features (extension fields of a `FeatureSet`).
pub(super) fn uses_extensions(file: &FileDescriptorProto) -> (bool, bool) {
    let (mut custom, mut language) = (false, false);
    super::super::retention::visit(file, &mut |_, kind, options| {
        let Some(o) = options else {
            return;
        };
        let numbers = field_numbers(&o.encoded);
        // Options messages reserve 990 and up for extensions.
        custom |= numbers.iter().any(|&n| n >= 990);
        if let Some((_, _, features_field)) = entity(kind) {
            if let Some(features) = encoded_bytes(&o.encoded, features_field) {
                language |= field_numbers(&features).iter().any(|&n| n >= 1000);
            }
        }
    });
    (custom, language)
}
