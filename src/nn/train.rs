//! Stochastic gradient descent: shuffled mini-batches, `w ← w − η · mean_batch ∂E/∂w`.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use crate::nn::chain_rule::weight_update;
use crate::nn::data::Dataset;
use crate::nn::gradients::Gradients;
use crate::nn::network::Network;
use crate::nn::pass::Pass;

/// Training stopped because a weight or the loss stopped being a finite number.
#[derive(Clone, Debug, PartialEq)]
pub struct Diverged {
    /// The epoch that blew up (its changes were undone).
    pub epoch: u64,
}

impl std::fmt::Display for Diverged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "training diverged in epoch {}: a weight or the loss became infinite or NaN. \
             The learning rate is too large: each step −η·∂E/∂w overshot the valley and landed \
             higher up the other side, until the numbers overflowed. The weights are as they were \
             before that epoch; lower the learning rate or reset.",
            self.epoch
        )
    }
}

/// What training needs besides the network: the settings, the shuffling generator and scratch
/// buffers, allocated once so that an epoch allocates nothing.
#[derive(Debug)]
pub struct Trainer {
    pub learning_rate: f64,
    pub batch_size: usize,
    rng: StdRng,
    order: Vec<usize>,
    pass: Pass,
    batch_gradients: Gradients,
    weights_before: Vec<f64>,
    biases_before: Vec<f64>,
    epochs_done: u64,
}

impl Trainer {
    /// A trainer for `network` on a data set of `samples` samples; `seed` fixes the shuffling.
    pub fn new(
        network: &Network,
        samples: usize,
        learning_rate: f64,
        batch_size: usize,
        seed: u64,
    ) -> Trainer {
        Trainer {
            learning_rate,
            batch_size: batch_size.clamp(1, samples.max(1)),
            rng: StdRng::seed_from_u64(seed),
            order: (0..samples).collect(),
            pass: Pass::new(network.layers()),
            batch_gradients: Gradients::zeros(network),
            weights_before: network.weights().to_vec(),
            biases_before: network.biases().to_vec(),
            epochs_done: 0,
        }
    }

    /// Epochs trained so far.
    pub fn epoch(&self) -> u64 {
        self.epochs_done
    }

    /// One pass over the data in a freshly shuffled order, updating after every batch.
    ///
    /// Returns the mean `E` of the samples as they were seen during the epoch (free to compute,
    /// since the forward pass is done anyway). If a weight or that loss is not finite afterwards,
    /// the epoch is undone and [`Diverged`] returned.
    pub fn train_epoch(&mut self, network: &mut Network, data: &Dataset) -> Result<f64, Diverged> {
        self.weights_before.copy_from_slice(network.weights());
        self.biases_before.copy_from_slice(network.biases());
        self.order.shuffle(&mut self.rng);
        let mut total_error = 0.0;
        for batch in self.order.chunks(self.batch_size) {
            self.batch_gradients.clear();
            for &i in batch {
                let (input, target) = data.sample(i);
                self.pass.forward(network, input);
                total_error += self.pass.error(target);
                self.pass.backward(network, target);
                self.batch_gradients.accumulate(network, &self.pass);
            }
            let step = self.learning_rate / batch.len() as f64;
            apply_update(network.weights_mut(), &self.batch_gradients.weights, step);
            if network.has_bias() {
                apply_update(network.biases_mut(), &self.batch_gradients.biases, step);
            }
        }
        self.epochs_done += 1;
        let loss = total_error / data.len() as f64;
        if !loss.is_finite() || !network.is_finite() {
            network.weights_mut().copy_from_slice(&self.weights_before);
            network.biases_mut().copy_from_slice(&self.biases_before);
            self.epochs_done -= 1;
            return Err(Diverged {
                epoch: self.epochs_done + 1,
            });
        }
        Ok(loss)
    }
}

/// `w ← w + Δw` with `Δw = −step · Σ_batch ∂E/∂w` (`step` is `η / batch size`, making it a mean).
fn apply_update(parameters: &mut [f64], gradient_sums: &[f64], step: f64) {
    for (w, &g) in parameters.iter_mut().zip(gradient_sums) {
        *w += weight_update(step, g);
    }
}
