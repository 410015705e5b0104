//! `cargo xtask soak [--epochs N]`: the long run in headless Chromium (tests/e2e/soak/soak.mjs).
//! Not part of `cargo xtask test`: at the default million epochs it takes a while.

use anyhow::Result;

use crate::e2e::Harness;
use crate::{chromium, dist, node, util};

pub const DEFAULT_EPOCHS: u64 = 1_000_000;

#[derive(Clone, Debug)]
pub struct Options {
    pub epochs: u64,
}

pub fn soak(options: Options) -> Result<()> {
    util::heading("site (xtask dist)");
    let site = dist::dist(dist::Options::default())?;
    util::heading("chromium and node");
    let chromium = chromium::ensure()?;
    node::ensure_node()?;
    node::ensure_deps()?;
    util::heading(&format!(
        "soak: {} epochs of the default preset in headless Chromium",
        options.epochs
    ));
    let script = node::e2e_dir().join("soak").join("soak.mjs");
    Harness::start(&site, chromium)?
        .env("SOAK_EPOCHS", options.epochs.to_string())
        .run_scripts(&[script])
}
