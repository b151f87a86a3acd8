//! The import graph: parallel loading, protoc's build order and error attribution, and the
//! parallel linking wavefront.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use protokit_diagnostics::Span;

use super::stages::{self, LinkedFile, PackedLowered};
use super::{lock, sort_by_position, SourceText};
use crate::error::CompileError;
use crate::resolver::FileResolver;

/// `FileDescriptorProto.dependency`: locations `[3, i]` are the import statements.
const DEPENDENCY_FIELD: i32 = 3;
/// `FileDescriptorProto.option_dependency`: locations `[15, i]` are the `import option`
/// statements.
const OPTION_DEPENDENCY_FIELD: i32 = 15;

/// One file after loading, parsing and lowering.
pub(super) struct LoadedFile {
    pub name: String,
    /// `None` when the file could not be read.
    pub source: Option<Arc<SourceText>>,
    /// Not found, unreadable, not UTF-8, syntax and lowering errors: protoc reports these when
    /// it first reaches the file, and a file with any of them is never built.
    pub parse_errors: Vec<CompileError>,
    /// Where the error is for a file that could not be decoded (1-based line and column).
    pub fixed_position: Option<(u32, u32)>,
    /// Taken by linking (early, or in [`link_all`]).
    pub lowered: Option<PackedLowered>,
    /// Whether the file was lowered (`lowered` was set once).
    pub was_lowered: bool,
    /// The files imported by `import` statements, then those of `import option` statements
    /// (from `option_deps_from` on), as protoc loads and walks them.
    pub deps: Vec<String>,
    pub option_deps_from: usize,
    /// The loaded file each import names; `None` for imports that were never loaded because
    /// this file had parse errors.
    pub dep_ids: Vec<Option<usize>>,
    /// Where each import statement is, for import errors.
    pub import_spans: Vec<Option<Span>>,
    /// Whether the file was named as an input (protoc's direct input files, which get checks
    /// the files they import do not).
    pub is_input: bool,
}

impl LoadedFile {
    fn buildable(&self) -> bool {
        self.source.is_some() && self.parse_errors.is_empty() && self.was_lowered
    }
}

/// What loading produced: every file reached, and the files already linked while others
/// were still loading (see [`load_all`]).
pub(super) struct Loaded {
    pub files: Vec<LoadedFile>,
    /// Outcomes of the files linked early, by id.
    pub early: Vec<Option<LinkOutcome>>,
    pub pool: Arc<stages::LinkPool>,
}

/// A loaded file's progress towards being linked early.
enum Node {
    Loading,
    /// Waiting for `count` imports to be linked.
    Waiting {
        count: usize,
        job: Box<LinkJob>,
    },
    Linking,
    /// Linked; `ok` without errors.
    Done {
        ok: bool,
    },
    /// Not linked early: parse errors, an import that failed or imports itself. The planned
    /// pass after loading decides what protoc does with it.
    Stuck,
}

/// What linking one file needs from its loading.
struct LinkJob {
    id: usize,
    name: String,
    deps: Vec<String>,
    dep_ids: Vec<usize>,
    import_spans: Vec<Option<Span>>,
    lowered: PackedLowered,
}

struct LoadState {
    ids: HashMap<String, usize>,
    slots: Vec<Option<LoadedFile>>,
    nodes: Vec<Node>,
    dependents: Vec<Vec<usize>>,
    outcomes: Vec<Option<LinkOutcome>>,
}

impl LoadState {
    /// `name`'s id, and whether it was given just now.
    fn claim(&mut self, name: &str) -> (usize, bool) {
        if let Some(&id) = self.ids.get(name) {
            return (id, false);
        }
        let id = self.ids.len();
        self.ids.insert(name.to_string(), id);
        self.slots.push(None);
        self.nodes.push(Node::Loading);
        self.dependents.push(Vec::new());
        self.outcomes.push(None);
        (id, true)
    }
}

struct Loader<'a, R> {
    resolver: &'a R,
    inputs: HashSet<&'a str>,
    retain_sources: bool,
    link_early: bool,
    state: Mutex<LoadState>,
    pool: Arc<stages::LinkPool>,
}

impl<R: FileResolver> Loader<'_, R> {
    fn load<'s>(&'s self, scope: &rayon::Scope<'s>, id: usize, name: String) {
        let mut file = load_one(self.resolver, name, self.retain_sources);
        file.is_input = self.inputs.contains(file.name.as_str());
        let buildable = file.buildable();
        let mut fresh = Vec::new();
        let ready = {
            let mut st = lock(&self.state);
            let mut dep_ids = Vec::with_capacity(file.deps.len());
            if buildable {
                for dep in &file.deps {
                    let (dep_id, new) = st.claim(dep);
                    dep_ids.push(dep_id);
                    if new {
                        fresh.push((dep_id, dep.clone()));
                    }
                }
            }
            let ready = if buildable && self.link_early {
                self.schedule(&mut st, id, &mut file, dep_ids)
            } else {
                st.nodes[id] = Node::Stuck;
                None
            };
            st.slots[id] = Some(file);
            ready
        };
        for (dep_id, dep) in fresh {
            scope.spawn(move |s| self.load(s, dep_id, dep));
        }
        if let Some(job) = ready {
            scope.spawn(move |s| self.link(s, job));
        }
    }

    /// Decides whether a just-loaded file can be linked early and when: once every file it
    /// imports is linked without errors. Returns the job when that is now.
    fn schedule(
        &self,
        st: &mut LoadState,
        id: usize,
        file: &mut LoadedFile,
        dep_ids: Vec<usize>,
    ) -> Option<Box<LinkJob>> {
        let mut pending: Vec<usize> = Vec::new();
        for &d in &dep_ids {
            match st.nodes[d] {
                _ if d == id => {
                    st.nodes[id] = Node::Stuck;
                    return None;
                }
                Node::Done { ok: true } => {}
                Node::Done { ok: false } | Node::Stuck => {
                    st.nodes[id] = Node::Stuck;
                    return None;
                }
                Node::Loading | Node::Waiting { .. } | Node::Linking => {
                    if !pending.contains(&d) {
                        pending.push(d);
                    }
                }
            }
        }
        let job = Box::new(LinkJob {
            id,
            name: file.name.clone(),
            deps: file.deps.clone(),
            dep_ids,
            import_spans: file.import_spans.clone(),
            lowered: file.lowered.take()?,
        });
        if pending.is_empty() {
            st.nodes[id] = Node::Linking;
            return Some(job);
        }
        for &d in &pending {
            st.dependents[d].push(id);
        }
        st.nodes[id] = Node::Waiting {
            count: pending.len(),
            job,
        };
        None
    }

    fn link<'s>(&'s self, scope: &rayon::Scope<'s>, job: Box<LinkJob>) {
        let LinkJob {
            id,
            name,
            deps,
            dep_ids,
            import_spans,
            lowered,
        } = *job;
        let mut errors = Vec::new();
        let mut linked_deps: Vec<Arc<LinkedFile>> = Vec::new();
        {
            let st = lock(&self.state);
            let mut seen = HashSet::new();
            for (i, dep) in deps.iter().enumerate() {
                if !seen.insert(dep.as_str()) {
                    errors.push(error_at(
                        &name,
                        import_spans[i],
                        format!("Import \"{dep}\" was listed twice."),
                    ));
                }
                let l = st.outcomes[dep_ids[i]]
                    .as_ref()
                    .and_then(|o| o.file.clone())
                    .expect("early links wait for their imports");
                if !linked_deps.iter().any(|x| Arc::ptr_eq(x, &l)) {
                    linked_deps.push(l);
                }
            }
        }
        let direct_input = self.inputs.contains(name.as_str());
        let outcome = link_one(
            &self.pool,
            id,
            &name,
            lowered,
            linked_deps,
            errors,
            None,
            direct_input,
        );
        let ok = outcome.ok();
        let mut ready = Vec::new();
        {
            let mut st = lock(&self.state);
            st.outcomes[id] = Some(outcome);
            st.nodes[id] = Node::Done { ok };
            if ok {
                for d in std::mem::take(&mut st.dependents[id]) {
                    if let Node::Waiting { count, .. } = &mut st.nodes[d] {
                        *count -= 1;
                        if *count == 0 {
                            if let Node::Waiting { job, .. } =
                                std::mem::replace(&mut st.nodes[d], Node::Linking)
                            {
                                ready.push(job);
                            }
                        }
                    }
                }
            }
        }
        for job in ready {
            scope.spawn(move |s| self.link(s, job));
        }
    }
}

/// Loads, parses and lowers `inputs` and, in parallel, every file they import. With
/// `link_early`, each file whose imports all loaded and linked without errors is linked as
/// soon as that is so, while other files are still loading; the rest wait for
/// [`link_all`], after protoc's build order is known.
pub(super) fn load_all<R: FileResolver>(
    resolver: &R,
    inputs: &[String],
    retain_sources: bool,
    link_early: bool,
) -> Loaded {
    let loader = Loader {
        resolver,
        inputs: inputs.iter().map(String::as_str).collect(),
        retain_sources,
        link_early,
        state: Mutex::new(LoadState {
            ids: HashMap::new(),
            slots: Vec::new(),
            nodes: Vec::new(),
            dependents: Vec::new(),
            outcomes: Vec::new(),
        }),
        pool: Arc::new(stages::LinkPool::new(inputs.len())),
    };
    rayon::scope(|s| {
        let claimed: Vec<(usize, bool)> = {
            let mut st = lock(&loader.state);
            inputs.iter().map(|i| st.claim(i)).collect()
        };
        for (input, (id, new)) in inputs.iter().zip(claimed) {
            if new {
                let loader = &loader;
                let name = input.clone();
                s.spawn(move |s| loader.load(s, id, name));
            }
        }
    });
    let state = loader.state.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut files: Vec<LoadedFile> = state
        .slots
        .into_iter()
        .map(|f| f.expect("every claimed file is loaded before the scope ends"))
        .collect();
    for (f, node) in files.iter_mut().zip(state.nodes) {
        if let Node::Waiting { job, .. } = node {
            f.lowered = Some(job.lowered);
        }
        f.dep_ids = f.deps.iter().map(|d| state.ids.get(d).copied()).collect();
    }
    Loaded {
        files,
        early: state.outcomes,
        pool: loader.pool,
    }
}

fn load_one<R: FileResolver>(resolver: &R, name: String, retain_sources: bool) -> LoadedFile {
    let mut file = LoadedFile {
        name,
        source: None,
        parse_errors: Vec::new(),
        fixed_position: None,
        lowered: None,
        was_lowered: false,
        deps: Vec::new(),
        option_deps_from: 0,
        is_input: false,
        dep_ids: Vec::new(),
        import_spans: Vec::new(),
    };
    let found = match resolver.open(&file.name) {
        Ok(Some(found)) => found,
        Ok(None) => {
            file.parse_errors
                .push(CompileError::without_span(&file.name, "File not found."));
            return file;
        }
        Err(e) => {
            file.fixed_position = e.invalid_utf8_position().map(|(_, line, col)| (line, col));
            file.parse_errors
                .push(CompileError::without_span(&file.name, e.message()));
            if let Some(path) = e.path() {
                // Keeps the display path for rendering; the text is unknown.
                file.source = Some(Arc::new(SourceText::new(&file.name, path, Arc::from(""))));
            }
            return file;
        }
    };
    let text = found.text_arc().clone();

    let tree = protokit_syntax::parse(&text);
    let lowered = stages::lower(&tree, &file.name);
    for e in &tree.errors {
        file.parse_errors
            .push(CompileError::new(&file.name, e.span, &e.message));
    }
    file.parse_errors.extend(lowered.errors.iter().cloned());
    sort_by_position(&mut file.parse_errors);

    let regular = &lowered.proto.dependency;
    let option = &lowered.proto.option_dependency;
    file.deps = regular.iter().chain(option).cloned().collect();
    file.option_deps_from = regular.len();
    // The first location of each import statement.
    file.import_spans = vec![None; file.deps.len()];
    lowered.locations.for_each(|l| {
        let i = match *l.path {
            [DEPENDENCY_FIELD, i] => usize::try_from(i).ok(),
            [OPTION_DEPENDENCY_FIELD, i] => usize::try_from(i).ok().map(|i| i + regular.len()),
            _ => None,
        };
        if let Some(slot) = i.and_then(|i| file.import_spans.get_mut(i)) {
            slot.get_or_insert(l.span);
        }
    });
    file.lowered = Some(lowered);
    file.was_lowered = true;
    let mut source = SourceText::new(&file.name, found.path(), text);
    if !retain_sources {
        source = source.without_text();
    }
    file.source = Some(Arc::new(source));
    file
}

/// Something to report, in protoc's order.
pub(super) enum Event {
    /// Errors known before linking.
    Errors(Vec<CompileError>),
    /// The import and linking errors of this file, known once it is linked.
    Build(usize),
}

/// What the import in one statement of a file resolves to when the file is built.
#[derive(Clone, Copy)]
enum Target {
    /// A file that is built; whether it succeeded is known once it is linked.
    File(usize),
    /// A file that was not found, had parse errors or closes an import cycle.
    Failed,
    /// The file imports itself: protoc stops building it here.
    SelfImport,
}

struct Import {
    listed_twice: bool,
    target: Target,
}

/// How the files get built: protoc's order of events and, for each built file, what its
/// imports resolve to.
pub(super) struct Plan {
    pub events: Vec<Event>,
    builds: Vec<Option<Vec<Import>>>,
}

#[derive(Clone, Copy, PartialEq)]
enum Status {
    Unvisited,
    Bad,
    Built,
}

struct Planner<'a> {
    files: &'a [LoadedFile],
    by_name: HashMap<&'a str, usize>,
    status: Vec<Status>,
    pending: Vec<usize>,
    /// `pending` as a membership table, so long import chains stay linear.
    on_stack: Vec<bool>,
    events: Vec<Event>,
    builds: Vec<Option<Vec<Import>>>,
}

/// Walks the import graph the way protoc's `DescriptorPool` builds files (depth first, a
/// file's imports before the file, each file once), which decides the order errors are
/// reported in, where an import cycle is reported, and which imports fail.
pub(super) fn plan(files: &[LoadedFile], inputs: &[String]) -> Plan {
    let mut planner = Planner {
        files,
        by_name: files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.name.as_str(), i))
            .collect(),
        status: vec![Status::Unvisited; files.len()],
        pending: Vec::new(),
        on_stack: vec![false; files.len()],
        events: Vec::new(),
        builds: (0..files.len()).map(|_| None).collect(),
    };
    for input in inputs {
        planner.find(input);
    }
    Plan {
        events: planner.events,
        builds: planner.builds,
    }
}

impl Planner<'_> {
    fn find(&mut self, name: &str) {
        let Some(&id) = self.by_name.get(name) else {
            return;
        };
        if self.on_stack[id] {
            let from = self
                .pending
                .iter()
                .position(|&p| p == id)
                .expect("files on the stack are pending");
            self.recursion_error(id, from);
            self.status[id] = Status::Bad;
            return;
        }
        if self.status[id] != Status::Unvisited {
            return;
        }
        let files = self.files;
        let file = &files[id];
        if !file.parse_errors.is_empty() {
            self.events.push(Event::Errors(file.parse_errors.clone()));
        }
        if !file.buildable() {
            self.status[id] = Status::Bad;
            return;
        }

        self.pending.push(id);
        self.on_stack[id] = true;
        for dep in &file.deps {
            self.find(dep);
        }
        let mut imports = Vec::new();
        let mut seen = HashSet::new();
        for (i, dep) in file.deps.iter().enumerate() {
            let listed_twice = !seen.insert(dep.as_str());
            let target = match file.dep_ids[i] {
                Some(d) if d == id => Target::SelfImport,
                Some(d) if self.on_stack[d] => Target::Failed,
                Some(d) if self.status[d] == Status::Built => Target::File(d),
                _ => Target::Failed,
            };
            imports.push(Import {
                listed_twice,
                target,
            });
            if matches!(target, Target::SelfImport) {
                break;
            }
        }
        self.pending.pop();
        self.on_stack[id] = false;
        if self.status[id] == Status::Unvisited {
            self.status[id] = Status::Built;
        }
        self.builds[id] = Some(imports);
        self.events.push(Event::Build(id));
    }

    /// protoc attributes the error to the file that is reached again, at its import of the
    /// next file in the cycle (or of itself).
    fn recursion_error(&mut self, id: usize, from: usize) {
        let mut message = String::from("File recursively imports itself: ");
        for &p in &self.pending[from..] {
            message.push_str(&self.files[p].name);
            message.push_str(" -> ");
        }
        message.push_str(&self.files[id].name);
        let next = self
            .pending
            .get(from + 1)
            .map_or(self.files[id].name.as_str(), |&p| {
                self.files[p].name.as_str()
            });
        let files = self.files;
        let file = &files[id];
        let span = file
            .deps
            .iter()
            .position(|d| d == next)
            .and_then(|i| file.import_spans[i]);
        self.events
            .push(Event::Errors(vec![error_at(&file.name, span, message)]));
    }
}

fn error_at(file: &str, span: Option<Span>, message: String) -> CompileError {
    match span {
        Some(span) => CompileError::new(file, span, message),
        None => CompileError::without_span(file, message),
    }
}

/// What a first pass found about a file defining names an earlier file of the run already
/// defines: the clash errors, which make the file fail as protoc's does (its importers then
/// see a failed import), and the clashing names, which its own lookups must not find.
#[derive(Debug, Default)]
pub(super) struct Forced {
    pub errors: Vec<CompileError>,
    pub shadowed: crate::link::FxSet<String>,
}

/// A built file: its linked form (unless protoc gave up before linking) and its import and
/// linking errors.
pub(super) struct LinkOutcome {
    pub file: Option<Arc<LinkedFile>>,
    pub errors: Vec<CompileError>,
}

impl LinkOutcome {
    fn ok(&self) -> bool {
        self.file.is_some() && self.errors.iter().all(CompileError::is_deferred)
    }
}

struct Linker<'a> {
    files: &'a [LoadedFile],
    builds: &'a [Option<Vec<Import>>],
    lowered: Vec<Mutex<Option<PackedLowered>>>,
    waiting: Vec<AtomicUsize>,
    dependents: Vec<Vec<usize>>,
    done: Vec<OnceLock<LinkOutcome>>,
    pool: Arc<stages::LinkPool>,
    forced: &'a HashMap<String, Forced>,
}

/// Links every built file not linked early once all the files it imports are linked, in
/// parallel. `None` when a file linked early does not fit the plan (its imports do not all
/// resolve to the files it was linked with): the caller then loads again without linking
/// early.
pub(super) fn link_all(
    files: &mut [LoadedFile],
    plan: &Plan,
    early: Vec<Option<LinkOutcome>>,
    pool: Arc<stages::LinkPool>,
    forced: &HashMap<String, Forced>,
) -> Option<Vec<Option<LinkOutcome>>> {
    let n = files.len();
    for (id, outcome) in early.iter().enumerate() {
        if outcome.is_none() {
            continue;
        }
        let imports = plan.builds[id].as_ref()?;
        let fits = imports.len() == files[id].deps.len()
            && imports.iter().zip(&files[id].dep_ids).all(
                |(imp, dep)| matches!((imp.target, dep), (Target::File(d), Some(e)) if d == *e),
            );
        if !fits {
            return None;
        }
    }
    let lowered = files
        .iter_mut()
        .map(|f| Mutex::new(f.lowered.take()))
        .collect();
    let done: Vec<OnceLock<LinkOutcome>> = early
        .into_iter()
        .map(|o| {
            let cell = OnceLock::new();
            if let Some(o) = o {
                let _ = cell.set(o);
            }
            cell
        })
        .chain(std::iter::repeat_with(OnceLock::new))
        .take(n)
        .collect();
    let mut dependents = vec![Vec::new(); n];
    let mut waiting = Vec::with_capacity(n);
    for (id, build) in plan.builds.iter().enumerate() {
        let mut deps: Vec<usize> = build
            .iter()
            .flatten()
            .filter_map(|imp| match imp.target {
                Target::File(d) if done[d].get().is_none() => Some(d),
                _ => None,
            })
            .collect();
        deps.sort_unstable();
        deps.dedup();
        for &d in &deps {
            dependents[d].push(id);
        }
        waiting.push(AtomicUsize::new(deps.len()));
    }
    let linker = Linker {
        files,
        builds: &plan.builds,
        lowered,
        waiting,
        dependents,
        done,
        pool,
        forced,
    };
    // Collected before anything runs: once linking starts, counters of other files reach zero
    // and those files are spawned by the task that finished their last import.
    let ready: Vec<usize> = (0..n)
        .filter(|&id| {
            plan.builds[id].is_some()
                && linker.done[id].get().is_none()
                && linker.waiting[id].load(Ordering::Acquire) == 0
        })
        .collect();
    rayon::scope(|s| {
        for id in ready {
            let linker = &linker;
            s.spawn(move |s| linker.link(s, id));
        }
    });
    Some(linker.done.into_iter().map(|d| d.into_inner()).collect())
}

/// Links one file whose imports are linked (`deps`, each once, in import order) and registers
/// it in `pool`; `errors` are its import errors so far.
#[allow(clippy::too_many_arguments)]
fn link_one(
    pool: &Arc<stages::LinkPool>,
    id: usize,
    name: &str,
    lowered: PackedLowered,
    deps: Vec<Arc<LinkedFile>>,
    mut errors: Vec<CompileError>,
    forced: Option<&Forced>,
    direct_input: bool,
) -> LinkOutcome {
    let shadowed = forced.map(|f| &f.shadowed);
    let (linked, mut link_errors) =
        stages::link_packed_in(pool, id, lowered, name, deps, shadowed, direct_input);
    if let Some(f) = forced {
        link_errors.extend(f.errors.iter().cloned());
    }
    sort_by_position(&mut link_errors);
    errors.extend(link_errors);
    let linked = Arc::new(linked);
    // Before any importer starts: importers find this file's names through the pool.
    pool.add(&linked);
    LinkOutcome {
        file: Some(linked),
        errors,
    }
}

impl Linker<'_> {
    fn link<'s>(&'s self, scope: &rayon::Scope<'s>, id: usize) {
        let file = &self.files[id];
        let imports = self.builds[id]
            .as_ref()
            .expect("only built files are linked");
        let mut errors = Vec::new();
        let mut deps: Vec<Arc<LinkedFile>> = Vec::new();
        let mut gave_up = false;
        for (i, imp) in imports.iter().enumerate() {
            let dep = &file.deps[i];
            let span = file.import_spans[i];
            if imp.listed_twice {
                errors.push(error_at(
                    &file.name,
                    span,
                    format!("Import \"{dep}\" was listed twice."),
                ));
            }
            let linked = match imp.target {
                Target::SelfImport => {
                    gave_up = true;
                    break;
                }
                Target::Failed => None,
                Target::File(d) => {
                    let outcome = self.done[d].get().expect("imports are linked first");
                    outcome.file.clone().filter(|_| outcome.ok())
                }
            };
            match linked {
                Some(l) => {
                    if !deps.iter().any(|x| Arc::ptr_eq(x, &l)) {
                        deps.push(l);
                    }
                }
                // protoc reports nothing more for an `import option` file that failed: it is
                // only needed if an option uses it.
                None if i >= file.option_deps_from => {}
                None => errors.push(error_at(
                    &file.name,
                    span,
                    format!("Import \"{dep}\" was not found or had errors."),
                )),
            }
        }

        let outcome = if gave_up {
            LinkOutcome { file: None, errors }
        } else {
            let lowered = lock(&self.lowered[id])
                .take()
                .expect("each file is linked once");
            let forced = if self.forced.is_empty() {
                None
            } else {
                self.forced.get(&file.name)
            };
            link_one(
                &self.pool,
                id,
                &file.name,
                lowered,
                deps,
                errors,
                forced,
                file.is_input,
            )
        };
        if self.done[id].set(outcome).is_err() {
            unreachable!("each file is linked once");
        }
        for &d in &self.dependents[id] {
            if self.waiting[d].fetch_sub(1, Ordering::AcqRel) == 1 {
                scope.spawn(move |s| self.link(s, d));
            }
        }
    }
}
