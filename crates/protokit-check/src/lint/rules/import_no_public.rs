//! IMPORT_NO_PUBLIC: Checks that imports are not public.
//!
//! buf reports each `import public` statement (`[3, i]`): `Import "foo/v1/a.proto" must not
//! be public.`.

use crate::image::ImageFile;
use crate::lint::elements::tag;
use crate::lint::quote::go_quote;
use crate::lint::{Cx, LintRule, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl LintRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, file: &ImageFile) {
        for &i in &file.proto.public_dependency {
            let Some(name) = usize::try_from(i)
                .ok()
                .and_then(|i| file.proto.dependency.get(i))
            else {
                continue;
            };
            cx.report(
                file,
                &[tag::FILE_DEPENDENCY, i],
                format!("Import {} must not be public.", go_quote(name)),
            );
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that no import is `import public`.",
    why: "A public import makes the imported file's types visible to everyone who imports this file, so moving a type between files silently changes what other files compile against; several languages (Go among them) have no equivalent and generate surprising code for it.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nimport public \"google/protobuf/timestamp.proto\";\n\nmessage Foo {\n  google.protobuf.Timestamp time = 1;\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nimport \"google/protobuf/timestamp.proto\";\n\nmessage Foo {\n  google.protobuf.Timestamp time = 1;\n}\n",
    example_path: "foo/v1/foo.proto",
};
