//! Fuzz target: any bytes on a protoc plugin's standard input, in each plugin mode (the first
//! byte picks lint, breaking or generate; the rest is the `CodeGeneratorRequest`), must get an
//! encoded `CodeGeneratorResponse` or a decode error — never a panic, caught or not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use prost::Message;
use protokit_cli::plugin_mode::{respond, PluginMode};

/// The part of `CodeGeneratorResponse` checked here.
#[derive(Clone, PartialEq, prost::Message)]
struct Response {
    #[prost(string, optional, tag = "1")]
    error: Option<String>,
}

fuzz_target!(|data: &[u8]| {
    // protokit-codegen runs prost-build under `catch_unwind` (prost-build asserts on some
    // malformed descriptors) and answers an error; libfuzzer-sys's panic hook would abort on
    // that caught panic. With a quiet hook, caught panics pass and `respond`'s own report of
    // a panic fails the assertion below.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Some((&first, request)) = data.split_first() else {
        return;
    };
    let mode = match first % 3 {
        0 => PluginMode::Lint,
        1 => PluginMode::Breaking,
        _ => PluginMode::Generate,
    };
    if let Ok(response) = respond(request, mode) {
        // `respond` turns a panic into an error response; the fuzzer must still see it.
        let response = Response::decode(response.as_slice()).expect("a decodable response");
        if response.error.as_deref() == Some("internal error: protokit panicked on this request") {
            eprintln!("a request made protokit panic");
            std::process::abort();
        }
    }
});
