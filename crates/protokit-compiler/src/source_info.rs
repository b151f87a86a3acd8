//! Source locations as protoc records them, before they become `SourceCodeInfo`.

use protokit_diagnostics::{LineIndex, Span};

/// One `SourceCodeInfo.Location`, with a byte span instead of line/column.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Location {
    /// Path of field numbers and indices from the `FileDescriptorProto` to the element.
    pub path: Vec<i32>,
    /// Bytes the element covers (protoc: first to last token of the element).
    pub span: Span,
    /// Comment block right before the element, markers stripped as protoc does.
    pub leading_comments: Option<String>,
    /// Comment right after the element.
    pub trailing_comments: Option<String>,
    /// Comment blocks before the leading one, separated from it by blank lines.
    pub leading_detached_comments: Vec<String>,
}

impl Location {
    /// A location with no comments.
    pub fn new(path: Vec<i32>, span: Span) -> Self {
        Location {
            path,
            span,
            ..Default::default()
        }
    }

    /// Converts to protoc's form: span `[start_line, start_col, end_line, end_col]`, 0-based,
    /// with `end_line` left out when it equals `start_line`.
    pub fn to_proto(&self, lines: &LineIndex) -> prost_types::source_code_info::Location {
        let (sl, sc) = lines.line_col(self.span.start);
        let (el, ec) = lines.line_col(self.span.end);
        let span = if sl == el {
            vec![sl as i32, sc as i32, ec as i32]
        } else {
            vec![sl as i32, sc as i32, el as i32, ec as i32]
        };
        prost_types::source_code_info::Location {
            path: self.path.clone(),
            span,
            leading_comments: self.leading_comments.clone(),
            trailing_comments: self.trailing_comments.clone(),
            leading_detached_comments: self.leading_detached_comments.clone(),
        }
    }
}

/// A file's source locations packed into two buffers: about a sixth of the memory of a
/// `Vec<Location>` (which costs 104 bytes per location plus an allocation for each path and
/// comment; a large tree has millions of locations, and every file's are kept until the
/// output is written).
///
/// Per location, `meta` holds varints: the path's length and elements, the span's start and
/// end, then `detached count << 2 | trailing << 1 | leading`, then the byte length of each
/// comment present (leading, trailing, detached in order), whose text follows in `text`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct PackedLocations {
    meta: Vec<u8>,
    text: String,
    len: usize,
}

impl std::fmt::Debug for PackedLocations {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.unpack()).finish()
    }
}

impl PackedLocations {
    /// Packs `locations`, in order.
    pub fn new(locations: &[Location]) -> Self {
        let text_len = locations
            .iter()
            .map(|l| {
                l.leading_comments.as_ref().map_or(0, String::len)
                    + l.trailing_comments.as_ref().map_or(0, String::len)
                    + l.leading_detached_comments
                        .iter()
                        .map(String::len)
                        .sum::<usize>()
            })
            .sum();
        let mut meta = Vec::with_capacity(locations.len() * 12);
        let mut text = String::with_capacity(text_len);
        for l in locations {
            put(&mut meta, l.path.len() as u32);
            for &p in &l.path {
                put(&mut meta, p as u32);
            }
            put(&mut meta, l.span.start);
            put(&mut meta, l.span.end);
            let flags = (l.leading_detached_comments.len() as u32) << 2
                | u32::from(l.trailing_comments.is_some()) << 1
                | u32::from(l.leading_comments.is_some());
            put(&mut meta, flags);
            for c in l
                .leading_comments
                .iter()
                .chain(&l.trailing_comments)
                .chain(&l.leading_detached_comments)
            {
                put(&mut meta, c.len() as u32);
                text.push_str(c);
            }
        }
        meta.shrink_to_fit();
        PackedLocations {
            meta,
            text,
            len: locations.len(),
        }
    }

    /// How many locations there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Calls `f` with each location in order, without allocating per location.
    pub fn for_each(&self, mut f: impl FnMut(&LocationView<'_>)) {
        let mut pos = 0;
        let mut text = 0;
        let mut path = Vec::with_capacity(16);
        for _ in 0..self.len {
            path.clear();
            let n = get(&self.meta, &mut pos);
            for _ in 0..n {
                path.push(get(&self.meta, &mut pos) as i32);
            }
            let tail_start = pos;
            let start = get(&self.meta, &mut pos);
            let end = get(&self.meta, &mut pos);
            let flags = get(&self.meta, &mut pos);
            let tail_text_start = text;
            let mut comment = |present: bool| {
                present.then(|| {
                    let len = get(&self.meta, &mut pos) as usize;
                    let c = &self.text[text..text + len];
                    text += len;
                    c
                })
            };
            let tail_meta_start = tail_start;
            let leading_comments = comment(flags & 1 != 0);
            let trailing_comments = comment(flags & 2 != 0);
            let detached_start = text;
            let detached_meta = pos;
            let detached = flags >> 2;
            for _ in 0..detached {
                text += get(&self.meta, &mut pos) as usize;
            }
            f(&LocationView {
                path: &path,
                span: Span { start, end },
                leading_comments,
                trailing_comments,
                detached: Detached {
                    meta: &self.meta[detached_meta..pos],
                    text: &self.text[detached_start..text],
                    count: detached,
                },
                tail_meta: &self.meta[tail_meta_start..pos],
                tail_text: &self.text[tail_text_start..text],
            });
        }
    }

    /// A copy with each location's path passed through `f`: kept, replaced or dropped (with
    /// its span and comments).
    pub(crate) fn rewrite<'p>(&self, mut f: impl FnMut(&[i32]) -> Rewrite<'p>) -> Self {
        let mut out = PackedLocations {
            meta: Vec::with_capacity(self.meta.len()),
            text: String::with_capacity(self.text.len()),
            len: 0,
        };
        self.for_each(|l| {
            let path = match f(l.path) {
                Rewrite::Keep => l.path,
                Rewrite::Path(p) => p,
                Rewrite::Drop => return,
            };
            put(&mut out.meta, path.len() as u32);
            for &p in path {
                put(&mut out.meta, p as u32);
            }
            out.meta.extend_from_slice(l.tail_meta);
            out.text.push_str(l.tail_text);
            out.len += 1;
        });
        out.meta.shrink_to_fit();
        out.text.shrink_to_fit();
        out
    }

    /// The span of the first location whose path is `path`.
    pub fn span_of(&self, path: &[i32]) -> Option<Span> {
        let mut found = None;
        self.for_each(|l| {
            if found.is_none() && l.path == path {
                found = Some(l.span);
            }
        });
        found
    }

    /// The locations as [`Location`]s.
    pub fn unpack(&self) -> Vec<Location> {
        let mut out = Vec::with_capacity(self.len);
        self.for_each(|l| out.push(l.to_location()));
        out
    }
}

/// One location of a [`PackedLocations`], borrowed.
#[derive(Clone, Copy, Debug)]
pub struct LocationView<'a> {
    /// See [`Location::path`].
    pub path: &'a [i32],
    /// See [`Location::span`].
    pub span: Span,
    /// See [`Location::leading_comments`].
    pub leading_comments: Option<&'a str>,
    /// See [`Location::trailing_comments`].
    pub trailing_comments: Option<&'a str>,
    detached: Detached<'a>,
    /// Everything after the path, as packed (span, flags, comment lengths; comment text).
    tail_meta: &'a [u8],
    tail_text: &'a str,
}

/// What [`PackedLocations::rewrite`] does with one location.
pub(crate) enum Rewrite<'p> {
    Keep,
    Path(&'p [i32]),
    Drop,
}

#[derive(Clone, Copy, Debug)]
struct Detached<'a> {
    meta: &'a [u8],
    text: &'a str,
    count: u32,
}

impl<'a> LocationView<'a> {
    /// See [`Location::leading_detached_comments`].
    pub fn leading_detached_comments(&self) -> impl Iterator<Item = &'a str> + 'a {
        let Detached { meta, text, count } = self.detached;
        let mut pos = 0;
        let mut at = 0;
        (0..count).map(move |_| {
            let len = get(meta, &mut pos) as usize;
            let c = &text[at..at + len];
            at += len;
            c
        })
    }

    /// An owned copy.
    pub fn to_location(&self) -> Location {
        Location {
            path: self.path.to_vec(),
            span: self.span,
            leading_comments: self.leading_comments.map(str::to_string),
            trailing_comments: self.trailing_comments.map(str::to_string),
            leading_detached_comments: self
                .leading_detached_comments()
                .map(str::to_string)
                .collect(),
        }
    }
}

fn put(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint written by [`put`] (the buffer is always well formed).
fn get(bytes: &[u8], pos: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = bytes[*pos];
        *pos += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_round_trips() {
        let locations = vec![
            Location::new(Vec::new(), Span { start: 900, end: 0 }),
            Location {
                path: vec![4, 0, 2, 300_000, 999, 1],
                span: Span {
                    start: 5,
                    end: 70_000,
                },
                leading_comments: Some(" é leading\n".into()),
                trailing_comments: None,
                leading_detached_comments: vec!["a".into(), String::new(), "ü\n".into()],
            },
            Location {
                path: vec![i32::MAX, 0],
                span: Span {
                    start: u32::MAX,
                    end: 3,
                },
                leading_comments: Some(String::new()),
                trailing_comments: Some("t".into()),
                leading_detached_comments: Vec::new(),
            },
        ];
        let packed = PackedLocations::new(&locations);
        assert_eq!(packed.len(), 3);
        assert_eq!(packed.unpack(), locations);
        let replaced = [7, 7];
        let rewritten = packed.rewrite(|p| match p.first() {
            None => Rewrite::Drop,
            Some(4) => Rewrite::Path(&replaced),
            _ => Rewrite::Keep,
        });
        let mut expected = locations[1..].to_vec();
        expected[0].path = replaced.to_vec();
        assert_eq!(rewritten.unpack(), expected);
        assert_eq!(packed.span_of(&[i32::MAX, 0]), Some(locations[2].span));
        assert!(PackedLocations::new(&[]).is_empty());
    }
}
