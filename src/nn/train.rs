//! Stochastic gradient descent: shuffled mini-batches, `w ← w − η · ∂loss/∂w` with
//! `∂loss/∂w = mean_batch ∂E/∂w (+ the penalty's slope)`, optionally with momentum
//! (`v ← μv − η·∂loss/∂w`, `w ← w + v`).

use chacha20::ChaCha12Rng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::nn::chain_rule::{velocity_update, weight_update};
use crate::nn::data::Dataset;
use crate::nn::gradients::Gradients;
use crate::nn::loss::Objective;
use crate::nn::network::Network;
use crate::nn::pass::Pass;

/// Where training stands beyond the weights and the settings: with the spec, enough to go on
/// training exactly as the original would have (the same shuffles, the same momentum steps).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// Epochs trained so far.
    pub epoch: u64,
    /// How far the shuffling generator has gone in its stream (32-bit words drawn), as decimal
    /// text: it may pass what a JavaScript number holds exactly.
    pub shuffle_position: String,
    /// Momentum's `v` of every weight, in the network's flat order; empty without momentum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub velocity: Vec<f64>,
    /// Momentum's `v` of every bias; empty without momentum or biases.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bias_velocity: Vec<f64>,
}

/// What is wrong with a saved [`Progress`]: the field (as `progress.…`) and why.
#[derive(Clone, Debug, PartialEq)]
pub struct ProgressError {
    pub field: String,
    pub message: String,
}

/// Training stopped because a weight or the loss stopped being a finite number.
#[derive(Clone, Debug, PartialEq)]
pub struct Diverged {
    /// The epoch that blew up (its changes were undone).
    pub epoch: u64,
    /// Why: the steps, or numbers too large before any step.
    pub cause: DivergenceCause,
}

/// What made the numbers overflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DivergenceCause {
    /// The steps −η·∂E/∂w: the learning rate is too large.
    LearningRate,
    /// The inputs or weights themselves: the first forward pass of the epoch, before any step,
    /// already gave an infinite or NaN error, whatever η is.
    Scale,
}

impl std::fmt::Display for Diverged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.cause {
            DivergenceCause::LearningRate => write!(
                f,
                "training diverged in epoch {}: a weight or the loss became infinite or NaN. \
                 The learning rate is too large: each step −η·∂E/∂w overshot the valley and \
                 landed higher up the other side, until the numbers overflowed. The weights are \
                 as they were before that epoch; lower the learning rate or reset.",
                self.epoch
            ),
            DivergenceCause::Scale => write!(
                f,
                "training could not take epoch {}: before any step, the network's numbers are \
                 already too large to hold (a net input or the error is infinite or NaN), so the \
                 learning rate is not the cause. The inputs or the weights are too large: scale \
                 the inputs to about −1 … 1, or use smaller weights, and reset.",
                self.epoch
            ),
        }
    }
}

/// What training needs besides the network: the settings, the shuffling generator and scratch
/// buffers, allocated once so that an epoch allocates nothing.
#[derive(Debug)]
pub struct Trainer {
    pub learning_rate: f64,
    pub batch_size: usize,
    /// The loss of each sample and the penalty on the weights.
    pub objective: Objective,
    /// `μ` in `v ← μv − η·∂loss/∂w`; 0 (the default) is plain gradient descent.
    momentum: f64,
    /// `v` of every weight and bias, the last step taken (all 0 at the start).
    velocity: Gradients,
    velocity_before: Gradients,
    /// Shuffles the samples every epoch: rand's `StdRng` algorithm (ChaCha12), the same stream
    /// natively and on wasm32, named directly so that its position can be saved and restored.
    rng: ChaCha12Rng,
    order: Vec<usize>,
    pass: Pass,
    batch_gradients: Gradients,
    weights_before: Vec<f64>,
    biases_before: Vec<f64>,
    epochs_done: u64,
}

/// A copy that goes on exactly as the original would: the generator is rebuilt at the same
/// seed, stream and position (chacha20's generator is not `Clone` itself).
impl Clone for Trainer {
    fn clone(&self) -> Trainer {
        let mut rng = ChaCha12Rng::from_seed(self.rng.get_seed());
        rng.set_stream(self.rng.get_stream());
        rng.set_word_pos(self.rng.get_word_pos());
        Trainer {
            learning_rate: self.learning_rate,
            batch_size: self.batch_size,
            objective: self.objective,
            momentum: self.momentum,
            velocity: self.velocity.clone(),
            velocity_before: self.velocity_before.clone(),
            rng,
            order: self.order.clone(),
            pass: self.pass.clone(),
            batch_gradients: self.batch_gradients.clone(),
            weights_before: self.weights_before.clone(),
            biases_before: self.biases_before.clone(),
            epochs_done: self.epochs_done,
        }
    }
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
            objective: Objective::default(),
            momentum: 0.0,
            velocity: Gradients::zeros(network),
            velocity_before: Gradients::zeros(network),
            rng: ChaCha12Rng::seed_from_u64(seed),
            order: (0..samples).collect(),
            pass: Pass::new(network.layers()),
            batch_gradients: Gradients::zeros(network),
            weights_before: network.weights().to_vec(),
            biases_before: network.biases().to_vec(),
            epochs_done: 0,
        }
    }

    /// `μ`, the share of the last step each step keeps.
    pub fn momentum(&self) -> f64 {
        self.momentum
    }

    /// Sets `μ` (the caller checks `0 ≤ μ < 1`). Setting 0 forgets the velocity, so momentum
    /// switched on again starts from rest.
    pub fn set_momentum(&mut self, momentum: f64) {
        self.momentum = momentum;
        if momentum == 0.0 {
            self.velocity.clear();
        }
    }

    /// Takes over `previous`'s progress after a change of settings: the epoch count, the
    /// shuffling generator, and the momentum velocity (while momentum stays on). Training then
    /// goes on as it would have.
    pub(crate) fn continue_from(&mut self, previous: Trainer) {
        self.epochs_done = previous.epochs_done;
        self.rng = previous.rng;
        let same_shape = previous.velocity.weights.len() == self.velocity.weights.len()
            && previous.velocity.biases.len() == self.velocity.biases.len();
        if self.momentum != 0.0 && same_shape {
            self.velocity = previous.velocity;
        }
    }

    /// Epochs trained so far.
    pub fn epoch(&self) -> u64 {
        self.epochs_done
    }

    /// Where training stands beyond the weights: what a saved state needs to go on exactly.
    pub fn progress(&self) -> Progress {
        let moving = self.momentum != 0.0;
        Progress {
            epoch: self.epochs_done,
            shuffle_position: self.rng.get_word_pos().to_string(),
            velocity: if moving {
                self.velocity.weights.clone()
            } else {
                Vec::new()
            },
            bias_velocity: if moving {
                self.velocity.biases.clone()
            } else {
                Vec::new()
            },
        }
    }

    /// Goes on from `progress` (see [`Trainer::progress`]), or says what is wrong with it and
    /// changes nothing.
    pub fn resume(&mut self, progress: &Progress) -> Result<(), ProgressError> {
        let refuse = |field: &str, message: String| ProgressError {
            field: format!("progress.{field}"),
            message,
        };
        let position: u128 = progress.shuffle_position.parse().map_err(|_| {
            refuse(
                "shuffle_position",
                format!("{:?} is not a whole number", progress.shuffle_position),
            )
        })?;
        let moving = self.momentum != 0.0;
        for (field, values, len) in [
            ("velocity", &progress.velocity, self.velocity.weights.len()),
            (
                "bias_velocity",
                &progress.bias_velocity,
                self.velocity.biases.len(),
            ),
        ] {
            let expected = if moving { len } else { 0 };
            if values.len() != expected {
                return Err(refuse(
                    field,
                    format!(
                        "has {} numbers where this network has {expected}",
                        values.len()
                    ),
                ));
            }
            if let Some(i) = values.iter().position(|v| !v.is_finite()) {
                return Err(refuse(
                    &format!("{field}[{i}]"),
                    "is not a finite number".into(),
                ));
            }
        }
        self.epochs_done = progress.epoch;
        self.rng.set_word_pos(position);
        if moving {
            self.velocity.weights.copy_from_slice(&progress.velocity);
            self.velocity
                .biases
                .copy_from_slice(&progress.bias_velocity);
        }
        Ok(())
    }

    /// One pass over the data in a freshly shuffled order, updating after every batch.
    ///
    /// Returns the mean `E` of the samples as they were seen during the epoch (free to compute,
    /// since the forward pass is done anyway). If a weight or that loss is not finite afterwards,
    /// the epoch is undone and [`Diverged`] returned.
    pub fn train_epoch(&mut self, network: &mut Network, data: &Dataset) -> Result<f64, Diverged> {
        self.weights_before.copy_from_slice(network.weights());
        self.biases_before.copy_from_slice(network.biases());
        let with_momentum = self.momentum != 0.0;
        if with_momentum {
            self.velocity_before
                .weights
                .copy_from_slice(&self.velocity.weights);
            self.velocity_before
                .biases
                .copy_from_slice(&self.velocity.biases);
        }
        let loss = self.objective.loss;
        // Each epoch shuffles 0, 1, …, n − 1 afresh, so the order depends only on the seed and
        // the generator's position (what a saved state holds), not on the last epoch's order.
        for (i, slot) in self.order.iter_mut().enumerate() {
            *slot = i;
        }
        self.order.shuffle(&mut self.rng);
        let mut total_error = 0.0;
        // Whether the first batch, at the epoch's starting weights (no step taken yet), already
        // gave a number too large to hold: then the scale is to blame, not η.
        let mut overflowed_before_any_step = false;
        for (b, batch) in self.order.chunks(self.batch_size).enumerate() {
            self.batch_gradients.clear();
            for &i in batch {
                let (input, target) = data.sample(i);
                self.pass.forward(network, input);
                let error = self.pass.error(target, loss);
                overflowed_before_any_step |= b == 0 && !error.is_finite();
                total_error += error;
                self.pass.backward(network, target, loss);
                self.batch_gradients.accumulate(network, &self.pass);
            }
            if self.objective.regularization.is_none() && !with_momentum {
                // Plain SGD, the default: Δw = −(η / batch size) · Σ_batch ∂E/∂w.
                let step = self.learning_rate / batch.len() as f64;
                apply_update(network.weights_mut(), &self.batch_gradients.weights, step);
                if network.has_bias() {
                    apply_update(network.biases_mut(), &self.batch_gradients.biases, step);
                }
            } else {
                update_with_options(
                    network,
                    &mut self.batch_gradients,
                    &mut self.velocity,
                    &self.objective,
                    self.learning_rate,
                    self.momentum,
                    batch.len(),
                );
            }
        }
        self.epochs_done += 1;
        let loss = total_error / data.len() as f64 + self.objective.penalty(network.weights());
        if !loss.is_finite() || !network.is_finite() {
            network.weights_mut().copy_from_slice(&self.weights_before);
            network.biases_mut().copy_from_slice(&self.biases_before);
            if with_momentum {
                self.velocity
                    .weights
                    .copy_from_slice(&self.velocity_before.weights);
                self.velocity
                    .biases
                    .copy_from_slice(&self.velocity_before.biases);
            }
            self.epochs_done -= 1;
            return Err(Diverged {
                epoch: self.epochs_done + 1,
                cause: if overflowed_before_any_step {
                    DivergenceCause::Scale
                } else {
                    DivergenceCause::LearningRate
                },
            });
        }
        Ok(loss)
    }
}

/// One batch's update with regularisation and/or momentum:
/// `∂loss/∂w = Σ_batch ∂E/∂w / batch size + penalty'(w)` (biases: no penalty), then
/// `v ← μv − η·∂loss/∂w` and `w ← w + v` (with `μ = 0`, `w ← w − η·∂loss/∂w`).
fn update_with_options(
    network: &mut Network,
    gradients: &mut Gradients,
    velocity: &mut Gradients,
    objective: &Objective,
    learning_rate: f64,
    momentum: f64,
    batch_size: usize,
) {
    gradients.scale(1.0 / batch_size as f64);
    if let Some(regularization) = &objective.regularization {
        regularization.add_gradient(network.weights(), &mut gradients.weights);
    }
    let has_bias = network.has_bias();
    if momentum == 0.0 {
        apply_update(network.weights_mut(), &gradients.weights, learning_rate);
        if has_bias {
            apply_update(network.biases_mut(), &gradients.biases, learning_rate);
        }
    } else {
        let (w, b) = (&mut velocity.weights, &mut velocity.biases);
        apply_momentum(
            network.weights_mut(),
            w,
            &gradients.weights,
            momentum,
            learning_rate,
        );
        if has_bias {
            apply_momentum(
                network.biases_mut(),
                b,
                &gradients.biases,
                momentum,
                learning_rate,
            );
        }
    }
}

/// `w ← w + Δw` with `Δw = −step · g`: `g` the batch's sum of `∂E/∂w` and `step = η / batch
/// size` (making it a mean), or `g` the mean `∂loss/∂w` and `step = η`.
fn apply_update(parameters: &mut [f64], gradients: &[f64], step: f64) {
    for (w, &g) in parameters.iter_mut().zip(gradients) {
        *w += weight_update(step, g);
    }
}

/// `v ← μv − η·∂loss/∂w`, then `w ← w + v`, for every parameter.
fn apply_momentum(
    parameters: &mut [f64],
    velocity: &mut [f64],
    gradients: &[f64],
    momentum: f64,
    learning_rate: f64,
) {
    for ((w, v), &g) in parameters.iter_mut().zip(velocity).zip(gradients) {
        *v = velocity_update(momentum, *v, learning_rate, g);
        *w += *v;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::activation::Activation;
    use crate::nn::data::circle;

    #[test]
    fn a_cloned_trainer_goes_on_exactly_as_the_original_shuffles_and_momentum_included() {
        let data = circle(40, 0.1, 3);
        let mut network = Network::random(&[2, 4, 1], true, Activation::Sigmoid, 9);
        let mut trainer = Trainer::new(&network, data.len(), 0.5, 7, 11);
        trainer.set_momentum(0.9);
        for _ in 0..3 {
            trainer.train_epoch(&mut network, &data).unwrap();
        }
        let (mut copy_net, mut copy) = (network.clone(), trainer.clone());
        for _ in 0..2 {
            trainer.train_epoch(&mut network, &data).unwrap();
            copy.train_epoch(&mut copy_net, &data).unwrap();
        }
        let bits = |n: &Network| n.weights().iter().map(|w| w.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&network), bits(&copy_net));
        assert_eq!(trainer.progress(), copy.progress());
        // A fresh trainer from the same seed is not at the same place: the copy really carried
        // the generator's position.
        let mut fresh = Trainer::new(&network, data.len(), 0.5, 7, 11);
        fresh.set_momentum(0.9);
        assert_ne!(
            fresh.progress().shuffle_position,
            copy.progress().shuffle_position
        );
    }
}
