//! Where the generated code goes: which `.proto` files share an output file (a [`Unit`]:
//! one package, or one package in one directory with [`Layout::Directory`]), and `mod.rs`,
//! which nests the units' files in one module per package.

use std::collections::BTreeMap;

use prost_build::Module;
use protokit_compiler::descriptor::FileDescriptorProto;

use crate::options::{Layout, Options, ProstOption};
use crate::Error;

/// The files to generate that share one output file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unit {
    /// The package's Rust module, where `mod.rs` includes the file.
    pub(crate) module: Module,
    /// The output path, relative to the output directory (`/`-separated).
    pub(crate) file: String,
    /// The `.proto` files, in the order they were given.
    pub(crate) sources: Vec<String>,
}

/// The units of a run, by the key prost-build groups their files under.
#[derive(Debug, Default)]
pub(crate) struct Units {
    pub(crate) by_key: BTreeMap<Module, Unit>,
}

impl Units {
    /// Adds file `name` of `package`; returns the key to hand prost-build the file with (one
    /// key per output file, so prost-build's output per key is one file's code).
    pub(crate) fn add(
        &mut self,
        name: &str,
        package: &str,
        layout: Layout,
    ) -> Result<Module, Error> {
        let base = if package.is_empty() {
            "_.rs".to_string()
        } else {
            format!("{package}.rs")
        };
        let file = match (layout, name.rsplit_once('/')) {
            (Layout::Package, _) | (Layout::Directory, None) => base,
            (Layout::Directory, Some((dir, _))) => {
                // Names come from protoc, buf or an image file: never let one leave the
                // output directory.
                if dir
                    .split('/')
                    .any(|c| c.is_empty() || c == "." || c == ".." || c.contains('\\'))
                {
                    return Err(Error::new(format!(
                        "{name}: cannot lay out code by directory: the path has an empty, \".\" \
                         or \"..\" component, or a backslash"
                    )));
                }
                format!("{dir}/{base}")
            }
        };
        let key = Module::from_parts([file.as_str()]);
        self.by_key
            .entry(key.clone())
            .or_insert_with(|| Unit {
                module: Module::from_protobuf_package_name(package),
                file,
                sources: Vec::new(),
            })
            .sources
            .push(name.to_string());
        Ok(key)
    }
}

/// For `mod_file=only`: the units a full run over `to_generate` writes a file for, without
/// running prost-build. prost-build drops a file's code when it has nothing to generate, so
/// a unit counts when one of its files has a message or enum that is not an `extern_path`
/// (`.google.protobuf` is one unless `compile_well_known_types`), or a service while clients
/// or servers are generated.
///
/// # Errors
/// A name not in `files`, a path that cannot be laid out, or an `extern_path` prost-build
/// would reject.
pub(crate) fn units_with_code<S: AsRef<str>>(
    files: &[FileDescriptorProto],
    to_generate: &[S],
    options: &Options,
) -> Result<Vec<Unit>, Error> {
    let mut externs: Vec<&str> = Vec::new();
    for (which, path, _) in &options.prost {
        if *which == ProstOption::ExternPath {
            // As prost-build validates them (its message, too).
            if !path.starts_with('.') {
                return Err(Error::new(format!(
                    "prost-build failed: Protobuf paths must be fully qualified (begin with a \
                     leading '.'): {path}"
                )));
            }
            if path.split('.').skip(1).any(str::is_empty) {
                return Err(Error::new(format!(
                    "prost-build failed: invalid fully-qualified Protobuf path: {path}"
                )));
            }
            externs.push(path);
        }
    }
    if !options.compile_well_known_types {
        externs.push(".google.protobuf");
    }
    let is_extern = |fq: &str| {
        externs.iter().any(|p| {
            fq.strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
    };
    let services = !(options.no_client && options.no_server);
    let mut units = Units::default();
    let mut with_code = std::collections::BTreeSet::new();
    for name in to_generate {
        let name = name.as_ref();
        let file = files
            .iter()
            .find(|f| f.name.as_deref() == Some(name))
            .ok_or_else(|| Error::new(format!("{name}: not among the compiled files")))?;
        let package = file.package.as_deref().unwrap_or("");
        let key = units.add(name, package, options.layout)?;
        let fq = |n: Option<&str>| {
            let n = n.unwrap_or("");
            if package.is_empty() {
                format!(".{n}")
            } else {
                format!(".{package}.{n}")
            }
        };
        let code = file
            .message_type
            .iter()
            .any(|m| !is_extern(&fq(m.name.as_deref())))
            || file
                .enum_type
                .iter()
                .any(|e| !is_extern(&fq(e.name.as_deref())))
            || (services && !file.service.is_empty());
        if code {
            with_code.insert(key);
        }
    }
    Ok(units
        .by_key
        .into_iter()
        .filter(|(k, _)| with_code.contains(k))
        .map(|(_, u)| u)
        .collect())
}

/// `mod.rs`: `pub mod` per package level, with the package's files `include!`d inside (in
/// path order), and `FILE_DESCRIPTOR_SET` first when `descriptor_set` is given.
pub(crate) fn mod_rs<'a>(
    units: impl IntoIterator<Item = &'a Unit>,
    descriptor_set: Option<&[u8]>,
) -> String {
    const ALLOW: &str = "#[allow(missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]\n";
    const NO_PACKAGE: &str = "__protokit_no_package";
    #[derive(Default)]
    struct Node {
        includes: std::collections::BTreeSet<String>,
        children: BTreeMap<String, Node>,
    }
    fn write(node: &Node, depth: usize, out: &mut String) {
        let pad = "    ".repeat(depth);
        if depth == 0 && !node.includes.is_empty() {
            // Package-less code: attributes cannot apply to `include!` itself, so it goes in
            // a private module with the lint levels of the others, its items re-exported
            // where prost-build's paths expect them. Its paths to packaged types start at a
            // top-level package module, imported here by name (not `super::*`, which would
            // bring the user's own names into scope).
            out.push_str(ALLOW);
            out.push_str(&format!("mod {NO_PACKAGE} {{\n"));
            let packages: Vec<&str> = node.children.keys().map(String::as_str).collect();
            if !packages.is_empty() {
                out.push_str("    #[allow(unused_imports)]\n");
                out.push_str(&format!("    use super::{{{}}};\n", packages.join(", ")));
            }
            for file in &node.includes {
                // `{:?}` is a Rust string literal, escapes included.
                out.push_str(&format!("    include!({file:?});\n"));
            }
            out.push_str(&format!("}}\npub use {NO_PACKAGE}::*;\n"));
        } else {
            for file in &node.includes {
                out.push_str(&format!("{pad}include!({file:?});\n"));
            }
        }
        for (name, child) in &node.children {
            if depth == 0 {
                // prost's code is not written for the user's lint levels (pedantic clippy,
                // missing_docs); generated code should not fail their builds.
                out.push_str(ALLOW);
            }
            out.push_str(&format!("{pad}pub mod {name} {{\n"));
            write(child, depth + 1, out);
            out.push_str(&format!("{pad}}}\n"));
        }
    }
    let mut root = Node::default();
    for unit in units {
        let mut node = &mut root;
        for part in unit.module.parts() {
            node = node.children.entry(part.to_string()).or_default();
        }
        node.includes.insert(unit.file.clone());
    }
    let mut out = String::from("// @generated by protokit. DO NOT EDIT.\n");
    if let Some(bytes) = descriptor_set {
        out.push_str(
            "/// The encoded `FileDescriptorSet` of the generated files and their imports \
             (for tonic-reflection).\n",
        );
        out.push_str("pub const FILE_DESCRIPTOR_SET: &[u8] = b\"");
        for &b in bytes {
            match b {
                b'"' => out.push_str("\\\""),
                b'\\' => out.push_str("\\\\"),
                0x20..=0x7e => out.push(char::from(b)),
                _ => out.push_str(&format!("\\x{b:02x}")),
            }
        }
        out.push_str("\";\n");
    }
    write(&root, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use protokit_compiler::compile::Compiler;
    use protokit_compiler::resolver::{Embedded, FileResolverExt, InMemory};

    use crate::options::Options;

    /// `mod_file=only` predicts which files a full run writes: its `mod.rs` is the full run's,
    /// for files prost-build writes nothing for (extensions only, extern types, services
    /// without clients or servers, well-known types) too.
    #[test]
    fn mod_only_matches_a_full_run() {
        let mut files = InMemory::new();
        files
            .insert(
                "a/m.proto",
                "syntax = \"proto2\"; package p.a; message M { extensions 1 to 9; }",
            )
            .insert(
                "a/ext.proto",
                "syntax = \"proto2\"; package p.e; import \"a/m.proto\"; \
                 extend p.a.M { optional int32 x = 1; }",
            )
            .insert(
                "b/s.proto",
                "syntax = \"proto3\"; package p.s; import \"google/protobuf/empty.proto\"; \
                 service S { rpc R(google.protobuf.Empty) returns (google.protobuf.Empty); }",
            )
            .insert(
                "c/e.proto",
                "syntax = \"proto3\"; package p.x; enum E { E_UNSPECIFIED = 0; }",
            )
            .insert("root.proto", "syntax = \"proto3\"; message Top {}");
        let names = [
            "a/m.proto",
            "a/ext.proto",
            "b/s.proto",
            "c/e.proto",
            "root.proto",
            "google/protobuf/empty.proto",
        ];
        let out = Compiler::new(files.or(Embedded))
            .include_imports(true)
            .compile(&names)
            .unwrap();
        let files: Vec<_> = out.files().iter().map(|f| f.proto().clone()).collect();
        for opts in [
            &[][..],
            &["layout=directory"],
            &["no_client", "no_server"],
            &["extern_path=.p.x=::other::x"],
            &["extern_path=.p.a.M=::other::M", "layout=directory"],
            &["compile_well_known_types"],
            &["file_descriptor_set", "layout=directory"],
        ] {
            let options = Options::parse(opts).unwrap();
            let full = crate::generate(&files, &names, &options).unwrap();
            let mut only = options.clone();
            only.mod_file = crate::ModFile::Only;
            let only = crate::generate(&files, &names, &only).unwrap();
            assert_eq!(only.keys().collect::<Vec<_>>(), ["mod.rs"], "{opts:?}");
            assert_eq!(only["mod.rs"], full["mod.rs"], "{opts:?}");
            // Every include names a file the full run wrote.
            for line in full["mod.rs"].lines() {
                if let Some(f) = line.trim().strip_prefix("include!(\"") {
                    let f = f.trim_end_matches("\");");
                    assert!(full.contains_key(f), "{opts:?}: {f}");
                }
            }
            let mut skip = options.clone();
            skip.mod_file = crate::ModFile::Skip;
            let mut without = full.clone();
            without.remove("mod.rs");
            assert_eq!(crate::generate(&files, &names, &skip).unwrap(), without);
        }
        // A bad extern_path fails the mod-only run as it fails the full one.
        let only = Options::parse(&["mod_file=only", "extern_path=p.x=::x"]).unwrap();
        assert!(crate::generate(&files, &names, &only).is_err());
    }

    #[test]
    fn directory_paths_stay_inside_the_output() {
        let mut units = super::Units::default();
        let layout = crate::Layout::Directory;
        assert!(units.add("../x.proto", "p", layout).is_err());
        assert!(units.add("a//x.proto", "p", layout).is_err());
        assert!(units.add("/abs/x.proto", "p", layout).is_err());
        units.add("a/b/x.proto", "p.q", layout).unwrap();
        units.add("a/b/y.proto", "p.q", layout).unwrap();
        units.add("z.proto", "", layout).unwrap();
        let files: Vec<(&str, usize)> = units
            .by_key
            .values()
            .map(|u| (u.file.as_str(), u.sources.len()))
            .collect();
        assert_eq!(files, [("_.rs", 1), ("a/b/p.q.rs", 2)]);
    }
}
