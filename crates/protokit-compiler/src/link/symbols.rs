//! The symbol table and protoc's name lookup (`DescriptorBuilder::LookupSymbol`).

use std::sync::Arc;

use super::{FxMap, FxSet, LinkedFile};

/// One named element of a file.
#[derive(Debug, Clone)]
pub(crate) struct Symbol {
    /// What it is.
    pub kind: SymbolKind,
    /// Its location path in its file (`[4, 0, 2, 1]` is message 0's field 1).
    pub path: Box<[i32]>,
}

/// The kinds of symbols, with what linking other elements needs to know about them.
#[derive(Debug, Clone)]
pub(crate) enum SymbolKind {
    /// A message, with its extension ranges (`[start, end)`), for checking extension numbers.
    Message { extension_ranges: Box<[(i32, i32)]> },
    /// An enum.
    Enum,
    /// An enum value, registered as a sibling of its enum; `parent` is the enum's full name.
    EnumValue { parent: Box<str> },
    /// A message field.
    Field,
    /// A oneof.
    Oneof,
    /// An extension field.
    Extension,
    /// A service.
    Service,
    /// A method.
    Method,
}

impl SymbolKind {
    /// Messages and enums.
    pub fn is_type(&self) -> bool {
        matches!(self, SymbolKind::Message { .. } | SymbolKind::Enum)
    }

    /// Symbols that can contain other symbols (protoc's `IsAggregate`; packages too).
    pub fn is_aggregate(&self) -> bool {
        self.is_type() || matches!(self, SymbolKind::Service)
    }
}

/// Where a looked-up name was found.
#[derive(Debug, Clone)]
pub(crate) enum Found<'a> {
    /// A symbol, in the file being linked (`file: None`) or an imported one.
    Symbol {
        /// The defining file; `None` for the file being linked.
        file: Option<&'a LinkedFile>,
        /// The symbol.
        symbol: &'a Symbol,
        /// Its full name, without a leading dot.
        full_name: String,
    },
    /// A package.
    Package(String),
}

impl Found<'_> {
    /// The full name, without a leading dot.
    pub fn full_name(&self) -> &str {
        match self {
            Found::Symbol { full_name, .. } => full_name,
            Found::Package(n) => n,
        }
    }

    /// The symbol's kind (`None` for packages).
    pub fn kind(&self) -> Option<&SymbolKind> {
        match self {
            Found::Symbol { symbol, .. } => Some(&symbol.kind),
            Found::Package(_) => None,
        }
    }

    fn is_aggregate(&self) -> bool {
        self.kind().is_none_or(SymbolKind::is_aggregate)
    }

    fn is_type(&self) -> bool {
        self.kind().is_some_and(SymbolKind::is_type)
    }
}

/// Why a lookup failed, for protoc's `AddNotDefinedError` messages.
#[derive(Debug, Default)]
pub(crate) struct NotFound {
    /// A name that exists in a file that is not visible: (full name, that file).
    pub undeclared: Option<(String, Arc<str>)>,
    /// The full name the first component resolved into, when the rest was missing.
    pub resolved: Option<String>,
    /// The full names tried and not found, in order.
    pub tried: Vec<String>,
}

impl NotFound {
    /// protoc's messages for a failed lookup of `name` from `file_name` (one or two).
    pub fn messages(&self, name: &str, file_name: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let Some((full, file)) = &self.undeclared {
            out.push(format!(
                "\"{full}\" seems to be defined in \"{file}\", which is not imported by \
                 \"{file_name}\".  To use it here, please add the necessary import."
            ));
        }
        if let Some(resolved) = &self.resolved {
            out.push(format!(
                "\"{name}\" is resolved to \"{resolved}\", which is not defined. The innermost \
                 scope is searched first in name resolution. Consider using a leading '.'(i.e., \
                 \".{name}\") to start from the outermost scope."
            ));
        }
        if out.is_empty() {
            out.push(format!("\"{name}\" is not defined."));
        }
        out
    }
}

/// The names one file can see: its own symbols, its imports', and whatever those re-export
/// with `import public`.
pub(crate) struct Scope<'a> {
    own: &'a FxMap<Box<str>, super::Symbol>,
    own_packages: &'a [Box<str>],
    visible: Vec<&'a LinkedFile>,
    /// With many visible files: each visible symbol's file (the first in `visible` that
    /// defines it) and every visible package, so a lookup is one probe instead of one per file.
    index: Option<(FxMap<&'a str, &'a LinkedFile>, FxSet<&'a str>)>,
    /// Every file loaded for this one, for "seems to be defined in" (by default `deps`; also
    /// the files of `import option`, whose types are loaded but not visible).
    loaded: &'a [Arc<LinkedFile>],
    /// The imported files symbols were found in (addresses), for protoc's unused-import
    /// warning: its `FindSymbol` erases the defining file from the unused set.
    used: std::cell::RefCell<FxSet<usize>>,
    /// Own symbols that lookups do not find (defined first by another file of the run).
    shadowed: Option<&'a FxSet<String>>,
}

/// From how many visible files on [`Scope`] indexes their names: below, probing each file's
/// own table is cheaper than building one.
const INDEX_FROM: usize = 16;

impl<'a> Scope<'a> {
    /// The scope of a file with symbols `own`, packages `own_packages` and imports `deps`.
    pub fn new(
        own: &'a FxMap<Box<str>, Symbol>,
        own_packages: &'a [Box<str>],
        deps: &'a [Arc<LinkedFile>],
    ) -> Self {
        let mut visible: Vec<&'a LinkedFile> = Vec::with_capacity(deps.len());
        let mut seen: FxSet<*const LinkedFile> = FxSet::default();
        let mut stack: Vec<&'a LinkedFile> = deps.iter().rev().map(|d| &**d).collect();
        while let Some(f) = stack.pop() {
            if !seen.insert(f) {
                continue;
            }
            visible.push(f);
            stack.extend(f.public_deps.iter().rev().map(|d| &**d));
        }
        let index = (visible.len() >= INDEX_FROM).then(|| {
            let mut symbols: FxMap<&'a str, &'a LinkedFile> = FxMap::default();
            let mut packages: FxSet<&'a str> = FxSet::default();
            for f in &visible {
                for name in f.symbols.keys() {
                    symbols.entry(&**name).or_insert(*f);
                }
                packages.extend(f.packages.iter().map(|p| &**p));
            }
            (symbols, packages)
        });
        Scope {
            own,
            own_packages,
            visible,
            index,
            loaded: deps,
            used: std::cell::RefCell::default(),
            shadowed: None,
        }
    }

    /// The same scope, not finding the own symbols in `shadowed`.
    pub fn with_shadowed(mut self, shadowed: &'a FxSet<String>) -> Self {
        self.shadowed = (!shadowed.is_empty()).then_some(shadowed);
        self
    }

    /// The imported files that symbols were found in so far (by address).
    pub fn take_used(&self) -> FxSet<usize> {
        self.used.take()
    }

    /// The same scope, with `loaded` as every file loaded for this one.
    pub fn with_loaded(mut self, loaded: &'a [Arc<LinkedFile>]) -> Self {
        self.loaded = loaded;
        self
    }

    /// protoc's `FindSymbol`: `full_name` (no leading dot) among visible symbols and packages.
    pub fn find(&self, full_name: &str) -> Option<Found<'a>> {
        let own = self.own.get(full_name).filter(|_| {
            self.shadowed
                .is_none_or(|shadowed| !shadowed.contains(full_name))
        });
        if let Some(symbol) = own {
            return Some(Found::Symbol {
                file: None,
                symbol,
                full_name: full_name.to_string(),
            });
        }
        let (in_file, in_visible_package) = match &self.index {
            Some((symbols, packages)) => (
                symbols.get(full_name).copied(),
                packages.contains(full_name),
            ),
            None => (
                self.visible
                    .iter()
                    .copied()
                    .find(|f| f.symbols.contains_key(full_name)),
                false,
            ),
        };
        if let Some(f) = in_file {
            if let Some(symbol) = f.symbols.get(full_name) {
                self.used
                    .borrow_mut()
                    .insert(std::ptr::from_ref(f) as usize);
                return Some(Found::Symbol {
                    file: Some(f),
                    symbol,
                    full_name: full_name.to_string(),
                });
            }
        }
        if self.own_packages.iter().any(|p| &**p == full_name)
            || in_visible_package
            || (self.index.is_none() && self.visible.iter().any(|f| f.in_package(full_name)))
        {
            return Some(Found::Package(full_name.to_string()));
        }
        None
    }

    /// For names that were not found: the last of them that some loaded but invisible file
    /// defines, as protoc remembers it for its "seems to be defined in" message.
    fn undeclared(&self, tried: &[String]) -> Option<(String, Arc<str>)> {
        let all = transitive_deps(self.loaded);
        tried.iter().rev().find_map(|name| {
            all.iter()
                .find(|f| f.symbols.contains_key(name.as_str()) || f.in_package(name))
                .map(|f| (name.clone(), f.name.clone()))
        })
    }

    /// protoc's `LookupSymbol`: resolves `name` as written in the element named
    /// `relative_to`. With `types_only`, a single-component name skips non-type symbols
    /// (protoc's `LOOKUP_TYPES`, used for field types).
    pub fn lookup(
        &self,
        name: &str,
        relative_to: &str,
        types_only: bool,
    ) -> Result<Found<'a>, NotFound> {
        let mut tried: Vec<String> = Vec::new();
        let result = self.lookup_inner(name, relative_to, types_only, &mut tried);
        result.map_err(|resolved| NotFound {
            undeclared: self.undeclared(&tried),
            resolved,
            tried,
        })
    }

    fn lookup_inner(
        &self,
        name: &str,
        relative_to: &str,
        types_only: bool,
        tried: &mut Vec<String>,
    ) -> Result<Found<'a>, Option<String>> {
        let mut find = |n: &str| {
            let r = self.find(n);
            if r.is_none() {
                tried.push(n.to_string());
            }
            r
        };
        if let Some(abs) = name.strip_prefix('.') {
            return find(abs).ok_or(None);
        }
        let first = name.split('.').next().unwrap_or(name);
        let mut scope = relative_to;
        let mut candidate = String::with_capacity(relative_to.len() + name.len() + 1);
        loop {
            let Some(dot) = scope.rfind('.') else {
                return find(name).ok_or(None);
            };
            scope = &scope[..dot];
            candidate.clear();
            candidate.push_str(scope);
            candidate.push('.');
            candidate.push_str(first);
            if let Some(found) = find(&candidate) {
                if first.len() < name.len() {
                    if found.is_aggregate() {
                        candidate.push_str(&name[first.len()..]);
                        return find(&candidate).ok_or(Some(candidate));
                    }
                } else if !types_only || found.is_type() {
                    return Ok(found);
                }
            }
        }
    }
}

/// Every file imported directly or indirectly, each after its own imports (the order protoc
/// loads them in).
pub(crate) fn transitive_deps(deps: &[Arc<LinkedFile>]) -> Vec<Arc<LinkedFile>> {
    fn visit(
        f: &Arc<LinkedFile>,
        seen: &mut std::collections::HashSet<*const LinkedFile>,
        out: &mut Vec<Arc<LinkedFile>>,
    ) {
        if !seen.insert(Arc::as_ptr(f)) {
            return;
        }
        for d in &f.deps {
            visit(d, seen, out);
        }
        out.push(f.clone());
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for d in deps {
        visit(d, &mut seen, &mut out);
    }
    out
}
