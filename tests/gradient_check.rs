//! Analytic gradients against central finite differences, on random networks of several shapes.
//!
//! The finite difference `(loss(w + h) − loss(w − h)) / 2h` is our second implementation of
//! `∂loss/∂w`: it knows nothing of the chain rule, so agreement means backprop is right.
//! These are sigmoid networks with squared error; `activations_and_losses.rs` checks every other
//! activation, loss and penalty the same way.

use backprop_playground::nn::gradients::{dataset_loss, dataset_loss_and_gradients};
use backprop_playground::nn::BatchPass;
use backprop_playground::nn::{Activation, Dataset, Gradients, Network, Objective};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn random_data(layers: &[usize], samples: usize, seed: u64) -> Dataset {
    let mut rng = StdRng::seed_from_u64(seed);
    let inputs: Vec<Vec<f64>> = (0..samples)
        .map(|_| {
            (0..layers[0])
                .map(|_| rng.random_range(-1.0..1.0))
                .collect()
        })
        .collect();
    let targets: Vec<Vec<f64>> = (0..samples)
        .map(|_| {
            (0..*layers.last().unwrap())
                .map(|_| rng.random::<f64>())
                .collect()
        })
        .collect();
    Dataset::from_rows(&inputs, &targets)
}

fn relative_error(analytic: f64, numeric: f64) -> f64 {
    (analytic - numeric).abs() / (analytic.abs() + numeric.abs()).max(1e-8)
}

fn check(layers: &[usize], has_bias: bool, samples: usize, seed: u64) {
    let mut network = Network::random(layers, has_bias, Activation::Sigmoid, seed);
    // Random biases too, so their gradients are checked away from 0.
    if has_bias {
        let mut rng = StdRng::seed_from_u64(seed + 1000);
        for b in network.biases_mut() {
            *b = rng.random_range(-0.5..0.5);
        }
    }
    let data = random_data(layers, samples, seed);
    let objective = Objective::default();
    let mut pass = BatchPass::new(layers);
    let mut gradients = Gradients::zeros(&network);
    dataset_loss_and_gradients(&network, &data, &objective, &mut pass, &mut gradients);

    let h = 1e-5;
    let mut worst = 0.0f64;
    for i in 0..network.weights().len() {
        let original = network.weights()[i];
        network.weights_mut()[i] = original + h;
        let up = dataset_loss(&network, &data, &objective, &mut pass);
        network.weights_mut()[i] = original - h;
        let down = dataset_loss(&network, &data, &objective, &mut pass);
        network.weights_mut()[i] = original;
        let numeric = (up - down) / (2.0 * h);
        let error = relative_error(gradients.weights[i], numeric);
        assert!(
            error < 1e-6,
            "{layers:?} bias={has_bias} weight {i}: backprop {} vs finite difference {numeric} \
             (relative error {error})",
            gradients.weights[i]
        );
        worst = worst.max(error);
    }
    if has_bias {
        for i in 0..network.biases().len() {
            let original = network.biases()[i];
            network.biases_mut()[i] = original + h;
            let up = dataset_loss(&network, &data, &objective, &mut pass);
            network.biases_mut()[i] = original - h;
            let down = dataset_loss(&network, &data, &objective, &mut pass);
            network.biases_mut()[i] = original;
            let numeric = (up - down) / (2.0 * h);
            let error = relative_error(gradients.biases[i], numeric);
            assert!(error < 1e-6, "{layers:?} bias {i}: relative error {error}");
        }
    }
    assert!(worst < 1e-6);
}

#[test]
fn one_hidden_layer_without_bias_one_sample() {
    check(&[2, 2, 2], false, 1, 1);
}

#[test]
fn one_hidden_layer_with_bias_several_samples() {
    check(&[3, 5, 2], true, 7, 2);
}

#[test]
fn several_hidden_layers_with_bias() {
    check(&[2, 8, 8, 1], true, 10, 3);
    check(&[4, 3, 6, 5, 3], true, 5, 4);
}

#[test]
fn several_hidden_layers_without_bias() {
    check(&[2, 4, 4, 4, 2], false, 6, 5);
}

#[test]
fn no_hidden_layer() {
    check(&[3, 2], true, 4, 6);
}
