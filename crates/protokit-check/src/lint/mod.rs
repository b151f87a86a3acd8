//! `protokit lint`: buf's lint rules over an [`Image`].
//!
//! The engine walks every non-import file once and hands each element to every enabled rule
//! ([`LintRule`]); rules report through a [`Cx`]. Findings then get their positions from
//! `SourceCodeInfo`, lose the ones that comment ignores or the config's `ignore` /
//! `ignore_only` cover, and are sorted and de-duplicated as buf does.

use std::collections::BTreeMap;

use protokit_diagnostics::{Diagnostic, Severity};
use rayon::prelude::*;

use crate::config::{path_matches, LintConfig};
use crate::image::{Image, ImageFile};

pub mod elements;
pub mod ignore;
pub(crate) mod imports;
pub mod naming;
pub(crate) mod package_options;
pub(crate) mod quote;
pub mod registry;
pub(crate) mod rules;
pub(crate) mod versions;

pub use elements::{
    Directory, Enum, EnumValue, Field, Message, Method, Module, Oneof, Package, Service,
};
pub use registry::{RuleDocs, RuleMeta};

/// A lint rule. Each method sees one element; the default implementations do nothing, so a
/// rule implements only the ones it needs. Rules never walk the image themselves.
pub trait LintRule: Sync + Send {
    /// Called once per checked file.
    fn check_file(&self, _cx: &mut Cx<'_>, _file: &ImageFile) {}
    /// Called for every message, nested ones and map entries included.
    fn check_message(&self, _cx: &mut Cx<'_>, _message: &Message<'_>) {}
    /// Called for every field and extension.
    fn check_field(&self, _cx: &mut Cx<'_>, _field: &Field<'_>) {}
    /// Called for every oneof, synthetic ones included.
    fn check_oneof(&self, _cx: &mut Cx<'_>, _oneof: &Oneof<'_>) {}
    /// Called for every enum.
    fn check_enum(&self, _cx: &mut Cx<'_>, _e: &Enum<'_>) {}
    /// Called for every enum value.
    fn check_enum_value(&self, _cx: &mut Cx<'_>, _value: &EnumValue<'_>) {}
    /// Called for every service.
    fn check_service(&self, _cx: &mut Cx<'_>, _service: &Service<'_>) {}
    /// Called for every RPC.
    fn check_method(&self, _cx: &mut Cx<'_>, _method: &Method<'_>) {}
    /// Called once per package of the checked files.
    fn check_package(&self, _cx: &mut Cx<'_>, _package: &Package<'_>) {}
    /// Called once per directory of the checked files.
    fn check_directory(&self, _cx: &mut Cx<'_>, _dir: &Directory<'_>) {}
    /// Called once with the whole image.
    fn check_module(&self, _cx: &mut Cx<'_>, _module: &Module<'_>) {}
}

/// One finding before positions and ignores are applied.
#[derive(Clone, Debug)]
struct Raw {
    rule: &'static str,
    file: usize,
    path: Vec<i32>,
    ignore_paths: Vec<Vec<i32>>,
    message: String,
}

/// What a rule reports through, and the config it may read.
pub struct Cx<'a> {
    rule: &'static str,
    config: &'a LintConfig,
    image: &'a Image,
    out: &'a mut Vec<Raw>,
}

impl<'a> Cx<'a> {
    /// The lint configuration (for configurable rules: suffixes, allowances).
    pub fn config(&self) -> &'a LintConfig {
        self.config
    }

    /// The image being checked.
    pub fn image(&self) -> &'a Image {
        self.image
    }

    /// Reports `message` about the element at `path` of `file`: the finding is positioned at
    /// that path's location, and comment ignores are looked for on that path and each of its
    /// prefixes (the element and every declaration enclosing it).
    pub fn report(&mut self, file: &ImageFile, path: &[i32], message: impl Into<String>) {
        self.report_with_ignores(file, path, &[], message);
    }

    /// [`Cx::report`], also honouring comment ignores on `ignore_paths` (and their
    /// prefixes), e.g. the whole field when the finding points at the field's type.
    pub fn report_with_ignores(
        &mut self,
        file: &ImageFile,
        path: &[i32],
        ignore_paths: &[&[i32]],
        message: impl Into<String>,
    ) {
        let index = file_index(self.image, file);
        self.out.push(Raw {
            rule: self.rule,
            file: index,
            path: path.to_vec(),
            ignore_paths: ignore_paths.iter().map(|p| p.to_vec()).collect(),
            message: message.into(),
        });
    }
}

/// The index of `file` in `image.files`, `usize::MAX` when it is not one of them. From the
/// address, so that reporting stays O(1) with tens of thousands of findings.
fn file_index(image: &Image, file: &ImageFile) -> usize {
    let size = std::mem::size_of::<ImageFile>().max(1);
    let base = image.files.as_ptr() as usize;
    let addr = file as *const ImageFile as usize;
    let i = addr.wrapping_sub(base) / size;
    match image.files.get(i) {
        Some(f) if std::ptr::eq(f, file) => i,
        _ => usize::MAX,
    }
}

/// Errors in the lint configuration that stop a run (buf exits 1 on them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Lints the non-import files of `image` with the rules `config` enables.
///
/// Returns the findings as diagnostics (severity error, `rule` = the rule ID, `file` = the
/// file's [`ImageFile::display_path`], `position` from `SourceCodeInfo` when the image has
/// it), sorted by path, position, rule ID and message, without duplicates.
///
/// # Errors
/// [`ConfigError`] when `config` names an unknown rule ID or category, or one that is not
/// supported yet (`PROTOVALIDATE`).
pub fn run(image: &Image, config: &LintConfig) -> Result<Vec<Diagnostic>, ConfigError> {
    let rules = registry::enabled_rules(config)?;
    let checks: Vec<(&'static str, &'static dyn LintRule)> = rules
        .iter()
        .filter_map(|m| Some((m.id, m.check?)))
        .collect();

    let targets: Vec<usize> = (0..image.files.len())
        .filter(|&i| !image.files[i].is_import)
        .collect();
    let mut raw: Vec<Raw> = targets
        .par_iter()
        .flat_map_iter(|&i| {
            let mut out = Vec::new();
            walk_file(image, &image.files[i], config, &checks, &mut out);
            out
        })
        .collect();

    let mut packages: BTreeMap<&str, Vec<&ImageFile>> = BTreeMap::new();
    let mut dirs: BTreeMap<&str, Vec<&ImageFile>> = BTreeMap::new();
    for &i in &targets {
        let f = &image.files[i];
        packages.entry(f.package()).or_default().push(f);
        let dir = f.name().rsplit_once('/').map_or(".", |(d, _)| d);
        dirs.entry(dir).or_default().push(f);
    }
    for &(id, rule) in &checks {
        let mut cx = Cx {
            rule: id,
            config,
            image,
            out: &mut raw,
        };
        for (name, files) in &packages {
            rule.check_package(
                &mut cx,
                &Package {
                    name,
                    files: files.clone(),
                },
            );
        }
        for (path, files) in &dirs {
            rule.check_directory(
                &mut cx,
                &Directory {
                    path,
                    files: files.clone(),
                },
            );
        }
        rule.check_module(&mut cx, &Module { image });
    }

    let mut findings: Vec<Diagnostic> = raw
        .into_iter()
        .filter_map(|r| finish(image, config, r))
        .collect();
    sort_findings(&mut findings);
    Ok(findings)
}

/// Sorts findings as buf prints them (path, start line, start column, rule ID, message; the
/// end of the range does not take part) and drops exact duplicates.
pub fn sort_findings(findings: &mut Vec<Diagnostic>) {
    let key = |d: &Diagnostic| {
        let (line, col) = d
            .position
            .map_or((0, 0), |p| (p.start_line, p.start_column));
        (d.file.clone(), line, col, d.rule.clone(), d.message.clone())
    };
    findings.sort_by_cached_key(key);
    findings.dedup_by(|a, b| {
        a.file == b.file && a.position == b.position && a.rule == b.rule && a.message == b.message
    });
}

fn finish(image: &Image, config: &LintConfig, r: Raw) -> Option<Diagnostic> {
    let file = image.files.get(r.file)?;
    if config.ignore.iter().any(|p| path_matches(p, file.name())) {
        return None;
    }
    for (key, paths) in &config.ignore_only {
        if registry::id_matches(config.version, key, r.rule)
            && paths.iter().any(|p| path_matches(p, file.name()))
        {
            return None;
        }
    }
    if config.allow_comment_ignores
        && std::iter::once(&r.path)
            .chain(&r.ignore_paths)
            .any(|p| ignore::is_ignored(file, p, r.rule))
    {
        return None;
    }
    let mut d =
        Diagnostic::new(Severity::Error, file.display_path.clone(), r.message).with_rule(r.rule);
    if let Some(pos) = file.position(&r.path) {
        d = d.with_position(pos);
    }
    Some(d)
}

fn walk_file(
    image: &Image,
    file: &ImageFile,
    config: &LintConfig,
    checks: &[(&'static str, &'static dyn LintRule)],
    out: &mut Vec<Raw>,
) {
    use elements::tag;
    let mut w = Walker {
        image,
        file,
        config,
        checks,
        out,
    };
    w.each(|r, cx| r.check_file(cx, file));
    let proto = &file.proto;
    let prefix = file.package();
    for (i, m) in proto.message_type.iter().enumerate() {
        w.message(m, &[tag::FILE_MESSAGE, i as i32], prefix);
    }
    for (i, e) in proto.enum_type.iter().enumerate() {
        w.enum_(e, &[tag::FILE_ENUM, i as i32], prefix);
    }
    for (i, f) in proto.extension.iter().enumerate() {
        w.field(f, &[tag::FILE_EXTENSION, i as i32], prefix, None, true);
    }
    for (i, s) in proto.service.iter().enumerate() {
        let path = [tag::FILE_SERVICE, i as i32];
        let full = qualify(prefix, s.name.as_deref().unwrap_or(""));
        let service = Service {
            file,
            desc: s,
            path: &path,
            full_name: &full,
        };
        w.each(|r, cx| r.check_service(cx, &service));
        for (j, m) in s.method.iter().enumerate() {
            let mpath = [tag::FILE_SERVICE, i as i32, tag::SERVICE_METHOD, j as i32];
            let mfull = qualify(&full, m.name.as_deref().unwrap_or(""));
            let method = Method {
                file,
                desc: m,
                path: &mpath,
                service: s,
                full_name: &mfull,
            };
            w.each(|r, cx| r.check_method(cx, &method));
        }
    }
}

fn qualify(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

struct Walker<'a, 'o> {
    image: &'a Image,
    file: &'a ImageFile,
    config: &'a LintConfig,
    checks: &'a [(&'static str, &'static dyn LintRule)],
    out: &'o mut Vec<Raw>,
}

impl Walker<'_, '_> {
    fn each(&mut self, mut f: impl FnMut(&dyn LintRule, &mut Cx<'_>)) {
        for &(id, rule) in self.checks {
            let mut cx = Cx {
                rule: id,
                config: self.config,
                image: self.image,
                out: self.out,
            };
            f(rule, &mut cx);
        }
    }

    fn message(
        &mut self,
        m: &protokit_compiler::descriptor::DescriptorProto,
        path: &[i32],
        prefix: &str,
    ) {
        use elements::{child, tag};
        let file = self.file;
        let full = qualify(prefix, m.name.as_deref().unwrap_or(""));
        let is_map_entry = m.options.as_ref().is_some_and(|o| {
            prost_types::MessageOptions::decode_options(o).and_then(|o| o.map_entry) == Some(true)
        });
        let message = Message {
            file,
            desc: m,
            path,
            full_name: &full,
            is_map_entry,
        };
        self.each(|r, cx| r.check_message(cx, &message));
        for (i, f) in m.field.iter().enumerate() {
            self.field(
                f,
                &child(path, &[tag::MESSAGE_FIELD, i as i32]),
                &full,
                Some(m),
                false,
            );
        }
        for (i, o) in m.oneof_decl.iter().enumerate() {
            let opath = child(path, &[tag::MESSAGE_ONEOF, i as i32]);
            let oneof = Oneof {
                file,
                desc: o,
                path: &opath,
                message: m,
                index: i,
            };
            self.each(|r, cx| r.check_oneof(cx, &oneof));
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            self.message(n, &child(path, &[tag::MESSAGE_NESTED, i as i32]), &full);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            self.enum_(e, &child(path, &[tag::MESSAGE_ENUM, i as i32]), &full);
        }
        for (i, f) in m.extension.iter().enumerate() {
            self.field(
                f,
                &child(path, &[tag::MESSAGE_EXTENSION, i as i32]),
                &full,
                Some(m),
                true,
            );
        }
    }

    fn field(
        &mut self,
        f: &protokit_compiler::descriptor::FieldDescriptorProto,
        path: &[i32],
        prefix: &str,
        parent: Option<&protokit_compiler::descriptor::DescriptorProto>,
        is_extension: bool,
    ) {
        let full = qualify(prefix, f.name.as_deref().unwrap_or(""));
        let field = Field {
            file: self.file,
            desc: f,
            path,
            full_name: &full,
            parent,
            is_extension,
        };
        self.each(|r, cx| r.check_field(cx, &field));
    }

    fn enum_(
        &mut self,
        e: &protokit_compiler::descriptor::EnumDescriptorProto,
        path: &[i32],
        prefix: &str,
    ) {
        use elements::{child, tag};
        let full = qualify(prefix, e.name.as_deref().unwrap_or(""));
        let en = Enum {
            file: self.file,
            desc: e,
            path,
            full_name: &full,
        };
        self.each(|r, cx| r.check_enum(cx, &en));
        for (i, v) in e.value.iter().enumerate() {
            let vpath = child(path, &[tag::ENUM_VALUE, i as i32]);
            let value = EnumValue {
                file: self.file,
                desc: v,
                path: &vpath,
                parent: e,
                parent_path: path,
                index: i,
            };
            self.each(|r, cx| r.check_enum_value(cx, &value));
        }
    }
}

/// Typed access to builtin options kept as raw bytes in the image.
pub trait DecodeOptions: Sized {
    /// Decodes `options`' encoded bytes; `None` when they do not decode.
    fn decode_options(options: &protokit_compiler::descriptor::Options) -> Option<Self>;
}

impl<T: prost::Message + Default> DecodeOptions for T {
    fn decode_options(options: &protokit_compiler::descriptor::Options) -> Option<Self> {
        T::decode(options.encoded.as_slice()).ok()
    }
}
