//! `cargo xtask test`: formatting, lints, native tests, the site, and the browser tests.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};

use crate::dist::{self, PACKAGE, WASM_TARGET};
use crate::e2e::Harness;
use crate::{chromium, node, util};

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Stop after the native checks and the build (no browser, no Node).
    pub skip_e2e: bool,
    /// Only build the site and run the browser tests.
    pub e2e_only: bool,
}

/// What later steps need from earlier ones.
#[derive(Default)]
struct State {
    dist: Option<PathBuf>,
    chromium: Option<PathBuf>,
}

type Step = (&'static str, fn(&mut State) -> Result<()>);

const NATIVE: &[Step] = &[
    ("format (cargo fmt --check)", fmt),
    ("lints, native (cargo clippy --workspace)", clippy_native),
    ("lints, wasm32 (cargo clippy --target wasm32)", clippy_wasm),
    (
        "fuzz target type-checks (cargo check, stable)",
        check_fuzz_target,
    ),
    ("native tests (cargo test --workspace)", native_tests),
];
const BUILD: &[Step] = &[("site (xtask dist)", build_site)];
const E2E: &[Step] = &[
    ("chromium", find_chromium),
    ("node and the e2e harness's packages", node_deps),
    ("end-to-end tests in headless Chromium", e2e_tests),
];

pub fn test(options: Options) -> Result<()> {
    let mut steps: Vec<Step> = Vec::new();
    if !options.e2e_only {
        steps.extend_from_slice(NATIVE);
    }
    steps.extend_from_slice(BUILD);
    if !options.skip_e2e {
        steps.extend_from_slice(E2E);
    }

    let started = Instant::now();
    let mut state = State::default();
    let total = steps.len();
    for (i, (name, run)) in steps.into_iter().enumerate() {
        util::heading(&format!("[{}/{total}] {name}", i + 1));
        let step_started = Instant::now();
        run(&mut state).with_context(|| format!("step `{name}` failed"))?;
        println!("ok: {name} ({:.1}s)", step_started.elapsed().as_secs_f64());
    }
    println!(
        "\nall {total} steps passed in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn fmt(_: &mut State) -> Result<()> {
    util::run(util::cargo().args(["fmt", "--all", "--", "--check"]))
}

fn clippy_native(_: &mut State) -> Result<()> {
    util::run(util::cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))
}

fn clippy_wasm(_: &mut State) -> Result<()> {
    util::run(util::cargo().args([
        "clippy",
        "-p",
        PACKAGE,
        "--lib",
        "--target",
        WASM_TARGET,
        "--",
        "-D",
        "warnings",
    ]))
}

/// The fuzz crate lives outside the workspace (cargo-fuzz builds it on nightly with its own lock
/// file), so nothing else compiles it. `cargo check` needs no nightly: it type-checks the target
/// against the core's API as it is now, with the fuzz crate's own lock file.
fn check_fuzz_target(_: &mut State) -> Result<()> {
    let fuzz = util::root().join("fuzz");
    util::run(
        util::cargo()
            .arg("check")
            .arg("--manifest-path")
            .arg(fuzz.join("Cargo.toml"))
            .arg("--locked")
            .arg("--target-dir")
            .arg(dist::target_dir()?.join("fuzz-check")),
    )
}

fn native_tests(_: &mut State) -> Result<()> {
    util::run(util::cargo().args(["test", "--workspace"]))
}

fn build_site(state: &mut State) -> Result<()> {
    state.dist = Some(dist::dist(dist::Options::default())?);
    Ok(())
}

fn find_chromium(state: &mut State) -> Result<()> {
    state.chromium = Some(chromium::ensure()?);
    Ok(())
}

fn node_deps(_: &mut State) -> Result<()> {
    node::ensure_node()?;
    node::ensure_deps()
}

fn e2e_tests(state: &mut State) -> Result<()> {
    let dist = state.dist.clone().context("the site was not built")?;
    let chromium = state.chromium.clone().context("no chromium was found")?;
    let tests = node::scripts(&node::e2e_dir(), ".test.mjs")?;
    let harness = Harness::start(&dist, chromium)?;
    harness.run_tests(&tests)
}
