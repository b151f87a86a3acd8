//! Which imports a file uses, as buf's compiler records it (IMPORT_USED), and a name index
//! over an image's files shared by the rules that follow imports.
//!
//! An import is used when the file refers to something it declares: a field, extension or
//! method type, an extendee, a custom option (an extension of a `*Options` message, found by
//! decoding the options' raw bytes, recursively through message values, `features` and
//! nested extensions), or the type named by a `google.protobuf.Any` inside an option value.
//! A symbol declared in a file that is not imported directly is credited, as buf does, to
//! the file's first `import public` that reaches the declaring file through imports of any
//! kind (public imports are never reported), else to the first import in order that reaches
//! it that way. Types of plain (non-extension)
//! fields inside option values do not count, as in buf.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use protokit_compiler::descriptor::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto};

use rayon::prelude::*;

use crate::image::Image;

const TYPE_GROUP: i32 = 10;
const TYPE_MESSAGE: i32 = 11;
/// Deepest nesting of option values followed; deeper values are not looked into.
const MAX_DEPTH: u32 = 64;

/// Index of file names to their position in the image.
pub(crate) fn files_by_name(image: &Image) -> HashMap<&str, usize> {
    let mut by_name = HashMap::with_capacity(image.files.len());
    for (i, f) in image.files.iter().enumerate() {
        by_name.entry(f.name()).or_insert(i);
    }
    by_name
}

/// A fast, non-cryptographic hasher (rustc's Fx): the maps here hold every type name of the
/// image and are queried for every type reference.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A message or enum type: the file declaring it and, for messages, the descriptor.
#[derive(Clone, Copy)]
struct TypeEntry<'a> {
    file: usize,
    message: Option<&'a DescriptorProto>,
}

/// (extendee without the leading dot, number) → (declaring file, extension).
type ExtensionKey<'a> = (&'a str, i32);
type ExtensionEntry<'a> = (usize, &'a FieldDescriptorProto);

/// The symbols of every file of an image, built once per lint run.
pub(crate) struct Symbols<'a> {
    image: &'a Image,
    /// Each file's dependencies as image indices (`None` when not in the image).
    deps: Vec<Vec<Option<usize>>>,
    types: FxMap<String, TypeEntry<'a>>,
    extensions: FxMap<ExtensionKey<'a>, ExtensionEntry<'a>>,
}

impl<'a> Symbols<'a> {
    /// Indexes every file of `image`, imports included. Each file's declarations are
    /// collected on a worker, then merged in image order (the first declaration of a name
    /// wins).
    pub(crate) fn build(image: &'a Image) -> Self {
        let by_name = files_by_name(image);
        let deps = image
            .files
            .iter()
            .map(|f| {
                f.proto
                    .dependency
                    .iter()
                    .map(|d| by_name.get(d.as_str()).copied())
                    .collect()
            })
            .collect();
        let per_file: Vec<FileSymbols<'a>> = image
            .files
            .par_iter()
            .enumerate()
            .map(|(i, f)| {
                let mut out = FileSymbols {
                    file: i,
                    types: Vec::new(),
                    extensions: Vec::new(),
                };
                out.collect(&f.proto);
                out
            })
            .collect();
        let mut types = FxMap::default();
        types.reserve(per_file.iter().map(|f| f.types.len()).sum());
        let mut extensions = FxMap::default();
        for f in per_file {
            for (name, entry) in f.types {
                types.entry(name).or_insert(entry);
            }
            for (key, entry) in f.extensions {
                extensions.entry(key).or_insert(entry);
            }
        }
        Symbols {
            image,
            deps,
            types,
            extensions,
        }
    }

    /// For each dependency of file `index` (in `dependency` order), whether the file uses
    /// it; public dependencies count as used.
    pub(crate) fn used_dependencies(&self, index: usize) -> Vec<bool> {
        let file = &self.image.files[index].proto;
        let mut used = vec![false; file.dependency.len()];
        for &p in &file.public_dependency {
            if let Some(u) = usize::try_from(p).ok().and_then(|p| used.get_mut(p)) {
                *u = true;
            }
        }
        let left = used.iter().filter(|u| !**u).count();
        let mut u = Usage {
            syms: self,
            file: index,
            used,
            left,
            seen: HashSet::default(),
        };
        u.file(file);
        u.used
    }

    /// Whether `target` is `from` or one of the files it imports, at any depth, through any
    /// kind of import.
    fn reaches(&self, from: usize, target: usize) -> bool {
        let mut stack = vec![from];
        let mut visited = HashSet::new();
        while let Some(f) = stack.pop() {
            if f == target {
                return true;
            }
            if visited.insert(f) {
                stack.extend(self.deps[f].iter().flatten().copied());
            }
        }
        false
    }
}

/// One file's declarations, collected on a worker before they are merged.
struct FileSymbols<'a> {
    file: usize,
    types: Vec<(String, TypeEntry<'a>)>,
    extensions: Vec<(ExtensionKey<'a>, ExtensionEntry<'a>)>,
}

impl<'a> FileSymbols<'a> {
    fn collect(&mut self, f: &'a FileDescriptorProto) {
        let package = f.package.as_deref().unwrap_or("");
        for m in &f.message_type {
            self.message(package, m);
        }
        for e in &f.enum_type {
            self.enum_(package, e);
        }
        for x in &f.extension {
            self.extension(x);
        }
    }

    fn message(&mut self, prefix: &str, m: &'a DescriptorProto) {
        let name = qualify(prefix, m.name.as_deref().unwrap_or(""));
        for n in &m.nested_type {
            self.message(&name, n);
        }
        for e in &m.enum_type {
            self.enum_(&name, e);
        }
        for x in &m.extension {
            self.extension(x);
        }
        let entry = TypeEntry {
            file: self.file,
            message: Some(m),
        };
        self.types.push((name, entry));
    }

    fn enum_(&mut self, prefix: &str, e: &protokit_compiler::descriptor::EnumDescriptorProto) {
        let entry = TypeEntry {
            file: self.file,
            message: None,
        };
        self.types
            .push((qualify(prefix, e.name.as_deref().unwrap_or("")), entry));
    }

    fn extension(&mut self, x: &'a FieldDescriptorProto) {
        let extendee = strip_dot(x.extendee.as_deref().unwrap_or(""));
        if let Some(n) = x.number {
            self.extensions.push(((extendee, n), (self.file, x)));
        }
    }
}

/// The walk over one file, marking the dependencies it uses.
struct Usage<'s, 'a> {
    syms: &'s Symbols<'a>,
    file: usize,
    used: Vec<bool>,
    /// Dependencies not marked yet; the walk stops early at zero.
    left: usize,
    /// Declaring files already attributed to an import.
    seen: HashSet<usize, BuildHasherDefault<FxHasher>>,
}

impl Usage<'_, '_> {
    /// Marks the import that makes file `decl`'s symbols visible.
    fn mark(&mut self, decl: usize) {
        if decl == self.file || !self.seen.insert(decl) {
            return;
        }
        let deps = &self.syms.deps[self.file];
        let public = &self.syms.image.files[self.file].proto.public_dependency;
        let i = deps
            .iter()
            .position(|d| *d == Some(decl))
            .or_else(|| {
                // buf credits the file's own public imports next, then the other imports in
                // order, each through every import edge below it (public or not).
                public.iter().find_map(|&p| {
                    let p = usize::try_from(p).ok()?;
                    let d = (*deps.get(p)?)?;
                    self.syms.reaches(d, decl).then_some(p)
                })
            })
            .or_else(|| {
                deps.iter()
                    .position(|d| d.is_some_and(|d| self.syms.reaches(d, decl)))
            });
        if let Some(i) = i {
            if !self.used[i] {
                self.used[i] = true;
                self.left -= 1;
            }
        }
    }

    fn type_name(&mut self, name: Option<&str>) {
        if self.left == 0 {
            return;
        }
        let Some(name) = name else { return };
        if let Some(t) = self.syms.types.get(strip_dot(name)) {
            self.mark(t.file);
        }
    }

    fn field(&mut self, f: &FieldDescriptorProto) {
        if self.left == 0 {
            return;
        }
        self.type_name(f.type_name.as_deref());
        self.type_name(f.extendee.as_deref());
        self.options(f.options.as_ref(), "google.protobuf.FieldOptions");
    }

    fn options(&mut self, o: Option<&protokit_compiler::descriptor::Options>, kind: &str) {
        if self.left == 0 {
            return;
        }
        if let Some(o) = o {
            if !o.encoded.is_empty() {
                self.value(kind, &o.encoded, 0);
            }
        }
    }

    fn file(&mut self, f: &FileDescriptorProto) {
        self.options(f.options.as_ref(), "google.protobuf.FileOptions");
        for m in &f.message_type {
            self.message(m);
        }
        for e in &f.enum_type {
            self.enum_(e);
        }
        for x in &f.extension {
            self.field(x);
        }
        for s in &f.service {
            self.options(s.options.as_ref(), "google.protobuf.ServiceOptions");
            for m in &s.method {
                self.type_name(m.input_type.as_deref());
                self.type_name(m.output_type.as_deref());
                self.options(m.options.as_ref(), "google.protobuf.MethodOptions");
            }
        }
    }

    fn message(&mut self, m: &DescriptorProto) {
        if self.left == 0 {
            return;
        }
        self.options(m.options.as_ref(), "google.protobuf.MessageOptions");
        for f in m.field.iter().chain(&m.extension) {
            self.field(f);
        }
        for o in &m.oneof_decl {
            self.options(o.options.as_ref(), "google.protobuf.OneofOptions");
        }
        for r in &m.extension_range {
            self.options(r.options.as_ref(), "google.protobuf.ExtensionRangeOptions");
        }
        for n in &m.nested_type {
            self.message(n);
        }
        for e in &m.enum_type {
            self.enum_(e);
        }
    }

    fn enum_(&mut self, e: &protokit_compiler::descriptor::EnumDescriptorProto) {
        if self.left == 0 {
            return;
        }
        self.options(e.options.as_ref(), "google.protobuf.EnumOptions");
        for v in &e.value {
            self.options(v.options.as_ref(), "google.protobuf.EnumValueOptions");
        }
    }

    /// Walks an encoded message of type `type_name` (without the leading dot): extensions
    /// mark their declaring file, message-typed fields and extensions are followed, and an
    /// `Any`'s type marks the file declaring it.
    fn value(&mut self, type_name: &str, bytes: &[u8], depth: u32) {
        if depth > MAX_DEPTH {
            return;
        }
        let syms = self.syms;
        let message = syms.types.get(type_name).and_then(|t| t.message);
        let mut any_url: Option<&[u8]> = None;
        let mut any_value: Option<&[u8]> = None;
        let mut r = Reader { buf: bytes, pos: 0 };
        while let Some((number, payload)) = r.field() {
            let nested = match payload {
                Payload::Bytes(b) | Payload::Group(b) => Some(b),
                Payload::Scalar => None,
            };
            if type_name == "google.protobuf.Any" {
                match number {
                    1 => any_url = nested,
                    2 => any_value = nested,
                    _ => {}
                }
                continue;
            }
            let Ok(n) = i32::try_from(number) else {
                continue;
            };
            if let Some(&(decl, ext)) = syms.extensions.get(&(type_name, n)) {
                self.mark(decl);
                if let (Some(b), true) = (nested, is_message(ext)) {
                    self.value(
                        strip_dot(ext.type_name.as_deref().unwrap_or("")),
                        b,
                        depth + 1,
                    );
                }
                continue;
            }
            let Some(b) = nested else { continue };
            if let Some(m) = message {
                if let Some(f) = m.field.iter().find(|f| f.number == Some(n)) {
                    if is_message(f) {
                        let t = strip_dot(f.type_name.as_deref().unwrap_or(""));
                        self.value(t, b, depth + 1);
                    }
                }
            } else if builtin_features_field(type_name) == Some(n) {
                self.value("google.protobuf.FeatureSet", b, depth + 1);
            }
        }
        if let Some(url) = any_url {
            let url = String::from_utf8_lossy(url);
            let name = url.rsplit('/').next().unwrap_or("");
            if let Some(t) = syms.types.get(name).copied() {
                self.mark(t.file);
                if let Some(v) = any_value {
                    self.value(name, v, depth + 1);
                }
            }
        }
    }
}

fn is_message(f: &FieldDescriptorProto) -> bool {
    matches!(f.r#type, Some(TYPE_MESSAGE | TYPE_GROUP))
}

/// The `features` field of descriptor.proto's options messages, for images that do not
/// carry descriptor.proto itself.
fn builtin_features_field(options: &str) -> Option<i32> {
    Some(match options {
        "google.protobuf.FileOptions" | "google.protobuf.ExtensionRangeOptions" => 50,
        "google.protobuf.MessageOptions" => 12,
        "google.protobuf.FieldOptions" => 21,
        "google.protobuf.OneofOptions" => 1,
        "google.protobuf.EnumOptions" => 7,
        "google.protobuf.EnumValueOptions" => 2,
        "google.protobuf.ServiceOptions" => 34,
        "google.protobuf.MethodOptions" => 35,
        _ => return None,
    })
}

fn strip_dot(name: &str) -> &str {
    name.strip_prefix('.').unwrap_or(name)
}

fn qualify(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        return name.to_string();
    }
    // Not `format!`: this runs for every type of the image.
    let mut full = String::with_capacity(prefix.len() + 1 + name.len());
    full.push_str(prefix);
    full.push('.');
    full.push_str(name);
    full
}

enum Payload<'b> {
    Scalar,
    Bytes(&'b [u8]),
    /// A group's body, without its end tag.
    Group(&'b [u8]),
}

/// A reader of protobuf wire format that stops at the first malformed byte.
struct Reader<'b> {
    buf: &'b [u8],
    pos: usize,
}

impl<'b> Reader<'b> {
    fn varint(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.buf.get(self.pos)?;
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }

    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let end = self.pos.checked_add(n)?;
        let s = self.buf.get(self.pos..end)?;
        self.pos = end;
        Some(s)
    }

    /// The next field's number and payload.
    fn field(&mut self) -> Option<(u64, Payload<'b>)> {
        if self.pos >= self.buf.len() {
            return None;
        }
        let key = self.varint()?;
        let number = key >> 3;
        let payload = match key & 7 {
            0 => {
                self.varint()?;
                Payload::Scalar
            }
            1 => {
                self.take(8)?;
                Payload::Scalar
            }
            5 => {
                self.take(4)?;
                Payload::Scalar
            }
            2 => {
                let n = usize::try_from(self.varint()?).ok()?;
                Payload::Bytes(self.take(n)?)
            }
            3 => {
                let start = self.pos;
                let end = self.skip_group(number, 0)?;
                Payload::Group(&self.buf[start..end])
            }
            _ => return None,
        };
        Some((number, payload))
    }

    /// Skips to the end tag of group `number`; returns where the end tag starts.
    fn skip_group(&mut self, number: u64, depth: u32) -> Option<usize> {
        if depth > MAX_DEPTH {
            return None;
        }
        loop {
            let tag_start = self.pos;
            let key = self.varint()?;
            match key & 7 {
                4 if key >> 3 == number => return Some(tag_start),
                4 => return None,
                3 => {
                    self.skip_group(key >> 3, depth + 1)?;
                }
                0 => {
                    self.varint()?;
                }
                1 => {
                    self.take(8)?;
                }
                5 => {
                    self.take(4)?;
                }
                2 => {
                    let n = usize::try_from(self.varint()?).ok()?;
                    self.take(n)?;
                }
                _ => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Payload, Reader};

    #[test]
    fn reader_stops_at_malformed_input() {
        // field 1 varint 5, field 2 bytes "ab", group 3 { field 1 varint 1 }, then a
        // truncated length-delimited field.
        let bytes = [
            0x08, 5, 0x12, 2, b'a', b'b', 0x1b, 0x08, 1, 0x1c, 0x22, 9, 1,
        ];
        let mut r = Reader {
            buf: &bytes,
            pos: 0,
        };
        assert!(matches!(r.field(), Some((1, Payload::Scalar))));
        assert!(matches!(r.field(), Some((2, Payload::Bytes(b"ab")))));
        assert!(matches!(r.field(), Some((3, Payload::Group(&[0x08, 1])))));
        assert!(r.field().is_none());
    }
}
