//! Helpers shared by the fixture tests that compare the library's findings with buf's
//! recorded `buf.json`.

use std::path::{Path, PathBuf};

/// A finding as compared: path, `[start_line, start_column, end_line, end_column]`, rule ID,
/// message.
pub type Finding = (String, [u64; 4], String, String);

/// The `.proto` files under `dir`, as paths relative to `root` with `/` separators, sorted.
pub fn proto_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            proto_files(root, &path, out);
        } else if path.extension().is_some_and(|e| e == "proto") {
            let rel = path.strip_prefix(root).unwrap().to_string_lossy();
            out.push(rel.replace('\\', "/"));
        }
    }
}

/// The findings of `dir/buf.json` (buf's `--error-format json` lines), sorted.
pub fn buf_findings(dir: &Path) -> Vec<Finding> {
    let text = std::fs::read_to_string(dir.join("buf.json")).unwrap();
    let mut found: Vec<Finding> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
            let n = |k: &str| v[k].as_u64().unwrap_or(0);
            (
                s("path"),
                [
                    n("start_line"),
                    n("start_column"),
                    n("end_line"),
                    n("end_column"),
                ],
                s("type"),
                s("message"),
            )
        })
        .collect();
    found.sort();
    found
}

/// One line per finding, for failure messages.
pub fn show(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|(p, r, t, m)| format!("  {p}:{}:{}-{}:{} {t} {m}\n", r[0], r[1], r[2], r[3]))
        .collect()
}
