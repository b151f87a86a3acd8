//! Config path normalisation as buf does it: Go's `path.Clean`, then relative and inside the
//! context directory.

/// Go's `path.Clean`: `""` → `.`, no `.` components, `..` folded, no trailing slash.
pub(crate) fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// buf's `NormalizeAndValidate`: the cleaned path, or the reason it is invalid
/// (`PATH: expected to be relative`, `PATH: is outside the context directory`).
pub(crate) fn normalize(path: &str) -> Result<String, String> {
    let cleaned = clean(path);
    if cleaned.starts_with('/') {
        return Err(format!("{path}: expected to be relative"));
    }
    if cleaned == ".." || cleaned.starts_with("../") {
        return Err(format!("{path}: is outside the context directory"));
    }
    Ok(cleaned)
}

/// Whether `path` equals `dir` or lies under it (both cleaned; `.` contains everything).
pub(crate) fn contains(dir: &str, path: &str) -> bool {
    dir == "."
        || path == dir
        || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

/// `path` made relative to `dir` (which [`contains`] it): `.` for `dir` itself.
pub(crate) fn relative_to(dir: &str, path: &str) -> String {
    if dir == "." {
        path.to_string()
    } else if path == dir {
        ".".to_string()
    } else {
        path[dir.len() + 1..].to_string()
    }
}

/// `dir/path`, cleaned (`.` parts disappear).
pub(crate) fn join(dir: &str, path: &str) -> String {
    clean(&format!("{dir}/{path}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_like_go() {
        for (i, o) in [
            ("", "."),
            (".", "."),
            ("./foo/./bar/", "foo/bar"),
            ("foo//v1", "foo/v1"),
            ("foo/../bar", "bar"),
            ("foo/../..", ".."),
            ("../x", "../x"),
            ("/abs/../x", "/x"),
            ("/..", "/"),
        ] {
            assert_eq!(clean(i), o, "{i}");
        }
    }

    #[test]
    fn validates() {
        assert_eq!(
            normalize("/abs").unwrap_err(),
            "/abs: expected to be relative"
        );
        assert_eq!(
            normalize("../x").unwrap_err(),
            "../x: is outside the context directory"
        );
        assert_eq!(normalize("a/..").unwrap(), ".");
        assert!(contains("proto", "proto/foo"));
        assert!(!contains("proto", "protos/foo"));
        assert!(contains(".", "x"));
        assert_eq!(relative_to("proto", "proto/foo"), "foo");
        assert_eq!(relative_to("proto", "proto"), ".");
        assert_eq!(join(".", "a/b"), "a/b");
        assert_eq!(join("a", "."), "a");
    }
}
