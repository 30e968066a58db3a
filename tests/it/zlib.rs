//! Which zlib libgit2 inflates with. `Cargo.toml` puts zlib-rs (`shims/libz-sys`) in the place
//! of the `libz-sys` crate through a `[patch]`, and cargo drops a patch with no more than a
//! warning once no crate asks for a version the patch provides (libgit2-sys moving to another
//! libz-sys, say): the system's zlib would then take its place, noticed only as a slower scan.

use std::ffi::{c_char, CStr};

extern "C" {
    /// The version string of whichever zlib is linked in; every zlib exports it.
    fn zlibVersion() -> *const c_char;
}

#[test]
fn libgit2_inflates_with_zlib_rs() {
    // SAFETY: `zlibVersion` takes nothing and returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(zlibVersion()) }.to_string_lossy();
    assert!(
        version.contains("zlib-rs"),
        "zlib {version} is linked instead of zlib-rs: the [patch] of libz-sys in Cargo.toml \
         no longer applies (see shims/libz-sys/Cargo.toml)"
    );
}
