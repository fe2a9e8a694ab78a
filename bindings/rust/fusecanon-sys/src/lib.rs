//! Raw bindings to libfusecanon, the FUSE cross-architecture translation library.
//!
//! Everything in this crate is generated from `include/fusecanon.h` by the project's own generator
//! (`bindings/generator`, `--lang rust`): clang-14 reads the header's declarations (JSON AST) and a compiled probe
//! gives every constant's value and type and every struct's size and field offsets, so nothing here is typed by
//! hand.  Each struct's size is checked at compile time and its field offsets by generated `#[test]`s.  The header
//! is the reference for what each function does; the safe crate `fusecanon` wraps it.
//!
//! The build script links `libfusecanon.so` found through `FUSECANON_LIB_DIR`, or pkg-config's `fusecanon.pc`
//! (read by the build script itself, no pkg-config binary needed), and passes the directory on to dependents as
//! `DEP_FUSECANON_LIB_DIR`.
//!
//! The header's `static inline fusecanon_plan_*()` helpers and function-like macros are not exports and are not
//! bound here; the safe crate reimplements the plan helpers over [`fusecanon_plan`].
#![deny(missing_docs)]

mod bindings;
pub use bindings::*;
