//! What training minimises: the error `E` of each sample (squared error or cross-entropy), and,
//! optionally, a penalty on the size of the weights (L1 or L2 regularisation).
//!
//! `loss = mean_samples E + penalty(w)`. The penalty depends on the weights only (not on the
//! biases, and not on the data), so its gradient is added once per weight, after the chain rule
//! has given the mean `∂E/∂w`.

use serde::{Deserialize, Serialize};

use crate::activation::Activation;
use crate::chain_rule::{
    cross_entropy_error, error_wrt_output, error_wrt_output_cross_entropy, squared_error,
};

/// How one sample's error `E` is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// `E = ½ Σ_k (t_k − a_k)²`, the thread's loss.
    #[default]
    Squared,
    /// `E = −Σ_k [t_k ln a_k + (1 − t_k) ln(1 − a_k)]`, for a sigmoid output layer only.
    CrossEntropy,
}

impl Loss {
    /// Every loss, in the order the page offers them (the default first).
    pub const ALL: [Loss; 2] = [Loss::Squared, Loss::CrossEntropy];

    /// The name used in the spec and on the page.
    pub fn name(self) -> &'static str {
        match self {
            Loss::Squared => "squared",
            Loss::CrossEntropy => "cross_entropy",
        }
    }

    /// Whether an output's δ is `a − t` itself: with cross-entropy on a sigmoid output,
    /// `∂E/∂a = (a − t)/(a(1 − a))` and the slope `a(1 − a)` cancel, and the passes compute δ
    /// without either (exact where the sigmoid saturates: see
    /// [`crate::chain_rule::output_delta_cross_entropy`]). Squared error's δ is the product of
    /// its two factors.
    pub fn delta_is_a_minus_t(self) -> bool {
        match self {
            Loss::Squared => false,
            Loss::CrossEntropy => true,
        }
    }

    /// The output activation this loss needs, and why, or `None` when any will do.
    /// Cross-entropy's `ln a` and `ln(1 − a)` need `0 < a < 1`, and its δ is `a − t` only
    /// because a sigmoid's slope `a(1 − a)` cancels its `∂E/∂a`.
    pub fn needs_output(self) -> Option<(Activation, &'static str)> {
        match self {
            Loss::Squared => None,
            Loss::CrossEntropy => Some((
                Activation::Sigmoid,
                "its ln a and ln(1 − a) need 0 < a < 1, and only then does δ become a − t",
            )),
        }
    }

    /// Refuses an output layer this loss cannot train, saying why in a learner's words:
    /// `Err("cross_entropy needs a sigmoid output layer (…), but the output layer is tanh")`.
    pub fn check_output(self, output: Activation) -> Result<(), String> {
        match self.needs_output() {
            Some((needed, why)) if needed != output => Err(format!(
                "{} needs a {} output layer ({why}), but the output layer is {}",
                self.name(),
                needed.name(),
                output.name()
            )),
            _ => Ok(()),
        }
    }

    /// An output's `∂E/∂a` from its `a` and target `t`: squared error's `a − t`
    /// ([`error_wrt_output`]) or cross-entropy's `(a − t)/(a(1 − a))`
    /// ([`error_wrt_output_cross_entropy`]). Both passes ask this, so a loss's derivative is
    /// written once.
    #[inline]
    pub fn error_wrt_output(self, a: f64, t: f64) -> f64 {
        match self {
            Loss::Squared => error_wrt_output(a, t),
            Loss::CrossEntropy => error_wrt_output_cross_entropy(a, t),
        }
    }

    /// `E` of one sample.
    pub fn error(self, a: &[f64], target: &[f64]) -> f64 {
        match self {
            Loss::Squared => squared_error(a, target),
            Loss::CrossEntropy => cross_entropy_error(a, target),
        }
    }
}

/// Which penalty on the weights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Penalty {
    /// `λ · Σ |w|`: pulls every weight towards 0 by the same amount, so small ones reach 0.
    L1,
    /// `½ λ · Σ w²`: pulls each weight towards 0 in proportion to its size ("weight decay").
    L2,
}

impl Penalty {
    /// Both penalties, as the spec names them.
    pub const ALL: [Penalty; 2] = [Penalty::L1, Penalty::L2];

    /// The name used in the spec: `"l1"` or `"l2"`.
    pub fn name(self) -> &'static str {
        match self {
            Penalty::L1 => "l1",
            Penalty::L2 => "l2",
        }
    }
}

/// A penalty and its rate `λ`, as the spec writes it: `{"kind": "l2", "rate": 0.001}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Regularization {
    pub kind: Penalty,
    pub rate: f64,
}

/// `λ · Σ |w|`.
pub fn l1_penalty(rate: f64, weights: &[f64]) -> f64 {
    rate * weights.iter().map(|w| w.abs()).sum::<f64>()
}

/// `½ λ · Σ w²` (the ½ cancels the 2 of the power rule, as in `E`).
pub fn l2_penalty(rate: f64, weights: &[f64]) -> f64 {
    0.5 * rate * weights.iter().map(|w| w * w).sum::<f64>()
}

/// `∂(λ Σ|w|)/∂w = λ · sign(w)`; at `w = 0`, where `|w|` has a corner, we take 0.
pub fn l1_gradient(rate: f64, w: f64) -> f64 {
    let sign = if w > 0.0 {
        1.0
    } else if w < 0.0 {
        -1.0
    } else {
        0.0
    };
    rate * sign
}

/// `∂(½ λ Σ w²)/∂w = λ · w`: only the term of this weight contains it.
pub fn l2_gradient(rate: f64, w: f64) -> f64 {
    rate * w
}

impl Regularization {
    /// The penalty of these weights.
    pub fn penalty(&self, weights: &[f64]) -> f64 {
        match self.kind {
            Penalty::L1 => l1_penalty(self.rate, weights),
            Penalty::L2 => l2_penalty(self.rate, weights),
        }
    }

    /// The penalty's slope at one weight, added to its `∂loss/∂w`.
    pub fn gradient(&self, w: f64) -> f64 {
        match self.kind {
            Penalty::L1 => l1_gradient(self.rate, w),
            Penalty::L2 => l2_gradient(self.rate, w),
        }
    }

    /// Adds the penalty's slope to every weight's gradient (matching on the kind once).
    pub fn add_gradient(&self, weights: &[f64], gradients: &mut [f64]) {
        let rate = self.rate;
        match self.kind {
            Penalty::L1 => add_each(weights, gradients, |w| l1_gradient(rate, w)),
            Penalty::L2 => add_each(weights, gradients, |w| l2_gradient(rate, w)),
        }
    }
}

fn add_each(weights: &[f64], gradients: &mut [f64], slope: impl Fn(f64) -> f64) {
    for (g, &w) in gradients.iter_mut().zip(weights) {
        *g += slope(w);
    }
}

/// The loss of each sample and the penalty on the weights: everything `∂loss/∂w` depends on
/// besides the network and the data.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct Objective {
    pub loss: Loss,
    /// `None`: no penalty.
    pub regularization: Option<Regularization>,
}

impl Objective {
    /// The penalty of these weights (0 without regularisation).
    pub fn penalty(&self, weights: &[f64]) -> f64 {
        self.regularization.map_or(0.0, |r| r.penalty(weights))
    }

    /// The penalty's slope at one weight (0 without regularisation).
    pub fn penalty_gradient(&self, w: f64) -> f64 {
        self.regularization.map_or(0.0, |r| r.gradient(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penalties_and_their_slopes() {
        let w = [0.5, -2.0, 0.0];
        assert_eq!(l1_penalty(0.1, &w), 0.1 * 2.5);
        assert_eq!(l2_penalty(0.1, &w), 0.5 * 0.1 * 4.25);
        assert_eq!(l1_gradient(0.1, -2.0), -0.1);
        assert_eq!(l1_gradient(0.1, 0.0), 0.0, "0 at the corner");
        assert_eq!(l2_gradient(0.1, -2.0), -0.2);
        let l2 = Regularization {
            kind: Penalty::L2,
            rate: 0.1,
        };
        let mut g = [1.0, 1.0, 1.0];
        l2.add_gradient(&w, &mut g);
        assert_eq!(g, [1.05, 0.8, 1.0]);
        assert_eq!(Objective::default().penalty(&w), 0.0);
    }

    #[test]
    fn cross_entropy_trains_a_sigmoid_output_only_and_squared_error_any() {
        for output in Activation::ALL {
            assert_eq!(Loss::Squared.check_output(output), Ok(()));
            let checked = Loss::CrossEntropy.check_output(output);
            assert_eq!(checked.is_ok(), output == Activation::Sigmoid, "{output:?}");
        }
        assert_eq!(
            Loss::CrossEntropy.check_output(Activation::Tanh),
            Err(
                "cross_entropy needs a sigmoid output layer (its ln a and ln(1 − a) need \
                 0 < a < 1, and only then does δ become a − t), but the output layer is tanh"
                    .into()
            )
        );
    }

    #[test]
    fn each_losss_error_wrt_output_is_the_slope_of_its_error() {
        // Central differences of E(a) against ∂E/∂a, for every loss, at several a and t.
        let h = 1e-6;
        for loss in Loss::ALL {
            for (a, t) in [(0.3, 0.0), (0.7, 1.0), (0.55, 0.2), (0.05, 1.0)] {
                let slope = (loss.error(&[a + h], &[t]) - loss.error(&[a - h], &[t])) / (2.0 * h);
                let ours = loss.error_wrt_output(a, t);
                assert!(
                    (ours - slope).abs() <= 1e-6 * slope.abs().max(1.0),
                    "{loss:?} at a = {a}, t = {t}: {ours} against {slope}"
                );
            }
        }
    }

    #[test]
    fn every_loss_is_listed_once_the_default_first() {
        assert_eq!(Loss::ALL[0], Loss::default());
        // A new variant fails to compile here until it is counted, and then this count.
        let listed = |loss: Loss| match loss {
            Loss::Squared | Loss::CrossEntropy => Loss::ALL.contains(&loss),
        };
        assert!(listed(Loss::Squared) && listed(Loss::CrossEntropy));
        assert_eq!(Loss::ALL.len(), 2);
        for (i, loss) in Loss::ALL.iter().enumerate() {
            assert_eq!(Loss::ALL.iter().position(|l| l == loss), Some(i));
            let named: Loss = serde_json::from_str(&format!("\"{}\"", loss.name())).unwrap();
            assert_eq!(named, *loss);
        }
    }

    #[test]
    fn names_are_the_specs() {
        assert_eq!(
            serde_json::to_string(&Loss::CrossEntropy).unwrap(),
            "\"cross_entropy\""
        );
        assert_eq!(Loss::Squared.name(), "squared");
        let r: Regularization = serde_json::from_str(r#"{"kind": "l1", "rate": 0.5}"#).unwrap();
        assert_eq!(r.kind, Penalty::L1);
    }
}
