//! Activation functions and their derivatives, written in terms of what backprop already has.
//!
//! Each derivative is written in terms of the activation `a` the forward pass computed, so the
//! backward pass never needs `net` again: `σ' = a(1 − a)`, `tanh' = 1 − a²`, `relu' = 1[a > 0]`,
//! and a linear neuron's slope is 1.

use serde::{Deserialize, Serialize};

/// `σ(net) = 1 / (1 + e^(−net))`, the logistic sigmoid.
///
/// For very negative `net`, `e^(−net)` overflows to infinity and `1 / (1 + ∞)` is exactly 0,
/// the right limit, so no branch is needed (branches on the sign mispredict in training).
/// Computed by [`crate::exp::sigmoid`]: the same bits natively and in the browser, with
/// one division, and inlined, so a loop over a layer's neurons runs several at once.
#[inline(always)]
pub fn sigmoid(net: f64) -> f64 {
    crate::exp::sigmoid(net)
}

/// `σ'(net) = e^(−net) / (1 + e^(−net))² = σ(net)(1 − σ(net)) = a(1 − a)`.
///
/// Backprop has `a` already from the forward pass, so the derivative costs one multiply.
pub fn sigmoid_derivative_from_a(a: f64) -> f64 {
    a * (1.0 - a)
}

/// `tanh(net) = (e^net − e^(−net)) / (e^net + e^(−net)) = 2σ(2·net) − 1`: a sigmoid stretched
/// to the range (−1, 1), centred on 0.
pub fn tanh(net: f64) -> f64 {
    crate::portable::tanh(net)
}

/// `tanh'(net) = 1 − tanh²(net) = 1 − a²`.
///
/// From the quotient rule on `sinh / cosh`: `(cosh² − sinh²) / cosh² = 1 − tanh²`.
pub fn tanh_derivative_from_a(a: f64) -> f64 {
    1.0 - a * a
}

/// `relu(net) = max(0, net)`: the rectified linear unit.
///
/// Written as a comparison rather than `f64::max` so that a NaN `net` stays NaN (and training
/// notices it diverged) instead of becoming 0.
pub fn relu(net: f64) -> f64 {
    if net < 0.0 {
        0.0
    } else {
        net
    }
}

/// `relu'(net) = 1[net > 0]`: 1 where the unit is on, 0 where it is off, read from `a > 0`.
///
/// At `net = 0` exactly the function has a corner and no derivative; we take 0 there (the slope
/// from the left), which is what `a > 0` gives since `a = 0`. A finite-difference check never
/// lands on that corner exactly, and training does not care which of 0 or 1 is taken there.
pub fn relu_derivative_from_a(a: f64) -> f64 {
    if a > 0.0 {
        1.0
    } else {
        0.0
    }
}

/// `linear(net) = net`: no squashing at all (useful for an output that predicts any number).
pub fn linear(net: f64) -> f64 {
    net
}

/// `linear'(net) = 1`.
pub fn linear_derivative_from_a(_a: f64) -> f64 {
    1.0
}

/// Runs `$body` with `$f` bound to the activation's `f(net)` and `$slope` to its slope from
/// `a`, as plain functions: the body is compiled once per activation with both inlined, so a
/// pass's loop over a layer runs the one function with no match per neuron. The passes call
/// this instead of matching on the activation themselves, so this file is the only one in the
/// core that lists them.
macro_rules! with_rule {
    ($activation:expr, |$f:pat_param, $slope:pat_param| $body:expr) => {
        match $activation {
            $crate::activation::Activation::Sigmoid => {
                let ($f, $slope) = (
                    $crate::activation::sigmoid,
                    $crate::activation::sigmoid_derivative_from_a,
                );
                $body
            }
            $crate::activation::Activation::Tanh => {
                let ($f, $slope) = (
                    $crate::activation::tanh,
                    $crate::activation::tanh_derivative_from_a,
                );
                $body
            }
            $crate::activation::Activation::Relu => {
                let ($f, $slope) = (
                    $crate::activation::relu,
                    $crate::activation::relu_derivative_from_a,
                );
                $body
            }
            $crate::activation::Activation::Linear => {
                let ($f, $slope) = (
                    $crate::activation::linear,
                    $crate::activation::linear_derivative_from_a,
                );
                $body
            }
        }
    };
}
pub(crate) use with_rule;

/// Which activation a layer's neurons use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    #[default]
    Sigmoid,
    Tanh,
    Relu,
    Linear,
}

impl Activation {
    /// Every activation, in the order the page lists them.
    pub const ALL: [Activation; 4] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Linear,
    ];

    /// `a = f(net)`.
    ///
    /// A match per call: the forward and backward passes do not call this per neuron, they
    /// match once per layer (`with_rule!`) and run a loop of the one function.
    pub fn apply(self, net: f64) -> f64 {
        match self {
            Activation::Sigmoid => sigmoid(net),
            Activation::Tanh => tanh(net),
            Activation::Relu => relu(net),
            Activation::Linear => linear(net),
        }
    }

    /// `∂a/∂net`, written in terms of `a`: `a(1 − a)`, `1 − a²`, `1[a > 0]` or `1`.
    pub fn derivative_from_a(self, a: f64) -> f64 {
        match self {
            Activation::Sigmoid => sigmoid_derivative_from_a(a),
            Activation::Tanh => tanh_derivative_from_a(a),
            Activation::Relu => relu_derivative_from_a(a),
            Activation::Linear => linear_derivative_from_a(a),
        }
    }

    /// The name used in the spec and on the page.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::Linear => "linear",
        }
    }

    /// The values `a` can take: `(0, 1)` for the sigmoid, `(−1, 1)` for tanh, `[0, ∞)` for relu
    /// and any number for linear (as `(low, high)`, infinite where unbounded).
    pub fn range(self) -> (f64, f64) {
        match self {
            Activation::Sigmoid => (0.0, 1.0),
            Activation::Tanh => (-1.0, 1.0),
            Activation::Relu => (0.0, f64::INFINITY),
            Activation::Linear => (f64::NEG_INFINITY, f64::INFINITY),
        }
    }

    /// Half the width of the uniform range starting weights into a layer of this activation
    /// are drawn from: He `√(6 / n_in)` for relu, Glorot `√(6 / (n_in + n_out))` for the others.
    pub fn init_range(self, n_in: usize, n_out: usize) -> f64 {
        match self {
            Activation::Relu => (6.0 / n_in as f64).sqrt(),
            Activation::Sigmoid | Activation::Tanh | Activation::Linear => {
                (6.0 / (n_in + n_out) as f64).sqrt()
            }
        }
    }

    /// Whether the function flattens out at both ends, so that large `|net|` gives a slope near
    /// 0 (sigmoid and tanh do; relu and linear do not).
    pub fn saturates(self) -> bool {
        matches!(self, Activation::Sigmoid | Activation::Tanh)
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

    #[test]
    fn tanh_is_a_stretched_sigmoid_and_its_slope_is_one_minus_a_squared() {
        for x in [-3.0f64, -0.4, 0.0, 0.7, 2.5] {
            assert!((tanh(x) - (2.0 * sigmoid(2.0 * x) - 1.0)).abs() < 1e-15);
            let sech_squared = 1.0 / x.cosh().powi(2);
            assert!((tanh_derivative_from_a(tanh(x)) - sech_squared).abs() < 1e-15);
        }
        assert_eq!(tanh_derivative_from_a(tanh(0.0)), 1.0);
    }

    #[test]
    fn relu_is_off_below_zero_and_keeps_nan() {
        assert_eq!(relu(-2.0), 0.0);
        assert_eq!(relu(0.0), 0.0);
        assert_eq!(relu(1.5), 1.5);
        assert!(relu(f64::NAN).is_nan());
        assert_eq!(relu_derivative_from_a(relu(-2.0)), 0.0);
        assert_eq!(relu_derivative_from_a(relu(0.0)), 0.0, "0 at the corner");
        assert_eq!(relu_derivative_from_a(relu(1.5)), 1.0);
    }

    #[test]
    fn names_round_trip_through_serde() {
        for activation in Activation::ALL {
            let json = serde_json::to_string(&activation).unwrap();
            assert_eq!(json, format!("\"{}\"", activation.name()));
            assert_eq!(
                serde_json::from_str::<Activation>(&json).unwrap(),
                activation
            );
        }
    }

    #[test]
    fn apply_gives_each_activations_own_value() {
        // By hand: σ(0.3) = 1/(1 + e^(−0.3)), tanh(0.3) = (e^0.6 − 1)/(e^0.6 + 1).
        let expected = [
            (Activation::Sigmoid, 0.3, 0.574_442_516_811_659_3),
            (Activation::Tanh, 0.3, 0.291_312_612_451_590_75),
            (Activation::Relu, 0.3, 0.3),
            (Activation::Relu, -0.3, 0.0),
            (Activation::Linear, -0.3, -0.3),
        ];
        for (activation, net, a) in expected {
            let got = activation.apply(net);
            assert!(
                (got - a).abs() < 1e-15,
                "{activation:?}({net}) = {got}, not {a}"
            );
        }
    }

    #[test]
    fn derivative_from_a_is_the_slope_of_apply() {
        // Central difference of `apply` against the closed form written in terms of a.
        let h = 1e-6;
        for activation in Activation::ALL {
            for net in [-2.3, -0.4, 0.35, 1.7] {
                let slope = (activation.apply(net + h) - activation.apply(net - h)) / (2.0 * h);
                let closed = activation.derivative_from_a(activation.apply(net));
                assert!(
                    (slope - closed).abs() < 1e-8,
                    "{activation:?} at net {net}: finite difference {slope}, a-form {closed}"
                );
            }
        }
    }
}
