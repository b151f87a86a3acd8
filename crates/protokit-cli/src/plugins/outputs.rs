//! What plugins generate, kept in memory per output location until every plugin succeeded,
//! then written to a directory or a zip/jar: protoc's `GeneratorContextImpl`.

use std::collections::BTreeMap;

use super::messages::{Annotation, GeneratedCodeInfo};
use super::meta_text;
use prost::Message;

use crate::output::write_output;

/// The files generated for one output location (`--x_out=LOCATION`), by name.
#[derive(Default)]
pub(crate) struct Outputs {
    /// Sorted by name, as protoc's map is: zip entries come out in this order.
    files: BTreeMap<String, Vec<u8>>,
    /// A file was written twice or an insertion failed; the message is already printed and
    /// nothing of this location may be written.
    pub(crate) had_error: bool,
}

/// One file (or insertion) a plugin response is writing.
pub(crate) struct Pending {
    pub(crate) name: String,
    pub(crate) insertion_point: Option<String>,
    pub(crate) data: Vec<u8>,
    pub(crate) info: GeneratedCodeInfo,
}

impl Outputs {
    /// Adds a finished file or insertion, printing protoc's message when it cannot be done.
    /// The names of the files held, sorted.
    pub(crate) fn names(&self) -> impl Iterator<Item = &String> {
        self.files.keys()
    }

    pub(crate) fn close(&mut self, pending: Pending) {
        let Pending {
            name,
            insertion_point,
            mut data,
            info,
        } = pending;
        let Some(point) = insertion_point else {
            match self.files.entry(name) {
                std::collections::btree_map::Entry::Occupied(e) => {
                    eprintln!("{}: Tried to write the same file twice.", e.key());
                    self.had_error = true;
                }
                std::collections::btree_map::Entry::Vacant(e) => {
                    e.insert(data);
                }
            }
            return;
        };
        if data.last().is_some_and(|&b| b != b'\n') {
            data.push(b'\n');
        }
        let Some(target) = self.files.get_mut(&name) else {
            eprintln!("{name}: Tried to insert into file that doesn't exist.");
            self.had_error = true;
            return;
        };
        let magic = format!("@@protoc_insertion_point({point})");
        let Some(found) = find(target, magic.as_bytes()) else {
            eprintln!("{name}: insertion point \"{point}\" not found.");
            self.had_error = true;
            return;
        };
        let pos = if found > 3 && &target[found - 3..found - 1] == b"/*" {
            // An inline `/* @@protoc_insertion_point(x) */`: insert right before the comment.
            found - 3
        } else {
            // The start of the line: repeated insertions at one point stay in their order.
            target[..found]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
        };
        let indent: Vec<u8> = target[pos..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .copied()
            .collect();
        let mut inserted = Vec::with_capacity(data.len());
        for line in data.split_inclusive(|&b| b == b'\n') {
            inserted.extend_from_slice(&indent);
            inserted.extend_from_slice(line);
        }
        let inserted_len = inserted.len();
        target.splice(pos..pos, inserted);
        self.update_metadata(&name, &data, pos, inserted_len, indent.len(), &info);
    }

    /// Shifts the annotations of `NAME.pb.meta` past an insertion and adds the inserted
    /// text's own, as protoc does. The file keeps its format, wire or text.
    fn update_metadata(
        &mut self,
        name: &str,
        content: &[u8],
        offset: usize,
        length: usize,
        indent: usize,
        info: &GeneratedCodeInfo,
    ) {
        let meta_name = format!("{name}.pb.meta");
        let existing = self.files.get(&meta_name);
        if existing.is_none() && info.annotation.is_empty() {
            return;
        }
        let (metadata, is_text) = match existing {
            Some(bytes) => match GeneratedCodeInfo::decode(bytes.as_slice()) {
                Ok(m) => (m, false),
                Err(_) => match meta_text::parse(bytes) {
                    Some(m) => (m, true),
                    None => {
                        eprintln!("{meta_name}: Could not parse metadata as wire or text format.");
                        return;
                    }
                },
            },
            None => (GeneratedCodeInfo::default(), false),
        };
        let shifted = shift_annotations(content, offset, indent, info);
        let mut merged = GeneratedCodeInfo::default();
        let mut crossed = false;
        let mut to_add = 0;
        for a in metadata.annotation {
            let begin = a.begin.unwrap_or(0);
            // protoc compares the signed begin with an unsigned offset.
            if !crossed && (begin < 0 || begin as usize >= offset) {
                crossed = true;
                merged.annotation.extend(shifted.iter().cloned());
                to_add = length as i32;
            }
            let mut a = a;
            a.begin = Some(a.begin.unwrap_or(0) + to_add);
            a.end = Some(a.end.unwrap_or(0) + to_add);
            merged.annotation.push(a);
        }
        if !crossed {
            merged.annotation.extend(shifted);
        }
        let encoded = if is_text {
            meta_text::print(&merged)
        } else {
            merged.encode_to_vec()
        };
        self.files.insert(meta_name, encoded);
    }

    /// Adds `META-INF/MANIFEST.MF` unless a plugin wrote one, as protoc does for `.jar`.
    fn add_jar_manifest(&mut self) {
        self.files
            .entry("META-INF/MANIFEST.MF".into())
            .or_insert_with(|| b"Manifest-Version: 1.0\nCreated-By: 1.6.0 (protoc)\n\n".to_vec());
    }

    /// Checks that `location` can be written, printing protoc's message when it cannot.
    pub(crate) fn check_location(location: &str) -> bool {
        if is_archive(location) || location.is_empty() {
            return true;
        }
        match std::fs::metadata(location) {
            Ok(_) => true,
            Err(e) => {
                eprintln!("{location}: {}", reason(&e));
                false
            }
        }
    }

    /// Writes everything to `location`: a directory (`DIR/` with protoc's trailing slash), or
    /// a `.zip`/`.jar`/`.srcjar` archive.
    pub(crate) fn write(mut self, location: &str) -> bool {
        if !location.ends_with('/') {
            if location.ends_with(".jar") {
                self.add_jar_manifest();
            }
            return match write_output(location, &zip(&self.files)) {
                Ok(()) => true,
                Err(e) => {
                    eprintln!("{e}");
                    false
                }
            };
        }
        for (name, data) in &self.files {
            if !create_parents(location, name) {
                return false;
            }
            if let Err(e) = write_output(&format!("{location}{name}"), data) {
                eprintln!("{e}");
                return false;
            }
        }
        true
    }
}

/// Whether protoc writes `location` as an archive rather than a directory.
pub(crate) fn is_archive(location: &str) -> bool {
    [".zip", ".jar", ".srcjar"]
        .iter()
        .any(|ext| location.ends_with(ext))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The inserted text's annotations, moved to where the text landed: after `offset`, with
/// `indent` more bytes before each of its lines. Walks the text once across all annotations,
/// as protoc does, so annotations out of order shift as they do there.
fn shift_annotations(
    content: &[u8],
    offset: usize,
    indent: usize,
    info: &GeneratedCodeInfo,
) -> Vec<Annotation> {
    // The final newline starts no line of inserted text.
    let last = content.len().saturating_sub(1);
    let mut pos = 0usize;
    let mut shift = (offset + indent) as i64;
    let mut out = Vec::with_capacity(info.annotation.len());
    for a in &info.annotation {
        let (begin, end) = (
            i64::from(a.begin.unwrap_or(0)),
            i64::from(a.end.unwrap_or(0)),
        );
        let mut inner = 0i64;
        while (pos as i64) < end && pos < last {
            if content[pos] == b'\n' {
                if pos as i64 >= begin {
                    inner += indent as i64;
                } else {
                    shift += indent as i64;
                }
            }
            pos += 1;
        }
        let mut a = a.clone();
        a.begin = Some((begin + shift) as i32);
        shift += inner;
        a.end = Some((end + shift) as i32);
        out.push(a);
    }
    out
}

/// Creates the directories `name` needs below `prefix`, as protoc does (`/` and `\` both
/// separate directories in generated names).
fn create_parents(prefix: &str, name: &str) -> bool {
    let parts: Vec<&str> = name.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    let mut path = prefix.to_string();
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        path.push_str(part);
        if let Err(e) = std::fs::create_dir(&path) {
            if e.kind() != std::io::ErrorKind::AlreadyExists {
                eprintln!(
                    "{name}: while trying to create directory {path}: {}",
                    reason(&e)
                );
                return false;
            }
        }
        path.push('/');
    }
    true
}

/// The OS's reason as `strerror` gives it.
fn reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// A zip archive of `files`, stored (not compressed), byte for byte what protoc's
/// `ZipWriter` writes: fixed 1980-01-01 timestamps, no extra fields, no attributes.
pub(crate) fn zip(files: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    const DOS_EPOCH: u16 = 1 << 5 | 1;
    let mut out = Vec::new();
    let mut entries = Vec::new();
    let short = |out: &mut Vec<u8>, v: u16| out.extend_from_slice(&v.to_le_bytes());
    let long = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
    // protoc writes sizes and counts in 16 and 32 bits without zip64; so do we.
    for (name, data) in files {
        let crc = crc32(data);
        entries.push((name, crc, data.len() as u32, out.len() as u32));
        long(&mut out, 0x0403_4b50);
        short(&mut out, 10);
        short(&mut out, 0);
        short(&mut out, 0);
        short(&mut out, 0);
        short(&mut out, DOS_EPOCH);
        long(&mut out, crc);
        long(&mut out, data.len() as u32);
        long(&mut out, data.len() as u32);
        short(&mut out, name.len() as u16);
        short(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
    }
    let directory_offset = out.len() as u32;
    for (name, crc, size, offset) in &entries {
        long(&mut out, 0x0201_4b50);
        short(&mut out, 10);
        short(&mut out, 10);
        short(&mut out, 0);
        short(&mut out, 0);
        short(&mut out, 0);
        short(&mut out, DOS_EPOCH);
        long(&mut out, *crc);
        long(&mut out, *size);
        long(&mut out, *size);
        short(&mut out, name.len() as u16);
        short(&mut out, 0);
        short(&mut out, 0);
        short(&mut out, 0);
        short(&mut out, 0);
        long(&mut out, 0);
        long(&mut out, *offset);
        out.extend_from_slice(name.as_bytes());
    }
    let directory_len = out.len() as u32 - directory_offset;
    long(&mut out, 0x0605_4b50);
    short(&mut out, 0);
    short(&mut out, 0);
    short(&mut out, entries.len() as u16);
    short(&mut out, entries.len() as u16);
    long(&mut out, directory_len);
    long(&mut out, directory_offset);
    short(&mut out, 0);
    out
}

/// CRC-32 (IEEE 802.3, reflected), as zip uses.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(name: &str, point: Option<&str>, data: &str) -> Pending {
        Pending {
            name: name.into(),
            insertion_point: point.map(str::to_string),
            data: data.as_bytes().to_vec(),
            info: GeneratedCodeInfo::default(),
        }
    }

    #[test]
    fn crc_of_known_text() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn insertions_are_indented_and_ordered() {
        let mut o = Outputs::default();
        o.close(pending("a", None, "x\n  // @@protoc_insertion_point(p)\n"));
        o.close(pending("a", Some("p"), "one\n\ntwo"));
        o.close(pending("a", Some("p"), "three\n"));
        assert_eq!(
            String::from_utf8_lossy(&o.files["a"]),
            "x\n  one\n  \n  two\n  three\n  // @@protoc_insertion_point(p)\n"
        );
        assert!(!o.had_error);
        o.close(pending("a", Some("missing"), "z"));
        assert!(o.had_error);
    }

    #[test]
    fn inline_insertion_points() {
        let mut o = Outputs::default();
        o.close(pending("a", None, "f(/* @@protoc_insertion_point(p) */)\n"));
        o.close(pending("a", Some("p"), "1,"));
        assert_eq!(
            String::from_utf8_lossy(&o.files["a"]),
            "f(1,\n/* @@protoc_insertion_point(p) */)\n"
        );
    }
}
