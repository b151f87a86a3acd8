//! Directory inputs: module roots and the `.proto` files in them, as `buf.yaml` describes
//! them.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

/// One module: a root directory (an include path) and the import names of its `.proto` files,
/// sorted.
#[derive(Debug)]
pub(crate) struct Module {
    pub root: PathBuf,
    pub files: Vec<String>,
}

/// The modules of directory `dir`: the ones its `buf.yaml` lists (v2 `modules[].path` and
/// `excludes`; v1 `build.excludes`; v1beta1 `build.roots`), or `dir` itself with every
/// `.proto` file under it.
pub(crate) fn discover(dir: &Path) -> Result<Vec<Module>, String> {
    let config_path = dir.join("buf.yaml");
    let specs = if config_path.is_file() {
        let text = std::fs::read_to_string(&config_path)
            .map_err(|e| format!("{}: {e}", config_path.display()))?;
        let config: Value =
            serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", config_path.display()))?;
        module_specs(&config).map_err(|e| format!("{}: {e}", config_path.display()))?
    } else {
        vec![(".".to_string(), Vec::new())]
    };

    let mut modules = Vec::new();
    for (path, excludes) in specs {
        let root = join(dir, &path);
        if !root.is_dir() {
            return Err(format!(
                "{}: module directory {} does not exist",
                config_path.display(),
                root.display()
            ));
        }
        let excludes: Vec<PathBuf> = excludes.iter().map(|e| join(dir, e)).collect();
        let mut files = Vec::new();
        walk(&root, &root, &excludes, &mut files)?;
        files.sort();
        modules.push(Module { root, files });
    }
    Ok(modules)
}

/// (module path, excludes), both relative to the directory holding `buf.yaml`.
fn module_specs(config: &Value) -> Result<Vec<(String, Vec<String>)>, String> {
    let strings = |v: Option<&Value>| -> Result<Vec<String>, String> {
        match v {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Sequence(items)) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| "expected a list of paths".to_string())
                })
                .collect(),
            Some(_) => Err("expected a list of paths".into()),
        }
    };
    let version = config
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or("v1");
    match version {
        "v2" => match config.get("modules") {
            None | Some(Value::Null) => Ok(vec![(".".into(), Vec::new())]),
            Some(Value::Sequence(modules)) => modules
                .iter()
                .map(|m| {
                    let path = m.get("path").and_then(Value::as_str).unwrap_or(".");
                    Ok((path.to_string(), strings(m.get("excludes"))?))
                })
                .collect(),
            Some(_) => Err("`modules` must be a list".into()),
        },
        "v1" | "v1beta1" => {
            let build = config.get("build");
            // v1 excludes are relative to the module root, which is the buf.yaml directory.
            let excludes = strings(build.and_then(|b| b.get("excludes")))?;
            let roots = strings(build.and_then(|b| b.get("roots")))?;
            if roots.is_empty() {
                Ok(vec![(".".into(), excludes)])
            } else {
                // v1beta1: excludes are relative to the roots.
                Ok(roots
                    .iter()
                    .map(|r| {
                        let ex = excludes.iter().map(|e| format!("{r}/{e}")).collect();
                        (r.clone(), ex)
                    })
                    .collect())
            }
        }
        other => Err(format!("unknown buf.yaml version {other:?}")),
    }
}

fn join(dir: &Path, rel: &str) -> PathBuf {
    if rel == "." || rel.is_empty() {
        dir.to_path_buf()
    } else {
        dir.join(rel.trim_end_matches('/'))
    }
}

fn walk(
    root: &Path,
    dir: &Path,
    excludes: &[PathBuf],
    out: &mut Vec<String>,
) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = entry.path();
        if excludes.contains(&path) {
            continue;
        }
        let file_type = entry
            .file_type()
            .map_err(|e| format!("{}: {e}", path.display()))?;
        if file_type.is_dir() || (file_type.is_symlink() && path.is_dir()) {
            walk(root, &path, excludes, out)?;
        } else if path.extension().is_some_and(|e| e == "proto") {
            let rel = path
                .strip_prefix(root)
                .expect("walked paths are under the root");
            let name: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push(name.join("/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(yaml: &str) -> Vec<(String, Vec<String>)> {
        module_specs(&serde_yaml::from_str(yaml).unwrap()).unwrap()
    }

    #[test]
    fn buf_yaml_versions() {
        assert_eq!(specs("version: v1\n"), [(".".to_string(), vec![])]);
        assert_eq!(
            specs("version: v1\nbuild:\n  excludes: [a/b]\n"),
            [(".".to_string(), vec!["a/b".to_string()])]
        );
        assert_eq!(
            specs("version: v2\nmodules:\n  - path: proto\n    excludes: [proto/x]\n  - path: other\n"),
            [
                ("proto".to_string(), vec!["proto/x".to_string()]),
                ("other".to_string(), vec![])
            ]
        );
        assert_eq!(specs("version: v2\n"), [(".".to_string(), vec![])]);
    }

    #[test]
    fn walks_modules_honouring_excludes() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "proto/a/x.proto",
            "proto/b/y.proto",
            "proto/internal/z.proto",
            "README.md",
        ] {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "").unwrap();
        }
        std::fs::write(
            root.join("buf.yaml"),
            "version: v2\nmodules:\n  - path: proto\n    excludes: [proto/internal]\n",
        )
        .unwrap();
        let modules = discover(root).unwrap();
        assert_eq!(modules.len(), 1);
        assert_eq!(modules[0].root, root.join("proto"));
        assert_eq!(modules[0].files, ["a/x.proto", "b/y.proto"]);
    }
}
