//! Running the Node end-to-end harness (tests and browser benchmarks) against a served `dist/`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{bail, Result};

use crate::serve::{Running, Server};
use crate::util;

/// The most one end-to-end test may take (the slowest takes about 20 s on a 2-core machine).
const TEST_TIMEOUT: Duration = Duration::from_secs(180);

/// A static server for `dist/` on a free port, plus the Chromium the scripts should drive.
pub struct Harness {
    server: Running,
    chromium: PathBuf,
    /// More environment for every script (e.g. where benchmarks write their results).
    env: Vec<(String, OsString)>,
}

impl Harness {
    pub fn start(dist: &Path, chromium: PathBuf) -> Result<Harness> {
        let server = Server::bind(dist, 0)?.spawn();
        println!("serving {} at {}/", dist.display(), server.url());
        Ok(Harness {
            server,
            chromium,
            env: Vec::new(),
        })
    }

    /// Sets `name` to `value` for every script run from now on.
    pub fn env(mut self, name: &str, value: impl Into<OsString>) -> Harness {
        self.env.push((name.to_string(), value.into()));
        self
    }

    /// `node ARGS...` from the workspace root, with `PLAYGROUND_URL` and `CHROMIUM` set.
    pub fn node(&self) -> Command {
        let mut cmd = util::command("node");
        cmd.env("PLAYGROUND_URL", self.server.url())
            .env("CHROMIUM", &self.chromium)
            .envs(self.env.iter().map(|(k, v)| (k, v)))
            .stdin(std::process::Stdio::null());
        cmd
    }

    /// `node --test` over the given test files; fails if any test fails.
    pub fn run_tests(&self, files: &[PathBuf]) -> Result<()> {
        if files.is_empty() {
            bail!("no *.test.mjs files found in tests/e2e");
        }
        let mut cmd = self.node();
        // A test that hangs (a browser that never answers) fails on its own after this long,
        // naming itself, instead of holding the whole run.
        cmd.args([
            "--test",
            "--test-reporter=spec",
            &format!("--test-timeout={}", TEST_TIMEOUT.as_millis()),
        ]);
        cmd.args(files.iter().map(|f| relative(f)));
        util::run(&mut cmd)
    }

    /// Runs each script with node, one after another.
    pub fn run_scripts(&self, files: &[PathBuf]) -> Result<()> {
        self.run_scripts_within(files, util::CHILD_LIMIT)
    }

    /// Runs each script with node, one after another, each stopped as hung after `limit`.
    pub fn run_scripts_within(&self, files: &[PathBuf], limit: std::time::Duration) -> Result<()> {
        for file in files {
            util::run_within(self.node().arg(relative(file)), limit)?;
        }
        Ok(())
    }
}

fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(util::root())
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
