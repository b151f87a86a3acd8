//! The `protokit` binary, built inside the test package (see `protokit_tests::protokit_bin`).

fn main() -> std::process::ExitCode {
    protokit_cli::main()
}
