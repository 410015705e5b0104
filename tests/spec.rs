//! The network spec: the round trip, and every kind of bad input refused with the field named
//! while the running session stays as it was.

use backprop_playground::model::{Session, Spec};
use backprop_playground::nn::DivergenceCause;

const GOOD: &str = r#"{
  "layers": [2, 3, 1],
  "activation": "sigmoid",
  "bias": true,
  "seed": 9,
  "learning_rate": 0.7,
  "batch_size": 2,
  "data": { "dataset": "xor" }
}"#;

#[test]
fn export_then_import_gives_the_same_network_bit_for_bit() {
    let mut session = Session::from_json(GOOD).unwrap();
    for _ in 0..50 {
        session.train_epoch().unwrap();
    }
    let text = session.spec().to_json();
    let again = Session::from_json(&text).unwrap();
    assert_eq!(again.network(), session.network());
    for (a, b) in again
        .network()
        .weights()
        .iter()
        .zip(session.network().weights())
    {
        assert_eq!(a.to_bits(), b.to_bits());
    }
    assert_eq!(again.spec(), session.spec());
    assert_eq!(again.learning_rate(), 0.7);
    assert_eq!(again.batch_size(), 2);
    assert_eq!(again.epoch(), 0, "a loaded spec starts at epoch 0");
}

#[test]
fn the_design_example_loads_and_omitted_biases_mean_no_bias() {
    let text = r#"{
      "layers": [2, 2, 2],
      "activation": "sigmoid",
      "weights": [[[0.1, 0.2], [0.3, 0.4]], [[0.5, 0.6], [0.7, 0.8]]],
      "biases": [[0.0, 0.0], [0.0, 0.0]],
      "learning_rate": 0.5,
      "data": { "inputs": [[0.3, 0.9]], "targets": [[0.2, 0.7]] }
    }"#;
    assert!(Session::from_json(text).unwrap().network().has_bias());
    let without: String = text.replace(r#""biases": [[0.0, 0.0], [0.0, 0.0]],"#, "");
    let session = Session::from_json(&without).unwrap();
    assert!(!session.network().has_bias());
    assert_eq!(session.network().weight(1, 1, 0), 0.7);
}

/// Loads `bad` into a copy of a running session's place: the error must name `field` and say
/// `words`, and the running session must be exactly as it was.
/// Loads `bad` into a running session (as the page's `load` does) and checks that it is refused
/// naming `field` with `words` in its message, and that the running session is left as it was:
/// the same spec, epoch and loss.
fn refused(bad: &str, field: &str, words: &str) {
    let mut running = Session::from_json(GOOD).unwrap();
    running.train_epoch().unwrap();
    let (spec_before, loss_before) = (running.spec(), running.loss());
    let error = running
        .load(bad)
        .err()
        .unwrap_or_else(|| panic!("accepted: {bad}"));
    assert_eq!(error.field, field, "{error}");
    assert!(
        error.message.contains(words),
        "message {:?} lacks {words:?}",
        error.message
    );
    assert_eq!(
        running.spec(),
        spec_before,
        "a refused load changed the spec"
    );
    assert_eq!(running.epoch(), 1, "a refused load changed the epoch");
    assert_eq!(running.loss().to_bits(), loss_before.to_bits());
}

fn with(field: &str, value: &str) -> String {
    with_all(&[(field, value)])
}

/// `GOOD` with each `(field, value)` set (`field` may be a path such as `data.noise`).
fn with_all(changes: &[(&str, &str)]) -> String {
    let mut spec: serde_json::Value = serde_json::from_str(GOOD).unwrap();
    for (field, value) in changes {
        let parsed: serde_json::Value = serde_json::from_str(value).unwrap();
        let mut target = &mut spec;
        let parts: Vec<&str> = field.split('.').collect();
        for part in &parts[..parts.len() - 1] {
            target = &mut target[*part];
        }
        target[parts[parts.len() - 1]] = parsed;
    }
    spec.to_string()
}

#[test]
fn malformed_json_is_refused() {
    refused("{\"layers\": [2, 2", "layers", "EOF while parsing a list");
    refused("", "spec", "EOF");
    refused("[1, 2]", "spec", "must be a JSON object");
    refused(&format!("{GOOD} {{}}"), "spec", "trailing characters");
}

#[test]
fn unknown_fields_are_refused_not_ignored() {
    refused(
        &with("nesterov", "true"),
        "nesterov",
        "unknown field `nesterov`",
    );
    refused(
        &with(
            "regularization",
            r#"{"kind": "l2", "rate": 0.1, "decay": 1}"#,
        ),
        "regularization.decay",
        "unknown field `decay`",
    );
    refused(
        &with("data.shuffle", "true"),
        "data.shuffle",
        "unknown field",
    );
}

#[test]
fn missing_required_fields_are_named() {
    let mut spec: serde_json::Value = serde_json::from_str(GOOD).unwrap();
    spec.as_object_mut().unwrap().remove("learning_rate");
    refused(&spec.to_string(), "spec", "missing field `learning_rate`");
    let mut spec: serde_json::Value = serde_json::from_str(GOOD).unwrap();
    spec.as_object_mut().unwrap().remove("seed");
    refused(&spec.to_string(), "weights", "a `seed` to draw them from");
}

#[test]
fn wrong_shapes_are_refused() {
    refused(
        &with("weights", "[[[1, 2]]]"),
        "weights",
        "has 1 layers of weights, `layers` needs 2",
    );
    refused(
        &with("weights", "[[[1, 2], [3, 4]], [[1, 2, 3]]]"),
        "weights[0]",
        "has 2 rows, `layers` needs 3",
    );
    refused(
        &with("weights", "[[[1, 2], [3, 4], [5]], [[1, 2, 3]]]"),
        "weights[0][2]",
        "has 1 numbers, `layers` needs 2",
    );
    refused(
        &with("biases", "[[0, 0, 0], [0, 0]]"),
        "biases[1]",
        "has 2 numbers",
    );
    refused(
        &with("layers", "[3, 3, 1]"),
        "layers",
        "xor data set has 2 inputs",
    );
    refused(
        &with("data", r#"{"inputs": [[1, 2], [3, 4]], "targets": [[1]]}"#),
        "data.targets",
        "has 1 rows but `inputs` has 2",
    );
    refused(
        &with("data", r#"{"inputs": [[1, 2, 3]], "targets": [[1]]}"#),
        "data.inputs[0]",
        "has 3 numbers",
    );
    refused(
        &with("data", r#"{"inputs": [[1, 2]], "targets": [[1.5]]}"#),
        "data.targets[0][0]",
        "outside [0, 1]",
    );
    refused(
        &with("data", r#"{"dataset": "moons"}"#),
        "data.dataset",
        "unknown data set",
    );
    refused(
        &with("data", r#"{}"#),
        "data",
        "give `inputs` and `targets`",
    );
}

#[test]
fn non_finite_numbers_are_refused() {
    // JSON has no NaN; a page's NaN arrives as null, and a literal NaN is not JSON at all.
    refused(
        &with("weights", "[[[null, 2], [3, 4], [5, 6]], [[1, 2, 3]]]"),
        "weights[0][0][0]",
        "NaN and Infinity",
    );
    refused(
        &GOOD.replace("0.7", "NaN"),
        "learning_rate",
        "expected value",
    );
    refused(
        &GOOD.replace("0.7", "1e999"),
        "learning_rate",
        "number out of range",
    );
    refused(
        &with("data.noise", "null"),
        "data.noise",
        "NaN and Infinity",
    );
    refused(&with("seed", "null"), "seed", "omit it");
}

#[test]
fn zero_and_absurd_sizes_are_refused() {
    refused(&with("layers", "[2, 0, 1]"), "layers[1]", "0 neurons");
    refused(
        &with("layers", "[2]"),
        "layers",
        "at least an input and an output",
    );
    refused(
        &with("layers", "[2, 100000, 1]"),
        "layers[1]",
        "between 1 and 512",
    );
    refused(
        &with("layers", "[2, 400, 400, 400, 1]"),
        "layers",
        "more than the 100000 allowed",
    );
    refused(
        &with("layers", "[2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"),
        "layers",
        "13 layers",
    );
    refused(&with("layers", "[2, -1, 1]"), "layers[1]", "invalid value");
    refused(
        &with("data.samples", "100000000"),
        "data.samples",
        "fixed and takes no options",
    );
    refused(
        &with("data", r#"{"dataset": "circle", "samples": 100000000}"#),
        "data.samples",
        "between 2 and 10000",
    );
    refused(
        &with("batch_size", "0"),
        "batch_size",
        "not between 1 and the 4 samples",
    );
    refused(
        &with("batch_size", "5"),
        "batch_size",
        "not between 1 and the 4 samples",
    );
    let huge = format!("{}{}", " ".repeat(9 << 20), GOOD);
    refused(&huge, "spec", "more than the");
}

#[test]
fn a_learning_rate_must_be_positive_and_finite() {
    refused(
        &with("learning_rate", "0"),
        "learning_rate",
        "not a positive finite number",
    );
    refused(
        &with("learning_rate", "-0.5"),
        "learning_rate",
        "not a positive finite number",
    );
    refused(
        &with("learning_rate", "\"fast\""),
        "learning_rate",
        "invalid type: string",
    );
    let mut session = Session::from_json(GOOD).unwrap();
    let error = session.set_learning_rate(f64::NAN).unwrap_err();
    assert_eq!(error.field, "learning_rate");
    assert_eq!(
        session.learning_rate(),
        0.7,
        "η unchanged after a refused value"
    );
}

#[test]
fn an_unknown_activation_is_named() {
    refused(
        &with("activation", "\"softmax\""),
        "activation",
        "unknown variant `softmax`, expected one of `sigmoid`, `tanh`, `relu`, `linear`",
    );
    refused(
        &with("activation", "3"),
        "activation",
        "expected an activation name",
    );
}

#[test]
fn an_activation_per_layer_must_name_each_layer_after_the_input() {
    refused(
        &with("activation", r#"["relu", "softmax"]"#),
        "activation[1]",
        "unknown variant `softmax`",
    );
    refused(
        &with("activation", r#"["relu", "relu", "sigmoid"]"#),
        "activation",
        "has 3 names, `layers` needs 2",
    );
    refused(
        &with("activation", r#"[]"#),
        "activation",
        "has 0 names, `layers` needs 2",
    );
    refused(
        &with("activation", r#"["relu", 1]"#),
        "activation[1]",
        "invalid type",
    );
    let session = Session::from_json(&with("activation", r#"["relu", "sigmoid"]"#)).unwrap();
    use backprop_playground::nn::Activation::{Relu, Sigmoid};
    assert_eq!(session.network().activations(), [Relu, Sigmoid]);
}

#[test]
fn cross_entropy_needs_a_sigmoid_output() {
    let cross_entropy = ("loss", "\"cross_entropy\"");
    refused(
        &with_all(&[("activation", r#"["relu", "tanh"]"#), cross_entropy]),
        "loss",
        "cross_entropy needs a sigmoid output layer",
    );
    refused(
        &with_all(&[("activation", r#""linear""#), cross_entropy]),
        "loss",
        "but the output layer is linear",
    );
    refused(
        &with("loss", "\"hinge\""),
        "loss",
        "unknown variant `hinge`",
    );
    let ok = with_all(&[("activation", r#"["tanh", "sigmoid"]"#), cross_entropy]);
    assert!(Session::from_json(&ok).is_ok());
}

#[test]
fn targets_must_be_in_reach_of_the_output_the_same_rule_as_for_a_csv() {
    // One rule for JSON and CSV: a target the output layer cannot reach is refused.
    let data = r#"{"inputs": [[1, 2], [0, 1]], "targets": [[1.5], [-3]]}"#;
    let with_output = |output: &str| {
        let activation = format!(r#"["sigmoid", "{output}"]"#);
        with_all(&[("data", data), ("activation", &activation)])
    };
    refused(
        &with("data", data),
        "data.targets[0][0]",
        "1.5 is outside [0, 1], the range a sigmoid output can reach",
    );
    refused(
        &with_output("tanh"),
        "data.targets[0][0]",
        "1.5 is outside [-1, 1], the range a tanh output",
    );
    refused(
        &with_output("relu"),
        "data.targets[1][0]",
        "-3 is outside [0, ∞), the range a relu output",
    );
    assert!(Session::from_json(&with_output("linear")).is_ok());
    // The CSV reader gives the same verdict for the same rows.
    let csv = backprop_playground::model::csv::read_csv("x1,x2,t\n1,2,1.5\n0,1,-3\n", 2).unwrap();
    let tanh = csv
        .check_targets(backprop_playground::nn::Activation::Tanh)
        .unwrap_err();
    assert!(tanh
        .to_string()
        .contains("target 1.5 is outside [-1, 1], the range a tanh output"));
    let spec = with_all(&[
        ("data", r#"{"inputs": [[1, 2]], "targets": [[null]]}"#),
        ("activation", r#""linear""#),
    ]);
    refused(&spec, "data.targets[0][0]", "NaN and Infinity");
}

#[test]
fn regularization_and_momentum_are_checked() {
    let l2 = |rate: &str| {
        with(
            "regularization",
            &format!(r#"{{"kind": "l2", "rate": {rate}}}"#),
        )
    };
    refused(
        &l2("1.5"),
        "regularization.rate",
        "1.5 is not between 0 and 1",
    );
    refused(&l2("-0.1"), "regularization.rate", "not between 0 and 1");
    refused(&l2("null"), "regularization.rate", "NaN and Infinity");
    refused(
        &with("regularization", r#"{"kind": "l3", "rate": 0.1}"#),
        "regularization.kind",
        "unknown variant `l3`, expected `l1` or `l2`",
    );
    refused(
        &with("regularization", r#"{"kind": "l1"}"#),
        "regularization",
        "missing field `rate`",
    );
    refused(&with("momentum", "1"), "momentum", "not in [0, 1)");
    refused(&with("momentum", "1.5"), "momentum", "not in [0, 1)");
    refused(&with("momentum", "-0.5"), "momentum", "not in [0, 1)");
    assert!(Session::from_json(&l2("0")).is_ok());
    assert!(Session::from_json(&l2("1")).is_ok());
    assert!(Session::from_json(&with("momentum", "0.99")).is_ok());

    let mut session = Session::from_json(GOOD).unwrap();
    assert_eq!(session.set_momentum(1.0).unwrap_err().field, "momentum");
    assert_eq!(session.momentum(), 0.0, "μ unchanged after a refused value");
    use backprop_playground::nn::{Penalty, Regularization};
    let too_big = Regularization {
        kind: Penalty::L1,
        rate: f64::INFINITY,
    };
    let error = session.set_regularization(Some(too_big)).unwrap_err();
    assert_eq!(error.field, "regularization.rate");
    assert_eq!(session.objective().regularization, None);
}

#[test]
fn the_new_fields_round_trip_bit_for_bit() {
    let spec = r#"{
      "layers": [2, 4, 3, 1],
      "activation": ["relu", "tanh", "sigmoid"],
      "bias": true,
      "seed": 4,
      "learning_rate": 0.3,
      "batch_size": 3,
      "loss": "cross_entropy",
      "regularization": {"kind": "l1", "rate": 0.001},
      "momentum": 0.9,
      "data": { "dataset": "blobs", "samples": 30 }
    }"#;
    let mut session = Session::from_json(spec).unwrap();
    for _ in 0..20 {
        session.train_epoch().unwrap();
    }
    let text = session.spec().to_json();
    assert!(text.contains(r#""activation": ["#) && text.contains(r#""loss": "cross_entropy""#));
    assert!(text.contains(r#""kind": "l1""#) && text.contains(r#""momentum": 0.9"#));
    let again = Session::from_json(&text).unwrap();
    let bits = |s: &Session| -> Vec<u64> {
        let n = s.network();
        n.weights()
            .iter()
            .chain(n.biases())
            .map(|x| x.to_bits())
            .collect()
    };
    assert_eq!(bits(&again), bits(&session));
    assert_eq!(again.spec(), session.spec());
    assert_eq!(again.objective(), session.objective());
    assert_eq!(again.momentum(), 0.9);

    // One activation for every layer is written as one name, as it was given.
    let uniform = with("activation", r#"["tanh", "tanh"]"#);
    let exported = Session::from_json(&uniform).unwrap().spec().to_json();
    assert!(exported.contains(r#""activation": "tanh""#), "{exported}");
    // A spec without the new fields exports without them.
    let plain = Session::from_json(GOOD).unwrap().spec().to_json();
    for field in ["loss", "regularization", "momentum"] {
        assert!(!plain.contains(field), "{field} in {plain}");
    }
}

#[test]
fn spec_from_json_round_trips_the_struct() {
    let spec = Spec::from_json(GOOD).unwrap();
    assert_eq!(Spec::from_json(&spec.to_json()).unwrap(), spec);
}

#[test]
fn reset_returns_to_the_loaded_weights_and_a_new_seed_draws_new_ones() {
    let mut session = Session::from_json(GOOD).unwrap();
    let start = session.network().clone();
    for _ in 0..20 {
        session.train_epoch().unwrap();
    }
    session.set_learning_rate(0.3).unwrap();
    session.reset(9);
    assert_eq!(session.network(), &start);
    assert_eq!(session.epoch(), 0);
    assert_eq!(
        session.learning_rate(),
        0.3,
        "reset keeps the learner's learning rate"
    );
    session.reset(10);
    assert_ne!(session.network().weights(), start.weights());
    assert_eq!(session.seed(), 10);
    assert!(session.network().has_bias());
}

#[test]
fn a_learning_rate_that_blows_up_is_stopped_and_undone() {
    // Sigmoids saturate rather than overflow, so it takes large inputs as well as a huge η for a
    // step `−η·∂E/∂w` to overflow to infinity.
    let spec = r#"{"layers": [2, 2, 1], "activation": "sigmoid", "learning_rate": 1e308,
        "weights": [[[0.001, 0.002], [0.003, -0.001]], [[0.5, -0.5]]],
        "data": {"inputs": [[1000, -1000]], "targets": [[1]]}}"#;
    let mut session = Session::from_json(spec).unwrap();
    let mut diverged = None;
    for _ in 0..100 {
        match session.train_epoch() {
            Ok(_) => {}
            Err(e) => {
                diverged = Some(e);
                break;
            }
        }
    }
    let error = diverged.expect("η = 1e308 must overflow the weights");
    assert_eq!(error.cause, DivergenceCause::LearningRate);
    assert!(error.to_string().contains("learning rate is too large"));
    assert!(
        session.network().is_finite(),
        "the epoch that blew up is undone"
    );
}

#[test]
fn numbers_too_large_before_any_step_blame_the_scale_not_the_learning_rate() {
    // A linear output on an input of 1e6 whose weight was then set to 1e303 (a spec that
    // overflows is refused at load: see the next test): the error overflows at the first
    // forward pass, with an η as small as 1e-12.
    let spec = r#"{"layers": [1, 1], "activation": "linear", "weights": [[[1]]],
        "learning_rate": 1e-12, "data": {"inputs": [[1e6]], "targets": [[0.5]]}}"#;
    let mut session = Session::from_json(spec).unwrap();
    session.network_mut().set_weight(0, 0, 0, 1e303);
    let weights = session.network().weights().to_vec();
    let error = session.train_epoch().unwrap_err();
    assert_eq!(error.cause, DivergenceCause::Scale);
    assert!(
        error
            .to_string()
            .contains("the learning rate is not the cause"),
        "{error}"
    );
    assert_eq!(session.network().weights(), &weights[..]);
    assert_eq!(session.epoch(), 0);
}

#[test]
fn a_spec_whose_first_forward_pass_overflows_is_refused_at_load_and_changes_nothing() {
    let mut session = Session::from_json(&with_all(&[])).unwrap();
    let before = session.spec();
    let spec = r#"{"layers": [1, 1], "activation": "linear", "weights": [[[1e200]]],
        "learning_rate": 1e-12, "data": {"inputs": [[0.5], [1e200]], "targets": [[0.5], [0.5]]}}"#;
    let error = session.load(spec).unwrap_err();
    assert_eq!(error.field, "data.inputs[1]");
    assert!(error.message.contains("Scale the inputs"), "{error}");
    assert_eq!(session.spec(), before);
}

#[test]
fn seeds_are_whole_numbers_up_to_2_to_the_53_minus_1_everywhere() {
    // The ends of the range load, come back from spec() exactly, and reset to the same weights.
    for seed in [0u64, (1 << 53) - 1] {
        let circle = format!(r#"{{"dataset": "circle", "samples": 20, "seed": {seed}}}"#);
        let text = with_all(&[("seed", &seed.to_string()), ("data", &circle)]);
        let mut session = Session::from_json(&text).unwrap();
        let start = session.network().weights().to_vec();
        let spec = session.spec();
        assert_eq!(spec.seed, Some(seed));
        assert_eq!(spec.data.seed, Some(seed));
        let again = Session::from_json(&spec.to_json()).unwrap();
        assert_eq!(again.network().weights(), &start[..]);
        session.train_epoch().unwrap();
        session.reset(seed);
        assert_eq!(session.network().weights(), &start[..]);
    }
    // Beyond it a page cannot hold the seed exactly (2⁵³ + 1 would come back as 2⁵³): refused.
    for seed in [
        "9007199254740992",
        "9007199254740993",
        "18446744073709551615",
    ] {
        refused(
            &with("seed", seed),
            "seed",
            "the largest whole number a web page holds",
        );
        let circle = format!(r#"{{"dataset": "circle", "samples": 20, "seed": {seed}}}"#);
        refused(
            &with("data", &circle),
            "data.seed",
            "choose a seed from 0 to 9007199254740991",
        );
    }
}
