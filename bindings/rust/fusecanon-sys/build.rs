//! Finds libfusecanon for the linker.
//!
//! 1. `FUSECANON_LIB_DIR`: the directory holding `libfusecanon.so` (e.g. a CMake build's `build/lib`).
//! 2. pkg-config's `fusecanon.pc`, looked up like pkg-config does (`PKG_CONFIG_PATH`, then `PKG_CONFIG_LIBDIR` or
//!    the standard directories) and read here: its variables, `${pcfiledir}` (the installed file is relocatable)
//!    and the `-L`/`-l` words of `Libs:`.  No pkg-config binary and no crate is needed.
//!
//! The directory is passed on to dependent build scripts as `DEP_FUSECANON_LIB_DIR` (the `links` metadata).
use std::collections::HashMap;
use std::env;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=FUSECANON_LIB_DIR");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_PATH");
    println!("cargo:rerun-if-env-changed=PKG_CONFIG_LIBDIR");
    println!("cargo:rerun-if-changed=build.rs");

    let (dirs, libs, source) = match env::var_os("FUSECANON_LIB_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => (vec![PathBuf::from(dir)], vec!["fusecanon".to_string()], "FUSECANON_LIB_DIR".to_string()),
        None => match find_pc_file() {
            Some(pc) => {
                println!("cargo:rerun-if-changed={}", pc.display());
                let (dirs, libs) = read_pc_libs(&pc).unwrap_or_else(|e| panic!("{}: {}", pc.display(), e));
                (dirs, libs, pc.display().to_string())
            }
            None => panic!(
                "libfusecanon not found: set FUSECANON_LIB_DIR to the directory holding libfusecanon.so \
                 (e.g. the CMake build's build/lib), or PKG_CONFIG_PATH to the directory holding fusecanon.pc \
                 (after `cmake --install build --prefix P`: P/lib/pkgconfig)"
            ),
        },
    };
    if !libs.iter().any(|l| l == "fusecanon") {
        panic!("{} does not link -lfusecanon", source);
    }
    for dir in &dirs {
        println!("cargo:rustc-link-search=native={}", dir.display());
    }
    for lib in &libs {
        println!("cargo:rustc-link-lib=dylib={}", lib);
    }
    if let Some(dir) = dirs.first() {
        println!("cargo:lib_dir={}", dir.display());
    }
}

/// The directories pkg-config searches, in its order.
fn pc_search_path() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(p) = env::var_os("PKG_CONFIG_PATH") {
        dirs.extend(env::split_paths(&p).filter(|d| !d.as_os_str().is_empty()));
    }
    match env::var_os("PKG_CONFIG_LIBDIR") {
        Some(p) => dirs.extend(env::split_paths(&p).filter(|d| !d.as_os_str().is_empty())),
        None => {
            // Debian's defaults: the multiarch directory of the target, then the generic ones.
            let target = env::var("TARGET").unwrap_or_default();
            let arch = target.split('-').next().unwrap_or("");
            let multiarch = format!("{}-linux-gnu", arch);
            for prefix in ["/usr/local", "/usr"] {
                dirs.push(Path::new(prefix).join("lib").join(&multiarch).join("pkgconfig"));
                dirs.push(Path::new(prefix).join("lib/pkgconfig"));
                dirs.push(Path::new(prefix).join("share/pkgconfig"));
            }
        }
    }
    dirs
}

fn find_pc_file() -> Option<PathBuf> {
    pc_search_path().into_iter().map(|d| d.join("fusecanon.pc")).find(|p| p.is_file())
}

/// The `-L` directories and `-l` libraries of a .pc file's `Libs:` line, with its variables expanded.
fn read_pc_libs(pc: &Path) -> Result<(Vec<PathBuf>, Vec<String>), String> {
    let text = fs::read_to_string(pc).map_err(|e| e.to_string())?;
    let mut vars: HashMap<String, String> = HashMap::new();
    let pcfiledir = pc.parent().map(|p| p.display().to_string()).unwrap_or_else(|| ".".into());
    vars.insert("pcfiledir".into(), pcfiledir);
    let mut libs_line = None;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if let Some(value) = line.strip_prefix("Libs:") {
            libs_line = Some(expand(value.trim(), &vars)?);
        } else if let Some(eq) = line.find('=') {
            let (name, value) = (line[..eq].trim(), line[eq + 1..].trim());
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.') {
                let value = expand(value, &vars)?;
                vars.insert(name.to_string(), value);
            }
        }
    }
    let libs_line = libs_line.ok_or("no Libs: line")?;
    let mut dirs = Vec::new();
    let mut libs = Vec::new();
    for word in libs_line.split_whitespace() {
        if let Some(d) = word.strip_prefix("-L") {
            dirs.push(PathBuf::from(d));
        } else if let Some(l) = word.strip_prefix("-l") {
            libs.push(l.to_string());
        }
    }
    Ok((dirs, libs))
}

/// Replaces every `${name}` with the variable's value, as pkg-config does.
fn expand(value: &str, vars: &HashMap<String, String>) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find('}').ok_or_else(|| format!("unterminated variable in {}", value))? + start;
        let name = &rest[start + 2..end];
        out.push_str(vars.get(name).ok_or_else(|| format!("undefined variable {}", name))?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}
