//! `∂E/∂w` and `∂E/∂b` of every parameter, in the network's flat layout.

use crate::nn::chain_rule::{bias_gradient, weight_gradient};
use crate::nn::data::Dataset;
use crate::nn::loss::Objective;
use crate::nn::network::Network;
use crate::nn::pass::Pass;

#[derive(Clone, Debug, PartialEq)]
pub struct Gradients {
    pub weights: Vec<f64>,
    pub biases: Vec<f64>,
}

impl Gradients {
    /// Takes `other`'s numbers (the same network's shape).
    pub fn copy_from(&mut self, other: &Gradients) {
        self.weights.copy_from_slice(&other.weights);
        self.biases.copy_from_slice(&other.biases);
    }

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

/// The loss of the whole data set at the current weights, in its parts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DatasetLoss {
    /// `mean_samples E`.
    pub data_loss: f64,
    /// The regularisation penalty of the weights (0 without regularisation).
    pub penalty: f64,
    /// The share of samples classified right (see [`Classified`]); `None` unless every target
    /// is 0 or 1.
    pub accuracy: Option<f64>,
}

impl DatasetLoss {
    /// `loss = mean_samples E + penalty`: what training minimises.
    pub fn total(&self) -> f64 {
        self.data_loss + self.penalty
    }
}

/// Counts samples whose every output is on the right side of 0.5: above it where the target is
/// 1, at or below it where the target is 0. Meaningful only when every target is 0 or 1.
#[derive(Clone, Copy, Debug, Default)]
pub struct Classified {
    right: usize,
    seen: usize,
}

impl Classified {
    pub fn add(&mut self, output: &[f64], target: &[f64]) {
        self.seen += 1;
        if output
            .iter()
            .zip(target)
            .all(|(&a, &t)| (a > 0.5) == (t == 1.0))
        {
            self.right += 1;
        }
    }

    /// `right / seen`, or `None` before any sample.
    pub fn share(&self) -> Option<f64> {
        (self.seen > 0).then(|| self.right as f64 / self.seen as f64)
    }
}

/// The loss of the whole data set at the current weights, `mean_samples E + penalty`, and its
/// gradients `∂loss/∂w` (the mean of each sample's `∂E/∂w`, plus the penalty's slope for the
/// weights) written into `gradients`.
///
/// Without bias terms the bias gradients are still computed (they are each neuron's mean `δ`)
/// but training ignores them. Biases are never penalised.
pub fn dataset_loss_and_gradients(
    network: &Network,
    data: &Dataset,
    objective: &Objective,
    pass: &mut Pass,
    gradients: &mut Gradients,
) -> DatasetLoss {
    gradients.clear();
    let mut total_error = 0.0;
    let mut classified = Classified::default();
    let binary = data.targets_are_binary();
    for i in 0..data.len() {
        let (input, target) = data.sample(i);
        pass.forward(network, input);
        total_error += pass.error(target, objective.loss);
        if binary {
            classified.add(pass.output(), target);
        }
        pass.backward(network, target, objective.loss);
        gradients.accumulate(network, pass);
    }
    let n = data.len() as f64;
    gradients.scale(1.0 / n);
    if let Some(regularization) = &objective.regularization {
        regularization.add_gradient(network.weights(), &mut gradients.weights);
    }
    DatasetLoss {
        data_loss: total_error / n,
        penalty: objective.penalty(network.weights()),
        accuracy: classified.share(),
    }
}

/// The loss of the whole data set at the current weights, `mean_samples E + penalty` (forward
/// passes only).
pub fn dataset_loss(
    network: &Network,
    data: &Dataset,
    objective: &Objective,
    pass: &mut Pass,
) -> f64 {
    let mut total_error = 0.0;
    for i in 0..data.len() {
        let (input, target) = data.sample(i);
        pass.forward(network, input);
        total_error += pass.error(target, objective.loss);
    }
    total_error / data.len() as f64 + objective.penalty(network.weights())
}
