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
    // The per-file walk and the rules over packages, directories and the whole image run
    // side by side; each keeps the order the sequential engine had (files, then rules).
    let timing = protokit_compiler::compile::timing_enabled();
    let t = std::time::Instant::now();
    let (mut raw, grouped) = rayon::join(
        || {
            let t = std::time::Instant::now();
            let v = targets
                .par_iter()
                .flat_map_iter(|&i| {
                    let mut out = Vec::new();
                    walk_file(image, &image.files[i], config, &checks, &mut out);
                    out
                })
                .collect::<Vec<Raw>>();
            if timing {
                eprintln!("protokit timing: lint engine: walk {:.2?}", t.elapsed());
            }
            v
        },
        || {
            let t = std::time::Instant::now();
            let v = check_groups(image, config, &checks, &targets);
            if timing {
                eprintln!(
                    "protokit timing: lint engine: packages, directories, module {:.2?}",
                    t.elapsed()
                );
            }
            v
        },
    );
    let walked = t.elapsed();
    raw.extend(grouped);

    // Findings of one file get their positions and comment ignores in one pass over its
    // locations, files in parallel.
    raw.sort_by_key(|r| r.file);
    let mut chunks: Vec<&mut [Raw]> = raw.chunk_by_mut(|a, b| a.file == b.file).collect();
    let mut per_file: Vec<Vec<Diagnostic>> = chunks
        .par_iter_mut()
        .map(|chunk| finish_file(image, config, chunk))
        .collect();
    per_file.sort_by(|a, b| match (a.first(), b.first()) {
        (Some(a), Some(b)) => a.file.cmp(&b.file),
        (a, b) => a.is_some().cmp(&b.is_some()),
    });
    let mut findings: Vec<Diagnostic> = Vec::with_capacity(per_file.iter().map(Vec::len).sum());
    for f in per_file {
        findings.extend(f);
    }
    sort_findings(&mut findings);
    if timing {
        eprintln!(
            "protokit timing: lint engine: rules {walked:.2?}, positions and ignores {:.2?}",
            t.elapsed() - walked
        );
    }
    Ok(findings)
}

/// The rules over packages, directories and the whole image, rules in parallel.
fn check_groups(
    image: &Image,
    config: &LintConfig,
    checks: &[(&'static str, &'static dyn LintRule)],
    targets: &[usize],
) -> Vec<Raw> {
    let mut packages: BTreeMap<&str, Vec<&ImageFile>> = BTreeMap::new();
    let mut dirs: BTreeMap<&str, Vec<&ImageFile>> = BTreeMap::new();
    for &i in targets {
        let f = &image.files[i];
        packages.entry(f.package()).or_default().push(f);
        let dir = f.name().rsplit_once('/').map_or(".", |(d, _)| d);
        dirs.entry(dir).or_default().push(f);
    }
    let packages: Vec<Package<'_>> = packages
        .into_iter()
        .map(|(name, files)| Package { name, files })
        .collect();
    let dirs: Vec<Directory<'_>> = dirs
        .into_iter()
        .map(|(path, files)| Directory { path, files })
        .collect();
    checks
        .par_iter()
        .flat_map_iter(|&(id, rule)| {
            let mut out = Vec::new();
            let mut cx = Cx {
                rule: id,
                config,
                image,
                out: &mut out,
            };
            for p in &packages {
                rule.check_package(&mut cx, p);
            }
            for d in &dirs {
                rule.check_directory(&mut cx, d);
            }
            rule.check_module(&mut cx, &Module { image });
            out
        })
        .collect()
}

/// The order buf prints findings in: path, start line, start column, rule ID, message (the
/// end of the range does not take part).
fn finding_order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    let start = |d: &Diagnostic| {
        d.position
            .map_or((0, 0), |p| (p.start_line, p.start_column))
    };
    a.file
        .cmp(&b.file)
        .then_with(|| start(a).cmp(&start(b)))
        .then_with(|| a.rule.cmp(&b.rule))
        .then_with(|| a.message.cmp(&b.message))
}

/// Sorts findings as buf prints them (path, start line, start column, rule ID, message; the
/// end of the range does not take part) and drops exact duplicates.
pub fn sort_findings(findings: &mut Vec<Diagnostic>) {
    if !findings.is_sorted_by(|a, b| finding_order(a, b).is_le()) {
        findings.sort_by(finding_order);
    }
    findings.dedup_by(|a, b| {
        a.file == b.file && a.position == b.position && a.rule == b.rule && a.message == b.message
    });
}

/// The findings of one file (all of `raw` are about the same file), sorted.
fn finish_file(image: &Image, config: &LintConfig, raw: &mut [Raw]) -> Vec<Diagnostic> {
    let Some(file) = raw.first().and_then(|r| image.files.get(r.file)) else {
        return Vec::new();
    };
    if config.ignore.iter().any(|p| path_matches(p, file.name())) {
        return Vec::new();
    }
    let only: Vec<&str> = config
        .ignore_only
        .iter()
        .filter(|(_, paths)| paths.iter().any(|p| path_matches(p, file.name())))
        .map(|(key, _)| key.as_str())
        .collect();
    let wanted: Vec<&[i32]> = raw.iter().map(|r| r.path.as_slice()).collect();
    let scan = file.scan(&wanted, ignore::may_ignore);
    let mut out = Vec::with_capacity(raw.len());
    for (r, pos) in raw.iter_mut().zip(scan.positions) {
        if only
            .iter()
            .any(|key| registry::id_matches(config.version, key, r.rule))
        {
            continue;
        }
        if config.allow_comment_ignores
            && !scan.comments.is_empty()
            && std::iter::once(&r.path).chain(&r.ignore_paths).any(|p| {
                scan.comments.iter().any(|(cpath, c)| {
                    !cpath.is_empty() && p.starts_with(cpath) && ignore::comment_ignores(c, r.rule)
                })
            })
        {
            continue;
        }
        let mut d = Diagnostic::new(
            Severity::Error,
            file.display_path.clone(),
            std::mem::take(&mut r.message),
        )
        .with_rule(r.rule);
        if let Some(pos) = pos {
            d = d.with_position(pos);
        }
        out.push(d);
    }
    out.sort_by(finding_order);
    out.dedup_by(|a, b| a.position == b.position && a.rule == b.rule && a.message == b.message);
    out
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
    let proto = &*file.proto;
    // One path and one full-name buffer for the whole walk: elements borrow them while the
    // rules look at them.
    let mut path: Vec<i32> = Vec::with_capacity(16);
    let mut name = String::with_capacity(128);
    name.push_str(file.package());
    for (i, m) in proto.message_type.iter().enumerate() {
        path.extend([tag::FILE_MESSAGE, i as i32]);
        w.message(m, &mut path, &mut name);
        path.clear();
    }
    for (i, e) in proto.enum_type.iter().enumerate() {
        path.extend([tag::FILE_ENUM, i as i32]);
        w.enum_(e, &mut path, &mut name);
        path.clear();
    }
    for (i, f) in proto.extension.iter().enumerate() {
        path.extend([tag::FILE_EXTENSION, i as i32]);
        w.field(f, &path, &mut name, None, true);
        path.clear();
    }
    for (i, s) in proto.service.iter().enumerate() {
        path.extend([tag::FILE_SERVICE, i as i32]);
        let len = push_name(&mut name, s.name.as_deref());
        let service = Service {
            file,
            desc: s,
            path: &path,
            full_name: &name,
        };
        w.each(|r, cx| r.check_service(cx, &service));
        for (j, m) in s.method.iter().enumerate() {
            path.extend([tag::SERVICE_METHOD, j as i32]);
            let mlen = push_name(&mut name, m.name.as_deref());
            let method = Method {
                file,
                desc: m,
                path: &path,
                service: s,
                full_name: &name,
            };
            w.each(|r, cx| r.check_method(cx, &method));
            name.truncate(mlen);
            path.truncate(2);
        }
        name.truncate(len);
        path.clear();
    }
}

/// Appends `.name` (or `name` to an empty prefix) to `full`; returns the length to truncate
/// back to.
fn push_name(full: &mut String, name: Option<&str>) -> usize {
    let len = full.len();
    if len > 0 {
        full.push('.');
    }
    full.push_str(name.unwrap_or(""));
    len
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

    /// Walks message `m` at `path` whose parent's full name is `name`; both buffers are
    /// restored before returning.
    fn message(
        &mut self,
        m: &protokit_compiler::descriptor::DescriptorProto,
        path: &mut Vec<i32>,
        name: &mut String,
    ) {
        use elements::tag;
        let file = self.file;
        let prefix_len = push_name(name, m.name.as_deref());
        let depth = path.len();
        // `MessageOptions.map_entry` (7), without decoding every message's options.
        let is_map_entry = m
            .options
            .as_ref()
            .is_some_and(|o| match varint_at(&o.encoded, &[7]) {
                Ok(v) => v.is_some_and(|v| v != 0),
                Err(()) => {
                    prost_types::MessageOptions::decode_options(o).and_then(|o| o.map_entry)
                        == Some(true)
                }
            });
        let message = Message {
            file,
            desc: m,
            path: path.as_slice(),
            full_name: name.as_str(),
            is_map_entry,
        };
        self.each(|r, cx| r.check_message(cx, &message));
        for (i, f) in m.field.iter().enumerate() {
            path.extend([tag::MESSAGE_FIELD, i as i32]);
            self.field(f, path, name, Some(m), false);
            path.truncate(depth);
        }
        for (i, o) in m.oneof_decl.iter().enumerate() {
            path.extend([tag::MESSAGE_ONEOF, i as i32]);
            let oneof = Oneof {
                file,
                desc: o,
                path: path.as_slice(),
                message: m,
                index: i,
            };
            self.each(|r, cx| r.check_oneof(cx, &oneof));
            path.truncate(depth);
        }
        for (i, n) in m.nested_type.iter().enumerate() {
            path.extend([tag::MESSAGE_NESTED, i as i32]);
            self.message(n, path, name);
            path.truncate(depth);
        }
        for (i, e) in m.enum_type.iter().enumerate() {
            path.extend([tag::MESSAGE_ENUM, i as i32]);
            self.enum_(e, path, name);
            path.truncate(depth);
        }
        for (i, f) in m.extension.iter().enumerate() {
            path.extend([tag::MESSAGE_EXTENSION, i as i32]);
            self.field(f, path, name, Some(m), true);
            path.truncate(depth);
        }
        name.truncate(prefix_len);
    }

    fn field(
        &mut self,
        f: &protokit_compiler::descriptor::FieldDescriptorProto,
        path: &[i32],
        name: &mut String,
        parent: Option<&protokit_compiler::descriptor::DescriptorProto>,
        is_extension: bool,
    ) {
        let prefix_len = push_name(name, f.name.as_deref());
        let field = Field {
            file: self.file,
            desc: f,
            path,
            full_name: name.as_str(),
            parent,
            is_extension,
        };
        self.each(|r, cx| r.check_field(cx, &field));
        name.truncate(prefix_len);
    }

    fn enum_(
        &mut self,
        e: &protokit_compiler::descriptor::EnumDescriptorProto,
        path: &mut Vec<i32>,
        name: &mut String,
    ) {
        use elements::tag;
        let prefix_len = push_name(name, e.name.as_deref());
        let depth = path.len();
        let en = Enum {
            file: self.file,
            desc: e,
            path: path.as_slice(),
            full_name: name.as_str(),
        };
        self.each(|r, cx| r.check_enum(cx, &en));
        name.truncate(prefix_len);
        for (i, v) in e.value.iter().enumerate() {
            path.extend([tag::ENUM_VALUE, i as i32]);
            let value = EnumValue {
                file: self.file,
                desc: v,
                path: path.as_slice(),
                parent: e,
                parent_path: &path[..depth],
                index: i,
            };
            self.each(|r, cx| r.check_enum_value(cx, &value));
            path.truncate(depth);
        }
    }
}

/// The value of the varint field at `path` (field numbers, outermost first; all but the last
/// name message fields) in the encoded message `bytes`: the last one, as a parser merging
/// repeated occurrences sees it. `Err(())` when the bytes hold a group, the field has another
/// wire type, or they do not parse: decode them in full then.
pub(crate) fn varint_at(bytes: &[u8], path: &[u32]) -> Result<Option<u64>, ()> {
    fn varint(bytes: &[u8], pos: &mut usize) -> Result<u64, ()> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *bytes.get(*pos).ok_or(())?;
            *pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(())
    }
    let Some((&want, rest)) = path.split_first() else {
        return Ok(None);
    };
    let mut found = None;
    let mut pos = 0;
    while pos < bytes.len() {
        let key = varint(bytes, &mut pos)?;
        let ours = key >> 3 == u64::from(want);
        match (key & 7, ours, rest.is_empty()) {
            (0, _, _) => {
                let v = varint(bytes, &mut pos)?;
                if ours {
                    if !rest.is_empty() {
                        return Err(());
                    }
                    found = Some(v);
                }
            }
            (1, false, _) => pos += 8,
            (5, false, _) => pos += 4,
            (2, _, _) => {
                let len = usize::try_from(varint(bytes, &mut pos)?).map_err(|_| ())?;
                let end = pos
                    .checked_add(len)
                    .filter(|&e| e <= bytes.len())
                    .ok_or(())?;
                if ours {
                    if rest.is_empty() {
                        return Err(());
                    }
                    if let Some(v) = varint_at(&bytes[pos..end], rest)? {
                        found = Some(v);
                    }
                }
                pos = end;
            }
            _ => return Err(()),
        }
        if pos > bytes.len() {
            return Err(());
        }
    }
    Ok(found)
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

#[cfg(test)]
mod tests {
    use prost::Message;

    use super::varint_at;

    #[test]
    fn varint_at_agrees_with_prost() {
        let mut m = prost_types::MessageOptions {
            deprecated: Some(true),
            map_entry: Some(true),
            ..Default::default()
        };
        assert_eq!(varint_at(&m.encode_to_vec(), &[7]), Ok(Some(1)));
        m.map_entry = Some(false);
        assert_eq!(varint_at(&m.encode_to_vec(), &[7]), Ok(Some(0)));
        m.map_entry = None;
        assert_eq!(varint_at(&m.encode_to_vec(), &[7]), Ok(None));
        // FieldOptions { ctype: 1, features: { field_presence: 3, enum_type: 1 } }
        let mut bytes = vec![0x08, 0x01, 0xaa, 0x01, 0x04, 0x08, 0x03, 0x18, 0x01];
        assert_eq!(varint_at(&bytes, &[21, 1]), Ok(Some(3)));
        // A later occurrence wins, as when a parser merges them.
        bytes.extend([0xaa, 0x01, 0x02, 0x08, 0x02]);
        assert_eq!(varint_at(&bytes, &[21, 1]), Ok(Some(2)));
        // Another wire type for the field, a group, or a truncated message: decode in full.
        assert_eq!(varint_at(&[0x3a, 0x00], &[7]), Err(()));
        assert_eq!(varint_at(&[0x0b, 0x0c], &[7]), Err(()));
        assert_eq!(varint_at(&[0xaa, 0x01, 0x05, 0x08], &[21, 1]), Err(()));
    }
}
