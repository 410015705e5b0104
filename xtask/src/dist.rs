//! `cargo xtask dist`: the wasm module, its JS glue (wasm-bindgen, `--target web`) and `www/`,
//! as a static site in `dist/`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use flate2::write::GzEncoder;
use flate2::Compression;
use wasm_bindgen_cli_support::Bindgen;

use crate::{util, wasm_opt};

/// The playground crate's package name and the module name of its JS glue.
pub const PACKAGE: &str = "backprop-playground";
pub const MODULE: &str = "backprop_playground";
/// The module built for wasm SIMD (`simd128`: two f64 per instruction), which `www/wasm.js` loads
/// where the browser has it. It computes the same bits: only the width of the arithmetic differs.
pub const SIMD_MODULE: &str = "backprop_playground_simd";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Build the wasm in the dev profile (faster to build, larger, debug glue).
    pub debug: bool,
    /// `opt-level` for the wasm build only (`"s"`, `"z"`, `"2"`, …), through Cargo's
    /// `CARGO_PROFILE_RELEASE_OPT_LEVEL`: it sets the page's crate and the libraries without
    /// their own (the maths, `backprop-nn`, and its generator keep 3, as Cargo.toml says); the
    /// native build keeps the release profile's.
    pub opt_level: Option<String>,
    /// Whether to run binaryen's wasm-opt on the bound module (optional, from npm).
    pub wasm_opt: wasm_opt::Mode,
}

/// What `dist` built.
#[derive(Clone, Debug)]
pub struct Site {
    pub dir: PathBuf,
    pub wasm_bytes: u64,
    pub wasm_gzipped: u64,
    /// The simd128 build's size.
    pub simd_wasm_bytes: u64,
    pub simd_wasm_gzipped: u64,
    /// The module's size before wasm-opt, raw and gzipped, if wasm-opt ran.
    pub before_wasm_opt: Option<(u64, u64)>,
    pub opt_level: Option<String>,
}

/// Builds the site and returns the `dist/` directory.
pub fn dist(options: Options) -> Result<PathBuf> {
    build(options).map(|site| site.dir)
}

/// Builds the site into `dist/`.
pub fn build(options: Options) -> Result<Site> {
    let root = util::root();
    check_bindgen_version(&root.join("Cargo.lock"))?;

    let wasm = compile(&options, false)?;
    let simd_wasm = compile(&options, true)?;

    let dist = root.join("dist");
    if dist.exists() {
        fs::remove_dir_all(&dist).with_context(|| format!("removing {}", dist.display()))?;
    }
    let pkg = dist.join("pkg");
    fs::create_dir_all(&pkg)?;
    bind(&wasm, &pkg, MODULE, options.debug)?;
    bind(&simd_wasm, &pkg, SIMD_MODULE, options.debug)?;

    let www = root.join("www");
    let copied = copy_dir(&www, &dist).with_context(|| format!("copying {}", www.display()))?;
    println!("copied {copied} file(s) from www/ to dist/");
    if !dist.join("index.html").is_file() {
        println!("warning: www/index.html is missing; dist/ has no page");
    }

    let bound = pkg.join(format!("{MODULE}_bg.wasm"));
    let shown = bound
        .strip_prefix(&root)
        .unwrap_or(&bound)
        .display()
        .to_string();
    let before_wasm_opt = match run_wasm_opt(options.wasm_opt, &bound)? {
        Some(before) => Some((before.len() as u64, gzip_size(&before)?)),
        None => None,
    };
    let simd_bound = pkg.join(format!("{SIMD_MODULE}_bg.wasm"));
    run_wasm_opt(options.wasm_opt, &simd_bound)?;
    let bytes = fs::read(&bound).with_context(|| format!("reading {}", bound.display()))?;
    let simd_bytes =
        fs::read(&simd_bound).with_context(|| format!("reading {}", simd_bound.display()))?;
    let site = Site {
        dir: dist.clone(),
        wasm_bytes: bytes.len() as u64,
        wasm_gzipped: gzip_size(&bytes)?,
        simd_wasm_bytes: simd_bytes.len() as u64,
        simd_wasm_gzipped: gzip_size(&simd_bytes)?,
        before_wasm_opt,
        opt_level: options.opt_level.clone(),
    };
    if let Some((raw, gzipped)) = site.before_wasm_opt {
        println!(
            "before wasm-opt: {} raw, {} gzipped",
            util::human_size(raw),
            util::human_size(gzipped)
        );
    }
    println!(
        "{shown}: {} raw, {} gzipped; its simd128 build: {} raw, {} gzipped",
        util::human_size(site.wasm_bytes),
        util::human_size(site.wasm_gzipped),
        util::human_size(site.simd_wasm_bytes),
        util::human_size(site.simd_wasm_gzipped),
    );
    println!("site written to {}", dist.display());
    Ok(site)
}

/// Compiles the crate to wasm, plain or with `simd128` (in a target directory of its own, so
/// the two builds do not undo each other), and returns the module's path.
fn compile(options: &Options, simd: bool) -> Result<PathBuf> {
    let mut build = util::cargo();
    build.args(["build", "--target", WASM_TARGET, "--lib", "-p", PACKAGE]);
    if !options.debug {
        build.arg("--release");
    }
    if let Some(level) = &options.opt_level {
        let profile = if options.debug { "DEV" } else { "RELEASE" };
        println!("wasm build with opt-level = {level:?} (CARGO_PROFILE_{profile}_OPT_LEVEL)");
        build.env(format!("CARGO_PROFILE_{profile}_OPT_LEVEL"), level);
    }
    let mut target = target_dir()?;
    if simd {
        println!("the simd128 build (-C target-feature=+simd128):");
        target = target.join("simd128");
        build.arg("--target-dir").arg(&target);
        // CARGO_ENCODED_RUSTFLAGS wins over every other way of giving flags (a RUSTFLAGS set in
        // CI would silently drop a target-specific one), so the feature joins whatever flags
        // were already given. With --target they reach the module only, not build scripts.
        let mut flags: Vec<String> = match std::env::var("CARGO_ENCODED_RUSTFLAGS") {
            Ok(encoded) if !encoded.is_empty() => encoded.split('\x1f').map(String::from).collect(),
            _ => std::env::var("RUSTFLAGS")
                .map(|f| f.split_whitespace().map(String::from).collect())
                .unwrap_or_default(),
        };
        flags.push("-Ctarget-feature=+simd128".into());
        build.env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"));
    }
    util::run(&mut build).context("building the wasm module")?;
    let profile = if options.debug { "debug" } else { "release" };
    let wasm = target
        .join(WASM_TARGET)
        .join(profile)
        .join(format!("{MODULE}.wasm"));
    if !wasm.is_file() {
        bail!("cargo build succeeded but {} is missing", wasm.display());
    }
    // The module's target_features section names what it was built with.
    let names_simd = fs::read(&wasm)?.windows(7).any(|w| w == b"simd128");
    if simd && !names_simd {
        bail!(
            "the simd128 build of {} has no simd128 feature",
            wasm.display()
        );
    }
    Ok(wasm)
}

/// Binds `wasm` into `pkg` as `<name>.js` and `<name>_bg.wasm` (wasm-bindgen, `--target web`).
fn bind(wasm: &Path, pkg: &Path, name: &str, debug: bool) -> Result<()> {
    println!("binding {} -> {}/{name}.js", wasm.display(), pkg.display());
    Bindgen::new()
        .input_path(wasm)
        .out_name(name)
        .web(true)?
        .typescript(false)
        // As the CLI's `--target web`: `init()` without arguments fetches `<module>_bg.wasm`
        // next to the JS file.
        .omit_default_module_path(false)
        .debug(debug)
        // The release module ships without the function-name section (about a tenth of its
        // size): panics still print their message and source line through the panic hook; only
        // the browser's wasm stack frames lose their names. `--debug` keeps them.
        .remove_name_section(!debug)
        .remove_producers_section(!debug)
        .generate(pkg)
        .context("wasm-bindgen could not bind the module")
}

/// Runs wasm-opt on `wasm` as `mode` says; returns the module as it was before, if it ran.
fn run_wasm_opt(mode: wasm_opt::Mode, wasm: &Path) -> Result<Option<Vec<u8>>> {
    if mode == wasm_opt::Mode::Off {
        println!("wasm-opt: off (optional: `--wasm-opt` installs binaryen from npm and runs it)");
        return Ok(None);
    }
    let script = match wasm_opt::find() {
        Some(script) => script,
        None => match wasm_opt::install() {
            Ok(script) => script,
            Err(err) => {
                println!("warning: no wasm-opt, the module ships without it: {err:#}");
                return Ok(None);
            }
        },
    };
    let before = fs::read(wasm)?;
    if let Err(err) = wasm_opt::optimise(&script, wasm) {
        // Optional: the module rustc and wasm-bindgen made is still there, unchanged.
        println!("warning: wasm-opt failed, the module ships without it: {err:#}");
        return Ok(None);
    }
    Ok(Some(before))
}

/// Size of `bytes` gzipped at the best compression level (as `gzip -9`).
pub fn gzip_size(bytes: &[u8]) -> Result<u64> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}

/// Fails unless the `wasm-bindgen` version in the lock file equals the bindgen library's.
fn check_bindgen_version(lock: &Path) -> Result<()> {
    let text = fs::read_to_string(lock)
        .with_context(|| format!("reading {} (run `cargo generate-lockfile`)", lock.display()))?;
    let packages = locked_packages(&text);
    let versions = |name: &str| -> Vec<&str> {
        packages
            .iter()
            .filter(|(n, _)| *n == name)
            .map(|(_, v)| *v)
            .collect()
    };
    let support = versions("wasm-bindgen-cli-support");
    let [support] = support.as_slice() else {
        bail!("Cargo.lock should hold exactly one wasm-bindgen-cli-support, found {support:?}");
    };
    let crate_versions = versions("wasm-bindgen");
    if crate_versions.is_empty() {
        bail!("Cargo.lock holds no `wasm-bindgen`: does {PACKAGE} still depend on it?");
    }
    if let Some(other) = crate_versions.iter().find(|v| *v != support) {
        bail!(
            "version mismatch: Cargo.lock has wasm-bindgen {other}, but xtask binds with \
             wasm-bindgen-cli-support {support}. Pin both to the same exact version \
             (`wasm-bindgen = \"={support}\"` in Cargo.toml, or change the pin in \
             xtask/Cargo.toml)."
        );
    }
    Ok(())
}

/// `(name, version)` of every `[[package]]` in a Cargo.lock.
fn locked_packages(lock: &str) -> Vec<(&str, &str)> {
    lock.split("[[package]]")
        .skip(1)
        .filter_map(|block| {
            let mut name = None;
            let mut version = None;
            for line in block.lines() {
                let Some((key, value)) = line.split_once('=') else {
                    continue;
                };
                let value = value.trim().trim_matches('"');
                match key.trim() {
                    "name" if name.is_none() => name = Some(value),
                    "version" if version.is_none() => version = Some(value),
                    _ => {}
                }
            }
            Some((name?, version?))
        })
        .collect()
}

/// Cargo's target directory (honours `CARGO_TARGET_DIR` and `build.target-dir`).
pub fn target_dir() -> Result<PathBuf> {
    let out = util::cargo()
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    meta["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .context("cargo metadata printed no target_directory")
}

/// Copies every file below `from` into `to` (creating directories); returns the file count.
fn copy_dir(from: &Path, to: &Path) -> Result<usize> {
    if !from.is_dir() {
        return Ok(0);
    }
    let mut count = 0;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            fs::create_dir_all(&dest)?;
            count += copy_dir(&entry.path(), &dest)?;
        } else {
            fs::copy(entry.path(), &dest)
                .with_context(|| format!("copying {}", entry.path().display()))?;
            count += 1;
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_and_versions_from_a_lock_file() {
        let lock = r#"
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
dependencies = [
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-cli-support"
version = "0.2.130"
"#;
        assert_eq!(
            locked_packages(lock),
            vec![
                ("wasm-bindgen", "0.2.130"),
                ("wasm-bindgen-cli-support", "0.2.130")
            ]
        );
    }

    #[test]
    fn the_workspace_lock_pins_matching_versions() {
        check_bindgen_version(&util::root().join("Cargo.lock")).unwrap();
    }

    #[test]
    fn a_mismatch_is_named() {
        let dir = std::env::temp_dir().join(format!("xtask-lock-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let lock = dir.join("Cargo.lock");
        fs::write(
            &lock,
            "[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.99\"\n\n\
             [[package]]\nname = \"wasm-bindgen-cli-support\"\nversion = \"0.2.130\"\n",
        )
        .unwrap();
        let err = check_bindgen_version(&lock).unwrap_err().to_string();
        fs::remove_dir_all(&dir).unwrap();
        assert!(err.contains("0.2.99") && err.contains("0.2.130"), "{err}");
    }

    #[test]
    fn gzip_shrinks_repetitive_bytes() {
        let bytes = vec![7u8; 10_000];
        assert!(gzip_size(&bytes).unwrap() < 200);
    }
}
