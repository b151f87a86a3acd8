//! Writing outputs: atomically, and only when the content changed.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` (`-` is standard output) through a temporary file in the same
/// directory and a rename, so readers never see a half-written file and a failed run leaves
/// the old file in place. A file that already has these exact bytes is left untouched.
pub(crate) fn write_output(path: &str, bytes: &[u8]) -> Result<(), String> {
    if path == "-" {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(bytes)
            .and_then(|()| out.flush())
            .map_err(|e| format!("-: {e}"));
    }
    let target = Path::new(path);
    if std::fs::read(target).is_ok_and(|old| old == bytes) {
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
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
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
