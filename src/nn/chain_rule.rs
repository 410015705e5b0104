//! One function per factor of the chain rule, each with its formula.
//!
//! For a weight `w_jk` from neuron `j` to output neuron `k`:
//! `∂E/∂w_jk = ∂E/∂a_k × ∂a_k/∂net_k × ∂net_k/∂w_jk = (a_k − t_k) × a_k(1 − a_k) × a_j`.
//! The first two factors together are the error term `δ_k = ∂E/∂net_k`.

use crate::nn::activation::Activation;

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

/// `∂E/∂a_k = −(t_k − a_k) = a_k − t_k`.
///
/// Only the `k`-th term of the sum `E` contains `a_k`; the power rule on `½(t_k − a_k)²` gives
/// `(t_k − a_k) · (−1)`, and every other term's derivative is 0.
pub fn error_wrt_output(a_k: f64, t_k: f64) -> f64 {
    a_k - t_k
}

/// `∂a/∂net = σ'(net) = a(1 − a)` for the sigmoid (see [`Activation::derivative_from_a`]).
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

/// `δ_k = (a_k − t_k) · a_k(1 − a_k)`: the error term of a sigmoid output neuron.
pub fn output_delta(a_k: f64, t_k: f64) -> f64 {
    error_term(
        error_wrt_output(a_k, t_k),
        activation_wrt_net(Activation::Sigmoid, a_k),
    )
}

/// `∂E/∂a_j = Σ_k w_jk δ_k`: what a hidden neuron's activation does to the error, gathered over
/// every neuron `k` it feeds (the total derivative: `a_j` reaches `E` through each `net_k`).
pub fn error_wrt_hidden(weights_from_j: impl Iterator<Item = f64>, deltas: &[f64]) -> f64 {
    weights_from_j
        .zip(deltas)
        .map(|(w_jk, delta_k)| w_jk * delta_k)
        .sum()
}

/// `δ_j = (Σ_k w_jk δ_k) · a_j(1 − a_j)`: the error term of a sigmoid hidden neuron.
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
