//! Writing outputs: atomically, and only when the content changed.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` (`-` is standard output) through a temporary file in the same
/// directory and a rename, so readers never see a half-written file and a failed run leaves
/// the old file in place. A file that already has these exact bytes is left untouched.
pub(crate) fn write_output(path: &str, bytes: &[u8]) -> Result<(), String> {
    write_output_parts(path, &[bytes])
}

/// [`write_output`] of the concatenation of `parts`, without ever holding it (or the old file)
/// in memory whole.
pub(crate) fn write_output_parts<B: AsRef<[u8]>>(path: &str, parts: &[B]) -> Result<(), String> {
    if path == "-" {
        let mut out = std::io::stdout().lock();
        return parts
            .iter()
            .try_for_each(|p| out.write_all(p.as_ref()))
            .and_then(|()| out.flush())
            .map_err(|e| format!("-: {e}"));
    }
    let target = Path::new(path);
    if same_contents(target, parts) {
        return Ok(());
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".protokit-")
        .tempfile_in(dir)
        .map_err(|e| format!("{path}: {}", os_reason(&e)))?;
    {
        let mut writer = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        parts
            .iter()
            .try_for_each(|p| writer.write_all(p.as_ref()))
            .and_then(|()| writer.flush())
            .map_err(|e| format!("{path}: {}", os_reason(&e)))?;
    }
    tmp.as_file()
        .sync_all()
        .map_err(|e| format!("{path}: {}", os_reason(&e)))?;
    // Temporary files are created private; outputs get the usual permissions (or keep the
    // ones of the file they replace).
    let permissions = match std::fs::metadata(target) {
        Ok(m) => m.permissions(),
        Err(_) => default_permissions(),
    };
    let _ = tmp.as_file().set_permissions(permissions);
    tmp.persist(target)
        .map_err(|e| format!("{path}: {}", os_reason(&e.error)))?;
    Ok(())
}

/// [`write_output`] of bytes produced a piece at a time: `produce` gets a sink to call with
/// each piece, in order, and may stop early with an error of its own (`E`), in which case
/// nothing is written. Holds at most a buffer of the output in memory: while the pieces match
/// the file already at `path`, they are only compared with it; at the first difference the
/// matching prefix is copied from the old file into a temporary one, which then receives the
/// rest and replaces the old file at the end.
pub(crate) fn write_output_streamed<E>(
    path: &str,
    produce: impl FnOnce(&mut dyn FnMut(&[u8]) -> std::io::Result<()>) -> Result<(), E>,
) -> Result<Result<(), E>, String> {
    if path == "-" {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
        let mut failed = None;
        let result = produce(&mut |bytes| {
            out.write_all(bytes).inspect_err(|e| {
                failed.get_or_insert_with(|| format!("-: {e}"));
            })
        });
        if let Some(e) = failed {
            return Err(e);
        }
        out.flush().map_err(|e| format!("-: {e}"))?;
        return Ok(result);
    }
    let target = Path::new(path);
    let mut sink = Streamed {
        path,
        target,
        old: std::fs::File::open(target)
            .ok()
            .filter(|f| f.metadata().is_ok_and(|m| m.is_file())),
        compared: 0,
        compare_buf: Vec::new(),
        tmp: None,
        buf: Vec::new(),
        failed: None,
    };
    let result = produce(&mut |bytes| {
        sink.push(bytes).map_err(|e| {
            sink.failed.get_or_insert_with(|| e.clone());
            std::io::Error::other(e)
        })
    });
    if let Some(e) = sink.failed.take() {
        return Err(e);
    }
    if result.is_err() {
        return Ok(result);
    }
    sink.finish()?;
    Ok(result)
}

/// The state of [`write_output_streamed`].
struct Streamed<'a> {
    path: &'a str,
    target: &'a Path,
    /// The file at `path` while everything so far matched it.
    old: Option<std::fs::File>,
    /// Bytes produced (and matched) so far, while comparing.
    compared: u64,
    compare_buf: Vec<u8>,
    /// The new file, once the output differs from the old one (or there is none).
    tmp: Option<tempfile::NamedTempFile>,
    buf: Vec<u8>,
    failed: Option<String>,
}

impl Streamed<'_> {
    fn err(&self, e: &std::io::Error) -> String {
        format!("{}: {}", self.path, os_reason(e))
    }

    fn push(&mut self, mut bytes: &[u8]) -> Result<(), String> {
        use std::io::Read;
        if self.tmp.is_none() {
            if let Some(old) = &mut self.old {
                // Compare as much as the old file has.
                self.compare_buf.resize(bytes.len().min(1 << 16), 0);
                while !bytes.is_empty() {
                    let want = bytes.len().min(self.compare_buf.len());
                    let buf = &mut self.compare_buf[..want];
                    if old.read_exact(buf).is_err() || buf[..] != bytes[..want] {
                        break;
                    }
                    self.compared += want as u64;
                    bytes = &bytes[want..];
                }
                if bytes.is_empty() {
                    return Ok(());
                }
            }
            self.start_writing()?;
        }
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= 1 << 20 {
            self.flush()?;
        }
        Ok(())
    }

    /// Switches from comparing to writing: a temporary file that starts with the part of the
    /// old file matched so far.
    fn start_writing(&mut self) -> Result<(), String> {
        use std::io::{Read, Seek};
        let dir = match self.target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut tmp = tempfile::Builder::new()
            .prefix(".protokit-")
            .tempfile_in(dir)
            .map_err(|e| self.err(&e))?;
        if let Some(mut old) = self.old.take() {
            if self.compared > 0 {
                old.seek(std::io::SeekFrom::Start(0))
                    .and_then(|_| {
                        std::io::copy(&mut (&mut old).take(self.compared), tmp.as_file_mut())
                    })
                    .map_err(|e| self.err(&e))?;
            }
        }
        self.buf.reserve(1 << 20);
        self.tmp = Some(tmp);
        Ok(())
    }

    fn flush(&mut self) -> Result<(), String> {
        if let Some(tmp) = &mut self.tmp {
            if let Err(e) = tmp.as_file_mut().write_all(&self.buf) {
                return Err(self.err(&e));
            }
        }
        self.buf.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<(), String> {
        use std::io::Read;
        if self.tmp.is_none() {
            // Everything matched: unchanged if the old file ends here too.
            let ends = match &mut self.old {
                Some(old) => matches!(old.read(&mut [0u8; 1]), Ok(0)),
                None => false,
            };
            if ends {
                return Ok(());
            }
            // A longer old file (its matching prefix is the whole output), or none.
            self.start_writing()?;
        }
        self.flush()?;
        let tmp = self.tmp.take().expect("writing");
        tmp.as_file().sync_all().map_err(|e| self.err(&e))?;
        // Temporary files are created private; outputs get the usual permissions (or keep
        // the ones of the file they replace).
        let permissions = match std::fs::metadata(self.target) {
            Ok(m) => m.permissions(),
            Err(_) => default_permissions(),
        };
        let _ = tmp.as_file().set_permissions(permissions);
        tmp.persist(self.target)
            .map_err(|e| format!("{}: {}", self.path, os_reason(&e.error)))?;
        Ok(())
    }
}

/// Whether `target` can be read and holds exactly the concatenation of `parts`, compared a
/// buffer at a time.
fn same_contents<B: AsRef<[u8]>>(target: &Path, parts: &[B]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(target) else {
        return false;
    };
    let total: usize = parts.iter().map(|p| p.as_ref().len()).sum();
    if file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() != total as u64)
    {
        return false;
    }
    let mut buf = vec![0u8; 1 << 16];
    for part in parts {
        let mut part = part.as_ref();
        while !part.is_empty() {
            let want = part.len().min(buf.len());
            if file.read_exact(&mut buf[..want]).is_err() || buf[..want] != part[..want] {
                return false;
            }
            part = &part[want..];
        }
    }
    // Nothing may follow.
    matches!(file.read(&mut buf[..1]), Ok(0))
}

#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_permissions() -> std::fs::Permissions {
    let mut p = std::fs::metadata(".").map(|m| m.permissions()).unwrap();
    p.set_readonly(false);
    p
}

/// The OS's reason as protoc prints it (`strerror`), without Rust's ` (os error N)` and the
/// temporary file's path that `tempfile` appends.
fn os_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}
