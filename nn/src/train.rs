//! Stochastic gradient descent: shuffled mini-batches, `w ← w − η · ∂loss/∂w` with
//! `∂loss/∂w = mean_batch ∂E/∂w (+ the penalty's slope)`, optionally with momentum
//! (`v ← μv − η·∂loss/∂w`, `w ← w + v`).

use chacha20::ChaCha12Rng;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use serde::{Deserialize, Serialize};

use crate::batch_pass::{BatchPass, LANES};
use crate::chain_rule::{velocity_update, weight_update};
use crate::data::Dataset;
use crate::gradients::Gradients;
use crate::loss::Objective;
use crate::network::Network;

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
    /// Samples of the epoch in progress already trained on (0 between epochs). Then
    /// `shuffle_position` is where the generator stood before that epoch's shuffle, so the
    /// same order is drawn again and training goes on from its next batch.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub batch_position: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// What [`Trainer::train_batches`] did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Batches {
    /// Batches trained.
    pub batches: usize,
    /// Epochs completed (0 or 1: a call stops at the end of an epoch).
    pub epochs: u32,
    /// The completed epoch's mean `E` as its samples were seen, plus the penalty.
    pub epoch_loss: Option<f64>,
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
    /// The batch's passes, [`LANES`] samples at a time (the same numbers as `Pass`).
    pass: BatchPass,
    batch_gradients: Gradients,
    /// The weights, biases and velocity at the start of the epoch in progress: a diverging
    /// epoch is undone back to them.
    weights_before: Vec<f64>,
    biases_before: Vec<f64>,
    epochs_done: u64,
    /// The next sample of `order` to train on: 0 between epochs (the next epoch shuffles first).
    position: usize,
    /// Where the generator stood before the epoch in progress shuffled `order`.
    epoch_word_pos: u128,
    /// `Σ E` over the samples of the epoch in progress seen so far.
    epoch_error: f64,
    /// Whether the epoch's first batch, before any step, already overflowed.
    epoch_overflowed: bool,
    /// Samples counted in `epoch_error` (fewer than the data set in an epoch resumed halfway).
    epoch_seen: usize,
    /// Where in the epoch `weights_before` was taken: 0 at its start, or the position a saved
    /// state resumed at (whose epoch-start weights were not saved). An undo goes back there.
    undo_position: usize,
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
            position: self.position,
            epoch_word_pos: self.epoch_word_pos,
            epoch_error: self.epoch_error,
            epoch_overflowed: self.epoch_overflowed,
            epoch_seen: self.epoch_seen,
            undo_position: self.undo_position,
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
            pass: BatchPass::new(network.layers()),
            batch_gradients: Gradients::zeros(network),
            weights_before: network.weights().to_vec(),
            biases_before: network.biases().to_vec(),
            epochs_done: 0,
            position: 0,
            epoch_word_pos: 0,
            epoch_error: 0.0,
            epoch_overflowed: false,
            epoch_seen: 0,
            undo_position: 0,
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
    pub fn continue_from(&mut self, previous: Trainer) {
        self.epochs_done = previous.epochs_done;
        // An epoch in progress goes on in its order when the data set kept its size (a new
        // batch size only changes how the rest is cut); otherwise the next epoch starts afresh.
        if previous.position > 0 && previous.order.len() == self.order.len() {
            self.order = previous.order;
            self.position = previous.position;
            self.epoch_word_pos = previous.epoch_word_pos;
            self.epoch_error = previous.epoch_error;
            self.epoch_overflowed = previous.epoch_overflowed;
            self.epoch_seen = previous.epoch_seen;
            self.undo_position = previous.undo_position;
            self.weights_before = previous.weights_before;
            self.biases_before = previous.biases_before;
            if self.velocity_before.weights.len() == previous.velocity_before.weights.len()
                && self.velocity_before.biases.len() == previous.velocity_before.biases.len()
            {
                self.velocity_before = previous.velocity_before;
            }
        }
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
        let mid_epoch = self.position > 0;
        Progress {
            epoch: self.epochs_done,
            shuffle_position: if mid_epoch {
                self.epoch_word_pos
            } else {
                self.rng.get_word_pos()
            }
            .to_string(),
            batch_position: self.position,
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
        if progress.batch_position >= self.order.len().max(1) {
            return Err(refuse(
                "batch_position",
                format!(
                    "is {}, but an epoch here has {} samples",
                    progress.batch_position,
                    self.order.len()
                ),
            ));
        }
        self.epochs_done = progress.epoch;
        self.rng.set_word_pos(position);
        self.position = 0;
        if progress.batch_position > 0 {
            // Draw the epoch's order again, and go on after the samples already trained on. The
            // weights at that epoch's start are not saved: a divergence is undone to these (the
            // trainer was made with the resumed network), at this position.
            self.shuffle_for_epoch();
            self.position = progress.batch_position;
            self.undo_position = progress.batch_position;
            self.epoch_error = 0.0;
            self.epoch_seen = 0;
            self.epoch_overflowed = false;
        }
        if moving {
            self.velocity.weights.copy_from_slice(&progress.velocity);
            self.velocity
                .biases
                .copy_from_slice(&progress.bias_velocity);
            // What an undo of the epoch in progress goes back to.
            self.velocity_before.copy_from(&self.velocity);
        }
        Ok(())
    }

    /// Samples of the epoch in progress already trained on (0 between epochs).
    pub fn batch_position(&self) -> usize {
        self.position
    }

    /// The generator's position is saved, then `order` is shuffled afresh from 0, 1, …, n − 1,
    /// so the order depends only on the seed and that position, not on the last epoch's order.
    fn shuffle_for_epoch(&mut self) {
        self.epoch_word_pos = self.rng.get_word_pos();
        for (i, slot) in self.order.iter_mut().enumerate() {
            *slot = i;
        }
        self.order.shuffle(&mut self.rng);
    }

    /// Starts an epoch: remembers the weights to undo to, and shuffles.
    fn begin_epoch(&mut self, network: &Network) {
        self.weights_before.copy_from_slice(network.weights());
        self.biases_before.copy_from_slice(network.biases());
        if self.momentum != 0.0 {
            self.velocity_before.copy_from(&self.velocity);
        }
        self.shuffle_for_epoch();
        self.epoch_error = 0.0;
        self.epoch_seen = 0;
        self.epoch_overflowed = false;
        self.undo_position = 0;
    }

    /// Undoes the epoch in progress: its weights, velocity and shuffle, as if it never began.
    fn undo_epoch(&mut self, network: &mut Network) {
        network.weights_mut().copy_from_slice(&self.weights_before);
        network.biases_mut().copy_from_slice(&self.biases_before);
        if self.momentum != 0.0 {
            self.velocity.copy_from(&self.velocity_before);
        }
        if self.undo_position == 0 {
            self.rng.set_word_pos(self.epoch_word_pos);
        }
        // In an epoch resumed halfway the order stays drawn, and training goes on from where it
        // resumed.
        self.position = self.undo_position;
        self.epoch_error = 0.0;
        self.epoch_seen = 0;
    }

    /// One pass over the data in a freshly shuffled order, updating after every batch; or, in
    /// the middle of an epoch, the rest of it.
    ///
    /// Returns the mean `E` of the samples as they were seen during the epoch (free to compute,
    /// since the forward pass is done anyway). If a weight or that loss is not finite, the epoch
    /// is undone and [`Diverged`] returned.
    pub fn train_epoch(&mut self, network: &mut Network, data: &Dataset) -> Result<f64, Diverged> {
        let done = self.train_batches(network, data, usize::MAX)?;
        Ok(done
            .epoch_loss
            .expect("train_batches with no limit ends its epoch"))
    }

    /// Trains up to `max_batches` batches, stopping at the end of the epoch in progress: the
    /// animation loop's unit of work, so that a frame's budget holds on any allowed network.
    /// One batch is the next `batch_size` samples of the epoch's shuffled order (the last one
    /// may be smaller), and one step along their mean `∂loss/∂w`.
    ///
    /// After every batch the numbers are checked: once a weight or a batch's error is not
    /// finite, the whole epoch is undone (weights, velocity, shuffle) and [`Diverged`] returned.
    pub fn train_batches(
        &mut self,
        network: &mut Network,
        data: &Dataset,
        max_batches: usize,
    ) -> Result<Batches, Diverged> {
        let n = data.len();
        let mut done = Batches {
            batches: 0,
            epochs: 0,
            epoch_loss: None,
        };
        if n == 0 {
            return Ok(done);
        }
        let with_momentum = self.momentum != 0.0;
        let loss = self.objective.loss;
        while done.batches < max_batches {
            if self.position == 0 {
                self.begin_epoch(network);
            }
            let first = self.position == 0;
            let end = (self.position + self.batch_size).min(n);
            let mut batch_error = 0.0;
            self.batch_gradients.clear();
            for samples in self.order[self.position..end].chunks(LANES) {
                self.pass.accumulate(
                    network,
                    data,
                    samples,
                    loss,
                    &mut self.batch_gradients,
                    &mut batch_error,
                );
            }
            let batch_len = end - self.position;
            // Before any step of the epoch the numbers already overflowed: the scale is to
            // blame, not η.
            self.epoch_overflowed |= first && !batch_error.is_finite();
            if self.objective.regularization.is_none() && !with_momentum {
                // Plain SGD, the default: Δw = −(η / batch size) · Σ_batch ∂E/∂w.
                let step = self.learning_rate / batch_len as f64;
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
                    batch_len,
                );
            }
            self.epoch_error += batch_error;
            self.epoch_seen += batch_len;
            self.position = end;
            done.batches += 1;
            if !batch_error.is_finite() || !network.is_finite() {
                let cause = if self.epoch_overflowed {
                    DivergenceCause::Scale
                } else {
                    DivergenceCause::LearningRate
                };
                self.undo_epoch(network);
                return Err(Diverged {
                    epoch: self.epochs_done + 1,
                    cause,
                });
            }
            if end == n {
                // The mean over the samples this trainer saw in the epoch (all of them, unless it
                // resumed halfway).
                let epoch_loss = self.epoch_error / self.epoch_seen.max(1) as f64
                    + self.objective.penalty(network.weights());
                if !epoch_loss.is_finite() {
                    self.undo_epoch(network);
                    return Err(Diverged {
                        epoch: self.epochs_done + 1,
                        cause: DivergenceCause::LearningRate,
                    });
                }
                self.position = 0;
                self.epochs_done += 1;
                done.epochs = 1;
                done.epoch_loss = Some(epoch_loss);
                break;
            }
        }
        Ok(done)
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
    use crate::activation::Activation;
    use crate::data::circle;

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

    fn bits(n: &Network) -> Vec<u64> {
        n.weights()
            .iter()
            .chain(n.biases())
            .map(|w| w.to_bits())
            .collect()
    }

    #[test]
    fn training_in_batches_of_any_size_ends_where_whole_epochs_end_bit_for_bit() {
        let data = circle(53, 0.1, 3);
        let start = Network::random(&[2, 5, 1], true, Activation::Sigmoid, 4);
        let mut whole = (start.clone(), Trainer::new(&start, data.len(), 0.7, 10, 8));
        for _ in 0..4 {
            whole.1.train_epoch(&mut whole.0, &data).unwrap();
        }
        for chunk in [1, 2, 3, 6, 100] {
            let (mut network, mut trainer) =
                (start.clone(), Trainer::new(&start, data.len(), 0.7, 10, 8));
            let (mut epochs, mut calls) = (0, 0);
            while epochs < 4 {
                let done = trainer.train_batches(&mut network, &data, chunk).unwrap();
                assert!(done.batches <= chunk);
                epochs += done.epochs;
                calls += 1;
            }
            assert_eq!(bits(&network), bits(&whole.0), "in chunks of {chunk}");
            assert_eq!(trainer.epoch(), 4);
            assert_eq!(trainer.batch_position(), 0);
            // 53 samples in batches of 10 is 6 batches an epoch.
            assert!(calls >= 4 * 6_usize.div_ceil(chunk), "{calls} calls");
        }
    }

    /// 40 circle samples, a 2-4-1 network of `activation` and a trainer (batch size 6, seed 21,
    /// `momentum`) that has trained one epoch and `batches` batches of the next.
    fn halfway(
        activation: Activation,
        learning_rate: f64,
        momentum: f64,
        batches: usize,
    ) -> (Dataset, Network, Trainer) {
        let data = circle(40, 0.1, 5);
        let mut network = Network::random(&[2, 4, 1], true, activation, 2);
        let mut trainer = Trainer::new(&network, data.len(), learning_rate, 6, 21);
        trainer.set_momentum(momentum);
        trainer.train_epoch(&mut network, &data).unwrap();
        trainer.train_batches(&mut network, &data, batches).unwrap();
        (data, network, trainer)
    }

    #[test]
    fn a_state_saved_in_the_middle_of_an_epoch_goes_on_identically() {
        let (data, mut network, mut trainer) = halfway(Activation::Sigmoid, 0.5, 0.5, 3);
        let saved = trainer.progress();
        assert_eq!(saved.batch_position, 18);
        let (mut copy_net, mut copy) = (
            network.clone(),
            Trainer::new(&network, data.len(), 0.5, 6, 21),
        );
        copy.set_momentum(0.5);
        copy.resume(&saved).unwrap();
        assert_eq!(copy.progress(), saved);
        for _ in 0..2 {
            trainer.train_epoch(&mut network, &data).unwrap();
            copy.train_epoch(&mut copy_net, &data).unwrap();
        }
        assert_eq!(bits(&network), bits(&copy_net));
        assert_eq!(trainer.epoch(), 3);
        // A position past the epoch is refused, and changes nothing.
        let mut bad = saved.clone();
        bad.batch_position = 40;
        assert_eq!(
            copy.resume(&bad).unwrap_err().field,
            "progress.batch_position"
        );
        assert_eq!(copy.epoch(), 3);
    }

    #[test]
    fn a_divergence_in_the_middle_of_an_epoch_undoes_the_whole_epoch() {
        let data = circle(30, 0.1, 5);
        let start = Network::random(&[2, 3, 1], true, Activation::Linear, 2);
        let (mut network, mut trainer) =
            (start.clone(), Trainer::new(&start, data.len(), 1e155, 5, 1));
        let before = bits(&network);
        let progress = trainer.progress();
        let err = trainer.train_batches(&mut network, &data, 100).unwrap_err();
        assert_eq!(err.epoch, 1);
        assert_eq!(bits(&network), before);
        assert_eq!(trainer.progress(), progress);
    }

    #[test]
    fn a_divergence_in_an_epoch_resumed_halfway_goes_back_to_the_resumed_state_momentum_included() {
        let (data, mut network, mut trainer) = halfway(Activation::Linear, 0.01, 0.8, 2);
        let saved = trainer.progress();
        assert!(saved.velocity.iter().any(|&v| v != 0.0) && saved.batch_position == 12);
        let mut copy_net = network.clone();
        let mut copy = Trainer::new(&copy_net, data.len(), 1e200, 6, 21);
        copy.set_momentum(0.8);
        copy.resume(&saved).unwrap();
        let err = copy.train_batches(&mut copy_net, &data, 100).unwrap_err();
        assert_eq!(err.epoch, 2);
        assert_eq!(
            bits(&copy_net),
            bits(&network),
            "the weights it resumed with"
        );
        assert_eq!(
            copy.progress(),
            saved,
            "velocity, batch position and shuffle as saved"
        );
        // And with a sane η again it trains on exactly as the original.
        copy.learning_rate = 0.01;
        trainer.train_epoch(&mut network, &data).unwrap();
        copy.train_epoch(&mut copy_net, &data).unwrap();
        assert_eq!(bits(&copy_net), bits(&network));
    }
}
