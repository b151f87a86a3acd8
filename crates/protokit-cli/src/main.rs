//! The `protokit` binary.

fn main() -> std::process::ExitCode {
    protokit_cli::main()
}
