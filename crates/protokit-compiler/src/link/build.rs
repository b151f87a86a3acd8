//! Building the symbol table and the checks protoc makes while building descriptors
//! (`DescriptorBuilder::BuildFile` up to cross-linking).

use crate::descriptor::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto,
    ServiceDescriptorProto,
};

use super::pool::Table;
use super::symbols::{Symbol, SymbolKind};
use super::{At, LinkedFile, Linker, NAME};

/// The largest field number.
pub(crate) const MAX_FIELD_NUMBER: i32 = 536_870_911;

/// Joins a scope and a name (`"" + "M"` is `"M"`).
pub(crate) fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        let mut s = String::with_capacity(scope.len() + 1 + name.len());
        s.push_str(scope);
        s.push('.');
        s.push_str(name);
        s
    }
}

fn child(path: &[i32], field: i32, index: usize) -> Vec<i32> {
    let mut p = Vec::with_capacity(path.len() + 2);
    p.extend_from_slice(path);
    p.push(field);
    p.push(index as i32);
    p
}

impl Linker {
    /// Adds the package, then every symbol of the file in protoc's order, reporting
    /// duplicates and the checks protoc makes while building each element.
    pub(super) fn build_symbols(&mut self) {
        let proto = std::mem::take(&mut self.proto);
        let package = proto.package().to_string();
        self.add_package(&package);
        let mut b = Builder { package: &package };
        for (i, m) in proto.message_type.iter().enumerate() {
            b.message(self, m, &[4, i as i32], &package);
        }
        for (i, e) in proto.enum_type.iter().enumerate() {
            b.enumeration(self, e, &[5, i as i32], &package, &package);
        }
        for (i, s) in proto.service.iter().enumerate() {
            b.service(self, s, &[6, i as i32], &package);
        }
        for (i, f) in proto.extension.iter().enumerate() {
            b.field(self, f, &[7, i as i32], &package, true);
        }
        for (i, m) in proto.message_type.iter().enumerate() {
            self.map_conflicts(m, &[4, i as i32]);
        }
        self.proto = proto;
    }

    fn add_package(&mut self, package: &str) {
        if package.is_empty() {
            return;
        }
        let mut name = package;
        loop {
            let existing =
                self.find_imported(&[Table::Symbols], name, |f| f.symbol(name).is_some());
            if let Some(f) = existing {
                let file = f.name().to_string();
                self.error(
                    &[2],
                    At::Whole,
                    format!(
                        "\"{name}\" is already defined (as something other than a package) in \
                         file \"{file}\"."
                    ),
                );
            }
            self.packages.push(name.into());
            match name.rfind('.') {
                Some(dot) => name = &name[..dot],
                None => break,
            }
        }
    }

    /// Adds a symbol; on a clash reports protoc's error and returns `false`. Only symbols
    /// directly in the package (`top_level`) are checked against imported files: a nested
    /// name can only clash there if its parent already did.
    fn add_symbol(
        &mut self,
        full_name: String,
        path: &[i32],
        kind: SymbolKind,
        top_level: bool,
        package: &str,
    ) -> bool {
        // protoc has no position for oneof names.
        let at = if matches!(kind, SymbolKind::Oneof) {
            At::Nowhere
        } else {
            NAME
        };
        if self.symbols.contains_key(full_name.as_str()) {
            let message = match full_name.rfind('.') {
                Some(dot) => format!(
                    "\"{}\" is already defined in \"{}\".",
                    &full_name[dot + 1..],
                    &full_name[..dot]
                ),
                None => format!("\"{full_name}\" is already defined."),
            };
            self.error(path, at, message);
            return false;
        }
        if top_level {
            // Only files in this package (or under it) can define a name clashing with one of
            // its top-level symbols; a clash through an enclosing package is already one with
            // the package itself.
            let in_scope = |f: &LinkedFile| {
                let p = f.proto.package();
                package.is_empty()
                    || p == package
                    || p.strip_prefix(package)
                        .is_some_and(|rest| rest.starts_with('.'))
            };
            if let Some(f) =
                self.find_imported(&[Table::Symbols, Table::Packages], &full_name, |f| {
                    in_scope(f) && (f.symbol(&full_name).is_some() || f.in_package(&full_name))
                })
            {
                let file = f.name().to_string();
                self.error(
                    path,
                    NAME,
                    format!("\"{full_name}\" is already defined in file \"{file}\"."),
                );
                return false;
            }
        }
        self.symbols.insert(
            full_name.into_boxed_str(),
            Symbol {
                kind,
                path: path.into(),
            },
        );
        true
    }

    /// protoc's `DetectMapConflicts`: a synthesized map entry whose name another nested type,
    /// field, enum or oneof of the message already uses.
    fn map_conflicts(&mut self, m: &DescriptorProto, path: &[i32]) {
        let is_entry =
            |n: &DescriptorProto| super::options::builtin_bool(n.options.as_ref(), 7, "map_entry");
        let mut seen: super::FxMap<&str, &DescriptorProto> = super::FxMap::default();
        for (i, n) in m.nested_type.iter().enumerate() {
            if let Some(first) = seen.get(n.name()) {
                if is_entry(first) || is_entry(n) {
                    self.error(
                        path,
                        NAME,
                        format!(
                            "Expanded map entry type {} conflicts with an existing nested message \
                             type.",
                            n.name()
                        ),
                    );
                    break;
                }
            } else {
                seen.insert(n.name(), n);
            }
            self.map_conflicts(n, &child(path, 3, i));
        }
        let clashes = m
            .field
            .iter()
            .map(|f| (f.name(), "field"))
            .chain(m.enum_type.iter().map(|e| (e.name(), "enum type")))
            .chain(m.oneof_decl.iter().map(|o| (o.name(), "oneof type")));
        let mut found = Vec::new();
        for (name, what) in clashes {
            if let Some(entry) = seen.get(name).filter(|e| is_entry(e)) {
                found.push(format!(
                    "Expanded map entry type {} conflicts with an existing {what}.",
                    entry.name()
                ));
            }
        }
        for message in found {
            self.error(path, NAME, message);
        }
    }

    /// Asks for protoc's "Suggested field numbers for …" note on the message at `path`.
    pub(crate) fn request_hint(
        &mut self,
        message_path: &[i32],
        message_name: &str,
        at: (&[i32], At),
    ) {
        if let Some(h) = self.hints.iter_mut().find(|h| h.0 == message_path) {
            h.3 += 1;
            return;
        }
        let span = self.span_of(at.0, at.1);
        self.hints
            .push((message_path.to_vec(), message_name.to_string(), span, 1));
    }

    /// Emits the requested "Suggested field numbers" notes.
    pub(super) fn emit_hints(&mut self) {
        let hints = std::mem::take(&mut self.hints);
        for (path, name, span, count) in hints {
            let Some(m) = message_at(&self.proto, &path) else {
                continue;
            };
            let numbers = free_numbers(m, count.min(3));
            if numbers.is_empty() {
                continue;
            }
            let list: Vec<String> = numbers.iter().map(i32::to_string).collect();
            let message = format!("Suggested field numbers for {name}: {}", list.join(", "));
            self.errors.push(match span {
                Some(span) => crate::error::CompileError::new(&*self.file_name, span, message),
                None => crate::error::CompileError::without_span(&*self.file_name, message),
            });
        }
    }
}

/// The message at a location path (`[4, i, 3, j, …]`).
pub(crate) fn message_at<'a>(
    file: &'a FileDescriptorProto,
    path: &[i32],
) -> Option<&'a DescriptorProto> {
    let (&[4, first], rest) = (path.split_first_chunk::<2>()?.0, &path[2..]) else {
        return None;
    };
    let mut m = file.message_type.get(usize::try_from(first).ok()?)?;
    let mut rest = rest;
    while let [3, i, tail @ ..] = rest {
        m = m.nested_type.get(usize::try_from(*i).ok()?)?;
        rest = tail;
    }
    rest.is_empty().then_some(m)
}

/// The smallest `count` field numbers a message does not use, reserve or give to extensions.
pub(crate) fn free_numbers(m: &DescriptorProto, count: usize) -> Vec<i32> {
    let mut taken: Vec<(i32, i32)> = m
        .field
        .iter()
        .map(|f| (f.number(), f.number().saturating_add(1)))
        .chain(m.reserved_range.iter().map(|r| (r.start(), r.end())))
        .chain(m.extension_range.iter().map(|r| (r.start(), r.end())))
        .chain(std::iter::once((19_000, 20_000)))
        .collect();
    taken.sort_unstable();
    let mut out = Vec::new();
    let mut next = 1i32;
    for (start, end) in taken {
        while next < start && out.len() < count && next <= MAX_FIELD_NUMBER {
            out.push(next);
            next += 1;
        }
        next = next.max(end);
    }
    while out.len() < count && next <= MAX_FIELD_NUMBER {
        out.push(next);
        next += 1;
    }
    out
}

struct Builder<'t> {
    package: &'t str,
}

impl Builder<'_> {
    fn top(&self, scope: &str) -> bool {
        scope == self.package
    }

    fn message(&mut self, cx: &mut Linker, m: &DescriptorProto, path: &[i32], scope: &str) {
        let name = join(scope, m.name());
        let ranges: Box<[(i32, i32)]> = m
            .extension_range
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect();
        cx.add_symbol(
            name.clone(),
            path,
            SymbolKind::Message {
                extension_ranges: ranges,
            },
            self.top(scope),
            self.package,
        );
        for (i, o) in m.oneof_decl.iter().enumerate() {
            cx.add_symbol(
                join(&name, o.name()),
                &child(path, 8, i),
                SymbolKind::Oneof,
                false,
                self.package,
            );
        }
        for (i, f) in m.field.iter().enumerate() {
            self.field(cx, f, &child(path, 2, i), &name, false);
        }
        // protoc's order: enums and extensions before nested messages, which decides which
        // of two clashing names gets the error.
        for (i, e) in m.enum_type.iter().enumerate() {
            self.enumeration(cx, e, &child(path, 4, i), &name, &name);
        }
        for (i, f) in m.extension.iter().enumerate() {
            self.field(cx, f, &child(path, 6, i), &name, true);
        }
        self.message_ranges(cx, m, path, &name);
        for (i, n) in m.nested_type.iter().enumerate() {
            self.message(cx, n, &child(path, 3, i), &name);
        }
    }

    fn field(
        &mut self,
        cx: &mut Linker,
        f: &FieldDescriptorProto,
        path: &[i32],
        scope: &str,
        is_extension: bool,
    ) {
        let kind = if is_extension {
            SymbolKind::Extension
        } else {
            SymbolKind::Field
        };
        cx.add_symbol(
            join(scope, f.name()),
            path,
            kind,
            self.top(scope),
            self.package,
        );
        if f.label == Some(3) && f.default_value.is_some() {
            cx.error(
                path,
                At::Part(7),
                "Repeated fields can't have default values.",
            );
        }
        if is_extension && f.label == Some(2) {
            cx.error(
                path,
                At::Type,
                format!(
                    "The extension {} cannot be required.",
                    join(scope, f.name())
                ),
            );
        }
        let number = f.number();
        let message_path = &path[..path.len() - 2];
        if number <= 0 {
            cx.error(
                path,
                At::Part(3),
                "Field numbers must be positive integers.",
            );
            if !is_extension {
                cx.request_hint(message_path, scope, (path, At::Part(3)));
            }
        } else if !is_extension && number > MAX_FIELD_NUMBER {
            cx.error(
                path,
                At::Part(3),
                format!("Field numbers cannot be greater than {MAX_FIELD_NUMBER}."),
            );
            cx.request_hint(message_path, scope, (path, At::Part(3)));
        }
    }

    /// protoc's checks at the end of building a message: fields against reserved and
    /// extension ranges and names, and ranges against each other.
    fn message_ranges(&mut self, cx: &mut Linker, m: &DescriptorProto, path: &[i32], name: &str) {
        let message_set = super::options::builtin_bool(
            m.options.as_ref(),
            super::normalize::MESSAGE_SET_WIRE_FORMAT,
            "message_set_wire_format",
        );
        let max = if message_set {
            i32::MAX - 1
        } else {
            MAX_FIELD_NUMBER
        };
        for (j, r) in m.extension_range.iter().enumerate() {
            let at = child(path, 5, j);
            if r.start() <= 0 {
                // protoc asks for as many suggestions as the range is wide.
                let width = usize::try_from(r.end().saturating_sub(r.start())).unwrap_or(1);
                for _ in 0..width.clamp(1, 3) {
                    cx.request_hint(path, name, (&at, At::Part(1)));
                }
                cx.error(
                    &at,
                    At::Part(1),
                    "Extension numbers must be positive integers.",
                );
            }
            if r.end() > max.saturating_add(1) {
                cx.error(
                    &at,
                    At::Nowhere,
                    format!("Extension numbers cannot be greater than {max}."),
                );
            }
            if r.end() <= r.start() {
                cx.error(
                    &at,
                    At::Part(1),
                    "Extension range end number must be greater than start number.",
                );
            }
        }
        for (j, r) in m.reserved_range.iter().enumerate() {
            if r.start() <= 0 {
                let at = child(path, 9, j);
                let width = usize::try_from(r.end().saturating_sub(r.start())).unwrap_or(1);
                for _ in 0..width.clamp(1, 3) {
                    cx.request_hint(path, name, (&at, At::Part(1)));
                }
                cx.error(
                    &at,
                    At::Part(1),
                    "Reserved numbers must be positive integers.",
                );
            }
            if r.end() <= r.start() {
                cx.error(
                    &child(path, 9, j),
                    At::Part(1),
                    "Reserved range end number must be greater than start number.",
                );
            }
        }
        for (j, n) in m.reserved_name.iter().enumerate() {
            if m.reserved_name[..j].contains(n) {
                cx.error(
                    path,
                    NAME,
                    format!("Field name \"{n}\" is reserved multiple times."),
                );
            }
        }
        for (i, f) in m.field.iter().enumerate() {
            let n = f.number();
            for (j, r) in m.extension_range.iter().enumerate() {
                if r.start() <= n && n < r.end() {
                    let at = child(path, 5, j);
                    cx.request_hint(path, name, (&at, At::Part(1)));
                    cx.error(
                        &at,
                        At::Part(1),
                        format!(
                            "Extension range {} to {} includes field \"{}\" ({n}).",
                            r.start(),
                            r.end().wrapping_sub(1),
                            f.name()
                        ),
                    );
                }
            }
            for (j, r) in m.reserved_range.iter().enumerate() {
                if r.start() <= n && n < r.end() {
                    let at = child(path, 9, j);
                    cx.request_hint(path, name, (&at, At::Part(1)));
                    cx.error(
                        &at,
                        At::Part(1),
                        format!("Field \"{}\" uses reserved number {n}.", f.name()),
                    );
                }
            }
            if m.reserved_name.iter().any(|r| r == f.name()) {
                cx.error(
                    &child(path, 2, i),
                    NAME,
                    format!("Field name \"{}\" is reserved.", f.name()),
                );
            }
        }
        for (i, r1) in m.extension_range.iter().enumerate() {
            let at = child(path, 5, i);
            for r2 in &m.reserved_range {
                if r1.end() > r2.start() && r2.end() > r1.start() {
                    cx.error(
                        &at,
                        At::Part(1),
                        format!(
                            "Extension range {} to {} overlaps with reserved range {} to {}.",
                            r1.start(),
                            r1.end().wrapping_sub(1),
                            r2.start(),
                            r2.end().wrapping_sub(1)
                        ),
                    );
                }
            }
            for r2 in &m.extension_range[i + 1..] {
                if r1.end() > r2.start() && r2.end() > r1.start() {
                    cx.error(
                        &at,
                        At::Part(1),
                        format!(
                            "Extension range {} to {} overlaps with already-defined range {} to {}.",
                            r2.start(),
                            r2.end().wrapping_sub(1),
                            r1.start(),
                            r1.end().wrapping_sub(1)
                        ),
                    );
                }
            }
        }
        for (i, r1) in m.reserved_range.iter().enumerate() {
            let at = child(path, 9, i);
            for r2 in &m.reserved_range[i + 1..] {
                if r1.end() > r2.start() && r2.end() > r1.start() {
                    cx.error(
                        &at,
                        At::Part(1),
                        format!(
                            "Reserved range {} to {} overlaps with already-defined range {} to {}.",
                            r2.start(),
                            r2.end().wrapping_sub(1),
                            r1.start(),
                            r1.end().wrapping_sub(1)
                        ),
                    );
                }
            }
        }
    }

    /// `value_scope` is where the enum's values live: the enum's own scope (C++ rule).
    fn enumeration(
        &mut self,
        cx: &mut Linker,
        e: &EnumDescriptorProto,
        path: &[i32],
        scope: &str,
        value_scope: &str,
    ) {
        let name = join(scope, e.name());
        cx.add_symbol(
            name.clone(),
            path,
            SymbolKind::Enum,
            self.top(scope),
            self.package,
        );
        let mut seen: super::FxMap<&str, ()> = super::FxMap::default();
        for (i, v) in e.value.iter().enumerate() {
            let vpath = child(path, 2, i);
            let outer = cx.add_symbol(
                join(value_scope, v.name()),
                &vpath,
                SymbolKind::EnumValue {
                    parent: name.clone().into_boxed_str(),
                },
                self.top(value_scope),
                self.package,
            );
            let inner = seen.insert(v.name(), ()).is_none();
            if inner && !outer {
                let where_ = if value_scope.is_empty() {
                    "the global scope".to_string()
                } else {
                    format!("\"{value_scope}\"")
                };
                cx.error(
                    &vpath,
                    NAME,
                    format!(
                        "Note that enum values use C++ scoping rules, meaning that enum values \
                         are siblings of their type, not children of it.  Therefore, \"{}\" \
                         must be unique within {where_}, not just within \"{}\".",
                        v.name(),
                        e.name()
                    ),
                );
            }
        }
        if e.value.is_empty() {
            cx.error(path, NAME, "Enums must contain at least one value.");
        }
        for (i, v) in e.value.iter().enumerate() {
            let n = v.number();
            for (j, r) in e.reserved_range.iter().enumerate() {
                if r.start() <= n && n <= r.end() {
                    cx.error(
                        &child(path, 4, j),
                        At::Part(1),
                        format!("Enum value \"{}\" uses reserved number {n}.", v.name()),
                    );
                }
            }
            if e.reserved_name.iter().any(|r| r == v.name()) {
                cx.error(
                    &child(path, 2, i),
                    NAME,
                    format!("Enum value \"{}\" is reserved.", v.name()),
                );
            }
        }
        for (j, r) in e.reserved_range.iter().enumerate() {
            if r.end() < r.start() {
                cx.error(
                    &child(path, 4, j),
                    At::Part(1),
                    "Reserved range end number must be greater than start number.",
                );
            }
        }
        for (j, n) in e.reserved_name.iter().enumerate() {
            if e.reserved_name[..j].contains(n) {
                cx.error(
                    path,
                    NAME,
                    format!("Enum value \"{n}\" is reserved multiple times."),
                );
            }
        }
        for (i, r1) in e.reserved_range.iter().enumerate() {
            for r2 in &e.reserved_range[i + 1..] {
                if r1.end() >= r2.start() && r2.end() >= r1.start() {
                    cx.error(
                        &child(path, 4, i),
                        At::Part(1),
                        format!(
                            "Reserved range {} to {} overlaps with already-defined range {} to {}.",
                            r2.start(),
                            r2.end(),
                            r1.start(),
                            r1.end()
                        ),
                    );
                }
            }
        }
    }

    fn service(&mut self, cx: &mut Linker, s: &ServiceDescriptorProto, path: &[i32], scope: &str) {
        let name = join(scope, s.name());
        cx.add_symbol(
            name.clone(),
            path,
            SymbolKind::Service,
            self.top(scope),
            self.package,
        );
        for (i, m) in s.method.iter().enumerate() {
            cx.add_symbol(
                join(&name, m.name()),
                &child(path, 2, i),
                SymbolKind::Method,
                false,
                self.package,
            );
        }
    }
}
