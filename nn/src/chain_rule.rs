//! One function per factor of the chain rule, each with its formula.
//!
//! For a weight `w_jk` from neuron `j` to output neuron `k`:
//! `∂E/∂w_jk = ∂E/∂a_k × ∂a_k/∂net_k × ∂net_k/∂w_jk = (a_k − t_k) × a_k(1 − a_k) × a_j`.
//! The first two factors together are the error term `δ_k = ∂E/∂net_k`. The middle factor is the
//! slope of the neuron's activation (`a(1 − a)` for the sigmoid, `1 − a²` for tanh, …); with the
//! cross-entropy loss the first factor changes too, and the two cancel into `δ_k = a_k − t_k`.

use crate::activation::Activation;
use crate::portable::ln;

/// `E = ½ Σ_k (t_k − a_k)²`, the squared error of one sample.
///
/// The `½` is there so that the power rule's 2 cancels in the derivative.
pub fn squared_error(a: &[f64], target: &[f64]) -> f64 {
    0.5 * a
        .iter()
        .zip(target)
        .map(|(a_k, t_k)| (t_k - a_k) * (t_k - a_k))
        .sum::<f64>()
}

/// The smallest distance from 0 and 1 at which cross-entropy takes `ln a` and `ln(1 − a)`.
///
/// A sigmoid that has saturated gives `a` exactly 0 or 1 in `f64` (`σ(40) = 1`), where `ln`
/// is `−∞`; clamping `a` into `[10⁻¹², 1 − 10⁻¹²]` first keeps `E` finite (at most about
/// 27.6 per output) so the loss curve and divergence check stay meaningful. The backward pass
/// never divides by it: it uses `δ = a − t` directly (see [`output_delta_cross_entropy`]).
pub const PROBABILITY_FLOOR: f64 = 1e-12;

/// `a` clamped into `[PROBABILITY_FLOOR, 1 − PROBABILITY_FLOOR]`, where `ln a` and `ln(1 − a)`
/// are finite.
pub fn clamp_probability(a: f64) -> f64 {
    a.clamp(PROBABILITY_FLOOR, 1.0 - PROBABILITY_FLOOR)
}

/// `E = −Σ_k [t_k ln a_k + (1 − t_k) ln(1 − a_k)]`, the cross-entropy of one sample.
///
/// Each `a_k` is clamped with [`clamp_probability`] inside the logarithms.
pub fn cross_entropy_error(a: &[f64], target: &[f64]) -> f64 {
    -a.iter()
        .zip(target)
        .map(|(&a_k, &t_k)| {
            let a_k = clamp_probability(a_k);
            t_k * ln(a_k) + (1.0 - t_k) * ln(1.0 - a_k)
        })
        .sum::<f64>()
}

/// `∂E/∂a_k = −(t_k − a_k) = a_k − t_k`.
///
/// Only the `k`-th term of the sum `E` contains `a_k`; the power rule on `½(t_k − a_k)²` gives
/// `(t_k − a_k) · (−1)`, and every other term's derivative is 0.
pub fn error_wrt_output(a_k: f64, t_k: f64) -> f64 {
    a_k - t_k
}

/// `∂E/∂a_k = −t_k/a_k + (1 − t_k)/(1 − a_k) = (a_k − t_k) / (a_k(1 − a_k))` for cross-entropy.
///
/// Only the `k`-th term of `E` contains `a_k`; `d(ln a)/da = 1/a` and `d(ln(1 − a))/da =
/// −1/(1 − a)`; over the common denominator the numerator is `−t(1 − a) + (1 − t)a = a − t`.
/// `a_k` is clamped as in [`cross_entropy_error`], so a saturated output gives a large finite
/// number instead of `±∞`. Shown on the page; the backward pass does not need it (its `δ` is
/// [`output_delta_cross_entropy`]).
pub fn error_wrt_output_cross_entropy(a_k: f64, t_k: f64) -> f64 {
    let a_k = clamp_probability(a_k);
    (a_k - t_k) / (a_k * (1.0 - a_k))
}

/// `∂a/∂net`, written in terms of `a`: `σ'(net) = a(1 − a)`, `tanh'(net) = 1 − a²`,
/// `relu'(net) = 1[a > 0]`, linear `1` (see [`Activation::derivative_from_a`]).
pub fn activation_wrt_net(activation: Activation, a: f64) -> f64 {
    activation.derivative_from_a(a)
}

/// `∂net_k/∂w_jk = a_j`.
///
/// `net_k = Σ_j w_jk a_j + b_k`: only the term `w_jk a_j` contains `w_jk`, and `d(c·w)/dw = c`.
pub fn net_wrt_weight(a_j: f64) -> f64 {
    a_j
}

/// `∂net_k/∂b_k = 1`: the bias enters `net_k` on its own.
pub fn net_wrt_bias() -> f64 {
    1.0
}

/// `δ = ∂E/∂net = ∂E/∂a · ∂a/∂net`: the error term of any neuron, from its two factors.
pub fn error_term(error_wrt_a: f64, activation_wrt_net: f64) -> f64 {
    error_wrt_a * activation_wrt_net
}

/// `δ_k = (a_k − t_k) · a_k(1 − a_k)`: the error term of a sigmoid output neuron under squared
/// error.
pub fn output_delta(a_k: f64, t_k: f64) -> f64 {
    error_term(
        error_wrt_output(a_k, t_k),
        activation_wrt_net(Activation::Sigmoid, a_k),
    )
}

/// `δ_k = ∂E/∂a_k · ∂a_k/∂net_k = (a_k − t_k)/(a_k(1 − a_k)) · a_k(1 − a_k) = a_k − t_k`: the
/// error term of a sigmoid output neuron under cross-entropy.
///
/// The sigmoid's slope `a(1 − a)` is exactly the denominator of cross-entropy's `∂E/∂a`, so the
/// two cancel. Computing `a − t` directly (rather than multiplying the two factors) keeps `δ`
/// exact when the sigmoid saturates: at `a = 1` in `f64` the factors would be `∞ · 0`, and near
/// it their product loses digits, while `a − t` is still the right, large error term. That is
/// why cross-entropy learns where squared error stalls: no flat slope shrinks `δ`.
pub fn output_delta_cross_entropy(a_k: f64, t_k: f64) -> f64 {
    a_k - t_k
}

/// `∂E/∂a_j = Σ_k w_jk δ_k`: what a hidden neuron's activation does to the error, gathered over
/// every neuron `k` it feeds (the total derivative: `a_j` reaches `E` through each `net_k`).
pub fn error_wrt_hidden(weights_from_j: impl Iterator<Item = f64>, deltas: &[f64]) -> f64 {
    weights_from_j
        .zip(deltas)
        .map(|(w_jk, delta_k)| w_jk * delta_k)
        .sum()
}

/// `δ_j = (Σ_k w_jk δ_k) · a_j(1 − a_j)`: the error term of a sigmoid hidden neuron (other
/// activations put their own slope where `a_j(1 − a_j)` is).
pub fn hidden_delta(sum_of_weighted_deltas: f64, a_j: f64) -> f64 {
    error_term(
        sum_of_weighted_deltas,
        activation_wrt_net(Activation::Sigmoid, a_j),
    )
}

/// `∂E/∂w_jk = δ_k · a_j`.
pub fn weight_gradient(delta_k: f64, a_j: f64) -> f64 {
    delta_k * net_wrt_weight(a_j)
}

/// `∂E/∂b_k = δ_k · 1`.
pub fn bias_gradient(delta_k: f64) -> f64 {
    delta_k * net_wrt_bias()
}

/// `Δw = −η · ∂E/∂w`: a step down the slope, as long as the learning rate says.
pub fn weight_update(learning_rate: f64, gradient: f64) -> f64 {
    -learning_rate * gradient
}

/// `v ← μ·v − η·∂loss/∂w`: with momentum `μ`, each step keeps a share `μ` of the last one and
/// adds the plain step `−η·∂loss/∂w` (then `w ← w + v`). With `μ = 0` it is the plain step.
pub fn velocity_update(momentum: f64, velocity: f64, learning_rate: f64, gradient: f64) -> f64 {
    momentum * velocity + weight_update(learning_rate, gradient)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn squared_error_has_the_half() {
        assert_eq!(squared_error(&[0.5, 1.0], &[1.0, 0.0]), 0.5 * (0.25 + 1.0));
    }

    #[test]
    fn error_wrt_output_is_minus_t_minus_a() {
        assert_eq!(error_wrt_output(0.75, 1.0), -0.25);
        assert_eq!(error_wrt_output(0.75, 0.0), 0.75);
    }

    #[test]
    fn output_delta_multiplies_its_two_factors() {
        // a = 0.75, t = 1: (0.75 − 1) · 0.75 · 0.25 = −0.046875 exactly.
        assert_eq!(output_delta(0.75, 1.0), -0.046875);
    }

    #[test]
    fn cross_entropy_delta_is_its_two_factors_after_they_cancel() {
        for (a, t) in [(0.75, 1.0), (0.2, 0.0), (0.5, 0.3)] {
            let factors = error_wrt_output_cross_entropy(a, t) * a * (1.0 - a);
            assert!((factors - output_delta_cross_entropy(a, t)).abs() < 1e-15);
        }
        // Saturated: the product of the factors is useless, a − t is not.
        assert_eq!(output_delta_cross_entropy(1.0, 0.0), 1.0);
        assert!(cross_entropy_error(&[1.0], &[0.0]).is_finite());
        assert_eq!(cross_entropy_error(&[0.5], &[1.0]), -(0.5f64.ln()));
    }

    #[test]
    fn momentum_keeps_a_share_of_the_last_step() {
        assert_eq!(velocity_update(0.0, 5.0, 0.5, 0.2), -0.1);
        assert_eq!(velocity_update(0.5, -0.2, 0.5, 0.2), -0.2);
    }

    #[test]
    fn hidden_delta_gathers_the_next_layer() {
        let sum = error_wrt_hidden([0.5, -2.0].into_iter(), &[0.1, 0.25]);
        assert_eq!(sum, 0.05 - 0.5);
        assert_eq!(hidden_delta(sum, 0.5), (0.05 - 0.5) * 0.25);
    }

    #[test]
    fn update_goes_against_the_gradient() {
        assert_eq!(weight_update(0.5, 0.2), -0.1);
        assert_eq!(weight_gradient(0.5, 0.25), 0.125);
        assert_eq!(bias_gradient(-0.3), -0.3);
    }
}
