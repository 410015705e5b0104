//! Node.js and the end-to-end harness's npm dependencies (`tests/e2e/node_modules`).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use anyhow::{bail, Context, Result};

use crate::util;

/// The oldest Node whose built-in test runner (`node --test`) we rely on.
const MIN_NODE_MAJOR: u32 = 20;

/// The e2e harness directory.
pub fn e2e_dir() -> PathBuf {
    util::root().join("tests").join("e2e")
}

/// Makes sure `node` and `npm` exist (apt-installs them as root if not) and are new enough.
pub fn ensure_node() -> Result<()> {
    if !util::on_path("node") || !util::on_path("npm") {
        if !(util::is_root() && util::on_path("apt-get")) {
            bail!(
                "Node.js is missing: `node` and `npm` must be on PATH (Debian packages `nodejs` \
                 and `npm`, Node >= {MIN_NODE_MAJOR})"
            );
        }
        println!("node/npm missing; installing the Debian packages `nodejs` and `npm`");
        util::apt_install(&["nodejs", "npm"])?;
    }
    let version =
        util::output(util::command("node").arg("--version")).context("`node --version` failed")?;
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .with_context(|| format!("cannot read the node version {version:?}"))?;
    if major < MIN_NODE_MAJOR {
        bail!("node {version} is too old: the e2e tests need Node >= {MIN_NODE_MAJOR}");
    }
    println!("node: {version}");
    Ok(())
}

/// Runs `npm ci` in tests/e2e when node_modules is missing or older than the lock file.
pub fn ensure_deps() -> Result<()> {
    let dir = e2e_dir();
    let lock = dir.join("package-lock.json");
    if !lock.is_file() {
        bail!("{} is missing; it must be committed", lock.display());
    }
    // npm ci writes node_modules/.package-lock.json last, so it marks a complete install.
    let installed = dir.join("node_modules").join(".package-lock.json");
    let stale = match mtime(&installed) {
        None => true,
        Some(done) => [lock, dir.join("package.json")]
            .iter()
            .any(|f| mtime(f).is_some_and(|t| t > done)),
    };
    if !stale {
        println!("tests/e2e/node_modules is up to date");
        return Ok(());
    }
    let mut npm = util::command("npm");
    npm.current_dir(&dir)
        .args(["ci", "--no-audit", "--no-fund"])
        // playwright-core never downloads browsers, but make sure nothing else tries either.
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
        .stdin(std::process::Stdio::null());
    util::run(&mut npm).context("installing the e2e harness's npm packages")
}

/// Every `*.mjs` below `dir` whose name ends with `suffix` (sorted; node_modules skipped).
pub fn scripts(dir: &Path, suffix: &str) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    if !dir.is_dir() {
        return Ok(found);
    }
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_dir() {
            if name != "node_modules" && !name.starts_with('.') {
                found.extend(scripts(&entry.path(), suffix)?);
            }
        } else if name.ends_with(suffix) {
            found.push(entry.path());
        }
    }
    found.sort();
    Ok(found)
}

fn mtime(path: &Path) -> Option<SystemTime> {
    fs::metadata(path).and_then(|m| m.modified()).ok()
}
