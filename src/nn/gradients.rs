//! `∂E/∂w` and `∂E/∂b` of every parameter, in the network's flat layout.

use crate::nn::chain_rule::{bias_gradient, weight_gradient};
use crate::nn::data::Dataset;
use crate::nn::network::Network;
use crate::nn::pass::Pass;

#[derive(Clone, Debug, PartialEq)]
pub struct Gradients {
    pub weights: Vec<f64>,
    pub biases: Vec<f64>,
}

impl Gradients {
    /// All zeros, shaped like `network`.
    pub fn zeros(network: &Network) -> Gradients {
        Gradients {
            weights: vec![0.0; network.weights().len()],
            biases: vec![0.0; network.biases().len()],
        }
    }

    pub fn clear(&mut self) {
        self.weights.fill(0.0);
        self.biases.fill(0.0);
    }

    /// Adds one sample's `∂E/∂w_jk = δ_k · a_j` and `∂E/∂b_k = δ_k` (after its backward pass).
    pub fn accumulate(&mut self, network: &Network, pass: &Pass) {
        let (mut w, mut b) = (0, 0);
        for l in 0..network.depth() {
            let a_below = &pass.a[pass.range(l)];
            let delta_above = &pass.delta[pass.range(l + 1)];
            let layer = &mut self.weights[w..w + a_below.len() * delta_above.len()];
            for (row, &delta_k) in layer.chunks_exact_mut(a_below.len()).zip(delta_above) {
                for (g, &a_j) in row.iter_mut().zip(a_below) {
                    *g += weight_gradient(delta_k, a_j);
                }
            }
            for (g, &delta_k) in self.biases[b..].iter_mut().zip(delta_above) {
                *g += bias_gradient(delta_k);
            }
            w += layer.len();
            b += delta_above.len();
        }
    }

    /// Multiplies every gradient by `factor` (to turn a sum over samples into a mean).
    pub fn scale(&mut self, factor: f64) {
        self.weights.iter_mut().for_each(|g| *g *= factor);
        self.biases.iter_mut().for_each(|g| *g *= factor);
    }
}

/// The loss of the whole data set at the current weights, `mean_samples E`, and its gradients
/// `∂loss/∂w` (the mean of each sample's `∂E/∂w`) written into `gradients`.
///
/// Without bias terms the bias gradients are still computed (they are each neuron's mean `δ`)
/// but training ignores them.
pub fn dataset_loss_and_gradients(
    network: &Network,
    data: &Dataset,
    pass: &mut Pass,
    gradients: &mut Gradients,
) -> f64 {
    gradients.clear();
    let mut total_error = 0.0;
    for i in 0..data.len() {
        let (input, target) = data.sample(i);
        pass.forward(network, input);
        total_error += pass.error(target);
        pass.backward(network, target);
        gradients.accumulate(network, pass);
    }
    let n = data.len() as f64;
    gradients.scale(1.0 / n);
    total_error / n
}

/// The loss of the whole data set at the current weights (forward passes only).
pub fn dataset_loss(network: &Network, data: &Dataset, pass: &mut Pass) -> f64 {
    let mut total_error = 0.0;
    for i in 0..data.len() {
        let (input, target) = data.sample(i);
        pass.forward(network, input);
        total_error += pass.error(target);
    }
    total_error / data.len() as f64
}
