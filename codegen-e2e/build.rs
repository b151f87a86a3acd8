//! Generates the e2e API with protokit's build-script API (no protoc).

fn main() -> std::io::Result<()> {
    protokit_codegen::configure()
        .opt("client_trait")
        .opt("file_descriptor_set")
        .opt("default_unimplemented")
        .opt("type_attribute=.e2e.common=#[derive(PartialOrd)]")
        .compile_protos(&["proto/e2e/echo/v1/echo.proto"], &["proto"])
}
