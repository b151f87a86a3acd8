//! `buf.yaml` (v1beta1, v1, v2) and `buf.work.yaml` decoding and validation.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use super::paths;
use super::yaml::{self, Decoder, Kind, Node};
use super::{BreakingConfig, ConfigVersion, LintConfig};
use crate::breaking::registry as breaking_registry;
use crate::lint::registry;

/// A workspace: the modules under one directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workspace {
    /// The directory module paths are relative to (where `buf.yaml` / `buf.work.yaml` is, or
    /// the input directory).
    pub root: PathBuf,
    /// The `buf.yaml` or `buf.work.yaml` read, `None` when there was none (or `--config` gave
    /// inline data).
    pub config_file: Option<PathBuf>,
    /// The file's version: `buf.work.yaml` is `v1`; no config at all is `v1`, because buf
    /// 1.75.0 then lints with v1's rule set and ignores `// buf:lint:ignore` comments.
    pub version: ConfigVersion,
    /// The modules, in the order the file lists them.
    pub modules: Vec<ModuleConfig>,
    /// Warnings buf prints (`WARN` lines) while reading the config, such as the deprecated
    /// `DEFAULT` category.
    pub warnings: Vec<String>,
    /// v2 `plugins[].plugin`: the check plugins buf would run (their rule IDs are unknown to
    /// protokit, so `use`/`except` naming them fail as unknown rules).
    pub plugins: Vec<String>,
}

/// One module of a [`Workspace`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModuleConfig {
    /// Module directory relative to the workspace root, "." for the root itself ("proto" for
    /// modules: [{path: proto}]).
    pub path: String,
    /// v1beta1 `build.roots` relative to the module directory (["."] otherwise).
    pub roots: Vec<String>,
    /// Excluded directories, relative to the workspace root (normalised from v1's
    /// module-relative `build.excludes` and v2's `modules[].excludes`).
    pub excludes: Vec<String>,
    /// v2 `modules[].includes`, relative to the workspace root; empty means the whole module.
    /// A file belongs to the module when it is under one of them and under no exclude.
    pub includes: Vec<String>,
    /// The module's BSR name (`name` in v1, `modules[].name` in v2), if any.
    pub name: Option<String>,
    /// Lint configuration; paths in `ignore`/`ignore_only` are relative to the module root
    /// (for v1beta1: to the build roots, i.e. they are the files' import paths).
    pub lint: LintConfig,
    /// Breaking configuration, paths as in `lint`.
    pub breaking: BreakingConfig,
}

/// A configuration error: which file, where (when buf's decoder knows a position, or the
/// offending value's position for semantic errors), and buf's own text for it.
///
/// `Display` gives `file:line:col: message` (or `file: message` without a position).
/// Messages are buf 1.75.0's, without its `decode buf.yaml: ` / `yaml: unmarshal errors:`
/// wrapping, and prefixed with the key (`lint.use: ...`) where buf's text does not name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, as the user would name it (`buf.yaml`, `proto/buf.yaml`, `--config`).
    pub file: String,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.file, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.file, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    fn at(file: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        ConfigError {
            file: file.to_string(),
            line: Some(line),
            column: Some(column),
            message: message.into(),
        }
    }

    fn bare(file: &str, message: impl Into<String>) -> Self {
        ConfigError {
            file: file.to_string(),
            line: None,
            column: None,
            message: message.into(),
        }
    }
}

/// A string value with where it was written.
#[derive(Clone, Debug)]
struct Item {
    value: String,
    line: u32,
    column: u32,
}

fn items(v: Vec<(String, u32, u32)>) -> Vec<Item> {
    v.into_iter()
        .map(|(value, line, column)| Item {
            value,
            line,
            column,
        })
        .collect()
}

/// A `lint` or `breaking` block as written.
#[derive(Clone, Debug, Default)]
struct RawChecks {
    use_ids: Vec<Item>,
    except: Vec<Item>,
    ignore: Vec<Item>,
    ignore_only: Vec<(Item, Vec<Item>)>,
    comment_ignores_flag: bool,
    enum_zero_value_suffix: String,
    rpc_allow_same_request_response: bool,
    rpc_allow_google_protobuf_empty_requests: bool,
    rpc_allow_google_protobuf_empty_responses: bool,
    service_suffix: String,
    disable_builtin: bool,
    ignore_unstable_packages: bool,
}

impl RawChecks {
    /// go's zero value: a v2 module block that is all zero falls back to the top-level one.
    fn is_zero(&self) -> bool {
        self.use_ids.is_empty()
            && self.except.is_empty()
            && self.ignore.is_empty()
            && self.ignore_only.is_empty()
            && !self.comment_ignores_flag
            && self.enum_zero_value_suffix.is_empty()
            && !self.rpc_allow_same_request_response
            && !self.rpc_allow_google_protobuf_empty_requests
            && !self.rpc_allow_google_protobuf_empty_responses
            && self.service_suffix.is_empty()
            && !self.disable_builtin
            && !self.ignore_unstable_packages
    }
}

const LINT_KEYS_V1: &[&str] = &[
    "use",
    "except",
    "ignore",
    "ignore_only",
    "allow_comment_ignores",
    "enum_zero_value_suffix",
    "rpc_allow_same_request_response",
    "rpc_allow_google_protobuf_empty_requests",
    "rpc_allow_google_protobuf_empty_responses",
    "service_suffix",
    "disable_builtin",
];
const LINT_KEYS_V2: &[&str] = &[
    "use",
    "except",
    "ignore",
    "ignore_only",
    "disallow_comment_ignores",
    "enum_zero_value_suffix",
    "rpc_allow_same_request_response",
    "rpc_allow_google_protobuf_empty_requests",
    "rpc_allow_google_protobuf_empty_responses",
    "service_suffix",
    "disable_builtin",
];
const BREAKING_KEYS: &[&str] = &[
    "use",
    "except",
    "ignore",
    "ignore_only",
    "ignore_unstable_packages",
    "disable_builtin",
];

fn decode_checks(d: &mut Decoder, node: &Node, lint: bool, version: ConfigVersion) -> RawChecks {
    let (keys, ty) = match (lint, version) {
        (true, ConfigVersion::V2) => (LINT_KEYS_V2, "bufconfig.externalBufYAMLFileLintV2"),
        (true, _) => (LINT_KEYS_V1, "bufconfig.externalBufYAMLFileLintV1Beta1V1"),
        (false, _) => (
            BREAKING_KEYS,
            "bufconfig.externalBufYAMLFileBreakingV1Beta1V1V2",
        ),
    };
    let f = d.fields(node, keys, ty);
    let mut raw = RawChecks::default();
    let list =
        |d: &mut Decoder, name: &str| f.get(name).map(|n| items(d.strings(n))).unwrap_or_default();
    raw.use_ids = list(d, "use");
    raw.except = list(d, "except");
    raw.ignore = list(d, "ignore");
    if let Some(n) = f.get("ignore_only") {
        raw.ignore_only = d
            .string_lists(n)
            .into_iter()
            .map(|((k, l, c), v)| {
                (
                    Item {
                        value: k,
                        line: l,
                        column: c,
                    },
                    items(v),
                )
            })
            .collect();
    }
    let flag = |d: &mut Decoder, name: &str| f.get(name).is_some_and(|n| d.bool(n));
    let text = |d: &mut Decoder, name: &str| f.get(name).map(|n| d.string(n)).unwrap_or_default();
    raw.comment_ignores_flag =
        flag(d, "allow_comment_ignores") || flag(d, "disallow_comment_ignores");
    raw.enum_zero_value_suffix = text(d, "enum_zero_value_suffix");
    raw.rpc_allow_same_request_response = flag(d, "rpc_allow_same_request_response");
    raw.rpc_allow_google_protobuf_empty_requests =
        flag(d, "rpc_allow_google_protobuf_empty_requests");
    raw.rpc_allow_google_protobuf_empty_responses =
        flag(d, "rpc_allow_google_protobuf_empty_responses");
    raw.service_suffix = text(d, "service_suffix");
    raw.disable_builtin = flag(d, "disable_builtin");
    raw.ignore_unstable_packages = flag(d, "ignore_unstable_packages");
    raw
}

/// Where config paths in a block are relative to, and what to do with them.
enum PathScope<'a> {
    /// v1/v1beta1: already module (or root) relative.
    Module,
    /// v2 top-level block applied to module `dir`: paths outside it are dropped.
    V2Top(&'a str),
    /// v2 module block of module `dir`: paths outside it are errors.
    V2Module(&'a str),
}

struct Ctx<'a> {
    file: &'a str,
    warnings: Vec<String>,
    plugins: Vec<String>,
    keys: BTreeMap<(u32, u32), String>,
}

impl Ctx<'_> {
    fn err(&self, item: &Item, message: impl Into<String>) -> ConfigError {
        ConfigError::at(self.file, item.line, item.column, message)
    }

    /// An error whose buf text does not name the key: prefixed with it (`lint.use[0]: `).
    fn keyed(&self, item: &Item, message: impl Into<String>) -> ConfigError {
        keyed(
            self.file,
            &self.keys,
            item.line,
            item.column,
            message.into(),
        )
    }
}

fn keyed(
    file: &str,
    keys: &BTreeMap<(u32, u32), String>,
    line: u32,
    column: u32,
    message: String,
) -> ConfigError {
    let message = match keys.get(&(line, column)) {
        Some(k) => format!("{k}: {message}"),
        None => message,
    };
    ConfigError::at(file, line, column, message)
}

/// Normalises a path list of `block` (`lint.ignore`, ...), checking buf's rules.
fn scope_paths(
    cx: &Ctx<'_>,
    key: &str,
    nested_label: &str,
    list: &[Item],
    scope: &PathScope<'_>,
) -> Result<Vec<String>, ConfigError> {
    let mut out: Vec<String> = Vec::new();
    let mut seen: Vec<(String, &Item)> = Vec::new();
    for item in list {
        let p = paths::normalize(&item.value)
            .map_err(|m| cx.err(item, format!("{key}: invalid path: {m}")))?;
        seen.push((p, item));
    }
    for (i, (p, item)) in seen.iter().enumerate() {
        if let Some((outer, _)) = seen[..i]
            .iter()
            .chain(&seen[i + 1..])
            // buf lets `ignore: [., foo]` through but not the same in `ignore_only`.
            .find(|(o, _)| {
                o != p && paths::contains(o, p) && !(o == "." && nested_label == "ignore")
            })
        {
            return Err(cx.err(
                item,
                format!("{nested_label} \"{p}\" is within {nested_label} \"{outer}\" which is not allowed"),
            ));
        }
    }
    for (p, item) in seen {
        let p = match scope {
            PathScope::Module => p,
            PathScope::V2Top(dir) => {
                if !paths::contains(dir, &p) {
                    continue;
                }
                paths::relative_to(dir, &p)
            }
            PathScope::V2Module(dir) => {
                if !paths::contains(dir, &p) {
                    return Err(cx.err(
                        item,
                        format!("{key}: path \"{p}\" is not contained within module directory \"{dir}\""),
                    ));
                }
                paths::relative_to(dir, &p)
            }
        };
        if !out.contains(&p) {
            out.push(p);
        }
    }
    Ok(out)
}

fn check_ids(
    cx: &mut Ctx<'_>,
    lint: bool,
    version: ConfigVersion,
    raw: &RawChecks,
) -> Result<(), ConfigError> {
    let mut keys: Vec<&Item> = Vec::new();
    if lint {
        keys.extend(&raw.use_ids);
        keys.extend(&raw.except);
        keys.extend(raw.ignore_only.iter().map(|(k, _)| k));
    } else {
        // buf 1.75.0 checks only `breaking.use` when it loads the config, against every lint
        // and breaking rule ID and category of the version.
        keys.extend(&raw.use_ids);
    }
    for k in keys {
        if k.value.is_empty() {
            continue;
        }
        let known = if lint {
            registry::is_known(version, &k.value)
        } else {
            registry::is_known(version, &k.value) || breaking_registry::is_known(version, &k.value)
        };
        if !known {
            return Err(cx.keyed(
                k,
                format!("\"{}\" is not a known rule or category ID", k.value),
            ));
        }
        if lint {
            deprecation_warning(cx, &k.value);
        }
    }
    Ok(())
}

fn deprecation_warning(cx: &mut Ctx<'_>, key: &str) {
    let w = match key {
        "DEFAULT" => "Category DEFAULT referenced in your buf.yaml is deprecated. It has been replaced by category STANDARD.\n\n\tThe concept of a default rule has been introduced. A default rule is a rule that will be run\n\tif no rules are explicitly configured in your buf.yaml. Run buf config ls-lint-rules or\n\tbuf config ls-breaking-rules to see which rules are defaults. With this introduction, having a category\n\talso named DEFAULT is confusing, as while it happens that all the rules in the DEFAULT category\n\tare also default rules, the name has become overloaded.\n\n\tAs with all buf changes, this change is backwards-compatible: DEFAULT will continue to work.\n\tWe recommend replacing DEFAULT in your buf.yaml, but no action is immediately necessary.",
        "STYLE_DEFAULT" => "Category STYLE_DEFAULT referenced in your buf.yaml is deprecated. It has been replaced by category STYLE_STANDARD.\n\tAs with all buf changes, this change is backwards-compatible: STYLE_DEFAULT will continue to work.\n\tWe recommend replacing STYLE_DEFAULT in your buf.yaml, but no action is immediately necessary.",
        id => match registry::rule(id) {
            Some(r) if r.deprecated => {
                let w = format!("Rule {id} referenced in your buf.yaml is deprecated.\n\tAs with all buf changes, this change is backwards-compatible: {id} will continue to work.\n\tWe recommend replacing {id} in your buf.yaml, but no action is immediately necessary.");
                if !cx.warnings.contains(&w) {
                    cx.warnings.push(w);
                }
                return;
            }
            _ => return,
        },
    };
    if !cx.warnings.iter().any(|x| x == w) {
        cx.warnings.push(w.to_string());
    }
}

fn values(list: &[Item]) -> Vec<String> {
    list.iter()
        .filter(|i| !i.value.is_empty())
        .map(|i| i.value.clone())
        .collect()
}

fn ignore_only(
    cx: &Ctx<'_>,
    block: &str,
    raw: &RawChecks,
    scope: &PathScope<'_>,
) -> Result<BTreeMap<String, Vec<String>>, ConfigError> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, list) in &raw.ignore_only {
        let ps = scope_paths(
            cx,
            &format!("{block}.ignore_only"),
            "ignore_only path",
            list,
            scope,
        )?;
        if !ps.is_empty() {
            let e = out.entry(k.value.clone()).or_default();
            for p in ps {
                if !e.contains(&p) {
                    e.push(p);
                }
            }
        }
    }
    Ok(out)
}

fn build_lint(
    cx: &Ctx<'_>,
    version: ConfigVersion,
    raw: &RawChecks,
    scope: &PathScope<'_>,
) -> Result<LintConfig, ConfigError> {
    let mut c = LintConfig::for_version(version);
    c.use_ids = values(&raw.use_ids);
    c.except = values(&raw.except);
    c.ignore = scope_paths(cx, "lint.ignore", "ignore", &raw.ignore, scope)?;
    c.ignore_only = ignore_only(cx, "lint", raw, scope)?;
    c.allow_comment_ignores = if version == ConfigVersion::V2 {
        !raw.comment_ignores_flag
    } else {
        raw.comment_ignores_flag
    };
    if !raw.enum_zero_value_suffix.is_empty() {
        c.enum_zero_value_suffix = raw.enum_zero_value_suffix.clone();
    }
    if !raw.service_suffix.is_empty() {
        c.service_suffix = raw.service_suffix.clone();
    }
    c.rpc_allow_same_request_response = raw.rpc_allow_same_request_response;
    c.rpc_allow_google_protobuf_empty_requests = raw.rpc_allow_google_protobuf_empty_requests;
    c.rpc_allow_google_protobuf_empty_responses = raw.rpc_allow_google_protobuf_empty_responses;
    c.disable_builtin = raw.disable_builtin;
    Ok(c)
}

fn build_breaking(
    cx: &Ctx<'_>,
    version: ConfigVersion,
    raw: &RawChecks,
    scope: &PathScope<'_>,
) -> Result<BreakingConfig, ConfigError> {
    let mut c = breaking_defaults(version);
    c.use_ids = values(&raw.use_ids);
    c.except = values(&raw.except);
    c.ignore = scope_paths(cx, "breaking.ignore", "ignore", &raw.ignore, scope)?;
    c.ignore_only = ignore_only(cx, "breaking", raw, scope)?;
    c.ignore_unstable_packages = raw.ignore_unstable_packages;
    c.disable_builtin = raw.disable_builtin;
    Ok(c)
}

/// go-yaml's decode errors (it reports them all, in document order): the first one, with the
/// others on further `file:line:col: message` lines of its message. Type mismatches are
/// prefixed with their key.
fn first_error(
    file: &str,
    d: Decoder,
    keys: &BTreeMap<(u32, u32), String>,
) -> Result<(), ConfigError> {
    let mut errors = d.errors;
    errors.sort_by_key(|e| (e.line, e.column));
    let mut all = errors.into_iter().map(|e| {
        if e.message.starts_with("cannot unmarshal") {
            keyed(file, keys, e.line, e.column, e.message)
        } else {
            ConfigError::at(file, e.line, e.column, e.message)
        }
    });
    match all.next() {
        Some(mut first) => {
            for more in all {
                first.message.push('\n');
                first.message.push_str(&more.to_string());
            }
            Err(first)
        }
        None => Ok(()),
    }
}

fn syntax(file: &str, text: &str) -> Result<Option<Node>, ConfigError> {
    yaml::parse(text)
        .map_err(|e| ConfigError::at(file, e.line, e.column, format!("yaml: {}", e.message)))
}

/// Reads the `version` key as buf does before anything else.
fn read_version(
    file: &str,
    root: Option<&Node>,
    work: bool,
) -> Result<(String, u32, u32), ConfigError> {
    let mut d = Decoder::default();
    let mut out = (String::new(), 1, 1);
    if let Some(root) = root {
        if let Kind::Map(entries) = &root.kind {
            if let Some((_, v)) = entries.iter().find(|(k, _)| k.scalar() == Some("version")) {
                out = (d.string(v), v.line, v.column);
            }
        } else if !root.is_null() {
            d.fields(root, &[], "bufconfig.externalFileVersion");
        }
    }
    let keys = root.map(yaml::key_paths).unwrap_or_default();
    first_error(file, d, &keys)?;
    if out.0.is_empty() {
        let want = if work { "v1" } else { "v2" };
        return Err(ConfigError::at(
            file,
            1,
            1,
            format!("\"version\" is not set. Please add \"version: {want}\""),
        ));
    }
    Ok(out)
}

/// Parses one `buf.yaml` whose directory is the workspace root. `file` names it in errors
/// and becomes [`Workspace::config_file`]; [`Workspace::root`] is its parent directory.
///
/// Follows buf 1.75.0: `version` must be `v1beta1`, `v1` or `v2` (missing: `"version" is not
/// set. Please add "version: v2"`; otherwise `unknown file version: "v3"`); every key must
/// be one of that version's (`field foo not found`); values must have the right YAML type
/// (`cannot unmarshal !!str `x` into []string`); paths must be relative and inside their
/// directory; rule IDs and categories must exist in that version (`"NOPE" is not a known rule
/// or category ID`). Only the first YAML document is read; JSON is accepted (it is YAML).
///
/// # Errors
/// The first problem, as a [`ConfigError`] naming `file`, the line and column, and the key.
pub fn parse_buf_yaml(text: &str, file: &Path) -> Result<Workspace, ConfigError> {
    let root_dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut ws = parse_buf_yaml_named(text, &display(file), root_dir)?;
    ws.config_file = Some(file.to_path_buf());
    Ok(ws)
}

fn display(p: &Path) -> String {
    let s = p.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn parse_buf_yaml_named(
    text: &str,
    file: &str,
    root_dir: PathBuf,
) -> Result<Workspace, ConfigError> {
    let root = syntax(file, text)?;
    let (v, line, column) = read_version(file, root.as_ref(), false)?;
    let Some(version) = ConfigVersion::from_name(&v) else {
        return Err(ConfigError::at(
            file,
            line,
            column,
            format!("unknown file version: \"{v}\""),
        ));
    };
    let root = root.unwrap_or(Node {
        kind: Kind::Map(Vec::new()),
        line: 1,
        column: 1,
    });
    let mut cx = Ctx {
        file,
        warnings: Vec::new(),
        plugins: Vec::new(),
        keys: yaml::key_paths(&root),
    };
    let modules = match version {
        ConfigVersion::V2 => parse_v2(&mut cx, &root)?,
        _ => vec![parse_v1(&mut cx, &root, version, ".")?],
    };
    Ok(Workspace {
        root: root_dir,
        config_file: None,
        version,
        modules,
        warnings: cx.warnings,
        plugins: cx.plugins,
    })
}

fn check_module_name(cx: &Ctx<'_>, item: &Item) -> Result<(), ConfigError> {
    let parts: Vec<&str> = item.value.split('/').collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
        return Err(cx.err(
            item,
            format!(
                "could not parse full name \"{}\": must be in the form registry/owner/name",
                item.value
            ),
        ));
    }
    Ok(())
}

fn check_deps(cx: &Ctx<'_>, deps: &[Item]) -> Result<(), ConfigError> {
    for dep in deps {
        let base = dep.value.split([':', '@']).next().unwrap_or("");
        let parts: Vec<&str> = base.split('/').collect();
        if parts.len() != 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(cx.err(
                dep,
                format!(
                    "invalid dep: could not parse reference \"{}\": must be in the form registry/owner/name[:ref]",
                    dep.value
                ),
            ));
        }
    }
    Ok(())
}

fn item_of(d: &mut Decoder, node: &Node) -> Item {
    Item {
        value: d.string(node),
        line: node.line,
        column: node.column,
    }
}

/// A v1beta1 or v1 `buf.yaml`; `dir` is the module's directory relative to the workspace.
fn parse_v1(
    cx: &mut Ctx<'_>,
    root: &Node,
    version: ConfigVersion,
    dir: &str,
) -> Result<ModuleConfig, ConfigError> {
    let mut d = Decoder::default();
    let f = d.fields(
        root,
        &["version", "name", "deps", "build", "lint", "breaking"],
        "bufconfig.externalBufYAMLFileV1Beta1V1",
    );
    let name = f.get("name").map(|n| item_of(&mut d, n));
    let deps = f
        .get("deps")
        .map(|n| items(d.strings(n)))
        .unwrap_or_default();
    let (mut roots, mut excludes) = (Vec::new(), Vec::new());
    if let Some(b) = f.get("build") {
        let bf = d.fields(
            b,
            &["roots", "excludes"],
            "bufconfig.externalBufYAMLFileBuildV1Beta1V1",
        );
        roots = bf
            .get("roots")
            .map(|n| items(d.strings(n)))
            .unwrap_or_default();
        excludes = bf
            .get("excludes")
            .map(|n| items(d.strings(n)))
            .unwrap_or_default();
    }
    let lint = f
        .get("lint")
        .map(|n| decode_checks(&mut d, n, true, version))
        .unwrap_or_default();
    let breaking = f
        .get("breaking")
        .map(|n| decode_checks(&mut d, n, false, version))
        .unwrap_or_default();
    first_error(cx.file, d, &cx.keys)?;

    if let Some(n) = name.as_ref().filter(|n| !n.value.is_empty()) {
        check_module_name(cx, n)?;
    }
    check_deps(cx, &deps)?;
    if version == ConfigVersion::V1 && !roots.is_empty() {
        let list: Vec<&str> = roots.iter().map(|r| r.value.as_str()).collect();
        return Err(cx.err(
            &roots[0],
            format!(
                "build.roots cannot be set on version v1: [{}]",
                list.join(" ")
            ),
        ));
    }
    let roots = v1_roots(cx, &roots)?;
    let excludes = v1_excludes(cx, &excludes, &roots)?;

    check_ids(cx, true, version, &lint)?;
    check_ids(cx, false, version, &breaking)?;
    let lint = build_lint(cx, version, &lint, &PathScope::Module)?;
    let breaking = build_breaking(cx, version, &breaking, &PathScope::Module)?;
    Ok(ModuleConfig {
        path: dir.to_string(),
        roots,
        excludes: excludes.iter().map(|e| paths::join(dir, e)).collect(),
        includes: Vec::new(),
        name: name.map(|n| n.value).filter(|n| !n.is_empty()),
        lint,
        breaking,
    })
}

fn v1_roots(cx: &Ctx<'_>, roots: &[Item]) -> Result<Vec<String>, ConfigError> {
    if roots.is_empty() {
        return Ok(vec![".".to_string()]);
    }
    let mut out: Vec<String> = Vec::new();
    for r in roots {
        if r.value.is_empty() {
            return Err(cx.err(r, "root contained an empty path"));
        }
        let p = paths::normalize(&r.value).map_err(|m| cx.err(r, m))?;
        if out.contains(&p) {
            return Err(cx.err(r, format!("duplicate root \"{p}\"")));
        }
        out.push(p);
    }
    nested(cx, roots, &out, "root")?;
    Ok(out)
}

/// buf's `X "a/b" is within X "a" which is not allowed`.
fn nested(cx: &Ctx<'_>, items: &[Item], ps: &[String], label: &str) -> Result<(), ConfigError> {
    for (i, p) in ps.iter().enumerate() {
        if let Some(outer) = ps.iter().find(|o| *o != p && paths::contains(o, p)) {
            return Err(cx.err(
                &items[i],
                format!("{label} \"{p}\" is within {label} \"{outer}\" which is not allowed"),
            ));
        }
    }
    Ok(())
}

fn v1_excludes(
    cx: &Ctx<'_>,
    excludes: &[Item],
    roots: &[String],
) -> Result<Vec<String>, ConfigError> {
    let mut out: Vec<String> = Vec::new();
    for e in excludes {
        if e.value.is_empty() {
            return Err(cx.err(e, "exclude contained an empty path"));
        }
        let p = paths::normalize(&e.value).map_err(|m| cx.err(e, m))?;
        if p.ends_with(".proto") {
            return Err(cx.err(
                e,
                format!("excludes can only be directories but file \"{p}\" discovered"),
            ));
        }
        if out.contains(&p) {
            return Err(cx.err(e, format!("duplicate exclude \"{p}\"")));
        }
        out.push(p);
    }
    nested(cx, excludes, &out, "exclude")?;
    for (i, p) in out.iter().enumerate() {
        if roots.contains(p) {
            return Err(cx.err(
                &excludes[i],
                format!("\"{p}\" is both a root and exclude, which means the entire root is excluded, which is not valid"),
            ));
        }
        if !roots.iter().any(|r| paths::contains(r, p)) {
            return Err(cx.err(
                &excludes[i],
                format!("exclude \"{p}\" is not contained in any root, which is not valid"),
            ));
        }
    }
    Ok(out)
}

/// A v2 `buf.yaml`: its modules.
fn parse_v2(cx: &mut Ctx<'_>, root: &Node) -> Result<Vec<ModuleConfig>, ConfigError> {
    let mut d = Decoder::default();
    let f = d.fields(
        root,
        &[
            "version", "name", "deps", "modules", "lint", "breaking", "plugins", "policies",
        ],
        "bufconfig.externalBufYAMLFileV2",
    );
    let name = f.get("name").map(|n| item_of(&mut d, n));
    let deps = f
        .get("deps")
        .map(|n| items(d.strings(n)))
        .unwrap_or_default();
    let top_lint = f
        .get("lint")
        .map(|n| decode_checks(&mut d, n, true, ConfigVersion::V2))
        .unwrap_or_default();
    let top_breaking = f
        .get("breaking")
        .map(|n| decode_checks(&mut d, n, false, ConfigVersion::V2))
        .unwrap_or_default();

    struct RawModule {
        path: Item,
        name: Option<Item>,
        includes: Vec<Item>,
        excludes: Vec<Item>,
        lint: RawChecks,
        breaking: RawChecks,
    }
    let mut raw_modules = Vec::new();
    if let Some(m) = f.get("modules") {
        for node in d.list(m, "[]bufconfig.externalBufYAMLFileModuleV2") {
            let mf = d.fields(
                node,
                &["path", "name", "includes", "excludes", "lint", "breaking"],
                "bufconfig.externalBufYAMLFileModuleV2",
            );
            raw_modules.push(RawModule {
                path: mf.get("path").map(|n| item_of(&mut d, n)).unwrap_or(Item {
                    value: String::new(),
                    line: node.line,
                    column: node.column,
                }),
                name: mf.get("name").map(|n| item_of(&mut d, n)),
                includes: mf
                    .get("includes")
                    .map(|n| items(d.strings(n)))
                    .unwrap_or_default(),
                excludes: mf
                    .get("excludes")
                    .map(|n| items(d.strings(n)))
                    .unwrap_or_default(),
                lint: mf
                    .get("lint")
                    .map(|n| decode_checks(&mut d, n, true, ConfigVersion::V2))
                    .unwrap_or_default(),
                breaking: mf
                    .get("breaking")
                    .map(|n| decode_checks(&mut d, n, false, ConfigVersion::V2))
                    .unwrap_or_default(),
            });
        }
    }
    let mut plugin_errors = Vec::new();
    if let Some(p) = f.get("plugins") {
        for node in d.list(p, "[]bufconfig.externalBufYAMLFilePluginV2") {
            let pf = d.fields(
                node,
                &["plugin", "options"],
                "bufconfig.externalBufYAMLFilePluginV2",
            );
            let path = match pf.get("plugin") {
                Some(n) if matches!(n.kind, Kind::Seq(_)) => d
                    .strings(n)
                    .first()
                    .map(|s| s.0.clone())
                    .unwrap_or_default(),
                Some(n) => d.string(n),
                None => String::new(),
            };
            if let Some(o) = pf.get("options") {
                if !matches!(o.kind, Kind::Map(_)) && !o.is_null() {
                    d.fields(o, &[], "map[string]interface {}");
                }
            }
            if path.is_empty() {
                plugin_errors.push((node.line, node.column, "must specify a path to the plugin"));
            }
            cx.plugins.push(path);
        }
    }
    if let Some(p) = f.get("policies") {
        for node in d.list(p, "[]bufconfig.externalBufYAMLFilePolicyV2") {
            let pf = d.fields(
                node,
                &["policy", "ignore", "ignore_only"],
                "bufconfig.externalBufYAMLFilePolicyV2",
            );
            let policy = pf.get("policy").map(|n| d.string(n)).unwrap_or_default();
            if let Some(n) = pf.get("ignore") {
                d.strings(n);
            }
            if let Some(n) = pf.get("ignore_only") {
                d.string_lists(n);
            }
            if policy.is_empty() {
                plugin_errors.push((node.line, node.column, "must specify a name to the policy"));
            }
        }
    }
    first_error(cx.file, d, &cx.keys)?;
    if let Some(&(line, column, message)) = plugin_errors.first() {
        return Err(ConfigError::at(cx.file, line, column, message));
    }
    if let Some(n) = name.as_ref().filter(|n| !n.value.is_empty()) {
        check_module_name(cx, n)?;
    }
    check_deps(cx, &deps)?;
    if raw_modules.is_empty() {
        raw_modules.push(RawModule {
            path: Item {
                value: ".".to_string(),
                line: 1,
                column: 1,
            },
            name: None,
            includes: Vec::new(),
            excludes: Vec::new(),
            lint: RawChecks::default(),
            breaking: RawChecks::default(),
        });
    }

    check_ids(cx, true, ConfigVersion::V2, &top_lint)?;
    check_ids(cx, false, ConfigVersion::V2, &top_breaking)?;
    let mut modules: Vec<ModuleConfig> = Vec::new();
    for m in &raw_modules {
        let dir = paths::normalize(&m.path.value)
            .map_err(|e| cx.err(&m.path, format!("invalid module path: {e}")))?;
        if let Some(n) = m.name.as_ref().filter(|n| !n.value.is_empty()) {
            check_module_name(cx, n)?;
        }
        let includes = v2_dirs(cx, &dir, &m.includes, "include")?;
        let excludes = v2_dirs(cx, &dir, &m.excludes, "exclude")?;
        check_ids(cx, true, ConfigVersion::V2, &m.lint)?;
        check_ids(cx, false, ConfigVersion::V2, &m.breaking)?;
        let lint = if m.lint.is_zero() {
            build_lint(cx, ConfigVersion::V2, &top_lint, &PathScope::V2Top(&dir))?
        } else {
            build_lint(cx, ConfigVersion::V2, &m.lint, &PathScope::V2Module(&dir))?
        };
        let breaking = if m.breaking.is_zero() {
            build_breaking(
                cx,
                ConfigVersion::V2,
                &top_breaking,
                &PathScope::V2Top(&dir),
            )?
        } else {
            build_breaking(
                cx,
                ConfigVersion::V2,
                &m.breaking,
                &PathScope::V2Module(&dir),
            )?
        };
        let module = ModuleConfig {
            path: dir,
            roots: vec![".".to_string()],
            excludes,
            includes,
            name: m
                .name
                .as_ref()
                .map(|n| n.value.clone())
                .filter(|n| !n.is_empty()),
            lint,
            breaking,
        };
        if modules.iter().any(|o| {
            o.path == module.path && o.includes == module.includes && o.excludes == module.excludes
        }) {
            return Err(cx.err(
                &m.path,
                format!(
                    "multiple module configs found with the same description: {}",
                    describe(&module)
                ),
            ));
        }
        modules.push(module);
    }
    Ok(modules)
}

/// buf's module description: `path: "proto", includes: "a", excludes: "b"`.
fn describe(m: &ModuleConfig) -> String {
    let mut s = format!("path: \"{}\"", m.path);
    let quote = |v: &[String]| {
        v.iter()
            .map(|x| format!("\"{x}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !m.includes.is_empty() {
        s.push_str(&format!(", includes: {}", quote(&m.includes)));
    }
    if !m.excludes.is_empty() {
        s.push_str(&format!(", excludes: {}", quote(&m.excludes)));
    }
    s
}

/// v2 `modules[].includes` / `excludes`: relative to the `buf.yaml` directory, strictly
/// inside the module, directories only, no duplicates or nesting. Returned workspace-relative.
fn v2_dirs(
    cx: &Ctx<'_>,
    dir: &str,
    list: &[Item],
    label: &str,
) -> Result<Vec<String>, ConfigError> {
    let mut rel: Vec<String> = Vec::new();
    for e in list {
        let p = paths::normalize(&e.value)
            .map_err(|m| cx.err(e, format!("invalid {label} path: {m}")))?;
        if p == dir {
            return Err(cx.err(
                e,
                format!("{label} path \"{p}\" is equal to module directory \"{dir}\""),
            ));
        }
        if !paths::contains(dir, &p) {
            return Err(cx.err(
                e,
                format!("{label} path \"{p}\" does not reside within module directory \"{dir}\""),
            ));
        }
        let r = paths::relative_to(dir, &p);
        if r.ends_with(".proto") {
            return Err(cx.err(
                e,
                format!("{label}s can only be directories but file \"{r}\" discovered"),
            ));
        }
        if rel.contains(&r) {
            return Err(cx.err(e, format!("duplicate {label} \"{r}\"")));
        }
        rel.push(r);
    }
    nested(cx, list, &rel, label)?;
    Ok(rel.iter().map(|r| paths::join(dir, r)).collect())
}

/// buf's breaking defaults for `version`: `FILE` (empty `use_ids`), nothing else.
fn breaking_defaults(version: ConfigVersion) -> BreakingConfig {
    BreakingConfig {
        version,
        ..BreakingConfig::default()
    }
}

/// The configuration buf 1.75.0 uses for a directory without `buf.yaml`: v1's rules
/// (`STANDARD` of v1, so no `FIELD_NOT_REQUIRED` or `PACKAGE_NO_IMPORT_CYCLE`) and comment
/// ignores off.
fn default_module(path: &str) -> ModuleConfig {
    ModuleConfig {
        path: path.to_string(),
        roots: vec![".".to_string()],
        excludes: Vec::new(),
        includes: Vec::new(),
        name: None,
        lint: LintConfig::for_version(ConfigVersion::V1),
        breaking: breaking_defaults(ConfigVersion::V1),
    }
}

fn read(path: &Path, shown: &str) -> Result<Option<String>, ConfigError> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| ConfigError::bare(shown, "yaml: invalid UTF-8")),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) if path.is_dir() => Err(ConfigError::bare(shown, format!("read: {e}"))),
        Err(e) => Err(ConfigError::bare(
            shown,
            format!("could not read file: {e}"),
        )),
    }
}

/// Loads the workspace rooted at `dir`: `dir/buf.yaml` (any version), or `dir/buf.work.yaml`
/// (`version: v1`, `directories: [...]`, each directory a module with its own v1beta1/v1
/// `buf.yaml` or none), or neither: one module `.` with buf's no-config defaults (v1 rules,
/// comment ignores off — what buf 1.75.0 does, despite its docs saying v2).
///
/// buf's other names (`buf.yml`, `buf.mod`) are not read, as buf does not read them.
///
/// # Errors
/// Unreadable files, both files in `dir` (`cannot have a buf.work.yaml and buf.yaml in the
/// same directory "DIR"`), and every error of [`parse_buf_yaml`] and of `buf.work.yaml`.
pub fn load_workspace(dir: &Path) -> Result<Workspace, ConfigError> {
    let yaml_path = dir.join("buf.yaml");
    let work_path = dir.join("buf.work.yaml");
    let yaml_text = read(&yaml_path, &display(&yaml_path))?;
    let work_text = read(&work_path, &display(&work_path))?;
    match (yaml_text, work_text) {
        (Some(_), Some(_)) => Err(ConfigError::bare(
            &display(&work_path),
            format!(
                "cannot have a buf.work.yaml and buf.yaml in the same directory \"{}\"",
                dir.display()
            ),
        )),
        (Some(text), None) => {
            let mut ws = parse_buf_yaml_named(&text, &display(&yaml_path), dir.to_path_buf())?;
            ws.config_file = Some(yaml_path);
            Ok(ws)
        }
        (None, Some(text)) => load_work(dir, &work_path, &text),
        (None, None) => Ok(Workspace {
            root: dir.to_path_buf(),
            config_file: None,
            version: ConfigVersion::V1,
            modules: vec![default_module(".")],
            warnings: Vec::new(),
            plugins: Vec::new(),
        }),
    }
}

fn load_work(dir: &Path, work_path: &Path, text: &str) -> Result<Workspace, ConfigError> {
    let file = display(work_path);
    let file = file.as_str();
    let root = syntax(file, text)?;
    let (v, line, column) = read_version(file, root.as_ref(), true)?;
    match v.as_str() {
        "v1" => {}
        "v1beta1" | "v2" => {
            return Err(ConfigError::at(
                file,
                line,
                column,
                format!("{v} is not supported for buf.work.yaml files"),
            ))
        }
        _ => {
            return Err(ConfigError::at(
                file,
                line,
                column,
                format!("unknown file version: \"{v}\""),
            ))
        }
    }
    let root = root.unwrap_or(Node {
        kind: Kind::Map(Vec::new()),
        line: 1,
        column: 1,
    });
    let mut d = Decoder::default();
    let f = d.fields(
        &root,
        &["version", "directories"],
        "bufconfig.externalBufWorkYAMLFileV1",
    );
    let dirs = f
        .get("directories")
        .map(|n| items(d.strings(n)))
        .unwrap_or_default();
    let cx = Ctx {
        file,
        warnings: Vec::new(),
        plugins: Vec::new(),
        keys: yaml::key_paths(&root),
    };
    first_error(file, d, &cx.keys)?;
    if dirs.is_empty() {
        let (l, c) = f.key("directories").map_or((1, 1), |k| (k.line, k.column));
        return Err(ConfigError::at(file, l, c, "directories is empty"));
    }
    let mut norm: Vec<String> = Vec::new();
    for item in &dirs {
        let p = paths::normalize(&item.value).map_err(|m| {
            cx.err(
                item,
                format!("directory \"{}\" is invalid: {m}", item.value),
            )
        })?;
        if p == "." {
            return Err(cx.err(item, "directory \".\" is listed, it is not valid to have \".\" as a workspace directory, as this is no different than not having a workspace at all, see https://buf.build/docs/reference/workspaces/#directories for more details"));
        }
        if norm.contains(&p) {
            return Err(cx.err(item, format!("directory \"{p}\" is listed more than once")));
        }
        norm.push(p);
    }
    for (i, p) in norm.iter().enumerate() {
        if let Some(outer) = norm.iter().find(|o| *o != p && paths::contains(o, p)) {
            return Err(cx.err(
                &dirs[i],
                format!("directory \"{outer}\" contains directory \"{p}\""),
            ));
        }
    }
    let mut ws = Workspace {
        root: dir.to_path_buf(),
        config_file: Some(work_path.to_path_buf()),
        version: ConfigVersion::V1,
        modules: Vec::new(),
        warnings: Vec::new(),
        plugins: Vec::new(),
    };
    for p in norm {
        let module_yaml = dir.join(&p).join("buf.yaml");
        let shown = display(&module_yaml);
        let Some(text) = read(&module_yaml, &shown)? else {
            ws.modules.push(default_module(&p));
            continue;
        };
        let root = syntax(&shown, &text)?;
        let (v, line, column) = read_version(&shown, root.as_ref(), false)?;
        let version = match ConfigVersion::from_name(&v) {
            Some(v @ (ConfigVersion::V1Beta1 | ConfigVersion::V1)) => v,
            Some(ConfigVersion::V2) => {
                return Err(ConfigError::at(
                    &shown,
                    line,
                    column,
                    format!("buf.yaml at {p} did not have version v1beta1 or v1"),
                ))
            }
            None => {
                return Err(ConfigError::at(
                    &shown,
                    line,
                    column,
                    format!("unknown file version: \"{v}\""),
                ))
            }
        };
        let root = root.unwrap_or(Node {
            kind: Kind::Map(Vec::new()),
            line: 1,
            column: 1,
        });
        let mut mcx = Ctx {
            file: &shown,
            warnings: Vec::new(),
            plugins: Vec::new(),
            keys: yaml::key_paths(&root),
        };
        let module = parse_v1(&mut mcx, &root, version, &p)?;
        for w in mcx.warnings {
            if !ws.warnings.contains(&w) {
                ws.warnings.push(w);
            }
        }
        ws.modules.push(module);
    }
    Ok(ws)
}

/// The `--config` flag: a path to a config file when it ends in `.yaml`, `.yml` or `.json`
/// (read relative to the current directory; buf: `could not read file: ...` when missing),
/// otherwise the config itself as YAML or JSON text. Module paths are relative to `dir`, the
/// input directory, and the file's own directory plays no part. (buf 1.75.0 resolves a v2
/// config's module paths against the current directory instead: `buf lint t2 --config
/// c.yaml` with `modules: [{path: proto}]` fails with `input "t2" did not contain modules
/// found in workspace [proto]`; pass the current directory as `dir` to get that.) An empty
/// argument means no flag ([`load_workspace`] of `dir`).
///
/// # Errors
/// As [`parse_buf_yaml`]; inline data is named `--config` in errors.
pub fn load_config_arg(arg: &str, dir: &Path) -> Result<Workspace, ConfigError> {
    if arg.is_empty() {
        return load_workspace(dir);
    }
    let is_file = [".yaml", ".yml", ".json"].iter().any(|e| arg.ends_with(e));
    if is_file {
        let path = Path::new(arg);
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                let reason = if e.kind() == std::io::ErrorKind::NotFound {
                    "no such file or directory".to_string()
                } else {
                    e.to_string()
                };
                return Err(ConfigError::bare(
                    arg,
                    format!("could not read file: open {arg}: {reason}"),
                ));
            }
        };
        let mut ws = parse_buf_yaml_named(&text, &display(path), dir.to_path_buf())?;
        ws.config_file = Some(path.to_path_buf());
        return Ok(ws);
    }
    parse_buf_yaml_named(arg, "--config", dir.to_path_buf())
}

/// The workspace `buf lint DIR` uses when run from `cwd`, and the indices of its modules
/// that `DIR` selects.
///
/// As buf 1.75.0: `DIR/buf.yaml` or `DIR/buf.work.yaml` makes `DIR` the workspace (every
/// module selected). Otherwise buf looks at `DIR`'s ancestors, nearest first: one with a
/// `buf.work.yaml` or a v2 `buf.yaml` whose modules include one at exactly `DIR` is the
/// workspace, with those modules selected (buf then prints paths relative to `DIR`); one whose
/// modules do not contain `DIR` is passed over. A v1/v1beta1 `buf.yaml` counts only at or below
/// `cwd` (`cd proto/foo && buf lint` ignores `proto/buf.yaml`; `buf lint proto/foo` does not).
/// With nothing found, `DIR` stands alone with no config ([`load_workspace`]).
///
/// # Errors
/// [`load_workspace`]'s; and, when `DIR` lies inside a module without being its root, buf's
/// `failed to build input "proto/foo" because it is contained by module at path "proto"
/// specified in your configuration, you must provide the workspace or module as the input,
/// and filter to this path using --path` (paths relative to the workspace, or to `cwd` for a
/// v1 module).
pub fn find_workspace(dir: &Path, cwd: &Path) -> Result<(Workspace, Vec<usize>), ConfigError> {
    let here = load_workspace(dir)?;
    if here.config_file.is_some() {
        let all = (0..here.modules.len()).collect();
        return Ok((here, all));
    }
    let absolute = |p: &Path| {
        p.canonicalize()
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (abs, abs_cwd) = (absolute(dir), absolute(cwd));
    let rel_to = |base: &Path, p: &Path| -> String {
        match p.strip_prefix(base) {
            Ok(r) => paths::clean(&r.to_string_lossy().replace('\\', "/")),
            Err(_) => p.display().to_string(),
        }
    };
    let contained = |file: &str, input: &str, module: &str| {
        ConfigError::bare(
            file,
            format!(
                "failed to build input \"{input}\" because it is contained by module at path \"{module}\" specified in your configuration, you must provide the workspace or module as the input, and filter to this path using --path"
            ),
        )
    };
    for ancestor in abs.ancestors().skip(1) {
        let has_work = ancestor.join("buf.work.yaml").is_file();
        let yaml = ancestor.join("buf.yaml");
        if !has_work && !yaml.is_file() {
            continue;
        }
        if !has_work {
            let text = read(&yaml, &display(&yaml))?.unwrap_or_default();
            let is_v2 = yaml::parse(&text).ok().flatten().is_some_and(|root| {
                matches!(&root.kind, Kind::Map(entries) if entries.iter().any(|(k, v)| {
                    k.scalar() == Some("version") && v.scalar() == Some("v2")
                }))
            });
            if !is_v2 {
                if ancestor.starts_with(&abs_cwd) {
                    return Err(contained(
                        &display(&yaml),
                        &rel_to(&abs_cwd, &abs),
                        &rel_to(&abs_cwd, ancestor),
                    ));
                }
                continue;
            }
        }
        let rel = rel_to(ancestor, &abs);
        let ws = load_workspace(ancestor)?;
        let selected: Vec<usize> = (0..ws.modules.len())
            .filter(|&i| ws.modules[i].path == rel)
            .collect();
        if !selected.is_empty() {
            return Ok((ws, selected));
        }
        if let Some(m) = ws.modules.iter().find(|m| paths::contains(&m.path, &rel)) {
            let file = ws.config_file.as_deref().map(display).unwrap_or_default();
            return Err(contained(&file, &rel, &m.path));
        }
    }
    Ok((here, vec![0]))
}
