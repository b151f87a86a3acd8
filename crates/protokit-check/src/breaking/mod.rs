//! `protokit breaking`: buf's breaking-change rules, comparing a previous [`Image`] with the
//! current one.
//!
//! Elements are matched previous ↔ current by full name (messages, enums, services,
//! extensions), files by name, fields and enum values by number inside matched parents, RPCs
//! and oneofs by name. Each enabled [`BreakingRule`] sees every matched pair (and every
//! previous file with its current counterpart, if any); findings are positioned in the current
//! image and filtered by the config's `ignore` / `ignore_only` / `ignore_unstable_packages`.
//! buf has no comment ignores for breaking rules.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use protokit_compiler::descriptor::{
    DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, MethodDescriptorProto,
    ServiceDescriptorProto,
};
use protokit_diagnostics::{Diagnostic, Severity};

use crate::config::{path_matches, ConfigVersion};
use crate::image::{Image, ImageFile};
use crate::lint::elements::tag;
use crate::lint::ConfigError;

pub(crate) mod deletions;
pub(crate) mod features;
pub(crate) mod fields;
pub(crate) mod file_options;
pub mod registry;
pub(crate) mod rules;

/// The `breaking` block of one module, resolved.
///
/// Paths in `ignore` and `ignore_only` are relative to the module root and match a file when
/// they equal its name or are a directory prefix of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BreakingConfig {
    /// The config version, which picks the rule categories.
    pub version: ConfigVersion,
    /// Rule IDs and categories to enable; empty means `FILE`.
    pub use_ids: Vec<String>,
    /// Rule IDs and categories to disable after `use_ids`.
    pub except: Vec<String>,
    /// Paths no rule reports on.
    pub ignore: Vec<String>,
    /// Rule ID or category → paths that rule does not report on.
    pub ignore_only: BTreeMap<String, Vec<String>>,
    /// `ignore_unstable_packages`: no findings for files whose package (in the previous
    /// image) has an unstable version component (`v1alpha1`, `v1beta1`, `v1test`, …).
    pub ignore_unstable_packages: bool,
    /// `disable_builtin` (v2): no builtin rules.
    pub disable_builtin: bool,
}

impl Default for BreakingConfig {
    /// buf's defaults: v2, category `FILE`.
    fn default() -> Self {
        BreakingConfig {
            version: ConfigVersion::V2,
            use_ids: Vec::new(),
            except: Vec::new(),
            ignore: Vec::new(),
            ignore_only: BTreeMap::new(),
            ignore_unstable_packages: false,
            disable_builtin: false,
        }
    }
}

/// Documentation of a breaking rule, rendered into `docs/rules/<RULE_ID>.md` and
/// `protokit explain`.
#[derive(Clone, Copy, Debug)]
pub struct BreakingDocs {
    /// *What it checks*: one paragraph.
    pub what: &'static str,
    /// *Why*: what breaks for whom (wire, JSON, generated code).
    pub why: &'static str,
    /// *Example*, before: a complete `.proto` file at `example_path`.
    pub previous: &'static str,
    /// *Example*, after: the same file changed in a way the rule reports.
    pub example: &'static str,
    /// *Use instead*: the same file changed in a way the rule accepts.
    pub use_instead: &'static str,
    /// Import path the examples are compiled at, e.g. `foo/v1/foo.proto`.
    pub example_path: &'static str,
}

/// One element of an image with where it is.
#[derive(Clone, Debug)]
pub struct Item<'a, T> {
    /// The file it is in.
    pub file: &'a ImageFile,
    /// Its descriptor.
    pub desc: &'a T,
    /// Its `SourceCodeInfo` path.
    pub path: Vec<i32>,
    /// Fully-qualified name without the leading dot (for fields and enum values: the parent's
    /// full name, a dot, and the element's name).
    pub full_name: String,
}

/// An RPC with its service.
#[derive(Clone, Debug)]
pub struct MethodItem<'a> {
    /// The RPC.
    pub method: Item<'a, MethodDescriptorProto>,
    /// Its service.
    pub service: &'a Item<'a, ServiceDescriptorProto>,
}

/// Every element of one image, by full name.
#[derive(Debug, Default)]
pub struct Index<'a> {
    /// Files by name.
    pub files: BTreeMap<&'a str, &'a ImageFile>,
    /// Files by package (`""` for none).
    pub packages: BTreeMap<&'a str, Vec<&'a ImageFile>>,
    /// Messages (nested ones included) by full name.
    pub messages: HashMap<String, Item<'a, DescriptorProto>>,
    /// Enums by full name.
    pub enums: HashMap<String, Item<'a, EnumDescriptorProto>>,
    /// Services by full name.
    pub services: HashMap<String, Item<'a, ServiceDescriptorProto>>,
    /// Extensions by full name.
    pub extensions: HashMap<String, Item<'a, FieldDescriptorProto>>,
}

impl<'a> Index<'a> {
    /// Indexes `image`; with `include_imports` false, import files are left out (buf's
    /// `--exclude-imports`).
    pub fn new(image: &'a Image, include_imports: bool) -> Self {
        let mut ix = Index::default();
        for f in image
            .files
            .iter()
            .filter(|f| include_imports || !f.is_import)
        {
            ix.files.insert(f.name(), f);
            ix.packages.entry(f.package()).or_default().push(f);
            let pkg = f.package();
            for (i, m) in f.proto.message_type.iter().enumerate() {
                ix.add_message(f, m, vec![tag::FILE_MESSAGE, i as i32], pkg);
            }
            for (i, e) in f.proto.enum_type.iter().enumerate() {
                ix.add_enum(f, e, vec![tag::FILE_ENUM, i as i32], pkg);
            }
            for (i, s) in f.proto.service.iter().enumerate() {
                let full = qualify(pkg, s.name.as_deref().unwrap_or(""));
                ix.services.entry(full.clone()).or_insert(Item {
                    file: f,
                    desc: s,
                    path: vec![tag::FILE_SERVICE, i as i32],
                    full_name: full,
                });
            }
            for (i, x) in f.proto.extension.iter().enumerate() {
                let full = qualify(pkg, x.name.as_deref().unwrap_or(""));
                ix.extensions.entry(full.clone()).or_insert(Item {
                    file: f,
                    desc: x,
                    path: vec![tag::FILE_EXTENSION, i as i32],
                    full_name: full,
                });
            }
        }
        ix
    }

    fn add_message(
        &mut self,
        f: &'a ImageFile,
        m: &'a DescriptorProto,
        path: Vec<i32>,
        scope: &str,
    ) {
        let full = qualify(scope, m.name.as_deref().unwrap_or(""));
        for (i, n) in m.nested_type.iter().enumerate() {
            self.add_message(f, n, child(&path, &[tag::MESSAGE_NESTED, i as i32]), &full);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            self.add_enum(f, e, child(&path, &[tag::MESSAGE_ENUM, i as i32]), &full);
        }
        for (i, x) in m.extension.iter().enumerate() {
            let xfull = qualify(&full, x.name.as_deref().unwrap_or(""));
            self.extensions.entry(xfull.clone()).or_insert(Item {
                file: f,
                desc: x,
                path: child(&path, &[tag::MESSAGE_EXTENSION, i as i32]),
                full_name: xfull,
            });
        }
        self.messages.entry(full.clone()).or_insert(Item {
            file: f,
            desc: m,
            path,
            full_name: full,
        });
    }

    fn add_enum(
        &mut self,
        f: &'a ImageFile,
        e: &'a EnumDescriptorProto,
        path: Vec<i32>,
        scope: &str,
    ) {
        let full = qualify(scope, e.name.as_deref().unwrap_or(""));
        self.enums.entry(full.clone()).or_insert(Item {
            file: f,
            desc: e,
            path,
            full_name: full,
        });
    }
}

fn qualify(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}

fn child(path: &[i32], more: &[i32]) -> Vec<i32> {
    crate::lint::elements::child(path, more)
}

/// A breaking rule. Each method sees one matched previous/current pair; the defaults do
/// nothing. Deletions are found by the rule that owns the container (e.g. a deleted field by
/// a rule's `check_message`, looking at both messages' fields). Field rules compare every
/// field pair from `check_images` through the run's shared list of pairs (built once for all
/// of them, with each field's resolved features).
pub trait BreakingRule: Sync + Send {
    /// Every file of the previous image, with the current file of the same name, if any.
    fn check_file(&self, _cx: &mut Cx<'_>, _prev: &ImageFile, _cur: Option<&ImageFile>) {}
    /// Messages present in both images under the same full name.
    fn check_message(
        &self,
        _cx: &mut Cx<'_>,
        _prev: &Item<'_, DescriptorProto>,
        _cur: &Item<'_, DescriptorProto>,
    ) {
    }
    /// Enums present in both images under the same full name.
    fn check_enum(
        &self,
        _cx: &mut Cx<'_>,
        _prev: &Item<'_, EnumDescriptorProto>,
        _cur: &Item<'_, EnumDescriptorProto>,
    ) {
    }
    /// Services present in both images under the same full name.
    fn check_service(
        &self,
        _cx: &mut Cx<'_>,
        _prev: &Item<'_, ServiceDescriptorProto>,
        _cur: &Item<'_, ServiceDescriptorProto>,
    ) {
    }
    /// RPCs with the same name in matched services.
    fn check_method(&self, _cx: &mut Cx<'_>, _prev: &MethodItem<'_>, _cur: &MethodItem<'_>) {}
    /// Both images whole, for package-level rules.
    fn check_images(&self, _cx: &mut Cx<'_>, _prev: &Index<'_>, _cur: &Index<'_>) {}
}

#[derive(Clone, Debug)]
struct Raw {
    rule: &'static str,
    /// Display path and module-relative name of the file, position if known.
    file: Option<(String, String)>,
    position: Option<protokit_diagnostics::Position>,
    message: String,
    unstable: bool,
}

/// What a rule reports through.
pub struct Cx<'a> {
    rule: &'static str,
    config: &'a BreakingConfig,
    out: &'a mut Vec<Raw>,
    /// The previous file of each finding in `out` (filled up to `out.len()` by `sync`).
    againsts: &'a mut Vec<Option<String>>,
    against: Option<String>,
    /// The field pairs of this run's images, built on first use.
    pairs: &'a (dyn fields::PairSource + 'a),
}

impl Cx<'_> {
    /// Sets the previous file the next findings are about (the framework sets it to the
    /// previous element's file before each hook; `check_images` rules set it themselves).
    /// Like buf, `ignore` and `ignore_only` paths suppress a finding when they match either
    /// the reported file or this one, e.g. a field deleted from a message that moved files.
    pub fn set_against(&mut self, prev: Option<&ImageFile>) {
        self.sync();
        let name = prev.map(ImageFile::name);
        if self.against.as_deref() != name {
            self.against = name.map(str::to_string);
        }
    }

    /// Attributes the findings pushed since the last call to the current previous file.
    fn sync(&mut self) {
        let n = self.out.len();
        let against = &self.against;
        self.againsts.resize_with(n, || against.clone());
    }

    /// The configuration.
    pub fn config(&self) -> &BreakingConfig {
        self.config
    }

    /// Reports `message` at the element at `path` of `file` (normally a current file).
    pub fn report(&mut self, file: &ImageFile, path: &[i32], message: impl Into<String>) {
        self.out.push(Raw {
            rule: self.rule,
            file: Some((file.display_path.clone(), file.name().to_string())),
            position: file.position(path),
            message: message.into(),
            unstable: is_unstable_package(file.package()),
        });
    }

    /// Reports `message` on `file` as a whole: buf prints its path and no position (1:1),
    /// e.g. for a top-level element deleted from a file that still exists.
    pub fn report_file(&mut self, file: &ImageFile, message: impl Into<String>) {
        self.out.push(Raw {
            rule: self.rule,
            file: Some((file.display_path.clone(), file.name().to_string())),
            position: None,
            message: message.into(),
            unstable: is_unstable_package(file.package()),
        });
    }

    /// Reports `message` about a file that has no current counterpart (a deleted file): buf
    /// prints such findings with no path and no position (`<input>:1:1` in text output);
    /// `ignore` paths still match the previous file's name.
    pub fn report_deleted_file(&mut self, prev: &ImageFile, message: impl Into<String>) {
        self.out.push(Raw {
            rule: self.rule,
            file: Some((String::new(), prev.name().to_string())),
            position: None,
            message: message.into(),
            unstable: is_unstable_package(prev.package()),
        });
    }
}

/// Whether the last version-like component of `package` is unstable: `vNalphaM`, `vNbetaM`,
/// `vNtest…` or `vNpMalpha/betaK` (what `ignore_unstable_packages` skips).
pub fn is_unstable_package(package: &str) -> bool {
    package.split('.').any(|c| {
        let Some(rest) = c.strip_prefix('v') else {
            return false;
        };
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        let tail = &rest[digits..];
        tail.starts_with("alpha")
            || tail.starts_with("beta")
            || tail.starts_with("test")
            || (tail.starts_with('p') && (tail.contains("alpha") || tail.contains("beta")))
    })
}

/// Compares `current` against `previous` with the rules `config` enables.
///
/// Findings are sorted and de-duplicated like lint's (see [`crate::lint::sort_findings`]).
///
/// # Errors
/// [`ConfigError`] for an unknown rule ID or category.
pub fn run(
    previous: &Image,
    current: &Image,
    config: &BreakingConfig,
    include_imports: bool,
) -> Result<Vec<Diagnostic>, ConfigError> {
    let rules = registry::enabled_rules(config)?;
    let (prev, cur) = rayon::join(
        || Index::new(previous, include_imports),
        || Index::new(current, include_imports),
    );
    let pairs = fields::PairCache::new(&prev, &cur);
    let checks: Vec<(&'static str, &'static dyn BreakingRule)> = rules
        .iter()
        .filter_map(|m| Some((m.id, m.check?)))
        .collect();
    // The element hooks run in one walk while each rule's `check_images` runs on its own;
    // findings are then concatenated in the order one thread would have produced them.
    let run_one = |rule: &'static str, f: &dyn Fn(&mut Cx<'_>)| {
        let (mut raw, mut againsts) = (Vec::new(), Vec::new());
        let mut cx = Cx {
            rule,
            config,
            out: &mut raw,
            againsts: &mut againsts,
            against: None,
            pairs: &pairs,
        };
        f(&mut cx);
        cx.sync();
        (raw, againsts)
    };
    let (walked, images): (_, Vec<_>) = rayon::join(
        || match checks.first() {
            Some(&(first, _)) => run_one(first, &|cx| visit_pairs(&checks, cx, &prev, &cur)),
            None => Default::default(),
        },
        || {
            checks
                .par_iter()
                .map(|&(id, rule)| run_one(id, &|cx| rule.check_images(cx, &prev, &cur)))
                .collect()
        },
    );
    let mut raw = Vec::new();
    let mut againsts = Vec::new();
    for (r, a) in std::iter::once(walked).chain(images) {
        raw.extend(r);
        againsts.extend(a);
    }
    let mut findings: Vec<Diagnostic> = raw
        .into_iter()
        .zip(againsts)
        .filter_map(|(r, against)| finish(config, r, against))
        .collect();
    crate::lint::sort_findings(&mut findings);
    Ok(findings)
}

fn finish(config: &BreakingConfig, r: Raw, against: Option<String>) -> Option<Diagnostic> {
    let (display, name) = r.file?;
    if config.ignore_unstable_packages && r.unstable {
        return None;
    }
    let names: Vec<&str> = std::iter::once(name.as_str())
        .chain(against.as_deref())
        .collect();
    let ignored = |p: &String| names.iter().any(|n| path_matches(p, n));
    if config.ignore.iter().any(ignored) {
        return None;
    }
    for (key, paths) in &config.ignore_only {
        if registry::id_matches(config.version, key, r.rule) && paths.iter().any(ignored) {
            return None;
        }
    }
    let mut d = Diagnostic::new(Severity::Error, display, r.message).with_rule(r.rule);
    if let Some(p) = r.position {
        d = d.with_position(p);
    }
    Some(d)
}

/// Visits every matched pair once, handing it to each rule in turn (pairs, and the full names
/// they carry, are built once per run rather than once per rule).
fn visit_pairs(
    rules: &[(&'static str, &'static dyn BreakingRule)],
    cx: &mut Cx<'_>,
    prev: &Index<'_>,
    cur: &Index<'_>,
) {
    // A rule may change the previous file it reports against; the next rule starts again
    // from the framework's.
    let each = |cx: &mut Cx<'_>, f: &mut dyn FnMut(&dyn BreakingRule, &mut Cx<'_>)| {
        cx.sync();
        let against = cx.against.clone();
        for &(id, rule) in rules {
            cx.sync();
            cx.against.clone_from(&against);
            cx.rule = id;
            f(rule, cx);
        }
    };
    // An element compared with itself (both sides share the file's compiled descriptor)
    // has nothing to report: it is skipped.
    for (name, pf) in &prev.files {
        let cf = cur.files.get(name).copied();
        if cf.is_some_and(|cf| pf.shares_descriptor(cf)) {
            continue;
        }
        cx.set_against(Some(pf));
        each(cx, &mut |r, cx| r.check_file(cx, pf, cf));
    }
    for (name, pm) in &prev.messages {
        let Some(cm) = cur.messages.get(name) else {
            continue;
        };
        if same_element(pm, cm) {
            continue;
        }
        cx.set_against(Some(pm.file));
        each(cx, &mut |r, cx| r.check_message(cx, pm, cm));
    }
    for (name, pe) in &prev.enums {
        let Some(ce) = cur.enums.get(name) else {
            continue;
        };
        if same_element(pe, ce) {
            continue;
        }
        cx.set_against(Some(pe.file));
        each(cx, &mut |r, cx| r.check_enum(cx, pe, ce));
    }
    for (name, ps) in &prev.services {
        let Some(cs) = cur.services.get(name) else {
            continue;
        };
        if same_element(ps, cs) {
            continue;
        }
        cx.set_against(Some(ps.file));
        each(cx, &mut |r, cx| r.check_service(cx, ps, cs));
        for (pi, pm) in ps.desc.method.iter().enumerate() {
            let Some((ci, cm)) = cs
                .desc
                .method
                .iter()
                .enumerate()
                .find(|(_, m)| m.name == pm.name)
            else {
                continue;
            };
            let p = method_item(ps, pm, pi);
            let c = method_item(cs, cm, ci);
            each(cx, &mut |r, cx| r.check_method(cx, &p, &c));
        }
    }
    cx.set_against(None);
}

/// Whether `a` and `b` are the same element of one shared compiled descriptor.
pub(crate) fn same_element<T>(a: &Item<'_, T>, b: &Item<'_, T>) -> bool {
    a.path == b.path && a.file.shares_descriptor(b.file)
}

fn method_item<'a>(
    s: &'a Item<'a, ServiceDescriptorProto>,
    m: &'a MethodDescriptorProto,
    i: usize,
) -> MethodItem<'a> {
    MethodItem {
        method: Item {
            file: s.file,
            desc: m,
            path: child(&s.path, &[tag::SERVICE_METHOD, i as i32]),
            full_name: qualify(&s.full_name, m.name.as_deref().unwrap_or("")),
        },
        service: s,
    }
}
