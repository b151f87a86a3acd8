//! Images: the descriptors rules look at, with their `SourceCodeInfo` indexed by path.
//!
//! An image is buf's notion: a `FileDescriptorSet` whose files each say whether they are an
//! *import* (only there so the others link) or a file of the module being checked. Lint looks
//! only at non-import files; breaking compares two images.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, OnceLock};

use prost::Message;
use protokit_compiler::compile::{CompileOutput, LinkedFile, SourceText};
use protokit_compiler::descriptor::{FileDescriptorProto, FileDescriptorSet};
use protokit_diagnostics::{Position, Span};

use crate::lint::imports::FxMap;

/// A file's descriptor: owned, or shared with the compiler's linked file (an image of a
/// compilation copies no descriptor). Dereferences to the `FileDescriptorProto`; mutating it
/// (`DerefMut`) first makes an owned copy.
#[derive(Clone)]
pub struct Proto {
    linked: Option<Arc<LinkedFile>>,
    owned: Arc<FileDescriptorProto>,
}

impl Proto {
    /// The descriptor, copied only when it is shared.
    pub fn into_owned(self) -> FileDescriptorProto {
        match self.linked {
            Some(l) => l.proto.clone(),
            None => Arc::try_unwrap(self.owned).unwrap_or_else(|p| (*p).clone()),
        }
    }
}

impl From<FileDescriptorProto> for Proto {
    fn from(proto: FileDescriptorProto) -> Self {
        Proto {
            linked: None,
            owned: Arc::new(proto),
        }
    }
}

impl Deref for Proto {
    type Target = FileDescriptorProto;

    fn deref(&self) -> &FileDescriptorProto {
        self.linked.as_ref().map_or(&*self.owned, |l| &l.proto)
    }
}

impl DerefMut for Proto {
    fn deref_mut(&mut self) -> &mut FileDescriptorProto {
        if let Some(l) = self.linked.take() {
            self.owned = Arc::new(l.proto.clone());
        }
        Arc::make_mut(&mut self.owned)
    }
}

impl std::fmt::Debug for Proto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// One file of an [`Image`].
#[derive(Clone, Debug)]
pub struct ImageFile {
    /// The descriptor, `source_code_info` included when the image was read from a descriptor
    /// set that has it. A compiled file's locations stay with the compiler (packed) and are
    /// read through [`ImageFile::location`] and [`ImageFile::position`].
    pub proto: Proto,
    /// Whether the file is only there because a checked file imports it.
    pub is_import: bool,
    /// The path printed in findings: the file's name prefixed with the directory of its
    /// module, relative to the workspace (buf's "external path"), e.g. `proto/foo/v1/a.proto`
    /// for file `foo/v1/a.proto` of module `proto`. Defaults to the file's name.
    pub display_path: String,
    /// buf's `ImageFileExtension.is_syntax_unspecified` when the image carries it (images
    /// made by `buf build`): whether the file declares neither `syntax` nor `edition`, which
    /// the descriptor alone cannot tell for proto2 without source info. `None` otherwise.
    pub syntax_unspecified: Option<bool>,
    locations: Locations,
    /// The file's options, decoded on first use (several rules read them).
    file_options: OnceLock<Option<Arc<prost_types::FileOptions>>>,
}

/// Where a file's source locations come from.
#[derive(Clone, Debug)]
enum Locations {
    /// The descriptor's own `source_code_info`: `by_path` holds indices into its locations,
    /// sorted by path (first of equal paths first). With `source`, columns are converted to
    /// buf's from the text.
    Proto {
        by_path: Vec<u32>,
        source: Option<Arc<SourceText>>,
        line_starts: Arc<OnceLock<Vec<u32>>>,
    },
    /// The compiler's packed locations, with byte spans into `source`; indexed by path on
    /// first use (lint needs only a few positions per file, found in one pass without it).
    Compiled {
        linked: Arc<LinkedFile>,
        source: Arc<SourceText>,
        index: Arc<OnceLock<Index>>,
    },
}

/// A compiled file's locations sorted by path (first of equal paths first).
#[derive(Debug, Default)]
struct Index {
    /// Every location's path, concatenated.
    paths: Vec<i32>,
    entries: Vec<Entry>,
    /// Leading comments, concatenated.
    comments: String,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    path: (u32, u32),
    span: Span,
    leading: Option<(u32, u32)>,
}

impl Index {
    fn build(linked: &LinkedFile) -> Index {
        let mut ix = Index {
            paths: Vec::with_capacity(linked.locations.len() * 5),
            entries: Vec::with_capacity(linked.locations.len()),
            comments: String::new(),
        };
        linked.locations.for_each(|l| {
            let path = (ix.paths.len() as u32, l.path.len() as u32);
            ix.paths.extend_from_slice(l.path);
            let leading = l.leading_comments.map(|c| {
                let at = ix.comments.len() as u32;
                ix.comments.push_str(c);
                (at, c.len() as u32)
            });
            ix.entries.push(Entry {
                path,
                span: l.span,
                leading,
            });
        });
        let paths = &ix.paths;
        // Stable: the first of equal paths stays first, as protoc's lookup finds it.
        ix.entries
            .sort_by(|a, b| ix_path(paths, a).cmp(ix_path(paths, b)));
        ix
    }

    fn find(&self, path: &[i32]) -> Option<&Entry> {
        let i = self
            .entries
            .partition_point(|e| ix_path(&self.paths, e) < path);
        self.entries
            .get(i)
            .filter(|e| ix_path(&self.paths, e) == path)
    }
}

fn ix_path<'a>(paths: &'a [i32], e: &Entry) -> &'a [i32] {
    &paths[e.path.0 as usize..(e.path.0 + e.path.1) as usize]
}

/// A `SourceCodeInfo` location of an [`ImageFile`], borrowed.
#[derive(Clone, Copy, Debug)]
pub struct LocationRef<'a> {
    /// The element's leading comment (comment markers stripped, as in `SourceCodeInfo`).
    pub leading_comments: Option<&'a str>,
}

/// What [`ImageFile::scan`] found.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// The position of each wanted path (`None` when it has no location).
    pub(crate) positions: Vec<Option<Position>>,
    /// Each path whose (first) location has a leading comment that `keep` accepted, with
    /// that comment.
    pub(crate) comments: Vec<(Vec<i32>, String)>,
}

impl ImageFile {
    /// Wraps `proto`, indexing its `SourceCodeInfo` locations by path (the first location
    /// of a path wins, as in protoc's `SourceLocationTable`).
    pub fn new(proto: FileDescriptorProto, is_import: bool) -> Self {
        let mut by_path: Vec<u32> = Vec::new();
        if let Some(info) = &proto.source_code_info {
            let locs = &info.location;
            by_path = (0..locs.len() as u32).collect();
            by_path.sort_by(|&a, &b| {
                locs[a as usize]
                    .path
                    .cmp(&locs[b as usize].path)
                    .then(a.cmp(&b))
            });
        }
        let display_path = proto.name.clone().unwrap_or_default();
        ImageFile {
            proto: proto.into(),
            is_import,
            display_path,
            syntax_unspecified: None,
            locations: Locations::Proto {
                by_path,
                source: None,
                line_starts: Arc::default(),
            },
            file_options: OnceLock::new(),
        }
    }

    /// [`ImageFile::new`] for a file compiled from `source`.
    pub fn with_source(
        proto: FileDescriptorProto,
        is_import: bool,
        source: Arc<SourceText>,
    ) -> Self {
        let mut f = ImageFile::new(proto, is_import);
        if let Locations::Proto { source: s, .. } = &mut f.locations {
            *s = Some(source);
        }
        f
    }

    /// A compiled file: its descriptor and locations are shared with the compiler's output,
    /// not copied.
    pub fn compiled(linked: Arc<LinkedFile>, is_import: bool, source: Arc<SourceText>) -> Self {
        ImageFile {
            display_path: linked.name().to_string(),
            proto: Proto {
                linked: Some(Arc::clone(&linked)),
                owned: Arc::default(),
            },
            is_import,
            syntax_unspecified: None,
            locations: Locations::Compiled {
                linked,
                source,
                index: Arc::default(),
            },
            file_options: OnceLock::new(),
        }
    }

    /// Whether both files share one compiled descriptor (the same compiler output, e.g. a
    /// file breaking's against side took from the input's compilation because it reads the
    /// same): then every element of one is the same as in the other.
    pub fn shares_descriptor(&self, other: &ImageFile) -> bool {
        match (&self.proto.linked, &other.proto.linked) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// The file's name (its import path, e.g. `foo/v1/a.proto`).
    pub fn name(&self) -> &str {
        self.proto.name.as_deref().unwrap_or("")
    }

    /// The file's package, `""` when it has none.
    pub fn package(&self) -> &str {
        self.proto.package.as_deref().unwrap_or("")
    }

    /// The file's options (`google.protobuf.FileOptions`, custom options left out), decoded
    /// once; `None` when it has none or they do not decode.
    pub fn file_options(&self) -> Option<&prost_types::FileOptions> {
        self.file_options
            .get_or_init(|| {
                let o = self.proto.options.as_ref()?;
                prost_types::FileOptions::decode(o.encoded.as_slice())
                    .ok()
                    .map(Arc::new)
            })
            .as_deref()
    }

    /// The `SourceCodeInfo` location of the element at `path` (field numbers and indices
    /// from the `FileDescriptorProto`), if the image has one.
    pub fn location(&self, path: &[i32]) -> Option<LocationRef<'_>> {
        match &self.locations {
            Locations::Proto { by_path, .. } => {
                let l = proto_location(&self.proto, by_path, path)?;
                Some(LocationRef {
                    leading_comments: l.leading_comments.as_deref(),
                })
            }
            Locations::Compiled { linked, index, .. } => {
                let index = index.get_or_init(|| Index::build(linked));
                let e = index.find(path)?;
                Some(LocationRef {
                    leading_comments: e
                        .leading
                        .map(|(at, len)| &index.comments[at as usize..(at + len) as usize]),
                })
            }
        }
    }

    /// The 1-based range of the element at `path`, if the image has its location, in buf's
    /// columns.
    ///
    /// `SourceCodeInfo` from protoc (and from our compiler) counts columns in bytes with tab
    /// stops every 8; buf counts Unicode code points with tab stops every 4, in its images and
    /// in its findings. When the file's text is known, the columns are converted to buf's;
    /// otherwise (an image read from disk) the span is used as it is, as buf does.
    pub fn position(&self, path: &[i32]) -> Option<Position> {
        match &self.locations {
            Locations::Proto {
                by_path,
                source,
                line_starts,
            } => {
                let l = proto_location(&self.proto, by_path, path)?;
                let mut p = Position::from_source_code_info(&l.span)?;
                if let Some(src) = source {
                    let text = src.text();
                    let starts = line_starts.get_or_init(|| {
                        std::iter::once(0)
                            .chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1))
                            .collect()
                    });
                    p.start_column = buf_column(text, starts, p.start_line, p.start_column);
                    p.end_column = buf_column(text, starts, p.end_line, p.end_column);
                }
                Some(p)
            }
            Locations::Compiled {
                linked,
                source,
                index,
            } => {
                let index = index.get_or_init(|| Index::build(linked));
                Some(span_position(source, index.find(path)?.span))
            }
        }
    }

    /// The positions of `wanted` paths (as [`ImageFile::position`]) and the leading
    /// comments `keep` accepts, with their paths, from one pass over a compiled file's
    /// locations (no index is built; lint wants a few paths of most files).
    pub(crate) fn scan(&self, wanted: &[&[i32]], keep: impl Fn(&str) -> bool) -> Scan {
        let mut scan = Scan {
            positions: vec![None; wanted.len()],
            comments: Vec::new(),
        };
        let (linked, source) = match &self.locations {
            Locations::Compiled {
                linked,
                source,
                index,
            } if index.get().is_none() => (linked, source),
            _ => {
                // Indexed already (or not compiled here): look each path up.
                for (p, w) in scan.positions.iter_mut().zip(wanted) {
                    *p = self.position(w);
                }
                self.for_each_comment(|path, c| {
                    if keep(c) {
                        scan.comments.push((path.to_vec(), c.to_string()));
                    }
                });
                return scan;
            }
        };
        let mut slots: FxMap<&[i32], usize> = FxMap::default();
        slots.reserve(wanted.len());
        for (i, w) in wanted.iter().enumerate() {
            slots.entry(w).or_insert(i);
        }
        let mut spans: Vec<Option<Span>> = vec![None; wanted.len()];
        let mut kept: Vec<(usize, Vec<i32>, String)> = Vec::new();
        let mut ordinal = 0usize;
        linked.locations.for_each(|l| {
            if let Some(&i) = slots.get(l.path) {
                spans[i].get_or_insert(l.span);
            }
            if let Some(c) = l.leading_comments.filter(|c| keep(c)) {
                kept.push((ordinal, l.path.to_vec(), c.to_string()));
            }
            ordinal += 1;
        });
        if !kept.is_empty() {
            // Only the first location of a path counts: drop comments of later ones.
            let mut first: Vec<Option<usize>> = vec![None; kept.len()];
            let mut ordinal = 0usize;
            linked.locations.for_each(|l| {
                for (f, (_, p, _)) in first.iter_mut().zip(&kept) {
                    if f.is_none() && p.as_slice() == l.path {
                        *f = Some(ordinal);
                    }
                }
                ordinal += 1;
            });
            scan.comments = kept
                .into_iter()
                .zip(first)
                .filter(|((o, _, _), f)| Some(*o) == *f)
                .map(|((_, p, c), _)| (p, c))
                .collect();
        }
        for (i, w) in wanted.iter().enumerate() {
            let span = spans[slots[w]];
            scan.positions[i] = span.map(|s| span_position(source, s));
        }
        scan
    }

    /// Calls `f` with the path and leading comment of every location that has one (first
    /// location of each path only).
    fn for_each_comment(&self, mut f: impl FnMut(&[i32], &str)) {
        match &self.locations {
            Locations::Proto { by_path, .. } => {
                let Some(info) = &self.proto.source_code_info else {
                    return;
                };
                let mut last: Option<&[i32]> = None;
                for &i in by_path {
                    let Some(l) = info.location.get(i as usize) else {
                        continue;
                    };
                    if last == Some(l.path.as_slice()) {
                        continue;
                    }
                    last = Some(&l.path);
                    if let Some(c) = &l.leading_comments {
                        f(&l.path, c);
                    }
                }
            }
            Locations::Compiled { linked, index, .. } => {
                let index = index.get_or_init(|| Index::build(linked));
                let mut last: Option<&[i32]> = None;
                for e in &index.entries {
                    let path = ix_path(&index.paths, e);
                    if last == Some(path) {
                        continue;
                    }
                    last = Some(path);
                    if let Some((at, len)) = e.leading {
                        f(path, &index.comments[at as usize..(at + len) as usize]);
                    }
                }
            }
        }
    }
}

/// The location of `path` in `proto`'s `source_code_info`, through `by_path`.
fn proto_location<'a>(
    proto: &'a FileDescriptorProto,
    by_path: &[u32],
    path: &[i32],
) -> Option<&'a prost_types::source_code_info::Location> {
    let locs = &proto.source_code_info.as_ref()?.location;
    let key = |i: u32| locs.get(i as usize).map(|l| l.path.as_slice());
    let first = by_path.partition_point(|&i| key(i).is_some_and(|p| p < path));
    let l = locs.get(*by_path.get(first)? as usize)?;
    (l.path == path).then_some(l)
}

/// The 1-based position of byte span `span` of `source`, in buf's columns (code points, tab
/// stops every 4). Without the text (dropped after compiling), protoc's columns.
fn span_position(source: &SourceText, span: Span) -> Position {
    let text = source.text();
    let point = |offset: u32| {
        let (line, protoc_col) = source.lines().line_col(offset);
        let col = match text.get(..offset as usize) {
            Some(before) if !text.is_empty() => {
                let line_text = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
                let mut col = 0u32;
                for c in line_text.chars() {
                    if c == '\t' {
                        col += 4 - col % 4;
                    } else {
                        col += 1;
                    }
                }
                col
            }
            _ => protoc_col,
        };
        (line + 1, col + 1)
    };
    let (start_line, start_column) = point(span.start);
    let (end_line, end_column) = point(span.end);
    Position {
        start_line,
        start_column,
        end_line,
        end_column,
    }
}

/// A set of files in dependency order (each after the files it imports).
#[derive(Clone, Debug, Default)]
pub struct Image {
    /// The files, imports included.
    pub files: Vec<ImageFile>,
}

impl Image {
    /// The image of a compilation: every compiled file with its source info; files that were
    /// not passed to the compiler are imports. Nothing is copied: the files share the
    /// compiler's descriptors and packed locations.
    pub fn from_compile_output(out: &CompileOutput) -> Self {
        let files = out
            .files()
            .iter()
            .map(|f| {
                ImageFile::compiled(
                    Arc::clone(f.linked()),
                    !f.is_input(),
                    Arc::clone(f.source()),
                )
            })
            .collect();
        Image { files }
    }

    /// An image from a `FileDescriptorSet`; `is_import` says which files are imports.
    pub fn from_descriptor_set(set: FileDescriptorSet, is_import: impl Fn(&str) -> bool) -> Self {
        let files = set
            .file
            .into_iter()
            .map(|f| {
                let import = is_import(f.name.as_deref().unwrap_or(""));
                ImageFile::new(f, import)
            })
            .collect();
        Image { files }
    }

    /// Decodes an encoded `FileDescriptorSet` (e.g. the output of `protokit build` or
    /// `buf build -o image.binpb`). Files carrying buf's image extension
    /// (`buf.alpha.image.v1.ImageFileExtension`, field 8042 of `FileDescriptorProto`) with
    /// `is_import` set are imports; all others are not.
    ///
    /// # Errors
    /// The protobuf decode error when `bytes` is not a `FileDescriptorSet`.
    pub fn decode(bytes: &[u8]) -> Result<Self, prost::DecodeError> {
        let set = FileDescriptorSet::decode(bytes)?;
        let imports = buf_image_imports(bytes);
        let mut image = Image::from_descriptor_set(set, |name| imports.iter().any(|n| n == name));
        let unspecified = buf_image_syntax_unspecified(bytes);
        for f in &mut image.files {
            f.syntax_unspecified = unspecified.get(f.name()).copied();
        }
        Ok(image)
    }

    /// The non-import files: the ones lint checks.
    pub fn targets(&self) -> impl Iterator<Item = &ImageFile> + '_ {
        self.files.iter().filter(|f| !f.is_import)
    }

    /// The file named `name`.
    pub fn file(&self, name: &str) -> Option<&ImageFile> {
        self.files.iter().find(|f| f.name() == name)
    }
}

/// Converts a 1-based protoc column (bytes, tab stops every 8) on 1-based `line` of `text`
/// into buf's (code points, tab stops every 4). Out-of-range input comes back unchanged.
fn buf_column(text: &str, line_starts: &[u32], line: u32, column: u32) -> u32 {
    let Some(&start) = line_starts.get(line as usize - 1) else {
        return column;
    };
    let rest = &text[start as usize..];
    let line_text = rest.split('\n').next().unwrap_or("");
    let target = column - 1;
    let (mut protoc, mut buf) = (0u32, 0u32);
    for c in line_text.chars() {
        if protoc >= target {
            break;
        }
        if c == '\t' {
            protoc += 8 - protoc % 8;
            buf += 4 - buf % 4;
        } else {
            protoc += c.len_utf8() as u32;
            buf += 1;
        }
    }
    if protoc < target {
        buf += target - protoc;
    }
    buf + 1
}

/// Names of the files whose buf image extension (`FileDescriptorProto` field 8042,
/// `ImageFileExtension.is_import` = field 1) marks them as imports.
fn buf_image_imports(bytes: &[u8]) -> Vec<String> {
    #[derive(Clone, PartialEq, prost::Message)]
    struct Set {
        #[prost(message, repeated, tag = "1")]
        file: Vec<File>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    struct File {
        #[prost(string, optional, tag = "1")]
        name: Option<String>,
        #[prost(message, optional, tag = "8042")]
        buf: Option<Ext>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    struct Ext {
        #[prost(bool, optional, tag = "1")]
        is_import: Option<bool>,
    }
    let Ok(set) = Set::decode(bytes) else {
        return Vec::new();
    };
    set.file
        .into_iter()
        .filter(|f| f.buf.as_ref().and_then(|b| b.is_import) == Some(true))
        .filter_map(|f| f.name)
        .collect()
}

/// File name → buf's `ImageFileExtension.is_syntax_unspecified` (field 3 of extension 8042),
/// for the files whose extension has it.
fn buf_image_syntax_unspecified(bytes: &[u8]) -> std::collections::HashMap<String, bool> {
    #[derive(Clone, PartialEq, prost::Message)]
    struct Set {
        #[prost(message, repeated, tag = "1")]
        file: Vec<File>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    struct File {
        #[prost(string, optional, tag = "1")]
        name: Option<String>,
        #[prost(message, optional, tag = "8042")]
        buf: Option<Ext>,
    }
    #[derive(Clone, PartialEq, prost::Message)]
    struct Ext {
        #[prost(bool, optional, tag = "3")]
        is_syntax_unspecified: Option<bool>,
    }
    let Ok(set) = Set::decode(bytes) else {
        return std::collections::HashMap::new();
    };
    set.file
        .into_iter()
        .filter_map(|f| Some((f.name?, f.buf?.is_syntax_unspecified?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::buf_column;

    fn col(line: &str, protoc_col: u32) -> u32 {
        buf_column(line, &[0], 1, protoc_col)
    }

    #[test]
    fn columns_follow_buf() {
        // `\tint32 x`: protoc puts `x` at 15 (tab to 8), buf at 11 (tab to 4).
        assert_eq!(col("\tint32 x", 15), 11);
        assert_eq!(col("  \t  int32 x", 17), 13);
        // A two-byte character counts once for buf.
        assert_eq!(col("/* éé */ x", 12), 10);
        assert_eq!(col("plain x", 7), 7);
    }
}
