//! Stands in for `libz-sys` so that libgit2 inflates with zlib-rs.
//!
//! libgit2 spends most of a range scan's object reading in zlib: each blob of a release
//! history is a chain of up to 50 deltas, every one of them deflated. zlib-rs inflates faster
//! than the system's zlib 1.2 (SIMD Adler-32 and chunked copies, chosen at run time by CPU).
//! libgit2's C code calls the plain zlib names (`inflate`, `inflateInit_`, ...), which
//! `libz-rs-sys` exports with its `export-symbols` feature; linking this crate brings them in.

pub use libz_rs_sys::*;
