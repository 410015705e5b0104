//! `cargo xtask <command>`: build, serve, test and bench the Backprop Playground.
//!
//! Needs nothing beyond rustup: the wasm target, Chromium (as root, via apt) and the e2e harness's
//! npm packages are installed when missing, or named in a clear error.

mod bench;
mod chromium;
mod dist;
mod e2e;
mod node;
mod serve;
mod test;
mod util;

use std::process::ExitCode;

use anyhow::{bail, Context, Result};

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  dist  [--debug]                    build the static site into dist/
  serve [--port N] [--no-build] [--debug]
                                     build dist/ and serve it on 127.0.0.1 (default port 8080;
                                     0 picks a free one)
  test  [--skip-e2e | --e2e-only]    fmt, clippy (native + wasm32), cargo test, dist, and the
                                     end-to-end tests in headless Chromium
  bench [--native-only | --browser-only] [-- CARGO_BENCH_ARGS...]
                                     cargo bench, then tests/e2e/bench/*.mjs in Chromium
  help                               this text

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
            };
            rest.done()?;
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
            let debug = rest.flag("--debug");
            rest.done()?;
            let site = if no_build {
                util::root().join("dist")
            } else {
                dist::dist(dist::Options { debug })?
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
            test::test(options)
        }
        "bench" => {
            let bench_args = rest.after_dashes();
            let options = bench::Options {
                native_only: rest.flag("--native-only"),
                browser_only: rest.flag("--browser-only"),
                bench_args,
            };
            rest.done()?;
            if options.native_only && options.browser_only {
                bail!("--native-only and --browser-only exclude each other");
            }
            bench::bench(options)
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
