//! Training speed of the core: samples per second (forward, backward and update), printed.
//!
//! A benchmark, not a test: it prints figures and never fails on a slow machine.
//! Run with `cargo xtask bench` (or `cargo bench --bench train`).

use std::hint::black_box;
use std::time::{Duration, Instant};

use backprop_playground::model::Session;

fn spec(layers: &str) -> String {
    format!(
        r#"{{"layers": {layers}, "activation": "sigmoid", "bias": true, "seed": 1,
            "learning_rate": 0.3, "batch_size": 10,
            "data": {{"dataset": "circle", "samples": 500, "noise": 0.05}}}}"#
    )
}

/// Trains whole epochs for about `budget` after a warm-up and returns samples per second.
fn samples_per_second(layers: &str, budget: Duration) -> f64 {
    let mut session = Session::from_json(&spec(layers)).expect("bench spec is valid");
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

fn main() {
    // `cargo test --benches` passes --bench-less flags; keep the run short there.
    let quick =
        std::env::args().any(|a| a == "--quick") || std::env::var_os("BENCH_QUICK").is_some();
    let budget = Duration::from_millis(if quick { 100 } else { 2000 });
    println!("native core, sigmoid, 500 samples, batch size 10 (forward + backward + update):");
    let mut results = Vec::new();
    for (name, layers) in [
        ("2-8-8-1", "[2, 8, 8, 1]"),
        ("2-32-32-32-1", "[2, 32, 32, 32, 1]"),
    ] {
        let rate = samples_per_second(layers, budget);
        println!(
            "  {layers:<20} {:>8.2} M samples/s  ({:.0} epochs/s)",
            rate / 1e6,
            rate / 500.0
        );
        results.push(format!("  \"{name}\": {rate:.0}"));
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
