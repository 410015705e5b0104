//! `cargo xtask <command>`: build, serve, test and bench the Backprop Playground.
//!
//! Needs nothing beyond rustup: the wasm target, Chromium (as root, via apt) and the e2e harness's
//! npm packages are installed when missing, or named in a clear error.

mod bench;
mod chromium;
mod dist;
mod e2e;
mod fuzz;
mod node;
mod serve;
mod soak;
mod test;
mod toolchain;
mod util;
mod wasm_opt;

use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::toolchain::Needs;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  dist  [--debug] [WASM OPTIONS]     build the static site into dist/
  serve [--port N] [--no-build] [--debug] [WASM OPTIONS]
                                     build dist/ and serve it on 127.0.0.1 (default port 8080;
                                     0 picks a free one)
  test  [--skip-e2e | --e2e-only]    fmt, clippy (native + wasm32), cargo test, dist, and the
                                     end-to-end tests in headless Chromium
  bench [--native-only | --browser-only] [WASM OPTIONS] [-- CARGO_BENCH_ARGS...]
                                     cargo bench, then tests/e2e/bench/*.mjs in Chromium, then
                                     a summary table of every figure against its target
  fuzz  [--runs N]                   the cargo-fuzz target `spec` for N executions (default
                                     1000000; needs nightly and cargo-fuzz, installed if missing)
  soak  [--epochs N]                 trains the page's default preset in headless Chromium for
                                     N epochs (default 1000000): memory, frames, loss curve
  help                               this text

wasm options: --opt-level LEVEL      opt-level of the wasm build's page code (s, z, 2, ...)
              --wasm-opt             run binaryen's wasm-opt -O3 on the module (installs the npm
                                     package `binaryen` into xtask/wasm-opt/ if missing)

environment: CHROMIUM=/path/to/chromium overrides /usr/bin/chromium";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("\nerror: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<()> {
    let Some((command, rest)) = args.split_first() else {
        println!("{USAGE}");
        bail!("no command given");
    };
    let mut rest = Args(rest.iter().map(String::as_str).collect());
    match command.as_str() {
        "dist" => {
            let options = dist::Options {
                debug: rest.flag("--debug"),
                ..wasm_options(&mut rest)?
            };
            rest.done()?;
            toolchain::ensure(Needs::SITE)?;
            dist::dist(options).map(|_| ())
        }
        "serve" => {
            let port = match rest.value("--port")? {
                Some(port) => port
                    .parse()
                    .with_context(|| format!("--port wants a number 0-65535, not {port:?}"))?,
                None => 8080,
            };
            let no_build = rest.flag("--no-build");
            let options = dist::Options {
                debug: rest.flag("--debug"),
                ..wasm_options(&mut rest)?
            };
            rest.done()?;
            let site = if no_build {
                util::root().join("dist")
            } else {
                toolchain::ensure(Needs::SITE)?;
                dist::dist(options)?
            };
            let server = serve::Server::bind(&site, port)?.log_requests(true);
            println!(
                "Backprop Playground: http://{}/  (Ctrl-C stops)",
                server.addr()
            );
            server.run()
        }
        "test" => {
            let options = test::Options {
                skip_e2e: rest.flag("--skip-e2e"),
                e2e_only: rest.flag("--e2e-only"),
            };
            rest.done()?;
            if options.skip_e2e && options.e2e_only {
                bail!("--skip-e2e and --e2e-only exclude each other");
            }
            toolchain::ensure(Needs::TEST)?;
            test::test(options)
        }
        "bench" => {
            let bench_args = rest.after_dashes();
            let wasm = wasm_options(&mut rest)?;
            let options = bench::Options {
                native_only: rest.flag("--native-only"),
                browser_only: rest.flag("--browser-only"),
                bench_args,
                opt_level: wasm.opt_level,
                wasm_opt: wasm.wasm_opt,
            };
            rest.done()?;
            if options.native_only && options.browser_only {
                bail!("--native-only and --browser-only exclude each other");
            }
            toolchain::ensure(Needs::SITE)?;
            bench::bench(options)
        }
        "fuzz" => {
            let runs = number(rest.value("--runs")?, "--runs", fuzz::DEFAULT_RUNS)?;
            rest.done()?;
            fuzz::fuzz(fuzz::Options { runs })
        }
        "soak" => {
            let epochs = number(rest.value("--epochs")?, "--epochs", soak::DEFAULT_EPOCHS)?;
            rest.done()?;
            toolchain::ensure(Needs::SITE)?;
            soak::soak(soak::Options { epochs })
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => {
            println!("{USAGE}");
            bail!("unknown command {other:?}")
        }
    }
}

/// `--opt-level LEVEL`, `--wasm-opt`, `--no-wasm-opt`: how the wasm module is built.
fn wasm_options(rest: &mut Args) -> Result<dist::Options> {
    let opt_level = rest.value("--opt-level")?.map(String::from);
    if let Some(level) = &opt_level {
        if !["0", "1", "2", "3", "s", "z"].contains(&level.as_str()) {
            bail!("--opt-level wants 0, 1, 2, 3, s or z, not {level:?}");
        }
    }
    let wasm_opt = if rest.flag("--wasm-opt") {
        wasm_opt::Mode::On
    } else {
        wasm_opt::Mode::Off
    };
    Ok(dist::Options {
        debug: false,
        opt_level,
        wasm_opt,
    })
}

/// A positive whole number option, or its default.
fn number(value: Option<&str>, name: &str, default: u64) -> Result<u64> {
    match value {
        None => Ok(default),
        Some(text) => match text.replace('_', "").parse::<u64>() {
            Ok(n) if n > 0 => Ok(n),
            _ => bail!("{name} wants a positive whole number, not {text:?}"),
        },
    }
}

/// The arguments after the command, consumed as they are recognised.
struct Args<'a>(Vec<&'a str>);

impl<'a> Args<'a> {
    fn flag(&mut self, name: &str) -> bool {
        let before = self.0.len();
        self.0.retain(|a| *a != name);
        self.0.len() != before
    }

    /// `--name VALUE` or `--name=VALUE`.
    fn value(&mut self, name: &str) -> Result<Option<&'a str>> {
        let prefix = format!("{name}=");
        if let Some(i) = self.0.iter().position(|a| a.starts_with(&prefix)) {
            let arg = self.0.remove(i);
            return Ok(Some(&arg[prefix.len()..]));
        }
        let Some(i) = self.0.iter().position(|a| *a == name) else {
            return Ok(None);
        };
        if i + 1 >= self.0.len() {
            bail!("{name} needs a value");
        }
        let value = self.0.remove(i + 1);
        self.0.remove(i);
        Ok(Some(value))
    }

    /// Everything after a `--`, removed from the list.
    fn after_dashes(&mut self) -> Vec<String> {
        match self.0.iter().position(|a| *a == "--") {
            Some(i) => self
                .0
                .split_off(i)
                .into_iter()
                .skip(1)
                .map(String::from)
                .collect(),
            None => Vec::new(),
        }
    }

    fn done(&self) -> Result<()> {
        if let Some(unknown) = self.0.first() {
            println!("{USAGE}");
            bail!("unknown option {unknown:?}");
        }
        Ok(())
    }
}
