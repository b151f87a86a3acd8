//! The `protokit` command line: argument parsing and input resolution on top of the protokit
//! libraries.
//!
//! The binary's `main` is [`main`]; the library exists so that tests and other binaries (e.g.
//! a `protoc` shim) run exactly the same code.

#![warn(missing_docs)]

mod breaking;
mod build;
mod generate;
mod gitref;
mod input;
mod json_image;
mod lint;
mod module;
mod output;
pub mod plugin_mode;
mod plugins;
mod protoc;
mod rules;

use std::ffi::OsString;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Runs the command line of the current process and returns its exit code.
pub fn main() -> ExitCode {
    run(std::env::args_os().collect())
}

/// Runs a command line (`args[0]` is the program name) and returns its exit code: 0 on
/// success, 1 on errors and bad usage, and for `lint` and `breaking` 100 when there are
/// findings (as buf).
///
/// When the program name is `protoc` (for example a symlink named `protoc` pointing at the
/// `protokit` binary), the arguments are protoc's, as for `protokit protoc`. When it is
/// `protoc-gen-*`, or there are no arguments and stdin is not a terminal (and not empty), the
/// binary is a protoc plugin (see [`plugin_mode`]).
pub fn run(args: Vec<OsString>) -> ExitCode {
    let invoked_as_protoc = args
        .first()
        .and_then(|a| Path::new(a).file_stem())
        .is_some_and(|stem| stem == "protoc");
    if invoked_as_protoc {
        return protoc::run(to_strings(&args[1..]));
    }
    let plugin_name = args
        .first()
        .and_then(|a| Path::new(a).file_stem())
        .and_then(|stem| plugin_mode::mode_for_program(&stem.to_string_lossy()));
    if let Some(mode) = plugin_name {
        return plugin_mode::serve(mode);
    }
    if args.len() == 1 && !std::io::stdin().is_terminal() {
        if let Some(code) = plugin_mode::serve_detected(plugin_mode::PluginMode::Generate) {
            return code;
        }
    }

    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Protoc { args } => protoc::run(args),
        Command::Lint(args) => lint::run(args),
        Command::Breaking(args) => breaking::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Explain(args) => rules::explain(args),
        Command::Plugin(args) => plugin_mode::run(args),
    }
}

fn to_strings(args: &[OsString]) -> Vec<String> {
    args.iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// protokit: a Protocol Buffers toolchain.
#[derive(Parser)]
#[command(name = "protokit", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Compile .proto files into a FileDescriptorSet (an image), like `buf build`.
    Build(build::BuildArgs),
    /// Generate Rust (prost messages, tonic 0.14 clients and servers) into a directory.
    Generate(generate::GenerateArgs),
    /// Lint .proto files with buf's rules, like `buf lint` (exit 0 clean, 100 findings, 1 error).
    Lint(lint::LintArgs),
    /// Check for breaking changes against another input, like `buf breaking` (exit 0 none,
    /// 100 findings, 1 error).
    Breaking(breaking::BreakingArgs),
    /// List the lint rules with their categories and defaults, like `buf config ls-lint-rules`.
    Rules(rules::RulesArgs),
    /// Print a lint rule's documentation.
    Explain(rules::ExplainArgs),
    /// Run as a protoc plugin: read a CodeGeneratorRequest on stdin, write a
    /// CodeGeneratorResponse on stdout (also chosen by the program name `protoc-gen-*`, or by
    /// no arguments with stdin not a terminal).
    Plugin(plugin_mode::PluginArgs),
    /// Run with protoc's command line (`protokit protoc -I. -o out.binpb a.proto`).
    #[command(disable_help_flag = true)]
    Protoc {
        /// protoc's arguments.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}
