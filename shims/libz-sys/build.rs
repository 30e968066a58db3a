//! Tells libgit2-sys's build where zlib's headers are (`DEP_Z_INCLUDE`): zlib-rs's own copy
//! of `zlib.h`, which declares the symbols `libz-rs-sys` exports.

fn main() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("include");
    println!("cargo:include={}", dir.display());
    println!("cargo:rerun-if-changed=include");
}
