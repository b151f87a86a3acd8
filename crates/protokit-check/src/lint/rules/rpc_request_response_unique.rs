//! RPC_REQUEST_RESPONSE_UNIQUE: Checks that RPC request and response types are only used in one RPC (configurable).
//!
//! Over all RPCs of the checked files, buf counts for each type the RPCs that use it as
//! request or response (an RPC using one type for both counts once). Every RPC using a type
//! counted more than once is reported at the RPC (`[6, s, 2, m]`): `"foo.v1.Foo" is used as
//! the request or response type for multiple RPCs.`. An RPC whose request and response are
//! the same type is also reported: `RPC "Get" has the same type "foo.v1.Foo" for the request
//! and response.`, unless `rpc_allow_same_request_response` is set.
//! `rpc_allow_google_protobuf_empty_requests` (`..._responses`) leaves `google.protobuf.Empty`
//! requests (responses) out of the count, and with only one of them set the message for
//! `Empty` names the side still counted: `"google.protobuf.Empty" is used as the response for
//! multiple RPCs.`; the same-type finding for an `Empty`-to-`Empty` RPC needs both allowances
//! to go away.

use std::collections::HashMap;

use crate::image::ImageFile;
use crate::lint::elements::tag;
use crate::lint::{Cx, LintRule, Module, RuleDocs};

pub(crate) static RULE: Rule = Rule;

pub(crate) struct Rule;

const EMPTY: &str = "google.protobuf.Empty";

fn strip(t: &Option<String>) -> &str {
    let t = t.as_deref().unwrap_or("");
    t.strip_prefix('.').unwrap_or(t)
}

/// One RPC: its file, path, name, and the types it counts against.
struct Rpc<'a> {
    file: &'a ImageFile,
    path: [i32; 4],
    name: &'a str,
    request: &'a str,
    response: &'a str,
    counted: [Option<&'a str>; 2],
}

impl LintRule for Rule {
    fn check_module(&self, cx: &mut Cx<'_>, module: &Module<'_>) {
        let config = cx.config();
        let allow_requests = config.rpc_allow_google_protobuf_empty_requests;
        let allow_responses = config.rpc_allow_google_protobuf_empty_responses;
        let mut rpcs: Vec<Rpc<'_>> = Vec::new();
        let mut uses: HashMap<&str, u32> = HashMap::new();
        for file in module.image.targets() {
            for (s, service) in file.proto.service.iter().enumerate() {
                for (m, method) in service.method.iter().enumerate() {
                    let request = strip(&method.input_type);
                    let response = strip(&method.output_type);
                    let req = (!(allow_requests && request == EMPTY)).then_some(request);
                    let resp = (!(allow_responses && response == EMPTY)).then_some(response);
                    let counted = if req == resp {
                        [req, None]
                    } else {
                        [req, resp]
                    };
                    for t in counted.into_iter().flatten() {
                        *uses.entry(t).or_default() += 1;
                    }
                    rpcs.push(Rpc {
                        file,
                        path: [tag::FILE_SERVICE, s as i32, tag::SERVICE_METHOD, m as i32],
                        name: method.name.as_deref().unwrap_or(""),
                        request,
                        response,
                        counted,
                    });
                }
            }
        }
        // With one allowance, `Empty` is counted on the other side only, and buf says so.
        let empty_role = match (allow_requests, allow_responses) {
            (true, false) => "response",
            (false, true) => "request",
            _ => "request or response type",
        };
        for rpc in &rpcs {
            for t in rpc.counted.into_iter().flatten() {
                if uses.get(t).copied().unwrap_or(0) > 1 {
                    let role = if t == EMPTY {
                        empty_role
                    } else {
                        "request or response type"
                    };
                    cx.report(
                        rpc.file,
                        &rpc.path,
                        format!("\"{t}\" is used as the {role} for multiple RPCs."),
                    );
                }
            }
            let empty_allowed = rpc.request == EMPTY && allow_requests && allow_responses;
            if rpc.request == rpc.response
                && !config.rpc_allow_same_request_response
                && !empty_allowed
            {
                cx.report(
                    rpc.file,
                    &rpc.path,
                    format!(
                        "RPC \"{}\" has the same type \"{}\" for the request and response.",
                        rpc.name, rpc.request
                    ),
                );
            }
        }
    }
}

pub(crate) const DOCS: RuleDocs = RuleDocs {
    what: "Checks that each message is the request or response of at most one RPC across the module, and that no RPC uses one message as both its request and its response. `rpc_allow_same_request_response: true` allows the latter; `rpc_allow_google_protobuf_empty_requests` and `rpc_allow_google_protobuf_empty_responses` allow `google.protobuf.Empty` to be shared.",
    why: "When RPCs share a request or response type, adding a field for one RPC changes the contract of all the others; one dedicated type per RPC keeps each API free to evolve.",
    example: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (Foo);\n  rpc UpdateFoo(Foo) returns (Foo);\n}\n\nmessage GetFooRequest {}\n\nmessage Foo {}\n",
    use_instead: "syntax = \"proto3\";\n\npackage foo.v1;\n\nservice FooService {\n  rpc GetFoo(GetFooRequest) returns (GetFooResponse);\n  rpc UpdateFoo(UpdateFooRequest) returns (UpdateFooResponse);\n}\n\nmessage GetFooRequest {}\n\nmessage GetFooResponse {\n  Foo foo = 1;\n}\n\nmessage UpdateFooRequest {\n  Foo foo = 1;\n}\n\nmessage UpdateFooResponse {\n  Foo foo = 1;\n}\n\nmessage Foo {}\n",
    example_path: "foo/v1/foo.proto",
};
