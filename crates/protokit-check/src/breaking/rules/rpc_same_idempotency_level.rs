//! RPC_SAME_IDEMPOTENCY_LEVEL: Checks that rpcs have the same value for the idempotency_level option.
//!
//! Unset is `IDEMPOTENCY_UNKNOWN`. Positioned on the current `idempotency_level` option; when
//! the current RPC does not set it, buf finds no location and prints 1:1, and so do we.

use protokit_diagnostics::Position;

use crate::breaking::{features, fields, BreakingDocs, BreakingRule, Cx, MethodItem};
use crate::lint::elements::child;

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

impl BreakingRule for Rule {
    fn check_method(&self, cx: &mut Cx<'_>, prev: &MethodItem<'_>, cur: &MethodItem<'_>) {
        let level = |m: &MethodItem<'_>| match features::option_varint(
            m.method.desc.options.as_ref(),
            34,
        ) {
            Some(1) => "NO_SIDE_EFFECTS",
            Some(2) => "IDEMPOTENT",
            _ => "IDEMPOTENCY_UNKNOWN",
        };
        let (a, b) = (level(prev), level(cur));
        if a == b {
            return;
        }
        let message = format!(
            "RPC \"{}\" on service \"{}\" changed option \"idempotency_level\" from \"{a}\" to \"{b}\".",
            cur.method.desc.name.as_deref().unwrap_or(""),
            cur.service.desc.name.as_deref().unwrap_or(""),
        );
        let file = cur.method.file;
        let position = file
            .position(&child(&cur.method.path, &[4, 34]))
            .or(Some(Position {
                start_line: 1,
                start_column: 1,
                end_line: 1,
                end_column: 1,
            }));
        fields::report_position(cx, file, position, message);
    }
}

pub(crate) const DOCS: BreakingDocs = BreakingDocs {
    what: "Checks that every RPC keeps its `idempotency_level` option (unset means `IDEMPOTENCY_UNKNOWN`).",
    why: "Clients and proxies decide from the idempotency level whether a call may be retried or sent as an HTTP GET; changing it changes how existing clients call the RPC.",
    previous: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse) {\n    option idempotency_level = NO_SIDE_EFFECTS;\n  }\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {}\n\nmessage GetBarRequest {}\n",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse) {\n    option idempotency_level = IDEMPOTENT;\n  }\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {}\n\nmessage GetBarRequest {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse) {\n    option idempotency_level = NO_SIDE_EFFECTS;\n  }\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {}\n\nmessage GetBarRequest {}\n",
    example_path: "foo/v1/foo.proto",
};
