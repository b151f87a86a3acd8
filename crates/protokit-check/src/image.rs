//! Images: the descriptors rules look at, with their `SourceCodeInfo` indexed by path.
//!
//! An image is buf's notion: a `FileDescriptorSet` whose files each say whether they are an
//! *import* (only there so the others link) or a file of the module being checked. Lint looks
//! only at non-import files; breaking compares two images.

use std::sync::{Arc, OnceLock};

use prost::Message;
use prost_types::source_code_info::Location;
use protokit_compiler::compile::{CompileOutput, SourceText};
use protokit_compiler::descriptor::{FileDescriptorProto, FileDescriptorSet};
use protokit_diagnostics::Position;

/// One file of an [`Image`].
#[derive(Clone, Debug)]
pub struct ImageFile {
    /// The descriptor, `source_code_info` included when the image has it.
    pub proto: FileDescriptorProto,
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
    /// Indices into `source_code_info.location`, sorted by path (first of equal paths first).
    by_path: Vec<u32>,
    /// The file's text, when the image was compiled here: positions are then recomputed in
    /// buf's columns (see [`ImageFile::position`]).
    source: Option<Arc<SourceText>>,
    line_starts: OnceLock<Vec<u32>>,
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
            proto,
            is_import,
            display_path,
            syntax_unspecified: None,
            by_path,
            source: None,
            line_starts: OnceLock::new(),
        }
    }

    /// [`ImageFile::new`] for a file compiled from `source`.
    pub fn with_source(
        proto: FileDescriptorProto,
        is_import: bool,
        source: Arc<SourceText>,
    ) -> Self {
        ImageFile {
            source: Some(source),
            ..ImageFile::new(proto, is_import)
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

    /// The `SourceCodeInfo` location of the element at `path` (field numbers and indices
    /// from the `FileDescriptorProto`), if the image has one.
    pub fn location(&self, path: &[i32]) -> Option<&Location> {
        let locs = &self.proto.source_code_info.as_ref()?.location;
        let first = self
            .by_path
            .partition_point(|&i| locs[i as usize].path.as_slice() < path);
        let &i = self.by_path.get(first)?;
        let l = &locs[i as usize];
        (l.path == path).then_some(l)
    }

    /// The 1-based range of the element at `path`, if the image has its location, in buf's
    /// columns.
    ///
    /// `SourceCodeInfo` from protoc (and from our compiler) counts columns in bytes with tab
    /// stops every 8; buf counts Unicode code points with tab stops every 4, in its images and
    /// in its findings. When the file's text is known, the columns are converted to buf's;
    /// otherwise (an image read from disk) the span is used as it is, as buf does.
    pub fn position(&self, path: &[i32]) -> Option<Position> {
        let mut p = Position::from_source_code_info(&self.location(path)?.span)?;
        if let Some(src) = &self.source {
            let text = src.text();
            let starts = self.line_starts.get_or_init(|| {
                std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i as u32 + 1))
                    .collect()
            });
            p.start_column = buf_column(text, starts, p.start_line, p.start_column);
            p.end_column = buf_column(text, starts, p.end_line, p.end_column);
        }
        Some(p)
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
    /// not passed to the compiler are imports.
    pub fn from_compile_output(out: &CompileOutput) -> Self {
        use rayon::prelude::*;
        let files = out
            .files()
            .par_iter()
            .map(|f| {
                ImageFile::with_source(
                    f.proto_with_source_info(),
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
