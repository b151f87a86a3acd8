//! IMPORT_USED: Checks that imports are used.
//!
//! buf reports each import the file does not use at its import statement (`[3, i]`):
//! `Import "foo/v1/a.proto" is unused.`. Public imports are never reported (they re-export);
//! weak imports are checked like plain ones. What counts as a use is described in
//! [`crate::lint::imports`]: types, extendees, custom options (decoded from the raw option
//! bytes, also inside option values and `features`), and `Any` types in option values, with
//! symbols re-exported by a public import marking that import.

use rayon::prelude::*;

use crate::lint::elements::tag;
use crate::lint::imports::Symbols;
use crate::lint::quote::go_quote;
use crate::lint::{Cx, LintRule, Module, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_module(&self, cx: &mut Cx<'_>, module: &Module<'_>) {
        let image = module.image;
        let candidates: Vec<usize> = (0..image.files.len())
            .filter(|&i| {
                let f = &image.files[i];
                !f.is_import && f.proto.dependency.len() > f.proto.public_dependency.len()
            })
            .collect();
        if candidates.is_empty() {
            return;
        }
        let symbols = Symbols::build(image);
        let unused: Vec<(usize, usize)> = candidates
            .par_iter()
            .flat_map_iter(|&i| {
                let proto = &image.files[i].proto;
                let used = symbols.used_dependencies(i);
                (0..proto.dependency.len())
                    .filter(move |&d| !used[d] && !proto.public_dependency.contains(&(d as i32)))
                    .map(move |d| (i, d))
                    .collect::<Vec<_>>()
            })
            .collect();
        for (i, d) in unused {
            let file = &image.files[i];
            let name = &file.proto.dependency[d];
            cx.report(
                file,
                &[tag::FILE_DEPENDENCY, d as i32],
                format!("Import {} is unused.", go_quote(name)),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that every import is used: the file refers to a type, extension or custom option declared in the imported file (or in a file it re-exports with `import public`). Public imports are not checked.",
    why: "Unused imports make a file depend on more than it needs: they slow builds, drag unrelated files into generated code, and keep dependencies alive that could otherwise be removed.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nimport \"google/protobuf/timestamp.proto\";\n\nmessage Foo {\n  string name = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nmessage Foo {\n  string name = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
