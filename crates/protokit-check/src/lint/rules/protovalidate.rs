//! PROTOVALIDATE: Checks that protovalidate rules are valid and all CEL expressions compile.
//!
//! Not implemented yet: protokit lists the rule (it is in buf's `STANDARD` category) and
//! reports it as not supported when a config names it.

use crate::lint::RuleDocs;

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks the [protovalidate](https://github.com/bufbuild/protovalidate) rules set with the `buf.validate` options (`(buf.validate.field)`, `(buf.validate.message)`, `(buf.validate.oneof)`, `(buf.validate.predefined)`): that each rule fits the type of the field it is on (string rules on string fields, and so on), that rules do not contradict each other (a `min_len` above the `max_len`, an `in` list with duplicates), that no rule is set together with a rule it overrides, and that every custom CEL expression compiles and has the right result type. Files that do not use protovalidate are not affected. protokit does not run this check yet: a configuration that names PROTOVALIDATE gets a warning and the rule is skipped.",
    why: "Validation rules are only evaluated at runtime, in every language that uses them; a rule that cannot be satisfied, or a CEL expression that does not compile, fails there for every request instead of once at build time.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nimport \"buf/validate/validate.proto\";\n\nmessage User {\n  // min_len is larger than max_len: no value can pass.\n  string name = 1 [\n    (buf.validate.field).string.min_len = 10,\n    (buf.validate.field).string.max_len = 5\n  ];\n  // The expression compares a string with an integer and does not compile.\n  string email = 2 [(buf.validate.field).cel = {\n    id: \"email.length\"\n    message: \"email is too long\"\n    expression: \"this < 100\"\n  }];\n}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nimport \"buf/validate/validate.proto\";\n\nmessage User {\n  string name = 1 [\n    (buf.validate.field).string.min_len = 1,\n    (buf.validate.field).string.max_len = 64\n  ];\n  string email = 2 [(buf.validate.field).cel = {\n    id: \"email.length\"\n    message: \"email is too long\"\n    expression: \"size(this) < 100\"\n  }];\n}\n",
    example_path: "foo/v1/user.proto",
};
