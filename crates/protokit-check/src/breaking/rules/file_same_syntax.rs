//! FILE_SAME_SYNTAX: Checks that files have the same syntax.

use crate::breaking::file_options::report_at;
use crate::breaking::{BreakingDocs, BreakingRule, Cx};
use crate::image::ImageFile;
use crate::lint::elements::tag;

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

/// buf's name of a file's syntax: no `syntax` statement is `proto2`; every edition is
/// `editions`.
fn syntax(f: &ImageFile) -> &str {
    match f.proto.syntax.as_deref() {
        None | Some("") => "proto2",
        Some(s) => s,
    }
}

impl BreakingRule for Rule {
    fn check_file(&self, cx: &mut Cx<'_>, prev: &ImageFile, cur: Option<&ImageFile>) {
        let Some(cur) = cur else { return };
        let (before, after) = (syntax(prev), syntax(cur));
        if before != after {
            let msg = format!("File syntax changed from \"{before}\" to \"{after}\".");
            let path = if cur.location(&[tag::FILE_SYNTAX]).is_some() {
                tag::FILE_SYNTAX
            } else {
                tag::FILE_EDITION
            };
            report_at(cx, cur, &[path], msg);
        }
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that a file keeps its syntax: `proto2` (also when the file has no `syntax` statement), `proto3` or `editions`. Moving between editions (2023 to 2024) is not a change for this rule. The finding is on the current `syntax` or `edition` statement, or on the file when it has neither.",
    why: "The syntax changes field presence, default values, enum openness and UTF-8 checks of every field of the file, and the generated code with them.",
    previous: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
}
"#,
    example: r#"edition = "2023";

package acme.v1;

message Order {
  string id = 1;
}
"#,
    use_instead: r#"syntax = "proto3";

package acme.v1;

message Order {
  string id = 1;
  string note = 2;
}
"#,
    example_path: "acme/v1/order.proto",
};
