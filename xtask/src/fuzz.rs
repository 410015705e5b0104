//! `cargo xtask fuzz [--runs N]`: the cargo-fuzz target `spec` (fuzz/fuzz_targets/spec.rs) for a
//! fixed number of executions, on the nightly toolchain, printing how many ran.
//!
//! The committed seeds (fuzz/corpus/spec/) are read, never written: what the fuzzer finds goes
//! to fuzz/work/spec/ (ignored by git, kept between runs so coverage accumulates).

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};

use crate::util;

pub const DEFAULT_RUNS: u64 = 1_000_000;
const TARGET: &str = "spec";

#[derive(Clone, Debug)]
pub struct Options {
    pub runs: u64,
}

pub fn fuzz(options: Options) -> Result<()> {
    util::heading("nightly toolchain and cargo-fuzz");
    ensure_nightly()?;
    ensure_cargo_fuzz()?;

    let root = util::root();
    let fuzz_dir = root.join("fuzz");
    let seeds = fuzz_dir.join("corpus").join(TARGET);
    let work = fuzz_dir.join("work").join(TARGET);
    std::fs::create_dir_all(&work)?;
    let seed_count = std::fs::read_dir(&seeds)
        .with_context(|| format!("reading the seed corpus {}", seeds.display()))?
        .count();

    util::heading(&format!(
        "fuzzing `{TARGET}` for {} executions",
        options.runs
    ));
    let mut cmd = Command::new("cargo");
    cmd.current_dir(&root)
        // The rustup proxy picks nightly; drop what `cargo xtask` (stable) set for us, so
        // cargo-fuzz runs nightly's cargo and rustc.
        .env("RUSTUP_TOOLCHAIN", "nightly")
        .env_remove("CARGO")
        .env_remove("RUSTC")
        .env_remove("RUSTDOC")
        .args(["fuzz", "run", "--fuzz-dir"])
        .arg(&fuzz_dir)
        // Safe Rust: the bugs to find are panics, which need no sanitizer; without one the
        // target runs several times faster. Debug assertions and overflow checks stay on.
        .args(["--sanitizer", "none", "--target-dir"])
        .arg(fuzz_dir.join("target"))
        .arg(TARGET)
        .arg(&work)
        .arg(&seeds)
        .arg("--")
        .arg(format!("-runs={}", options.runs))
        .arg(format!("-dict={}", fuzz_dir.join("spec.dict").display()))
        .args(["-max_len=8192", "-timeout=30", "-print_final_stats=1"])
        .stdin(Stdio::null())
        .stderr(Stdio::piped());
    println!(
        "$ cargo +nightly fuzz run --fuzz-dir fuzz --sanitizer none {TARGET} fuzz/work/{TARGET} \
         fuzz/corpus/{TARGET} -- -runs={} -dict=fuzz/spec.dict -max_len=8192 -timeout=30",
        options.runs
    );
    let started = Instant::now();
    let mut child = cmd.spawn().context("could not start `cargo fuzz`")?;
    let stderr = child.stderr.take().expect("stderr is piped");
    let mut executed: Option<u64> = None;
    let mut new_inputs = 0u64;
    let mut in_dictionary = false;
    for line in BufReader::new(stderr).lines() {
        let line = line?;
        // libFuzzer reports every input that reached new code (`#123 NEW cov: …`, with the new
        // functions it reached), and at the end the byte strings it would add to the
        // dictionary: hundreds of lines, which the final stats count.
        let progress = line.starts_with('#')
            && matches!(line.split_whitespace().nth(1), Some("NEW" | "REDUCE"));
        if progress || line.trim_start().starts_with("NEW_FUNC") {
            continue;
        }
        if let Some(n) = line.strip_prefix("stat::new_units_added:") {
            new_inputs = n.trim().parse().unwrap_or(0);
        }
        if line.starts_with("###### Recommended dictionary") {
            in_dictionary = true;
        }
        if in_dictionary {
            in_dictionary = !line.starts_with("###### End of recommended dictionary");
            continue;
        }
        if let Some(n) = parse_executed(&line) {
            executed = Some(n);
        }
        eprintln!("{line}");
    }
    let status = child.wait()?;
    let seconds = started.elapsed().as_secs_f64();
    if !status.success() {
        bail!(
            "the fuzzer stopped ({status}): a panic or crash, or the build failed. The input that \
             did it is in fuzz/artifacts/{TARGET}/ (replay it with `cargo +nightly fuzz run \
             --fuzz-dir fuzz {TARGET} fuzz/artifacts/{TARGET}/<file>`)"
        );
    }
    let executed = executed.context("the fuzzer did not say how many inputs it ran")?;
    let found = std::fs::read_dir(&work).map(|d| d.count()).unwrap_or(0);
    util::heading("fuzz result");
    println!(
        "{executed} executions of `{TARGET}`, no panics ({seconds:.0} s including the build); \
         {new_inputs} inputs reached new code; corpus: {seed_count} committed seeds, {found} \
         found inputs kept in fuzz/work/{TARGET}/"
    );
    Ok(())
}

/// The execution count from libFuzzer's `Done N runs in S second(s)` or its final stats.
fn parse_executed(line: &str) -> Option<u64> {
    if let Some(rest) = line.strip_prefix("Done ") {
        return rest.split_whitespace().next()?.parse().ok();
    }
    line.strip_prefix("stat::number_of_executed_units:")?
        .trim()
        .parse()
        .ok()
}

fn ensure_nightly() -> Result<()> {
    let list = util::output(util::command("rustup").args(["toolchain", "list"]))
        .context("`rustup toolchain list` failed: cargo-fuzz needs rustup's nightly toolchain")?;
    if list.lines().any(|l| l.starts_with("nightly")) {
        println!("nightly toolchain: installed");
        return Ok(());
    }
    println!("the nightly toolchain is missing (cargo-fuzz needs it); installing it with rustup");
    util::run(util::command("rustup").args([
        "toolchain",
        "install",
        "nightly",
        "--profile",
        "minimal",
    ]))
}

fn ensure_cargo_fuzz() -> Result<()> {
    if let Some(version) = util::output(Command::new("cargo-fuzz").arg("--version")) {
        println!("cargo-fuzz: {version}");
        return Ok(());
    }
    println!(
        "cargo-fuzz is not installed: installing it from crates.io with \
         `cargo install cargo-fuzz --locked` (a few minutes, once)"
    );
    util::run(util::cargo().args(["install", "cargo-fuzz", "--locked"]))
        .context("installing cargo-fuzz")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_execution_count() {
        assert_eq!(
            parse_executed("Done 200000 runs in 41 second(s)"),
            Some(200_000)
        );
        assert_eq!(
            parse_executed("stat::number_of_executed_units: 20000"),
            Some(20_000)
        );
        assert_eq!(parse_executed("#1024 pulse  cov: 3 ft: 4"), None);
    }
}
