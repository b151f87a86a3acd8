//! Fuzz target: any bytes on a protoc plugin's standard input, in each plugin mode (the first
//! byte picks lint, breaking or generate; the rest is the `CodeGeneratorRequest`), must get an
//! encoded `CodeGeneratorResponse` or a decode error — never a panic, caught or not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protokit_cli::plugin_mode::{respond, PluginMode};

fuzz_target!(|data: &[u8]| {
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
        let marker = b"protokit panicked";
        assert!(
            !response.windows(marker.len()).any(|w| w == marker),
            "a request made protokit panic"
        );
    }
});
