//! `cargo xtask bench`: the native benches (`cargo bench`), then the browser benchmark scripts
//! (`tests/e2e/bench/*.mjs`), then one summary table of every figure against the targets of the
//! speed issue. Each step writes its figures as JSON into `<target>/bench-results/`
//! (`BENCH_OUT_DIR`); the summary reads them back. Benchmarks print; they never fail on a slow
//! machine (only on a broken page or a wrong JavaScript baseline).

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::dist::{self, Site};
use crate::e2e::Harness;
use crate::{chromium, node, util, wasm_opt};

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub native_only: bool,
    pub browser_only: bool,
    /// Passed to `cargo bench` after `--`.
    pub bench_args: Vec<String>,
    /// `opt-level` for the wasm build only (see `dist::Options`).
    pub opt_level: Option<String>,
    pub wasm_opt: wasm_opt::Mode,
}

/// The targets (from the speed issue): the core at least twice a plain implementation of the
/// same training, natively (plain C, benches/plain.c) and in the browser (plain JavaScript).
const OF_PLAIN_TARGET: f64 = 2.0;
const FRAME_TARGET_MS: f64 = 16.7;
const WASM_GZIP_TARGET: u64 = 250 * 1024;
const FIRST_DRAW_TARGET_MS: f64 = 500.0;

pub fn bench(options: Options) -> Result<()> {
    let out = results_dir()?;
    clear_results(&out, options.browser_only)?;
    if !options.browser_only {
        util::heading("native benchmarks (cargo bench, benches/*.rs)");
        let mut cmd = util::cargo();
        cmd.args(["bench", "-p", dist::PACKAGE]);
        // The bench targets by name: `--benches` would also build and run the library's unit
        // tests in the bench profile (with LTO), only to ignore them.
        for name in native_benches()? {
            cmd.args(["--bench", &name]);
        }
        cmd.env("BENCH_OUT_DIR", &out);
        if !options.bench_args.is_empty() {
            cmd.arg("--").args(&options.bench_args);
        }
        util::run(&mut cmd)?;
    }
    if options.native_only {
        return summary(&out, None);
    }
    let scripts = browser_scripts()?;
    if scripts.is_empty() {
        println!("\nno browser benchmarks (tests/e2e/bench/*.mjs)");
        return summary(&out, None);
    }
    util::heading("site (xtask dist)");
    let site = dist::build(dist::Options {
        debug: false,
        opt_level: options.opt_level.clone(),
        wasm_opt: options.wasm_opt,
    })?;
    util::heading("chromium and node");
    let chromium = chromium::ensure()?;
    node::ensure_node()?;
    node::ensure_deps()?;
    util::heading("browser benchmarks");
    Harness::start(&site.dir, chromium)?
        .env("BENCH_OUT_DIR", &out)
        .run_scripts(&scripts)?;
    summary(&out, Some(&site))
}

/// The names of `benches/*.rs`.
fn native_benches() -> Result<Vec<String>> {
    let dir = util::root().join("benches");
    let mut names = Vec::new();
    for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            if let Some(stem) = path.file_stem() {
                names.push(stem.to_string_lossy().into_owned());
            }
        }
    }
    names.sort();
    Ok(names)
}

/// `<target>/bench-results`.
fn results_dir() -> Result<PathBuf> {
    Ok(dist::target_dir()?.join("bench-results"))
}

/// Removes the last run's results (keeping the native figures when only the browser part runs,
/// so wasm / native still has a denominator, from an earlier run).
fn clear_results(dir: &Path, keep_native: bool) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let native = path.file_name().is_some_and(|n| n == "native.json");
        if path.extension().is_some_and(|e| e == "json") && !(keep_native && native) {
            fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// Every `tests/e2e/bench/*.mjs` (not below it: `lib/` holds their helpers), sorted.
fn browser_scripts() -> Result<Vec<PathBuf>> {
    let dir = node::e2e_dir().join("bench");
    let mut scripts = Vec::new();
    if dir.is_dir() {
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "mjs") {
                scripts.push(path);
            }
        }
    }
    scripts.sort();
    Ok(scripts)
}

fn read(dir: &Path, name: &str) -> Option<Value> {
    let text = fs::read_to_string(dir.join(format!("{name}.json"))).ok()?;
    serde_json::from_str(&text).ok()
}

/// `2_620_000.0` as `2.62 M`.
fn millions(x: f64) -> String {
    format!("{:.2} M", x / 1e6)
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "**missed**"
    }
}

/// One Markdown table of everything measured, to paste into the README.
fn summary(dir: &Path, site: Option<&Site>) -> Result<()> {
    let mut rows: Vec<[String; 4]> = Vec::new();
    let native = read(dir, "native");
    let native_rate = |name: &str| native.as_ref().and_then(|n| n[name].as_f64());
    for name in ["2-8-8-1", "2-32-32-32-1"] {
        if let Some(rate) = native_rate(name) {
            let (result, met) = match native_rate(&format!("plain {name}")) {
                Some(plain) => (
                    format!(
                        "{} samples/s = {:.2} × plain C ({} samples/s)",
                        millions(rate),
                        rate / plain,
                        millions(plain)
                    ),
                    verdict(rate >= OF_PLAIN_TARGET * plain),
                ),
                None => (
                    format!("{} samples/s (no plain C figure)", millions(rate)),
                    "",
                ),
            };
            rows.push([
                format!("native core, {name}"),
                result,
                format!("≥ {OF_PLAIN_TARGET} × plain C"),
                met.into(),
            ]);
        }
    }
    if let Some(engines) = read(dir, "engines") {
        for r in engines["results"].as_array().into_iter().flatten() {
            let name = r["layers"].as_str().unwrap_or("?");
            let build = r["build"].as_str().unwrap_or("?");
            let (wasm, js) = (
                r["wasm"].as_f64().unwrap_or(f64::NAN),
                r["js"].as_f64().unwrap_or(f64::NAN),
            );
            let of_native = native_rate(name).map(|n| wasm / n);
            let mut result = format!("{} samples/s = {:.2} × JS", millions(wasm), wasm / js);
            if let Some(ratio) = of_native {
                result += &format!(", {ratio:.2} × native");
            }
            rows.push([
                format!("wasm core ({build} build) in Chromium, {name}"),
                result,
                format!("≥ {OF_PLAIN_TARGET} × JS"),
                verdict(wasm >= OF_PLAIN_TARGET * js).into(),
            ]);
            rows.push([
                format!(
                    "plain JavaScript (Float64Array) in Chromium, {name}, beside the {build} build"
                ),
                format!("{} samples/s", millions(js)),
                String::new(),
                String::new(),
            ]);
        }
    }
    if let Some(frames) = read(dir, "page_frames") {
        for r in frames["results"].as_array().into_iter().flatten() {
            let preset = r["preset"].as_str().unwrap_or("?");
            let f = |key: &str| r[key].as_f64().unwrap_or(f64::NAN);
            let default = r["default"].as_bool().unwrap_or(false);
            // A frame is within target when its work fits in a 60 Hz frame and no vsync was
            // missed (a missed one shows as a ~33 ms interval).
            let met = f("workP95") < FRAME_TARGET_MS && f("intervalP95") < 1.2 * FRAME_TARGET_MS;
            rows.push([
                format!(
                    "page, {preset}{} at 1000 epochs/frame",
                    if default { " (default)" } else { "" }
                ),
                format!(
                    "{:.0} epochs/s; frame interval median {:.1} ms, p95 {:.1} ms; \
                     frame work median {:.1} ms, p95 {:.1} ms",
                    f("epochsPerSecond"),
                    f("intervalMedian"),
                    f("intervalP95"),
                    f("workMedian"),
                    f("workP95"),
                ),
                if default || r["target"].as_bool().unwrap_or(false) {
                    format!("p95 < {FRAME_TARGET_MS} ms")
                } else {
                    String::new()
                },
                verdict(met).into(),
            ]);
        }
    }
    if let Some(site) = site {
        let mut result = format!(
            "{:.1} KiB raw, {:.1} KiB gzipped",
            site.wasm_bytes as f64 / 1024.0,
            site.wasm_gzipped as f64 / 1024.0
        );
        result += &format!(
            " (opt-level {}",
            site.opt_level
                .as_deref()
                .unwrap_or("z for the page, 3 for the maths: the release profile's")
        );
        match site.before_wasm_opt {
            Some((raw, gz)) => {
                result += &format!(
                    "; wasm-opt -O3, before it {:.1} KiB raw, {:.1} KiB gzipped)",
                    raw as f64 / 1024.0,
                    gz as f64 / 1024.0
                )
            }
            None => result += "; no wasm-opt)",
        }
        rows.push([
            "wasm module (dist/pkg), plain build".into(),
            result,
            format!("< {} KiB gzipped", WASM_GZIP_TARGET / 1024),
            verdict(site.wasm_gzipped < WASM_GZIP_TARGET).into(),
        ]);
        rows.push([
            "wasm module, simd128 build (what Chromium loads)".into(),
            format!(
                "{:.1} KiB raw, {:.1} KiB gzipped",
                site.simd_wasm_bytes as f64 / 1024.0,
                site.simd_wasm_gzipped as f64 / 1024.0
            ),
            format!("< {} KiB gzipped", WASM_GZIP_TARGET / 1024),
            verdict(site.simd_wasm_gzipped < WASM_GZIP_TARGET).into(),
        ]);
    }
    if let Some(startup) = read(dir, "startup") {
        let median = startup["readyMedian"].as_f64().unwrap_or(f64::NAN);
        rows.push([
            "navigation → first drawn network".into(),
            format!(
                "{median:.0} ms (median of {} fresh loads; min {:.0}, max {:.0})",
                startup["loads"],
                startup["readyMin"].as_f64().unwrap_or(f64::NAN),
                startup["readyMax"].as_f64().unwrap_or(f64::NAN),
            ),
            format!("< {FIRST_DRAW_TARGET_MS:.0} ms"),
            verdict(median < FIRST_DRAW_TARGET_MS).into(),
        ]);
    }
    util::heading("summary (Markdown, for the README)");
    if rows.is_empty() {
        println!("no results in {}", dir.display());
        return Ok(());
    }
    println!("| measure | result | target | |");
    println!("|---|---|---|---|");
    for [a, b, c, d] in &rows {
        println!("| {a} | {b} | {c} | {d} |");
    }
    println!("\n(figures as JSON in {})", dir.display());
    write_summary(dir, &rows).context("writing the summary")
}

fn write_summary(dir: &Path, rows: &[[String; 4]]) -> Result<()> {
    let mut text = String::from("| measure | result | target | |\n|---|---|---|---|\n");
    for [a, b, c, d] in rows {
        text += &format!("| {a} | {b} | {c} | {d} |\n");
    }
    fs::create_dir_all(dir)?;
    fs::write(dir.join("summary.md"), text)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millions_has_two_decimals() {
        assert_eq!(millions(2_615_000.0), "2.62 M");
    }

    #[test]
    fn the_summary_reads_what_the_scripts_write() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(
            dir.join("native.json"),
            r#"{"2-8-8-1": 3000000, "plain 2-8-8-1": 2000000, "2-32-32-32-1": 300000}"#,
        )
        .unwrap();
        fs::write(
            dir.join("engines.json"),
            r#"{"results": [{"layers": "2-8-8-1", "wasm": 1800000, "js": 900000, "build": "simd128"}]}"#,
        )
        .unwrap();
        summary(&dir, None).unwrap();
        let text = fs::read_to_string(dir.join("summary.md")).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        assert!(
            text.contains(
                "| native core, 2-8-8-1 | 3.00 M samples/s = 1.50 × plain C (2.00 M samples/s) \
                 | ≥ 2 × plain C | **missed** |"
            ),
            "{text}"
        );
        assert!(text.contains("| native core, 2-32-32-32-1 | 0.30 M samples/s (no plain C figure)"));
        assert!(
            text.contains(
                "| wasm core (simd128 build) in Chromium, 2-8-8-1 | 1.80 M samples/s = 2.00 × JS"
            ),
            "{text}"
        );
        assert!(text.contains("| ≥ 2 × JS | met |"), "{text}");
        assert!(
            text.contains("1.80 M samples/s = 2.00 × JS, 0.60 × native"),
            "{text}"
        );
    }
}
