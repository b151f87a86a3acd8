//! Inputs of `protokit lint` (and later `protokit breaking`), resolved as buf 1.75.0 resolves
//! them: a directory, a `.proto` file, an image file, or a git reference.
//!
//! - **Directories** (default `.`): the workspace is found by walking up from the directory to
//!   the first `buf.work.yaml` or v2 `buf.yaml` (a v1 `buf.yaml` is a module of a
//!   `buf.work.yaml` further up when one lists it, else the workspace itself); without any,
//!   the directory is a module of its own. The directory must be the workspace root, a
//!   module, or a directory holding modules; one inside a module is buf's `contained by
//!   module` error.
//! - **`.proto` files**: the file within the module that contains it (or, with no
//!   configuration, within its own directory), the other files visible for imports.
//! - **Images** (`.binpb`, `.bin`): an encoded `FileDescriptorSet`, e.g. from `buf build`.
//! - **Git** (`.git#branch=main`, `#tag=v1`, `#ref=<sha or rev>`, optional `,subdir=dir`):
//!   the tree at that commit, read with libgit2; `.proto` files stay in memory.
//!
//! Findings name files as buf does: the module's directory relative to the current directory
//! (absolute when the input was), joined with the file's import name. `--path` and
//! `--exclude-path` use the same coordinates.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use protokit_check::config::{self, ModuleConfig};
use protokit_compiler::resolver::{FileResolver, ResolveError, SourceFile};

/// What the user asked for, before anything is read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum InputRef {
    /// A directory (it need not exist: buf then reports that nothing was targeted).
    Dir(String),
    /// A single `.proto` file.
    ProtoFile(String),
    /// An encoded image.
    Image(String),
    /// A git repository at a reference.
    Git {
        repo: String,
        reference: GitRef,
        subdir: Option<String>,
        /// `recurse_submodules=true`: submodules' files are part of the tree.
        recurse_submodules: bool,
    },
}

/// Which commit of a git input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum GitRef {
    /// `HEAD` (no option given).
    Head,
    /// `branch=NAME`.
    Branch(String),
    /// `tag=NAME`.
    Tag(String),
    /// `ref=REV`: a commit ID or anything `git rev-parse` understands.
    Rev(String),
    /// `commit=SHA`.
    Commit(String),
    /// `branch=NAME,ref=REV`: `REV` with `HEAD` standing for the branch's tip.
    BranchRev(String, String),
}

/// Parses an input argument as buf does (`path#key=value,...`), with buf's validation
/// errors (see [`crate::gitref::parse_input`]).
pub(crate) fn parse_input(arg: &str) -> Result<InputRef, String> {
    crate::gitref::parse_input(arg)
}

/// Where a `.proto` file's bytes are.
#[derive(Clone, Debug)]
enum Loc {
    Disk(PathBuf),
    Memory(Arc<[u8]>),
}

/// The `.proto` files of a git tree by path (relative to its root), with their contents.
type GitFiles = BTreeMap<String, Arc<[u8]>>;

/// The files of a tree: the disk, or a git commit held in memory (paths relative to the
/// root, `/`-separated).
#[derive(Debug, Default)]
pub(crate) struct Tree {
    /// A git tree: the directory standing for its root, and its `.proto` files by path.
    memory: Option<(PathBuf, GitFiles)>,
}

/// One module of the workspace, with its files.
#[derive(Debug)]
pub(crate) struct Module {
    /// Its configuration (path relative to the workspace root, lint block).
    pub config: ModuleConfig,
    /// Whether the input selects it (the others are only there for imports).
    pub targeted: bool,
    /// Its files by import name: the display path and the location.
    files: BTreeMap<String, (String, Loc)>,
    /// Absolute path of each file, for `--path`.
    abs: BTreeMap<String, PathBuf>,
}

impl Module {
    /// The import names of the module's files, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// The display path of file `name` of this module.
    pub fn display_path(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(|(d, _)| d.as_str())
    }
}

/// A resolved workspace input: its modules, which are targeted, and the files the user's
/// `--path`/`--exclude-path` leave to check.
#[derive(Debug)]
pub(crate) struct Workspace {
    /// The modules, in configuration order.
    pub modules: Vec<Module>,
    /// (module index, import name) of every file to check.
    pub targets: Vec<(usize, String)>,
    /// The configuration's version (from `buf.yaml`/`buf.work.yaml`, v2 without one).
    pub version: config::ConfigVersion,
    /// Warnings from reading the configuration (deprecated categories), printed as buf does.
    pub warnings: Vec<String>,
    /// v2 check plugins the configuration names (protokit does not run them).
    pub plugins: Vec<String>,
    /// Keeps a git input's extracted configuration files alive.
    _temp: Option<tempfile::TempDir>,
    errors: Arc<Mutex<Vec<String>>>,
}

impl Workspace {
    /// A resolver over every module's files (imports across modules work, as in a buf
    /// workspace); files excluded by the configuration are not found. Read errors are kept
    /// for [`Workspace::read_errors`], the file then being reported as not found.
    pub fn resolver(&self) -> WorkspaceFiles {
        let mut files = HashMap::new();
        for m in &self.modules {
            for (name, (display, loc)) in &m.files {
                files
                    .entry(name.clone())
                    .or_insert_with(|| (display.clone(), loc.clone()));
            }
        }
        WorkspaceFiles {
            files,
            errors: self.errors.clone(),
        }
    }

    /// Files that could not be read while compiling, as `open PATH: REASON`.
    pub fn read_errors(&self) -> Vec<String> {
        self.errors.lock().map(|e| e.clone()).unwrap_or_default()
    }
}

/// The [`FileResolver`] of a [`Workspace`].
pub(crate) struct WorkspaceFiles {
    files: HashMap<String, (String, Loc)>,
    errors: Arc<Mutex<Vec<String>>>,
}

impl FileResolver for WorkspaceFiles {
    fn open(&self, name: &str) -> Result<Option<SourceFile>, ResolveError> {
        let Some((display, loc)) = self.files.get(name) else {
            return Ok(None);
        };
        let bytes = match loc {
            Loc::Memory(b) => b.to_vec(),
            Loc::Disk(path) => match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    if let Ok(mut errors) = self.errors.lock() {
                        errors.push(format!("open {display}: {}", io_reason(&e)));
                    }
                    return Ok(None);
                }
            },
        };
        SourceFile::from_bytes(name, display.clone(), bytes).map(Some)
    }
}

/// The OS's reason in Go's words (`no such file or directory`, `permission denied`).
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().collect::<String>() + chars.as_str(),
        None => text,
    }
}

/// What `--path` and `--exclude-path` say.
#[derive(Clone, Debug, Default)]
pub(crate) struct PathFilter {
    /// `--path` values.
    pub paths: Vec<String>,
    /// `--exclude-path` values.
    pub exclude_paths: Vec<String>,
}

impl PathFilter {
    /// Whether `name` (a file's path or import name) is selected: under some `--path` (or
    /// there is none) and under no `--exclude-path`.
    pub(crate) fn selects(&self, name: &str) -> bool {
        (self.paths.is_empty()
            || self
                .paths
                .iter()
                .any(|p| protokit_check::config::path_matches(p, name)))
            && !self
                .exclude_paths
                .iter()
                .any(|p| protokit_check::config::path_matches(p, name))
    }
}

/// The text buf prints when a filter leaves nothing.
pub(crate) const NOTHING_TARGETED: &str = "no .proto files were targeted. This can occur if no .proto files are found in your input, --path points to files that do not exist, or --exclude-path excludes all files.";

/// Resolves a directory, `.proto` file or git input to a workspace.
///
/// `config_override` is `--config` (a file or inline YAML/JSON), which replaces the
/// configuration found on disk.
pub(crate) fn resolve_workspace(
    input: &InputRef,
    filter: &PathFilter,
    config_override: Option<&str>,
) -> Result<Workspace, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("current directory: {e}"))?;
    let cwd = clean(&cwd);
    match input {
        InputRef::Dir(d) => {
            let abs = absolute(&cwd, Path::new(d));
            let base = if Path::new(d).is_absolute() {
                None
            } else {
                Some(cwd.clone())
            };
            let root = find_workspace_root(&abs, None, &Tree::default())?;
            let found = root.is_some();
            let root = match config_override {
                // buf 1.75.0 with --config: a v1/v1beta1 config describes the input directory
                // as its module; a v2 one the workspace found above it, else the current
                // directory when the input is under it.
                Some(arg) => {
                    let version = config::load_config_arg(arg, &abs)
                        .map(|w| w.version)
                        .map_err(|e| e.to_string())?;
                    match (version, root) {
                        (config::ConfigVersion::V2, Some(r)) => r,
                        (config::ConfigVersion::V2, None) if abs.starts_with(&cwd) => cwd.clone(),
                        _ => abs.clone(),
                    }
                }
                None => root.unwrap_or_else(|| abs.clone()),
            };
            let found = found || config_override.is_some();
            if !found && !abs.is_dir() {
                // Nothing to read there (a missing directory, or a file that is not .proto).
                return Err(format!(
                    "Module \"path: \"{}\"\" had no .proto files",
                    display_path(base.as_deref(), &abs)
                ));
            }
            let mut ws = load(
                &root,
                base.as_deref(),
                Tree::default(),
                None,
                config_override,
            )?;
            let exists = abs.is_dir();
            select_dir(&mut ws, &root, &abs, exists, found, base.as_deref(), filter)?;
            Ok(ws)
        }
        InputRef::ProtoFile(f) => {
            if !filter.paths.is_empty() {
                return Err("--path is not valid for use with .proto file references".into());
            }
            if !filter.exclude_paths.is_empty() {
                return Err(
                    "--exclude-path is not valid for use with .proto file references".into(),
                );
            }
            let abs = absolute(&cwd, Path::new(f));
            let base = if Path::new(f).is_absolute() {
                None
            } else {
                Some(cwd.clone())
            };
            let dir = abs.parent().map_or_else(|| abs.clone(), Path::to_path_buf);
            let root = find_workspace_root(&dir, None, &Tree::default())?.unwrap_or(dir);
            let mut ws = load(
                &root,
                base.as_deref(),
                Tree::default(),
                None,
                config_override,
            )?;
            select_file(&mut ws, &abs, base.as_deref())?;
            Ok(ws)
        }
        InputRef::Git {
            repo,
            reference,
            subdir,
            recurse_submodules,
        } => {
            let (temp, tree) = read_git(
                &absolute(&cwd, Path::new(repo)),
                repo,
                reference,
                *recurse_submodules,
            )?;
            let root_dir = clean(temp.path());
            let abs = match subdir {
                Some(s) => absolute(&root_dir, Path::new(s)),
                None => root_dir.clone(),
            };
            let root = find_workspace_root(&abs, Some(&root_dir), &tree)?;
            let found = root.is_some();
            let root = root.unwrap_or_else(|| abs.clone());
            let exists = tree.is_dir(&abs);
            let mut ws = load(&root, Some(&root_dir), tree, Some(temp), config_override)?;
            select_dir(&mut ws, &root, &abs, exists, found, Some(&root_dir), filter)?;
            Ok(ws)
        }
        InputRef::Image(_) => Err("an image is not a workspace".into()),
    }
}

/// The configuration for an image input: `--config`, else the `buf.yaml` of the current
/// directory (as buf reads it for images), else the defaults.
pub(crate) fn image_config(config_override: Option<&str>) -> Result<config::Workspace, String> {
    let cwd = Path::new(".");
    match config_override {
        Some(arg) => config::load_config_arg(arg, cwd),
        None => config::load_workspace(cwd),
    }
    .map_err(|e| e.to_string())
}

/// The workspace root above (or at) `dir`: the nearest `buf.work.yaml` or v2 `buf.yaml`; for
/// a directory under a v1 `buf.yaml`, a `buf.work.yaml` further up that lists it or any v2
/// `buf.yaml` further up, else the v1 `buf.yaml`'s directory. `None` when there
/// is no configuration up to `stop` (the file system root by default).
fn find_workspace_root(
    dir: &Path,
    stop: Option<&Path>,
    tree: &Tree,
) -> Result<Option<PathBuf>, String> {
    let mut v1_module: Option<PathBuf> = None;
    let mut current = Some(dir);
    while let Some(d) = current {
        if tree.is_file(&d.join("buf.work.yaml")) {
            match &v1_module {
                None => return Ok(Some(d.to_path_buf())),
                Some(m) => {
                    let ws = config::load_workspace(d).map_err(|e| e.to_string())?;
                    let rel = relative(d, m);
                    if ws.modules.iter().any(|x| Path::new(&x.path) == rel) {
                        return Ok(Some(d.to_path_buf()));
                    }
                }
            }
        } else if tree.is_file(&d.join("buf.yaml")) {
            // A v2 buf.yaml is a workspace, and takes over a v1 module below it (buf 1.75.0
            // then reports the v1 directory as contained by the v2 module).
            if buf_yaml_version(&d.join("buf.yaml")).as_deref() == Some("v2") {
                return Ok(Some(d.to_path_buf()));
            }
            if v1_module.is_none() {
                v1_module = Some(d.to_path_buf());
            }
        }
        if stop.is_some_and(|s| s == d) {
            break;
        }
        current = d.parent();
    }
    Ok(v1_module)
}

fn buf_yaml_version(path: &Path) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let value: serde_yaml::Value = serde_yaml::from_str(&text).ok()?;
    value.get("version")?.as_str().map(str::to_string)
}

/// Loads the configuration at `root` (or `--config`) and lists every module's files.
fn load(
    root: &Path,
    base: Option<&Path>,
    tree: Tree,
    temp: Option<tempfile::TempDir>,
    config_override: Option<&str>,
) -> Result<Workspace, String> {
    // Errors name the configuration file as the user would: relative to the current
    // directory, or for git inputs to the repository root.
    let git_root = tree.memory.as_ref().map(|(r, _)| r.clone());
    let shown = match (&git_root, base) {
        (None, Some(b)) => {
            let r = relative(b, root);
            if r.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                r
            }
        }
        _ => root.to_path_buf(),
    };
    let loaded = match config_override {
        Some(arg) => config::load_config_arg(arg, &shown),
        None => config::load_workspace(&shown),
    }
    .map_err(|mut e| {
        if let Some(r) = &git_root {
            if let Ok(rel) = Path::new(&e.file).strip_prefix(r) {
                e.file = to_slash(rel);
            }
        }
        e.to_string()
    })?;
    let mut modules = Vec::new();
    for m in loaded.modules {
        let module_dir = join_rel(root, &m.path);
        let roots: Vec<String> = if m.roots.is_empty() {
            vec![".".to_string()]
        } else {
            m.roots.clone()
        };
        let excludes: Vec<PathBuf> = m.excludes.iter().map(|e| join_rel(root, e)).collect();
        let includes: Vec<PathBuf> = m.includes.iter().map(|e| join_rel(root, e)).collect();
        let mut files = BTreeMap::new();
        let mut abs = BTreeMap::new();
        for r in &roots {
            let root_dir = join_rel(&module_dir, r);
            for (name, loc) in tree.list_protos(&root_dir, &excludes)? {
                let file_abs = join_rel(&root_dir, &name);
                if !includes.is_empty() && !includes.iter().any(|i| file_abs.starts_with(i)) {
                    continue;
                }
                // buf joins the root's path (relative to the current directory) and the
                // file's name: `../bar/v1/b.proto` from inside `bar`, not `v1/b.proto`.
                let display = match base {
                    Some(b) => to_slash(&clean(&relative(b, &root_dir).join(&name))),
                    None => to_slash(&file_abs),
                };
                abs.entry(name.clone()).or_insert(file_abs);
                files.entry(name).or_insert((display, loc));
            }
        }
        modules.push(Module {
            config: m,
            targeted: false,
            files,
            abs,
        });
    }
    // One import name in several modules is an error in buf 1.75.0 (the first such name, with
    // every module holding it), whatever the input targets.
    let mut owners: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in &modules {
        for name in m.files.keys() {
            owners.entry(name).or_default().push(&m.config.path);
        }
    }
    if let Some((name, paths)) = owners.iter().find(|(_, p)| p.len() > 1) {
        let list: Vec<String> = paths.iter().map(|p| format!("  path: \"{p}\"")).collect();
        return Err(format!(
            "{name} is contained in multiple modules:\n{}",
            list.join("\n")
        ));
    }
    Ok(Workspace {
        modules,
        targets: Vec::new(),
        version: loaded.version,
        warnings: loaded.warnings,
        plugins: loaded.plugins,
        _temp: temp,
        errors: Arc::default(),
    })
}

/// A path as buf prints it: relative to `base` (the current directory, or a git tree's root)
/// when given, else absolute.
fn display_path(base: Option<&Path>, abs: &Path) -> String {
    let p = match base {
        Some(b) => relative(b, abs),
        None => abs.to_path_buf(),
    };
    to_slash(&p)
}

fn to_slash(p: &Path) -> String {
    let parts: Vec<String> = p
        .components()
        .filter_map(|c| match c {
            Component::RootDir => Some(String::new()),
            Component::CurDir => None,
            c => Some(c.as_os_str().to_string_lossy().into_owned()),
        })
        .collect();
    if parts.is_empty() {
        ".".to_string()
    } else if parts == [""] {
        "/".to_string()
    } else {
        parts.join("/")
    }
}

/// Picks the modules a directory input targets, then applies `--path`/`--exclude-path`.
fn select_dir(
    ws: &mut Workspace,
    root: &Path,
    dir: &Path,
    exists: bool,
    config_found: bool,
    base: Option<&Path>,
    filter: &PathFilter,
) -> Result<(), String> {
    let rel = relative(root, dir);
    let rel_str = to_slash(&rel);
    if rel_str == "." {
        for m in &mut ws.modules {
            m.targeted = true;
        }
    } else if let Some(m) = ws
        .modules
        .iter_mut()
        .find(|m| Path::new(&m.config.path) == rel)
    {
        m.targeted = true;
    } else if !exists
        && config_found
        && ws
            .modules
            .iter()
            .any(|m| m.config.path == "." || rel.starts_with(&m.config.path))
    {
        return Err(NOTHING_TARGETED.to_string());
    } else if let Some(m) = ws
        .modules
        .iter()
        .find(|m| m.config.path == "." || rel.starts_with(&m.config.path))
    {
        return Err(format!(
            "failed to build input \"{rel_str}\" because it is contained by module at path \"{}\" specified in your configuration, you must provide the workspace or module as the input, and filter to this path using --path",
            m.config.path
        ));
    } else {
        for m in &mut ws.modules {
            if Path::new(&m.config.path).starts_with(&rel) {
                m.targeted = true;
            }
        }
        // A directory outside every module and holding none is an empty module of its own.
        if config_found && !ws.modules.iter().any(|m| m.targeted) {
            return Err(format!(
                "Module \"path: \"{}\"\" had no .proto files",
                display_path(base, dir)
            ));
        }
    }
    if !exists && !config_found && ws.modules.iter().all(|m| m.files.is_empty()) {
        return Err(format!(
            "Module \"path: \"{}\"\" had no .proto files",
            display_path(base, dir)
        ));
    }
    for m in ws.modules.iter().filter(|m| m.targeted) {
        if m.files.is_empty() && exists {
            let module_dir = join_rel(root, &m.config.path);
            return Err(format!(
                "Module \"path: \"{}\"\" had no .proto files",
                display_path(base, &module_dir)
            ));
        }
    }

    let paths: Vec<PathBuf> = filter
        .paths
        .iter()
        .map(|p| absolute(base.unwrap_or(Path::new("/")), Path::new(p)))
        .collect();
    let excludes: Vec<PathBuf> = filter
        .exclude_paths
        .iter()
        .map(|p| absolute(base.unwrap_or(Path::new("/")), Path::new(p)))
        .collect();
    if paths.iter().any(|p| p == dir) {
        return Err(
            "given input is equal to a value of --path, this has no effect and is disallowed"
                .to_string(),
        );
    }
    if let Some(p) = excludes.iter().find(|p| *p == dir) {
        let shown = display_path(base, p);
        return Err(format!(
            "given input \"{shown}\" is equal to a value of --exclude-path \"{shown}\", this would exclude everything"
        ));
    }
    for (flag, list) in [("--path", &paths), ("--exclude-path", &excludes)] {
        for p in list {
            if !p.starts_with(root) {
                return Err(format!(
                    "{}: is outside the context directory",
                    to_slash(&relative(root, p))
                ));
            }
            if let Some(m) = ws
                .modules
                .iter()
                .find(|m| join_rel(root, &m.config.path) == *p)
            {
                return Err(if flag == "--path" {
                    format!(
                        "module \"{}\" was specified with --path, specify this module path directly as an input",
                        m.config.path
                    )
                } else {
                    format!(
                        "module \"{}\" was specified with --exclude-path, this flag cannot be used to specify module directories",
                        m.config.path
                    )
                });
            }
        }
    }
    // A file is selected by a path equal to it or to one of its directories: looking its
    // ancestors up keeps thousands of `--path`s (a CI job's changed files) linear.
    let path_set: HashSet<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let exclude_set: HashSet<&Path> = excludes.iter().map(PathBuf::as_path).collect();
    let mut targets = Vec::new();
    for (i, m) in ws.modules.iter().enumerate().filter(|(_, m)| m.targeted) {
        // buf maps each path into the module holding it: a path above a module's directory
        // (a parent of several modules) selects nothing there, and excludes nothing.
        let module_dir = join_rel(root, &m.config.path);
        let hit = |set: &HashSet<&Path>, abs: &Path| {
            !set.is_empty()
                && abs
                    .ancestors()
                    .take_while(|a| a.starts_with(&module_dir))
                    .any(|a| set.contains(a))
        };
        for (name, abs) in &m.abs {
            let included = paths.is_empty() || hit(&path_set, abs);
            let excluded = hit(&exclude_set, abs);
            if included && !excluded {
                targets.push((i, name.clone()));
            }
        }
    }
    if targets.is_empty() {
        return Err(NOTHING_TARGETED.to_string());
    }
    ws.targets = targets;
    Ok(())
}

/// Targets one `.proto` file: the module whose files include it.
fn select_file(ws: &mut Workspace, file: &Path, base: Option<&Path>) -> Result<(), String> {
    for (i, m) in ws.modules.iter_mut().enumerate() {
        if let Some(name) = m
            .abs
            .iter()
            .find(|(_, a)| a.as_path() == file)
            .map(|(n, _)| n.clone())
        {
            m.targeted = true;
            ws.targets = vec![(i, name)];
            return Ok(());
        }
    }
    // A file that does not exist, is excluded or is in no module: buf 1.75.0 blames the
    // module when it is empty, else says that nothing was targeted.
    if ws.modules.iter().all(|m| m.files.is_empty()) {
        let dir = file.parent().unwrap_or(file);
        return Err(format!(
            "Module \"path: \"{}\"\" had no .proto files",
            display_path(base, dir)
        ));
    }
    Err(NOTHING_TARGETED.to_string())
}

impl Tree {
    fn is_dir(&self, path: &Path) -> bool {
        match &self.memory {
            Some((root, files)) => {
                path == root || files.keys().any(|k| root.join(k).starts_with(path))
            }
            None => path.is_dir(),
        }
    }

    fn is_file(&self, path: &Path) -> bool {
        // Configuration files of git inputs are extracted to disk, so both read the disk.
        path.is_file()
    }

    /// The `.proto` files under `dir` (import names relative to it), skipping `excludes`.
    fn list_protos(&self, dir: &Path, excludes: &[PathBuf]) -> Result<Vec<(String, Loc)>, String> {
        let mut out = Vec::new();
        match &self.memory {
            Some((root, files)) => {
                for (path, bytes) in files {
                    let abs = root.join(path);
                    if !abs.starts_with(dir) || excludes.iter().any(|e| abs.starts_with(e)) {
                        continue;
                    }
                    if let Ok(rel) = abs.strip_prefix(dir) {
                        out.push((to_slash(rel), Loc::Memory(bytes.clone())));
                    }
                }
            }
            None => {
                if dir.is_dir() {
                    walk(dir, dir, excludes, &mut out)?;
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }
}

fn walk(
    root: &Path,
    dir: &Path,
    excludes: &[PathBuf],
    out: &mut Vec<(String, Loc)>,
) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("open {}: {}", dir.display(), io_reason(&e)))?;
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = clean(&entry.path());
        if excludes.iter().any(|e| path.starts_with(e)) {
            continue;
        }
        let Ok(mut file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_symlink() {
            // Symlinks are followed; dangling ones are skipped, as buf does.
            match std::fs::metadata(&path) {
                Ok(m) => file_type = m.file_type(),
                Err(_) => continue,
            }
        }
        if file_type.is_dir() {
            walk(root, &path, excludes, out)?;
        } else if file_type.is_file() && path.extension().is_some_and(|e| e == "proto") {
            if let Ok(rel) = path.strip_prefix(root) {
                out.push((to_slash(rel), Loc::Disk(path.clone())));
            }
        }
    }
    Ok(())
}

/// Reads the tree of `reference` in the repository at `repo`: `.proto` files into memory,
/// configuration files (`buf.yaml`, `buf.work.yaml`) into a temporary directory that stands
/// for the tree's root.
fn read_git(
    repo: &Path,
    shown: &str,
    reference: &GitRef,
    recurse_submodules: bool,
) -> Result<(tempfile::TempDir, Tree), String> {
    // Like git's own reads, trust the object store instead of hashing every object again
    // (a tenth of the time spent reading a large tree of loose objects).
    git2::opts::strict_hash_verification(false);
    let r = git2::Repository::open(repo).map_err(|_| {
        format!(
            "could not read file://{}: '{}' does not appear to be a git repository",
            repo.display(),
            repo.display()
        )
    })?;
    let commit = crate::gitref::resolve(&r, shown, reference)?;
    let tree = commit
        .tree()
        .map_err(|e| format!("{}: {}", repo.display(), e.message()))?;
    let temp = tempfile::Builder::new()
        .prefix("protokit-git-")
        .tempdir()
        .map_err(|e| format!("temporary directory: {e}"))?;
    let root = clean(temp.path());
    let mut files = GitFiles::new();
    let wanted =
        |name: &str| name.ends_with(".proto") || name == "buf.yaml" || name == "buf.work.yaml";
    crate::gitref::walk_tree(
        &r,
        &tree,
        "",
        recurse_submodules,
        &wanted,
        &mut |path, content| {
            if path.ends_with(".proto") {
                files.insert(path, Arc::from(content));
                return Ok(());
            }
            let target = root.join(&path);
            target
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| std::fs::write(&target, content))
                .map_err(|e| format!("{}: {e}", target.display()))
        },
    )?;
    Ok((
        temp,
        Tree {
            memory: Some((root, files)),
        },
    ))
}

/// `rel` joined to `base`, cleaned (`rel` may be absolute).
fn absolute(base: &Path, rel: &Path) -> PathBuf {
    clean(&base.join(rel))
}

/// `rel` (a config path, `.` for the directory itself) under `base`.
fn join_rel(base: &Path, rel: &str) -> PathBuf {
    if rel.is_empty() || rel == "." {
        base.to_path_buf()
    } else {
        clean(&base.join(rel))
    }
}

/// Lexically cleans a path: no `.`, `..` applied where possible (as Go's `filepath.Clean`).
pub(crate) fn clean(path: &Path) -> PathBuf {
    let mut out: Vec<Component<'_>> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::RootDir | Component::Prefix(_)) => {}
                _ => out.push(c),
            },
            c => out.push(c),
        }
    }
    out.iter().collect()
}

/// `to` relative to `from` (both absolute and clean), with `..` where needed.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let f: Vec<_> = from.components().collect();
    let t: Vec<_> = to.components().collect();
    let common = f.iter().zip(&t).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_inputs() {
        assert_eq!(parse_input(".").unwrap(), InputRef::Dir(".".into()));
        assert_eq!(
            parse_input("a/b.proto").unwrap(),
            InputRef::ProtoFile("a/b.proto".into())
        );
        assert_eq!(
            parse_input("img.binpb").unwrap(),
            InputRef::Image("img.binpb".into())
        );
        assert_eq!(
            parse_input(".git#branch=main,subdir=proto").unwrap(),
            InputRef::Git {
                repo: ".git".into(),
                reference: GitRef::Branch("main".into()),
                subdir: Some("proto".into()),
                recurse_submodules: false,
            }
        );
        assert_eq!(
            parse_input("../repo#format=git,tag=v1").unwrap(),
            InputRef::Git {
                repo: "../repo".into(),
                reference: GitRef::Tag("v1".into()),
                subdir: None,
                recurse_submodules: false,
            }
        );
        assert!(parse_input("img.json").is_err());
        assert!(parse_input("dir#branch=main").is_err());
    }

    #[test]
    fn paths() {
        assert_eq!(clean(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(
            relative(Path::new("/a/b"), Path::new("/a/c/d")),
            PathBuf::from("../c/d")
        );
        assert_eq!(to_slash(&relative(Path::new("/a"), Path::new("/a"))), ".");
        assert_eq!(
            display_path(Some(Path::new("/w/proto")), Path::new("/w/other/x.proto")),
            "../other/x.proto"
        );
    }
}
