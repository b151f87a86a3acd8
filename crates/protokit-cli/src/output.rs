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
