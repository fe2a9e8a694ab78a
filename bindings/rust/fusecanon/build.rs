//! Lets this crate's own tests and examples find libfusecanon at run time: the directory fusecanon-sys linked
//! against (`DEP_FUSECANON_LIB_DIR`) becomes their rpath.  Crates that depend on `fusecanon` are not affected.
fn main() {
    println!("cargo:rerun-if-env-changed=DEP_FUSECANON_LIB_DIR");
    if let Ok(dir) = std::env::var("DEP_FUSECANON_LIB_DIR") {
        // Applies to what this package links (tests, examples, doctests), not to the rlib its users link.
        println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir);
    }
}
