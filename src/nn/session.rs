//! One network being taught: the network, its data, its trainer, and the spec it came from.
//!
//! This is the single owner of the playground's state; the page holds one and draws from it.

use crate::nn::activation::Activation;
use crate::nn::gradients::{dataset_loss, dataset_loss_and_gradients, Gradients};
use crate::nn::loss::{Loss, Objective, Regularization};
use crate::nn::network::Network;
use crate::nn::pass::Pass;
use crate::nn::snapshot::Snapshot;
use crate::nn::spec::{
    check_momentum, check_regularization_rate, ActivationSpec, Checked, Spec, SpecError,
};
use crate::nn::train::{Diverged, Trainer};
use crate::nn::Dataset;

#[derive(Debug)]
pub struct Session {
    /// The spec as loaded: reset returns to its weights.
    origin: Spec,
    network: Network,
    data: Dataset,
    trainer: Trainer,
    seed: u64,
    /// Scratch buffers for [`Session::loss`], so measuring the loss allocates nothing.
    scratch: Pass,
}

impl Session {
    /// Builds a session from a spec, or says what is wrong with it.
    pub fn from_spec(spec: &Spec) -> Result<Session, SpecError> {
        let Checked {
            network,
            data,
            learning_rate,
            batch_size,
            seed,
            objective,
            momentum,
        } = spec.check()?;
        let mut trainer = Trainer::new(&network, data.len(), learning_rate, batch_size, seed);
        trainer.objective = objective;
        trainer.set_momentum(momentum);
        Ok(Session {
            scratch: Pass::new(network.layers()),
            origin: spec.clone(),
            network,
            data,
            trainer,
            seed,
        })
    }

    /// Parses, checks and builds; on error nothing exists to be half-changed.
    pub fn from_json(text: &str) -> Result<Session, SpecError> {
        Session::from_spec(&Spec::from_json(text)?)
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn network_mut(&mut self) -> &mut Network {
        &mut self.network
    }

    pub fn data(&self) -> &Dataset {
        &self.data
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
        Ok(())
    }

    /// Sets the loss; refuses cross-entropy unless the output layer is a sigmoid, and leaves the
    /// loss as it was.
    pub fn set_loss(&mut self, loss: Loss) -> Result<(), SpecError> {
        let output = self.network.output_activation();
        if loss == Loss::CrossEntropy && output != Activation::Sigmoid {
            return Err(SpecError {
                field: "loss".into(),
                message: format!(
                    "cross_entropy needs a sigmoid output layer, but the output layer is {}",
                    output.name()
                ),
            });
        }
        self.trainer.objective.loss = loss;
        Ok(())
    }

    /// The loss of the whole data set at the current weights (`mean E + penalty`, forward
    /// passes only).
    pub fn loss(&mut self) -> f64 {
        let objective = self.trainer.objective;
        dataset_loss(&self.network, &self.data, &objective, &mut self.scratch)
    }

    /// One epoch of training; returns the mean `E` seen during it.
    pub fn train_epoch(&mut self) -> Result<f64, Diverged> {
        self.trainer.train_epoch(&mut self.network, &self.data)
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
        *self = Session {
            origin: self.origin.clone(),
            ..fresh
        };
    }

    /// The current state as a spec: loading it gives this network back bit for bit.
    pub fn spec(&self) -> Spec {
        Spec {
            layers: self.network.layers().to_vec(),
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
            loss: match self.trainer.objective.loss {
                Loss::Squared => None,
                other => Some(other),
            },
            regularization: self.trainer.objective.regularization,
            momentum: Some(self.trainer.momentum()).filter(|&m| m != 0.0),
        }
    }

    /// Loss and gradients of the whole data set at the current weights, and sample `sample`'s
    /// pass, as plain numbers for the page, the API and the tests.
    pub fn snapshot(&self, sample: usize) -> Snapshot {
        let objective = self.trainer.objective;
        let mut pass = Pass::new(self.network.layers());
        let mut gradients = Gradients::zeros(&self.network);
        let loss = dataset_loss_and_gradients(
            &self.network,
            &self.data,
            &objective,
            &mut pass,
            &mut gradients,
        );
        let sample = sample.min(self.data.len() - 1);
        let (input, target) = self.data.sample(sample);
        pass.forward(&self.network, input);
        pass.backward(&self.network, target, objective.loss);
        Snapshot::new(self, &loss, &gradients, sample, target, &pass)
    }
}
