fn main() -> std::io::Result<()> {
    println!("cargo:rerun-if-changed=proto");
    println!("cargo:rerun-if-env-changed=PROTOC");
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    // prost-build writes no file for a package it finds nothing in: a stale one from an
    // earlier build must not hide that.
    let _ = std::fs::remove_file(out_dir.join("smoke.v1.rs"));
    prost_build::Config::new()
        .file_descriptor_set_path(out_dir.join("smoke.binpb"))
        .compile_protos(&["proto/smoke/v1/orders.proto"], &["proto"])
}
