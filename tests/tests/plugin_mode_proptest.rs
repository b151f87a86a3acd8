//! Property test: plugin mode never panics on what arrives on its standard input. Random bytes,
//! and valid requests with random parameters and random (possibly dangling) descriptors, get
//! an encoded `CodeGeneratorResponse` (with `error` set when protokit cannot serve them) or a
//! decode error; never a panic, not even one `respond` catches and reports. 64 cases a
//! property by default; set `PROPTEST_CASES` for more.

use proptest::prelude::*;
use prost::Message;
use protokit_cli::plugin_mode::{respond, PluginMode};
use protokit_compiler::descriptor::{DescriptorProto, FieldDescriptorProto, FileDescriptorProto};

#[derive(Clone, PartialEq, prost::Message)]
struct Request {
    #[prost(string, repeated, tag = "1")]
    file_to_generate: Vec<String>,
    #[prost(string, optional, tag = "2")]
    parameter: Option<String>,
    #[prost(message, repeated, tag = "15")]
    proto_file: Vec<FileDescriptorProto>,
}

#[derive(Clone, PartialEq, prost::Message)]
struct Response {
    #[prost(string, optional, tag = "1")]
    error: Option<String>,
    #[prost(uint64, optional, tag = "2")]
    supported_features: Option<u64>,
}

fn mode() -> impl Strategy<Value = PluginMode> {
    prop_oneof![
        Just(PluginMode::Lint),
        Just(PluginMode::Breaking),
        Just(PluginMode::Generate)
    ]
}

fn check(bytes: &[u8], mode: PluginMode) -> Result<(), TestCaseError> {
    if let Ok(out) = respond(bytes, mode) {
        let r = Response::decode(out.as_slice())
            .map_err(|e| TestCaseError::fail(format!("undecodable response: {e}")))?;
        prop_assert_eq!(r.supported_features, Some(3));
        let error = r.error.unwrap_or_default();
        prop_assert!(!error.contains("panicked"), "{}", error);
    }
    Ok(())
}

/// Parameters built from the keys plugin mode knows, odd values and escapes.
fn parameter() -> impl Strategy<Value = String> {
    let entry = prop_oneof![
        Just("mode=lint".to_string()),
        Just("mode=breaking".to_string()),
        Just("error_format=json".to_string()),
        Just("error_format=junit".to_string()),
        Just("limit_to_input_files".to_string()),
        Just("exclude_imports=false".to_string()),
        Just("config={version: v2}".to_string()),
        Just(r"against=.git#branch=nope\,subdir=x".to_string()),
        Just("against=does-not-exist.binpb".to_string()),
        "[a-z_=,:{}\"\\\\ ]{0,12}",
    ];
    prop::collection::vec(entry, 0..4).prop_map(|e| e.join(","))
}

fn file() -> impl Strategy<Value = FileDescriptorProto> {
    (
        "[a-c]/v1/[a-c]\\.proto",
        prop::option::of("[a-c]\\.v1"),
        prop::collection::vec("[a-zA-Z_.]{0,6}", 0..3),
        prop::collection::vec(("[A-Za-z_]{0,5}", "[.A-Za-z]{0,6}", any::<i32>()), 0..3),
        prop::option::of(prop_oneof![
            Just("proto2".to_string()),
            Just("proto3".to_string()),
            Just("editions".to_string()),
            "[a-z]{0,4}"
        ]),
        prop::option::of(any::<i32>()),
    )
        .prop_map(|(name, package, deps, fields, syntax, edition)| {
            let field = fields
                .into_iter()
                .map(|(n, t, number)| FieldDescriptorProto {
                    name: Some(n),
                    type_name: Some(t),
                    number: Some(number),
                    r#type: Some(11),
                    label: Some(1),
                    ..Default::default()
                })
                .collect();
            FileDescriptorProto {
                name: Some(name),
                package,
                dependency: deps,
                message_type: vec![DescriptorProto {
                    name: Some("m".into()),
                    field,
                    ..Default::default()
                }],
                syntax,
                edition,
                ..Default::default()
            }
        })
}

proptest! {
    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256), mode in mode()) {
        check(&bytes, mode)?;
    }

    #[test]
    fn random_requests(
        files in prop::collection::vec(file(), 0..4),
        generate in prop::collection::vec("[a-c]/v1/[a-c]\\.proto", 0..3),
        parameter in parameter(),
        mode in mode(),
    ) {
        let request = Request {
            file_to_generate: generate,
            parameter: Some(parameter),
            proto_file: files,
        };
        check(&request.encode_to_vec(), mode)?;
    }
}
