//! The option-interpretation call site, and reading the few builtin options the linker's
//! checks depend on (whether or not they have been interpreted yet).

use std::sync::Arc;

use crate::descriptor::{
    DescriptorProto, FieldDescriptorProto, FileDescriptorProto, OptionValue, Options,
};
use crate::options::schema;

use std::cell::OnceCell;

use super::pool::{LinkPool, Lookup, Reach, Table};
use super::symbols::{transitive_deps, SymbolKind};
use super::{FxMap, FxSet, LinkedFile, Linker, Symbol};

/// Interprets the file's options into their encoded form (`crate::options`), with the
/// file's imports seen through [`LinkSchema`]. protoc does this right after cross-linking,
/// when building and resolution found no error.
pub(super) fn interpret(cx: &mut Linker) {
    let schema = LinkSchema::new(&cx.deps, cx.pool.as_deref(), cx.reach.as_ref());
    let errors = crate::options::interpret_file_options(
        &mut cx.proto,
        &mut cx.locations,
        &cx.file_name,
        &schema,
    );
    cx.used.extend(schema.used.take());
    cx.errors.extend(errors);
}

/// The files around the one being linked, as option interpretation needs them: the visible
/// ones (imports and their public re-exports) for `find_symbol`, every loaded one for the
/// rest (through the pool when the file is linked in one, else walked once on first need).
pub(crate) struct LinkSchema<'a> {
    visible: Vec<Arc<LinkedFile>>,
    deps: &'a [Arc<LinkedFile>],
    pool: Option<(&'a LinkPool, &'a Reach)>,
    all: OnceCell<Vec<Arc<LinkedFile>>>,
    /// Visible files (by address) whose symbols were found; see [`Linker::used`].
    used: std::cell::RefCell<FxSet<usize>>,
}

impl<'a> LinkSchema<'a> {
    /// The schema seen from a file importing `deps`, linked in `pool` at `reach` if given.
    pub(crate) fn new(
        deps: &'a [Arc<LinkedFile>],
        pool: Option<&'a LinkPool>,
        reach: Option<&'a Reach>,
    ) -> Self {
        let mut visible: Vec<Arc<LinkedFile>> = Vec::with_capacity(deps.len());
        let mut seen: FxSet<*const LinkedFile> = FxSet::default();
        let mut stack: Vec<Arc<LinkedFile>> = deps.iter().rev().cloned().collect();
        while let Some(f) = stack.pop() {
            if !seen.insert(Arc::as_ptr(&f)) {
                continue;
            }
            stack.extend(f.public_deps.iter().rev().cloned());
            visible.push(f);
        }
        LinkSchema {
            visible,
            deps,
            pool: pool.zip(reach),
            all: OnceCell::new(),
            used: std::cell::RefCell::default(),
        }
    }

    /// The first file imported directly or indirectly, in load order, for which `pred`
    /// holds; `pred` may only hold for files `table` lists under `name`.
    fn find_imported(
        &self,
        table: Table,
        name: &str,
        pred: impl Fn(&LinkedFile) -> bool,
    ) -> Option<&LinkedFile> {
        if let Some((pool, reach)) = self.pool {
            match pool.find(reach, &[table], name, &pred) {
                Lookup::None => return None,
                Lookup::One(f) => return Some(f),
                Lookup::Many => {}
            }
        }
        self.all
            .get_or_init(|| transitive_deps(self.deps))
            .iter()
            .find(|f| pred(f))
            .map(|f| &**f)
    }

    fn find_in<'f>(
        &self,
        files: &'f [Arc<LinkedFile>],
        full_name: &str,
        record: bool,
    ) -> Option<schema::Symbol<'f>> {
        for f in files {
            if let Some(sym) = f.symbol(full_name) {
                if record {
                    self.used.borrow_mut().insert(Arc::as_ptr(f) as usize);
                }
                return to_schema_symbol(f, sym, full_name);
            }
        }
        files
            .iter()
            .any(|f| f.in_package(full_name))
            .then_some(schema::Symbol::Package)
    }
}

impl LinkSchema<'_> {
    /// [`Self::find_in`] over the visible files, answered by the pool when it can: one hash
    /// lookup instead of one per visible file (interpretation looks up every scope of every
    /// option name).
    /// With `record`, the file the symbol is found in counts as used (see [`Linker::used`]).
    fn find_visible(&self, full_name: &str, record: bool) -> Option<schema::Symbol<'_>> {
        if let Some((pool, reach)) = self.pool {
            // Visible files are imports and their public imports: all reached.
            let visible = |f: &LinkedFile| self.visible.iter().any(|v| std::ptr::eq(&**v, f));
            let symbol = pool.find(reach, &[Table::Symbols], full_name, |f| {
                f.symbol(full_name).is_some() && visible(f)
            });
            match symbol {
                Lookup::One(f) => {
                    if record {
                        self.used.borrow_mut().insert(Arc::as_ptr(f) as usize);
                    }
                    return to_schema_symbol(f, f.symbol(full_name)?, full_name);
                }
                Lookup::Many => {}
                Lookup::None => {
                    let package = pool.find(reach, &[Table::Packages], full_name, |f| {
                        f.in_package(full_name) && visible(f)
                    });
                    return match package {
                        Lookup::None => None,
                        Lookup::One(_) | Lookup::Many => Some(schema::Symbol::Package),
                    };
                }
            }
        }
        self.find_in(&self.visible, full_name, record)
    }
}

impl schema::OptionSchema for LinkSchema<'_> {
    fn find_symbol(&self, full_name: &str) -> Option<schema::Symbol<'_>> {
        self.find_visible(full_name, true)
    }

    fn note_used(&self, full_name: &str) {
        let _ = self.find_visible(full_name, true);
    }

    fn find_symbol_anywhere(&self, full_name: &str) -> Option<schema::Symbol<'_>> {
        if let Some(found) = self.find_visible(full_name, false) {
            return Some(found);
        }
        if let Some(f) =
            self.find_imported(Table::Symbols, full_name, |f| f.symbol(full_name).is_some())
        {
            return to_schema_symbol(f, f.symbol(full_name)?, full_name);
        }
        self.find_imported(Table::Packages, full_name, |f| f.in_package(full_name))
            .map(|_| schema::Symbol::Package)
    }

    fn find_extension_by_number(
        &self,
        extendee: &str,
        number: i32,
    ) -> Option<schema::FieldRef<'_>> {
        let extendee = extendee.trim_start_matches('.');
        let file = self.find_imported(Table::Extendees, extendee, |f| {
            f.extensions
                .get(extendee)
                .is_some_and(|by_number| by_number.contains_key(&number))
        })?;
        let full_name = file.extensions.get(extendee)?.get(&number)?;
        match to_schema_symbol(file, file.symbol(full_name)?, full_name)? {
            schema::Symbol::Field(f) => Some(f),
            _ => None,
        }
    }

    fn message_cache(&self) -> Option<&crate::options::types::MessageCache> {
        self.pool.map(|(pool, _)| pool.message_cache())
    }
}

/// The messages along a message path (`[4, i, 3, j, …]`), outermost first.
fn walk<'a>(file: &'a FileDescriptorProto, path: &[i32]) -> Option<Vec<&'a DescriptorProto>> {
    let mut out = Vec::new();
    let mut rest = path;
    let mut list = &file.message_type;
    let mut field = 4;
    while let [f, i, tail @ ..] = rest {
        if *f != field {
            return None;
        }
        let m = list.get(usize::try_from(*i).ok()?)?;
        out.push(m);
        list = &m.nested_type;
        field = 3;
        rest = tail;
    }
    Some(out)
}

/// The field or extension at a location path.
fn field_at<'a>(file: &'a FileDescriptorProto, path: &[i32]) -> Option<&'a FieldDescriptorProto> {
    let &[f, i] = path.last_chunk::<2>()?;
    let parent = &path[..path.len() - 2];
    let i = usize::try_from(i).ok()?;
    if parent.is_empty() {
        return (f == 7).then(|| file.extension.get(i)).flatten();
    }
    let m = *walk(file, parent)?.last()?;
    match f {
        2 => m.field.get(i),
        6 => m.extension.get(i),
        _ => None,
    }
}

fn to_schema_symbol<'a>(
    file: &'a LinkedFile,
    sym: &Symbol,
    full_name: &str,
) -> Option<schema::Symbol<'a>> {
    let proto = &file.proto;
    let path = &sym.path[..];
    let enum_ref = |p: &[i32], full: String| -> Option<schema::EnumRef<'a>> {
        let &[_, i] = p.last_chunk::<2>()?;
        let i = usize::try_from(i).ok()?;
        let messages = walk(proto, &p[..p.len() - 2])?;
        let e = match messages.last() {
            Some(m) => m.enum_type.get(i)?,
            None => proto.enum_type.get(i)?,
        };
        Some(schema::EnumRef {
            full_name: full,
            proto: e,
            enclosing: schema::Enclosing {
                file: proto,
                messages,
            },
        })
    };
    Some(match &sym.kind {
        SymbolKind::Message { .. } => {
            let mut messages = walk(proto, path)?;
            let m = messages.pop()?;
            schema::Symbol::Message(schema::MessageRef {
                full_name: full_name.to_string(),
                proto: m,
                enclosing: schema::Enclosing {
                    file: proto,
                    messages,
                },
            })
        }
        SymbolKind::Enum => schema::Symbol::Enum(enum_ref(path, full_name.to_string())?),
        SymbolKind::EnumValue { parent } => schema::Symbol::EnumValue(enum_ref(
            path.get(..path.len().checked_sub(2)?)?,
            parent.to_string(),
        )?),
        SymbolKind::Field | SymbolKind::Extension => {
            let is_extension = matches!(sym.kind, SymbolKind::Extension);
            let parent = path.get(..path.len().checked_sub(2)?)?;
            schema::Symbol::Field(schema::FieldRef {
                full_name: full_name.to_string(),
                proto: field_at(proto, path)?,
                enclosing: schema::Enclosing {
                    file: proto,
                    messages: walk(proto, parent)?,
                },
                is_extension,
            })
        }
        SymbolKind::Service => schema::Symbol::Other { is_aggregate: true },
        SymbolKind::Oneof | SymbolKind::Method => schema::Symbol::Other {
            is_aggregate: false,
        },
    })
}

/// The value of a builtin varint option (`bool` or enum) with field number `field` and name
/// `name`: from the encoded bytes if interpreted, else from an `option name = …;` statement.
/// Enum values given by name come back through `enum_value`.
pub(crate) fn builtin_varint(
    options: Option<&Options>,
    field: u32,
    name: &str,
    enum_value: impl Fn(&str) -> Option<u64>,
) -> Option<u64> {
    let options = options?;
    let mut value = encoded_varint(&options.encoded, field);
    for o in &options.uninterpreted {
        if let [part] = o.name.as_slice() {
            if !part.is_extension && part.name == name {
                value = match &o.value {
                    OptionValue::Identifier(id) => match id.as_str() {
                        "true" => Some(1),
                        "false" => Some(0),
                        other => enum_value(other),
                    },
                    OptionValue::PositiveInt(v) => Some(*v),
                    _ => value,
                };
            }
        }
    }
    value
}

/// A builtin `bool` option.
pub(crate) fn builtin_bool(options: Option<&Options>, field: u32, name: &str) -> bool {
    builtin_varint(options, field, name, |_| None).is_some_and(|v| v != 0)
}

/// The contents of the length-delimited field `field` in an encoded message, occurrences
/// concatenated (which merges them, for message fields).
pub(crate) fn encoded_bytes(mut buf: &[u8], field: u32) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    while !buf.is_empty() {
        let key = read_varint(&mut buf)?;
        let number = (key >> 3) as u32;
        match key & 7 {
            0 => {
                read_varint(&mut buf)?;
            }
            1 => buf = buf.get(8..)?,
            2 => {
                let len = usize::try_from(read_varint(&mut buf)?).ok()?;
                let body = buf.get(..len)?;
                if number == field {
                    out.get_or_insert_with(Vec::new).extend_from_slice(body);
                }
                buf = &buf[len..];
            }
            5 => buf = buf.get(4..)?,
            _ => return out,
        }
    }
    out
}

/// The field numbers of an encoded message, in order, without repeats.
pub(crate) fn field_numbers(mut buf: &[u8]) -> Vec<u32> {
    let mut out = Vec::new();
    while !buf.is_empty() {
        let Some(key) = read_varint(&mut buf) else {
            break;
        };
        let number = (key >> 3) as u32;
        if !out.contains(&number) {
            out.push(number);
        }
        let ok = match key & 7 {
            0 => read_varint(&mut buf).is_some(),
            1 => buf.get(8..).map(|b| buf = b).is_some(),
            2 => read_varint(&mut buf)
                .and_then(|len| usize::try_from(len).ok())
                .and_then(|len| buf.get(len..))
                .map(|b| buf = b)
                .is_some(),
            5 => buf.get(4..).map(|b| buf = b).is_some(),
            _ => false,
        };
        if !ok {
            break;
        }
    }
    out
}

/// The last varint value of field `field` in an encoded message.
pub(crate) fn encoded_varint(mut buf: &[u8], field: u32) -> Option<u64> {
    let mut value = None;
    while !buf.is_empty() {
        let key = read_varint(&mut buf)?;
        let number = (key >> 3) as u32;
        match key & 7 {
            0 => {
                let v = read_varint(&mut buf)?;
                if number == field {
                    value = Some(v);
                }
            }
            1 => buf = buf.get(8..)?,
            2 => {
                let len = usize::try_from(read_varint(&mut buf)?).ok()?;
                buf = buf.get(len..)?;
            }
            5 => buf = buf.get(4..)?,
            // Groups only appear in custom options; nothing we read lives past one.
            _ => return value,
        }
    }
    value
}

fn read_varint(buf: &mut &[u8]) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let (&b, rest) = buf.split_first()?;
        *buf = rest;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// A file's extensions by extendee (full name, no dot) and number: their full names.
pub(crate) type ExtensionIndex = FxMap<Box<str>, FxMap<i32, Box<str>>>;

/// The [`ExtensionIndex`] of a linked file's own extensions.
pub(crate) fn extension_index(
    file: &FileDescriptorProto,
    symbols: &FxMap<Box<str>, Symbol>,
) -> ExtensionIndex {
    let mut index = ExtensionIndex::default();
    for (name, sym) in symbols {
        if !matches!(sym.kind, SymbolKind::Extension) {
            continue;
        }
        let Some(field) = field_at(file, &sym.path) else {
            continue;
        };
        let Some(target) = field.extendee.as_deref() else {
            continue;
        };
        index
            .entry(target.trim_start_matches('.').into())
            .or_default()
            .entry(field.number())
            .or_insert_with(|| name.clone());
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_encoded_varints() {
        // field 7 (map_entry) = true, then a length-delimited field 999.
        let opts = Options {
            encoded: vec![0x38, 0x01, 0xba, 0x3e, 0x01, 0x00],
            uninterpreted: Vec::new(),
            as_written: None,
        };
        assert!(builtin_bool(Some(&opts), 7, "map_entry"));
        assert!(!builtin_bool(Some(&opts), 2, "allow_alias"));
    }
}
