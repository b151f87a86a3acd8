//! What the `*_NO_DELETE` rules share: the declarations of one kind in a file or package,
//! where buf positions a deletion, and buf's wording of reserved and extension ranges.
//!
//! Positions follow buf 1.75.0:
//! - file rules (`MESSAGE_NO_DELETE`, …) compare the declarations of a previous file with
//!   those of the current file of the same name, by name relative to the package; a deleted
//!   nested declaration is reported on its nearest enclosing message still in the current
//!   file, a top-level one (or one with no such message) on the current file without a
//!   position;
//! - package rules (`PACKAGE_MESSAGE_NO_DELETE`, …) compare packages present in both images
//!   by full name; a deletion whose previous file is gone is reported with no path, else on
//!   its nearest enclosing message wherever the current image has it, else on the current
//!   file of the previous file's name; `ignore` paths match the previous file as well.

use std::collections::BTreeMap;

use protokit_compiler::descriptor::{DescriptorProto, FileDescriptorProto};

use crate::breaking::{Cx, Index};
use crate::image::ImageFile;
use crate::lint::elements::tag;

/// A kind of declaration the deletion rules track.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Message,
    Enum,
    Extension,
    Service,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Message => "message",
            Kind::Enum => "enum",
            Kind::Extension => "extension",
            Kind::Service => "service",
        }
    }
}

/// One declaration of a file.
#[derive(Clone, Debug)]
pub(crate) struct Decl {
    /// The enclosing message's name relative to the package, for nested declarations.
    pub(crate) parent: Option<String>,
    /// `SourceCodeInfo` path.
    pub(crate) path: Vec<i32>,
}

/// The declarations of `kind` in `file`, by name relative to the package.
pub(crate) fn decls(file: &FileDescriptorProto, kind: Kind) -> BTreeMap<String, Decl> {
    let mut out = BTreeMap::new();
    let mut add = |nested: String, parent: Option<&str>, path: Vec<i32>| {
        out.entry(nested).or_insert(Decl {
            parent: parent.map(str::to_string),
            path,
        });
    };
    match kind {
        Kind::Service => {
            for (i, s) in file.service.iter().enumerate() {
                add(name(&s.name), None, vec![tag::FILE_SERVICE, i as i32]);
            }
        }
        Kind::Enum => {
            for (i, e) in file.enum_type.iter().enumerate() {
                add(name(&e.name), None, vec![tag::FILE_ENUM, i as i32]);
            }
        }
        Kind::Extension => {
            for (i, x) in file.extension.iter().enumerate() {
                add(name(&x.name), None, vec![tag::FILE_EXTENSION, i as i32]);
            }
        }
        Kind::Message => {}
    }
    for (i, m) in file.message_type.iter().enumerate() {
        walk_message(m, vec![tag::FILE_MESSAGE, i as i32], "", kind, &mut add);
    }
    out
}

fn walk_message(
    m: &DescriptorProto,
    path: Vec<i32>,
    scope: &str,
    kind: Kind,
    add: &mut impl FnMut(String, Option<&str>, Vec<i32>),
) {
    let nested = join(scope, &name(&m.name));
    let parent = (!scope.is_empty()).then_some(scope);
    if kind == Kind::Message {
        add(nested.clone(), parent, path.clone());
    }
    match kind {
        Kind::Enum => {
            for (i, e) in m.enum_type.iter().enumerate() {
                add(
                    join(&nested, &name(&e.name)),
                    Some(&nested),
                    child(&path, tag::MESSAGE_ENUM, i),
                );
            }
        }
        Kind::Extension => {
            for (i, x) in m.extension.iter().enumerate() {
                add(
                    join(&nested, &name(&x.name)),
                    Some(&nested),
                    child(&path, tag::MESSAGE_EXTENSION, i),
                );
            }
        }
        Kind::Message | Kind::Service => {}
    }
    if kind == Kind::Service {
        return;
    }
    for (i, n) in m.nested_type.iter().enumerate() {
        walk_message(n, child(&path, tag::MESSAGE_NESTED, i), &nested, kind, add);
    }
}

/// `A.B.C`, `A.B`, `A`: the enclosing messages of a nested declaration, innermost first
/// (buf reports a deletion on the nearest one that still exists).
fn ancestors(parent: Option<&str>) -> impl Iterator<Item = &str> {
    std::iter::successors(parent, |p| p.rsplit_once('.').map(|(outer, _)| outer))
}

fn name(n: &Option<String>) -> String {
    n.clone().unwrap_or_default()
}

fn join(scope: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}.{name}")
    }
}

fn child(path: &[i32], t: i32, i: usize) -> Vec<i32> {
    let mut p = path.to_vec();
    p.extend([t, i as i32]);
    p
}

/// `MESSAGE_NO_DELETE` and its siblings: declarations of `kind` in `prev` missing from the
/// current file of the same name (nothing when the file itself was deleted).
pub(crate) fn check_file(cx: &mut Cx<'_>, prev: &ImageFile, cur: Option<&ImageFile>, kind: Kind) {
    let Some(cur) = cur else { return };
    let before = decls(&prev.proto, kind);
    let after = decls(&cur.proto, kind);
    let messages = decls(&cur.proto, Kind::Message);
    for (nested, d) in &before {
        if after.contains_key(nested) {
            continue;
        }
        let msg = format!(
            "Previously present {} \"{nested}\" was deleted from file.",
            kind.word()
        );
        match ancestors(d.parent.as_deref()).find_map(|p| messages.get(p)) {
            Some(parent) => cx.report(cur, &parent.path, msg),
            None => cx.report_file(cur, msg),
        }
    }
}

/// `PACKAGE_MESSAGE_NO_DELETE` and its siblings: declarations of `kind` in a package of the
/// previous image missing from the same package of the current one. Like buf, a package is
/// only compared when the current image declares at least one element of `kind` in it
/// (services excepted: there a package with current files suffices).
pub(crate) fn check_package(cx: &mut Cx<'_>, prev: &Index<'_>, cur: &Index<'_>, kind: Kind) {
    for (pkg, prev_files) in &prev.packages {
        let Some(cur_files) = cur.packages.get(pkg) else {
            continue;
        };
        let gather = |files: &[&ImageFile]| {
            let mut all: BTreeMap<String, (usize, Decl)> = BTreeMap::new();
            for (fi, f) in files.iter().enumerate() {
                for (n, d) in decls(&f.proto, kind) {
                    all.entry(n).or_insert((fi, d));
                }
            }
            all
        };
        let after = gather(cur_files);
        if after.is_empty() && kind != Kind::Service {
            continue;
        }
        for (nested, (fi, d)) in gather(prev_files) {
            if after.contains_key(&nested) {
                continue;
            }
            let prev_file = prev_files[fi];
            cx.set_against(Some(prev_file));
            let msg = format!(
                "Previously present {} \"{nested}\" was deleted from package \"{pkg}\".",
                kind.word()
            );
            let Some(cur_file) = cur.files.get(prev_file.name()) else {
                cx.report_deleted_file(prev_file, msg);
                continue;
            };
            let parent =
                ancestors(d.parent.as_deref()).find_map(|p| cur.messages.get(&join(pkg, p)));
            match parent {
                Some(m) => cx.report(m.file, &m.path, msg),
                None => cx.report_file(cur_file, msg),
            }
        }
    }
}

/// Field numbers and enum values above this print as `max` at the end of a range.
pub(crate) const MESSAGE_MAX: i64 = 536_870_911;
/// The largest enum number.
pub(crate) const ENUM_MAX: i64 = 2_147_483_647;

/// buf's form of an inclusive range: `[5]` or `[1,max]`.
pub(crate) fn range_text(start: i64, end: i64, max: i64) -> String {
    if start == end {
        format!("[{start}]")
    } else if end == max {
        format!("[{start},max]")
    } else {
        format!("[{start},{end}]")
    }
}

/// The parts of inclusive range `[start, end]` not covered by `cover` (inclusive ranges).
pub(crate) fn missing(start: i64, end: i64, cover: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut cover: Vec<(i64, i64)> = cover.to_vec();
    cover.sort_unstable();
    let mut out = Vec::new();
    let mut next = start;
    for (s, e) in cover {
        if e < next {
            continue;
        }
        if s > end {
            break;
        }
        if s > next {
            out.push((next, s - 1));
        }
        next = next.max(e.saturating_add(1));
        if next > end {
            return out;
        }
    }
    if next <= end {
        out.push((next, end));
    }
    out
}

/// Reports each range of `before` (inclusive) that `after` does not cover completely:
/// `Previously present <what> "[1,5]" on <owner> is missing values: [3,4] were removed.`
#[allow(clippy::too_many_arguments)]
pub(crate) fn check_ranges(
    cx: &mut Cx<'_>,
    file: &ImageFile,
    path: &[i32],
    what: &str,
    owner: &str,
    before: &[(i64, i64)],
    after: &[(i64, i64)],
    max: i64,
) {
    for &(s, e) in before {
        let gone = missing(s, e, after);
        if gone.is_empty() {
            continue;
        }
        let list: Vec<String> = gone.iter().map(|&(a, b)| range_text(a, b, max)).collect();
        cx.report(
            file,
            path,
            format!(
                "Previously present {what} \"{}\" on {owner} is missing values: {} were removed.",
                range_text(s, e, max),
                list.join(", ")
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_parts() {
        assert_eq!(missing(10, 20, &[(10, 15), (16, 20)]), vec![]);
        assert_eq!(
            missing(10, 20, &[(10, 12), (15, 16)]),
            vec![(13, 14), (17, 20)]
        );
        assert_eq!(missing(30, 30, &[]), vec![(30, 30)]);
        assert_eq!(missing(40, 99, &[(40, 50)]), vec![(51, 99)]);
        assert_eq!(missing(1, 5, &[(0, 100)]), vec![]);
        assert_eq!(range_text(5, MESSAGE_MAX, MESSAGE_MAX), "[5,max]");
        assert_eq!(range_text(ENUM_MAX, ENUM_MAX, ENUM_MAX), "[2147483647]");
    }
}
