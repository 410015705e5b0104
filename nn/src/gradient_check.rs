//! The gradient check's numerics: for every weight (and bias), backprop's `∂loss/∂w` beside a
//! central finite difference of the loss, and how far apart they are.
//!
//! The finite difference `(loss(w + h) − loss(w − h)) / 2h` knows nothing of the chain rule: it
//! nudges one weight by `h` both ways, runs the network forward, and measures how the loss
//! changes. Backprop gets the same slope by multiplying the chain's factors. When the two agree
//! to about 10⁻⁹, the chain-rule product is right. The page's view of it is
//! `view::gradient_check`; this is the one place the numbers are made.

use chacha20::ChaCha12Rng;
use rand::seq::SliceRandom;
use rand::SeedableRng;

use crate::batch_pass::BatchPass;
use crate::gradients::{dataset_loss, dataset_loss_and_gradients};
use crate::{Dataset, Gradients, Network, Objective};

/// The step of the finite difference. With `f64` the central difference's truncation error
/// (∝ h²) and its rounding error (∝ ε·loss/h) are both around 10⁻¹⁰ here.
pub const STEP: f64 = 1e-5;

/// A relative error below this passes.
pub const PASS_BELOW: f64 = 1e-6;

/// At most this many parameters are checked: each costs two forward passes over the whole data
/// set. A network with more has a random sample of this many checked (drawn from a seed, shown
/// in the flat storage's order), and the view says so.
pub const MAX_CHECKED: usize = 2_000;

/// The floor of the relative error's denominator.
///
/// Without it a gradient that is exactly 0 on both sides (an input of 0 makes every weight
/// leaving it irrelevant, so nudging it changes nothing) would give `0 / 0 = NaN`, and two tiny
/// gradients would be judged by their ratio although their difference is pure rounding. With
/// it, differences between gradients smaller than 10⁻⁸ are measured on the 10⁻⁸ scale: they are
/// too small to move a weight, and about as small as a finite difference can resolve (its
/// rounding noise is about ε·loss/h ≈ 10⁻¹¹). The price: a true gradient below about 10⁻⁸ can
/// show a relative error above the pass mark from that noise alone.
pub const RELATIVE_ERROR_FLOOR: f64 = 1e-8;

/// One parameter's two gradients.
#[derive(Clone, Debug, PartialEq)]
pub struct GradientRow {
    /// The weight layer `l`: the parameter feeds neuron `to` of layer `l + 1`.
    pub layer: usize,
    pub to: usize,
    /// The neuron of layer `l` the weight comes from (0 and meaningless for a bias).
    pub from: usize,
    pub is_bias: bool,
    /// Backprop's `∂loss/∂w` (mean over every sample), as the snapshot has it.
    pub analytic: f64,
    /// `(loss(w + h) − loss(w − h)) / 2h`.
    pub numeric: f64,
    /// `|analytic − numeric| / max(|analytic| + |numeric|, 10⁻⁸)`.
    pub relative_error: f64,
}

impl GradientRow {
    pub fn passes(&self) -> bool {
        self.relative_error < PASS_BELOW
    }
}

/// `|a − n| / max(|a| + |n|, 10⁻⁸)`; see [`RELATIVE_ERROR_FLOOR`] for why the floor.
pub fn relative_error(analytic: f64, numeric: f64) -> f64 {
    (analytic - numeric).abs() / (analytic.abs() + numeric.abs()).max(RELATIVE_ERROR_FLOOR)
}

/// How many parameters the network has: its weights, and its biases when it has bias terms.
pub fn parameter_count(network: &Network) -> usize {
    network.weights().len()
        + if network.has_bias() {
            network.biases().len()
        } else {
            0
        }
}

/// Checks every weight (and every bias, when the network has bias terms) of `network` on `data`,
/// or a random sample of [`MAX_CHECKED`] of them, for the loss `objective` describes (its penalty
/// included), all at once. `network` is not changed: the nudges are made on a copy. The page
/// runs the same check in slices with [`GradientCheck`].
pub fn gradient_check(
    network: &Network,
    data: &Dataset,
    objective: &Objective,
) -> Vec<GradientRow> {
    let mut check = GradientCheck::new(network, data, objective, 0);
    while !check.step(usize::MAX) {}
    check.rows
}

/// One parameter to check: weight `(layer, to, from)`, or the bias of `(layer, to)`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Parameter {
    layer: usize,
    to: usize,
    from: usize,
    is_bias: bool,
}

/// A gradient check that can be run a few parameters at a time (so the page stays responsive)
/// and stopped half-way. It keeps its own copy of the network and data as they were when it
/// started: what it reports is of that state, whatever happens to the network meanwhile.
#[derive(Clone, Debug)]
pub struct GradientCheck {
    /// The network as it was when the check started (nudged and put back, one parameter at a
    /// time).
    network: Network,
    data: Dataset,
    objective: Objective,
    /// Backprop's gradients at the start.
    analytic: Gradients,
    /// What is checked, in the flat storage's order.
    parameters: Vec<Parameter>,
    /// How many parameters the network has in all.
    total_parameters: usize,
    rows: Vec<GradientRow>,
    pass: BatchPass,
}

impl GradientCheck {
    /// A check of `network` on `data`: every parameter, or a random sample of [`MAX_CHECKED`]
    /// drawn from `seed`. Computes backprop's side at once (one pass over the data); the finite
    /// differences wait for [`GradientCheck::step`].
    pub fn new(
        network: &Network,
        data: &Dataset,
        objective: &Objective,
        seed: u64,
    ) -> GradientCheck {
        let mut pass = BatchPass::new(network.layers());
        let mut analytic = Gradients::zeros(network);
        if !data.is_empty() {
            dataset_loss_and_gradients(network, data, objective, &mut pass, &mut analytic);
        }
        let layers = network.layers();
        let mut all = Vec::with_capacity(parameter_count(network));
        for layer in 0..network.depth() {
            for to in 0..layers[layer + 1] {
                for from in 0..layers[layer] {
                    all.push(Parameter {
                        layer,
                        to,
                        from,
                        is_bias: false,
                    });
                }
            }
            if network.has_bias() {
                for to in 0..layers[layer + 1] {
                    all.push(Parameter {
                        layer,
                        to,
                        from: 0,
                        is_bias: true,
                    });
                }
            }
        }
        let total_parameters = all.len();
        let parameters = if data.is_empty() {
            Vec::new()
        } else if all.len() <= MAX_CHECKED {
            all
        } else {
            let mut rng = ChaCha12Rng::seed_from_u64(seed);
            let mut indices: Vec<usize> = (0..all.len()).collect();
            let mut picked = indices.partial_shuffle(&mut rng, MAX_CHECKED).0.to_vec();
            picked.sort_unstable();
            picked.into_iter().map(|i| all[i]).collect()
        };
        GradientCheck {
            network: network.clone(),
            data: data.clone(),
            objective: *objective,
            analytic,
            parameters,
            total_parameters,
            rows: Vec::new(),
            pass,
        }
    }

    /// Checks up to `count` more parameters; returns true once every one is checked.
    pub fn step(&mut self, count: usize) -> bool {
        for _ in 0..count {
            let Some(&p) = self.parameters.get(self.rows.len()) else {
                break;
            };
            let (network, data, objective, pass) = (
                &mut self.network,
                &self.data,
                &self.objective,
                &mut self.pass,
            );
            let (numeric, analytic) = if p.is_bias {
                let i = network.bias_index(p.layer, p.to);
                let numeric =
                    central_difference(network, data, objective, pass, |n| &mut n.biases_mut()[i]);
                (numeric, self.analytic.biases[i])
            } else {
                let i = network.weight_index(p.layer, p.to, p.from);
                let numeric =
                    central_difference(network, data, objective, pass, |n| &mut n.weights_mut()[i]);
                (numeric, self.analytic.weights[i])
            };
            self.rows
                .push(row(p.layer, p.to, p.from, p.is_bias, analytic, numeric));
        }
        self.is_done()
    }

    pub fn is_done(&self) -> bool {
        self.rows.len() == self.parameters.len()
    }

    /// How many parameters are checked so far.
    pub fn checked(&self) -> usize {
        self.rows.len()
    }

    /// How many parameters this check covers (all, or the sample).
    pub fn planned(&self) -> usize {
        self.parameters.len()
    }

    /// How many parameters the network has in all.
    pub fn total_parameters(&self) -> usize {
        self.total_parameters
    }

    pub fn rows(&self) -> &[GradientRow] {
        &self.rows
    }

    /// The network as it was when the check started.
    pub fn network(&self) -> &Network {
        &self.network
    }
}

fn row(
    layer: usize,
    to: usize,
    from: usize,
    is_bias: bool,
    analytic: f64,
    numeric: f64,
) -> GradientRow {
    GradientRow {
        layer,
        to,
        from,
        is_bias,
        analytic,
        numeric,
        relative_error: relative_error(analytic, numeric),
    }
}

/// `(loss(p + h) − loss(p − h)) / 2h` for the parameter `param` points at; puts it back after.
fn central_difference(
    network: &mut Network,
    data: &Dataset,
    objective: &Objective,
    pass: &mut BatchPass,
    param: impl Fn(&mut Network) -> &mut f64,
) -> f64 {
    let original = *param(network);
    *param(network) = original + STEP;
    let up = dataset_loss(network, data, objective, pass);
    *param(network) = original - STEP;
    let down = dataset_loss(network, data, objective, pass);
    *param(network) = original;
    (up - down) / (2.0 * STEP)
}
