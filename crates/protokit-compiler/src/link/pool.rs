//! One run's shared index of linked files.
//!
//! protoc checks each new file against every file it imports directly or indirectly
//! (duplicate names, extension declarations, options resolved through files that are not
//! visible). Walking those imports for every file is quadratic in the length of an import
//! chain; the pool answers the same questions with one hash lookup: which files define a name,
//! filtered by a bit set of the files the linked file reaches. Only when two reachable files
//! qualify does the caller fall back to the walk, which decides which one protoc meets first.

use std::hash::BuildHasher;
use std::sync::{Arc, OnceLock, RwLock};

use super::{FxMap, LinkedFile};

/// The indexes the pool keeps, each from a name to the files it applies to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Table {
    /// Full names of symbols (no leading dot).
    Symbols = 0,
    /// Packages and their parent packages.
    Packages = 1,
    /// Extendees (no leading dot) of the file's extensions.
    Extendees = 2,
    /// Messages with extension declarations.
    Declarations = 3,
}

/// Files defining one name: almost always one, so the common case needs no allocation.
#[derive(Debug)]
enum Ids {
    One(u32),
    Many(Vec<u32>),
}

/// The files linked so far in one run, indexed by name, for linking the files importing them.
///
/// The driver creates one per run with a slot per file id, links each file with
/// [`link_in`](super::link_in) once its imports are linked, and registers it with
/// [`LinkPool::add`] before linking anything that imports it.
#[derive(Debug)]
pub struct LinkPool {
    files: Box<[OnceLock<Arc<LinkedFile>>]>,
    tables: [RwLock<FxMap<u64, Ids>>; 4],
}

/// Where a linked file sits in its pool: its id, and the ids of every file it imports
/// directly or indirectly (through `deps`) as a bit set.
#[derive(Debug)]
pub(crate) struct Reach {
    id: u32,
    bits: Box<[u64]>,
}

impl Reach {
    fn contains(&self, id: u32) -> bool {
        self.bits
            .get((id / 64) as usize)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }
}

/// What a pool lookup found among the files a file reaches.
pub(crate) enum Lookup<'p> {
    /// No reachable file qualifies.
    None,
    /// Exactly one does.
    One(&'p Arc<LinkedFile>),
    /// Several do: which one protoc meets first needs the walk in load order.
    Many,
}

fn hash(name: &str) -> u64 {
    std::hash::BuildHasherDefault::<super::FxHasher>::default().hash_one(name)
}

impl LinkPool {
    /// A pool for files with ids `0..capacity`.
    pub fn new(capacity: usize) -> Self {
        LinkPool {
            files: (0..capacity).map(|_| OnceLock::new()).collect(),
            tables: Default::default(),
        }
    }

    /// The reach of a file with id `id` importing `deps`; `None` (no pool lookups, walks
    /// instead) when the id is out of range or some import was not linked in this pool.
    pub(crate) fn reach(&self, id: usize, deps: &[Arc<LinkedFile>]) -> Option<Reach> {
        let id = u32::try_from(id)
            .ok()
            .filter(|&i| (i as usize) < self.files.len())?;
        let words = self.files.len().div_ceil(64);
        let mut bits = vec![0u64; words].into_boxed_slice();
        for d in deps {
            let r = d.reach.as_ref()?;
            let pooled = self.files.get(r.id as usize)?.get()?;
            if !Arc::ptr_eq(pooled, d) || r.bits.len() != words {
                return None;
            }
            for (w, dw) in bits.iter_mut().zip(r.bits.iter()) {
                *w |= dw;
            }
            bits[(r.id / 64) as usize] |= 1 << (r.id % 64);
        }
        Some(Reach { id, bits })
    }

    /// Registers a file linked with [`link_in`](super::link_in) in this pool, so that the
    /// files importing it find its names. Files linked otherwise are ignored.
    pub fn add(&self, file: &Arc<LinkedFile>) {
        let Some(reach) = &file.reach else {
            return;
        };
        let Some(slot) = self.files.get(reach.id as usize) else {
            return;
        };
        if slot.set(file.clone()).is_err() {
            return;
        }
        let id = reach.id;
        let insert = |table: Table, names: &mut dyn Iterator<Item = &str>| {
            let mut t = self.tables[table as usize]
                .write()
                .unwrap_or_else(|e| e.into_inner());
            for name in names {
                t.entry(hash(name))
                    .and_modify(|ids| match ids {
                        Ids::One(first) => *ids = Ids::Many(vec![*first, id]),
                        Ids::Many(v) => v.push(id),
                    })
                    .or_insert(Ids::One(id));
            }
        };
        insert(Table::Symbols, &mut file.symbols.keys().map(|k| &**k));
        insert(Table::Packages, &mut file.packages.iter().map(|k| &**k));
        insert(Table::Extendees, &mut file.extensions.keys().map(|k| &**k));
        insert(
            Table::Declarations,
            &mut file.declarations.keys().map(|k| &**k),
        );
    }

    /// The files reachable from `reach` that `tables` list under `name` and for which `pred`
    /// holds.
    pub(crate) fn find(
        &self,
        reach: &Reach,
        tables: &[Table],
        name: &str,
        pred: impl Fn(&LinkedFile) -> bool,
    ) -> Lookup<'_> {
        let h = hash(name);
        let mut found: Option<&Arc<LinkedFile>> = None;
        for &table in tables {
            let t = self.tables[table as usize]
                .read()
                .unwrap_or_else(|e| e.into_inner());
            let ids: &[u32] = match t.get(&h) {
                None => continue,
                Some(Ids::One(id)) => std::slice::from_ref(id),
                Some(Ids::Many(v)) => v,
            };
            for &id in ids {
                if !reach.contains(id) {
                    continue;
                }
                let Some(f) = self.files.get(id as usize).and_then(OnceLock::get) else {
                    continue;
                };
                if found.is_some_and(|g| Arc::ptr_eq(g, f)) || !pred(f) {
                    continue;
                }
                if found.is_some() {
                    return Lookup::Many;
                }
                found = Some(f);
            }
        }
        match found {
            Some(f) => Lookup::One(f),
            None => Lookup::None,
        }
    }
}
