//! Step 0 of every command that builds wasm: make sure the toolchain has what the command needs,
//! before anything uses it.
//!
//! Machines with `RUSTUP_AUTO_INSTALL=0` never add the `targets` and `components` lines of
//! `rust-toolchain.toml` by themselves, so a fresh clone would otherwise fail half-way through
//! (`can't find crate for core` in the wasm32 lint step). Everything that can be installed is
//! installed here, once; what cannot is named in an error that says how to get it.

use anyhow::{bail, Context, Result};

use crate::dist::WASM_TARGET;
use crate::util;

/// What a command needs beyond cargo and rustc.
#[derive(Clone, Copy, Debug, Default)]
pub struct Needs {
    /// The `wasm32-unknown-unknown` standard library (every command that builds the site).
    pub wasm_target: bool,
    /// rustfmt and clippy (`cargo xtask test`).
    pub lint_tools: bool,
    /// `python3`, which runs the exported `predict(x)` in the native and end-to-end tests.
    pub python: bool,
}

impl Needs {
    /// What building the site needs: `serve`, `dist`, `bench`, `soak`.
    pub const SITE: Needs = Needs {
        wasm_target: true,
        lint_tools: false,
        python: false,
    };
    /// What `cargo xtask test` needs.
    pub const TEST: Needs = Needs {
        wasm_target: true,
        lint_tools: true,
        python: true,
    };
}

/// Installs what `needs` lists and is missing, printing one line per tool.
pub fn ensure(needs: Needs) -> Result<()> {
    util::heading("[0] toolchain: what this command needs");
    if needs.wasm_target {
        ensure_wasm_target()?;
    }
    if needs.lint_tools {
        ensure_lint_tools()?;
    }
    if needs.python {
        ensure_python()?;
    }
    Ok(())
}

/// Whether the active toolchain holds the wasm32 standard library (its `libcore`).
fn has_wasm_target() -> bool {
    let libdir = util::output(util::command("rustc").args([
        "--print",
        "target-libdir",
        "--target",
        WASM_TARGET,
    ]));
    libdir
        .map(std::path::PathBuf::from)
        .and_then(|dir| std::fs::read_dir(dir).ok())
        .is_some_and(|mut entries| {
            entries
                .any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("libcore-")))
        })
}

fn ensure_wasm_target() -> Result<()> {
    if has_wasm_target() {
        println!("{WASM_TARGET} target: installed");
        return Ok(());
    }
    println!("{WASM_TARGET} target: missing; adding it with rustup");
    if !util::on_path("rustup") {
        bail!(
            "the {WASM_TARGET} target is missing and rustup is not on PATH to add it: install \
             rustup (https://rustup.rs), or add the target to your toolchain by hand"
        );
    }
    util::run(util::command("rustup").args(["target", "add", WASM_TARGET]))?;
    if !has_wasm_target() {
        bail!("`rustup target add {WASM_TARGET}` succeeded but rustc still lacks the target");
    }
    Ok(())
}

/// rustfmt and clippy, as `cargo fmt` and `cargo clippy` see them.
fn ensure_lint_tools() -> Result<()> {
    let missing: Vec<&str> = [("fmt", "rustfmt"), ("clippy", "clippy")]
        .into_iter()
        .filter(|(subcommand, name)| {
            let version = util::output(util::cargo().args([subcommand, "--version"]));
            match &version {
                Some(v) => println!("{name}: {v}"),
                None => println!("{name}: missing"),
            }
            version.is_none()
        })
        .map(|(_, component)| component)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !util::on_path("rustup") {
        bail!("{missing:?} missing and rustup is not on PATH to add them");
    }
    util::run(
        util::command("rustup")
            .args(["component", "add"])
            .args(&missing),
    )
    .with_context(|| format!("adding the rustup components {missing:?}"))
}

fn ensure_python() -> Result<()> {
    if let Some(version) = util::output(util::command("python3").arg("--version")) {
        println!("python3: {version}");
        return Ok(());
    }
    if !(util::is_root() && util::on_path("apt-get")) {
        bail!(
            "python3 is missing: the tests run the exported Python `predict(x)` with it. Install \
             Python 3 (Debian package `python3`), or run as root so that this command installs it"
        );
    }
    println!("python3: missing; installing the Debian package `python3`");
    util::apt_install(&["python3"])?;
    let version = util::output(util::command("python3").arg("--version"))
        .context("installed `python3` but `python3 --version` still fails")?;
    println!("python3: {version}");
    Ok(())
}
