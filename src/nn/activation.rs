//! Activation functions and their derivatives, written in terms of what backprop already has.

use serde::{Deserialize, Serialize};

/// `σ(net) = 1 / (1 + e^(−net))`, the logistic sigmoid.
///
/// For very negative `net`, `e^(−net)` overflows to infinity and `1 / (1 + ∞)` is exactly 0,
/// the right limit, so no branch is needed (branches on the sign mispredict in training).
pub fn sigmoid(net: f64) -> f64 {
    1.0 / (1.0 + (-net).exp())
}

/// `σ'(net) = e^(−net) / (1 + e^(−net))² = σ(net)(1 − σ(net)) = a(1 − a)`.
///
/// Backprop has `a` already from the forward pass, so the derivative costs one multiply.
pub fn sigmoid_derivative_from_a(a: f64) -> f64 {
    a * (1.0 - a)
}

/// Which activation a network uses. Only sigmoid for now; the enum leaves room for more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    #[default]
    Sigmoid,
}

impl Activation {
    /// `a = f(net)`.
    pub fn apply(self, net: f64) -> f64 {
        match self {
            Activation::Sigmoid => sigmoid(net),
        }
    }

    /// `∂a/∂net`, written in terms of `a` (for sigmoid, `a(1 − a)`).
    pub fn derivative_from_a(self, a: f64) -> f64 {
        match self {
            Activation::Sigmoid => sigmoid_derivative_from_a(a),
        }
    }

    /// The name used in the spec and on the page.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sigmoid_of_zero_is_a_half_and_it_is_symmetric() {
        assert_eq!(sigmoid(0.0), 0.5);
        for x in [0.1, 1.0, 3.7, 20.0] {
            assert!((sigmoid(x) + sigmoid(-x) - 1.0).abs() < 1e-15);
        }
    }

    #[test]
    fn sigmoid_does_not_overflow_far_from_zero() {
        assert_eq!(sigmoid(-1000.0), 0.0);
        assert_eq!(sigmoid(1000.0), 1.0);
        assert!(sigmoid(-745.0).is_finite());
    }

    #[test]
    fn derivative_from_a_matches_the_quotient_form() {
        // e^(−x) / (1 + e^(−x))² is the form the chain rule gives before simplifying.
        for x in [-4.0f64, -1.0, 0.0, 0.5, 2.0] {
            let quotient_form = (-x).exp() / (1.0 + (-x).exp()).powi(2);
            assert!((sigmoid_derivative_from_a(sigmoid(x)) - quotient_form).abs() < 1e-15);
        }
    }
}
