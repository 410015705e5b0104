//! Optional: binaryen's `wasm-opt` on the bound module. Current Rust emits wasm features that need
//! binaryen >= 117; Debian's and the `wasm-opt` crate's are older, so we use the npm package
//! `binaryen` (wasm-opt compiled to JavaScript + wasm, run with node), pinned in
//! `xtask/wasm-opt/package-lock.json`. Nothing requires it: without it the module ships as
//! rustc and wasm-bindgen made it.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::{node, util};

/// Whether to run wasm-opt on the module.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Do not run it (the default: it takes about half a minute and saves little; see README).
    #[default]
    Off,
    /// Install it with npm if missing, then run it (a failed install is a warning, not an error).
    On,
}

/// Where its package.json and node_modules live.
fn dir() -> PathBuf {
    util::root().join("xtask").join("wasm-opt")
}

fn script() -> PathBuf {
    dir()
        .join("node_modules")
        .join("binaryen")
        .join("bin")
        .join("wasm-opt")
}

/// The wasm-opt script if it is installed and node can run it.
pub fn find() -> Option<PathBuf> {
    let script = script();
    (script.is_file() && util::on_path("node")).then_some(script)
}

/// `npm ci` in xtask/wasm-opt (about 100 MB: the binaryen package).
pub fn install() -> Result<PathBuf> {
    node::ensure_node()?;
    println!("installing binaryen (wasm-opt) from npm into xtask/wasm-opt/node_modules (optional)");
    let mut npm = util::command("npm");
    npm.current_dir(dir())
        .args(["ci", "--no-audit", "--no-fund"])
        .stdin(std::process::Stdio::null());
    util::run(&mut npm).context("installing binaryen with npm")?;
    find().context("npm ci finished but the wasm-opt script is missing")
}

/// The flags: optimise for speed and size (`-O3` keeps the training loop as fast as rustc left
/// it; `-Oz` would trade speed for bytes), and keep the features rustc's wasm32 target enables
/// by default.
const FLAGS: &[&str] = &[
    "-O3",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-multivalue",
    "--enable-reference-types",
];

/// Optimises `wasm` in place; returns its size before.
pub fn optimise(script: &Path, wasm: &Path) -> Result<u64> {
    let before = fs::metadata(wasm)?.len();
    let out = wasm.with_extension("opt.wasm");
    let mut cmd = util::command("node");
    cmd.arg(script).arg(wasm).args(FLAGS).arg("-o").arg(&out);
    util::run(&mut cmd).context("wasm-opt failed")?;
    if !out.is_file() {
        bail!("wasm-opt wrote no {}", out.display());
    }
    fs::rename(&out, wasm)?;
    Ok(before)
}
