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
/// The driver creates one per run, gives each file an id (small integers, in any order),
/// links each file with [`link_in`](super::link_in) once its imports are linked, and
/// registers it with [`LinkPool::add`] before linking anything that imports it.
#[derive(Debug)]
pub struct LinkPool {
    files: Slots,
    tables: [Sharded; 4],
    /// Option interpretation's message information, shared by every file of the run.
    messages: crate::options::types::MessageCache,
}

/// One index, split by hash into shards with a lock each: a file's names go in one shard at a
/// time, so growing a table of millions of names rehashes a sixty-fourth of it, and lookups in
/// other shards go on meanwhile.
#[derive(Debug)]
struct Sharded([RwLock<FxMap<u64, Ids>>; SHARDS]);

const SHARDS: usize = 64;

/// The shard of a name's hash: bits that neither the table's bucket index (low bits) nor its
/// tag (top seven bits) use, so each shard stays evenly spread.
fn shard(h: u64) -> usize {
    (h >> 32) as usize % SHARDS
}

impl Default for Sharded {
    fn default() -> Self {
        Sharded(std::array::from_fn(|_| RwLock::default()))
    }
}

/// Ids of the files reachable from one file: sorted ids while they are few, else a bit set
/// (so that memory stays linear in the closures' sizes when imports form bounded layers, and
/// never exceeds one bit per file on long chains).
#[derive(Debug)]
enum Reached {
    Sorted(Box<[u32]>),
    Bits(Box<[u64]>),
}

/// Where a linked file sits in its pool: its id, and the ids of every file it imports
/// directly or indirectly (through `deps`).
#[derive(Debug)]
pub(crate) struct Reach {
    id: u32,
    reached: Reached,
}

impl Reach {
    pub(crate) fn contains(&self, id: u32) -> bool {
        match &self.reached {
            Reached::Sorted(ids) => ids.binary_search(&id).is_ok(),
            Reached::Bits(bits) => bits
                .get((id / 64) as usize)
                .is_some_and(|w| w & (1 << (id % 64)) != 0),
        }
    }

    fn for_each(&self, mut f: impl FnMut(u32)) {
        match &self.reached {
            Reached::Sorted(ids) => ids.iter().for_each(|&i| f(i)),
            Reached::Bits(bits) => {
                for (w, &word) in bits.iter().enumerate() {
                    let mut word = word;
                    while word != 0 {
                        f(w as u32 * 64 + word.trailing_zeros());
                        word &= word - 1;
                    }
                }
            }
        }
    }

    /// No reached id is above this.
    fn max_id(&self) -> u32 {
        match &self.reached {
            Reached::Sorted(ids) => ids.last().copied().unwrap_or(0),
            Reached::Bits(bits) => {
                let last = bits.iter().rposition(|&w| w != 0).unwrap_or(0);
                let top = 63 - bits.get(last).map_or(63, |w| w.leading_zeros().min(63));
                (last as u32) * 64 + top
            }
        }
    }

    fn len_hint(&self) -> usize {
        match &self.reached {
            Reached::Sorted(ids) => ids.len(),
            Reached::Bits(bits) => bits.len() * 64,
        }
    }
}

/// An append-anywhere table from file id to linked file that grows without moving what it
/// holds: chunk `k` holds `FIRST << k` slots.
#[derive(Debug)]
struct Slots {
    chunks: [OnceLock<Chunk>; CHUNKS],
}

type Chunk = Box<[OnceLock<Arc<LinkedFile>>]>;

const FIRST: usize = 1024;
const CHUNKS: usize = 22;

impl Slots {
    fn new() -> Self {
        Slots {
            chunks: std::array::from_fn(|_| OnceLock::new()),
        }
    }

    /// The chunk and offset of `id`; `None` past the last chunk.
    fn place(id: u32) -> Option<(usize, usize)> {
        let q = id as usize / FIRST + 1;
        let k = q.ilog2() as usize;
        let start = FIRST * ((1 << k) - 1);
        (k < CHUNKS).then_some((k, id as usize - start))
    }

    fn slot(&self, id: u32) -> Option<&OnceLock<Arc<LinkedFile>>> {
        let (k, offset) = Self::place(id)?;
        let chunk =
            self.chunks[k].get_or_init(|| (0..FIRST << k).map(|_| OnceLock::new()).collect());
        chunk.get(offset)
    }

    fn get(&self, id: u32) -> Option<&Arc<LinkedFile>> {
        let (k, offset) = Self::place(id)?;
        self.chunks[k].get()?.get(offset)?.get()
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

pub(crate) fn hash(name: &str) -> u64 {
    std::hash::BuildHasherDefault::<super::FxHasher>::default().hash_one(name)
}

impl LinkPool {
    /// An empty pool. `capacity` is a hint of how many files it will hold (ids may exceed it).
    pub fn new(capacity: usize) -> Self {
        let pool = LinkPool {
            files: Slots::new(),
            tables: Default::default(),
            messages: Default::default(),
        };
        if capacity > 0 {
            let _ = pool
                .files
                .slot(u32::try_from(capacity - 1).unwrap_or(u32::MAX));
        }
        pool
    }

    /// The reach of a file with id `id` importing `deps`; `None` (no pool lookups, walks
    /// instead) when the id is out of range or some import was not linked in this pool.
    pub(crate) fn reach(&self, id: usize, deps: &[Arc<LinkedFile>]) -> Option<Reach> {
        let id = u32::try_from(id).ok()?;
        Slots::place(id)?;
        let mut max = 0u32;
        let mut total = 0usize;
        for d in deps {
            let r = d.reach.as_ref()?;
            let pooled = self.files.get(r.id)?;
            if !Arc::ptr_eq(pooled, d) {
                return None;
            }
            max = max.max(r.id).max(r.max_id());
            total += r.len_hint() + 1;
        }
        let words = (max as usize / 64) + 1;
        // A sorted id takes 32 bits: a bit set is smaller past one id in 32.
        let reached = if deps.is_empty() {
            Reached::Sorted(Box::new([]))
        } else if total * 32 < words * 64 {
            let mut ids = Vec::with_capacity(total);
            for d in deps {
                let r = d.reach.as_ref()?;
                ids.push(r.id);
                r.for_each(|i| ids.push(i));
            }
            ids.sort_unstable();
            ids.dedup();
            Reached::Sorted(ids.into_boxed_slice())
        } else {
            let mut bits = vec![0u64; words].into_boxed_slice();
            for d in deps {
                let r = d.reach.as_ref()?;
                match &r.reached {
                    Reached::Bits(b) => {
                        for (w, dw) in bits.iter_mut().zip(b.iter()) {
                            *w |= dw;
                        }
                    }
                    Reached::Sorted(ids) => {
                        for &i in ids.iter() {
                            bits[(i / 64) as usize] |= 1 << (i % 64);
                        }
                    }
                }
                bits[(r.id / 64) as usize] |= 1 << (r.id % 64);
            }
            Reached::Bits(bits)
        };
        Some(Reach { id, reached })
    }

    /// See [`crate::options::schema::OptionSchema::message_cache`].
    pub(crate) fn message_cache(&self) -> &crate::options::types::MessageCache {
        &self.messages
    }

    /// Registers a file linked with [`link_in`](super::link_in) in this pool, so that the
    /// files importing it find its names. Files linked otherwise are ignored.
    pub fn add(&self, file: &Arc<LinkedFile>) {
        let Some(reach) = &file.reach else {
            return;
        };
        let Some(slot) = self.files.slot(reach.id) else {
            return;
        };
        if slot.set(file.clone()).is_err() {
            return;
        }
        let id = reach.id;
        let mut hashes: Vec<u64> = Vec::new();
        let mut insert = |table: Table, names: &mut dyn Iterator<Item = &str>| {
            hashes.clear();
            hashes.extend(names.map(hash));
            hashes.sort_unstable_by_key(|&h| shard(h));
            for group in hashes.chunk_by(|&a, &b| shard(a) == shard(b)) {
                let mut t = self.tables[table as usize].0[shard(group[0])]
                    .write()
                    .unwrap_or_else(|e| e.into_inner());
                for &h in group {
                    t.entry(h)
                        .and_modify(|ids| match ids {
                            Ids::One(first) => *ids = Ids::Many(vec![*first, id]),
                            Ids::Many(v) => v.push(id),
                        })
                        .or_insert(Ids::One(id));
                }
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

    /// The file registered under `id`, if any.
    pub(crate) fn file(&self, id: u32) -> Option<&Arc<LinkedFile>> {
        self.files.get(id)
    }

    /// The ids of the files `table` lists under `name` (by hash: callers check the files).
    pub(crate) fn ids_listing(&self, table: Table, name: &str) -> Vec<u32> {
        let h = hash(name);
        let t = self.tables[table as usize].0[shard(h)]
            .read()
            .unwrap_or_else(|e| e.into_inner());
        match t.get(&h) {
            None => Vec::new(),
            Some(Ids::One(id)) => vec![*id],
            Some(Ids::Many(v)) => v.clone(),
        }
    }

    /// Names (by [`hash`]) that may be defined twice in the pool: symbols several files list,
    /// and names one file lists as a symbol and another as a package; with the ids of the
    /// files listing each as a symbol and as a package. Hashes may collide: callers compare
    /// the names.
    pub(crate) fn shared_names(&self) -> Vec<(u64, Vec<u32>, Vec<u32>)> {
        let ids_of = |ids: &Ids| match ids {
            Ids::One(id) => vec![*id],
            Ids::Many(v) => v.clone(),
        };
        let mut out = Vec::new();
        for shard in 0..SHARDS {
            let symbols = self.tables[Table::Symbols as usize].0[shard]
                .read()
                .unwrap_or_else(|e| e.into_inner());
            let packages = self.tables[Table::Packages as usize].0[shard]
                .read()
                .unwrap_or_else(|e| e.into_inner());
            for (&h, ids) in symbols.iter() {
                if let Ids::Many(v) = ids {
                    out.push((
                        h,
                        v.clone(),
                        packages.get(&h).map(ids_of).unwrap_or_default(),
                    ));
                }
            }
            for (&h, ids) in packages.iter() {
                if let Some(Ids::One(id)) = symbols.get(&h) {
                    out.push((h, vec![*id], ids_of(ids)));
                }
            }
        }
        out
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
            let t = self.tables[table as usize].0[shard(h)]
                .read()
                .unwrap_or_else(|e| e.into_inner());
            let ids: &[u32] = match t.get(&h) {
                None => continue,
                Some(Ids::One(id)) => std::slice::from_ref(id),
                Some(Ids::Many(v)) => v,
            };
            // A name many files share (a package prefix such as `google`) lists most of the
            // pool: then walk the few files this one reaches instead, which `pred` filters
            // alike (it only holds for files the table lists under `name`). This keeps each
            // lookup independent of the size of the tree.
            let (candidates, walking_reach): (&[u32], bool) = match &reach.reached {
                Reached::Sorted(reached) if ids.len() > 16 && reached.len() < ids.len() => {
                    (reached, true)
                }
                _ => (ids, false),
            };
            for &id in candidates {
                if !walking_reach && !reach.contains(id) {
                    continue;
                }
                let Some(f) = self.files.get(id) else {
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
