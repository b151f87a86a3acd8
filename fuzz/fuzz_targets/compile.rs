//! Fuzz target: any UTF-8 text, compiled as one in-memory file `fuzz.proto` (with the
//! embedded well-known types importable), must compile or fail with errors — never panic —
//! and every reported error must point inside a known file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protokit_compiler::compile::Compiler;
use protokit_compiler::resolver::{Embedded, FileResolverExt, InMemory};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut files = InMemory::new();
    files.insert("fuzz.proto", text);
    let compiler = Compiler::new(files.or(Embedded));
    match compiler.compile(&["fuzz.proto"]) {
        Ok(output) => {
            // Encoding must not panic either.
            let _ = output.encode();
        }
        Err(errors) => {
            assert!(!errors.errors().is_empty(), "Err without any error");
            for e in errors.errors() {
                // Rendering must not panic (positions must be inside the file).
                let _ = errors.format_gcc(e);
            }
        }
    }
});
