//! Type information the interpreter derives from descriptors: symbol lookup with protoc's
//! scoping, and per-message field tables (number, wire form, presence, packing) cached by name.

use crate::link::FxMap as HashMap;
use std::cell::RefCell;
use std::sync::Arc;

use crate::descriptor::{DescriptorProto, FileDescriptorProto, Options};

use super::schema::{
    builtin_index, join, EnumRef, FieldRef, MessageRef, OptionSchema, Symbol, SymbolIndex,
};
use super::wire::{self, WireValue};

/// `FieldDescriptorProto.Type` values.
pub(crate) mod ty {
    pub const DOUBLE: i32 = 1;
    pub const FLOAT: i32 = 2;
    pub const INT64: i32 = 3;
    pub const UINT64: i32 = 4;
    pub const INT32: i32 = 5;
    pub const FIXED64: i32 = 6;
    pub const FIXED32: i32 = 7;
    pub const BOOL: i32 = 8;
    pub const STRING: i32 = 9;
    pub const GROUP: i32 = 10;
    pub const MESSAGE: i32 = 11;
    pub const BYTES: i32 = 12;
    pub const UINT32: i32 = 13;
    pub const ENUM: i32 = 14;
    pub const SFIXED32: i32 = 15;
    pub const SFIXED64: i32 = 16;
    pub const SINT32: i32 = 17;
    pub const SINT64: i32 = 18;
}

const LABEL_REQUIRED: i32 = 2;
const LABEL_REPEATED: i32 = 3;

/// One field of a message type (or an extension of it), as interpretation needs it.
#[derive(Debug)]
pub(crate) struct FieldInfo {
    pub number: i32,
    pub name: String,
    pub full_name: String,
    /// `FieldDescriptorProto.Type`; `GROUP` for editions' delimited message fields too.
    pub ty: i32,
    pub repeated: bool,
    pub required: bool,
    pub packed: bool,
    /// No presence: a default value is not serialized (proto3 / `IMPLICIT`).
    pub implicit: bool,
    /// Index of the real oneof it belongs to.
    pub oneof: Option<i32>,
    /// Message or enum type, fully qualified without the leading dot.
    pub type_name: String,
    pub is_extension: bool,
    /// Integers not named by the enum are rejected (text format).
    pub closed_enum: bool,
}

impl FieldInfo {
    pub(crate) fn is_message(&self) -> bool {
        self.ty == ty::MESSAGE || self.ty == ty::GROUP
    }

    fn packable(&self) -> bool {
        !matches!(self.ty, ty::STRING | ty::BYTES | ty::MESSAGE | ty::GROUP)
    }
}

/// A message type's fields.
#[derive(Debug)]
pub(crate) struct MessageInfo {
    pub full_name: String,
    pub fields: Vec<Arc<FieldInfo>>,
    by_number: HashMap<i32, usize>,
    by_name: HashMap<String, usize>,
    pub oneof_names: Vec<String>,
    pub map_entry: bool,
    /// `message_set_wire_format`: extensions are written as MessageSet items.
    pub message_set: bool,
    /// Short name (for group-like field names in text format).
    pub name: String,
}

impl MessageInfo {
    /// A message type with no fields (stands in for a type that cannot be found).
    pub(crate) fn empty() -> Self {
        MessageInfo {
            full_name: String::new(),
            fields: Vec::new(),
            by_number: HashMap::default(),
            by_name: HashMap::default(),
            oneof_names: Vec::new(),
            map_entry: false,
            message_set: false,
            name: String::new(),
        }
    }

    pub(crate) fn field_by_number(&self, n: i32) -> Option<&Arc<FieldInfo>> {
        self.by_number.get(&n).map(|&i| &self.fields[i])
    }

    pub(crate) fn field_by_name(&self, name: &str) -> Option<&Arc<FieldInfo>> {
        self.by_name.get(name).map(|&i| &self.fields[i])
    }
}

/// Editions values of `google.protobuf.Edition`.
const EDITION_LEGACY_MAX: i32 = 999;

#[derive(Clone, Copy, PartialEq, Debug)]
enum Syntax {
    Proto2,
    Proto3,
    Editions,
}

fn syntax(file: &FileDescriptorProto) -> Syntax {
    match file.syntax.as_deref() {
        Some("proto3") => Syntax::Proto3,
        Some("editions") => Syntax::Editions,
        _ if file.edition.is_some_and(|e| e > EDITION_LEGACY_MAX) => Syntax::Editions,
        _ => Syntax::Proto2,
    }
}

/// `features` field numbers in the options messages.
const FILE_FEATURES: u32 = 50;
const MESSAGE_FEATURES: u32 = 12;
const FIELD_FEATURES: u32 = 21;
const ONEOF_FEATURES: u32 = 1;
const ENUM_FEATURES: u32 = 7;

/// `FeatureSet` field numbers.
const FIELD_PRESENCE: i32 = 1;
const ENUM_TYPE: i32 = 2;
const REPEATED_FIELD_ENCODING: i32 = 3;
const MESSAGE_ENCODING: i32 = 5;

/// The last varint `feature` in the `features` (field `features_field`) of `options`.
fn feature_in(options: Option<&Options>, features_field: u32, feature: i32) -> Option<u64> {
    last_varint(&options?.encoded, &[features_field as i32, feature])
}

/// The last varint at `path` (field numbers through nested messages), as merging all
/// occurrences would leave it.
fn last_varint(bytes: &[u8], path: &[i32]) -> Option<u64> {
    let (&head, rest) = path.split_first()?;
    let mut found = None;
    for r in wire::records(bytes)? {
        if r.number != head {
            continue;
        }
        match (rest.is_empty(), r.value) {
            (true, WireValue::Varint(v)) => found = Some(v),
            (false, WireValue::Len(body)) => {
                if let Some(v) = last_varint(body, rest) {
                    found = Some(v);
                }
            }
            _ => {}
        }
    }
    found
}

/// Resolves an editions feature for a field: field, oneof, messages inward-out, file.
fn field_feature(f: &FieldRef<'_>, feature: i32) -> Option<u64> {
    field_feature_path(f, &[feature])
}

/// Like [`field_feature`], for a feature inside a `FeatureSet` extension (e.g. `pb.cpp`).
fn field_feature_path(f: &FieldRef<'_>, feature: &[i32]) -> Option<u64> {
    let at = |options: Option<&Options>, features_field: u32| {
        let mut path = vec![features_field as i32];
        path.extend_from_slice(feature);
        last_varint(&options?.encoded, &path)
    };
    if let Some(v) = at(f.proto.options.as_ref(), FIELD_FEATURES) {
        return Some(v);
    }
    if let (false, Some(i), Some(m)) = (
        f.is_extension,
        f.proto.oneof_index,
        f.enclosing.messages.last(),
    ) {
        let oneof = m.oneof_decl.get(i as usize);
        if let Some(v) = at(oneof.and_then(|o| o.options.as_ref()), ONEOF_FEATURES) {
            return Some(v);
        }
    }
    for m in f.enclosing.messages.iter().rev() {
        if let Some(v) = at(m.options.as_ref(), MESSAGE_FEATURES) {
            return Some(v);
        }
    }
    at(f.enclosing.file.options.as_ref(), FILE_FEATURES)
}

/// `FeatureSet` extension `pb.cpp` and its `legacy_closed_enum` field.
const CPP_FEATURES: i32 = 1000;
const LEGACY_CLOSED_ENUM: i32 = 1;

fn scope_feature(
    file: &FileDescriptorProto,
    messages: &[&DescriptorProto],
    feature: i32,
) -> Option<u64> {
    for m in messages.iter().rev() {
        if let Some(v) = feature_in(m.options.as_ref(), MESSAGE_FEATURES, feature) {
            return Some(v);
        }
    }
    feature_in(file.options.as_ref(), FILE_FEATURES, feature)
}

fn enum_is_closed(e: &EnumRef<'_>) -> bool {
    match syntax(e.enclosing.file) {
        Syntax::Proto2 => true,
        Syntax::Proto3 => false,
        Syntax::Editions => {
            let v = feature_in(e.proto.options.as_ref(), ENUM_FEATURES, ENUM_TYPE)
                .or_else(|| scope_feature(e.enclosing.file, &e.enclosing.messages, ENUM_TYPE));
            v == Some(2)
        }
    }
}

/// Lookups over the file being interpreted, the schema of the rest, and protoc's builtin
/// descriptor.proto, with per-type caches.
pub(crate) struct Types<'a> {
    local: SymbolIndex<'a>,
    schema: &'a dyn OptionSchema,
    messages: RefCell<HashMap<String, Option<Arc<MessageInfo>>>>,
    extensions: RefCell<ExtensionCache>,
    /// [`Types::lookup_scoped`] answers by scope (`relative_to` without its last component)
    /// and name: options name the same extensions from the same scopes over and over, and
    /// each uncached answer is a lookup per enclosing scope.
    scoped: RefCell<HashMap<(String, String), Lookup<'a>>>,
}

/// See [`OptionSchema::message_cache`].
pub(crate) type MessageCache = std::sync::RwLock<HashMap<usize, Arc<MessageInfo>>>;

type ExtensionCache = HashMap<(String, i32), Option<Arc<FieldInfo>>>;

/// Message and extension information about types declared outside the file being
/// interpreted, carried from one pass over its options to the next.
#[derive(Default)]
pub(crate) struct Known {
    messages: HashMap<String, Option<Arc<MessageInfo>>>,
    extensions: ExtensionCache,
}

/// What a scoped lookup found.
#[derive(Clone)]
pub(crate) enum Lookup<'a> {
    Found(Symbol<'a>),
    /// The first component resolved to an aggregate in which the rest is not defined: protoc
    /// stops there and names the full name it tried.
    Undefined(String),
    NotFound,
}

impl<'a> Types<'a> {
    /// Lookups with `local` as the index of the file being interpreted.
    pub(crate) fn with_local(local: SymbolIndex<'a>, schema: &'a dyn OptionSchema) -> Self {
        Types {
            local,
            schema,
            messages: RefCell::default(),
            extensions: RefCell::default(),
            scoped: RefCell::default(),
        }
    }

    /// The index of the file being interpreted, for reuse (see [`SymbolIndex::rebind`]), and
    /// what was learnt about types declared elsewhere, which interpreting the file's options
    /// cannot change (see [`Types::with_known`]).
    pub(crate) fn into_parts(self) -> (SymbolIndex<'a>, Known) {
        let local = self.local;
        let mut messages = self.messages.into_inner();
        messages.retain(|name, _| local.get(name).is_none());
        let mut extensions = self.extensions.into_inner();
        extensions.retain(|_, f| f.as_ref().is_none_or(|f| local.get(&f.full_name).is_none()));
        (
            local,
            Known {
                messages,
                extensions,
            },
        )
    }

    /// [`Types::with_local`], starting from what an earlier pass over the same file learnt.
    pub(crate) fn with_known(
        local: SymbolIndex<'a>,
        schema: &'a dyn OptionSchema,
        known: Known,
    ) -> Self {
        let types = Types::with_local(local, schema);
        *types.messages.borrow_mut() = known.messages;
        *types.extensions.borrow_mut() = known.extensions;
        types
    }

    /// protoc's `FindSymbol`: visible symbols only.
    pub(crate) fn find(&self, full_name: &str) -> Option<Symbol<'a>> {
        self.local
            .get(full_name)
            .or_else(|| self.schema.find_symbol(full_name))
    }

    /// See [`OptionSchema::note_used`].
    pub(crate) fn note_used(&self, full_name: &str) {
        self.schema
            .note_used(full_name.strip_prefix('.').unwrap_or(full_name));
    }

    /// protoc's `FindSymbolNotEnforcingDeps`, falling back to the builtin descriptor.proto.
    pub(crate) fn find_anywhere(&self, full_name: &str) -> Option<Symbol<'a>> {
        self.local
            .get(full_name)
            .or_else(|| self.schema.find_symbol_anywhere(full_name))
            .or_else(|| builtin_index().get(full_name))
    }

    /// protoc's `LookupSymbolNoPlaceholder(name, relative_to)`: a leading `.` means fully
    /// qualified; otherwise the first component is looked up from the parent scope of
    /// `relative_to` outward, and the rest inside the first match that is an aggregate.
    pub(crate) fn lookup_scoped(&self, name: &str, relative_to: &str) -> Lookup<'a> {
        if let Some(full) = name.strip_prefix('.') {
            return match self.find(full) {
                Some(s) => Lookup::Found(s),
                None => Lookup::NotFound,
            };
        }
        // Only the scopes above `relative_to` are searched.
        let parent = relative_to.rfind('.').map_or("", |dot| &relative_to[..dot]);
        let key = (parent.to_string(), name.to_string());
        if let Some(found) = self.scoped.borrow().get(&key) {
            return found.clone();
        }
        let found = self.lookup_scoped_uncached(name, relative_to);
        self.scoped.borrow_mut().insert(key, found.clone());
        found
    }

    fn lookup_scoped_uncached(&self, name: &str, relative_to: &str) -> Lookup<'a> {
        let first = name.split('.').next().unwrap_or(name);
        let compound = first.len() < name.len();
        let mut scope = relative_to.to_string();
        loop {
            let Some(dot) = scope.rfind('.') else {
                return match self.find(name) {
                    Some(s) => Lookup::Found(s),
                    None => Lookup::NotFound,
                };
            };
            scope.truncate(dot);
            let base = scope.len();
            scope.push('.');
            scope.push_str(first);
            if let Some(found) = self.find(&scope) {
                if compound {
                    if found.is_aggregate() {
                        scope.push_str(&name[first.len()..]);
                        return match self.find(&scope) {
                            Some(s) => Lookup::Found(s),
                            None => Lookup::Undefined(scope),
                        };
                    }
                } else {
                    return Lookup::Found(found);
                }
            }
            scope.truncate(base);
        }
    }

    /// The message type named `full_name` (leading dot allowed), from anywhere.
    pub(crate) fn message(&self, full_name: &str) -> Option<Arc<MessageInfo>> {
        let full_name = full_name.strip_prefix('.').unwrap_or(full_name);
        if let Some(m) = self.messages.borrow().get(full_name) {
            return m.clone();
        }
        let info = match self.find_anywhere(full_name) {
            Some(Symbol::Message(m)) => Some(self.shared_message(&m, full_name)),
            _ => None,
        };
        self.messages
            .borrow_mut()
            .insert(full_name.to_string(), info.clone());
        info
    }

    /// [`Types::build_message`], through the run's shared cache for messages declared
    /// outside the file being interpreted (whose options interpretation is changing).
    fn shared_message(&self, m: &MessageRef<'a>, full_name: &str) -> Arc<MessageInfo> {
        let cache = self
            .schema
            .message_cache()
            .filter(|_| self.local.get(full_name).is_none());
        let Some(cache) = cache else {
            return Arc::new(self.build_message(m));
        };
        let key = std::ptr::from_ref(m.proto) as usize;
        if let Some(info) = cache.read().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return info.clone();
        }
        let info = Arc::new(self.build_message(m));
        cache
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_insert(info)
            .clone()
    }

    /// The enum type named `full_name` (leading dot allowed).
    pub(crate) fn enum_type(&self, full_name: &str) -> Option<EnumRef<'a>> {
        let full_name = full_name.strip_prefix('.').unwrap_or(full_name);
        match self.find_anywhere(full_name) {
            Some(Symbol::Enum(e)) => Some(e),
            _ => None,
        }
    }

    /// The extension of `extendee` numbered `number`, from anywhere.
    pub(crate) fn extension_by_number(
        &self,
        extendee: &str,
        number: i32,
    ) -> Option<Arc<FieldInfo>> {
        let key = (extendee.to_string(), number);
        if let Some(f) = self.extensions.borrow().get(&key) {
            return f.clone();
        }
        let found = self
            .local
            .extension(extendee, number)
            .or_else(|| self.schema.find_extension_by_number(extendee, number))
            .or_else(|| builtin_index().extension(extendee, number));
        let info = found.map(|f| Arc::new(self.field_info(&f)));
        self.extensions.borrow_mut().insert(key, info.clone());
        info
    }

    /// A field of `message`, by number, its extensions included.
    pub(crate) fn field_by_number(&self, message: &MessageInfo, n: i32) -> Option<Arc<FieldInfo>> {
        match message.field_by_number(n) {
            Some(f) => Some(f.clone()),
            None => self.extension_by_number(&message.full_name, n),
        }
    }

    fn build_message(&self, m: &MessageRef<'a>) -> MessageInfo {
        let mut messages = m.enclosing.messages.clone();
        messages.push(m.proto);
        let mut fields = Vec::with_capacity(m.proto.field.len());
        let mut by_number = HashMap::default();
        let mut by_name = HashMap::default();
        for f in &m.proto.field {
            let fref = FieldRef {
                full_name: join(&m.full_name, f.name()),
                proto: f,
                enclosing: super::schema::Enclosing {
                    file: m.enclosing.file,
                    messages: messages.clone(),
                },
                is_extension: false,
            };
            let info = self.field_info(&fref);
            by_number.entry(info.number).or_insert(fields.len());
            by_name.entry(info.name.clone()).or_insert(fields.len());
            fields.push(Arc::new(info));
        }
        let flag = |number: i32| {
            m.proto
                .options
                .as_ref()
                .is_some_and(|o| last_varint(&o.encoded, &[number]).is_some_and(|v| v != 0))
        };
        let (map_entry, message_set) = (flag(7), flag(1));
        MessageInfo {
            full_name: m.full_name.clone(),
            fields,
            by_number,
            by_name,
            oneof_names: m
                .proto
                .oneof_decl
                .iter()
                .map(|o| o.name().to_string())
                .collect(),
            map_entry,
            message_set,
            name: m.proto.name().to_string(),
        }
    }

    /// Wire form and presence of a field, from its file's syntax or editions features.
    pub(crate) fn field_info(&self, f: &FieldRef<'a>) -> FieldInfo {
        let p = f.proto;
        let syn = syntax(f.enclosing.file);
        let mut ty = p.r#type.unwrap_or(0);
        let repeated = p.label == Some(LABEL_REPEATED);
        let type_name = p
            .type_name
            .as_deref()
            .map(|t| t.strip_prefix('.').unwrap_or(t).to_string())
            .unwrap_or_default();
        let packed_option = p.options.as_ref().and_then(|o| {
            wire::records(&o.encoded)?
                .iter()
                .rev()
                .find_map(|r| match (r.number, r.value) {
                    (2, WireValue::Varint(v)) => Some(v != 0),
                    _ => None,
                })
        });
        let in_real_oneof = !f.is_extension && p.oneof_index.is_some() && !p.proto3_optional();
        let mut required = p.label == Some(LABEL_REQUIRED);
        let (packed, implicit) = match syn {
            Syntax::Proto2 => (packed_option == Some(true), false),
            Syntax::Proto3 => (
                packed_option.unwrap_or(true),
                !repeated
                    && !f.is_extension
                    && ty != ty::MESSAGE
                    && ty != ty::GROUP
                    && p.oneof_index.is_none()
                    && !p.proto3_optional(),
            ),
            Syntax::Editions => {
                let presence = field_feature(f, FIELD_PRESENCE);
                if presence == Some(3) {
                    required = true;
                }
                if ty == ty::MESSAGE
                    && !repeated_map(self, &type_name)
                    && field_feature(f, MESSAGE_ENCODING) == Some(2)
                {
                    ty = ty::GROUP;
                }
                (
                    field_feature(f, REPEATED_FIELD_ENCODING) != Some(2),
                    presence == Some(2)
                        && !repeated
                        && !f.is_extension
                        && ty != ty::MESSAGE
                        && ty != ty::GROUP
                        && p.oneof_index.is_none(),
                )
            }
        };
        // protoc's `legacy_enum_field_treated_as_closed`: a closed enum, or any enum used
        // from proto2, or from editions with the C++ legacy_closed_enum feature.
        let closed_enum = ty == ty::ENUM
            && (syn == Syntax::Proto2
                || (syn == Syntax::Editions
                    && field_feature_path(f, &[CPP_FEATURES, LEGACY_CLOSED_ENUM]) == Some(1))
                || self
                    .enum_type(&type_name)
                    .is_some_and(|e| enum_is_closed(&e)));
        let mut info = FieldInfo {
            number: p.number.unwrap_or(0),
            name: p.name().to_string(),
            full_name: f.full_name.clone(),
            ty,
            repeated,
            required,
            packed: false,
            implicit,
            oneof: if in_real_oneof { p.oneof_index } else { None },
            type_name,
            is_extension: f.is_extension,
            closed_enum,
        };
        info.packed = repeated && packed && info.packable();
        info
    }
}

/// Map entries are never delimited, whatever the features say.
fn repeated_map(types: &Types<'_>, type_name: &str) -> bool {
    match types.find_anywhere(type_name) {
        Some(Symbol::Message(m)) => m.proto.options.as_ref().is_some_and(|o| {
            wire::records(&o.encoded)
                .unwrap_or_default()
                .iter()
                .any(|r| r.number == 7)
        }),
        _ => false,
    }
}
