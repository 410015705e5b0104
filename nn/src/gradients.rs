//! `∂E/∂w` and `∂E/∂b` of every parameter, in the network's flat layout.

use crate::batch_pass::{BatchPass, LANES};
use crate::chain_rule::{bias_gradient, weight_gradient};
use crate::data::Dataset;
use crate::loss::Objective;
use crate::network::Network;
use crate::pass::Pass;

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

/// The sample indices `0..n` in slices of at most [`LANES`], as `(indices, how many)`.
fn slices(n: usize) -> impl Iterator<Item = ([usize; LANES], usize)> {
    (0..n).step_by(LANES).map(move |start| {
        let len = (n - start).min(LANES);
        (std::array::from_fn(|s| start + s), len)
    })
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
    pass: &mut BatchPass,
    gradients: &mut Gradients,
) -> DatasetLoss {
    gradients.clear();
    let mut total_error = 0.0;
    let mut classified = Classified::default();
    let binary = data.targets_are_binary();
    let mut output = vec![0.0; network.outputs()];
    for samples in slices(data.len()) {
        let samples = &samples.0[..samples.1];
        pass.accumulate(
            network,
            data,
            samples,
            objective.loss,
            gradients,
            &mut total_error,
        );
        if binary {
            for (s, &i) in samples.iter().enumerate() {
                pass.output(s, &mut output);
                classified.add(&output, data.sample(i).1);
            }
        }
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
    pass: &mut BatchPass,
) -> f64 {
    let mut total_error = 0.0;
    for samples in slices(data.len()) {
        let samples = &samples.0[..samples.1];
        pass.add_errors(network, data, samples, objective.loss, &mut total_error);
    }
    total_error / data.len() as f64 + objective.penalty(network.weights())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::loss::Loss;
    use crate::Activation;

    #[test]
    fn the_whole_data_set_numbers_are_those_of_one_pass_per_sample_bit_for_bit() {
        // 37 samples: two full slices of LANES and a short one.
        let data = crate::data::circle(37, 0.1, 5);
        let mut network = Network::random(&[2, 5, 3, 1], true, Activation::Sigmoid, 9);
        // Large weights, so that the outputs fall on both sides of 0.5.
        network.weights_mut().iter_mut().for_each(|w| *w *= 6.0);
        let objective = Objective::default();
        let (mut pass, mut gradients) = (Pass::new(network.layers()), Gradients::zeros(&network));
        let (mut error, mut classified) = (0.0, Classified::default());
        for i in 0..data.len() {
            let (input, target) = data.sample(i);
            pass.forward(&network, input);
            error += pass.error(target, Loss::Squared);
            classified.add(pass.output(), target);
            pass.backward(&network, target, Loss::Squared);
            gradients.accumulate(&network, &pass);
        }
        gradients.scale(1.0 / data.len() as f64);
        let mut batch = BatchPass::new(network.layers());
        let mut batched = Gradients::zeros(&network);
        let loss =
            dataset_loss_and_gradients(&network, &data, &objective, &mut batch, &mut batched);
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&batched.weights), bits(&gradients.weights));
        assert_eq!(bits(&batched.biases), bits(&gradients.biases));
        assert_eq!(loss.data_loss.to_bits(), (error / 37.0).to_bits());
        assert_eq!(loss.accuracy, classified.share());
        let share = classified.share().unwrap();
        assert!(
            share > 0.1 && share < 0.9,
            "both classes predicted: {share}"
        );
        let forward_only = dataset_loss(&network, &data, &objective, &mut batch);
        assert_eq!(forward_only.to_bits(), (error / 37.0).to_bits());
    }
}
