//! `cargo xtask bench`: the native benches (`cargo bench`), then any browser benchmark scripts.

use anyhow::Result;

use crate::e2e::Harness;
use crate::{chromium, dist, node, util};

#[derive(Clone, Debug, Default)]
pub struct Options {
    pub native_only: bool,
    pub browser_only: bool,
    /// Passed to `cargo bench` after `--`.
    pub bench_args: Vec<String>,
}

pub fn bench(options: Options) -> Result<()> {
    if !options.browser_only {
        util::heading("native benchmarks (cargo bench --benches)");
        let mut cmd = util::cargo();
        // Bench targets only: the test targets need not be built in the bench profile.
        cmd.args(["bench", "-p", dist::PACKAGE, "--benches"]);
        if !options.bench_args.is_empty() {
            cmd.arg("--").args(&options.bench_args);
        }
        util::run(&mut cmd)?;
    }
    if options.native_only {
        return Ok(());
    }
    // Browser benchmarks: every tests/e2e/bench/*.mjs, run with node against the served site.
    let scripts = node::scripts(&node::e2e_dir().join("bench"), ".mjs")?;
    if scripts.is_empty() {
        println!("\nno browser benchmarks (tests/e2e/bench/*.mjs); done");
        return Ok(());
    }
    util::heading("site (xtask dist)");
    let site = dist::dist(dist::Options::default())?;
    util::heading("chromium and node");
    let chromium = chromium::ensure()?;
    node::ensure_node()?;
    node::ensure_deps()?;
    util::heading("browser benchmarks");
    Harness::start(&site, chromium)?.run_scripts(&scripts)
}
