//! Data tools and export, end to end: CSV and input features round-trip exactly, a split is
//! reproducible, and the trained network exported as a standalone Python or Rust function computes
//! the same outputs as the core (run by `python3` and compiled by `rustc`).

use std::path::PathBuf;
use std::process::{Command, Stdio};

use backprop_playground::model::csv::{parse_csv, read_csv, to_csv};
use backprop_playground::model::features::{expand, Feature};
use backprop_playground::model::split::split;
use backprop_playground::model::Session;
use backprop_playground::nn::data;
use backprop_playground::nn::{Activation, Network, Pass};
use backprop_playground::view::export_code::{to_python, to_rust};

/// How far an exported function's output may be from the core's: only the order of the
/// additions differs, which moves the last bits.
const TOLERANCE: f64 = 1e-12;

#[test]
fn csv_round_trips_a_built_in_set_exactly() {
    let circle = data::circle(300, 0.1, 4);
    let text = to_csv(&circle, &["x1", "x2"], &["inside"]);
    assert_eq!(parse_csv(&text, 2).unwrap(), circle);
    // The same with Windows line ends and blank lines.
    let windows = text.replace('\n', "\r\n\r\n");
    let csv = read_csv(&windows, 2).unwrap();
    assert_eq!(csv.data, circle);
    assert_eq!(csv.input_names, ["x1", "x2"]);
    assert_eq!(csv.target_names, ["inside"]);
    assert_eq!(csv.lines[1], 5);
}

#[test]
fn csv_round_trips_awkward_numbers_and_names() {
    let inputs = vec![
        vec![0.1 + 0.2, -1e-300, 123456789.125],
        vec![f64::MAX, f64::MIN_POSITIVE, -0.0],
        vec![5e-324, 1e22, -7.0],
    ];
    let targets = vec![vec![1.0, 0.0], vec![0.5, 1e-9], vec![1.0 / 3.0, 2.0 / 3.0]];
    let data = data::Dataset::from_rows(&inputs, &targets);
    let input_names = ["a, b", "say \"x\"", " padded "];
    let target_names = ["0.5", "plain"];
    let text = to_csv(&data, &input_names, &target_names);
    let csv = read_csv(&text, 3).unwrap();
    assert_eq!(csv.input_names, input_names);
    assert_eq!(csv.target_names, target_names);
    for i in 0..data.len() {
        let (x, t) = data.sample(i);
        let (x2, t2) = csv.data.sample(i);
        let bits = |v: &[f64]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(x2), bits(x), "row {i}");
        assert_eq!(bits(t2), bits(t), "row {i}");
    }
}

#[test]
fn features_expand_a_set_that_round_trips_through_csv() {
    let blobs = data::blobs(50, 0.05, 2);
    let expanded = expand(&blobs, &Feature::ALL);
    assert_eq!(expanded.input_size(), Feature::ALL.len());
    for i in 0..blobs.len() {
        let (x, t) = blobs.sample(i);
        let (features, t2) = expanded.sample(i);
        assert_eq!(t2, t);
        for (value, f) in features.iter().zip(Feature::ALL) {
            assert_eq!(*value, f.apply(x[0], x[1]), "{}", f.name());
        }
    }
    let names: Vec<&str> = Feature::ALL.iter().map(|f| f.name()).collect();
    let csv = read_csv(&to_csv(&expanded, &names, &["class"]), names.len()).unwrap();
    assert_eq!(csv.data, expanded);
    let read_back: Vec<Feature> = csv
        .input_names
        .iter()
        .map(|name| Feature::from_name(name).unwrap())
        .collect();
    assert_eq!(read_back, Feature::ALL);
}

#[test]
fn a_split_of_a_pasted_csv_is_reproducible() {
    let text = to_csv(&data::spirals(100, 0.0, 1), &["x1", "x2"], &["arm"]);
    let data = parse_csv(&text, 2).unwrap();
    let (train, test) = split(&data, 0.25, 7);
    assert_eq!((train.len(), test.as_ref().unwrap().len()), (75, 25));
    assert_eq!(split(&data, 0.25, 7), (train, test));
}

/// Networks to export: trained ones from the spec, every activation, with and without bias,
/// and one whose sigmoids saturate far beyond where `e^(−net)` overflows.
fn networks() -> Vec<(String, Network)> {
    let mut xor = Session::from_json(
        r#"{"layers": [2, 3, 1], "activation": "sigmoid", "bias": true, "seed": 3,
            "learning_rate": 2.0, "data": {"dataset": "xor"}}"#,
    )
    .unwrap();
    let mut circle = Session::from_json(
        r#"{"layers": [2, 4, 3, 1], "activation": ["tanh", "relu", "sigmoid"], "bias": true,
            "seed": 5, "learning_rate": 0.3, "data": {"dataset": "circle", "samples": 60}}"#,
    )
    .unwrap();
    for _ in 0..300 {
        xor.train_epoch().unwrap();
        circle.train_epoch().unwrap();
    }
    let mut every = Network::random_per_layer(
        &[3, 5, 4, 4, 2],
        true,
        &[
            Activation::Tanh,
            Activation::Relu,
            Activation::Linear,
            Activation::Sigmoid,
        ],
        11,
    );
    for (i, b) in every.biases_mut().iter_mut().enumerate() {
        *b = (i as f64 * 0.37).sin();
    }
    let toy = Network::random(&[2, 2, 2], false, Activation::Sigmoid, 1);
    let mut saturated = Network::random(&[2, 3, 2], true, Activation::Sigmoid, 2);
    for w in saturated.weights_mut() {
        *w *= 2000.0;
    }
    let linear = Network::random(&[1, 1], true, Activation::Linear, 4);
    let mut named = vec![
        ("trained xor".to_string(), xor.network().clone()),
        ("trained circle".to_string(), circle.network().clone()),
        ("every activation".to_string(), every),
        ("toy without bias".to_string(), toy),
        ("saturated sigmoids".to_string(), saturated),
        ("one linear neuron".to_string(), linear),
    ];
    for activation in Activation::ALL {
        named.push((
            format!("all {}", activation.name()),
            Network::random(&[2, 3, 2], false, activation, 6),
        ));
    }
    named
}

/// A few inputs for a network: the origin, points in the usual range and far outside it.
fn inputs_for(network: &Network) -> Vec<Vec<f64>> {
    let n = network.inputs();
    [0.0, 0.3, -0.9, 1.0, 2.5, -7.25]
        .iter()
        .enumerate()
        .map(|(s, &scale)| {
            (0..n)
                .map(|j| scale * (1.0 + 0.5 * j as f64) * if (s + j) % 2 == 0 { 1.0 } else { -1.0 })
                .collect()
        })
        .collect()
}

fn core_outputs(network: &Network, inputs: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let mut pass = Pass::new(network.layers());
    inputs
        .iter()
        .map(|x| {
            pass.forward(network, x);
            pass.output().to_vec()
        })
        .collect()
}

/// Parses lines of whitespace-separated numbers, one line per input.
fn parse_lines(stdout: &str) -> Vec<Vec<f64>> {
    stdout
        .lines()
        .map(|line| {
            line.split_whitespace()
                .map(|v| v.parse().unwrap_or_else(|_| panic!("not a number: {v:?}")))
                .collect()
        })
        .collect()
}

fn assert_same(what: &str, name: &str, got: &[Vec<f64>], want: &[Vec<f64>]) {
    assert_eq!(got.len(), want.len(), "{what}, {name}: one line per input");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(
            g.len(),
            w.len(),
            "{what}, {name}, input {i}: {g:?} vs {w:?}"
        );
        for (a, b) in g.iter().zip(w) {
            assert!(
                (a - b).abs() <= TOLERANCE * b.abs().max(1.0),
                "{what}, {name}, input {i}: {g:?} but the core gives {w:?}"
            );
        }
    }
}

/// Compares printed outputs, one line per input of each network in turn, with the core's.
fn compare_in_order(what: &str, networks: &[(String, Network)], got: &[Vec<f64>]) {
    let mut line = 0;
    for (name, network) in networks {
        let inputs = inputs_for(network);
        let want = core_outputs(network, &inputs);
        let end = (line + inputs.len()).min(got.len());
        assert_same(what, name, &got[line..end], &want);
        line = end;
    }
    assert_eq!(line, got.len(), "{what}: more lines than inputs");
}

/// A fresh directory under the system's temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let dir = std::env::temp_dir().join(format!(
            "backprop-playground-{tag}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(command: &mut Command, what: &str) -> String {
    let output = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("could not run {what} ({e}): it must be installed and on PATH"));
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn exported_python_computes_the_same_outputs_as_the_core() {
    let dir = TempDir::new("python");
    let networks = networks();
    // One Python process runs every export as a module of its own (Python takes a while to start).
    let mut runner = String::from("import runpy\n\n");
    for (i, (_, network)) in networks.iter().enumerate() {
        let path = dir.0.join(format!("network_{i}.py"));
        std::fs::write(&path, to_python(network)).unwrap();
        runner.push_str(&format!(
            "predict = runpy.run_path({:?})[\"predict\"]\n",
            path.to_str().unwrap()
        ));
        for x in inputs_for(network) {
            runner.push_str(&format!(
                "print(\" \".join(repr(v) for v in predict({x:?})))\n"
            ));
        }
    }
    let path = dir.0.join("run.py");
    std::fs::write(&path, runner).unwrap();
    let stdout = run(
        Command::new("python3").arg("-W").arg("error").arg(&path),
        "python3",
    );
    compare_in_order("Python", &networks, &parse_lines(&stdout));
}

#[test]
fn exported_python_refuses_the_wrong_number_of_inputs() {
    let network = Network::random(&[3, 2], true, Activation::Sigmoid, 1);
    let dir = TempDir::new("python-inputs");
    let path = dir.0.join("network.py");
    let script = to_python(&network)
        + "\ntry:\n    predict([1.0, 2.0])\nexcept ValueError as e:\n    print(e)\n";
    std::fs::write(&path, script).unwrap();
    let stdout = run(Command::new("python3").arg(&path), "python3");
    assert_eq!(stdout.trim(), "predict takes 3 inputs, got 2");
}

/// The slow one (about 1–2 s): every network's Rust export is compiled by `rustc -O` into one
/// program, in a module each, which prints their outputs; they must match the core's.
#[test]
fn exported_rust_computes_the_same_outputs_as_the_core() {
    let dir = TempDir::new("rust");
    let networks = networks();
    let mut program = String::new();
    let mut main = String::from("fn main() {\n");
    for (i, (_, network)) in networks.iter().enumerate() {
        program.push_str(&format!("mod network_{i} {{\n{}}}\n\n", to_rust(network)));
        for x in inputs_for(network) {
            main.push_str(&format!(
                "    let y = network_{i}::predict(&{x:?});\n    \
                 println!(\"{{}}\", y.iter().map(|v| format!(\"{{v:?}}\")).collect::<Vec<_>>().join(\" \"));\n"
            ));
        }
    }
    main.push_str("}\n");
    program.push_str(&main);
    let source = dir.0.join("main.rs");
    let binary = dir.0.join("exported");
    std::fs::write(&source, &program).unwrap();
    run(
        Command::new("rustc")
            .args(["--edition", "2021", "-O", "-D", "warnings", "-o"])
            .arg(&binary)
            .arg(&source),
        "rustc",
    );
    let got = parse_lines(&run(&mut Command::new(&binary), "the compiled export"));
    compare_in_order("Rust", &networks, &got);
}
