//! Every activation, loss and penalty against a second implementation that knows nothing of the
//! chain rule: finite differences of the function itself, and of the whole loss.
//!
//! Also: cross-entropy's output `δ` is exactly `a − t`; a relu network with a sigmoid output
//! learns XOR with cross-entropy from a fixed seed; momentum trains the same weights twice.

use backprop_playground::model::Session;
use backprop_playground::nn::gradients::{dataset_loss, dataset_loss_and_gradients};
use backprop_playground::nn::{
    Activation, BatchPass, Dataset, Gradients, Loss, Network, Objective, Penalty, Regularization,
};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const H: f64 = 1e-5;

/// `|analytic − numeric| / max(|analytic| + |numeric|, 10⁻⁴)`.
///
/// The floor is higher than `gradient_check.rs`'s 10⁻⁸: these networks are deeper and checked
/// in a hundred combinations, and a gradient of 10⁻⁸ is measured by the finite difference only
/// to its rounding noise (about `ε · loss / h ≈ 10⁻¹¹`). With the floor, gradients below 10⁻⁴
/// must agree to 10⁻¹⁰ absolutely, larger ones to 10⁻⁶ relatively.
fn relative_error(analytic: f64, numeric: f64) -> f64 {
    (analytic - numeric).abs() / (analytic.abs() + numeric.abs()).max(1e-4)
}

#[test]
fn each_activations_derivative_from_a_matches_a_finite_difference() {
    for activation in Activation::ALL {
        let mut net: f64 = -4.0;
        while net <= 4.0 {
            // relu has a corner at 0: step around it (its slope there is a choice, see its doc).
            if activation == Activation::Relu && net.abs() < 2.0 * H {
                net += 0.125;
                continue;
            }
            let numeric = (activation.apply(net + H) - activation.apply(net - H)) / (2.0 * H);
            let analytic = activation.derivative_from_a(activation.apply(net));
            assert!(
                (numeric - analytic).abs() < 1e-9,
                "{} at net = {net}: finite difference {numeric}, from a {analytic}",
                activation.name()
            );
            net += 0.125;
        }
    }
}

#[test]
fn cross_entropys_derivative_matches_a_finite_difference_of_e() {
    use backprop_playground::nn::chain_rule::{
        cross_entropy_error, error_wrt_output, error_wrt_output_cross_entropy, squared_error,
    };
    for (a, t) in [(0.3, 1.0), (0.8, 0.0), (0.55, 0.25), (0.02, 0.9)] {
        let numeric =
            (cross_entropy_error(&[a + H], &[t]) - cross_entropy_error(&[a - H], &[t])) / (2.0 * H);
        let analytic = error_wrt_output_cross_entropy(a, t);
        assert!(relative_error(analytic, numeric) < 1e-6, "a={a} t={t}");
        let numeric = (squared_error(&[a + H], &[t]) - squared_error(&[a - H], &[t])) / (2.0 * H);
        assert!(relative_error(error_wrt_output(a, t), numeric) < 1e-6);
    }
}

#[test]
fn cross_entropy_delta_is_exactly_a_minus_t() {
    let spec = r#"{"layers": [2, 3, 2], "activation": ["tanh", "sigmoid"], "seed": 3,
        "bias": true, "loss": "cross_entropy", "learning_rate": 0.5,
        "data": {"inputs": [[0.3, -0.9], [40, 40]], "targets": [[1, 0], [0, 1]]}}"#;
    let mut session = Session::from_json(spec).unwrap();
    // Huge biases saturate the outputs: a is exactly 1 and 0 in f64.
    session.network_mut().set_bias(1, 0, 1000.0);
    session.network_mut().set_bias(1, 1, -1000.0);
    for sample in 0..2 {
        let s = session.snapshot(sample);
        for k in 0..2 {
            let (a, t) = (s.a[2][k], s.target[k]);
            assert_eq!(
                s.delta[2][k].to_bits(),
                (a - t).to_bits(),
                "sample {sample}"
            );
        }
        assert!(s.error.is_finite() && s.loss.is_finite());
    }
    let saturated = session.snapshot(1);
    assert_eq!((saturated.a[2][0], saturated.a[2][1]), (1.0, 0.0));
    assert_eq!(saturated.delta[2][0], 1.0, "a − t with a = 1, t = 0");
    assert_eq!(saturated.delta[2][1], -1.0, "a − t with a = 0, t = 1");
    assert_eq!(
        saturated.activation_wrt_net[2][0], 0.0,
        "the flat slope cancelled"
    );
}

fn random_data(layers: &[usize], samples: usize, seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let rows = |n: usize, rng: &mut StdRng, low: f64| -> Vec<Vec<f64>> {
        (0..samples)
            .map(|_| (0..n).map(|_| rng.random_range(low..1.0)).collect())
            .collect()
    };
    let inputs = rows(layers[0], &mut rng, -1.0);
    let targets = rows(*layers.last().unwrap(), &mut rng, 0.0);
    Dataset::from_rows(&inputs, &targets)
}

/// Weight `i` (or bias `i`) in the flat storage.
fn param(network: &mut Network, bias: bool, i: usize) -> &mut f64 {
    if bias {
        &mut network.biases_mut()[i]
    } else {
        &mut network.weights_mut()[i]
    }
}

/// Backprop's `∂loss/∂w` and `∂loss/∂b` (penalty included) against central differences of the
/// whole loss, for one network; returns the worst relative error.
fn gradient_check(network: &mut Network, data: &Dataset, objective: &Objective) -> f64 {
    let mut pass = BatchPass::new(network.layers());
    let mut gradients = Gradients::zeros(network);
    dataset_loss_and_gradients(network, data, objective, &mut pass, &mut gradients);
    let mut worst = 0.0f64;
    let mut nudge = |network: &mut Network, bias: bool, i: usize, analytic: f64| {
        let original = *param(network, bias, i);
        *param(network, bias, i) = original + H;
        let up = dataset_loss(network, data, objective, &mut pass);
        *param(network, bias, i) = original - H;
        let down = dataset_loss(network, data, objective, &mut pass);
        *param(network, bias, i) = original;
        worst = worst.max(relative_error(analytic, (up - down) / (2.0 * H)));
    };
    for i in 0..network.weights().len() {
        nudge(network, false, i, gradients.weights[i]);
    }
    for i in 0..network.biases().len() {
        nudge(network, true, i, gradients.biases[i]);
    }
    worst
}

#[test]
fn every_activation_loss_and_penalty_passes_the_gradient_check() {
    let layers = [3, 4, 3, 2];
    let penalties = [
        None,
        Some(Regularization {
            kind: Penalty::L1,
            rate: 0.03,
        }),
        Some(Regularization {
            kind: Penalty::L2,
            rate: 0.05,
        }),
    ];
    let mut checked = 0;
    for (h, &hidden) in Activation::ALL.iter().enumerate() {
        for (o, &output) in Activation::ALL.iter().enumerate() {
            for loss in [Loss::Squared, Loss::CrossEntropy] {
                if loss == Loss::CrossEntropy && output != Activation::Sigmoid {
                    continue; // refused by the spec: see tests/spec.rs
                }
                for (p, &regularization) in penalties.iter().enumerate() {
                    let seed = (10 * h + o) as u64;
                    let activations = [hidden, hidden, output];
                    let mut network = Network::random_per_layer(&layers, true, &activations, seed);
                    let mut rng = StdRng::seed_from_u64(seed + 100);
                    for b in network.biases_mut() {
                        *b = rng.random_range(-0.5..0.5);
                    }
                    let data = random_data(&layers, 6, seed + p as u64);
                    let objective = Objective {
                        loss,
                        regularization,
                    };
                    let worst = gradient_check(&mut network, &data, &objective);
                    assert!(
                        worst < 1e-6,
                        "{hidden:?} hidden, {output:?} output, {loss:?}, {regularization:?}: \
                         worst relative error {worst}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 4 * (4 + 1) * 3);
}

#[test]
fn the_penalty_adds_its_own_slope_and_nothing_to_the_biases() {
    let layers = [2, 3, 1];
    let network = Network::random(&layers, true, Activation::Tanh, 8);
    let data = random_data(&layers, 5, 8);
    let mut pass = BatchPass::new(&layers);
    let (mut plain, mut penalised) = (Gradients::zeros(&network), Gradients::zeros(&network));
    let none = Objective::default();
    let base = dataset_loss_and_gradients(&network, &data, &none, &mut pass, &mut plain);
    for kind in [Penalty::L1, Penalty::L2] {
        let regularization = Regularization { kind, rate: 0.2 };
        let objective = Objective {
            loss: Loss::Squared,
            regularization: Some(regularization),
        };
        let with =
            dataset_loss_and_gradients(&network, &data, &objective, &mut pass, &mut penalised);
        assert_eq!(with.data_loss, base.data_loss);
        let w = network.weights();
        let expected_penalty = match kind {
            Penalty::L1 => 0.2 * w.iter().map(|w| w.abs()).sum::<f64>(),
            Penalty::L2 => 0.1 * w.iter().map(|w| w * w).sum::<f64>(),
        };
        assert!((with.penalty - expected_penalty).abs() < 1e-15);
        assert_eq!(with.total(), with.data_loss + with.penalty);
        for (i, &w) in w.iter().enumerate() {
            let slope = match kind {
                Penalty::L1 => 0.2 * w.signum(),
                Penalty::L2 => 0.2 * w,
            };
            assert!((penalised.weights[i] - plain.weights[i] - slope).abs() < 1e-15);
        }
        assert_eq!(penalised.biases, plain.biases, "biases are not penalised");
    }
}

const XOR_RELU: &str = r#"{
  "layers": [2, 8, 1],
  "activation": ["relu", "sigmoid"],
  "loss": "cross_entropy",
  "bias": true,
  "seed": 1,
  "learning_rate": 0.5,
  "data": { "dataset": "xor" }
}"#;

#[test]
fn relu_hidden_sigmoid_output_and_cross_entropy_learn_xor() {
    let mut session = Session::from_json(XOR_RELU).unwrap();
    let start = session.snapshot(0);
    assert_eq!(start.loss_kind, Loss::CrossEntropy);
    let mut learned_at = None;
    for _ in 0..2_000 {
        session.train_epoch().unwrap();
        if session.snapshot(0).accuracy == Some(1.0) && session.snapshot(0).loss < 0.05 {
            learned_at = Some(session.epoch());
            break;
        }
    }
    let end = session.snapshot(0);
    let epoch = learned_at.unwrap_or_else(|| {
        panic!(
            "XOR not learned: loss {} → {}, accuracy {:?}",
            start.loss, end.loss, end.accuracy
        )
    });
    eprintln!("XOR (relu, cross-entropy) learned at epoch {epoch}");
}

#[test]
fn accuracy_is_the_share_of_samples_on_the_right_side_of_a_half() {
    let spec = r#"{"layers": [1, 1], "activation": "sigmoid", "bias": true, "learning_rate": 1,
        "weights": [[[10]]], "biases": [[0]],
        "data": {"inputs": [[1], [-1], [1], [-1]], "targets": [[1], [0], [0], [0]]}}"#;
    let s = Session::from_json(spec).unwrap().snapshot(0);
    assert_eq!(s.accuracy, Some(0.75));
    let json = s.to_json();
    assert!(json.contains(r#""accuracy":0.75"#) && json.contains(r#""loss_kind":"squared""#));
    let toy = r#"{"layers": [2, 2, 2], "activation": "sigmoid", "seed": 1, "learning_rate": 1,
        "data": {"dataset": "toy"}}"#;
    let s = Session::from_json(toy).unwrap().snapshot(0);
    assert_eq!(s.accuracy, None, "targets 0.2 and 0.7 are not classes");
    assert!(s.to_json().contains(r#""accuracy":null"#));
}

const BLOBS_MOMENTUM: &str = r#"{
  "layers": [2, 4, 1],
  "activation": ["tanh", "sigmoid"],
  "bias": true,
  "seed": 5,
  "learning_rate": 0.1,
  "batch_size": 10,
  "momentum": 0.9,
  "regularization": {"kind": "l2", "rate": 0.0001},
  "data": { "dataset": "blobs", "samples": 100, "noise": 0.05 }
}"#;

#[test]
fn momentum_trains_the_same_weights_twice_and_learns() {
    let train = |text: &str, epochs: usize| {
        let mut session = Session::from_json(text).unwrap();
        let start = session.snapshot(0).loss;
        for _ in 0..epochs {
            session.train_epoch().unwrap();
        }
        (start, session)
    };
    let (start, a) = train(BLOBS_MOMENTUM, 60);
    let (_, b) = train(BLOBS_MOMENTUM, 60);
    let bits = |s: &Session| -> Vec<u64> {
        let n = s.network();
        n.weights()
            .iter()
            .chain(n.biases())
            .map(|x| x.to_bits())
            .collect()
    };
    assert_eq!(bits(&a), bits(&b));
    let end = a.snapshot(0);
    assert!(
        end.loss < start / 4.0,
        "blobs with momentum: {start} → {}",
        end.loss
    );
    assert!(end.penalty > 0.0 && end.loss == end.data_loss + end.penalty);
    assert_eq!(end.accuracy, Some(1.0));

    let without = BLOBS_MOMENTUM.replace(r#""momentum": 0.9,"#, "");
    let (_, plain) = train(&without, 60);
    assert_ne!(bits(&plain), bits(&a), "momentum changes the path");
    assert!(
        plain.snapshot(0).loss > end.loss,
        "and here gets further in as many epochs"
    );
}

#[test]
fn reset_and_load_start_momentum_from_rest() {
    let (mut session, fresh) = (
        Session::from_json(BLOBS_MOMENTUM).unwrap(),
        Session::from_json(BLOBS_MOMENTUM).unwrap(),
    );
    for _ in 0..10 {
        session.train_epoch().unwrap();
    }
    session.reset(5);
    let mut fresh = fresh;
    for _ in 0..3 {
        assert_eq!(session.train_epoch(), fresh.train_epoch());
    }
    assert_eq!(session.network(), fresh.network());
    assert_eq!(session.momentum(), 0.9);
}
