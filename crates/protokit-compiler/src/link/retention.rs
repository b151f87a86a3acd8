//! Dropping source-retention options, as protoc does for `--descriptor_set_out` (unless
//! `--retain_options`): every option field whose definition says
//! `retention = RETENTION_SOURCE` is removed, at any depth inside message-typed options; an
//! options message left empty is removed altogether; and the source locations of whatever was
//! removed go too.

use crate::descriptor::{DescriptorProto, EnumDescriptorProto, FileDescriptorProto, Options};
use crate::options::schema::{self, builtin_index, OptionSchema, SymbolIndex};

use super::options::LinkSchema;
use super::{FxMap, Linker};

/// `FieldOptions.retention`.
const RETENTION: u32 = 17;
const RETENTION_SOURCE: u64 = 2;

/// How an option field is kept: dropped, or kept with the message type to look into.
#[derive(Clone)]
enum Keep {
    Drop,
    Keep(Option<String>),
}

struct Stripper<'a> {
    schema: &'a LinkSchema<'a>,
    file: &'a FileDescriptorProto,
    /// The file's own symbols, indexed on first need (most files define no options).
    local: std::cell::OnceCell<SymbolIndex<'a>>,
    cache: FxMap<String, FxMap<i32, Keep>>,
    /// Paths (as in source locations) of everything removed.
    removed: Vec<Vec<i32>>,
}

impl Linker {
    /// Removes source-retention options from the file and their locations.
    pub(super) fn strip_source_retention(&mut self) {
        let schema = LinkSchema::new(&self.deps, self.pool.as_deref(), self.reach.as_ref());
        let (changes, removed) = {
            let mut s = Stripper {
                schema: &schema,
                file: &self.proto,
                local: std::cell::OnceCell::new(),
                cache: FxMap::default(),
                removed: Vec::new(),
            };
            let mut changes: FxMap<Vec<i32>, Vec<u8>> = FxMap::default();
            visit(&self.proto, &mut |path, kind, options| {
                let Some(o) = options else {
                    return;
                };
                if !o.uninterpreted.is_empty() {
                    return;
                }
                let type_name = options_type(kind);
                if let Some(stripped) = s.strip(&o.encoded, type_name, path) {
                    if stripped.is_empty() {
                        s.removed.push(path.to_vec());
                    }
                    changes.insert(path.to_vec(), stripped);
                }
            });
            (changes, s.removed)
        };
        if changes.is_empty() {
            return;
        }
        let mut original = Vec::with_capacity(changes.len());
        visit_mut(&mut self.proto, &mut |path, options| {
            if let Some(bytes) = changes.get(path) {
                original.push((path.to_vec(), options.clone()));
                if bytes.is_empty() {
                    *options = None;
                } else if let Some(o) = options.as_mut() {
                    o.encoded = bytes.clone();
                }
            }
        });
        // Plugins get the file as written too (`source_file_descriptors`), so keep what goes.
        self.retained = Some(Box::new(Retained {
            options: original,
            locations: self.locations.clone(),
        }));
        self.locations = self.locations.rewrite(|path| {
            if removed.iter().any(|r| path.starts_with(r)) {
                crate::source_info::Rewrite::Drop
            } else {
                crate::source_info::Rewrite::Keep
            }
        });
    }
}

/// What [`Linker::strip_source_retention`] removed from a file: the options it changed, as
/// they were, and every location before the removal.
#[derive(Debug)]
pub(crate) struct Retained {
    options: Vec<(Vec<i32>, Option<Options>)>,
    locations: crate::source_info::PackedLocations,
}

impl super::LinkedFile {
    /// The file's options as written, source-retention options (such as
    /// `features.default_symbol_visibility`) included.
    pub(crate) fn file_options_as_written(&self) -> Option<&Options> {
        let retained = self.retained.as_ref();
        match retained.and_then(|r| r.options.iter().find(|(p, _)| p.as_slice() == [8])) {
            Some((_, o)) => o.as_ref(),
            None => self.proto.options.as_ref(),
        }
    }

    /// The descriptor and source locations with source-retention options kept, as protoc
    /// gives them with `--retain_options` and in a plugin's `source_file_descriptors`.
    pub fn retained(
        &self,
    ) -> (
        std::borrow::Cow<'_, FileDescriptorProto>,
        Vec<crate::source_info::Location>,
    ) {
        let mut proto = self.proto.clone();
        visit_mut(&mut proto, &mut |path, options| {
            if let Some(retained) = &self.retained {
                if let Some((_, o)) = retained.options.iter().find(|(p, _)| p == path) {
                    *options = o.clone();
                }
            }
            if let Some(o) = options.as_mut() {
                if let Some(written) = o.as_written.take() {
                    o.encoded = written;
                }
            }
        });
        let locations = match &self.retained {
            Some(retained) => retained.locations.unpack(),
            None => self.locations.unpack(),
        };
        (std::borrow::Cow::Owned(proto), locations)
    }
}

/// The full name of an options message from its short name.
fn options_type(kind: &str) -> &'static str {
    match kind {
        "FileOptions" => "google.protobuf.FileOptions",
        "MessageOptions" => "google.protobuf.MessageOptions",
        "FieldOptions" => "google.protobuf.FieldOptions",
        "OneofOptions" => "google.protobuf.OneofOptions",
        "ExtensionRangeOptions" => "google.protobuf.ExtensionRangeOptions",
        "EnumOptions" => "google.protobuf.EnumOptions",
        "EnumValueOptions" => "google.protobuf.EnumValueOptions",
        "ServiceOptions" => "google.protobuf.ServiceOptions",
        _ => "google.protobuf.MethodOptions",
    }
}

/// A callback over (location path, options type, options).
type OptionsVisitor<'f> = dyn FnMut(&[i32], &str, &Option<Options>) + 'f;

/// Calls `f` with the location path, options type (`FieldOptions`, …) and options of every
/// element of `file` that can have options.
pub(super) fn visit(file: &FileDescriptorProto, f: &mut OptionsVisitor<'_>) {
    fn message(m: &DescriptorProto, path: &mut Vec<i32>, f: &mut OptionsVisitor<'_>) {
        at(path, &[7], |p| f(p, "MessageOptions", &m.options));
        for (i, x) in m.field.iter().enumerate() {
            at(path, &[2, i as i32, 8], |p| {
                f(p, "FieldOptions", &x.options)
            });
        }
        for (i, x) in m.extension.iter().enumerate() {
            at(path, &[6, i as i32, 8], |p| {
                f(p, "FieldOptions", &x.options)
            });
        }
        for (i, x) in m.oneof_decl.iter().enumerate() {
            at(path, &[8, i as i32, 2], |p| {
                f(p, "OneofOptions", &x.options)
            });
        }
        for (i, x) in m.extension_range.iter().enumerate() {
            at(path, &[5, i as i32, 3], |p| {
                f(p, "ExtensionRangeOptions", &x.options)
            });
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            path.extend([3, i as i32]);
            message(n, path, f);
            path.truncate(path.len() - 2);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            path.extend([4, i as i32]);
            enumeration(e, path, f);
            path.truncate(path.len() - 2);
        }
    }
    fn enumeration(e: &EnumDescriptorProto, path: &mut Vec<i32>, f: &mut OptionsVisitor<'_>) {
        at(path, &[3], |p| f(p, "EnumOptions", &e.options));
        for (i, v) in e.value.iter().enumerate() {
            at(path, &[2, i as i32, 3], |p| {
                f(p, "EnumValueOptions", &v.options)
            });
        }
    }
    let mut path = Vec::new();
    f(&[8], "FileOptions", &file.options);
    for (i, m) in file.message_type.iter().enumerate() {
        path.extend([4, i as i32]);
        message(m, &mut path, f);
        path.clear();
    }
    for (i, e) in file.enum_type.iter().enumerate() {
        path.extend([5, i as i32]);
        enumeration(e, &mut path, f);
        path.clear();
    }
    for (i, s) in file.service.iter().enumerate() {
        f(&[6, i as i32, 3], "ServiceOptions", &s.options);
        for (j, m) in s.method.iter().enumerate() {
            f(&[6, i as i32, 2, j as i32, 4], "MethodOptions", &m.options);
        }
    }
    for (i, x) in file.extension.iter().enumerate() {
        f(&[7, i as i32, 8], "FieldOptions", &x.options);
    }
}

/// Like [`visit`], with mutable access (and no type names).
fn visit_mut(file: &mut FileDescriptorProto, f: &mut dyn FnMut(&[i32], &mut Option<Options>)) {
    fn message(
        m: &mut DescriptorProto,
        path: &mut Vec<i32>,
        f: &mut dyn FnMut(&[i32], &mut Option<Options>),
    ) {
        at(path, &[7], |p| f(p, &mut m.options));
        for (i, x) in m.field.iter_mut().enumerate() {
            at(path, &[2, i as i32, 8], |p| f(p, &mut x.options));
        }
        for (i, x) in m.extension.iter_mut().enumerate() {
            at(path, &[6, i as i32, 8], |p| f(p, &mut x.options));
        }
        for (i, x) in m.oneof_decl.iter_mut().enumerate() {
            at(path, &[8, i as i32, 2], |p| f(p, &mut x.options));
        }
        for (i, x) in m.extension_range.iter_mut().enumerate() {
            at(path, &[5, i as i32, 3], |p| f(p, &mut x.options));
        }
        for (i, n) in m.nested_type.iter_mut().enumerate() {
            path.extend([3, i as i32]);
            message(n, path, f);
            path.truncate(path.len() - 2);
        }
        for (i, e) in m.enum_type.iter_mut().enumerate() {
            path.extend([4, i as i32]);
            enumeration(e, path, f);
            path.truncate(path.len() - 2);
        }
    }
    fn enumeration(
        e: &mut EnumDescriptorProto,
        path: &mut Vec<i32>,
        f: &mut dyn FnMut(&[i32], &mut Option<Options>),
    ) {
        at(path, &[3], |p| f(p, &mut e.options));
        for (i, v) in e.value.iter_mut().enumerate() {
            at(path, &[2, i as i32, 3], |p| f(p, &mut v.options));
        }
    }
    let mut path = Vec::new();
    f(&[8], &mut file.options);
    for (i, m) in file.message_type.iter_mut().enumerate() {
        path.extend([4, i as i32]);
        message(m, &mut path, f);
        path.clear();
    }
    for (i, e) in file.enum_type.iter_mut().enumerate() {
        path.extend([5, i as i32]);
        enumeration(e, &mut path, f);
        path.clear();
    }
    for (i, s) in file.service.iter_mut().enumerate() {
        f(&[6, i as i32, 3], &mut s.options);
        for (j, m) in s.method.iter_mut().enumerate() {
            f(&[6, i as i32, 2, j as i32, 4], &mut m.options);
        }
    }
    for (i, x) in file.extension.iter_mut().enumerate() {
        f(&[7, i as i32, 8], &mut x.options);
    }
}

/// Runs `f` with `suffix` appended to `path` for the call.
fn at(path: &mut Vec<i32>, suffix: &[i32], f: impl FnOnce(&[i32])) {
    let len = path.len();
    path.extend_from_slice(suffix);
    f(path);
    path.truncate(len);
}

impl<'a> Stripper<'a> {
    /// The message `bytes` of type `type_name` without its source-retention fields, or
    /// `None` when nothing had to go.
    fn strip(&mut self, bytes: &[u8], type_name: &str, path: &[i32]) -> Option<Vec<u8>> {
        let fields = split_fields(bytes)?;
        let mut out: Option<Vec<u8>> = None;
        for (i, field) in fields.iter().enumerate() {
            let replacement: Option<Vec<u8>> = match self.keep(type_name, field.number) {
                Keep::Drop => {
                    self.removed.push([path, &[field.number]].concat());
                    Some(Vec::new())
                }
                Keep::Keep(Some(msg)) if field.wire_type == 2 => {
                    let sub_path = [path, &[field.number]].concat();
                    self.strip(field.payload, &msg, &sub_path).map(|inner| {
                        let mut v = field.key.to_vec();
                        prost::encoding::encode_varint(inner.len() as u64, &mut v);
                        v.extend_from_slice(&inner);
                        v
                    })
                }
                Keep::Keep(_) => None,
            };
            match (replacement, &mut out) {
                (Some(r), Some(o)) => o.extend_from_slice(&r),
                (Some(r), None) => {
                    let mut o: Vec<u8> = fields[..i].iter().flat_map(|f| f.raw).copied().collect();
                    o.extend_from_slice(&r);
                    out = Some(o);
                }
                (None, Some(o)) => o.extend_from_slice(field.raw),
                (None, None) => {}
            }
        }
        out
    }

    fn keep(&mut self, type_name: &str, number: i32) -> Keep {
        if let Some(k) = self.cache.get(type_name).and_then(|m| m.get(&number)) {
            return k.clone();
        }
        let keep = self.decide(type_name, number);
        self.cache
            .entry(type_name.to_string())
            .or_default()
            .insert(number, keep.clone());
        keep
    }

    fn local(&self) -> &SymbolIndex<'a> {
        self.local.get_or_init(|| SymbolIndex::new(&[self.file]))
    }

    fn decide(&self, type_name: &str, number: i32) -> Keep {
        let builtin = type_name
            .starts_with("google.protobuf.")
            .then(|| builtin_index().get(type_name))
            .flatten();
        let message = builtin
            .or_else(|| self.schema.find_symbol_anywhere(type_name))
            .or_else(|| self.local().get(type_name));
        let field = match message {
            Some(schema::Symbol::Message(m)) => m.proto.field.iter().find(|f| f.number() == number),
            _ => None,
        };
        let field = field.or_else(|| {
            self.schema
                .find_extension_by_number(type_name, number)
                .or_else(|| builtin_index().extension(type_name, number))
                .or_else(|| self.local().extension(type_name, number))
                .map(|f| f.proto)
        });
        let Some(field) = field else {
            return Keep::Keep(None);
        };
        let source = field.options.as_ref().is_some_and(|o| {
            super::options::encoded_varint(&o.encoded, RETENTION) == Some(RETENTION_SOURCE)
        });
        if source {
            return Keep::Drop;
        }
        // Message-typed options may hold source-retention fields of their own.
        match (field.r#type, field.type_name.as_deref()) {
            (Some(11), Some(t)) => Keep::Keep(Some(t.trim_start_matches('.').to_string())),
            _ => Keep::Keep(None),
        }
    }
}

/// One field of an encoded message.
struct RawField<'b> {
    number: i32,
    wire_type: u8,
    /// The key bytes.
    key: &'b [u8],
    /// A length-delimited field's contents.
    payload: &'b [u8],
    /// The whole field, key included.
    raw: &'b [u8],
}

fn split_fields(mut buf: &[u8]) -> Option<Vec<RawField<'_>>> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let start = buf;
        let key = prost::encoding::decode_varint(&mut buf).ok()?;
        let key_len = start.len() - buf.len();
        let number = i32::try_from(key >> 3).ok()?;
        let wire_type = (key & 7) as u8;
        let mut payload: &[u8] = &[];
        match wire_type {
            0 => {
                prost::encoding::decode_varint(&mut buf).ok()?;
            }
            1 => buf = buf.get(8..)?,
            2 => {
                let len = usize::try_from(prost::encoding::decode_varint(&mut buf).ok()?).ok()?;
                payload = buf.get(..len)?;
                buf = &buf[len..];
            }
            3 => buf = skip_group(buf, number)?,
            5 => buf = buf.get(4..)?,
            _ => return None,
        }
        let used = start.len() - buf.len();
        out.push(RawField {
            number,
            wire_type,
            key: &start[..key_len],
            payload,
            raw: &start[..used],
        });
    }
    Some(out)
}

/// Skips a group's body up to and including its end tag.
fn skip_group(mut buf: &[u8], number: i32) -> Option<&[u8]> {
    loop {
        let key = prost::encoding::decode_varint(&mut buf).ok()?;
        let n = i32::try_from(key >> 3).ok()?;
        match key & 7 {
            0 => {
                prost::encoding::decode_varint(&mut buf).ok()?;
            }
            1 => buf = buf.get(8..)?,
            2 => {
                let len = usize::try_from(prost::encoding::decode_varint(&mut buf).ok()?).ok()?;
                buf = buf.get(len..)?;
            }
            3 => buf = skip_group(buf, n)?,
            4 => return (n == number).then_some(buf),
            5 => buf = buf.get(4..)?,
            _ => return None,
        }
    }
}
