//! Finds Debian's Chromium for the end-to-end tests, installing it with apt where we may.

use std::path::PathBuf;

use anyhow::{bail, Result};

use crate::util;

pub const DEFAULT_PATH: &str = "/usr/bin/chromium";
const PACKAGE: &str = "chromium";

/// The Chromium to drive: `$CHROMIUM` if set, else `/usr/bin/chromium`, installed if missing.
pub fn ensure() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        if !path.is_file() {
            bail!(
                "CHROMIUM is set to {}, which is not a file; unset it to use {DEFAULT_PATH}",
                path.display()
            );
        }
        report(&path);
        return Ok(path);
    }
    let path = PathBuf::from(DEFAULT_PATH);
    if !path.is_file() {
        if !(util::is_root() && util::on_path("apt-get")) {
            bail!(
                "Chromium is missing: {DEFAULT_PATH} does not exist. Install the Debian package \
                 `{PACKAGE}` (as root: `apt-get install -y {PACKAGE}`), or set CHROMIUM=/path/to/chromium"
            );
        }
        println!("{DEFAULT_PATH} is missing; installing the Debian package `{PACKAGE}`");
        util::apt_install(&[PACKAGE])?;
        if !path.is_file() {
            bail!("installed `{PACKAGE}` but {DEFAULT_PATH} is still missing");
        }
    }
    report(&path);
    Ok(path)
}

fn report(path: &std::path::Path) {
    let version = util::output(
        std::process::Command::new(path)
            .arg("--version")
            .stderr(std::process::Stdio::null()),
    );
    println!(
        "chromium: {} ({})",
        path.display(),
        version.as_deref().unwrap_or("version unknown")
    );
}
