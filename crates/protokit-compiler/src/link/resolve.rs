//! Cross-linking (`DescriptorBuilder::CrossLinkFile`): resolving field types, extendees and
//! method types to fully-qualified names, with protoc's errors.

use crate::descriptor::{DescriptorProto, FieldDescriptorProto, ServiceDescriptorProto};

use super::build::{free_numbers, join};
use super::symbols::{Found, Scope, SymbolKind};
use super::{At, FxMap, Linker};

/// `FieldDescriptorProto.Type` values the linker sets or tests.
pub(crate) mod ty {
    pub const GROUP: i32 = 10;
    pub const MESSAGE: i32 = 11;
    pub const ENUM: i32 = 14;
}

type Pending = Vec<(Vec<i32>, At, String)>;

struct Resolver<'a> {
    scope: Scope<'a>,
    file_name: &'a str,
    pending: Pending,
    /// Failed lookups to explain once the run is known: (index in `pending`, the lookup).
    undefined: Vec<(usize, Box<crate::error::Undefined>)>,
    /// (extendee, number) → extension full name, for collisions within the file.
    extension_numbers: FxMap<(String, i32), String>,
    /// The fields of this file's messages by (message full name, number), for extensions
    /// that reuse a field's number; filled only when the file has extensions.
    own_fields: FxMap<(String, i32), String>,
}

impl Linker {
    /// Resolves every type name of the file, as protoc's cross-linking does.
    pub(super) fn cross_link(&mut self) {
        let type_deps = self.type_deps();
        let mut proto = std::mem::take(&mut self.proto);
        let own_fields = own_field_numbers(&proto);
        let pending = {
            let mut r = Resolver {
                scope: Scope::new(&self.symbols, &self.packages, &type_deps)
                    .with_loaded(&self.deps)
                    .with_shadowed(&self.shadowed),
                file_name: &self.file_name,
                pending: Vec::new(),
                undefined: Vec::new(),
                extension_numbers: FxMap::default(),
                own_fields,
            };
            let package = proto.package().to_string();
            for (i, m) in proto.message_type.iter_mut().enumerate() {
                r.message(m, &[4, i as i32], &package);
            }
            for (i, f) in proto.extension.iter_mut().enumerate() {
                let full = join(&package, f.name());
                r.field(f, &[7, i as i32], &full, true);
            }
            for (i, s) in proto.service.iter_mut().enumerate() {
                r.service(s, &[6, i as i32], &package);
            }
            self.used.extend(r.scope.take_used());
            (r.pending, r.undefined)
        };
        self.proto = proto;
        let (pending, mut undefined) = pending;
        undefined.reverse();
        for (i, (path, at, message)) in pending.into_iter().enumerate() {
            self.error(&path, at, message);
            if undefined.last().is_some_and(|(at, _)| *at == i) {
                if let (Some((_, u)), Some(e)) = (undefined.pop(), self.errors.last_mut()) {
                    e.set_undefined(u);
                }
            }
        }
    }
}

/// (message full name, field number) → field name, for every message of a file that declares
/// extensions (empty otherwise).
fn own_field_numbers(
    file: &crate::descriptor::FileDescriptorProto,
) -> FxMap<(String, i32), String> {
    fn has_extensions(m: &DescriptorProto) -> bool {
        !m.extension.is_empty() || m.nested_type.iter().any(has_extensions)
    }
    fn visit(m: &DescriptorProto, scope: &str, out: &mut FxMap<(String, i32), String>) {
        let name = join(scope, m.name());
        for f in &m.field {
            out.entry((name.clone(), f.number()))
                .or_insert_with(|| f.name().to_string());
        }
        for n in &m.nested_type {
            visit(n, &name, out);
        }
    }
    let mut out = FxMap::default();
    if file.extension.is_empty() && !file.message_type.iter().any(has_extensions) {
        return out;
    }
    for m in &file.message_type {
        visit(m, file.package(), &mut out);
    }
    out
}

fn child(path: &[i32], field: i32, index: usize) -> Vec<i32> {
    let mut p = Vec::with_capacity(path.len() + 2);
    p.extend_from_slice(path);
    p.push(field);
    p.push(index as i32);
    p
}

impl<'a> Resolver<'a> {
    fn not_defined(&mut self, path: &[i32], at: At, name: &str, nf: &super::symbols::NotFound) {
        if nf.undeclared.is_none() && !nf.tried.is_empty() {
            // One message follows (no "seems to be defined in" among the imports); the driver
            // may still find the name in a file built earlier in the run.
            self.undefined.push((
                self.pending.len(),
                Box::new(crate::error::Undefined {
                    name: name.to_string(),
                    tried: nf.tried.clone(),
                    resolved: nf.resolved.clone(),
                }),
            ));
        }
        for m in nf.messages(name, self.file_name) {
            self.pending.push((path.to_vec(), at, m));
        }
    }

    fn message(&mut self, m: &mut DescriptorProto, path: &[i32], scope: &str) {
        let name = join(scope, m.name());
        for (i, n) in m.nested_type.iter_mut().enumerate() {
            self.message(n, &child(path, 3, i), &name);
        }
        self.duplicate_numbers(m, path, &name);
        for (i, f) in m.field.iter_mut().enumerate() {
            let full = join(&name, f.name());
            self.field(f, &child(path, 2, i), &full, false);
        }
        for (i, f) in m.extension.iter_mut().enumerate() {
            let full = join(&name, f.name());
            self.field(f, &child(path, 6, i), &full, true);
        }
    }

    fn duplicate_numbers(&mut self, m: &DescriptorProto, path: &[i32], name: &str) {
        let mut by_number: FxMap<i32, &str> = FxMap::default();
        for (i, f) in m.field.iter().enumerate() {
            if let Some(first) = by_number.get(&f.number()) {
                let next = free_numbers(m, 1)
                    .first()
                    .map(|n| format!(" Next available field number is {n}."))
                    .unwrap_or_default();
                self.pending.push((
                    child(path, 2, i),
                    At::Part(3),
                    format!(
                        "Field number {} has already been used in \"{name}\" by field \"{first}\".{next}",
                        f.number()
                    ),
                ));
            } else {
                by_number.insert(f.number(), f.name());
            }
        }
    }

    fn field(&mut self, f: &mut FieldDescriptorProto, path: &[i32], full_name: &str, is_ext: bool) {
        if is_ext {
            if let Some(extendee) = f.extendee.clone() {
                match self.scope.lookup(&extendee, full_name, false) {
                    Err(nf) => {
                        self.not_defined(path, At::Part(2), &extendee, &nf);
                        return;
                    }
                    Ok(found) => {
                        let Some(SymbolKind::Message { extension_ranges }) = found.kind() else {
                            self.pending.push((
                                path.to_vec(),
                                At::Part(2),
                                format!("\"{extendee}\" is not a message type."),
                            ));
                            return;
                        };
                        let n = f.number();
                        let target = found.full_name().to_string();
                        if !extension_ranges.iter().any(|&(s, e)| s <= n && n < e) {
                            self.pending.push((
                                path.to_vec(),
                                At::Part(3),
                                format!(
                                    "\"{target}\" does not declare {n} as an extension number."
                                ),
                            ));
                        }
                        // A field of the extendee with that number counts as a clash too.
                        let field_name = match &found {
                            Found::Symbol {
                                file: Some(file),
                                symbol,
                                ..
                            } => {
                                super::build::message_at(&file.proto, &symbol.path).and_then(|m| {
                                    m.field
                                        .iter()
                                        .find(|x| x.number() == n)
                                        .map(|x| x.name().to_string())
                                })
                            }
                            _ => self.own_fields.get(&(target.clone(), n)).cloned(),
                        };
                        let other = match field_name {
                            Some(field) => Some(format!("{target}.{field}")),
                            None => self.extension_numbers.get(&(target.clone(), n)).cloned(),
                        };
                        match other {
                            Some(other) => self.pending.push((
                                path.to_vec(),
                                At::Part(3),
                                format!(
                                    "Extension number {n} has already been used in \"{target}\" by extension \"{other}\"."
                                ),
                            )),
                            None => {
                                self.extension_numbers
                                    .insert((target.clone(), n), full_name.to_string());
                            }
                        }
                        f.extendee = Some(format!(".{target}"));
                    }
                }
            }
        }
        let Some(type_name) = f.type_name.clone() else {
            return;
        };
        let found = match self.scope.lookup(&type_name, full_name, true) {
            Ok(found) => found,
            Err(nf) => {
                self.not_defined(path, At::Type, &type_name, &nf);
                return;
            }
        };
        let kind = found.kind();
        if f.r#type.is_none() {
            match kind {
                Some(SymbolKind::Message { .. }) => f.r#type = Some(ty::MESSAGE),
                Some(SymbolKind::Enum) => f.r#type = Some(ty::ENUM),
                _ => {
                    self.pending.push((
                        path.to_vec(),
                        At::Type,
                        format!("\"{type_name}\" is not a type."),
                    ));
                    return;
                }
            }
        }
        match f.r#type() {
            ty::MESSAGE | ty::GROUP => {
                if !matches!(kind, Some(SymbolKind::Message { .. })) {
                    self.pending.push((
                        path.to_vec(),
                        At::Type,
                        format!("\"{type_name}\" is not a message type."),
                    ));
                    return;
                }
                if f.default_value.is_some() {
                    self.pending.push((
                        path.to_vec(),
                        At::Part(7),
                        "Messages can't have default values.".into(),
                    ));
                }
            }
            ty::ENUM => {
                if !matches!(kind, Some(SymbolKind::Enum)) {
                    self.pending.push((
                        path.to_vec(),
                        At::Type,
                        format!("\"{type_name}\" is not an enum type."),
                    ));
                    return;
                }
                if let Some(default) = f.default_value.clone() {
                    self.enum_default(&found, &default, path);
                }
            }
            _ => {
                self.pending.push((
                    path.to_vec(),
                    At::Type,
                    "Field with primitive type has type_name.".into(),
                ));
                return;
            }
        }
        f.type_name = Some(format!(".{}", found.full_name()));
    }

    fn enum_default(&mut self, enum_found: &Found<'_>, default: &str, path: &[i32]) {
        let is_ident = default
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && default
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !is_ident {
            self.pending.push((
                path.to_vec(),
                At::Part(7),
                "Default value for an enum field must be an identifier.".into(),
            ));
            return;
        }
        let enum_name = enum_found.full_name();
        let ok = match self.scope.lookup(default, enum_name, false) {
            Ok(v) => {
                matches!(v.kind(), Some(SymbolKind::EnumValue { parent }) if &**parent == enum_name)
            }
            Err(_) => false,
        };
        if !ok {
            self.pending.push((
                path.to_vec(),
                At::Part(7),
                format!("Enum type \"{enum_name}\" has no value named \"{default}\"."),
            ));
        }
    }

    fn service(&mut self, s: &mut ServiceDescriptorProto, path: &[i32], scope: &str) {
        let name = join(scope, s.name());
        for (i, m) in s.method.iter_mut().enumerate() {
            let full = join(&name, m.name());
            let mpath = child(path, 2, i);
            for (slot, part) in [(&mut m.input_type, 2), (&mut m.output_type, 3)] {
                let Some(written) = slot.clone() else {
                    continue;
                };
                match self.scope.lookup(&written, &full, false) {
                    Err(nf) => self.not_defined(&mpath, At::Part(part), &written, &nf),
                    Ok(found) => {
                        if matches!(found.kind(), Some(SymbolKind::Message { .. })) {
                            *slot = Some(format!(".{}", found.full_name()));
                        } else {
                            self.pending.push((
                                mpath.clone(),
                                At::Part(part),
                                format!("\"{written}\" is not a message type."),
                            ));
                        }
                    }
                }
            }
        }
    }
}
