//! Training speed of the core: samples per second (forward, backward and update), printed.
//!
//! A benchmark, not a test: it prints figures and never fails on a slow machine.
//! Run with `cargo xtask bench` (or `cargo bench --bench train`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use backprop_playground::model::Session;

/// The plain C baseline (benches/plain.c), compiled once per run with the system's `cc -O2`.
struct Plain {
    binary: std::path::PathBuf,
}

impl Plain {
    fn compile() -> Result<Plain, String> {
        let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
        let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/plain.c");
        let binary = dir.join("plain");
        let status = std::process::Command::new("cc")
            .args(["-O2", "-o"])
            .arg(&binary)
            .arg(&source)
            .arg("-lm")
            .status()
            .map_err(|e| format!("cc: {e}"))?;
        if !status.success() {
            return Err(format!("cc -O2 {} failed", source.display()));
        }
        Ok(Plain { binary })
    }

    /// Trains the session's starting network on its data for about `budget`; samples per second.
    fn samples_per_second(&self, session: &Session, budget: Duration) -> Result<f64, String> {
        let network = session.network();
        let data = session.data();
        let mut text = format!("{}", network.depth());
        for n in network.layers() {
            text += &format!(" {n}");
        }
        text += &format!(
            "\n{} {} {} {}\n",
            u8::from(network.has_bias()),
            session.learning_rate(),
            session.batch_size(),
            data.len()
        );
        let numbers = |values: &mut dyn Iterator<Item = f64>| {
            values
                .map(|v| format!("{v:e}"))
                .collect::<Vec<_>>()
                .join(" ")
                + "\n"
        };
        text += &numbers(&mut network.weights().iter().copied());
        text += &numbers(&mut network.biases().iter().copied());
        text += &numbers(&mut (0..data.len()).flat_map(|i| data.sample(i).0.to_vec()));
        text += &numbers(&mut (0..data.len()).flat_map(|i| data.sample(i).1.to_vec()));
        let file = self.binary.with_extension("txt");
        std::fs::write(&file, text).map_err(|e| e.to_string())?;
        let out = std::process::Command::new(&self.binary)
            .arg(&file)
            .arg(budget.as_secs_f64().to_string())
            .output()
            .map_err(|e| e.to_string())?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        stdout
            .split_whitespace()
            .next()
            .and_then(|rate| rate.parse().ok())
            .ok_or_else(|| {
                format!(
                    "plain printed {stdout:?}, {}",
                    String::from_utf8_lossy(&out.stderr)
                )
            })
    }
}

fn spec(layers: &str) -> String {
    format!(
        r#"{{"layers": {layers}, "activation": "sigmoid", "bias": true, "seed": 1,
            "learning_rate": 0.3, "batch_size": 10,
            "data": {{"dataset": "circle", "samples": 500, "noise": 0.05}}}}"#
    )
}

/// Trains whole epochs for about `budget` after a warm-up and returns samples per second.
fn samples_per_second(session: &mut Session, budget: Duration) -> f64 {
    let samples = session.data().len() as f64;
    for _ in 0..50 {
        black_box(session.train_epoch().unwrap());
    }
    let start = Instant::now();
    let mut epochs = 0u64;
    while start.elapsed() < budget {
        for _ in 0..20 {
            black_box(session.train_epoch().unwrap());
        }
        epochs += 20;
    }
    epochs as f64 * samples / start.elapsed().as_secs_f64()
}

/// Nanoseconds per sigmoid over a layer of `width` nets, with the core's `exp` and with the
/// platform's (`f64::exp`, glibc here): the core's is inlined and runs on several neurons at once.
fn sigmoid_nanoseconds(width: usize, budget: Duration) -> (f64, f64) {
    let nets: Vec<f64> = (0..width).map(|i| (i as f64 * 0.37).sin() * 6.0).collect();
    let mut a = vec![0.0; width];
    let mut time = |f: &dyn Fn(&[f64], &mut [f64])| {
        let start = Instant::now();
        let mut calls = 0u64;
        while start.elapsed() < budget {
            for _ in 0..1000 {
                f(black_box(&nets), &mut a);
            }
            calls += 1000;
            black_box(&a);
        }
        start.elapsed().as_secs_f64() * 1e9 / (calls as f64 * width as f64)
    };
    let core = time(&|nets, a| {
        for (a, &net) in a.iter_mut().zip(nets) {
            *a = backprop_playground::nn::activation::sigmoid(net);
        }
    });
    let platform = time(&|nets, a| {
        for (a, &net) in a.iter_mut().zip(nets) {
            *a = 1.0 / (1.0 + (-net).exp());
        }
    });
    (core, platform)
}

/// Rounds of core-then-plain per network (see `main`).
const ROUNDS: u32 = 8;

/// The fastest round: on a shared machine a round can only be slowed down by others' work,
/// never sped up, so the best round is the closest to what the code itself costs.
fn best(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NAN, f64::max)
}

fn main() {
    // `cargo test --benches` passes --bench-less flags; keep the run short there.
    let quick =
        std::env::args().any(|a| a == "--quick") || std::env::var_os("BENCH_QUICK").is_some();
    let budget = Duration::from_millis(if quick { 100 } else { 2000 });
    println!("native core against plain C (benches/plain.c, cc -O2), sigmoid, 500 samples,");
    println!("batch size 10, the same starting weights and data (forward + backward + update),");
    println!("best of {ROUNDS} alternating rounds:");
    let plain = Plain::compile();
    if let Err(why) = &plain {
        println!("  (no plain C baseline: {why})");
    }
    let mut results = Vec::new();
    for (name, layers) in [
        ("2-8-8-1", "[2, 8, 8, 1]"),
        ("2-32-32-32-1", "[2, 32, 32, 32, 1]"),
    ] {
        // Rounds of core then plain, each on its own fresh copy of the starting state: on a
        // shared machine the speed drifts within seconds, and alternating keeps both sides in the
        // same conditions. The best rounds are compared.
        let fresh = |layers: &str| Session::from_json(&spec(layers)).expect("bench spec is valid");
        let start = fresh(layers);
        let rounds = if quick { 1 } else { ROUNDS };
        let (mut core_rates, mut plain_rates) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            core_rates.push(samples_per_second(&mut fresh(layers), budget / rounds));
            if let Ok(plain) = &plain {
                match plain.samples_per_second(&start, budget / rounds) {
                    Ok(rate) => plain_rates.push(rate),
                    Err(e) => println!("  plain C: {e}"),
                }
            }
        }
        let rate = best(&core_rates);
        let plain_rate = (!plain_rates.is_empty()).then(|| best(&plain_rates));
        print!("  {name:<14} core {:>6.2} M samples/s", rate / 1e6);
        results.push(format!("  \"{name}\": {rate:.0}"));
        if let Some(plain_rate) = plain_rate {
            print!(
                ", plain C {:>6.2} M samples/s: {:.2} ×",
                plain_rate / 1e6,
                rate / plain_rate
            );
            results.push(format!("  \"plain {name}\": {plain_rate:.0}"));
        }
        println!();
    }
    for width in [8, 32] {
        let (core, platform) = sigmoid_nanoseconds(width, budget / 4);
        println!(
            "  sigmoid over {width:>2} neurons: {core:.2} ns each with the core's exp, \
             {platform:.2} ns with f64::exp ({:.2} ×)",
            platform / core
        );
    }
    // `cargo xtask bench` sets BENCH_OUT_DIR: the browser benchmark divides by these figures and
    // the summary table prints them.
    if let Some(dir) = std::env::var_os("BENCH_OUT_DIR") {
        let file = std::path::Path::new(&dir).join("native.json");
        let json = format!("{{\n{}\n}}\n", results.join(",\n"));
        std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(&file, json))
            .unwrap_or_else(|e| panic!("writing {}: {e}", file.display()));
    }
}
