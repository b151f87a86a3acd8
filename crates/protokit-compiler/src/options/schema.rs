//! What option interpretation needs to know about the files around the one it interprets.
//!
//! [`OptionSchema`] is the contract with the linker: two symbol lookups by fully-qualified
//! name (one that enforces protoc's import visibility and one that does not) and a lookup of
//! extensions by extendee and number. Scoping (innermost scope outward) is done by the
//! interpreter on top of these, so every implementation resolves names the same way.
//!
//! [`SymbolIndex`] indexes plain IR files; [`ListSchema`] is an [`OptionSchema`] over a list of
//! them, used by the tests and usable by the linker until it has its own table.

use std::collections::HashSet;

use crate::link::FxMap as HashMap;
use std::sync::OnceLock;

use prost::Message as _;

use crate::descriptor::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto,
    FileDescriptorSet,
};

/// The file a type is declared in, and the messages enclosing it (outermost first).
#[derive(Clone, Debug)]
pub(crate) struct Enclosing<'a> {
    /// The declaring file.
    pub file: &'a FileDescriptorProto,
    /// Enclosing messages, outermost first (for a field: ending with its message).
    pub messages: Vec<&'a DescriptorProto>,
}

/// A message type.
#[derive(Clone, Debug)]
pub(crate) struct MessageRef<'a> {
    /// Fully-qualified name, without a leading dot.
    pub full_name: String,
    /// The message.
    pub proto: &'a DescriptorProto,
    /// Where it is declared (not including `proto` itself).
    pub enclosing: Enclosing<'a>,
}

/// An enum type.
#[derive(Clone, Debug)]
pub(crate) struct EnumRef<'a> {
    /// Fully-qualified name, without a leading dot.
    pub full_name: String,
    /// The enum.
    pub proto: &'a EnumDescriptorProto,
    /// Where it is declared.
    pub enclosing: Enclosing<'a>,
}

/// A field or an extension.
#[derive(Clone, Debug)]
pub(crate) struct FieldRef<'a> {
    /// Fully-qualified name, without a leading dot.
    pub full_name: String,
    /// The field; after linking, `type_name` and `extendee` are fully qualified.
    pub proto: &'a FieldDescriptorProto,
    /// For a field: its file and messages down to the containing one. For an extension: the
    /// scope it is declared in.
    pub enclosing: Enclosing<'a>,
    /// Whether this is an extension (declared in an `extend` block).
    pub is_extension: bool,
}

/// What a fully-qualified name denotes.
#[derive(Clone, Debug)]
pub(crate) enum Symbol<'a> {
    /// A package, or a prefix of one (`foo` for `package foo.bar;`).
    Package,
    /// A message.
    Message(MessageRef<'a>),
    /// An enum.
    Enum(EnumRef<'a>),
    /// An enum value (a sibling of its enum in the name space), with its enum.
    EnumValue(EnumRef<'a>),
    /// A field or an extension.
    Field(FieldRef<'a>),
    /// A service, method or oneof: never usable in an option, but it shadows outer names.
    Other {
        /// Services are aggregates for name lookup (`Svc.x` looks inside), methods and
        /// oneofs are not.
        is_aggregate: bool,
    },
}

impl Symbol<'_> {
    /// protoc's `Symbol::IsAggregate`: a name whose children can be looked up.
    pub(crate) fn is_aggregate(&self) -> bool {
        match self {
            Symbol::Package | Symbol::Message(_) | Symbol::Enum(_) => true,
            Symbol::Other { is_aggregate } => *is_aggregate,
            Symbol::EnumValue(_) | Symbol::Field(_) => false,
        }
    }
}

/// The symbols around the file whose options are being interpreted, as the linker knows them.
///
/// Names are fully qualified and have no leading dot. Implementations need not include the file
/// being interpreted (the interpreter indexes it itself and looks there first), but may.
/// Every lookup must be cheap (a hash lookup): interpretation calls these a few times per
/// option, and large trees have hundreds of thousands of options.
pub(crate) trait OptionSchema {
    /// protoc's `FindSymbol`: the symbol named `full_name` if it is declared in a file visible
    /// to the file being interpreted (its direct imports, the files those publicly import,
    /// transitively, and its `import option` files). A package is returned when some visible
    /// file's package is `full_name` or starts with `full_name.`.
    fn find_symbol(&self, full_name: &str) -> Option<Symbol<'_>>;

    /// protoc's `FindSymbolNotEnforcingDeps`: the symbol named `full_name` in any file of the
    /// compilation, imported or not (used for option message types, enum values and the
    /// message types named in `google.protobuf.Any` URLs).
    fn find_symbol_anywhere(&self, full_name: &str) -> Option<Symbol<'_>>;

    /// Records that the file being interpreted looked up `full_name` where protoc's
    /// `FindSymbolNotEnforcingDeps` does (an option's options message, an enum value, a type
    /// in a `google.protobuf.Any` URL): a visible file defining it is not an unused import.
    /// ([`OptionSchema::find_symbol`] records its own finds.)
    fn note_used(&self, _full_name: &str) {}

    /// The extension of message `extendee` with field number `number`, in any file of the
    /// compilation (used when re-reading encoded options, as protoc does with its pool).
    fn find_extension_by_number(&self, extendee: &str, number: i32) -> Option<FieldRef<'_>>;

    /// Message information shared by the files of one run, keyed by the address of the
    /// message's `DescriptorProto` in an imported (already linked) file or in the builtin
    /// descriptor.proto: those do not move or change while the run lasts. `None` when the
    /// schema keeps no such cache.
    fn message_cache(&self) -> Option<&super::types::MessageCache> {
        None
    }
}

/// Where a symbol lives inside its file: message indices from the top down, then the item.
#[derive(Clone, Debug)]
enum Loc {
    Message(Vec<u32>),
    Enum(Vec<u32>, u32),
    EnumValue(Vec<u32>, u32),
    Field(Vec<u32>, u32),
    Extension(Vec<u32>, u32),
    Other(bool),
}

/// A hash index of the symbols of a set of IR files.
#[derive(Debug, Default)]
pub(crate) struct SymbolIndex<'a> {
    files: Vec<&'a FileDescriptorProto>,
    by_name: HashMap<String, u32>,
    symbols: HashMap<String, (u32, Loc)>,
    /// Every package and package prefix, with the files declaring it (or a sub-package).
    packages: HashMap<String, Vec<u32>>,
    /// `(extendee without dot, number)` to the extension.
    extensions: HashMap<(String, i32), (u32, Loc)>,
}

impl<'a> SymbolIndex<'a> {
    /// Indexes `files` (linked: type names fully qualified). A name declared twice keeps its
    /// first declaration.
    pub(crate) fn new(files: &[&'a FileDescriptorProto]) -> Self {
        let mut index = SymbolIndex {
            files: files.to_vec(),
            ..Default::default()
        };
        for (i, file) in files.iter().enumerate() {
            index
                .by_name
                .entry(file.name().to_string())
                .or_insert(i as u32);
            index.add_file(i as u32, file);
        }
        index
    }

    fn add_file(&mut self, fi: u32, file: &'a FileDescriptorProto) {
        let package = file.package.clone().unwrap_or_default();
        if !package.is_empty() {
            let mut end = 0;
            loop {
                let next = package[end..].find('.').map(|p| end + p);
                let prefix = &package[..next.unwrap_or(package.len())];
                self.packages
                    .entry(prefix.to_string())
                    .or_default()
                    .push(fi);
                match next {
                    Some(p) => end = p + 1,
                    None => break,
                }
            }
        }
        let scope = package;
        for (i, m) in file.message_type.iter().enumerate() {
            self.add_message(fi, &scope, m, vec![i as u32]);
        }
        for (i, e) in file.enum_type.iter().enumerate() {
            self.add_enum(fi, &scope, e, Vec::new(), i as u32);
        }
        for (i, x) in file.extension.iter().enumerate() {
            self.add_extension(fi, &scope, x, Vec::new(), i as u32);
        }
        for s in &file.service {
            let sname = join(&scope, s.name());
            for m in &s.method {
                self.insert(join(&sname, m.name()), fi, Loc::Other(false));
            }
            self.insert(sname, fi, Loc::Other(true));
        }
    }

    fn insert(&mut self, name: String, fi: u32, loc: Loc) {
        self.symbols.entry(name).or_insert((fi, loc));
    }

    fn add_message(&mut self, fi: u32, scope: &str, m: &'a DescriptorProto, path: Vec<u32>) {
        let name = join(scope, m.name());
        for (i, f) in m.field.iter().enumerate() {
            self.insert(
                join(&name, f.name()),
                fi,
                Loc::Field(path.clone(), i as u32),
            );
        }
        for o in &m.oneof_decl {
            self.insert(join(&name, o.name()), fi, Loc::Other(false));
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            let mut p = path.clone();
            p.push(i as u32);
            self.add_message(fi, &name, n, p);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            self.add_enum(fi, &name, e, path.clone(), i as u32);
        }
        for (i, x) in m.extension.iter().enumerate() {
            self.add_extension(fi, &name, x, path.clone(), i as u32);
        }
        self.insert(name, fi, Loc::Message(path));
    }

    fn add_enum(
        &mut self,
        fi: u32,
        scope: &str,
        e: &'a EnumDescriptorProto,
        path: Vec<u32>,
        idx: u32,
    ) {
        for v in &e.value {
            // Enum values are siblings of their enum, not children.
            self.insert(join(scope, v.name()), fi, Loc::EnumValue(path.clone(), idx));
        }
        self.insert(join(scope, e.name()), fi, Loc::Enum(path, idx));
    }

    fn add_extension(
        &mut self,
        fi: u32,
        scope: &str,
        x: &'a FieldDescriptorProto,
        path: Vec<u32>,
        idx: u32,
    ) {
        let loc = Loc::Extension(path, idx);
        if let (Some(extendee), Some(number)) = (x.extendee.as_deref(), x.number) {
            let extendee = extendee.strip_prefix('.').unwrap_or(extendee).to_string();
            self.extensions
                .entry((extendee, number))
                .or_insert((fi, loc.clone()));
        }
        self.insert(join(scope, x.name()), fi, loc);
    }

    /// The same index over `files`, which must be the indexed files or copies with the same
    /// elements (options may differ: interpretation writes them between its passes), in the
    /// same order. Building an index again costs a string per symbol.
    pub(crate) fn rebind<'b>(self, files: &[&'b FileDescriptorProto]) -> SymbolIndex<'b> {
        SymbolIndex {
            files: files.to_vec(),
            by_name: self.by_name,
            symbols: self.symbols,
            packages: self.packages,
            extensions: self.extensions,
        }
    }

    /// The index of the file named `name`.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn file_index(&self, name: &str) -> Option<u32> {
        self.by_name.get(name).copied()
    }

    /// The file index a symbol (not a package) is declared in.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn file_of(&self, full_name: &str) -> Option<u32> {
        self.symbols.get(full_name).map(|(fi, _)| *fi)
    }

    /// Files declaring package `name` or a sub-package of it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn package_files(&self, name: &str) -> &[u32] {
        self.packages.get(name).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The symbol named `full_name` (packages included), in any indexed file.
    pub(crate) fn get(&self, full_name: &str) -> Option<Symbol<'a>> {
        if let Some((fi, loc)) = self.symbols.get(full_name) {
            return self.resolve(*fi, loc, full_name);
        }
        if self.packages.contains_key(full_name) {
            return Some(Symbol::Package);
        }
        None
    }

    /// The extension of `extendee` numbered `number`.
    pub(crate) fn extension(&self, extendee: &str, number: i32) -> Option<FieldRef<'a>> {
        let (fi, loc) = self.extensions.get(&(extendee.to_string(), number))?;
        let file = self.files[*fi as usize];
        let Loc::Extension(path, idx) = loc else {
            return None;
        };
        let messages = walk(file, path)?;
        let proto = match messages.last() {
            Some(m) => m.extension.get(*idx as usize)?,
            None => file.extension.get(*idx as usize)?,
        };
        let scope_name = match messages.last() {
            Some(_) => message_name(file, &messages),
            None => file.package().to_string(),
        };
        Some(FieldRef {
            full_name: join(&scope_name, proto.name()),
            proto,
            enclosing: Enclosing { file, messages },
            is_extension: true,
        })
    }

    fn resolve(&self, fi: u32, loc: &Loc, full_name: &str) -> Option<Symbol<'a>> {
        let file = self.files[fi as usize];
        let full_name = full_name.to_string();
        Some(match loc {
            Loc::Message(path) => {
                let mut messages = walk(file, path)?;
                let proto = messages.pop()?;
                Symbol::Message(MessageRef {
                    full_name,
                    proto,
                    enclosing: Enclosing { file, messages },
                })
            }
            Loc::Enum(path, idx) | Loc::EnumValue(path, idx) => {
                let messages = walk(file, path)?;
                let proto = match messages.last() {
                    Some(m) => m.enum_type.get(*idx as usize)?,
                    None => file.enum_type.get(*idx as usize)?,
                };
                let enclosing = Enclosing { file, messages };
                if let Loc::Enum(..) = loc {
                    Symbol::Enum(EnumRef {
                        full_name,
                        proto,
                        enclosing,
                    })
                } else {
                    let scope = parent_scope(&full_name);
                    Symbol::EnumValue(EnumRef {
                        full_name: join(scope, proto.name()),
                        proto,
                        enclosing,
                    })
                }
            }
            Loc::Field(path, idx) => {
                let messages = walk(file, path)?;
                let proto = messages.last()?.field.get(*idx as usize)?;
                Symbol::Field(FieldRef {
                    full_name,
                    proto,
                    enclosing: Enclosing { file, messages },
                    is_extension: false,
                })
            }
            Loc::Extension(path, idx) => {
                let messages = walk(file, path)?;
                let proto = match messages.last() {
                    Some(m) => m.extension.get(*idx as usize)?,
                    None => file.extension.get(*idx as usize)?,
                };
                Symbol::Field(FieldRef {
                    full_name,
                    proto,
                    enclosing: Enclosing { file, messages },
                    is_extension: true,
                })
            }
            Loc::Other(is_aggregate) => Symbol::Other {
                is_aggregate: *is_aggregate,
            },
        })
    }
}

/// The messages along `path` (top-level index, then nested indices).
fn walk<'a>(file: &'a FileDescriptorProto, path: &[u32]) -> Option<Vec<&'a DescriptorProto>> {
    let mut out = Vec::with_capacity(path.len());
    let mut list = &file.message_type;
    for &i in path {
        let m = list.get(i as usize)?;
        out.push(m);
        list = &m.nested_type;
    }
    Some(out)
}

fn message_name(file: &FileDescriptorProto, messages: &[&DescriptorProto]) -> String {
    let mut name = file.package().to_string();
    for m in messages {
        name = join(&name, m.name());
    }
    name
}

/// `scope.name`, or `name` in the root scope.
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

/// Everything before the last `.` (empty for a top-level name).
pub(crate) fn parent_scope(full_name: &str) -> &str {
    full_name.rfind('.').map_or("", |p| &full_name[..p])
}

/// An [`OptionSchema`] over linked IR files indexed once in a [`SymbolIndex`], seen from one
/// importing file. Building one is cheap (it only computes which files the importer sees), so
/// a compilation indexes its files once and makes one view per file.
// The linker implements `OptionSchema` over its own symbol table; this one serves the tests.
#[cfg_attr(not(test), allow(dead_code))]
#[derive(Debug)]
pub(crate) struct ListSchema<'i, 'a> {
    index: &'i SymbolIndex<'a>,
    /// Indices (into the index's files) of the files visible to the importing file.
    visible: HashSet<u32>,
}

#[cfg_attr(not(test), allow(dead_code))]
impl<'i, 'a> ListSchema<'i, 'a> {
    /// The files of `index` as seen from `importer`, whose imports decide visibility.
    /// `importer` itself may or may not be indexed.
    pub(crate) fn new(index: &'i SymbolIndex<'a>, importer: &FileDescriptorProto) -> Self {
        let mut visible = HashSet::new();
        if let Some(i) = index.file_index(importer.name()) {
            visible.insert(i);
        }
        // Direct and option imports, then whatever they import publicly, transitively.
        let mut stack: Vec<u32> = importer
            .dependency
            .iter()
            .chain(&importer.option_dependency)
            .filter_map(|d| index.file_index(d))
            .collect();
        while let Some(i) = stack.pop() {
            if !visible.insert(i) {
                continue;
            }
            let f = index.files[i as usize];
            for &p in &f.public_dependency {
                if let Some(j) = usize::try_from(p)
                    .ok()
                    .and_then(|p| f.dependency.get(p))
                    .and_then(|d| index.file_index(d))
                {
                    stack.push(j);
                }
            }
        }
        ListSchema { index, visible }
    }
}

impl OptionSchema for ListSchema<'_, '_> {
    fn find_symbol(&self, full_name: &str) -> Option<Symbol<'_>> {
        let symbol = self.index.get(full_name)?;
        if let Symbol::Package = symbol {
            let files = self.index.package_files(full_name);
            return files
                .iter()
                .any(|f| self.visible.contains(f))
                .then_some(Symbol::Package);
        }
        let fi = self.index.file_of(full_name)?;
        self.visible.contains(&fi).then_some(symbol)
    }

    fn find_symbol_anywhere(&self, full_name: &str) -> Option<Symbol<'_>> {
        self.index.get(full_name)
    }

    fn find_extension_by_number(&self, extendee: &str, number: i32) -> Option<FieldRef<'_>> {
        self.index.extension(extendee, number)
    }
}

/// Our `proto/google/protobuf/descriptor.proto`, compiled without source info: the options
/// messages protoc knows even when the file being compiled does not import descriptor.proto.
pub(crate) fn builtin_index() -> &'static SymbolIndex<'static> {
    static FILE: OnceLock<FileDescriptorProto> = OnceLock::new();
    static INDEX: OnceLock<SymbolIndex<'static>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let file = FILE.get_or_init(|| {
            FileDescriptorSet::decode(&include_bytes!("descriptor.binpb")[..])
                .ok()
                .and_then(|s| s.file.into_iter().next())
                .unwrap_or_default()
        });
        SymbolIndex::new(&[file])
    })
}
