//! protoc's plugin protocol for `protokit protoc`: `--NAME_out=[OPTS:]DIR`, `--NAME_opt=OPTS`
//! and `--plugin=[protoc-gen-NAME=]PATH`.
//!
//! Each `--NAME_out` runs the program `protoc-gen-NAME` once, in command-line order, with a
//! `CodeGeneratorRequest` on its standard input, and reads a `CodeGeneratorResponse` from its
//! standard output, exactly as protoc 35.1 does: the same request bytes, the same checks of
//! the response, the same messages. Generated files are kept in memory and written only
//! once every plugin succeeded.

pub(crate) mod messages;
mod meta_text;
mod outputs;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::process::{Command, Stdio};

use prost::Message;
use protokit_compiler::compile::{CompileOutput, CompiledFile};
use protokit_compiler::descriptor::DescriptorProto;
use protokit_compiler::format::c_escape;

use messages::{
    CodeGeneratorRequest, CodeGeneratorResponse, Version, FEATURE_PROTO3_OPTIONAL,
    FEATURE_SUPPORTS_EDITIONS,
};
use outputs::{Outputs, Pending};

/// The `compiler_version` protoc 35.1 sends (its C++ library is version 7.35.1).
const COMPILER_VERSION: (i32, i32, i32) = (7, 35, 1);

/// protoc's built-in generators, which protokit does not have.
const BUILT_IN: &[&str] = &[
    "cpp", "csharp", "java", "kotlin", "objc", "php", "pyi", "python", "ruby", "rust",
];

/// One `--NAME_out` flag.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Directive {
    /// The flag as written (`--foo_out`), for messages.
    flag: String,
    /// `OPTS` of `--foo_out=OPTS:DIR`.
    parameter: String,
    /// `DIR`.
    location: String,
}

/// The plugin flags of a protoc command line.
#[derive(Debug, Default)]
pub(crate) struct PluginArgs {
    directives: Vec<Directive>,
    /// `--plugin`: program name (`protoc-gen-foo`) → path.
    programs: HashMap<String, String>,
    /// `--foo_opt` values by program name, joined with `,`.
    options: HashMap<String, String>,
}

impl PluginArgs {
    /// Takes `--NAME_out`, `--NAME_opt` and `--plugin` flags (returning `Ok(true)`); any other
    /// flag is left to the caller (`Ok(false)`).
    pub(crate) fn parse_flag(&mut self, name: &str, value: &str) -> Result<bool, String> {
        if name == "--plugin" {
            let (program, path) = match value.split_once('=') {
                Some((program, path)) => (program, path),
                None => (value.rsplit('/').next().unwrap_or(value), value),
            };
            self.programs.insert(program.to_string(), path.to_string());
            return Ok(true);
        }
        let Some(stem) = name.strip_prefix("--") else {
            return Ok(false);
        };
        if let Some(generator) = stem.strip_suffix("_out") {
            if BUILT_IN.contains(&generator) {
                return Err(format!(
                    "{name}: protokit has no built-in code generators (protoc's {generator} \
                     generator is compiled into protoc). Use a plugin instead: \
                     --plugin=protoc-gen-NAME=PATH --NAME_out=DIR."
                ));
            }
            // A `:` separates options from the location, unless it is a Windows drive.
            let is_drive = cfg!(windows)
                && value.len() >= 3
                && value.as_bytes()[0].is_ascii_alphabetic()
                && value.as_bytes()[1] == b':'
                && matches!(value.as_bytes()[2], b'/' | b'\\');
            let (parameter, location) = match value.split_once(':') {
                Some((p, l)) if !is_drive => (p, l),
                _ => ("", value),
            };
            self.directives.push(Directive {
                flag: name.to_string(),
                parameter: parameter.to_string(),
                location: location.to_string(),
            });
            return Ok(true);
        }
        if let Some(generator) = stem.strip_suffix("_opt") {
            if !BUILT_IN.contains(&generator) {
                let options = self.options.entry(program_name(name)).or_default();
                if !options.is_empty() {
                    options.push(',');
                }
                options.push_str(value);
            }
            return Ok(true);
        }
        Ok(false)
    }

    /// Whether there is a `--NAME_out` to run.
    pub(crate) fn has_outputs(&self) -> bool {
        !self.directives.is_empty()
    }

    /// Runs every plugin, then writes what they generated. `names` are the inputs' import
    /// names as given (protoc repeats a file given twice in `file_to_generate`). Returns the
    /// paths written (each output location followed by a file name, locations in sorted
    /// order, a leading `./` dropped: what protoc's `--dependency_out` lists). On failure
    /// protoc's messages are printed, nothing is written and the result is `None`.
    pub(crate) fn generate(
        &self,
        compiled: &CompileOutput,
        names: &[String],
    ) -> Option<Vec<String>> {
        let inputs: Vec<&CompiledFile> = compiled.inputs().collect();
        let mut request = CodeGeneratorRequest {
            file_to_generate: names.to_vec(),
            parameter: None,
            compiler_version: Some(Version {
                major: Some(COMPILER_VERSION.0),
                minor: Some(COMPILER_VERSION.1),
                patch: Some(COMPILER_VERSION.2),
                suffix: Some(String::new()),
            }),
            // protoc 35.1 strips source-retention options from the files to generate only;
            // the files they import keep them.
            proto_file: compiled
                .files()
                .iter()
                .map(|f| {
                    if f.is_input() {
                        f.proto_with_source_info()
                    } else {
                        f.proto_with_retained_options()
                    }
                })
                .collect(),
            // In dependency order, not command-line order, as protoc sends them.
            source_file_descriptors: compiled
                .files()
                .iter()
                .filter(|f| f.is_input())
                .map(CompiledFile::proto_with_retained_options)
                .collect(),
        };

        // Output locations in order of first use; protoc shares one set of files per location,
        // so a plugin can insert into what an earlier one generated there.
        let mut locations: Vec<(String, Outputs)> = Vec::new();
        for directive in &self.directives {
            let mut location = directive.location.clone();
            if !outputs::is_archive(&location) && !location.is_empty() && !location.ends_with('/') {
                location.push('/');
            }
            let index = match locations.iter().position(|(l, _)| *l == location) {
                Some(i) => i,
                None => {
                    locations.push((location, Outputs::default()));
                    locations.len() - 1
                }
            };
            let program = program_name(&directive.flag);
            let mut parameter = directive.parameter.clone();
            if let Some(extra) = self.options.get(&program).filter(|o| !o.is_empty()) {
                if !parameter.is_empty() {
                    parameter.push(',');
                }
                parameter.push_str(extra);
            }
            request.parameter = (!parameter.is_empty()).then_some(parameter);
            let outputs = &mut locations[index].1;
            if let Err(error) = self.run_one(&program, &request, &inputs, outputs) {
                eprintln!("{}: {error}", directive.flag);
                return None;
            }
        }

        // Unlike protoc, which writes location after location, check them all first so that a
        // bad one leaves the others unwritten too.
        if locations.iter().any(|(_, o)| o.had_error) {
            return None;
        }
        if !locations.iter().all(|(l, _)| Outputs::check_location(l)) {
            return None;
        }
        // What protoc's --dependency_out lists: locations in order, each one's files sorted.
        let mut by_location: Vec<(&String, Vec<String>)> = locations
            .iter()
            .map(|(l, o)| (l, o.names().map(|n| format!("{l}{n}")).collect()))
            .collect();
        by_location.sort_by(|a, b| a.0.cmp(b.0));
        let written: Vec<String> = by_location
            .into_iter()
            .flat_map(|(_, names)| names)
            .map(|n| n.strip_prefix("./").map(str::to_string).unwrap_or(n))
            .collect();
        locations
            .into_iter()
            .all(|(location, outputs)| outputs.write(&location))
            .then_some(written)
    }

    /// One plugin run: protoc's `GeneratePluginOutput`. `Err` holds the text protoc prints
    /// after `--NAME_out: ` (possibly empty: the reason is already printed).
    fn run_one(
        &self,
        program: &str,
        request: &CodeGeneratorRequest,
        inputs: &[&CompiledFile],
        outputs: &mut Outputs,
    ) -> Result<(), String> {
        let path = self.programs.get(program);
        let response = communicate(program, path.map(String::as_str), &request.encode_to_vec())
            .map_err(|e| format!("{program}: {e}"))?;

        let mut pending: Option<Pending> = None;
        for file in &response.file {
            let text = |b: &Option<Vec<u8>>| {
                String::from_utf8_lossy(b.as_deref().unwrap_or_default()).into_owned()
            };
            let name = text(&file.name);
            let point = text(&file.insertion_point);
            if !point.is_empty() || !name.is_empty() {
                if let Some(done) = pending.take() {
                    outputs.close(done);
                }
                pending = Some(Pending {
                    name,
                    insertion_point: (!point.is_empty()).then_some(point),
                    data: Vec::new(),
                    info: if file
                        .insertion_point
                        .as_deref()
                        .is_some_and(|p| !p.is_empty())
                    {
                        file.generated_code_info.clone().unwrap_or_default()
                    } else {
                        Default::default()
                    },
                });
            }
            let Some(current) = pending.as_mut() else {
                return Err(format!(
                    "{program}: First file chunk returned by plugin did not specify a file name."
                ));
            };
            current
                .data
                .extend_from_slice(file.content.as_deref().unwrap_or_default());
        }
        if let Some(done) = pending.take() {
            outputs.close(done);
        }

        let features = response.supported_features.unwrap_or(0);
        let mut ok = check_proto3_optional(program, features, inputs);
        ok &= check_editions(
            program,
            features,
            response.minimum_edition.unwrap_or(0),
            response.maximum_edition.unwrap_or(0),
            inputs,
        );
        if let Some(error) = response.error.as_deref().filter(|e| !e.is_empty()) {
            return Err(String::from_utf8_lossy(error).into_owned());
        }
        if ok {
            Ok(())
        } else {
            Err(String::new())
        }
    }
}

/// `--foo_out` / `--foo_opt` → `protoc-gen-foo`.
fn program_name(flag: &str) -> String {
    let stem = flag.strip_prefix("--").unwrap_or(flag);
    format!("protoc-gen-{}", &stem[..stem.len().saturating_sub(4)])
}

/// Runs the plugin with the request on its standard input and decodes its standard output:
/// protoc's `Subprocess::Communicate`, with its error texts. `path` is the `--plugin` path;
/// without one, `program` is searched on `PATH`.
fn communicate(
    program: &str,
    path: Option<&str>,
    request: &[u8],
) -> Result<CodeGeneratorResponse, String> {
    let shown = path.unwrap_or(program);
    // protoc runs a `--plugin` path as given (execv: no `PATH` search, relative to the
    // working directory); only a bare program name is searched.
    let executable = match path {
        Some(p) if !p.contains('/') => format!("./{p}"),
        Some(p) => p.to_string(),
        None => program.to_string(),
    };
    let child = Command::new(&executable)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(_) => {
            // What protoc's forked child prints when exec fails, before exiting with 1.
            eprintln!(
                "{shown}: program not found or is not executable\nPlease specify a program \
                 using absolute path or make sure the program is available in your PATH \
                 system variable"
            );
            return Err("Plugin failed with status code 1.".into());
        }
    };
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = request.to_vec();
    // A plugin may exit without reading its input; a broken pipe is not an error.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let mut output = Vec::new();
    let read = child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_end(&mut output);
    let _ = writer.join();
    let status = child.wait().map_err(|e| e.to_string())?;
    read.map_err(|e| e.to_string())?;
    if let Some(code) = status.code() {
        if code != 0 {
            return Err(format!("Plugin failed with status code {code}."));
        }
    } else {
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            if let Some(signal) = status.signal() {
                return Err(format!("Plugin killed by signal {signal}."));
            }
        }
        return Err("Neither WEXITSTATUS nor WTERMSIG is true?".into());
    }
    CodeGeneratorResponse::decode(output.as_slice())
        .map_err(|_| format!("Plugin output is unparseable: {}", c_escape(&output)))
}

/// protoc's `EnforceProto3OptionalSupport`: a proto3 input with an `optional` field needs a
/// plugin that says it supports them.
fn check_proto3_optional(program: &str, features: u64, inputs: &[&CompiledFile]) -> bool {
    if features & FEATURE_PROTO3_OPTIONAL != 0 {
        return true;
    }
    fn has_optional(m: &DescriptorProto) -> bool {
        m.field.iter().any(|f| f.proto3_optional == Some(true))
            || m.nested_type.iter().any(has_optional)
    }
    for file in inputs {
        let proto = file.proto();
        if proto.syntax.as_deref() == Some("proto3") && proto.message_type.iter().any(has_optional)
        {
            eprintln!(
                "{}: is a proto3 file that contains optional fields, but code generator \
                 {program} hasn't been updated to support optional fields in proto3. Please ask \
                 the owner of this code generator to support proto3 optional.",
                file.name()
            );
            return false;
        }
    }
    true
}

/// `google.protobuf.Edition` values.
const EDITION_PROTO2: i32 = 998;
const EDITION_PROTO3: i32 = 999;
const EDITION_2023: i32 = 1000;

/// protoc's `EnforceEditionsSupport`: editions inputs need a plugin that supports editions,
/// and their edition within the plugin's minimum and maximum. These messages end without a
/// newline in protoc, so `--NAME_out: ` follows on the same line.
fn check_editions(
    program: &str,
    features: u64,
    minimum: i32,
    maximum: i32,
    inputs: &[&CompiledFile],
) -> bool {
    for file in inputs {
        let proto = file.proto();
        let edition = match proto.syntax.as_deref() {
            Some("editions") => proto.edition.unwrap_or(0),
            Some("proto3") => EDITION_PROTO3,
            _ => EDITION_PROTO2,
        };
        let name = file.name();
        // Legacy syntax and protobuf's own files are exempt.
        if edition < EDITION_2023
            || name.starts_with("google/protobuf/")
            || name.starts_with("upb/")
        {
            continue;
        }
        if features & FEATURE_SUPPORTS_EDITIONS == 0 {
            eprint!(
                "{name}: is an editions file, but code generator {program} hasn't been updated \
                 to support editions yet.  Please ask the owner of this code generator to add \
                 support or switch back to proto2/proto3.\n\nSee \
                 https://protobuf.dev/editions/overview/ for more information."
            );
            return false;
        }
        if edition < minimum {
            eprint!(
                "{name}: is a file using edition {}, which isn't supported by code generator \
                 {program}.  Please upgrade your file to at least edition {}.",
                edition_name(edition),
                edition_name(minimum)
            );
            return false;
        }
        if edition > maximum {
            eprint!(
                "{name}: is a file using edition {}, which isn't supported by code generator \
                 {program}.  Please ask the owner of this code generator to add support or \
                 switch back to a maximum of edition {}.",
                edition_name(edition),
                edition_name(maximum)
            );
            return false;
        }
    }
    true
}

/// An edition as protoc prints it: the enum value's name without `EDITION_`.
fn edition_name(edition: i32) -> String {
    match edition {
        0 => "UNKNOWN".into(),
        900 => "LEGACY".into(),
        EDITION_PROTO2 => "PROTO2".into(),
        EDITION_PROTO3 => "PROTO3".into(),
        EDITION_2023 => "2023".into(),
        1001 => "2024".into(),
        1 => "1_TEST_ONLY".into(),
        2 => "2_TEST_ONLY".into(),
        99997 => "99997_TEST_ONLY".into(),
        99998 => "99998_TEST_ONLY".into(),
        99999 => "99999_TEST_ONLY".into(),
        0x7FFF_FFFF => "MAX".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(flags: &[(&str, &str)]) -> PluginArgs {
        let mut args = PluginArgs::default();
        for (name, value) in flags {
            assert!(args.parse_flag(name, value).unwrap(), "{name}");
        }
        args
    }

    #[test]
    fn flags() {
        let a = parsed(&[
            ("--foo_out", "a,b:out"),
            ("--foo_opt", "c"),
            ("--foo_opt", "d"),
            ("--bar_out", "C:out"),
            ("--plugin", "protoc-gen-foo=bin/gen"),
            ("--plugin", "tools/protoc-gen-bar"),
        ]);
        assert_eq!(a.directives[0].parameter, "a,b");
        assert_eq!(a.directives[0].location, "out");
        assert_eq!(a.directives[1].location, "out");
        assert_eq!(a.options["protoc-gen-foo"], "c,d");
        assert_eq!(a.programs["protoc-gen-foo"], "bin/gen");
        assert_eq!(a.programs["protoc-gen-bar"], "tools/protoc-gen-bar");
        let err = PluginArgs::default()
            .parse_flag("--cpp_out", ".")
            .unwrap_err();
        assert!(err.contains("no built-in code generators"), "{err}");
        assert!(!PluginArgs::default()
            .parse_flag("--proto_path", ".")
            .unwrap());
    }

    #[test]
    fn escapes_like_protoc() {
        assert_eq!(
            c_escape(b"\xff\x00hello\n\"'\\\tz"),
            "\\377\\000hello\\n\\\"\\'\\\\\\tz"
        );
    }

    #[test]
    fn edition_names() {
        assert_eq!(edition_name(999), "PROTO3");
        assert_eq!(edition_name(1001), "2024");
    }
}
