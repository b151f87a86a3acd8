//! The source text renderers need, for every file a diagnostic can point into.

use std::collections::HashMap;
use std::sync::Arc;

use crate::LineIndex;

/// Looks up a file's text and line index by display path.
///
/// Renderers take a `&dyn Files`, so a caller that already holds its files (the compiler's
/// parsed files, a lint run's image) can serve them without copying into a [`SourceMap`].
pub trait Files {
    /// The text and line index of the file with display path `path`, if known.
    fn source(&self, path: &str) -> Option<(&str, &LineIndex)>;
}

/// One file's text with its line index.
#[derive(Clone, Debug)]
pub struct SourceText {
    text: Arc<str>,
    index: LineIndex,
}

impl SourceText {
    /// Indexes `text`.
    pub fn new(text: impl Into<Arc<str>>) -> Self {
        let text = text.into();
        let index = LineIndex::new(&text);
        SourceText { text, index }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Its line index.
    pub fn line_index(&self) -> &LineIndex {
        &self.index
    }
}

/// Files by display path: the simple [`Files`] to collect sources in for rendering.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    files: HashMap<String, SourceText>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        SourceMap::default()
    }

    /// Adds (or replaces) the file at display path `path`, indexing its text.
    pub fn insert(&mut self, path: impl Into<String>, text: impl Into<Arc<str>>) -> &mut Self {
        self.files.insert(path.into(), SourceText::new(text));
        self
    }

    /// The file at display path `path`.
    pub fn get(&self, path: &str) -> Option<&SourceText> {
        self.files.get(path)
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl Files for SourceMap {
    fn source(&self, path: &str) -> Option<(&str, &LineIndex)> {
        self.files.get(path).map(|f| (f.text(), f.line_index()))
    }
}

impl<T: Files + ?Sized> Files for &T {
    fn source(&self, path: &str) -> Option<(&str, &LineIndex)> {
        (**self).source(path)
    }
}
