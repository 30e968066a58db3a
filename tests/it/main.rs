//! hunkguard's integration tests, one binary with a module per concern: each module builds
//! real repositories with the `git` binary and runs the real `hunkguard` binary on them, but
//! `properties`, which calls the library on generated blobs, and `zlib`, which asks the zlib
//! linked in for its version.
//!
//! One binary rather than one per file: cargo links each test binary separately, and every one
//! of them would compile `common` again.

mod common;
mod config;
mod diff_vs_git;
mod fixtures;
mod formats;
mod hooks;
mod hostile;
mod layers;
mod pipeline;
mod properties;
mod review;
mod zlib;
