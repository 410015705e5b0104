//! The maths: a small network (sigmoid by default; tanh, relu and linear per layer) whose
//! backpropagation keeps every chain-rule factor.
//!
//! What a session is (its spec, data options, reshaping, snapshot) is `model`'s; this is the
//! maths it runs: activations, losses, the chain rule's factors, the passes, gradients and
//! training, and the built-in data sets they train on.
//!
//! Nothing here knows a browser exists: no web types, no clock, no logging, no global RNG.
//! Seeds are passed in, so a seed gives the same network natively and in the page.
//!
//! Notation (as on the page): layer `l = 0` is the input layer; `net` the net input of a neuron,
//! `a` its activation, `t` a target, `η` the learning rate; `E = ½ Σ_k (t_k − a_k)²` per sample
//! (or cross-entropy, see [`loss`]); `δ = ∂E/∂net` (some texts flip the sign: we do not).

pub mod activation;
pub mod batch_pass;
pub mod budget;
pub mod chain_rule;
pub mod data;
pub mod exp;
pub mod gradient_check;
pub mod gradients;
pub mod loss;
pub mod network;
pub mod pass;
pub mod portable;
pub mod total_derivative;
pub mod train;

pub use activation::Activation;
pub use batch_pass::{BatchPass, LANES};
pub use data::Dataset;
pub use gradients::Gradients;
pub use loss::{Loss, Objective, Penalty, Regularization};
pub use network::Network;
pub use pass::Pass;
pub use train::{Diverged, DivergenceCause, Progress, ProgressError, Trainer};
