//! Small shared helpers: where the workspace is, how to run a child process, headings.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

/// The workspace root (the directory holding the root `Cargo.toml`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// The cargo that runs us (`cargo xtask` sets `CARGO`), or the one on `PATH`.
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| OsString::from("cargo"));
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root());
    cmd
}

/// A command started in the workspace root.
pub fn command(program: &str) -> Command {
    let mut cmd = Command::new(program);
    cmd.current_dir(root());
    cmd
}

/// How long any one child process may run before it is stopped as hung. Generous: the slowest
/// step (the first release build of the wasm, or `apt-get install chromium`) takes a few minutes.
pub const CHILD_LIMIT: Duration = Duration::from_secs(30 * 60);

/// Runs `cmd` with inherited stdio, within [`CHILD_LIMIT`], and fails, naming the command,
/// unless it exits with success.
pub fn run(cmd: &mut Command) -> Result<()> {
    run_within(cmd, CHILD_LIMIT)
}

/// Runs `cmd` with inherited stdio and fails, naming the command, unless it exits with success
/// within `limit`. A command that is still running then is killed, so a hang fails with a
/// message instead of holding CI until its own limit.
pub fn run_within(cmd: &mut Command, limit: Duration) -> Result<()> {
    let shown = show(cmd);
    println!("$ {shown}");
    let mut child = cmd
        .spawn()
        .with_context(|| format!("could not start `{shown}`"))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            bail!(
                "`{shown}` was still running after {} s, the most it may take; it was stopped \
                 as hung",
                limit.as_secs()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// Runs `cmd` quietly and returns its trimmed stdout, or `None` if it cannot start or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Whether `program` can be found on `PATH` (or is an existing path).
pub fn on_path(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).is_file();
    }
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// Whether we run as root (so `apt-get install` may be used).
pub fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("Uid:"))
                .and_then(|line| line.split_whitespace().nth(1).map(|uid| uid == "0"))
        })
        .unwrap_or(false)
}

/// Installs Debian packages non-interactively (`apt-get update` first), as root only.
pub fn apt_install(packages: &[&str]) -> Result<()> {
    if !is_root() || !on_path("apt-get") {
        bail!("cannot install {packages:?}: not root or no apt-get");
    }
    let apt = |args: &[&str]| {
        let mut cmd = command("apt-get");
        cmd.args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(std::process::Stdio::null());
        run(&mut cmd)
    };
    apt(&["update"])?;
    let mut args = vec!["install", "-y"];
    args.extend_from_slice(packages);
    apt(&args)
}

/// A heading for one step of a longer command.
pub fn heading(text: &str) {
    println!("\n==> {text}");
}

/// `1234567` as `1234567 B (1205.6 KiB)`.
pub fn human_size(bytes: u64) -> String {
    format!("{bytes} B ({:.1} KiB)", bytes as f64 / 1024.0)
}

fn show(cmd: &Command) -> String {
    let mut shown = Path::new(cmd.get_program())
        .file_name()
        .unwrap_or(cmd.get_program())
        .to_string_lossy()
        .into_owned();
    for arg in cmd.get_args() {
        shown.push(' ');
        shown.push_str(&arg.to_string_lossy());
    }
    shown
}
