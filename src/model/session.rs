//! One network being taught: the network, its data, its trainer, and the spec it came from.
//!
//! This is the single owner of the playground's state; the page holds one and draws from it.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use crate::model::features::{expand, Feature};
use crate::model::reshape::with_inputs;
use crate::model::snapshot::Snapshot;
use crate::model::spec::{
    check_features, check_momentum, check_regularization_rate, ActivationSpec, Checked, Spec,
    SpecError,
};
use crate::model::split::subset;
use crate::nn::batch_pass::BatchPass;
use crate::nn::gradients::{dataset_loss, dataset_loss_and_gradients, Gradients};
use crate::nn::loss::{Loss, Objective, Regularization};
use crate::nn::network::Network;
use crate::nn::pass::Pass;
use crate::nn::total_derivative::{nudge, Nudge, NUDGE};
use crate::nn::train::{Batches, Diverged, Progress, Trainer};
use crate::nn::Dataset;

/// At most this many sample-parameter products (samples × weights and biases) for a
/// whole-data-set measurement: about 10 ms in the page. Above it the loss and mean
/// gradients are estimated on an evenly spaced part of the data, and say so.
pub const MEASURE_WORK: usize = 5_000_000;

/// The network, its data and its trainer.
///
/// **Data.** The spec's data set is kept as given ([`Session::raw_data`]: points `(x1, x2)`
/// when there are input features) and split into a training set and an optional test set.
/// [`Session::data`] is the training set as the network sees it (features applied): training,
/// the loss, the gradients and the snapshot's `sample` use it alone. [`Session::test_data`] is
/// the held-out part, seen the same way, for [`Session::test_loss`].
#[derive(Debug)]
pub struct Session {
    /// The spec as loaded: reset returns to its weights.
    origin: Spec,
    network: Network,
    /// Every sample as given or generated, in order.
    raw: Dataset,
    features: Option<Vec<Feature>>,
    /// Indices into `raw`: training samples, then held-out ones (empty without a test set).
    train_indices: Vec<usize>,
    test_indices: Vec<usize>,
    /// The training set as the network sees it.
    data: Dataset,
    /// The test set as the network sees it.
    test: Option<Dataset>,
    trainer: Trainer,
    seed: u64,
    /// Scratch buffers for [`Session::loss`], so measuring the loss allocates nothing.
    scratch: BatchPass,
    /// Bumped by every change to the state: every view of one generation reads one snapshot.
    generation: u64,
    /// The snapshot of `(generation, sample)`, computed on first use.
    snapshot_cache: RefCell<Option<(u64, usize, Rc<Snapshot>)>>,
    /// How many snapshots were computed (the cache's test reads it).
    snapshots_computed: Cell<u64>,
}

impl Session {
    /// Builds a session from a spec, or says what is wrong with it.
    pub fn from_spec(spec: &Spec) -> Result<Session, SpecError> {
        let Checked {
            network,
            data: raw,
            features,
            train,
            test,
            learning_rate,
            batch_size,
            seed,
            objective,
            momentum,
        } = spec.check()?;
        let seen = |indices: &[usize]| {
            let part = if indices.len() == raw.len() {
                raw.clone()
            } else {
                subset(&raw, indices)
            };
            match &features {
                Some(features) => expand(&part, features),
                None => part,
            }
        };
        let data = seen(&train);
        let test_data = (!test.is_empty()).then(|| seen(&test));
        let mut trainer = Trainer::new(&network, data.len(), learning_rate, batch_size, seed);
        trainer.objective = objective;
        trainer.set_momentum(momentum);
        Ok(Session {
            scratch: BatchPass::new(network.layers()),
            origin: spec.clone(),
            network,
            raw,
            features,
            train_indices: train,
            test_indices: test,
            data,
            test: test_data,
            trainer,
            seed,
            generation: 0,
            snapshot_cache: RefCell::new(None),
            snapshots_computed: Cell::new(0),
        })
    }

    /// Puts `next` in this session's place as a new generation of the same state owner.
    fn replace_with(&mut self, next: Session) -> Session {
        let (generation, computed) = (self.generation, self.snapshots_computed.get());
        let previous = std::mem::replace(self, next);
        self.generation = generation + 1;
        self.snapshots_computed.set(computed);
        previous
    }

    /// Marks a change to the state: snapshots from before it are stale.
    fn changed(&mut self) {
        self.generation += 1;
    }

    /// The state's generation: it changes with every change to the network, data, settings or
    /// progress, so two reads with the same generation see the same state.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How many snapshots have been computed so far (one per generation and sample at most).
    pub fn snapshots_computed(&self) -> u64 {
        self.snapshots_computed.get()
    }

    /// Parses, checks and builds; on error nothing exists to be half-changed.
    pub fn from_json(text: &str) -> Result<Session, SpecError> {
        Session::from_user_spec(&Spec::from_json(text)?)
    }

    /// [`Session::from_spec`] for a spec a learner or a script gives (a load, a CSV): one whose
    /// numbers already overflow at the first forward pass is refused, with the field to blame.
    /// Internal rebuilds (settings, reshaping, the starting weights of a trained state) do not
    /// check: a state that training reached must stay reachable.
    pub fn from_user_spec(spec: &Spec) -> Result<Session, SpecError> {
        let session = Session::from_spec(spec)?;
        check_first_pass(
            &session.network,
            &session.data,
            session.trainer.objective.loss,
        )?;
        Ok(session)
    }

    /// Replaces this session with the one `text` describes, or, if `text` is refused, says why
    /// and leaves this session exactly as it was (what `load` on the page promises).
    pub fn load(&mut self, text: &str) -> Result<(), SpecError> {
        self.replace_with(Session::from_json(text)?);
        Ok(())
    }

    /// Changes the settings to those of `spec`: the activations, the loss, the batch size, the
    /// penalty, momentum, η and the data's options (noise, test share). `spec` is this session's
    /// own spec with settings changed, so the shape and weights stay; it is checked as `load`
    /// checks it, and a refused one changes nothing.
    ///
    /// Only the settings change. The epoch, the shuffling generator, the momentum velocity and
    /// the weights carry on, and Reset still returns to the loaded (or seeded) weights, now
    /// with the new settings.
    pub fn change_settings(&mut self, spec: &Spec) -> Result<(), SpecError> {
        if spec.layers != self.network.layers() || spec.features != self.features {
            return Err(SpecError {
                field: "layers".into(),
                message: "a change of settings keeps the network's shape and input features".into(),
            });
        }
        let mut changed = Session::from_spec(spec)?;
        changed.origin = Spec {
            activation: spec.activation.clone(),
            learning_rate: spec.learning_rate,
            data: spec.data.clone(),
            batch_size: spec.batch_size,
            loss: spec.loss,
            regularization: spec.regularization,
            momentum: spec.momentum,
            ..self.origin.clone()
        };
        // Reset rebuilds from the origin, so it must check too.
        changed.origin.check()?;
        let previous = self.replace_with(changed);
        self.trainer.continue_from(previous.trainer);
        Ok(())
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn network_mut(&mut self) -> &mut Network {
        self.changed();
        &mut self.network
    }

    /// The training set as the network sees it (input features applied): what it trains on,
    /// and what [`Session::loss`], the gradients and the snapshot's `sample` refer to.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// The held-out test set as the network sees it; `None` without a test share.
    pub fn test_data(&self) -> Option<&Dataset> {
        self.test.as_ref()
    }

    /// Every sample as the spec gave or generated it (points `(x1, x2)` when there are input
    /// features), training and test alike, in their original order.
    pub fn raw_data(&self) -> &Dataset {
        &self.raw
    }

    /// For each sample of [`Session::data`], its index in [`Session::raw_data`].
    pub fn train_indices(&self) -> &[usize] {
        &self.train_indices
    }

    /// For each sample of [`Session::test_data`], its index in [`Session::raw_data`].
    pub fn test_indices(&self) -> &[usize] {
        &self.test_indices
    }

    /// The input features the network is shown, if the spec names any.
    pub fn features(&self) -> Option<&[Feature]> {
        self.features.as_deref()
    }

    /// True when the data are points of a plane `(x1, x2)` (2 inputs before any features):
    /// what the data plot, the heatmaps and input features need.
    pub fn has_plane(&self) -> bool {
        self.raw.input_size() == 2
    }

    pub fn epoch(&self) -> u64 {
        self.trainer.epoch()
    }

    pub fn learning_rate(&self) -> f64 {
        self.trainer.learning_rate
    }

    pub fn batch_size(&self) -> usize {
        self.trainer.batch_size
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Sets `η`; refuses anything but a positive finite number and leaves `η` as it was.
    pub fn set_learning_rate(&mut self, learning_rate: f64) -> Result<(), SpecError> {
        if !(learning_rate.is_finite() && learning_rate > 0.0) {
            return Err(SpecError {
                field: "learning_rate".into(),
                message: format!("{learning_rate} is not a positive finite number"),
            });
        }
        self.trainer.learning_rate = learning_rate;
        self.changed();
        Ok(())
    }

    /// The loss of each sample and the penalty on the weights.
    pub fn objective(&self) -> Objective {
        self.trainer.objective
    }

    /// `μ` (0: no momentum).
    pub fn momentum(&self) -> f64 {
        self.trainer.momentum()
    }

    /// Sets `μ`; refuses anything outside `[0, 1)` and leaves `μ` as it was.
    pub fn set_momentum(&mut self, momentum: f64) -> Result<(), SpecError> {
        check_momentum(momentum, "momentum")?;
        self.trainer.set_momentum(momentum);
        self.changed();
        Ok(())
    }

    /// Sets (or, with `None`, removes) the penalty on the weights; refuses a rate outside
    /// `[0, 1]` and leaves the penalty as it was.
    pub fn set_regularization(
        &mut self,
        regularization: Option<Regularization>,
    ) -> Result<(), SpecError> {
        if let Some(r) = &regularization {
            check_regularization_rate(r.rate, "regularization.rate")?;
        }
        self.trainer.objective.regularization = regularization;
        self.changed();
        Ok(())
    }

    /// Sets the loss; refuses cross-entropy unless the output layer is a sigmoid, and leaves the
    /// loss as it was.
    pub fn set_loss(&mut self, loss: Loss) -> Result<(), SpecError> {
        let output = self.network.output_activation();
        loss.check_output(output).map_err(|message| SpecError {
            field: "loss".into(),
            message,
        })?;
        self.trainer.objective.loss = loss;
        self.changed();
        Ok(())
    }

    /// The loss of the whole data set at the current weights (`mean E + penalty`, forward
    /// passes only).
    pub fn loss(&mut self) -> f64 {
        let objective = self.trainer.objective;
        let data = self.measured(&self.data);
        dataset_loss(&self.network, &data, &objective, &mut self.scratch)
    }

    /// How many samples of `samples` the whole-data-set numbers (the loss, the mean gradients,
    /// the accuracy) are measured over: all of them, unless that is more than [`MEASURE_WORK`]
    /// sample-parameter products, when they are estimated on that many, evenly spaced, so that
    /// no frame of the page stalls on the largest allowed networks.
    pub fn measured_count(&self, samples: usize) -> usize {
        let parameters = self.network.weights().len() + self.network.biases().len();
        if samples.saturating_mul(parameters.max(1)) <= MEASURE_WORK {
            samples
        } else {
            (MEASURE_WORK / parameters.max(1)).clamp(16, samples)
        }
    }

    /// `data`, or the evenly spaced part of it that [`Session::measured_count`] allows.
    fn measured<'a>(&self, data: &'a Dataset) -> Cow<'a, Dataset> {
        let m = self.measured_count(data.len());
        if m == data.len() {
            return Cow::Borrowed(data);
        }
        let (inputs, targets): (Vec<Vec<f64>>, Vec<Vec<f64>>) = spread(data.len(), m)
            .map(|i| {
                let (x, t) = data.sample(i);
                (x.to_vec(), t.to_vec())
            })
            .unzip();
        Cow::Owned(Dataset::from_rows(&inputs, &targets))
    }

    /// The loss of the held-out test set at the current weights, measured as [`Session::loss`]
    /// is (`mean E + penalty`, so the two curves differ only by how well the network does on
    /// samples it has not seen); `None` without a test set.
    pub fn test_loss(&mut self) -> Option<f64> {
        let objective = self.trainer.objective;
        let test = self.measured(self.test.as_ref()?);
        Some(dataset_loss(
            &self.network,
            &test,
            &objective,
            &mut self.scratch,
        ))
    }

    /// The spec of this session with the input features `features` (the plain point for
    /// `[x1, x2]`): the input layer gets one neuron per feature; the weights from a feature the
    /// network had already are kept, those from a new one drawn from the seed, and every other
    /// weight and setting stays. Refused for data that are not points `(x1, x2)`, for no
    /// feature, and for a feature named twice.
    pub fn spec_with_features(&self, features: &[Feature]) -> Result<Spec, SpecError> {
        if !self.has_plane() {
            return Err(SpecError {
                field: "features".into(),
                message: format!(
                    "are functions of 2-D points (x1, x2), but this data set has {} inputs",
                    self.raw.input_size()
                ),
            });
        }
        let mut layers = self.network.layers().to_vec();
        layers[0] = features.len();
        check_features(Some(features), &layers)?;
        let old = self
            .features
            .clone()
            .unwrap_or_else(|| vec![Feature::X1, Feature::X2]);
        let sources: Vec<Option<usize>> = features
            .iter()
            .map(|f| old.iter().position(|o| o == f))
            .collect();
        // The same choice gives the same new weights; another choice, others.
        let mask = features.iter().fold(0u64, |m, f| {
            m | 1 << Feature::ALL.iter().position(|a| a == f).unwrap_or(0)
        });
        let seed = self
            .seed
            .wrapping_add(mask.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        let network = with_inputs(&self.network, &sources, seed);
        let mut spec = self.spec();
        spec.features = (features != [Feature::X1, Feature::X2]).then(|| features.to_vec());
        spec.layers = network.layers().to_vec();
        spec.weights = Some(network.nested_weights());
        Ok(spec)
    }

    /// This network as it started, with today's settings: what Reset with the loaded seed gives
    /// (the loaded or seeded weights, epoch 0), built beside this session, which stays as it is.
    pub fn at_start(&self) -> Session {
        let mut start = Session::from_spec(&self.spec()).expect("the current spec checks");
        start.origin = self.origin.clone();
        start.reset(self.seed);
        start
    }

    /// Where training stands beyond the spec: the epoch, the shuffling generator's position and
    /// the momentum velocity. `load(spec())` then [`Session::resume`] goes on exactly.
    pub fn progress(&self) -> Progress {
        self.trainer.progress()
    }

    /// Goes on from a saved [`Progress`] of this same spec; a refused one changes nothing.
    pub fn resume(&mut self, progress: &Progress) -> Result<(), SpecError> {
        self.trainer.resume(progress).map_err(|e| SpecError {
            field: e.field,
            message: e.message,
        })?;
        self.changed();
        Ok(())
    }

    /// One epoch of training; returns the mean `E` seen during it.
    pub fn train_epoch(&mut self) -> Result<f64, Diverged> {
        self.changed();
        self.trainer.train_epoch(&mut self.network, &self.data)
    }

    /// Trains up to `max_batches` mini-batches, stopping at the end of the epoch in progress
    /// (see [`crate::nn::Trainer::train_batches`]).
    pub fn train_batches(&mut self, max_batches: usize) -> Result<Batches, Diverged> {
        self.changed();
        self.trainer
            .train_batches(&mut self.network, &self.data, max_batches)
    }

    /// Samples of the epoch in progress already trained on (0 between epochs).
    pub fn batch_position(&self) -> usize {
        self.trainer.batch_position()
    }

    /// Mini-batches of the epoch in progress already trained (0 between epochs).
    pub fn batches_done_in_epoch(&self) -> usize {
        self.trainer
            .batch_position()
            .div_ceil(self.trainer.batch_size.max(1))
    }

    /// Mini-batches in one epoch: ⌈samples / batch size⌉.
    pub fn batches_per_epoch(&self) -> usize {
        self.data.len().div_ceil(self.trainer.batch_size.max(1))
    }

    /// Back to epoch 0. With the seed the session was loaded with, the loaded weights come back
    /// (drawn from that seed if the spec gave none); a different seed draws new weights from it.
    pub fn reset(&mut self, seed: u64) {
        let mut origin = self.origin.clone();
        if seed != self.seed || origin.weights.is_none() {
            origin.weights = None;
            if origin.biases.is_some() {
                origin.biases = None;
                origin.bias = Some(true);
            }
        }
        origin.seed = Some(seed);
        origin.learning_rate = self.trainer.learning_rate;
        origin.batch_size = Some(self.trainer.batch_size);
        let settings = self.spec();
        (origin.loss, origin.regularization, origin.momentum) =
            (settings.loss, settings.regularization, settings.momentum);
        let fresh = Session::from_spec(&origin).expect("a spec that loaded once still checks");
        let origin = self.origin.clone();
        self.replace_with(Session { origin, ..fresh });
    }

    /// The current state as a spec: loading it gives this network back bit for bit.
    pub fn spec(&self) -> Spec {
        Spec {
            layers: self.network.layers().to_vec(),
            features: self.features.clone(),
            activation: ActivationSpec::of(self.network.activations()),
            weights: Some(self.network.nested_weights()),
            biases: self
                .network
                .has_bias()
                .then(|| self.network.nested_biases()),
            bias: None,
            learning_rate: self.trainer.learning_rate,
            data: self.origin.data.clone(),
            seed: Some(self.seed),
            batch_size: Some(self.trainer.batch_size),
            // The default loss is left out, as a spec written by hand leaves it out.
            loss: Some(self.trainer.objective.loss).filter(|&loss| loss != Loss::default()),
            regularization: self.trainer.objective.regularization,
            momentum: Some(self.trainer.momentum()).filter(|&m| m != 0.0),
        }
    }

    /// Loss and gradients of the whole data set at the current weights, and sample `sample`'s
    /// pass, as plain numbers for the page, the API and the tests. Computed once per
    /// generation and sample: every view of one state shares it.
    pub fn snapshot(&self, sample: usize) -> Rc<Snapshot> {
        let sample = sample.min(self.data.len() - 1);
        if let Some((generation, cached_sample, snapshot)) = &*self.snapshot_cache.borrow() {
            if *generation == self.generation && *cached_sample == sample {
                return Rc::clone(snapshot);
            }
        }
        let snapshot = Rc::new(self.compute_snapshot(sample));
        self.snapshots_computed
            .set(self.snapshots_computed.get() + 1);
        *self.snapshot_cache.borrow_mut() = Some((self.generation, sample, Rc::clone(&snapshot)));
        snapshot
    }

    /// The total derivative of hidden neuron `index` of `layer` for sample `sample`, measured
    /// by a nudge of its activation (see [`crate::nn::total_derivative`]); `None` for an input
    /// or output neuron, or one that does not exist.
    pub fn nudge(&self, sample: usize, layer: usize, index: usize) -> Option<Nudge> {
        let layers = self.network.layers();
        if layer == 0 || layer + 1 >= layers.len() || index >= layers[layer] {
            return None;
        }
        let (input, target) = self.data.sample(sample.min(self.data.len() - 1));
        Some(nudge(
            &self.network,
            input,
            target,
            self.trainer.objective.loss,
            layer,
            index,
            NUDGE,
        ))
    }

    /// Weight `(l, k, j)` after one more epoch of training, trained on a copy (this session is
    /// untouched): what the epoch's own steps give, with its batches, shuffle and momentum.
    /// `None` when that epoch would diverge, or would cost more than `max_work` sample-weight
    /// products (samples × weights), so that the inspector never stalls the page for it.
    pub fn weight_after_one_epoch(
        &self,
        l: usize,
        k: usize,
        j: usize,
        max_work: usize,
    ) -> Option<f64> {
        if self.data.len().saturating_mul(self.network.weights().len()) > max_work {
            return None;
        }
        let (mut network, mut trainer) = (self.network.clone(), self.trainer.clone());
        trainer.train_epoch(&mut network, &self.data).ok()?;
        Some(network.weight(l, k, j))
    }

    fn compute_snapshot(&self, sample: usize) -> Snapshot {
        let objective = self.trainer.objective;
        let mut batch = BatchPass::new(self.network.layers());
        let mut gradients = Gradients::zeros(&self.network);
        let loss = dataset_loss_and_gradients(
            &self.network,
            &self.measured(&self.data),
            &objective,
            &mut batch,
            &mut gradients,
        );
        let test_loss = self
            .test
            .as_ref()
            .map(|test| dataset_loss(&self.network, &self.measured(test), &objective, &mut batch));
        let mut pass = Pass::new(self.network.layers());
        let sample = sample.min(self.data.len() - 1);
        let (input, target) = self.data.sample(sample);
        pass.forward(&self.network, input);
        pass.backward(&self.network, target, objective.loss);
        Snapshot::new(self, &loss, test_loss, &gradients, sample, target, &pass)
    }
}

/// `m` of the indices `0 … n − 1`, spread over all of them: `i · step mod n` for an odd step
/// near `n / m` that shares no factor with `n`, so the picks are distinct and do not fall in step with
/// a pattern in the data (the built-in data sets alternate their classes, and an even stride
/// would pick one class only).
pub fn spread(n: usize, m: usize) -> impl Iterator<Item = usize> {
    let m = m.min(n);
    let mut step = (n / m.max(1)).max(1);
    // Odd as well: with n odd, an even step stays below n for all m picks and so picks only
    // even indices.
    while gcd(step, 2 * n) != 1 {
        step += 1;
    }
    (0..m).map(move |i| i * step % n)
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Refuses a spec whose numbers already overflow at the first forward pass, before any
/// training: the sample with the largest input (in absolute value) is run through the network,
/// since overflow grows with the inputs. The field names that sample's inputs, or the weights
/// when the inputs are of an ordinary size.
fn check_first_pass(network: &Network, data: &Dataset, loss: Loss) -> Result<(), SpecError> {
    let largest = |i: usize| data.sample(i).0.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    let Some(worst) = (0..data.len()).max_by(|&a, &b| largest(a).total_cmp(&largest(b))) else {
        return Ok(());
    };
    let mut pass = Pass::new(network.layers());
    let (input, target) = data.sample(worst);
    pass.forward(network, input);
    let error = pass.error(target, loss);
    if error.is_finite() {
        return Ok(());
    }
    let scale = largest(worst);
    Err(if scale > 1e6 {
        SpecError {
            field: format!("data.inputs[{worst}]"),
            message: format!(
                "has an input of {scale:e}: with it the first forward pass already gives an \
                 error of {error} (a net input overflowed), before any training. Scale the inputs \
                 to about −1 … 1."
            ),
        }
    } else {
        SpecError {
            field: "weights".into(),
            message: format!(
                "are too large: the first forward pass of sample {worst} already gives an error \
                 of {error} (a net input overflowed), before any training. Use smaller weights."
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_picks_distinct_indices_out_of_step_with_alternating_classes() {
        for (n, m) in [
            (10_000, 50),
            (10_000, 100),
            (3_000, 1_500),
            (3_041, 49),
            (2_001, 49),
            (4_999, 1_500),
            (7, 7),
            (10, 1),
        ] {
            let picks: Vec<usize> = spread(n, m).collect();
            assert_eq!(picks.len(), m);
            let mut sorted = picks.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), m, "distinct for {n}, {m}");
            assert!(picks.iter().all(|&i| i < n));
            // Classes that alternate by index (i % 2) are both picked, about evenly.
            let odd = picks.iter().filter(|&&i| i % 2 == 1).count();
            if m >= 10 {
                assert!(
                    odd * 10 >= m * 4 && odd * 10 <= m * 6,
                    "{odd} odd of {m} for n = {n}"
                );
            }
        }
    }

    #[test]
    fn a_spec_that_overflows_at_the_first_forward_pass_is_refused_with_its_field() {
        let huge_input = r#"{"layers":[2,2,1],"activation":"linear","learning_rate":1e-12,"seed":1,"data":{"inputs":[[0.1,0.2],[1e200,1e200],[0.3,0.4]],"targets":[[0],[1],[0]]}}"#;
        let err = Session::from_json(huge_input).unwrap_err();
        assert_eq!(err.field, "data.inputs[1]");
        assert!(
            err.message.contains("1e200") && err.message.contains("inf"),
            "{}",
            err.message
        );
        let huge_weights = r#"{"layers":[1,1,1],"activation":"linear","learning_rate":0.1,"weights":[[[1e300]],[[1e300]]],"data":{"inputs":[[2]],"targets":[[0]]}}"#;
        assert_eq!(
            Session::from_json(huge_weights).unwrap_err().field,
            "weights"
        );
        // Large but finite is fine: sigmoids saturate instead of overflowing.
        let saturating = r#"{"layers":[2,2,1],"activation":"sigmoid","learning_rate":0.1,"seed":1,"data":{"inputs":[[1e200,1e200]],"targets":[[1]]}}"#;
        assert!(Session::from_json(saturating).is_ok());
    }

    #[test]
    fn a_state_training_reached_stays_reachable_though_a_learner_could_not_load_it() {
        let spec = r#"{"layers":[1,1],"activation":"linear","learning_rate":0.1,"weights":[[[1]]],"data":{"inputs":[[1e6]],"targets":[[0]]}}"#;
        let mut session = Session::from_json(spec).unwrap();
        session.network_mut().set_weight(0, 0, 0, 1e303);
        let overflowing = session.spec();
        // The starting weights, settings changes and links rebuild from it without a check…
        assert!(Session::from_spec(&overflowing).is_ok());
        let _ = session.at_start();
        // …while a learner's load of the same spec is refused.
        let text = overflowing.to_json();
        assert_eq!(Session::from_json(&text).unwrap_err().field, "weights");
    }

    #[test]
    fn small_networks_measure_every_sample_and_the_largest_an_evenly_spaced_part() {
        let small = Session::from_json(
            r#"{"layers":[2,4,1],"activation":"sigmoid","bias":true,"seed":1,"learning_rate":0.5,"data":{"dataset":"circle","samples":500}}"#,
        )
        .unwrap();
        let s = small.snapshot(0);
        assert_eq!((s.sample_count, s.measured_samples), (500, 500));

        let mut big = Session::from_json(
            r#"{"layers":[2,100,100,1],"activation":"sigmoid","bias":true,"seed":1,"learning_rate":0.5,"data":{"dataset":"circle","samples":10000}}"#,
        )
        .unwrap();
        // 10,501 parameters: 5,000,000 / 10,501 = 476 samples, every 10,000/476-th.
        let parameters = 2 * 100 + 100 * 100 + 100 + 201;
        assert_eq!(
            big.network().weights().len() + big.network().biases().len(),
            parameters
        );
        let s = big.snapshot(3);
        assert_eq!((s.sample_count, s.measured_samples), (10_000, 476));
        // The loss is the mean over exactly those samples, computed here the plain way.
        let mut pass = Pass::new(big.network().layers());
        let mut total = 0.0;
        for i in spread(10_000, 476) {
            let (x, t) = big.data().sample(i);
            pass.forward(big.network(), x);
            total += pass.error(t, Loss::Squared);
        }
        assert!((s.loss - total / 476.0).abs() < 1e-12 * s.loss);
        assert_eq!(big.loss(), s.loss);
        // Both classes are in the estimate, about half each (the circle alternates them).
        let ones = spread(10_000, 476)
            .filter(|&i| big.data().sample(i).1[0] >= 0.5)
            .count();
        assert!((200..=276).contains(&ones), "{ones} of 476 are class 1");
        // The selected sample's own pass is still that sample's, from the whole data set.
        assert_eq!(s.sample, 3);
        assert_eq!(s.a[0], big.data().sample(3).0);
    }
}
